import { describe, expect, it } from 'vitest';
import { createExtractiveEngine } from '../../../src/digest/extractive/extractive-engine.js';
import type { Article } from '../../../src/ingest/article.js';

// Invented readouts in the press-office and Indonesian news styles, each with the usual agreement traps.
const engine = createExtractiveEngine({ now: () => new Date('2030-01-01T00:00:00Z') });
const article = (language: 'en' | 'id', text: string): Article => ({
  url: null,
  title: null,
  publisher: null,
  publishedAt: '2027-03-09T10:00:00Z',
  language,
  text,
});

const callReadout = [
  'President Ana Ruiz spoke today with Prime Minister Jonas Berg of Norway to offer condolences for the victims of the ferry accident.',
  'The two leaders reaffirmed their commitment to the 2019 Arctic fisheries agreement and pledged to work together on maritime safety.',
  'They agreed that search-and-rescue cooperation is essential for the region.',
  'The leaders agreed to stay in close contact in the days ahead.',
].join('\n\n');

const meetingReadout = [
  'President Ana Ruiz met with Prime Minister Jonas Berg of Norway in Oslo on Tuesday.',
  'Building on the Arctic Partnership Agreement signed last year, the two leaders signed a memorandum of understanding on offshore wind research.',
  'They also decided to set up a joint task force on ferry safety.',
  'The leaders announced their intention to establish a polar research fund, and tasked their teams to present a plan.',
  'Prime Minister Berg will visit Madrid next month.',
].join('\n\n');

const beritaId = [
  'Menteri Luar Negeri Indonesia dan Menteri Luar Negeri Chile bertemu di Jakarta, Selasa.',
  'Kedua menteri sepakat pentingnya menjaga stabilitas kawasan dan sepakat meningkatkan kerja sama perdagangan.',
  'Kedua negara juga siap menandatangani perjanjian perdagangan bebas dan akan membahas kerja sama perikanan.',
  'Kerja sama itu mengacu pada Perjanjian Kemitraan Ekonomi yang telah ditandatangani pada 2017.',
].join('\n\n');

const datedRecall = [
  'Foreign Minister Lina Sato met Foreign Minister Tomas Vidal of Chile in Santiago on Tuesday.',
  'Building on the trade pact signed on 12 March 2021, the two ministers signed a memorandum on lithium research.',
  'On 4 May 2019, the two countries signed an extradition treaty.',
].join('\n\n');

describe('agreements in the extractive digest', () => {
  it('claims no agreement in a condolence call that only reaffirms, pledges and agrees to stay in contact', async () => {
    const { draft } = await engine.generate({ article: article('en', callReadout), language: 'en' });
    expect(draft.agreements).toEqual([]);
  });

  it('keeps the memorandum signed at the meeting and the joint decision, and files the intention under next steps', async () => {
    const text = meetingReadout;
    const { draft } = await engine.generate({ article: article('en', text), language: 'en' });
    expect(draft.agreements.map((a) => a.evidence)).toEqual([
      'Building on the Arctic Partnership Agreement signed last year, the two leaders signed a memorandum of understanding on offshore wind research.',
      'They also decided to set up a joint task force on ferry safety.',
    ]);
    expect(draft.nextSteps.map((n) => n.evidence)).toEqual([
      'The leaders announced their intention to establish a polar research fund, and tasked their teams to present a plan.',
      'Prime Minister Berg will visit Madrid next month.',
    ]);
    for (const item of [...draft.agreements, ...draft.nextSteps]) expect(text).toContain(item.evidence);
  });

  it('keeps a signing of the day beside a dated treaty it builds on, and files a treaty dated earlier under background', async () => {
    const { draft } = await engine.generate({ article: { ...article('en', datedRecall), publishedAt: '2027-03-10T10:00:00Z' }, language: 'en' });
    expect(draft.agreements.map((a) => a.evidence)).toEqual([
      'Building on the trade pact signed on 12 March 2021, the two ministers signed a memorandum on lithium research.',
    ]);
    expect(draft.background.join(' ')).toMatch(/extradition treaty/u);
  });

  it('lists an instruction that builds on an old treaty as a next step, not as background', async () => {
    const text = [
      'Prime Minister Ana Ruiz met Prime Minister Jonas Berg in Bergen on Friday.',
      'Building on the Fisheries Agreement of 1994, they instructed officials to draft a common quota system.',
    ].join('\n\n');
    const { draft } = await engine.generate({ article: article('en', text), language: 'en' });
    expect(draft.nextSteps.map((n) => n.evidence)).toEqual(['Building on the Fisheries Agreement of 1994, they instructed officials to draft a common quota system.']);
    expect(draft.background).toEqual([]);
  });

  it('claims no agreement in an Indonesian article with only "sepakat pentingnya", readiness and a recalled treaty', async () => {
    const { draft } = await engine.generate({ article: article('id', beritaId), language: 'id' });
    expect(draft.agreements).toEqual([]);
    expect(draft.background.join(' ')).toContain('Perjanjian Kemitraan Ekonomi');
  });
});
