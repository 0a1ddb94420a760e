import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractiveEngine } from '../../src/digest/extractive/extractive-engine.js';
import { AppError } from '../../src/errors/app-error.js';
import type { FetchedPage } from '../../src/ingest/page-fetcher.js';
import { parseConfig } from '../../src/config/config.js';
import { createMemoryDigestCache } from '../../src/digest/memory-cache.js';
import { createIngestor } from '../../src/ingest/article-reader.js';
import { createCpuPool, createPooledExtractiveEngine, createPooledIngestor } from '../../src/infra/cpu-pool.js';
import type { WorkerPool } from '../../src/infra/worker-pool.js';
import { createPipeline } from '../../src/pipeline.js';
import { SLOW_HOSTILE_INPUTS } from '../fixtures/hostile/generate.js';

/** A worker loads linkedom, Readability and the engine first: seconds on a busy machine. */
const WORKER_TEST_TIMEOUT = 60_000;

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const html = readFileSync(join(FIXTURES, 'pages', 'antara-like-article.html'), 'utf8');
const seedText = readFileSync(join(FIXTURES, 'antara-putin-pezeshkian-id.txt'), 'utf8');
const URL_SENT = 'https://news.example/world/ministers-meet';

const pages: Record<string, FetchedPage> = {
  [URL_SENT]: { url: `${URL_SENT}?from=redirect`, status: 200, contentType: 'text/html', body: html },
  'https://news.example/plain': { url: 'https://news.example/plain', status: 200, contentType: 'text/plain', body: seedText },
  'https://news.example/cookies': {
    url: 'https://news.example/cookies',
    status: 200,
    contentType: 'text/html',
    body: readFileSync(join(FIXTURES, 'pages', 'cookie-wall.html'), 'utf8'),
  },
};
const fetcher = { fetchPage: async (url: string) => pages[url] ?? Promise.reject(new Error(`no page ${url}`)) };
const clock = () => new Date('2026-03-04T05:06:07Z');

let pool: WorkerPool;
beforeAll(() => {
  pool = createCpuPool({ threads: 1, timeLimitMs: 60_000 });
});
afterAll(() => pool.close());

const caught = (run: () => unknown) =>
  Promise.resolve()
    .then(run)
    .then(
      () => expect.fail('should have thrown'),
      (error: unknown) => error as AppError,
    );

describe('pooled extraction and engine', { timeout: WORKER_TEST_TIMEOUT }, () => {
  const local = createIngestor({ fetcher });

  it('reads a fetched page in a worker into the same Article as in-process', async () => {
    const pooled = await createPooledIngestor(pool, fetcher).fromUrl(URL_SENT);
    expect(pooled.text.length).toBeGreaterThan(500);
    expect(pooled).toEqual(await local.fromUrl(URL_SENT));
  });

  it('reads HTML in hand, a text/plain page and pasted text exactly as in-process', async () => {
    const pooled = createPooledIngestor(pool, fetcher);
    expect(await pooled.fromHtml(html, null)).toEqual(local.fromHtml(html, null));
    expect(await pooled.fromUrl('https://news.example/plain')).toEqual(await local.fromUrl('https://news.example/plain'));
    expect(await pooled.fromText(seedText)).toEqual(local.fromText(seedText));
  });

  it('refuses a thin page from a worker with the same AppError code and details as in-process', async () => {
    const inWorker = await caught(() => createPooledIngestor(pool, fetcher).fromUrl('https://news.example/cookies'));
    const inProcess = await caught(() => local.fromUrl('https://news.example/cookies'));
    expect(inWorker).toBeInstanceOf(AppError);
    expect({ code: inWorker.code, message: inWorker.message, details: inWorker.details }).toEqual({
      code: inProcess.code,
      message: inProcess.message,
      details: inProcess.details,
    });
  });

  it('runs the built-in engine in a worker with the caller’s clock and the same draft as in-process', async () => {
    const article = { ...local.fromText(seedText), publishedAt: null };
    const pooled = createPooledExtractiveEngine(pool, { now: clock });
    const inProcess = createExtractiveEngine({ now: clock });
    expect({ name: pooled.name, model: pooled.model }).toEqual({ name: inProcess.name, model: inProcess.model });
    for (const language of ['en', 'id'] as const) {
      expect(await pooled.generate({ article, language })).toEqual(await inProcess.generate({ article, language }));
    }
    const french = await caught(() => pooled.generate({ article: { ...article, language: 'fr' }, language: 'en' }));
    expect(french.code).toBe('UNSUPPORTED_LANGUAGE');
  });
});

describe('a hostile page in the pipeline', { timeout: WORKER_TEST_TIMEOUT }, () => {
  it.each(SLOW_HOSTILE_INPUTS.map((input) => [input.name, input] as const))(
    '%s is stopped at JOB_TIME_LIMIT_MS with PROCESSING_TIMEOUT, its worker terminated, while the event loop keeps running',
    async (_name, input) => {
      expect(input.expected).toEqual({ outcome: 'error', code: 'PROCESSING_TIMEOUT' });
      const config = parseConfig({ SUMMARIZER: 'extractive', WORKER_THREADS: '1', JOB_TIME_LIMIT_MS: '250' });
      const workers = createCpuPool({ threads: config.workers.threads ?? 1, timeLimitMs: config.workers.jobTimeLimitMs });
      try {
        const service = createPipeline(config, { cache: createMemoryDigestCache({ ttlMs: 60_000 }), workers });
        const [worker] = workers.stats().threadIds;
        let ticks = 0;
        const ticker = setInterval(() => (ticks += 1), 10);
        const error = await caught(() => service.digest({ input: { kind: 'html', html: input.build(), url: null }, language: 'id' }));
        clearInterval(ticker);

        expect(error).toBeInstanceOf(AppError);
        expect(error.code).toBe('PROCESSING_TIMEOUT');
        expect(error.details).toMatchObject({ limitMs: 250 });
        expect(ticks).toBeGreaterThan(1);
        expect(workers.stats()).toMatchObject({ timedOut: 1 });
        expect(workers.stats().threadIds).not.toContain(worker);
        // The pool keeps serving: the next (normal) input is read by the replacement worker.
        const article = await service.read({ kind: 'text', text: seedText });
        expect(article.text.length).toBeGreaterThan(500);
      } finally {
        await workers.close();
      }
    },
  );
});
