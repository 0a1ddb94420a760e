import { describe, expect, it } from 'vitest';
import { chooseKeyPoints, keyPointText, keyPointWeight } from '../../../src/digest/extractive/key-points.js';

const sentences = [
  'Presiden Rusia dan Presiden Iran membahas kerja sama bilateral, sebut Kremlin, Selasa.',
  '"Perhatian khusus diberikan pada perluasan hubungan dagang dan investasi yang saling menguntungkan, termasuk melalui proyek-proyek energi," bunyi pernyataan Kremlin.',
  'Kedua pemimpin juga membahas negosiasi nuklir yang dimediasi oleh Oman.',
  'Dalam kesempatan itu, Putin menegaskan kesiapan Rusia untuk mendorong dialog.',
  'Selain itu, Presiden Putin juga menyampaikan belasungkawa mendalam atas ledakan yang terjadi pada 26 April di Pelabuhan Shahid Rajaee.',
  'Presiden Iran pun menyampaikan terima kasih kepada Rusia.',
  'Cuaca di Moskow cerah.',
];

describe('keyPointText', () => {
  it('drops the quote marks, the attribution and the discussion frame', () => {
    expect(keyPointText(sentences[1]!)).toBe(
      'Perluasan hubungan dagang dan investasi, termasuk melalui proyek-proyek energi.',
    );
  });

  it('drops connective openers and courtesy padding', () => {
    expect(keyPointText(sentences[3]!)).toBe('Putin menegaskan kesiapan Rusia untuk mendorong dialog.');
    expect(keyPointText(sentences[4]!)).toBe(
      'Presiden Putin menyampaikan belasungkawa atas ledakan pada 26 April di Pelabuhan Shahid Rajaee.',
    );
    expect(keyPointText('In addition, Putin also offered his deepest condolences over the blast that took place in Bandar Abbas.')).toBe(
      'Putin offered his condolences over the blast in Bandar Abbas.',
    );
  });

  it('cuts a long sentence at a word, never in the middle of one', () => {
    const text = keyPointText(`Kedua pemimpin membahas ${'kerja sama ekonomi '.repeat(20)}akhir.`, 80);
    expect(text.length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/(?:kerja|sama|ekonomi)…$/u);
  });
});

describe('keyPointWeight', () => {
  it('ranks discussions, projects and condolences above positions, and those above courtesy', () => {
    expect(keyPointWeight(sentences[2]!)).toBeGreaterThan(keyPointWeight(sentences[3]!));
    expect(keyPointWeight(sentences[4]!)).toBeGreaterThan(keyPointWeight(sentences[3]!));
    expect(keyPointWeight(sentences[3]!)).toBeGreaterThan(keyPointWeight(sentences[5]!));
    expect(keyPointWeight('We discussed energy projects.')).toBeGreaterThan(keyPointWeight('We discussed the weather.'));
    expect(keyPointWeight(sentences[6]!)).toBe(0);
  });
});

describe('chooseKeyPoints', () => {
  it('skips sentences already used elsewhere and keeps article order', () => {
    const points = chooseKeyPoints(sentences, new Set([0]), []);
    expect(points).toEqual([
      'Perluasan hubungan dagang dan investasi, termasuk melalui proyek-proyek energi.',
      'Kedua pemimpin membahas negosiasi nuklir yang dimediasi oleh Oman.',
      'Putin menegaskan kesiapan Rusia untuk mendorong dialog.',
      'Presiden Putin menyampaikan belasungkawa atas ledakan pada 26 April di Pelabuhan Shahid Rajaee.',
    ]);
  });

  it('leaves out a sentence that repeats what the digest already tells', () => {
    const points = chooseKeyPoints(sentences, new Set([0]), ['Kedua pemimpin membahas negosiasi nuklir yang dimediasi Oman.']);
    expect(points.join(' ')).not.toContain('Oman');
    expect(points.some((p) => p.includes('terima kasih'))).toBe(true);
  });

  it('keeps the best items within the item and length limits', () => {
    const points = chooseKeyPoints(sentences, new Set([0]), [], { maxItems: 2, maxItemChars: 160, maxTotalChars: 1000 });
    expect(points).toHaveLength(2);
    expect(points[0]).toMatch(/^Perluasan/u);
    expect(points[1]).toMatch(/^Kedua pemimpin/u);
    const short = chooseKeyPoints(sentences, new Set([0]), [], { maxItems: 4, maxItemChars: 160, maxTotalChars: 150 });
    expect(short.join('').length).toBeLessThanOrEqual(150);
    expect(short.length).toBeGreaterThanOrEqual(1);
  });
});
