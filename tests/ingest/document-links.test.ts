import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestService } from '../../src/digest/digest-service.js';
import { createExtractiveEngine } from '../../src/digest/extractive/extractive-engine.js';
import { createMemoryDigestCache } from '../../src/digest/memory-cache.js';
import { userMessage } from '../../src/errors/user-messages.js';
import { createIngestor } from '../../src/ingest/article-reader.js';
import { encryptedPdf, longStatementPdf, scannedPdf, statementPdf, wrap } from '../fixtures/documents/generate.js';
import { buildDocx, encryptedOfficeFile, legacyWordFile } from '../support/docx-builder.js';
import { type SiteServer, startSiteServer } from '../support/site-server.js';
import { failure } from '../support/failure.js';

const HOST = 'kemlu.example';
const TITLE = 'Joint Statement of the Foreign Ministers of Indonesia and Malaysia';
const SIGNING = 'In Jakarta on Tuesday, the two ministers signed a memorandum of understanding on maritime border cooperation.';

/** A two-page ministry statement whose first paragraph reports a signing (an agreement the digest must quote). */
const statement = () =>
  statementPdf({
    title: TITLE,
    header: 'MINISTRY OF FOREIGN AFFAIRS · PRESS RELEASE',
    footer: 'Page {n} of {total}',
    creationDate: new Date('2025-05-06T03:00:00Z'),
    lang: 'en-GB',
    pages: [
      {
        heading: 'Joint Statement',
        paragraphs: [
          wrap(`${SIGNING} Foreign Minister Sugiono of Indonesia and Foreign Minister Mohamad Hasan of Malaysia met for the annual consultation.`),
          wrap('The ministers reviewed the joint patrols in the Malacca Strait and asked their officials to prepare a report on incidents at sea within three months.'),
        ],
      },
      {
        paragraphs: [
          wrap('Both ministers reaffirmed their commitment to ASEAN centrality and to the peaceful settlement of disputes in line with international law.'),
          wrap('They also discussed the protection of migrant workers and agreed that officials would meet again in Kuala Lumpur before the end of the year.'),
        ],
      },
    ],
  });

let site: SiteServer;
const service = () =>
  createDigestService({
    ingestor: createIngestor({ fetcher: site.fetcher }),
    engines: { extractive: createExtractiveEngine({ now: () => new Date('2025-05-07T00:00:00Z') }) },
    defaultEngine: 'extractive',
    cache: createMemoryDigestCache({ ttlMs: 60_000 }),
    promptVersion: 'test',
  });

beforeAll(async () => {
  site = await startSiteServer([HOST]);
  const pdf = await statement();
  site.route(HOST, '/statement.pdf', { body: pdf, contentType: 'application/pdf' });
  site.route(HOST, '/berita/statement', { body: pdf, contentType: 'text/html; charset=utf-8' });
  site.route(HOST, '/download?id=7', { body: pdf, contentType: 'application/octet-stream' });
  site.route(HOST, '/scan.pdf', { body: await scannedPdf(), contentType: 'application/pdf' });
  site.route(HOST, '/locked.pdf', { body: await encryptedPdf({ title: TITLE, pages: [{ paragraphs: [wrap(SIGNING)] }] }, 'secret'), contentType: 'application/pdf' });
  site.route(HOST, '/photo.png', { body: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), contentType: 'image/png' });
  site.route(HOST, '/archive', { body: Buffer.from('504b0304140000000800', 'hex'), contentType: 'application/octet-stream' });
  site.route(HOST, '/long.pdf', { body: await longStatementPdf(60), contentType: 'application/pdf' });
  const docx = await buildDocx({
    blocks: [
      { text: TITLE, style: 'Title' },
      SIGNING,
      'The ministers reviewed the joint patrols in the Malacca Strait and asked their officials to prepare a report on incidents at sea within three months.',
      'They also discussed the protection of migrant workers and agreed that officials would meet again in Kuala Lumpur before the end of the year.',
    ],
  });
  site.route(HOST, '/siaran/statement.docx', { body: docx, contentType: DOCX_TYPE });
  site.route(HOST, '/unduh?id=9', { body: docx, contentType: 'application/octet-stream' });
  site.route(HOST, '/untyped-docx', { body: docx, contentType: null });
  site.route(HOST, '/locked.docx', { body: encryptedOfficeFile(), contentType: DOCX_TYPE });
  // IIS and many CMSs label a .docx as Word 97 or as a zip.
  site.route(HOST, '/Lampiran/Siaran%20Pers.docx', { body: docx, contentType: 'application/msword' });
  site.route(HOST, '/files/statement.zip', { body: docx, contentType: 'application/zip' });
  site.route(HOST, '/files/statement-x.zip', { body: docx, contentType: 'application/x-zip-compressed' });
  site.route(HOST, '/locked-msword', { body: encryptedOfficeFile(), contentType: 'application/msword' });
  site.route(HOST, '/lama.doc', { body: legacyWordFile(), contentType: 'application/msword' });
  site.route(HOST, '/photos.zip', { body: Buffer.from('504b0304140000000800', 'hex'), contentType: 'application/zip' });
});

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

afterAll(async () => {
  await site.close();
});

