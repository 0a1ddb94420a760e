import { describe, expect, it } from 'vitest';
import { firstHeading, isContentsEntry, isPageNumber, joinLine, linesOf, type PdfLine, type PdfPage, paragraphsOf, stripRunningLines, type TextRun } from '../../../src/ingest/documents/pdf-layout.js';
import { languageTag, parsePdfDate, usableTitle } from '../../../src/ingest/documents/pdf-metadata.js';

const run = (str: string, x: number, y: number, extra: Partial<TextRun> = {}): TextRun => ({ str, x, y, width: str.length * 5, fontSize: 10, hasEOL: false, ...extra });
const line = (text: string, y: number, extra: Partial<PdfLine> = {}): PdfLine => ({ text, x: 50, y, fontSize: 10, right: 500, ...extra });

describe('linesOf', () => {
  it('joins runs on one baseline, adding a space only where the runs leave a gap', () => {
    const lines = linesOf([run('Menteri', 50, 700), run('Luar', 90, 700), run('Negeri', 115, 700.4), run('RI', 140, 690 - 12)]);
    expect(lines.map((l) => l.text)).toEqual(['Menteri Luar Negeri', 'RI']);
    expect(linesOf([run('Indo', 50, 700), run('nesia', 70, 700)])[0]?.text).toBe('Indonesia');
  });

  it('starts a new line after an end-of-line mark even on the same baseline', () => {
    expect(linesOf([run('first', 50, 700, { hasEOL: true }), run('second', 50, 700)]).map((l) => l.text)).toEqual(['first', 'second']);
  });
});

describe('isPageNumber', () => {
  it.each(['3', '- 3 -', '— 12 —', 'Page 3 of 20', 'page 3', 'Halaman 4 dari 9', 'Hal. 2', '3/20', 'iv'])('takes %j for a page number', (text) => {
    expect(isPageNumber(text)).toBe(true);
  });
  it.each(['2025', 'Article 3 of the treaty', 'Page three', '3. The parties agree'])('does not take %j for one', (text) => {
    expect(isPageNumber(text)).toBe(false);
  });
});

describe('isContentsEntry', () => {
  it('recognises table-of-contents lines with dot leaders and leaves sentences alone', () => {
    expect(isContentsEntry('2.1 ASN.1 syntax. . . . . . . . . . . 2')).toBe(true);
    expect(isContentsEntry('Annex I ..................... iv')).toBe(true);
    expect(isContentsEntry('The talks ended... and resumed on 3 May.')).toBe(false);
  });
});

describe('stripRunningLines', () => {
  const page = (n: number, body: string): PdfPage => ({
    lines: [line('KEMENTERIAN LUAR NEGERI', 800), line(`Siaran Pers No. ${n}/2025`, 788), line(body, 700), line(`${n}`, 30)],
  });

  it('removes a header repeated on most pages (digits ignored) and bare page numbers, and keeps the body', () => {
    const bodies = ['The ministers met in Jakarta on Tuesday.', 'They agreed to extend the visa exemption.', 'Officials will meet again in December.'];
    const pages = stripRunningLines(bodies.map((body, i) => page(i + 1, body)));
    expect(pages.map((p) => p.lines.map((l) => l.text))).toEqual(bodies.map((body) => [body]));
  });

  it('keeps a top line that appears on only one page', () => {
    const pages = stripRunningLines([{ lines: [line('Annex I', 800), line('Body one.', 700)] }, page(2, 'Body two.'), page(3, 'Body three.')]);
    expect(pages[0]?.lines.map((l) => l.text)).toEqual(['Annex I', 'Body one.']);
  });

  it('keeps the text when every page is the same line, removing only page numbers', () => {
    const same = (n: number): PdfPage => ({ lines: [line('The ministers met in Jakarta.', 700), line(`${n}`, 30)] });
    expect(stripRunningLines([same(1), same(2), same(3)]).map((p) => p.lines.map((l) => l.text))).toEqual([['The ministers met in Jakarta.'], ['The ministers met in Jakarta.'], ['The ministers met in Jakarta.']]);
  });
});

