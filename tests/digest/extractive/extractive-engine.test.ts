import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.js';
import { createExtractiveEngine } from '../../../src/digest/extractive/extractive-engine.js';
import { DigestDraftSchema } from '../../../src/digest/schema.js';
import type { Article } from '../../../src/ingest/article.js';

const raw = readFileSync(join(import.meta.dirname, '../../fixtures/antara-putin-pezeshkian-id.txt'), 'utf8');

// What the ingest clean-up does to pasted ANTARA text: drop the site's trailer lines, one paragraph per line.
function withoutTrailers(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(?:Baca juga:|Sumber:|Penerjemah:|Editor:|Copyright)/u.test(line))
    .join('\n\n');
}

const article = (overrides: Partial<Article>): Article => ({
  url: null,
  title: null,
  publisher: null,
  publishedAt: null,
  language: 'id',
  text: '',
  ...overrides,
});

const seed = article({ text: withoutTrailers(raw), publishedAt: '2025-05-06T14:00:00+07:00' });

const englishText = [
  'JAKARTA (Reuters) - Indonesian Foreign Minister Sugiono and Australian Foreign Minister Penny Wong signed a memorandum of understanding on maritime security in Jakarta on Tuesday, the ministry said.',
  '"We agreed to step up joint patrols in the Arafura Sea," Wong told reporters after the meeting.',
  'The two countries signed a defence cooperation agreement in 2024, which took effect earlier this year.',
  'Prime Minister Anthony Albanese welcomed the memorandum as a step toward closer security ties.',
  'The ministers will meet again in Jakarta next month to review progress, officials said.',
  'Both sides hope relations will keep improving.',
].join('\n\n');
const english = article({ language: 'en', text: englishText, publishedAt: '2025-05-07T09:00:00Z', title: 'Indonesia, Australia sign maritime security pact | Reuters' });

const engine = createExtractiveEngine({ now: () => new Date('2030-01-01T00:00:00Z') });

