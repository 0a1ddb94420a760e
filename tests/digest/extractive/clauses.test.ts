import { describe, expect, it } from 'vitest';
import { asBullet, stripAttribution, truncateChars } from '../../../src/digest/extractive/clauses.js';

describe('stripAttribution', () => {
  it('removes a trailing "…, sebut X" or "…, the ministry said" tail', () => {
    expect(stripAttribution('Kedua presiden membahas kerja sama bilateral, sebut Kremlin dalam satu pernyataan, Selasa.')).toBe(
      'Kedua presiden membahas kerja sama bilateral.',
    );
    expect(stripAttribution('The ministers signed a memorandum in Jakarta on Tuesday, the ministry said.')).toBe(
      'The ministers signed a memorandum in Jakarta on Tuesday.',
    );
  });

  it('leaves quoted sentences and very short statements alone', () => {
    const quoted = '"Kami sepakat memperkuat kerja sama," kata dia.';
    expect(stripAttribution(quoted)).toBe(quoted);
    expect(stripAttribution('Harga naik, kata dia.')).toBe('Harga naik, kata dia.');
  });
});

describe('asBullet and truncateChars', () => {
  it('capitalises the bullet and ends it with one stop', () => {
    expect(asBullet('sementara itu, harga minyak naik,')).toBe('Harga minyak naik.');
  });

  it('cuts at a word and does not end on a function word', () => {
    expect(truncateChars('Kedua pemimpin membahas kerja sama di bidang energi', 40)).toBe('Kedua pemimpin membahas kerja sama…');
  });
});