describe('joinLine', () => {
  it('joins a word broken at the line end, keeps a compound hyphen before a capital, drops a soft hyphen', () => {
    expect(joinLine('deepen coopera-', 'tion on trade')).toBe('deepen cooperation on trade');
    expect(joinLine('the Indonesia-', 'Malaysia border')).toBe('the Indonesia-Malaysia border');
    expect(joinLine('kerja\u00AD', 'sama')).toBe('kerjasama');
    expect(joinLine('in 2024 -', 'and later')).toBe('in 2024 - and later');
    expect(joinLine('end of line', 'next line')).toBe('end of line next line');
  });

  it('keeps the hyphen of a compound prefix and of Indonesian reduplication', () => {
    expect(joinLine('a long-', 'term plan')).toBe('a long-term plan');
    expect(joinLine('the right to self-', 'determination')).toBe('the right to self-determination');
    expect(joinLine('a two-', 'day visit')).toBe('a two-day visit');
    expect(joinLine('negara-', 'negara ASEAN')).toBe('negara-negara ASEAN');
    expect(joinLine('dengan sebaik-', 'baiknya')).toBe('dengan sebaik-baiknya');
    expect(joinLine('pemerin-', 'tah Indonesia')).toBe('pemerintah Indonesia');
    expect(joinLine('tindak ke-', 'kerasan')).toBe('tindak kekerasan');
    expect(joinLine('multi-', 'lateral talks')).toBe('multilateral talks');
  });
});

describe('paragraphsOf', () => {
  it('breaks on a wider gap, on a change of font size and after a short line that ends a sentence', () => {
    const pages: PdfPage[] = [
      {
        lines: [
          line('Heading', 760, { fontSize: 18, right: 200 }),
          line('First paragraph line one', 730),
          line('and line two.', 716, { right: 200 }),
          line('Second paragraph after a short line.', 702, { right: 300 }),
          line('Third paragraph after a gap', 670),
          line('continues.', 656, { right: 150 }),
        ],
      },
    ];
    expect(paragraphsOf(pages)).toEqual(['Heading', 'First paragraph line one and line two.', 'Second paragraph after a short line.', 'Third paragraph after a gap continues.']);
  });

  it('carries a paragraph over a page break only when it stopped mid-sentence before a lower-case word', () => {
    const pages: PdfPage[] = [{ lines: [line('The talks covered', 700), line('Ends here.', 686, { right: 200 })] }, { lines: [line('the next topic', 760)] }];
    expect(paragraphsOf(pages)).toEqual(['The talks covered Ends here.', 'the next topic']);
    const carried: PdfPage[] = [{ lines: [line('The talks covered', 700), line('trade and', 686)] }, { lines: [line('investment.', 760)] }];
    expect(paragraphsOf(carried)).toEqual(['The talks covered trade and investment.']);
  });
});

describe('firstHeading', () => {
  it('takes the consecutive lines in the largest font on page 1 when it is clearly bigger than the body', () => {
    const page: PdfPage = { lines: [line('MINISTRY', 800, { fontSize: 8 }), line('Joint Statement on', 760, { fontSize: 18 }), line('Maritime Cooperation', 740, { fontSize: 18 }), line('Body.', 700)] };
    expect(firstHeading(page, 10)).toEqual({ text: 'Joint Statement on Maritime Cooperation', lines: 2, start: 1 });
    expect(firstHeading({ lines: [line('Body.', 700), line('More body.', 686)] }, 10)).toBeNull();
  });
});

describe('PDF metadata', () => {
  it.each([
    ["D:20250506100000+07'00'", '2025-05-06T03:00:00.000Z'],
    ['D:20250506100000Z', '2025-05-06T10:00:00.000Z'],
    ["D:20250506100000-03'30", '2025-05-06T13:30:00.000Z'],
    ['D:2025', '2025-01-01T00:00:00.000Z'],
    ['20241102', '2024-11-02T00:00:00.000Z'],
  ])('parses the PDF date %j as %j', (raw, iso) => {
    expect(parsePdfDate(raw)).toBe(iso);
  });

  it.each(['D:20250231000000Z', 'D:19000101000000Z', 'yesterday', '', 'D:20251301'])('rejects the malformed or implausible date %j', (raw) => {
    expect(parsePdfDate(raw)).toBeNull();
  });

  it('keeps a real title, strips a Word prefix and ignores file names and placeholders', () => {
    expect(usableTitle('Joint Statement  of the 7th JCBC')).toBe('Joint Statement of the 7th JCBC');
    expect(usableTitle('Microsoft Word - Joint Communiqué')).toBe('Joint Communiqué');
    for (const junk of ['Untitled', 'Microsoft Word - siaran_pers.docx', 'scan_0001', 'IMG20250506', '', null]) expect(usableTitle(junk)).toBeNull();
  });

  it('reduces /Lang to a two-letter code', () => {
    expect(languageTag('id-ID')).toBe('id');
    expect(languageTag('EN')).toBe('en');
    expect(languageTag('x-unknown')).toBeUndefined();
  });
});
