// Worker-thread side of the CPU pool: the jobs that parse untrusted pages and text (linkedom, Readability,
// clean-up) and the built-in engine. Inputs and results are plain data (structured clone).
import type { EngineRequest, EngineResult } from '../digest/engine.js';
import { createExtractiveEngine } from '../digest/extractive/extractive-engine.js';
import type { Article } from '../ingest/article.js';
import type { FetchedPage } from '../ingest/page-fetcher.js';
import { createIngestor } from '../ingest/article-reader.js';
import { serveTasks } from './worker-protocol.js';

/** One job for a worker. */
export type CpuTask =
  /** A page fetched on the main thread: extracted exactly as `Ingestor.fromUrl` would. */
  | { kind: 'page'; page: FetchedPage }
  | { kind: 'html'; html: string; url: string | null }
  | { kind: 'text'; text: string }
  /** The built-in engine; `now` is the caller's clock (ISO), so an injected clock still anchors relative dates. */
  | { kind: 'extractive'; request: EngineRequest; now: string };

const noFetch = { fetchPage: () => Promise.reject(new Error('a worker never fetches')) };
const ingestor = createIngestor({ fetcher: noFetch });

export function runCpuTask(task: CpuTask): Promise<Article | EngineResult> | Article {
  switch (task.kind) {
    case 'page':
      // The main thread fetched (network, SSRF guard); this replays its page through the same Ingestor code.
      return createIngestor({ fetcher: { fetchPage: () => Promise.resolve(task.page) } }).fromUrl(task.page.url);
    case 'html':
      return ingestor.fromHtml(task.html, task.url);
    case 'text':
      return ingestor.fromText(task.text);
    case 'extractive':
      return createExtractiveEngine({ now: () => new Date(task.now) }).generate(task.request);
  }
}

export default serveTasks(runCpuTask);
