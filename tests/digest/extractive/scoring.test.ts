import { describe, expect, it } from 'vitest';
import { chooseSummarySentences, scoreSentences, tokenize } from '../../../src/digest/extractive/scoring.js';

const article = [
  'Jakarta (ANTARA) - Indonesia dan Jepang menandatangani perjanjian kerja sama energi bersih senilai 2 miliar dolar di Tokyo, Senin.',
  '"Ini hari bersejarah," kata dia.',
  'Perjanjian kerja sama energi itu mencakup pembangunan pembangkit listrik tenaga surya dan angin di Indonesia.',
  'Kerja sama energi bersih Indonesia dan Jepang akan dimulai tahun depan dengan proyek percontohan di Jawa.',
  'Cuaca Tokyo cerah.',
  'Seorang warga menonton pertandingan sepak bola di stadion pada malam harinya.',
];

describe('chooseSummarySentences', () => {
  it('returns one to three sentences in article order with the dateline removed', () => {
    const choice = chooseSummarySentences(article);
    expect(choice.indices.length).toBeGreaterThanOrEqual(1);
    expect(choice.indices.length).toBeLessThanOrEqual(3);
    expect([...choice.indices].sort((a, b) => a - b)).toEqual(choice.indices);
    expect(choice.indices[0]).toBe(0);
    expect(choice.sentences[0]).toMatch(/^Indonesia dan Jepang menandatangani/u);
  });

  it('skips a lead quote and an off-topic sentence in favour of central ones', () => {
    const choice = chooseSummarySentences(article);
    expect(choice.indices).not.toContain(1);
    expect(choice.indices).not.toContain(5);
  });

  it('respects maxSentences', () => {
    expect(chooseSummarySentences(article, { maxSentences: 1 }).indices).toEqual([0]);
  });

  it('raises sentences that share words with the title', () => {
    const plain = scoreSentences(article);
    const titled = scoreSentences(article, { title: 'Proyek percontohan energi bersih di Jawa dimulai tahun depan' });
    expect(titled[3]! - plain[3]!).toBeGreaterThan(titled[4]! - plain[4]!);
  });

  it('handles an empty article', () => {
    expect(chooseSummarySentences([])).toEqual({ indices: [], sentences: [] });
  });
});

describe('tokenize', () => {
  it('lower-cases and drops punctuation', () => {
    expect(tokenize('Rusia-Iran "sepakat", kata   Putin.')).toEqual(['rusia-iran', 'sepakat', 'kata', 'putin']);
  });
});
