import { beforeAll, describe, expect, it } from 'vitest';
import { userMessage } from '../../../src/errors/user-messages.js';
import { type PdfDocumentText, readPdf } from '../../../src/ingest/documents/pdf-text.js';
import { brokenSecondPagePdf, encryptedPdf, longStatementPdf, scannedPdf, statementPdf, statementParagraph, wrap } from '../../fixtures/documents/generate.js';
import { failure } from '../../support/failure.js';

const HEADER = 'JOINT STATEMENT · JAKARTA, 6 MAY 2025';

const threePages = () =>
  statementPdf({
    header: HEADER,
    footer: 'Page {n} of {total}',
    title: 'Joint Statement of the Foreign Ministers of Indonesia and Malaysia',
    creationDate: new Date('2025-05-06T03:00:00Z'),
    modificationDate: new Date('2025-05-07T09:30:00Z'),
    lang: 'en-GB',
    pages: [
      {
        heading: 'Joint Statement',
        paragraphs: [
          ['The foreign ministers of Indonesia and Malaysia met in Jakarta to deepen coopera-', 'tion on maritime security along the Indonesia-', 'Malaysia border.'],
          ['They agreed on a plan of action for the next five years, covering trade, energy', 'and education exchanges between the two countries.'],
        ],
      },
      {
        paragraphs: [
          ['Both sides reaffirmed their commitment to ASEAN centrality and to the peaceful', 'settlement of disputes, in line with international law and the principles of the', 'Treaty of Amity and Cooperation in Southeast Asia.'],
          ['The ministers also discussed the recruitment of'],
        ],
      },
      { paragraphs: [['migrant workers and asked officials to finish a joint study within six months.'], ['Signed in Jakarta on 6 May 2025.']] },
    ],
  });

describe('readPdf on a three-page statement', () => {
  let doc: PdfDocumentText;
  beforeAll(async () => {
    doc = await readPdf(await threePages());
  });

  it('joins a word hyphenated at a line end and keeps a real hyphen before a capital', () => {
    expect(doc.text).toContain('deepen cooperation on maritime security');
    expect(doc.text).toContain('along the Indonesia-Malaysia border.');
    expect(doc.text).not.toMatch(/coopera-|coopera tion/);
  });

  it('drops the running header and the page-number footer of every page', () => {
    expect(doc.text).not.toContain('JOINT STATEMENT ·');
    expect(doc.text).not.toMatch(/Page \d of 3/);
  });

  it('rebuilds paragraphs from line gaps and carries a sentence over a page break', () => {
    const paragraphs = doc.text.split('\n\n');
    expect(paragraphs).toContain('They agreed on a plan of action for the next five years, covering trade, energy and education exchanges between the two countries.');
    expect(paragraphs).toContain('The ministers also discussed the recruitment of migrant workers and asked officials to finish a joint study within six months.');
    expect(paragraphs.at(-1)).toBe('Signed in Jakarta on 6 May 2025.');
  });

  it('takes the title from the metadata, the date from CreationDate and the language from /Lang', () => {
    expect(doc.title).toBe('Joint Statement of the Foreign Ministers of Indonesia and Malaysia');
    expect(doc.publishedAt).toBe('2025-05-06T03:00:00.000Z');
    expect(doc.language).toBe('en');
    expect(doc).toMatchObject({ pages: 3, pagesSkipped: 0, truncated: false });
  });
});

describe('readPdf titles', () => {
  const body = [wrap('The two delegations met in Bali and agreed to extend the visa exemption for tourists and business travellers for three more years, officials said on Tuesday.')];

  it('uses the first heading (the largest font on page 1) when the metadata has no title, and does not repeat it in the text', async () => {
    const doc = await readPdf(await statementPdf({ pages: [{ heading: 'Indonesia and Australia Extend Visa Exemption', paragraphs: [...body, ...body] }] }));
    expect(doc.title).toBe('Indonesia and Australia Extend Visa Exemption');
    expect(doc.text.startsWith('The two delegations met in Bali')).toBe(true);
  });

  it('takes the title from page 1 even when the same words run small as every page’s header', async () => {
    const heading = 'Indonesia and Australia Extend Visa Exemption';
    const pages = [0, 1, 2].map((i) => ({ paragraphs: [wrap(statementParagraph(i))] }));
    const doc = await readPdf(await statementPdf({ header: heading, pages: pages.map((page, i) => (i === 0 ? { heading, ...page } : page)) }));
    expect(doc.title).toBe(heading);
    expect(doc.text).not.toContain(heading);
  });

  it('ignores a metadata title that is a file name left by a word processor', async () => {
    const doc = await readPdf(await statementPdf({ title: 'Microsoft Word - SIARAN PERS 12_2025.docx', pages: [{ heading: 'Press Release on the Visa Exemption', paragraphs: body }] }));
    expect(doc.title).toBe('Press Release on the Visa Exemption');
  });

  it('falls back to ModDate when CreationDate is missing', async () => {
    const doc = await readPdf(await statementPdf({ creationDate: null, modificationDate: new Date('2024-11-02T01:02:03Z'), pages: [{ paragraphs: [...body, ...body] }] }));
    expect(doc.publishedAt).toBe('2024-11-02T01:02:03.000Z');
  });
});

