import { describe, expect, it } from 'vitest';
import type { DigestCache } from '../../src/digest/digest-service.js';
import { createLayeredDigestCache } from '../../src/digest/memory-cache.js';
import type { Digest } from '../../src/digest/schema.js';
import { sampleDigest } from '../support/sample-digest.js';

/** A store-like cache that hands out a fresh copy per read (as rows parsed from the database are) and counts reads. */
function countingStore() {
  const rows = new Map<string, string>();
  const reads: string[] = [];
  const cache: DigestCache = {
    async get(key) {
      reads.push(key);
      const row = rows.get(key);
      return row === undefined ? undefined : (JSON.parse(row) as Digest);
    },
    async set(key, digest) {
      rows.set(key, JSON.stringify(digest));
    },
  };
  return { cache, reads, rows };
}

describe('the in-memory digest cache in front of the store', () => {
  it('reads the store once per article and then answers from memory with the same digest object', async () => {
    const store = countingStore();
    await store.cache.set('a', sampleDigest);
    const cache = createLayeredDigestCache(store.cache);

    const first = await cache.get('a');
    const second = await cache.get('a');
    expect(first).toEqual(sampleDigest);
    // One object: what is rendered from it once can be kept with it.
    expect(second).toBe(first);
    expect(store.reads).toEqual(['a']);
  });

  it('writes through to the store, so other instances and restarts see the digest', async () => {
    const store = countingStore();
    const cache = createLayeredDigestCache(store.cache);
    await cache.set('b', sampleDigest);
    expect(store.rows.has('b')).toBe(true);
    expect(await cache.get('b')).toBe(sampleDigest);
    expect(store.reads).toEqual([]);
  });

  it('goes back to the store once its own time to live has passed', async () => {
    const store = countingStore();
    await store.cache.set('c', sampleDigest);
    const clock = { t: 0 };
    const cache = createLayeredDigestCache(store.cache, { ttlMs: 60_000, now: () => clock.t });
    await cache.get('c');
    clock.t = 59_000;
    await cache.get('c');
    expect(store.reads).toEqual(['c']);
    clock.t = 60_000;
    await cache.get('c');
    expect(store.reads).toEqual(['c', 'c']);
  });

  it('keeps at most maxEntries digests in memory, dropping the least recently used', async () => {
    const store = countingStore();
    for (const key of ['x', 'y', 'z']) await store.cache.set(key, sampleDigest);
    const cache = createLayeredDigestCache(store.cache, { maxEntries: 2 });
    await cache.get('x');
    await cache.get('y');
    await cache.get('x');
    await cache.get('z'); // y is the least recently used: dropped
    store.reads.length = 0;
    await cache.get('x');
    await cache.get('z');
    await cache.get('y');
    expect(store.reads).toEqual(['y']);
  });
});
