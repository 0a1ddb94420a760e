import type { DigestEngine, EngineRequest, EngineResult } from '../digest/engine.js';
import { EXTRACTIVE_MODEL } from '../digest/extractive/extractive-engine.js';
import type { Article } from '../ingest/article.js';
import type { PageFetcher } from '../ingest/page-fetcher.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { CpuTask } from './cpu-tasks.js';
import { type WorkerPool, createWorkerPool } from './worker-pool.js';

// Beside this file: cpu-tasks.ts under tsx and vitest, cpu-tasks.js when compiled to dist/.
const CPU_TASKS = new URL(`./cpu-tasks${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Settings of the pool that reads pages and runs the built-in engine (WORKER_THREADS, JOB_TIME_LIMIT_MS). */
export interface CpuPoolOptions {
  threads: number;
  /** Threads kept warm for good (default: all); the others start on demand and exit after `idleTimeoutMs` idle. */
  warmThreads?: number;
  idleTimeoutMs?: number;
  timeLimitMs: number;
  onError?: (error: unknown) => void;
}

/** The worker pool for extraction and the built-in engine. */
export function createCpuPool(options: CpuPoolOptions): WorkerPool {
  return createWorkerPool({
    module: CPU_TASKS,
    threads: options.threads,
    ...(options.warmThreads !== undefined ? { warmThreads: options.warmThreads } : {}),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    timeLimitMs: options.timeLimitMs,
    ...(options.onError ? { onError: options.onError } : {}),
  });
}

const runTask = <R>(pool: WorkerPool, task: CpuTask, label: string) => pool.run<CpuTask, R>(task, label);

/** What the pooled Ingestor needs to know about its pool. */
export interface PooledIngestorOptions {
  /** The pool's JOB_TIME_LIMIT_MS; readPdf gets its own limit a second under it (see pdfTimeLimit). */
  jobTimeLimitMs?: number;
}

/**
 * readPdf's limit inside a pool job: a second under the job's, so a PDF that is slow page after page ends with
 * readPdf's clean PROCESSING_TIMEOUT, and one stuck inside a single page (pdf.js does not yield) is killed with
 * its worker at the job limit. At least half the job limit for very short limits.
 */
export function pdfTimeLimit(jobTimeLimitMs: number): number {
  return Math.max(Math.round(jobTimeLimitMs / 2), jobTimeLimitMs - 1000);
}

/** An Ingestor that fetches on the main thread (I/O) and extracts in the pool (CPU on untrusted input: pages, PDFs, .docx, text). */
export function createPooledIngestor(pool: WorkerPool, fetcher: PageFetcher, options: PooledIngestorOptions = {}): Required<Ingestor> {
  const limit = options.jobTimeLimitMs ? { pdfTimeLimitMs: pdfTimeLimit(options.jobTimeLimitMs) } : {};
  return {
    async fromUrl(url) {
      const page = await fetcher.fetchPage(url);
      return runTask<Article>(pool, { kind: 'page', page, ...limit }, page.bytes ? (page.contentType === 'application/pdf' ? 'Reading the PDF' : 'Reading the document') : 'Reading the page');
    },
    fromHtml: (html, url) => runTask<Article>(pool, { kind: 'html', html, url }, 'Reading the page'),
    fromText: (text) => runTask<Article>(pool, { kind: 'text', text }, 'Reading the text'),
    fromDocument: (bytes, hints) => runTask<Article>(pool, { kind: 'document', bytes, hints, ...limit }, 'Reading the document'),
  };
}

/** The built-in extractive engine, run in the pool; same name and model, so cache keys do not change. */
export function createPooledExtractiveEngine(pool: WorkerPool, deps: { now: () => Date }): DigestEngine {
  return {
    name: 'extractive',
    model: EXTRACTIVE_MODEL,
    generate: (request: EngineRequest) =>
      runTask<EngineResult>(pool, { kind: 'extractive', request, now: deps.now().toISOString() }, 'Summarizing'),
  };
}
