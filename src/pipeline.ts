import { fileURLToPath } from 'node:url';
import type { Config } from './config/config.js';
import { type DigestCache, type DigestLocks, type DigestService, type UploadReader, createDigestService } from './digest/digest-service.js';
import type { DigestEngine, EngineRequest } from './digest/engine.js';
import type { OpenAIEngineOptions } from './digest/engines/openai-engine.js';
import { createExtractiveEngine } from './digest/extractive/extractive-engine.js';
import { PROMPT_VERSION, loadPrompts } from './digest/prompts.js';
import type { Ingestor } from './ingest/ingestor.js';
import type { PageFetcher } from './ingest/page-fetcher.js';
import { createSafeFetcher } from './ingest/safe-fetch.js';
import { createPooledExtractiveEngine, createPooledIngestor } from './infra/cpu-pool.js';
import type { WorkerPool } from './infra/worker-pool.js';

/** Where the prompt files live, next to src/ in the repository and the container image. */
export const PROMPTS_DIR = fileURLToPath(new URL('../prompts/', import.meta.url));

export interface PipelineDeps {
  cache: DigestCache;
  /** Injected clock (the extractive engine anchors relative dates on it when a page has no date). */
  now?: () => Date;
  /** Injected fetch for the model client (tests). */
  modelFetch?: typeof fetch;
  /** Cross-instance single-flight of digests (several instances on one database); absent: in-process only. */
  locks?: DigestLocks;
  /** Worker threads for extraction and the built-in engine (createCpuPool); absent: both run on the calling thread. */
  workers?: WorkerPool;
  /** Downloads files uploaded to the bot (src/bot/documents/telegram-files.ts); absent: uploads are refused. */
  uploads?: UploadReader;
}

/** Wires fetcher → ingestor → engines → digest service from a validated Config. */
export function createPipeline(config: Config, deps: PipelineDeps): DigestService {
  const fetcher = createSafeFetcher({
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    allowPrivate: config.fetch.allowPrivate,
    ...(config.fetch.userAgent ? { userAgent: config.fetch.userAgent } : {}),
  });
  const now = deps.now ?? (() => new Date());
  const extractive = deps.workers ? createPooledExtractiveEngine(deps.workers, { now }) : createExtractiveEngine({ now });
  const modelConfigured = Boolean(config.openai.apiKey || config.openai.baseURL);
  let openai: DigestEngine | undefined;
  if (config.summarizer !== 'extractive' && modelConfigured) {
    openai = lazyOpenAIEngine({
      apiKey: config.openai.apiKey,
      baseURL: config.openai.baseURL,
      model: config.openai.model,
      timeoutMs: config.openai.timeoutMs,
      maxRetries: config.openai.maxRetries,
      maxInputTokens: config.openai.maxInputTokens,
      maxOutputTokens: config.openai.maxOutputTokens,
      prompts: loadPrompts(PROMPTS_DIR, PROMPT_VERSION),
      ...(deps.modelFetch ? { fetch: deps.modelFetch } : {}),
    });
  }
  return createDigestService({
    ingestor: deps.workers ? createPooledIngestor(deps.workers, fetcher, { jobTimeLimitMs: config.workers.jobTimeLimitMs }) : lazyIngestor(fetcher),
    engines: openai ? { extractive, openai } : { extractive },
    // `auto` with only a base URL (a local server that needs no key) still uses the model.
    defaultEngine: config.summarizer === 'auto' && openai ? 'auto' : config.summarizer,
    cache: deps.cache,
    promptVersion: PROMPT_VERSION,
    ...(deps.locks ? { locks: deps.locks } : {}),
    ...(deps.uploads ? { uploads: deps.uploads } : {}),
  });
}

/** Loads a module on first use and keeps it: a path never taken never pays for it. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/**
 * The in-process ingestor (no worker threads), loaded on the first page: linkedom, Readability, franc, tldts and
 * unpdf cost the main thread tens of MB, and with worker threads only the workers load them.
 */
function lazyIngestor(fetcher: PageFetcher): Required<Ingestor> {
  const ingestor = once(async () => (await import('./ingest/article-reader.js')).createIngestor({ fetcher }));
  return {
    fromUrl: async (url) => (await ingestor()).fromUrl(url),
    fromHtml: async (html, url) => (await ingestor()).fromHtml(html, url),
    fromText: async (text) => (await ingestor()).fromText(text),
    fromDocument: async (bytes, hints) => (await ingestor()).fromDocument(bytes, hints),
  };
}

/** The OpenAI engine, whose SDK (about 13 MB) is loaded on the first model call, not by a bot that never makes one. */
function lazyOpenAIEngine(options: OpenAIEngineOptions): DigestEngine {
  const engine = once(async () => (await import('./digest/engines/openai-engine.js')).createOpenAIEngine(options));
  return { name: 'openai', model: options.model, generate: async (request: EngineRequest) => (await engine()).generate(request) };
}
