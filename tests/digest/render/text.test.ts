import { describe, expect, it } from 'vitest';
import { renderDigestJson, renderDigestText } from '../../../src/digest/render/text.js';
import { type Digest, DigestSchema } from '../../../src/digest/schema.js';

function digest(overrides: Partial<Digest> = {}): Digest {
  return {
    headline: 'Putin dan Pezeshkian bahas penguatan kerja sama',
    summary: 'Presiden Rusia dan Presiden Iran membahas penguatan kerja sama bilateral melalui telepon.',
    who: [
      { name: 'Vladimir Putin', role: 'Presiden Rusia', country: 'Rusia' },
      { name: 'Masoud Pezeshkian', role: 'Presiden Iran', country: 'Iran' },
    ],
    countries: [],
    what: 'Percakapan telepon kedua presiden.',
    when: '2025-05-06',
    where: 'Melalui telepon',
    agreements: [{ text: 'Meningkatkan kerja sama & koordinasi.', evidence: `Para presiden sepakat ${'untuk meningkatkan kerja sama '.repeat(10)}` }],
    nextSteps: [],
    keyPoints: ['Pembahasan negosiasi nuklir Iran–AS yang dimediasi Oman.'],
    background: ['Perjanjian Kemitraan Strategis Komprehensif ditandatangani pada 17 Januari.'],
    language: 'id',
    engine: 'extractive',
    model: 'extractive-1',
    source: {
      url: 'https://www.antaranews.com/berita/1?a=1&b=2',
      title: null,
      publisher: 'ANTARA',
      publishedAt: '2025-05-06',
      language: 'id',
    },
    notes: [],
    ...overrides,
  };
}

describe('renderDigestText', () => {
  it('prints the same structure as plain text with Indonesian labels and the full URL in the credit line', () => {
    const text = renderDigestText(digest());
    expect(text).toContain('Siapa: Vladimir Putin (Presiden Rusia); Masoud Pezeshkian (Presiden Iran)\n');
    expect(text).toContain('Kapan: 6 Mei 2025 · Di mana: Melalui telepon\n\nPoin penting\n• Pembahasan negosiasi nuklir Iran–AS yang dimediasi Oman.\n\nKesepakatan');
    expect(text).toContain('\n\nKesepakatan\n• Meningkatkan kerja sama & koordinasi.\n  “Para presiden sepakat');
    expect(text).toContain('\n\nLatar belakang\n• Perjanjian');
    expect(text).not.toMatch(/Langkah selanjutnya|Catatan|<\/?[a-z]+>|&amp;/);
    expect(text.split('\n').at(-1)).toBe(
      'Sumber: ANTARA <https://www.antaranews.com/berita/1?a=1&b=2> · 6 Mei 2025 · Diringkas oleh mesin bawaan',
    );
  });

  it('passes a weekday or a day and month without a year through as when', () => {
    expect(renderDigestText(digest({ when: 'Selasa' }))).toContain('Kapan: Selasa · Di mana');
    expect(renderDigestText(digest({ when: '17 Januari' }))).toContain('Kapan: 17 Januari · Di mana');
  });

  it('labels key points in English and shows a verbatim agreement once', () => {
    const text = renderDigestText(
      digest({ language: 'en', keyPoints: ['Oman-mediated US–Iran nuclear talks.'], agreements: [{ text: 'We agreed to step up patrols.', evidence: 'We agreed to step up patrols' }] }),
    );
    expect(text).toContain('\n\nKey points\n• Oman-mediated US–Iran nuclear talks.\n\nAgreements\n• “We agreed to step up patrols”\n\n');
  });

  it('shortens long quotes for display', () => {
    const quote = /“([^”]*)”/.exec(renderDigestText(digest()))?.[1] ?? '';
    expect(quote.length).toBeLessThanOrEqual(200);
    expect(quote.endsWith('…')).toBe(true);
  });

  it('strips terminal escape sequences from article content', () => {
    const text = renderDigestText(digest({ headline: 'Judul \u001b]0;pwned\u0007 \u001b[2J', notes: ['Catatan \u009b31m'] }));
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('\n\nCatatan\n- Catatan 31m\n\n');
  });
});

describe('renderDigestJson', () => {
  it('prints the validated digest as pretty JSON that keeps full quotes', () => {
    const input = digest();
    const json = renderDigestJson(input);
    expect(json).toContain('\n  "headline": ');
    expect(DigestSchema.parse(JSON.parse(json))).toEqual(input);
  });

  it('refuses a digest that does not match the schema', () => {
    const broken = { ...digest(), language: 'fr' } as unknown as Digest;
    expect(() => renderDigestJson(broken)).toThrow(expect.objectContaining({ name: 'AppError', code: 'INTERNAL' }));
  });

  it('prints the countries line with its Indonesian and English labels, skipping one that repeats Who', () => {
    const coalition = { who: [{ name: 'Salim Haddad', role: 'Menteri Pertahanan', country: null }], countries: ['Mesir', 'Yordania', 'Oman'] };
    expect(renderDigestText(digest(coalition))).toContain('Siapa: Salim Haddad (Menteri Pertahanan)\nNegara: Mesir, Yordania, Oman\nApa:');
    expect(renderDigestText(digest({ ...coalition, language: 'en', countries: ['Egypt', 'Jordan', 'Oman'] }))).toContain(
      '\nCountries: Egypt, Jordan, Oman\nWhat:',
    );
    expect(renderDigestText(digest({ countries: ['Rusia', 'Iran'] }))).not.toContain('Negara:');
    expect(JSON.parse(renderDigestJson(digest({ countries: ['Rusia', 'Iran'] }))).countries).toEqual(['Rusia', 'Iran']);
  });
});
