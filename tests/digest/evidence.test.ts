import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkEvidence, MAX_EVIDENCE_CHARS, normalizeForEvidence } from '../../src/digest/evidence.js';
import type { DigestDraft, EvidencedItem } from '../../src/digest/schema.js';
import { HOSTILE_INPUTS } from '../fixtures/hostile/generate.js';

const ARTICLE = readFileSync(new URL('../fixtures/antara-putin-pezeshkian-id.txt', import.meta.url), 'utf8');

function draftWith(agreements: EvidencedItem[], nextSteps: EvidencedItem[] = []): DigestDraft {
  return {
    headline: 'Putin and Pezeshkian discuss cooperation',
    summary: 'The presidents of Russia and Iran discussed bilateral cooperation by phone.',
    who: [],
    countries: [],
    what: 'A phone call',
    when: null,
    where: null,
    agreements,
    nextSteps,
    keyPoints: [],
    background: [],
  };
}

const agreed = (evidence: string): EvidencedItem => ({ text: 'Strengthen cooperation', evidence });

describe('normalizeForEvidence', () => {
  it('folds typographic quotes, dashes, ellipsis, whitespace and case', () => {
    expect(normalizeForEvidence('  “Rusia—Iran”\n\t‘sepakat’ …  OK ')).toBe('"rusia-iran" \'sepakat\' ... ok');
  });

  it('folds compatibility forms such as full-width letters and non-breaking spaces', () => {
    expect(normalizeForEvidence('ＡＢＣ\u00A0def')).toBe('abc def');
  });
});

describe('checkEvidence', () => {
  it('keeps an agreement whose evidence is copied from the article', () => {
    const quote = 'Para presiden sepakat untuk meningkatkan kerja sama dalam rangka memperkuat hubungan praktis Rusia-Iran';
    const result = checkEvidence(draftWith([agreed(quote)]), ARTICLE);
    expect(result.draft.agreements).toEqual([agreed(quote)]);
    expect(result.dropped).toEqual({ agreements: 0, nextSteps: 0 });
  });

  it('drops an agreement whose evidence is not in the article', () => {
    const invented = agreed('Kedua negara sepakat membangun reaktor nuklir baru di Bushehr');
    const real = agreed('Para presiden sepakat untuk meningkatkan kerja sama');
    const result = checkEvidence(draftWith([invented, real]), ARTICLE);
    expect(result.draft.agreements).toEqual([real]);
    expect(result.dropped).toEqual({ agreements: 1, nextSteps: 0 });
  });

  it('drops a next step whose evidence is a translation rather than a quote', () => {
    const translated = { text: 'Expand trade', evidence: 'Special attention was paid to expanding mutually beneficial trade' };
    const result = checkEvidence(draftWith([], [translated]), ARTICLE);
    expect(result.draft.nextSteps).toEqual([]);
    expect(result.dropped).toEqual({ agreements: 0, nextSteps: 1 });
  });

  it('keeps evidence with curly quotes, a different dash and line breaks where the article has straight quotes and spaces', () => {
    const quote = '“Para presiden  sepakat untuk\nmeningkatkan kerja sama dalam rangka memperkuat hubungan praktis Rusia–Iran secara menyeluruh';
    const result = checkEvidence(draftWith([agreed(quote)]), ARTICLE);
    expect(result.draft.agreements).toHaveLength(1);
  });

  it('keeps evidence whose case and surrounding punctuation differ from the article', () => {
    const quote = '"PARA PRESIDEN SEPAKAT untuk meningkatkan kerja sama,"';
    expect(checkEvidence(draftWith([agreed(quote)]), ARTICLE).draft.agreements).toHaveLength(1);
  });

  it('keeps elided evidence whose fragments appear in the article in order', () => {
    const quote = 'Para presiden sepakat untuk meningkatkan kerja sama … mempererat koordinasi di bidang kebijakan luar negeri';
    expect(checkEvidence(draftWith([agreed(quote)]), ARTICLE).draft.agreements).toHaveLength(1);
  });

  it('drops elided evidence whose fragments appear out of order', () => {
    const quote = 'mempererat koordinasi di bidang kebijakan luar negeri ... Para presiden sepakat untuk meningkatkan kerja sama';
    const result = checkEvidence(draftWith([agreed(quote)]), ARTICLE);
    expect(result.draft.agreements).toEqual([]);
    expect(result.dropped.agreements).toBe(1);
  });

  it('drops evidence that is too short to prove anything', () => {
    const result = checkEvidence(draftWith([agreed('sepakat'), agreed('  “Rusia”  ')], [{ text: 'x', evidence: '' }]), ARTICLE);
    expect(result.draft.agreements).toEqual([]);
    expect(result.draft.nextSteps).toEqual([]);
    expect(result.dropped).toEqual({ agreements: 2, nextSteps: 1 });
  });

  it('drops elided evidence padded with a fragment too small to check', () => {
    const quote = 'Para presiden sepakat untuk meningkatkan kerja sama ... di';
    expect(checkEvidence(draftWith([agreed(quote)]), ARTICLE).draft.agreements).toEqual([]);
  });

  it('leaves the rest of the draft untouched', () => {
    const draft = draftWith([agreed('nothing like this is in the article at all')]);
    const { draft: checked } = checkEvidence(draft, ARTICLE);
    expect({ ...checked, agreements: draft.agreements }).toEqual(draft);
  });

  it('keeps a 100 KB agreement sentence as a quote trimmed to its first MAX_EVIDENCE_CHARS characters', () => {
    const article = HOSTILE_INPUTS.find((input) => input.name === 'agreement-sentence-100k')!.build();
    const sentence = article.split('\n\n').find((paragraph) => paragraph.length > 50_000)!;
    const result = checkEvidence(draftWith([agreed(sentence)]), article);
    expect(result.dropped.agreements).toBe(0);
    const kept = result.draft.agreements[0]!.evidence;
    expect(kept.length).toBeLessThanOrEqual(MAX_EVIDENCE_CHARS);
    expect(kept.endsWith('…')).toBe(true);
    expect(sentence.startsWith(kept.slice(0, -1))).toBe(true);
  });

  it('drops a long quote whose invented tail lies beyond the length it is trimmed to', () => {
    const article = `${'The envoys agreed to extend the ceasefire for another month, and '.repeat(12)}more.`;
    const quote = `${'The envoys agreed to extend the ceasefire for another month, and '.repeat(12)}to withdraw all troops.`;
    expect(quote.length).toBeGreaterThan(MAX_EVIDENCE_CHARS);
    const result = checkEvidence(draftWith([agreed(quote)]), article);
    expect(result.draft.agreements).toEqual([]);
  });

  it('trims quote marks, dashes and spaces from both ends of a quote however long the run', () => {
    const run = ' -'.repeat(20_000);
    const quote = `"${run} Para presiden sepakat untuk meningkatkan kerja sama${run} "`;
    const result = checkEvidence(draftWith([agreed(quote)]), ARTICLE);
    expect(result.dropped.agreements).toBe(0);
  });
});
