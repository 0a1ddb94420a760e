import type { Article } from '../ingest/article.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { Language, Digest } from './schema.js';

/** What the user gave us. */
export type DigestInput =
  | { kind: 'url'; url: string }
  | { kind: 'text'; text: string }
  /** An HTML document in hand (a local .html file); extracted exactly like a fetched page. */
  | { kind: 'html'; html: string; url: string | null };

export type EngineChoice = 'auto' | 'openai' | 'extractive';

export interface DigestRequest {
  input: DigestInput;
  language: Language;
  /** Overrides the configured SUMMARIZER for this request. */
  engine?: EngineChoice;
}

export interface DigestOutcome {
  digest: Digest;
  /** True when no engine ran (served from the cache). */
  cached: boolean;
}

/** Stores finished digests. Keys come from `digestCacheKey`. */
export interface DigestCache {
  get(key: string): Promise<Digest | undefined>;
  set(key: string, digest: Digest): Promise<void>;
}

/** The product's main job, shared by the CLI and the bot. */
export interface DigestService {
  /** Read, summarize, verify evidence and cache. Throws AppError on bad input. */
  digest(request: DigestRequest): Promise<DigestOutcome>;
  /** Only read the input (what `--format article` prints). */
  read(input: DigestInput): Promise<Article>;
}

export interface DigestServiceDeps {
  ingestor: Ingestor;
  /** Engine objects by name; `openai` is absent when no model is configured. */
  engines: { extractive: import('./engine.js').DigestEngine; openai?: import('./engine.js').DigestEngine };
  /** The configured SUMMARIZER. */
  defaultEngine: EngineChoice;
  cache: DigestCache;
  /** Prompt version; part of the cache key so a prompt change invalidates old digests. */
  promptVersion: string;
}
