import { describe, expect, it } from 'vitest';
import { parseDateline, splitSentences, stripDateline } from '../../../src/digest/extractive/sentences.js';

const texts = (text: string) => splitSentences(text).map((s) => s.text);

describe('splitSentences', () => {
  it('splits plain English and Indonesian sentences', () => {
    expect(texts('The ministers met. They talked for an hour! Was it useful? Yes.')).toEqual([
      'The ministers met.',
      'They talked for an hour!',
      'Was it useful?',
      'Yes.',
    ]);
    expect(texts('Kedua menteri bertemu di Jakarta. Pertemuan berlangsung satu jam.')).toEqual([
      'Kedua menteri bertemu di Jakarta.',
      'Pertemuan berlangsung satu jam.',
    ]);
  });

  it('does not split after titles, abbreviations, initials or inside numbers', () => {
    const cases = [
      'Dr. Ahmad dan Prof. Budi hadir bersama Ir. H. Joko serta Hj. Siti.',
      'KH. Ma\'ruf Amin tinggal di Jl. Diponegoro No. 5, Kab. Bogor, Kec. Cibinong.',
      'Harganya Rp. 5.000 atau Rp1.000 per lembar, naik 3.5 persen, dll. Menurut dia begitu.',
      'Surat a.n. Menteri dikirim u.p. Kepala Biro oleh Andi S.H. M.Si. kemarin.',
      'The U.S. and the U.N. met Mr. Smith and Mrs. Jones, e.g. Sen. Brown.',
      'J. Smith met St. Clair vs. Jr. Lee on Jan. 5 and Feb. 6, i.e. twice.',
    ];
    for (const text of cases) expect(texts(text)).toEqual([text]);
  });

  it('ends a sentence after a closing quote', () => {
    expect(texts('"Kami sepakat." Kemudian dia pergi. Dia berkata, "Selesai!" Lalu pulang.')).toEqual([
      '"Kami sepakat."',
      'Kemudian dia pergi.',
      'Dia berkata, "Selesai!"',
      'Lalu pulang.',
    ]);
    expect(texts('“We agreed,” he said. “It is done.” Then he left.')).toEqual(['“We agreed,” he said.', '“It is done.”', 'Then he left.']);
  });

  it('treats newlines as hard boundaries and numbers paragraphs', () => {
    const spans = splitSentences('First line without stop\nSecond line. Third\n\nNew paragraph.');
    expect(spans.map((s) => [s.text, s.paragraph])).toEqual([
      ['First line without stop', 0],
      ['Second line.', 0],
      ['Third', 0],
      ['New paragraph.', 1],
    ]);
  });

  it('returns offsets that slice the exact sentence out of the text', () => {
    const text = '  Moskow (ANTARA) - Putin menelepon.  "Kami sepakat," kata dia.\n\nSelesai.';
    for (const span of splitSentences(text)) expect(text.slice(span.start, span.end)).toBe(span.text);
  });
});

describe('parseDateline', () => {
  it('reads city and publisher from common datelines', () => {
    expect(parseDateline('Moskow (ANTARA) - Presiden Rusia Vladimir Putin menelepon.')).toMatchObject({ city: 'Moskow', publisher: 'ANTARA' });
    expect(parseDateline('JAKARTA, KOMPAS.com - Menlu bertemu.')).toMatchObject({ city: 'JAKARTA', publisher: 'KOMPAS.com' });
    expect(parseDateline('WASHINGTON (Reuters) - The talks ended.')).toMatchObject({ city: 'WASHINGTON', publisher: 'Reuters' });
    expect(parseDateline('LONDON, May 6 (Reuters) - The talks ended.')).toMatchObject({ city: 'LONDON', publisher: 'Reuters' });
    expect(parseDateline('Jakarta, CNN Indonesia - - Banjir melanda.')).toMatchObject({ city: 'Jakarta', publisher: 'CNN Indonesia' });
    expect(parseDateline('BEKASI (Pos Kota) Pasar terbakar.')).toMatchObject({ city: 'BEKASI', publisher: 'Pos Kota' });
    expect(parseDateline('Suara.com - Wakil Gubernur berkata.')).toMatchObject({ city: null, publisher: 'Suara.com' });
  });

  it('leaves sentences without a dateline alone', () => {
    expect(parseDateline('Timnas Indonesia U - 19 meraih kemenangan.')).toBeNull();
    expect(parseDateline('Presiden Putin menelepon Presiden Iran.')).toBeNull();
    expect(stripDateline('Kebakaran melanda sebuah peternakan - kata warga.')).toBe('Kebakaran melanda sebuah peternakan - kata warga.');
  });

  it('reads a dateline only at a real dash, never at the hyphen of a compound adjective', () => {
    expect(parseDateline('Following Indonesian-Malaysian talks, the two leaders made statements for the press.')).toBeNull();
    expect(stripDateline('Russian-Turkish consultations ended on Friday.')).toBe('Russian-Turkish consultations ended on Friday.');
    expect(parseDateline('WASHINGTON — The talks ended.')).toMatchObject({ city: 'WASHINGTON' });
    expect(parseDateline('WASHINGTON—The talks ended.')).toMatchObject({ city: 'WASHINGTON' });
    expect(parseDateline('JAKARTA (ANTARA)-Presiden bertemu.')).toMatchObject({ city: 'JAKARTA', publisher: 'ANTARA' });
    expect(parseDateline('BANDUNG- Gubernur bertemu.')).toMatchObject({ city: 'BANDUNG' });
  });

  it('strips the dateline for display', () => {
    expect(stripDateline('Moskow (ANTARA) - Presiden Rusia menelepon.')).toBe('Presiden Rusia menelepon.');
    expect(stripDateline('WASHINGTON (Reuters) - The talks ended.')).toBe('The talks ended.');
  });
});
