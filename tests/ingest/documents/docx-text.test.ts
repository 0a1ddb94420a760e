import { describe, expect, it, vi } from 'vitest';
import { userMessage } from '../../../src/errors/user-messages.js';
import { createIngestor } from '../../../src/ingest/article-reader.js';
import { DOCX_MAX_UNCOMPRESSED_BYTES, readDocx } from '../../../src/ingest/documents/docx-text.js';
import { buildDocx, encryptedOfficeFile, legacyWordFile } from '../../support/docx-builder.js';
import { failure } from '../../support/failure.js';

// Counts mammoth conversions, to show the cheap checks refuse a file before mammoth runs.
const conversions = vi.hoisted(() => ({ count: 0 }));
vi.mock('mammoth', async (importOriginal) => {
  const actual = ((await importOriginal()) as { default: typeof import('mammoth') }).default;
  const convertToHtml: typeof actual.convertToHtml = (input, options) => {
    conversions.count++;
    return actual.convertToHtml(input, options);
  };
  return { default: { ...actual, convertToHtml } };
});

const ingestor = createIngestor({ fetcher: { fetchPage: () => Promise.reject(new Error('no fetching')) } });

const SIARAN_PERS = [
  { text: 'Indonesia dan Malaysia Sepakati Patroli Bersama di Selat Malaka', style: 'Title' as const },
  'Jakarta, 6 Mei 2025 — Menteri Luar Negeri Sugiono dan Menteri Luar Negeri Malaysia Mohamad Hasan menandatangani nota kesepahaman tentang kerja sama keamanan maritim di Jakarta pada hari Selasa.',
  'Kedua menteri membahas patroli bersama di Selat Malaka dan meminta pejabat kedua negara menyiapkan laporan tentang insiden di laut dalam tiga bulan.',
  { text: 'Perlindungan pekerja migran', style: 'Heading2' as const },
  'Kedua negara juga sepakat memperkuat perlindungan pekerja migran dan akan bertemu kembali di Kuala Lumpur sebelum akhir tahun.',
];

const PRESS_RELEASE = [
  { text: 'Joint Statement on the Second Indonesia–Viet Nam Joint Commission', style: 'Heading1' as const },
  'At the end of the meeting in Hanoi, the two foreign ministers signed a memorandum of understanding on fisheries cooperation.',
  { bullet: 'The ministers asked their officials to finish the review of the maritime boundary talks.' },
  { bullet: 'They welcomed the growth of trade between the two countries.' },
  { table: [['Trade 2024', 'USD 16.7 billion'], ['Target 2030', 'USD 25 billion']] },
  { image: 'png' as const },
  { text: 'Both sides agreed to meet again in Jakarta next year.', footnote: 'Press release no. 12/2025.' },
];

describe('reading a Word document', () => {
  it('takes an Indonesian press release: the Title as title, each paragraph and heading its own paragraph, language id', async () => {
    const article = await ingestor.fromDocument(await buildDocx({ blocks: SIARAN_PERS }), { fileName: 'siaran-pers.docx' });
    expect(article.title).toBe('Indonesia dan Malaysia Sepakati Patroli Bersama di Selat Malaka');
    expect(article.language).toBe('id');
    expect(article.url).toBeNull();
    const paragraphs = article.text.split('\n\n');
    expect(paragraphs[0]).toMatch(/^Jakarta, 6 Mei 2025 — Menteri Luar Negeri Sugiono/);
    expect(paragraphs).toContain('Perlindungan pekerja migran');
    expect(article.text).not.toContain('Sepakati Patroli Bersama');
  });

  it('takes an English one: the first Heading 1 as title; list items and table cells as paragraphs; no picture or note marks', async () => {
    const docx = await readDocx(await buildDocx({ blocks: PRESS_RELEASE }));
    expect(docx.title).toBe('Joint Statement on the Second Indonesia–Viet Nam Joint Commission');
    const paragraphs = docx.text.split('\n\n');
    expect(paragraphs[0]).toMatch(/^At the end of the meeting in Hanoi/);
    expect(paragraphs).toContain('They welcomed the growth of trade between the two countries.');
    expect(paragraphs).toContain('USD 16.7 billion');
    expect(paragraphs.at(-1)).toBe('Both sides agreed to meet again in Jakarta next year.');
    expect(docx.text).not.toMatch(/Press release no\.|\[1\]|↑|data:image|Foto kunjungan/);
    const article = await ingestor.fromDocument(await buildDocx({ blocks: PRESS_RELEASE }), { fileName: 'statement.docx' });
    expect(article).toMatchObject({ title: docx.title, language: 'en' });
  });

  it('leaves the title to the headline rule when no heading opens the document', async () => {
    const blocks = ['Ministers agree to expand maritime patrols', ...PRESS_RELEASE.slice(1, 3), { text: 'Annex', style: 'Heading1' as const }, 'Map of the patrol areas.'];
    expect((await readDocx(await buildDocx({ blocks }))).title).toBeNull();
    const article = await ingestor.fromDocument(await buildDocx({ blocks }), { fileName: 'notes.docx' });
    expect(article.title).toBe('Ministers agree to expand maritime patrols');
    expect(article.text.startsWith('At the end of the meeting in Hanoi')).toBe(true);
  });

  it('keeps 80,000 characters from the start, in whole paragraphs', async () => {
    const paragraph = (i: number) => `Paragraph ${i}: the delegations reviewed the cooperation on trade, energy and maritime security in detail. `.repeat(4).trim();
    const docx = await readDocx(await buildDocx({ blocks: Array.from({ length: 400 }, (_, i) => paragraph(i)) }));
    expect(docx.text.length).toBeLessThanOrEqual(80_000);
    expect(docx.text.length).toBeGreaterThan(79_000);
    expect(docx.text.startsWith('Paragraph 0:')).toBe(true);
    expect(docx.text.endsWith('in detail.')).toBe(true);
  });
});

