import { createHash } from 'node:crypto';
import { AppError, isAppError } from '../errors/app-error.js';
import type { Article } from '../ingest/article.js';
import type { Ingestor } from '../ingest/ingestor.js';
import { safeCanonicalUrl as safeCanonical } from '../ingest/urls.js';
import type { DigestEngine, EngineResult } from './engine.js';
import { checkEvidence } from './evidence.js';
import { pipelineNotes } from './notes.js';
import { type Digest, DigestSchema, type Language } from './schema.js';

/** What the user gave us. */
export type DigestInput =
  | { kind: 'url'; url: string }
  | { kind: 'text'; text: string }
  /** An HTML document in hand (a local .html file); extracted exactly like a fetched page. */
  | { kind: 'html'; html: string; url: string | null }
  /** A document in hand (a local file, an upload): sniffed from its bytes; PDF, HTML, Markdown or text. Keyed by a hash of the bytes. */
  | { kind: 'document'; bytes: Uint8Array; fileName: string | null; mimeType: string | null }
  /**
   * A file uploaded to the messenger and kept there (a Telegram document): downloaded through `uploads` only on a
   * cache miss, and keyed by `contentId` (Telegram's file_unique_id, the same for the same file), so a cached digest
   * costs no download. Unlike 'document' it is small and serialisable: queued jobs and the language button keep it.
   */
  | { kind: 'upload'; fileId: string; contentId: string; fileName: string | null; mimeType: string | null; size: number | null };

/** An 'upload' input. */
export type UploadInput = Extract<DigestInput, { kind: 'upload' }>;

/** Fetches the bytes of an uploaded file (the bot's adapter: getFile and the Bot API file URL). */
export interface UploadReader {
  read(upload: UploadInput): Promise<Uint8Array>;
}

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

/**
 * Stores finished digests. Keys come from `digestCacheKey`: the URL the user sent and the URL finally
 * fetched, never one the page declares. Entries live for a time to live (DIGEST_CACHE_TTL_HOURS) that the
 * implementation enforces: an expired digest is a miss.
 */
export interface DigestCache {
  /** The digest stored under `key`, unless it is missing or older than the time to live. */
  get(key: string): Promise<Digest | undefined>;
  set(key: string, digest: Digest): Promise<void>;
}

/** Default time to live of a cached digest: news changes, and a bad entry must not live for ever. */
export const DEFAULT_DIGEST_TTL_MS = 24 * 60 * 60 * 1000;

/** The product's main job, shared by the CLI and the bot. */
export interface DigestService {
  /** Read, summarize, verify evidence and cache. Throws AppError on bad input. */
  digest(request: DigestRequest): Promise<DigestOutcome>;
  /** Only read the input (what `--format article` prints). */
  read(input: DigestInput): Promise<Article>;
  /** The cached digest for this request, if any, without reading or summarizing (quota checks). */
  peek(request: DigestRequest): Promise<Digest | undefined>;
}

export interface DigestServiceDeps {
  ingestor: Ingestor;
  /** Engine objects by name; `openai` is absent when no model is configured. */
  engines: { extractive: DigestEngine; openai?: DigestEngine };
  /** The configured SUMMARIZER. */
  defaultEngine: EngineChoice;
  cache: DigestCache;
  /** Prompt version; part of the cache key so a prompt change invalidates old digests. */
  promptVersion: string;
  /**
   * Cross-instance single-flight: with several instances on one database, only the lock holder runs
   * the engine for a cache key; the others wait for its digest in the shared cache. Absent: in-process only.
   */
  locks?: DigestLocks;
  /** Downloads 'upload' inputs; absent (the CLI), an upload is refused as UNSUPPORTED_FILE. */
  uploads?: UploadReader;
  /** Injected wait between a waiting instance's cache polls (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** How often a waiting instance looks for the holder's digest. Default 200 ms. */
  lockPollMs?: number;
  /** How long a waiting instance waits before producing the digest itself. Default 120 s. */
  lockWaitMs?: number;
}

/**
 * Named locks shared by every instance (the composition root adapts the store's leases, adding the
 * owner, a TTL and a name prefix). Keys are digest cache keys. A lock must expire on its own, so a
 * holder that dies never blocks the others for longer than the TTL.
 */
