import { describe, expect, it } from 'vitest';
import type { Digest } from '../../src/digest/schema.js';
import { diffStory, isSamePerson, normalizeQuote } from '../../src/subscriptions/story-diff.js';
import { sampleDigest } from '../support/sample-digest.js';

const digest = (fields: Partial<Digest> & { sourceLanguage?: string }): Digest => {
  const { sourceLanguage = 'en', ...rest } = fields;
  return { ...sampleDigest, source: { ...sampleDigest.source, language: sourceLanguage }, ...rest };
};

const putin = { name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' };
const pezeshkian = { name: 'Masoud Pezeshkian', role: 'President of Iran', country: 'Iran' };
const lavrov = { name: 'Sergei Lavrov', role: 'Foreign Minister of Russia', country: 'Russia' };

const energy = { text: 'Russia and Iran agreed to expand energy cooperation.', evidence: 'The two presidents agreed to expand cooperation in the energy sector.' };
const visit = { text: 'Pezeshkian will visit Moscow.', evidence: 'Pezeshkian accepted an invitation to visit Moscow next month.' };
const gas = { text: 'The two sides signed a gas supply deal.', evidence: '"We have signed a gas supply agreement," Lavrov told reporters.' };

const firstReport = digest({ who: [putin, pezeshkian], countries: ['Russia', 'Iran'], agreements: [energy], nextSteps: [visit] });

describe('diffStory', () => {
  it('shows only the new agreement and person of a follow-up', () => {
    const followUp = digest({ who: [putin, lavrov], countries: ['Russia', 'Iran'], agreements: [energy, gas], nextSteps: [visit] });
    expect(diffStory(followUp, [firstReport])).toEqual({ agreements: [gas], nextSteps: [], people: [lavrov], countries: [], isRepeat: false });
  });

  it('calls an item that adds nothing a repeat', () => {
    const rewrite = digest({ headline: 'Putin and Pezeshkian talk energy', who: [pezeshkian, putin], countries: ['Iran', 'Russia'], agreements: [energy] });
    expect(diffStory(rewrite, [firstReport])).toEqual({ agreements: [], nextSteps: [], people: [], countries: [], isRepeat: true });
  });

  it('is never a repeat of nothing: a first digest is all new', () => {
    const diff = diffStory(firstReport, []);
    expect(diff.isRepeat).toBe(false);
    expect(diff.agreements).toEqual([energy]);
    expect(diff.people).toHaveLength(2);
  });

  it('knows a quote under another quote style, case, punctuation or spacing', () => {
    const restyled = { text: 'Different wording of the item.', evidence: "“We have  signed a GAS supply agreement” - Lavrov told reporters" };
    const earlier = digest({ agreements: [gas] });
    expect(diffStory(digest({ agreements: [restyled] }), [earlier]).agreements).toEqual([]);
  });

  it('knows a shorter cut of an earlier quote and a near-equal rewording', () => {
    const cut = { text: 'Energy cooperation.', evidence: 'agreed to expand cooperation in the energy sector' };
    const reworded = { text: 'Energy cooperation.', evidence: 'The two presidents have agreed to expand cooperation in the energy sector.' };
    const diff = diffStory(digest({ agreements: [cut, reworded] }), [firstReport]);
    expect(diff.agreements).toEqual([]);
  });

  it('shows a quote that only shares some words with an earlier one', () => {
    const other = { text: 'Nuclear cooperation.', evidence: 'The two presidents agreed to expand cooperation in the nuclear sector and on grain.' };
    const longer = { text: 'More.', evidence: 'The two presidents agreed to expand cooperation in the energy sector and to open a new consulate in Kazan.' };
    expect(diffStory(digest({ agreements: [other, longer] }), [firstReport]).agreements).toEqual([other, longer]);
  });

  it('counts a planned step reported with the same words as known', () => {
    const signed = { text: 'Pezeshkian will travel to Moscow.', evidence: visit.evidence };
    expect(diffStory(digest({ agreements: [signed] }), [firstReport]).agreements).toEqual([]);
  });

  it('knows a person named by surname only, and a new person by name', () => {
    const surname = digest({ who: [{ name: 'Putin', role: null, country: null }, { name: 'Dr. Pezeshkian', role: null, country: null }] });
    expect(diffStory(surname, [firstReport]).people).toEqual([]);
    const newcomer = { name: 'Abbas Araghchi', role: 'Foreign Minister', country: 'Iran' };
    expect(diffStory(digest({ who: [putin, newcomer] }), [firstReport]).people).toEqual([newcomer]);
  });

  it('shows a new country once, under the name the current digest uses', () => {
    const diff = diffStory(digest({ countries: ['Russia', 'Turkey', 'Türkiye'] }), [firstReport]);
    expect(diff.countries).toEqual(['Turkey']);
  });

  it('compares entities across languages but not quotes across article languages', () => {
    // The Indonesian wire of the same story, digested in English: people and countries meet across the
    // language line, quotes cannot; the items' English texts decide instead.
    const antara = digest({
      sourceLanguage: 'id',
      who: [{ name: 'Putin', role: 'Presiden Rusia', country: 'Rusia' }],
      countries: ['Rusia', 'Iran'],
      agreements: [
        { text: energy.text, evidence: 'Kedua presiden sepakat memperluas kerja sama di sektor energi.' },
        { text: 'Both sides agreed to build a railway.', evidence: 'Kedua pihak sepakat membangun jalur kereta api.' },
      ],
    });
    const diff = diffStory(antara, [firstReport]);
    expect(diff.people).toEqual([]);
    expect(diff.countries).toEqual([]);
    expect(diff.agreements.map((a) => a.text)).toEqual(['Both sides agreed to build a railway.']);
  });

  it('compares quotes with an earlier digest of the same article language even in another digest language', () => {
    const inIndonesian = digest({ language: 'id', agreements: [{ text: 'Rusia dan Iran sepakat memperluas kerja sama energi.', evidence: energy.evidence }] });
    expect(diffStory(inIndonesian, [firstReport]).agreements).toEqual([]);
  });
});

describe('normalizeQuote and isSamePerson', () => {
  it('folds case, accents, quote styles and punctuation', () => {
    expect(normalizeQuote('  “Türkiye’s   role,” he said… ')).toBe(normalizeQuote("\"turkiye's role\" HE said"));
  });

  it('matches names by surname, by a leading family name and by initial', () => {
    expect(isSamePerson('Xi', 'Xi Jinping')).toBe(true);
    expect(isSamePerson('Prabowo', 'Prabowo Subianto')).toBe(true);
    expect(isSamePerson('Joe Biden', 'Joseph R. Biden')).toBe(true);
    expect(isSamePerson('President Putin', 'Vladimir Putin')).toBe(true);
    expect(isSamePerson('Hunter Biden', 'Joe Biden')).toBe(false);
    expect(isSamePerson('Sergei Lavrov', 'Vladimir Putin')).toBe(false);
  });
});
