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
