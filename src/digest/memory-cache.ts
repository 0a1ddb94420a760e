import { DEFAULT_DIGEST_TTL_MS, type DigestCache } from './digest-service.js';
import type { Digest } from './schema.js';

/** Options of {@link createMemoryDigestCache}. */
export interface MemoryDigestCacheOptions {
  /** Entries kept; the least recently used goes first. Default 500. */
  maxEntries?: number;
  /** How long a digest is served (DIGEST_CACHE_TTL_HOURS). Default one day. */
  ttlMs?: number;
  /** Injected clock (tests). */
  now?: () => number;
}

/** In-process LRU digest cache with a time to live, for the CLI and tests; the bot uses the database-backed one. */
export function createMemoryDigestCache(options: MemoryDigestCacheOptions = {}): DigestCache & { size(): number } {
  const maxEntries = options.maxEntries ?? 500;
  const ttlMs = options.ttlMs ?? DEFAULT_DIGEST_TTL_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { digest: Digest; storedAt: number }>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (now() - entry.storedAt >= ttlMs) return undefined;
      entries.set(key, entry);
      return entry.digest;
    },
    async set(key, digest) {
      entries.delete(key);
      entries.set(key, { digest, storedAt: now() });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    size: () => entries.size,
  };
}

/** Options of {@link createLayeredDigestCache}. */
export interface LayeredDigestCacheOptions {
  /** Digests kept in memory; the least recently used goes first. Default 200. */
  maxEntries?: number;
  /**
   * How long a digest stays in memory after it was stored or read. Default 10 minutes: short, because the
   * store's own time to live counts from when the digest was made, and memory must not extend it by much.
   */
  ttlMs?: number;
  now?: () => number;
}

/**
 * A bounded in-memory LRU in front of the store's cache: a warm answer reads the database once per
 * article, not once per request, and gets the same Digest object each time (so its rendering can be
 * kept with it). Writes go to the store first, then to memory.
 */
export function createLayeredDigestCache(back: DigestCache, options: LayeredDigestCacheOptions = {}): DigestCache {
  const front = createMemoryDigestCache({
    maxEntries: options.maxEntries ?? 200,
    ttlMs: options.ttlMs ?? 10 * 60 * 1000,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    async get(key) {
      const near = await front.get(key);
      if (near) return near;
      const far = await back.get(key);
      if (far) await front.set(key, far);
      return far;
    },
    async set(key, digest) {
      await back.set(key, digest);
      await front.set(key, digest);
    },
  };
}
