import { fileURLToPath } from 'node:url';
import type { Config } from './config/config.js';
import { type DigestCache, type DigestLocks, type DigestService, type UploadReader, createDigestService } from './digest/digest-service.js';
import type { DigestEngine } from './digest/engine.js';
import { createOpenAIEngine } from './digest/engines/openai-engine.js';
import { createExtractiveEngine } from './digest/extractive/extractive-engine.js';
import { PROMPT_VERSION, loadPrompts } from './digest/prompts.js';
import { createIngestor } from './ingest/article-reader.js';
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
    openai = createOpenAIEngine({
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
    ingestor: deps.workers ? createPooledIngestor(deps.workers, fetcher, { jobTimeLimitMs: config.workers.jobTimeLimitMs }) : createIngestor({ fetcher }),
    engines: openai ? { extractive, openai } : { extractive },
    // `auto` with only a base URL (a local server that needs no key) still uses the model.
    defaultEngine: config.summarizer === 'auto' && openai ? 'auto' : config.summarizer,
    cache: deps.cache,
    promptVersion: PROMPT_VERSION,
    ...(deps.locks ? { locks: deps.locks } : {}),
    ...(deps.uploads ? { uploads: deps.uploads } : {}),
  });
}