describe('extractive engine on the ANTARA Putin–Pezeshkian call', () => {
  it('names both presidents with their roles in the digest language', async () => {
    const en = await engine.generate({ article: seed, language: 'en' });
    expect(en.draft.who).toEqual([
      { name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' },
      { name: 'Masoud Pezeshkian', role: 'President of Iran', country: 'Iran' },
    ]);
    const id = await engine.generate({ article: seed, language: 'id' });
    expect(id.draft.who.map((p) => p.role)).toEqual(['Presiden Rusia', 'Presiden Iran']);
  });

  it('claims no agreement from a generic "sepakat meningkatkan kerja sama", readiness, condolences or the January treaty', async () => {
    // The fixture README's rule: generic "agreed to increase cooperation" is not an outcome of the call.
    const { draft } = await engine.generate({ article: seed, language: 'id' });
    expect(draft.agreements).toEqual([]);
  });

  it('puts the January treaty in the background and finds no next steps', async () => {
    const { draft } = await engine.generate({ article: seed, language: 'id' });
    expect(draft.background).toHaveLength(1);
    expect(draft.background[0]).toMatch(/^Perjanjian Kemitraan Strategis Komprehensif .*17 Januari/u);
    // The publication date places "17 Januari" in 2025; the year is written in, not an ISO date appended.
    expect(draft.background[0]).toContain('17 Januari 2025');
    expect(draft.nextSteps).toEqual([]);
  });

  it('dates the call to the Tuesday of publication and places it by phone from Moscow', async () => {
    const en = await engine.generate({ article: seed, language: 'en' });
    expect(en.draft.when).toBe('2025-05-06');
    expect(en.draft.where).toBe('By phone (Moscow)');
    const id = await engine.generate({ article: { ...seed, publishedAt: '2025-05-08T08:00:00+07:00' }, language: 'id' });
    expect(id.draft.when).toBe('2025-05-06');
    expect(id.draft.where).toBe('Melalui telepon (Moskow)');
  });

  it('summarises in one to three sentences about both presidents and the strategic partnership', async () => {
    const { draft } = await engine.generate({ article: seed, language: 'id' });
    expect(DigestDraftSchema.parse(draft)).toEqual(draft);
    const sentences = draft.summary.match(/[^.!?]+[.!?]+["”]?/gu) ?? [];
    expect(sentences.length).toBeGreaterThanOrEqual(1);
    expect(sentences.length).toBeLessThanOrEqual(3);
    expect(draft.summary).toContain('Putin');
    expect(draft.summary).toContain('Pezeshkian');
    expect(draft.summary).toContain('Kemitraan Strategis');
    expect(draft.summary).not.toMatch(/Moskow \(ANTARA\)|Baca juga/u);
    expect(draft.summary).not.toContain('sebut Kremlin');
    expect(draft.what).toBe('Percakapan telepon Vladimir Putin dan Masoud Pezeshkian');
    expect(draft.headline.split(/\s+/u).length).toBeLessThanOrEqual(12);
    expect(draft.headline).toMatch(/^Putin dan Pezeshkian/u);
  });

  it('does not invent a date for pasted text without a publication date', async () => {
    // A clock late in 2026: resolving "Selasa" or "17 Januari" against it would make up dates.
    const clocked = createExtractiveEngine({ now: () => new Date('2026-11-25T10:00:00Z') });
    const pasted = { ...seed, text: raw, publishedAt: null };
    const en = await clocked.generate({ article: pasted, language: 'en' });
    expect(en.draft.when).toBe('Tuesday');
    const id = await clocked.generate({ article: pasted, language: 'id' });
    expect(id.draft.when).toBe('Selasa');
    expect(id.draft.background).toHaveLength(1);
    expect(id.draft.background[0]).toMatch(/pada 17 Januari lalu$/u);
    for (const draft of [en.draft, id.draft]) expect(JSON.stringify(draft)).not.toMatch(/20(?:25|26)|\d{4}-\d{2}-\d{2}/u);
  });

  it('lists the projects, the Oman-mediated nuclear talks and the condolences as short key points', async () => {
    for (const language of ['en', 'id'] as const) {
      const { draft } = await engine.generate({ article: seed, language });
      expect(draft.keyPoints.length).toBeGreaterThanOrEqual(3);
      expect(draft.keyPoints.length).toBeLessThanOrEqual(4);
      const [projects, nuclear, ...rest] = draft.keyPoints;
      expect(projects).toMatch(/^Perluasan hubungan dagang dan investasi.*transportasi dan energi\.$/u);
      expect(nuclear).toMatch(/^Kedua pemimpin membahas perkembangan negosiasi .*dimediasi oleh Oman\.$/u);
      expect(rest.at(-1)).toMatch(/^Presiden Putin menyampaikan belasungkawa kepada Pezeshkian .*Pelabuhan Shahid Rajaee di Iran selatan\.$/u);
      for (const point of draft.keyPoints) {
        expect(point.length).toBeLessThanOrEqual(160);
        expect(point).not.toMatch(/^Dalam kesempatan itu|^Selain itu|bunyi pernyataan|sepakat|17 Januari|Baca juga/u);
        // Nothing the summary already says.
        expect(draft.summary).not.toContain(point.slice(0, 40));
      }
      expect(draft.keyPoints.join(' ').length).toBeLessThanOrEqual(450);
    }
  });

  it('keeps the summary to two sentences when key points carry the other facts', async () => {
    const { draft } = await engine.generate({ article: seed, language: 'id' });
    expect(draft.summary).toBe(
      'Presiden Rusia Vladimir Putin dan Presiden Iran Masoud Pezeshkian membahas penguatan kerja sama bilateral berdasarkan ' +
        'Perjanjian Kemitraan Strategis Komprehensif yang telah ditandatangani kedua negara. ' +
        'Sebelumnya pada hari yang sama, kedua pemimpin melakukan pembicaraan melalui sambungan telepon.',
    );
  });

  it('notes in English that Indonesian content stays untranslated', async () => {
    const en = await engine.generate({ article: seed, language: 'en' });
    expect(en.notes).toEqual(['The built-in summarizer cannot translate: quoted content stays in Indonesian.']);
    expect(en.draft.summary).toMatch(/^Presiden Rusia Vladimir Putin/u);
    const id = await engine.generate({ article: seed, language: 'id' });
    expect(id.notes).toEqual([]);
  });

  it('ignores "Baca juga" and credit lines left in pasted text', async () => {
    const { draft } = await engine.generate({ article: { ...seed, text: raw }, language: 'id' });
    const everything = JSON.stringify(draft);
    expect(everything).not.toMatch(/Baca juga|Penerjemah|Copyright|Lavrov/u);
    expect(draft.agreements).toEqual([]);
  });
});

describe('extractive engine on an English article', () => {
  it('finds the signed MoU and the quoted agreement, both with verbatim evidence', async () => {
    const { draft } = await engine.generate({ article: english, language: 'en' });
    expect(draft.agreements.map((a) => a.evidence)).toEqual([
      'Indonesian Foreign Minister Sugiono and Australian Foreign Minister Penny Wong signed a memorandum of understanding on maritime security in Jakarta on Tuesday, the ministry said.',
      'We agreed to step up joint patrols in the Arafura Sea',
    ]);
    for (const item of [...draft.agreements, ...draft.nextSteps]) expect(englishText).toContain(item.evidence);
    expect(draft.agreements[1]!.text).toBe('We agreed to step up joint patrols in the Arafura Sea.');
  });

  it('names the signing in its own words and keeps three summary sentences when there are no key points', async () => {
    const en = await engine.generate({ article: english, language: 'en' });
    expect(en.draft.what).toBe('Agreement signed by Sugiono and Penny Wong');
    expect(en.draft.keyPoints).toEqual([]);
    expect(en.draft.summary.match(/[.!?](?=\s|$)/gu)).toHaveLength(3);
    expect(en.draft.summary).not.toContain('the ministry said');
    const id = await engine.generate({ article: english, language: 'id' });
    expect(id.draft.what).toBe('Penandatanganan kesepakatan oleh Sugiono dan Penny Wong');
  });

  it('lists the planned meeting as the next step and the 2024 agreement as background', async () => {
    const { draft } = await engine.generate({ article: english, language: 'en' });
    expect(draft.nextSteps).toEqual([
      {
        text: 'The ministers will meet again in Jakarta next month to review progress, officials said.',
        evidence: 'The ministers will meet again in Jakarta next month to review progress, officials said.',
      },
    ]);
    expect(draft.background).toHaveLength(1);
    expect(draft.background[0]).toContain('2024');
  });

  it('fills who, when, where and a headline without the site name', async () => {
    const { draft } = await engine.generate({ article: english, language: 'en' });
    expect(draft.who).toEqual([
      { name: 'Sugiono', role: 'Foreign Minister of Indonesia', country: 'Indonesia' },
      { name: 'Penny Wong', role: 'Foreign Minister of Australia', country: 'Australia' },
      { name: 'Anthony Albanese', role: 'Prime Minister', country: null },
    ]);
    expect(draft.when).toBe('2025-05-06');
    expect(draft.where).toBe('Jakarta');
    expect(draft.headline).toBe('Indonesia, Australia sign maritime security pact');
  });

  it('writes its own words in Indonesian for an Indonesian digest and notes that quotes stay English', async () => {
    const { draft, notes } = await engine.generate({ article: english, language: 'id' });
    expect(draft.who[1]).toEqual({ name: 'Penny Wong', role: 'Menteri Luar Negeri Australia', country: 'Australia' });
    expect(draft.nextSteps[0]!.text).toContain('will meet again');
    expect(notes).toEqual(['Peringkas bawaan tidak bisa menerjemahkan: kutipan tetap dalam bahasa Inggris.']);
  });
});

describe('extractive engine on an English press-office readout', () => {
  const readout = [
    'Rina Wulandari had a telephone conversation with President of Uzbekistan Bakhtiyor Karimov this afternoon.',
    'Mr Karimov thanked Ms Wulandari for the invitation to the regional forum.',
    'Following Indonesian-Uzbek consultations last month, the two leaders discussed trade and education.',
  ].join('\n\n');
  const meeting = [
    'Following Indonesian-Malaysian talks, the two leaders made statements for the press.',
    'Rina Wulandari met with Prime Minister of Malaysia Karim Aziz in Kuala Lumpur on Friday.',
    'The signing was witnessed by Indonesian Foreign Minister Budi Hartono and Malaysian Minister of Foreign Affairs Hakim Zulkifli.',
  ].join('\n\n');

  it('names the leaders of a readout without titles, joins Mr/Ms mentions and dates "this afternoon"', async () => {
    const { draft } = await engine.generate({ article: article({ language: 'en', text: readout, publishedAt: '2025-03-12T10:00:00Z' }), language: 'en' });
    expect(draft.who.map((p) => p.name)).toEqual(['Rina Wulandari', 'Bakhtiyor Karimov']);
    expect(draft.who[1]).toEqual({ name: 'Bakhtiyor Karimov', role: 'President of Uzbekistan', country: 'Uzbekistan' });
    expect(draft.when).toBe('2025-03-12');
    expect(draft.where).toBe('By phone');
  });

  it('keeps a sentence that opens with a compound adjective whole and takes the city after "in" as the venue', async () => {
    const { draft } = await engine.generate({ article: article({ language: 'en', text: meeting, publishedAt: '2025-03-16T10:00:00Z' }), language: 'en' });
    expect(draft.summary.startsWith('Following Indonesian-Malaysian talks, the two leaders')).toBe(true);
    expect(draft.where).toBe('Kuala Lumpur');
    expect(draft.when).toBe('2025-03-14');
    expect(draft.who.map((p) => p.name)).toContain('Karim Aziz');
  });

  it('lists the states as the actors of a joint statement that names no person', async () => {
    const text = [
      'The governments of Norway and the Republic of Korea released the following joint statement on offshore wind.',
      'Both sides will open a working group on port infrastructure next year.',
    ].join('\n\n');
    const { draft } = await engine.generate({ article: article({ language: 'en', text, publishedAt: '2025-03-12T10:00:00Z' }), language: 'en' });
    expect(draft.who).toEqual([
      { name: 'Norway', role: null, country: 'Norway' },
      { name: 'South Korea', role: null, country: 'South Korea' },
    ]);
  });

  it('takes the venue from the headline when neither the text nor a dateline names one', async () => {
    const text = 'The delegations of Norway and Chile concluded two days of consultations on fisheries.\n\nThey will meet again in spring.';
    const { draft } = await engine.generate({
      article: article({ language: 'en', text, title: 'Norway–Chile fisheries talks held in Oslo', publishedAt: '2025-03-12T10:00:00Z' }),
      language: 'en',
    });
    expect(draft.where).toBe('Oslo');
  });

  it('takes the place of an English dateline when the lead names no venue', async () => {
    const text = `OTTAWA — ${readout.replace('this afternoon', 'on Monday')}`;
    const { draft } = await engine.generate({ article: article({ language: 'en', text, publishedAt: '2025-03-12T10:00:00Z' }), language: 'en' });
    expect(draft.where).toBe('By phone (Ottawa)');
    expect(draft.when).toBe('2025-03-10');
  });
});

describe('extractive engine basics', () => {
  it('refuses languages other than English and Indonesian', async () => {
    const call = engine.generate({ article: article({ language: 'fr', text: 'Le président a parlé.' }), language: 'en' });
    await expect(call).rejects.toBeInstanceOf(AppError);
    await expect(call).rejects.toMatchObject({ code: 'UNSUPPORTED_LANGUAGE' });
  });

  it('resolves a day name against the publication date, never against the clock', async () => {
    const clocked = createExtractiveEngine({ now: () => new Date('2025-05-07T12:00:00Z') });
    const text = 'Presiden Prabowo Subianto menerima Perdana Menteri Anthony Albanese di Jakarta, Senin.\n\nKeduanya membahas perdagangan.';
    const undated = await clocked.generate({ article: article({ text }), language: 'id' });
    expect(undated.draft.when).toBe('Senin');
    const undatedEn = await clocked.generate({ article: article({ text }), language: 'en' });
    expect(undatedEn.draft.when).toBe('Monday');
    const dated = await clocked.generate({ article: article({ text, publishedAt: '2025-04-30T00:00:00Z' }), language: 'id' });
    expect(dated.draft.when).toBe('2025-04-28');
    const noDate = await clocked.generate({ article: article({ text: 'Presiden menerima tamu.\n\nKeduanya membahas perdagangan.' }), language: 'id' });
    expect(noDate.draft.when).toBeNull();
  });

  it('dates the event by a weekday and date further down when the opening gives none, not by the publication day', async () => {
    const text = [
      'Pemerintah Indonesia dan Vietnam sepakat memperluas kerja sama perikanan.',
      'Kerja sama itu mencakup patroli bersama dan pertukaran data kapal.',
      'Kedua negara juga membahas pelatihan bagi nelayan.',
      'Nota kesepahaman ditandatangani kedua menteri di Hanoi, Rabu (14/5/25).',
    ].join('\n\n');
    const { draft } = await engine.generate({ article: article({ text, publishedAt: '2025-05-16T08:00:00+07:00' }), language: 'id' });
    expect(draft.when).toBe('2025-05-14');
  });

  it('is deterministic and names itself', async () => {
    const a = await engine.generate({ article: english, language: 'en' });
    const b = await engine.generate({ article: english, language: 'en' });
    expect(a).toEqual(b);
    expect(engine.name).toBe('extractive');
    expect(engine.model).toBe('extractive-v2');
  });
});

describe('a very long article', () => {
  const engine = createExtractiveEngine({ now: () => new Date('2025-05-07T12:00:00Z') });
  // A lead, then filler paragraphs far past any news article, then a sentence only the tail holds.
  const filler = 'The delegation toured the harbour and the old town before the evening reception. '.repeat(6);
  const tail = 'The two ministers signed a memorandum of understanding on fisheries in the final hour.';
  const longText = [englishText, ...Array.from({ length: 200 }, () => filler), tail].join('\n\n');

  it('reads only the first part of a very long article, says so, and quotes nothing from the unread tail', async () => {
    const { draft, notes } = await engine.generate({ article: { ...english, text: longText }, language: 'en' });
    expect(longText.length).toBeGreaterThan(80_000);
    expect(notes).toContain('The article is very long; only its first part was read.');
    const quoted = [...draft.agreements, ...draft.nextSteps].map((item) => item.evidence);
    expect(quoted.length).toBeGreaterThan(0);
    for (const evidence of quoted) expect(longText.slice(0, 60_000)).toContain(evidence);
    expect(quoted.join(' ')).not.toContain('fisheries');
  });

  it('reads a normal-length article whole, without a note', async () => {
    const { notes } = await engine.generate({ article: english, language: 'en' });
    expect(notes).toEqual([]);
  });
});
