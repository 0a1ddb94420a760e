import { afterEach, describe, expect, it } from 'vitest';
import { createIngestor } from '../../src/ingest/article-reader.js';
import type { FetchedPage } from '../../src/ingest/page-fetcher.js';
import { createCpuPool, createPooledIngestor, pdfTimeLimit } from '../../src/infra/cpu-pool.js';
import type { WorkerPool } from '../../src/infra/worker-pool.js';
import { rawPdf, statementPdf, wrap } from '../fixtures/documents/generate.js';
import { failure } from '../support/failure.js';

/** A worker loads linkedom, Readability, pdf.js and the engine first: seconds on a busy machine. */
const WORKER_TEST_TIMEOUT = 60_000;

/**
 * One page whose content stream holds 200,000 positioned text runs (5 MB): pdf.js reads a page's text in one go
 * without yielding, for seconds, so readPdf's own timer cannot fire; only the pool's job limit stops it.
 */
function oneHeavyPagePdf(runs = 600_000): Uint8Array {
  const ops = Array.from({ length: runs }, (_, i) => `1 0 0 1 ${50 + (i % 40)} ${700 - (i % 50)} Tm (w${i % 7}) Tj`).join('\n');
  const content = Buffer.from(`BT /F1 11 Tf\n${ops}\nET`);
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
  ]);
}

const TITLE = 'Joint Communiqué of the Indonesia–Australia Ministerial Council';
const goodPdf = () =>
  statementPdf({
    title: TITLE,
    pages: [
      {
        paragraphs: [
          wrap('The foreign and defence ministers of Indonesia and Australia met in Canberra and reviewed the defence cooperation agreement that entered into force this year.'),
          wrap('They asked their officials to prepare a joint exercise schedule for the coming year and to report on maritime security cooperation at the next council.'),
        ],
      },
    ],
  });

const noFetch = { fetchPage: (): Promise<FetchedPage> => Promise.reject(new Error('no fetching here')) };

let pool: WorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('PDFs in the worker pool', { timeout: WORKER_TEST_TIMEOUT }, () => {
  it('gives readPdf a limit a second under the job limit (half of it for short limits)', () => {
    expect(pdfTimeLimit(10_000)).toBe(9_000);
    expect(pdfTimeLimit(1_000)).toBe(500);
  });

  it('reads an uploaded PDF and a fetched PDF in a worker as the in-process ingestor does', async () => {
    pool = createCpuPool({ threads: 1, timeLimitMs: 30_000 });
    const bytes = await goodPdf();
    const page: FetchedPage = { url: 'https://kemlu.example/communique.pdf', status: 200, contentType: 'application/pdf', body: '', bytes };
    const fetcher = { fetchPage: async () => page };
    const pooled = createPooledIngestor(pool, fetcher, { jobTimeLimitMs: 30_000 });
    const fromUpload = await pooled.fromDocument(bytes, { fileName: 'communique.pdf', mimeType: 'application/pdf' });
    expect(fromUpload).toEqual(await createIngestor({ fetcher: noFetch }).fromDocument(bytes, { fileName: 'communique.pdf', mimeType: 'application/pdf' }));
    expect(fromUpload.title).toBe(TITLE);
    const fromLink = await pooled.fromUrl(page.url);
    expect(fromLink).toEqual(await createIngestor({ fetcher }).fromUrl(page.url));
    expect(fromLink.publisher).toBe('kemlu.example');
  });

  it('stops a PDF stuck inside one page at the job time limit with PROCESSING_TIMEOUT while the event loop keeps running', async () => {
    pool = createCpuPool({ threads: 1, timeLimitMs: 1000 });
    const pooled = createPooledIngestor(pool, noFetch, { jobTimeLimitMs: 1000 });
    // Warm the worker (module loading) so the job limit measures the PDF alone.
    await pooled.fromText('A warm-up text long enough to be read as an article. '.repeat(8));
    let settled = false;
    let ticksWhileRunning = 0;
    const ticker = setInterval(() => {
      if (!settled) ticksWhileRunning++;
    }, 20);
    // 600,000 text runs on one page take about 3 s to parse on an idle machine (200,000 took ~1 s, so a fast machine
    // finished the page inside the 1 s limit and readPdf's own deadline, checked after it, answered instead of the kill).
    const error = await failure(
      pooled.fromDocument(oneHeavyPagePdf(), { fileName: 'hostile.pdf' }).finally(() => {
        settled = true;
      }),
    );
    clearInterval(ticker);
    expect(error.code).toBe('PROCESSING_TIMEOUT');
    // The main thread was free while the worker parsed: its timers kept firing.
    expect(ticksWhileRunning).toBeGreaterThanOrEqual(5);
    expect(pool.stats().timedOut).toBe(1);
    // The killed worker is replaced: the next document is read.
    expect((await pooled.fromDocument(await goodPdf(), {})).title).toBe(TITLE);
  });
});