describe('a PDF link through the pipeline', () => {
  it('digests a PDF served as application/pdf with its metadata title, date and the host that served it, quoting the signing verbatim', async () => {
    const { digest } = await service().digest({ input: { kind: 'url', url: site.url(HOST, '/statement.pdf') }, language: 'en' });
    expect(digest.source.title).toBe(TITLE);
    expect(digest.source.publishedAt).toBe('2025-05-06T03:00:00.000Z');
    expect(digest.source.publisher).toBe(HOST);
    expect(digest.source.url).toBe(site.url(HOST, '/statement.pdf'));
    expect(digest.source.language).toBe('en');
    const agreement = digest.agreements.find((item) => /memorandum of understanding/i.test(item.evidence));
    expect(agreement?.evidence).toBeDefined();
    expect(SIGNING).toContain((agreement?.evidence ?? '').replace(/\.$/, ''));
  });

  it('reads a PDF that the server labels text/html as a PDF, not as markup', async () => {
    const article = await createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, '/berita/statement'));
    expect(article.title).toBe(TITLE);
    expect(article.text).toContain('signed a memorandum of understanding on maritime border cooperation');
    expect(article.text).not.toMatch(/%PDF|endobj|\bTj\b/);
    // Running header and page numbers are gone; with the title from metadata, the printed heading and the first
    // paragraph stay text instead of one of them being taken as a headline.
    expect(article.text).not.toMatch(/PRESS RELEASE|Page \d of 2/);
    expect(article.text).toMatch(/^Joint Statement\n\nIn Jakarta on Tuesday/);
  });

  it('reads application/octet-stream when its bytes are a PDF', async () => {
    const article = await createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, '/download?id=7'));
    expect(article.title).toBe(TITLE);
    expect(article.fetchedUrl).toBe(site.url(HOST, '/download?id=7'));
  });

  it('refuses a scanned PDF with the no-text-layer message, not an empty digest', async () => {
    const error = await failure(service().digest({ input: { kind: 'url', url: site.url(HOST, '/scan.pdf') }, language: 'en' }));
    expect(error.code).toBe('PDF_NO_TEXT');
    expect(userMessage(error, 'en')).toMatch(/no text layer \(a scan\?\)/);
  });

  it('refuses a password-protected PDF with PDF_ENCRYPTED', async () => {
    const error = await failure(service().digest({ input: { kind: 'url', url: site.url(HOST, '/locked.pdf') }, language: 'id' }));
    expect(error.code).toBe('PDF_ENCRYPTED');
    expect(userMessage(error, 'id')).toContain('kata sandi');
  });

  it('refuses an image link and an octet-stream that is not a PDF, naming web pages and PDFs as what works', async () => {
    for (const path of ['/photo.png', '/archive']) {
      const error = await failure(createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, path)));
      expect(error.code).toBe('UNSUPPORTED_CONTENT_TYPE');
      expect(userMessage(error, 'en')).toMatch(/neither a web page nor a PDF or Word document/);
      expect(userMessage(error, 'en')).not.toContain('PDFs, images and videos are not supported');
    }
  });

  it('reads a long document from the start, 50 pages at most, and the digest says only the first part was read', async () => {
    const article = await createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, '/long.pdf'));
    expect(article.text).toContain('(item 1)');
    expect(article.text).toContain('(item 250)'); // page 50, paragraph 5
    expect(article.text).not.toContain('(item 251)'); // page 51 is past the page cap
    const { digest } = await service().digest({ input: { kind: 'url', url: site.url(HOST, '/long.pdf') }, language: 'en' });
    expect(digest.notes.join(' ')).toMatch(/only its first part was read/);
  });
});

describe('a Word document link through the pipeline', () => {
  it('digests a .docx served under its own type, with its Title, the host that served it, quoting the signing verbatim', async () => {
    const { digest } = await service().digest({ input: { kind: 'url', url: site.url(HOST, '/siaran/statement.docx') }, language: 'en' });
    expect(digest.source.title).toBe(TITLE);
    expect(digest.source.publisher).toBe(HOST);
    expect(digest.source.url).toBe(site.url(HOST, '/siaran/statement.docx'));
    expect(digest.source.language).toBe('en');
    const agreement = digest.agreements.find((item) => /memorandum of understanding/i.test(item.evidence));
    expect(SIGNING).toContain((agreement?.evidence ?? '').replace(/\.$/, ''));
  });

  it('reads a .docx served as application/octet-stream or with no type by its zip entries', async () => {
    for (const path of ['/unduh?id=9', '/untyped-docx']) {
      const article = await createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, path));
      expect(article.title).toBe(TITLE);
      expect(article.fetchedUrl).toBe(site.url(HOST, path));
      expect(article.text.startsWith(SIGNING)).toBe(true);
    }
  });

  it('reads a .docx that the server labels application/msword or as a zip by its zip entries', async () => {
    for (const path of ['/Lampiran/Siaran%20Pers.docx', '/files/statement.zip', '/files/statement-x.zip']) {
      const article = await createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, path));
      expect(article.title, path).toBe(TITLE);
      expect(article.publisher, path).toBe(HOST);
      expect(article.text.startsWith(SIGNING), path).toBe(true);
    }
  });

  it('names an old .doc behind an application/msword link instead of a generic refusal, and refuses a zip that is not a .docx', async () => {
    const doc = await failure(createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, '/lama.doc')));
    expect(doc.code).toBe('UNSUPPORTED_FILE');
    expect(doc.details.reason).toBe('doc');
    expect(doc.message).toMatch(/save it as \.docx or PDF/);
    const locked = await failure(createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, '/locked-msword')));
    expect(locked.code).toBe('DOCX_ENCRYPTED');
    const zip = await failure(createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, '/photos.zip')));
    expect(zip.code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(zip.message).toMatch(/application\/zip that is not a PDF or a \.docx/);
  });

  it('refuses a password-protected .docx link with DOCX_ENCRYPTED', async () => {
    const error = await failure(createIngestor({ fetcher: site.fetcher }).fromUrl(site.url(HOST, '/locked.docx')));
    expect(error.code).toBe('DOCX_ENCRYPTED');
    expect(userMessage(error, 'en')).toContain('password');
  });
});
