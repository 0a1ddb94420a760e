import type { Article } from '../ingest/article.js';
import type { DigestDraft, EngineName, Language } from './schema.js';

/** What an engine is asked to do: digest one article into one language. */
export interface EngineRequest {
  article: Article;
  language: Language;
}

/** An engine's answer before the evidence check. */
export interface EngineResult {
  draft: DigestDraft;
  /** Caveats in the digest language (e.g. "quotes stay in Indonesian"). */
  notes: string[];
}

/** A summarizer. Engines never fetch pages or touch chats; they only turn an Article into a draft. */
export interface DigestEngine {
  readonly name: EngineName;
  /** Model name (OpenAI) or engine version (extractive); part of the cache key. */
  readonly model: string;
  /** Throws AppError (MODEL_* codes, UNSUPPORTED_LANGUAGE) when it cannot produce a draft. */
  generate(request: EngineRequest): Promise<EngineResult>;
}