describe('refusing a Word document that cannot be read', () => {
  it('refuses a zip named .docx without word/document.xml, and truncated bytes, with DOCX_UNREADABLE', async () => {
    const noMain = await failure(ingestor.fromDocument(await buildDocx({ blocks: PRESS_RELEASE, omit: ['word/document.xml'] }), { fileName: 'minutes.docx' }));
    expect(noMain.code).toBe('DOCX_UNREADABLE');
    expect(noMain.message).toContain('no word/document.xml');
    const whole = await buildDocx({ blocks: PRESS_RELEASE });
    const truncated = await failure(ingestor.fromDocument(whole.subarray(0, Math.floor(whole.length / 2)), { fileName: 'minutes.docx' }));
    expect(truncated.code).toBe('DOCX_UNREADABLE');
    expect(userMessage(truncated, 'en')).toBe('This Word document is damaged or not really a .docx, so I cannot read it: paste the text, or save it again as .docx or PDF.');
    expect(userMessage(truncated, 'id')).toMatch(/^Dokumen Word ini rusak/);
  });

  it('refuses a password-protected .docx (an encrypted Office container, not a zip) with DOCX_ENCRYPTED', async () => {
    const error = await failure(ingestor.fromDocument(encryptedOfficeFile(), { fileName: 'nota-diplomatik.docx' }));
    expect(error.code).toBe('DOCX_ENCRYPTED');
    expect(userMessage(error, 'id')).toContain('kata sandi');
    expect(userMessage(error, 'en')).toMatch(/^This Word document is protected with a password/);
  });

  it('refuses an old .doc as UNSUPPORTED_FILE saying to save it as .docx or PDF', async () => {
    const error = await failure(ingestor.fromDocument(legacyWordFile(), { fileName: 'memo.doc', mimeType: 'application/msword' }));
    expect(error.code).toBe('UNSUPPORTED_FILE');
    expect(error.details.reason).toBe('doc');
    expect(error.message).toContain('old Word 97–2003 document (.doc): save it as .docx or PDF');
    expect(userMessage(error, 'en')).toContain('Word (.docx)');
  });

  it('refuses entries declaring more than 50 MB uncompressed with TOO_LARGE, without running mammoth', async () => {
    const bomb = await buildDocx({ blocks: PRESS_RELEASE, extra: { 'word/media/image2.png': new Uint8Array(DOCX_MAX_UNCOMPRESSED_BYTES + 1) } });
    expect(bomb.length).toBeLessThan(200_000);
    const before = conversions.count;
    const error = await failure(readDocx(bomb));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.details).toMatchObject({ reason: 'docx-uncompressed', maxBytes: 50 * 1024 * 1024 });
    expect(conversions.count).toBe(before);
    expect(userMessage(error, 'en')).toBe('That page or file is too large to read. Paste the article text instead.');
  });

  it('runs mammoth for a good document (the counter above counts)', async () => {
    const before = conversions.count;
    await readDocx(await buildDocx({ blocks: PRESS_RELEASE }));
    expect(conversions.count).toBe(before + 1);
  });
});
