import type { DigestCache } from './digest-service.js';
import type { Digest } from './schema.js';

/** In-process LRU digest cache for the CLI and tests; the bot uses the database-backed one. */
export function createMemoryDigestCache(maxEntries = 500): DigestCache & { size(): number } {
  const entries = new Map<string, Digest>();
  return {
    async get(key) {
      const digest = entries.get(key);
      if (digest) {
        entries.delete(key);
        entries.set(key, digest);
      }
      return digest;
    },
    async set(key, digest) {
      entries.delete(key);
      entries.set(key, digest);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    size: () => entries.size,
  };
}