describe('readPdf limits', () => {
  it('reads only the first pages of a long document and says how many were skipped', async () => {
    const doc = await readPdf(await longStatementPdf(6), { maxPages: 2 });
    expect(doc).toMatchObject({ pages: 6, pagesSkipped: 4 });
    expect(doc.text).toContain('(item 10)');
    expect(doc.text).not.toContain('(item 11)');
  });

  it('keeps the start of a long document within the character budget, in whole paragraphs, and flags the cut', async () => {
    const full = await readPdf(await longStatementPdf(3));
    const cut = await readPdf(await longStatementPdf(3), { maxChars: 1000 });
    expect(full.truncated).toBe(false);
    expect(cut.truncated).toBe(true);
    expect(cut.text.length).toBeLessThanOrEqual(1000);
    expect(full.text.startsWith(cut.text)).toBe(true);
    expect(full.text.charAt(cut.text.length)).toBe('\n');
  });

  it('gives up with PROCESSING_TIMEOUT when reading takes longer than the time limit', async () => {
    const error = await failure(readPdf(await longStatementPdf(20), { timeLimitMs: 1 }));
    expect(error.code).toBe('PROCESSING_TIMEOUT');
  });

  it('reads the pages it can when one page is broken, and counts the broken one', async () => {
    const doc = await readPdf(brokenSecondPagePdf());
    expect(doc.text).toContain('The ministers met in Jakarta');
    expect(doc).toMatchObject({ pages: 2, failedPages: 1 });
  });

  it('leaves the caller’s bytes intact', async () => {
    const bytes = await threePages();
    const length = bytes.byteLength;
    await readPdf(bytes);
    expect(bytes.byteLength).toBe(length);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });
});

describe('readPdf refusals', () => {
  it('refuses a scan (images and drawn shapes, no text) with PDF_NO_TEXT and a message that asks for the text', async () => {
    const error = await failure(readPdf(await scannedPdf(3)));
    expect(error.code).toBe('PDF_NO_TEXT');
    expect(userMessage(error, 'en')).toMatch(/^This PDF has no text layer \(a scan\?\): paste the text/);
    expect(userMessage(error, 'id')).toMatch(/lapisan teks/);
  });

  it('refuses a PDF that needs a password with PDF_ENCRYPTED', async () => {
    const error = await failure(readPdf(await encryptedPdf({ pages: [{ paragraphs: [wrap(statementParagraph(0))] }] }, 'secret')));
    expect(error.code).toBe('PDF_ENCRYPTED');
    expect(userMessage(error, 'en')).toMatch(/password/);
  });

  it('reads a PDF encrypted only with an owner password (printing and copying forbidden), title and all', async () => {
    const bytes = await encryptedPdf({ title: 'Siaran Pers Bersama', pages: [{ paragraphs: [wrap(statementParagraph(0)), wrap(statementParagraph(1))] }] });
    const source = Buffer.from(bytes).toString('latin1');
    expect(source).toContain('/Encrypt');
    expect(source).not.toContain('Siaran Pers Bersama');
    const doc = await readPdf(bytes);
    expect(doc.title).toBe('Siaran Pers Bersama');
    expect(doc.text).toContain('The two ministers reviewed progress on maritime security');
  });

  it('refuses truncated bytes and a file that only starts like a PDF with PDF_UNREADABLE', async () => {
    const bytes = await threePages();
    expect((await failure(readPdf(bytes.subarray(0, 400)))).code).toBe('PDF_UNREADABLE');
    expect((await failure(readPdf(new TextEncoder().encode('%PDF-1.4\n<html><body>Not found</body></html>')))).code).toBe('PDF_UNREADABLE');
    expect((await failure(readPdf(new Uint8Array(0)))).code).toBe('PDF_UNREADABLE');
  });
});
