// Worker-thread side of the CPU pool: the jobs that parse untrusted pages, documents and text (linkedom,
// Readability, pdf.js, clean-up) and the built-in engine. Inputs and results are plain data (structured clone).
import type { EngineRequest, EngineResult } from '../digest/engine.js';
import { createExtractiveEngine } from '../digest/extractive/extractive-engine.js';
import type { Article } from '../ingest/article.js';
import type { DocumentHints } from '../ingest/document-reader.js';
import type { FetchedPage } from '../ingest/page-fetcher.js';
import { createIngestor } from '../ingest/article-reader.js';
import { serveTasks } from './worker-protocol.js';

/** One job for a worker. `pdfTimeLimitMs` is readPdf's own limit, set just under the pool's job time limit. */
export type CpuTask =
  /** A page fetched on the main thread: extracted exactly as `Ingestor.fromUrl` would (a PDF arrives as bytes). */
  | { kind: 'page'; page: FetchedPage; pdfTimeLimitMs?: number }
  | { kind: 'html'; html: string; url: string | null }
  | { kind: 'text'; text: string }
  /** A document in hand (local file, upload): sniffed, then PDF, HTML, Markdown or text, as `Ingestor.fromDocument`. */
  | { kind: 'document'; bytes: Uint8Array; hints: DocumentHints; pdfTimeLimitMs?: number }
  /** The built-in engine; `now` is the caller's clock (ISO), so an injected clock still anchors relative dates. */
  | { kind: 'extractive'; request: EngineRequest; now: string };

const noFetch = { fetchPage: () => Promise.reject(new Error('a worker never fetches')) };
const ingestor = createIngestor({ fetcher: noFetch });

export function runCpuTask(task: CpuTask): Promise<Article | EngineResult> | Article {
  switch (task.kind) {
    case 'page': {
      // The main thread fetched (network, SSRF guard); this replays its page through the same Ingestor code.
      const limit = task.pdfTimeLimitMs ? { pdfTimeLimitMs: task.pdfTimeLimitMs } : {};
      return createIngestor({ fetcher: { fetchPage: () => Promise.resolve(task.page) }, ...limit }).fromUrl(task.page.url);
    }
    case 'html':
      return ingestor.fromHtml(task.html, task.url);
    case 'text':
      return ingestor.fromText(task.text);
    case 'document':
      return createIngestor({ fetcher: noFetch, ...(task.pdfTimeLimitMs ? { pdfTimeLimitMs: task.pdfTimeLimitMs } : {}) }).fromDocument(task.bytes, task.hints);
    case 'extractive':
      return createExtractiveEngine({ now: () => new Date(task.now) }).generate(task.request);
  }
}

export default serveTasks(runCpuTask);