export interface DigestLocks {
  /** True when this instance now holds `key` (it was free, expired or already ours). */
  acquire(key: string): Promise<boolean>;
  /** Frees `key` if this instance holds it. */
  release(key: string): Promise<void>;
}


const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Identifies the source before reading it: the URL sent (tracking parameters stripped), or a hash of the content. */
export function sourceKey(input: DigestInput): string {
  switch (input.kind) {
    case 'url':
      return `url:${safeCanonical(input.url)}`;
    case 'text':
      return `text:${sha256(input.text.replace(/\s+/g, ' ').trim())}`;
    case 'html':
      return input.url ? `url:${safeCanonical(input.url)}` : `html:${sha256(input.html)}`;
    case 'document':
      return `doc:${sha256(input.bytes)}`;
    case 'upload':
      return `upload:${input.contentId}`;
  }
}

/** Cache key: source + digest language + engine/model + prompt version. */
export function digestCacheKey(source: string, language: Language, engine: DigestEngine, promptVersion: string): string {
  const version = engine.name === 'openai' ? promptVersion : 'none';
  return [source, language, engine.name, engine.model, version].join('|');
}

const isModelFailure = (error: unknown) => isAppError(error) && error.code.startsWith('MODEL_');

/** The read → summarize → verify → cache pipeline shared by the CLI and the bot. */
export function createDigestService(deps: DigestServiceDeps): DigestService {
  const inFlight = new Map<string, Promise<DigestOutcome>>();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const lockPollMs = Math.max(1, deps.lockPollMs ?? 200);
  const lockWaitMs = deps.lockWaitMs ?? 120_000;

  function pickEngine(choice: EngineChoice): DigestEngine {
    if (choice === 'extractive') return deps.engines.extractive;
    if (deps.engines.openai) return deps.engines.openai;
    if (choice === 'openai') {
      throw new AppError('CONFIG_INVALID', 'The OpenAI engine was requested but no model is configured (set OPENAI_API_KEY or OPENAI_BASE_URL).');
    }
    return deps.engines.extractive;
  }

  async function read(input: DigestInput): Promise<Article> {
    switch (input.kind) {
      case 'url':
        return deps.ingestor.fromUrl(input.url);
      case 'text':
        return deps.ingestor.fromText(input.text);
      case 'html':
        return deps.ingestor.fromHtml(input.html, input.url);
      case 'document':
        if (!deps.ingestor.fromDocument) throw new AppError('UNSUPPORTED_FILE', 'This reader takes links and text only, not files.');
        return deps.ingestor.fromDocument(input.bytes, { fileName: input.fileName, mimeType: input.mimeType });
      case 'upload':
        if (!deps.uploads) throw new AppError('UNSUPPORTED_FILE', 'Uploaded files are not readable here.');
        return read({ kind: 'document', bytes: await deps.uploads.read(input), fileName: input.fileName, mimeType: input.mimeType });
    }
  }

  async function generate(article: Article, language: Language, engine: DigestEngine, choice: EngineChoice) {
    try {
      return { engine, result: await engine.generate({ article, language }), fellBack: false };
    } catch (error) {
      // Only `auto` falls back: someone who asked for the model explicitly wants to know it failed.
      if (choice !== 'auto' || engine === deps.engines.extractive || !isModelFailure(error)) throw error;
      const fallback = deps.engines.extractive;
      let result: EngineResult;
      try {
        result = await fallback.generate({ article, language });
      } catch {
        throw error;
      }
      return { engine: fallback, result, fellBack: true };
    }
  }

  async function produce(request: DigestRequest, engine: DigestEngine, choice: EngineChoice, keys: string[]): Promise<DigestOutcome> {
    const article = await read(request.input);
    // After a redirect the digest is also filed under the URL actually fetched. Never under a URL the page
    // declares about itself (its canonical): any page could then plant a digest under another page's key.
    const fetchedKey =
      request.input.kind === 'url' && article.fetchedUrl
        ? digestCacheKey(`url:${safeCanonical(article.fetchedUrl)}`, request.language, engine, deps.promptVersion)
        : undefined;
    if (fetchedKey && !keys.includes(fetchedKey)) {
      const hit = await deps.cache.get(fetchedKey);
      if (hit) return { digest: hit, cached: true };
      keys.push(fetchedKey);
    }

    const generated = await generate(article, request.language, engine, choice);
    const checked = checkEvidence(generated.result.draft, article.text);
    const droppedCount = checked.dropped.agreements + checked.dropped.nextSteps;
    const notes = [
      ...(generated.fellBack ? [pipelineNotes.modelFallback(request.language)] : []),
      ...generated.result.notes,
      ...(droppedCount > 0 ? [pipelineNotes.droppedUnsupported(request.language, droppedCount)] : []),
    ];
    const digest = DigestSchema.parse({
      ...checked.draft,
      language: request.language,
      engine: generated.engine.name,
      model: generated.engine.model,
      source: {
        url: article.url,
        title: article.title,
        publisher: article.publisher,
        publishedAt: article.publishedAt,
        language: article.language,
      },
      notes,
    });

    // A fallback digest is not stored under the model's key, so the next request tries the model again.
    const storeKeys = generated.fellBack
      ? keys.map((key) => key.replace(`|${engine.name}|${engine.model}|${deps.promptVersion}`, `|${generated.engine.name}|${generated.engine.model}|none`))
      : keys;
    await Promise.all(storeKeys.map((key) => deps.cache.set(key, digest)));
    return { digest, cached: false };
  }

  /** A lock store that is down must not stop digests: without it we only lose the dedupe. */
  async function tryAcquire(locks: DigestLocks, key: string): Promise<boolean | 'unavailable'> {
    try {
      return await locks.acquire(key);
    } catch {
      return 'unavailable';
    }
  }

  async function produceHolding(locks: DigestLocks, request: DigestRequest, engine: DigestEngine, choice: EngineChoice, key: string): Promise<DigestOutcome> {
    try {
      // Another instance may have finished (and released) between our cache miss and the acquire.
      const hit = await deps.cache.get(key);
      if (hit) return { digest: hit, cached: true };
      return await produce(request, engine, choice, [key]);
    } finally {
      // A failed release only delays the others until the lease expires.
      await locks.release(key).catch(() => undefined);
    }
  }

  /** One engine call per key across instances: the lock holder produces, the others read its digest from the shared cache. */
  async function produceShared(locks: DigestLocks, request: DigestRequest, engine: DigestEngine, choice: EngineChoice, key: string): Promise<DigestOutcome> {
    const first = await tryAcquire(locks, key);
    if (first === 'unavailable') return produce(request, engine, choice, [key]);
    if (first) return produceHolding(locks, request, engine, choice, key);
    // Elapsed time is counted in polls, not read from a clock, so an injected sleep controls it fully.
    for (let waited = 0; waited < lockWaitMs; waited += lockPollMs) {
      await sleep(lockPollMs);
      const hit = await deps.cache.get(key);
      if (hit) return { digest: hit, cached: true };
      // Free again without a digest: the holder failed (or died and its lease expired), so we try ourselves.
      const again = await tryAcquire(locks, key);
      if (again === true) return produceHolding(locks, request, engine, choice, key);
    }
    // Waited long enough: a slow holder must not make this user wait forever.
    return produce(request, engine, choice, [key]);
  }

  const keyFor = (request: DigestRequest, engine: DigestEngine) =>
    digestCacheKey(sourceKey(request.input), request.language, engine, deps.promptVersion);

  return {
    read,
    async peek(request) {
      return deps.cache.get(keyFor(request, pickEngine(request.engine ?? deps.defaultEngine)));
    },
    async digest(request) {
      const choice = request.engine ?? deps.defaultEngine;
      const engine = pickEngine(choice);
      const key = keyFor(request, engine);
      const hit = await deps.cache.get(key);
      if (hit) return { digest: hit, cached: true };

      // Two chats asking for the same article at once share one model call.
      const running = inFlight.get(key);
      if (running) return running.then((outcome) => ({ ...outcome, cached: true }));
      const job = (deps.locks ? produceShared(deps.locks, request, engine, choice, key) : produce(request, engine, choice, [key])).finally(() =>
        inFlight.delete(key),
      );
      inFlight.set(key, job);
      return job;
    },
  };
}
