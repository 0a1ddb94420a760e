import { describe, expect, it } from 'vitest';
import { createIngestor } from '../../src/ingest/article-reader.js';
import { DOCUMENT_MAX_CHARS, DOCUMENT_MAX_PAGES, type PdfReader } from '../../src/ingest/document-reader.js';
import type { PdfDocumentText, ReadPdfOptions } from '../../src/ingest/documents/pdf-text.js';
import { buildDocx } from '../support/docx-builder.js';
import { failure } from '../support/failure.js';

const BODY =
  'Joint Statement\n\nThe foreign ministers of Indonesia and Singapore met in Jakarta on Monday and reviewed the cooperation on ' +
  'transboundary haze, water supply and the digital economy.\n\nThey asked officials to prepare the next leaders’ retreat before the end of the year.';

const PDF_BYTES = new TextEncoder().encode('%PDF-1.7 (stands in for a real file: the reader is injected)');

/** An ingestor whose PDF reader returns `pdf` and records the options it was called with. */
function withPdf(pdf: Partial<PdfDocumentText>, pdfTimeLimitMs?: number) {
  const calls: ReadPdfOptions[] = [];
  const readPdf: PdfReader = async (_bytes, options) => {
    calls.push(options);
    return { title: null, text: BODY, publishedAt: null, pages: 1, pagesSkipped: 0, failedPages: 0, truncated: false, ...pdf };
  };
  const fetcher = { fetchPage: () => Promise.reject(new Error('no fetching')) };
  return { calls, ingestor: createIngestor({ fetcher, readPdf, ...(pdfTimeLimitMs ? { pdfTimeLimitMs } : {}) }) };
}

describe('reading a PDF document', () => {
  it('takes title and date from the PDF and keeps the first paragraph as text, with no publisher for a file', async () => {
    const { ingestor } = withPdf({ title: 'Joint Statement of Indonesia and Singapore', publishedAt: '2025-05-06T03:00:00.000Z' });
    const article = await ingestor.fromDocument(PDF_BYTES, { fileName: 'statement.pdf' });
    expect(article).toMatchObject({ title: 'Joint Statement of Indonesia and Singapore', publishedAt: '2025-05-06T03:00:00.000Z', url: null, publisher: null, language: 'en' });
    expect(article.text.startsWith('Joint Statement\n\nThe foreign ministers')).toBe(true);
  });

  it('passes the page cap, the character budget and the time limit to the PDF reader', async () => {
    const { calls, ingestor } = withPdf({}, 4_000);
    await ingestor.fromDocument(PDF_BYTES, {});
    expect(calls).toEqual([{ maxPages: DOCUMENT_MAX_PAGES, maxChars: DOCUMENT_MAX_CHARS, timeLimitMs: 4_000 }]);
    expect(DOCUMENT_MAX_PAGES).toBe(50);
  });

  it("falls back to the PDF's /Lang when the text alone does not tell the language", async () => {
    const table = 'Tabel 1. 2025: 3.400 / 7.800 / 12.500. 2024: 3.100 / 7.200 / 11.900. '.repeat(5);
    const { ingestor } = withPdf({ text: table, language: 'id' });
    expect((await ingestor.fromDocument(PDF_BYTES, {})).language).toBe('id');
    const { ingestor: undeclared } = withPdf({ text: table });
    expect((await undeclared.fromDocument(PDF_BYTES, {})).language).toBe('und');
  });

  it('detects the language from the text over a wrong /Lang', async () => {
    const { ingestor } = withPdf({ language: 'fr' });
    expect((await ingestor.fromDocument(PDF_BYTES, {})).language).toBe('en');
  });

  it('refuses a PDF with a line of text as too short: INVALID_INPUT for a file, NOT_AN_ARTICLE for a link', async () => {
    const { ingestor } = withPdf({ text: 'Annex 2. Map of the border posts.' });
    expect((await failure(ingestor.fromDocument(PDF_BYTES, { fileName: 'annex.pdf' }))).code).toBe('INVALID_INPUT');
    expect((await failure(ingestor.fromDocument(PDF_BYTES, { url: 'https://kemlu.example/annex.pdf' }))).code).toBe('NOT_AN_ARTICLE');
  });

  it('gives a PDF from a link its canonical URL, the host that served it and the fetched URL', async () => {
    const { ingestor } = withPdf({});
    const article = await ingestor.fromDocument(PDF_BYTES, { url: 'https://www.kemlu.example/files/statement.pdf?utm_source=wa' });
    expect(article.publisher).toBe('kemlu.example');
    expect(article.url).toBe('https://www.kemlu.example/files/statement.pdf');
    expect(article.fetchedUrl).toBe('https://www.kemlu.example/files/statement.pdf?utm_source=wa');
  });

  it('hands bytes declared application/pdf to the PDF reader even without the signature', async () => {
    const { calls, ingestor } = withPdf({});
    await ingestor.fromDocument(new TextEncoder().encode('<html>an error page</html>'), { mimeType: 'application/pdf' });
    expect(calls).toHaveLength(1);
  });
});

