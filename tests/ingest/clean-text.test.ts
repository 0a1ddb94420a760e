import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticleText } from '../../src/ingest/clean-text.js';
import { HOSTILE_INPUTS } from '../fixtures/hostile/generate.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const seed = readFileSync(join(FIXTURES, 'antara-putin-pezeshkian-id.txt'), 'utf8');

describe('cleanArticleText', () => {
  it('keeps every news paragraph of the ANTARA seed, in order, and drops its trailers', () => {
    const cleaned = cleanArticleText(seed);
    // The seed holds ten news paragraphs; the other six lines are cross-links, credits and the copyright trailer.
    const news = seed
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !/^(Baca juga|Sumber|Penerjemah|Editor|Copyright)\b/.test(line));
    expect(news).toHaveLength(10);
    expect(cleaned.split('\n\n')).toEqual(news);
    expect(cleaned).toMatch(/^Moskow \(ANTARA\) - Presiden Rusia Vladimir Putin/);
    for (const trailer of ['Baca juga', 'Penerjemah', 'Editor:', 'Copyright', 'Sumber: Sputnik']) expect(cleaned).not.toContain(trailer);
  });

  it('separates paragraphs with exactly one blank line and collapses inner whitespace', () => {
    expect(cleanArticleText('  Satu   dua\ttiga.  \n\n\n\nEmpat lima enam.\r\nTujuh delapan.')).toBe('Satu dua tiga.\n\nEmpat lima enam.\n\nTujuh delapan.');
  });

  it('removes cross-link lines in their usual spellings', () => {
    const text = [
      'Paragraf berita pertama yang cukup panjang.',
      'Baca Juga : Menlu bertemu mitra dari Jepang',
      'BACA JUGA Presiden lantik duta besar baru',
      'Read also: Leaders meet in Jakarta',
      'Read more: The summit in numbers',
      'Lihat juga: Foto-foto KTT ASEAN',
      'Simak juga: Video konferensi pers',
      'Paragraf berita kedua yang juga panjang.',
    ].join('\n');
    expect(cleanArticleText(text)).toBe('Paragraf berita pertama yang cukup panjang.\n\nParagraf berita kedua yang juga panjang.');
  });

  it('removes credits, copyright notices and the no-copying notice', () => {
    const text = [
      'Isi berita.',
      'Pewarta: Yuni Arisandy',
      'Reporter: Fulan',
      'Redaktur: Fulanah',
      'Sumber: Reuters',
      'Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk AI di situs web ini tanpa izin tertulis dari Kantor Berita ANTARA.',
      '© 2025 Kantor Berita ANTARA',
    ].join('\n');
    expect(cleanArticleText(text)).toBe('Isi berita.');
  });

  it('drops everything after a copyright trailer once the story is behind it', () => {
    const text = 'Paragraf satu.\nParagraf dua.\nCopyright © ANTARA 2015\nDPR minta masukan Bali 5.227 views\nBerita populer lain';
    expect(cleanArticleText(text)).toBe('Paragraf satu.\n\nParagraf dua.');
  });

  it('removes photo captions and photo credits', () => {
    const text = [
      'Foto: Presiden saat tiba di Bandara Soekarno-Hatta.',
      'Menlu RI berjabat tangan dengan Menlu Vietnam di Hanoi, Selasa (13/5/2025). (ANTARA FOTO/Kemlu RI)',
      'Photo: The two leaders before their talks.',
      'Image: Reuters',
      'File photo',
      'Brandon Salim/©KapanLagi.com®/M. Akrom Sukarya',
      'Paragraf berita yang sebenarnya tetap ada.',
    ].join('\n');
    expect(cleanArticleText(text)).toBe('Paragraf berita yang sebenarnya tetap ada.');
  });

  it('removes share, ad, app and newsletter prompts', () => {
    const text = [
      'Share on Facebook',
      'Bagikan',
      'Advertisement',
      'Iklan',
      'SCROLL TO CONTINUE WITH CONTENT',
      'Gulir untuk melanjutkan',
      'Ikuti kami di Instagram @kabar',
      'Follow us on Twitter',
      'Download aplikasi ANTARA di Play Store',
      'Klik di sini untuk berita lainnya',
      'Subscribe',
      'Jangan sampai ketinggalan berita terkini, langganan newsletter kami sekarang!',
      'The talks resumed on Tuesday.',
    ].join('\n');
    expect(cleanArticleText(text)).toBe('The talks resumed on Tuesday.');
  });

  it('removes a related-headlines heading together with the headlines under it', () => {
    const text = [
      'Paragraf pembuka berita.',
      'Jangan Lewatkan',
      'Menlu bertemu mitra dari Jepang',
      'Presiden lantik duta besar baru',
      'Paragraf berikutnya tetap utuh, karena merupakan kalimat berita lengkap.',
    ].join('\n');
    expect(cleanArticleText(text)).toBe('Paragraf pembuka berita.\n\nParagraf berikutnya tetap utuh, karena merupakan kalimat berita lengkap.');
  });

  it('removes credits printed as a label and a value on separate lines', () => {
    expect(cleanArticleText('Isi berita.\nEditor\n: Aloysius Gonsaga AE\nRedaktur\n:\nMohamad Amin Madani')).toBe('Isi berita.');
  });

  it('removes lines that hold only a date and a view counter', () => {
    expect(cleanArticleText('Kamis, 5 November 2015 14:56 WIB | 1.229 Views\nIsi berita.')).toBe('Isi berita.');
  });

  it('keeps real sentences that merely mention the trigger words mid-sentence', () => {
    const text = [
      'Sang editor senior mengatakan iklan politik harus diatur, dan pembaca diminta membaca juga laporan lengkapnya.',
      'The editor: a profile of the woman who runs the paper, published on Tuesday, drew wide praise from readers.',
      'Presiden meminta warga untuk tidak membagikan informasi palsu; "Bagikan kebaikan, bukan hoaks," katanya.',
      'Moskow (ANTARA) - Presiden Rusia menerima kunjungan Menteri Luar Negeri Indonesia di Kremlin.',
    ];
    expect(cleanArticleText(text.join('\n'))).toBe(text.join('\n\n'));
  });

  it('rejoins a hard-wrapped paragraph that continues in lower case', () => {
    const text = 'The foreign ministers met in Jakarta on Tuesday and agreed to\nresume the talks next month.\n\nThe next round is in July.';
    expect(cleanArticleText(text)).toBe('The foreign ministers met in Jakarta on Tuesday and agreed to resume the talks next month.\n\nThe next round is in July.');
  });

  it('drops an author box and a subscription pitch after the story but not the same words inside it', () => {
    const story = [
      'The ministers met in Jakarta on Tuesday and agreed to resume talks on the maritime border next month.',
      'Jane Doe is a former editor of the Jakarta Post, said one official, and she will chair the next round.',
      'Subscribers to the ministry bulletin were told of the date on Monday.',
      'The next round is planned for July in Hanoi, officials said.',
    ];
    const tail = [
      'Alice Wu has been writing about local politics for the Post since 2008.',
      'First-time subscribers also receive a welcome gift.',
    ];
    expect(cleanArticleText([...story, ...tail].join('\n\n'))).toBe(story.join('\n\n'));
  });

  it('removes reprint, disclosure and letters-to-the-editor notices, even as long paragraphs', () => {
    const text = [
      'The council approved the budget on Monday after a long debate.',
      '© 2022, Example News. This article is the copyrighted property of Example News. Written permission must be obtained before reprint in online or print media. Reprinting content without permission and/or payment is theft and punishable by law.',
      'Advertising disclosure: We may receive compensation for some of the links in our stories.',
      'We want to hear what you think about this article. Submit a letter to the editor or write to letters@example.com.',
      'Get The Example Daily Edition by email and never miss our top stories',
      'page.html - Created 03-10-2004 2:20pm - Last Modified: 03-10-2004 2:20pm',
    ].join('\n');
    expect(cleanArticleText(text)).toBe('The council approved the budget on Monday after a long debate.');
  });

  it('keeps a phone number line that merely looks like a date', () => {
    expect(cleanArticleText('The shop opens at nine.\n+81 158-23-2012')).toBe('The shop opens at nine.\n\n+81 158-23-2012');
  });
});

/** Total length of the strings handed to RegExp.prototype.test while `run` runs: a deterministic measure of work. */
function charactersTestedByRegex(run: () => void): number {
  const original = RegExp.prototype.test;
  let total = 0;
  RegExp.prototype.test = function test(this: RegExp, input: string): boolean {
    total += String(input).length;
    return original.call(this, input);
  };
  try {
    run();
  } finally {
    RegExp.prototype.test = original;
  }
  return total;
}

describe('cleanArticleText on a hostile hard-wrapped page', () => {
  const page = HOSTILE_INPUTS.find((input) => input.name === 'plain-text-hard-wrapped-1.27mb')!.build();

  it('merges the 1.27 MB of hard-wrapped lines into one paragraph', () => {
    expect(cleanArticleText(page)).toBe(page.trim().split('\n').join(' '));
  });

  it('tests each wrapped line once rather than the growing paragraph', () => {
    const lines = page.split('\n').slice(0, 3000).join('\n');
    const work = charactersTestedByRegex(() => cleanArticleText(lines));
    // Quadratic merging re-tested the paragraph at every line: about lines²/2 × 72 characters (over 300 million here).
    expect(work).toBeLessThan(5 * lines.length);
  });
});