describe('reading other documents', () => {
  const { calls, ingestor } = withPdf({});

  it('reads a .docx (title from its heading, paragraphs as text) and still refuses a binary with UNSUPPORTED_FILE naming what is supported', async () => {
    const [heading, ...paragraphs] = BODY.split('\n\n');
    const docx = await buildDocx({ blocks: [{ text: heading as string, style: 'Title' }, ...paragraphs] });
    const article = await ingestor.fromDocument(docx, { fileName: 'minutes.docx' });
    expect(article).toMatchObject({ title: 'Joint Statement', language: 'en', url: null });
    expect(article.text).toBe(paragraphs.join('\n\n'));
    const binary = await failure(ingestor.fromDocument(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]), { fileName: 'photo.jpg', mimeType: 'image/jpeg' }));
    expect(binary.code).toBe('UNSUPPORTED_FILE');
    expect(binary.details.reason).toBe('binary');
    expect(binary.message).toMatch(/supported: PDF, \.docx, \.txt, \.md, \.html\/\.htm/);
    expect(calls).toHaveLength(0);
  });

  it('gives a .docx from a link its canonical URL, the host that served it and the fetched URL', async () => {
    const docx = await buildDocx({ blocks: BODY.split('\n\n') });
    const article = await ingestor.fromDocument(docx, { url: 'https://www.kemlu.example/files/siaran.docx?utm_source=wa', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(article).toMatchObject({ publisher: 'kemlu.example', url: 'https://www.kemlu.example/files/siaran.docx', fetchedUrl: 'https://www.kemlu.example/files/siaran.docx?utm_source=wa' });
    expect(article.title).toBe('Joint Statement');
  });

  it('extracts an .html file like a fetched page and reads a .txt file as pasted text', async () => {
    const paragraphs = BODY.split('\n\n').slice(1);
    const html = `<!doctype html><html><head><title>Ministers meet</title></head><body><article><h1>Ministers meet</h1>${[...paragraphs, ...paragraphs]
      .map((p, i) => `<p>${p} (${i})</p>`)
      .join('')}</article></body></html>`;
    const fromHtml = await ingestor.fromDocument(new TextEncoder().encode(html), { fileName: 'page.htm' });
    expect(fromHtml.title).toBe('Ministers meet');
    expect(fromHtml.text).not.toContain('<p>');
    const fromText = await ingestor.fromDocument(new TextEncoder().encode(`Ministers meet in Jakarta\n\n${paragraphs.join('\n\n')}`), { fileName: 'notes.txt' });
    expect(fromText.title).toBe('Ministers meet in Jakarta');
    expect(fromText.text.startsWith('The foreign ministers')).toBe(true);
  });
});
