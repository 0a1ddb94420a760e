import { afterEach, beforeEach, expect, it } from 'vitest';
import { sampleDigest } from '../support/sample-digest.js';
import { requestKey } from '../../src/digest/request-key.js';
import type { Store } from '../../src/store/repositories.js';
import { describeEachBackend } from './backends.js';


describeEachBackend('Store contract', (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('reports which database it is', () => {
    expect(store.kind).toBe(backend.name);
  });

  it('keeps chat settings and returns defaults for an unknown chat', async () => {
    await store.chatSettings.setLanguage(-100123, 'id');
    await store.chatSettings.setAutoSummary(-100123, true);
    expect(await store.chatSettings.get(-100123)).toEqual({ chatId: -100123, language: 'id', autoSummary: true });
    await store.chatSettings.setLanguage(-100123, null);
    expect(await store.chatSettings.get(-100123)).toEqual({ chatId: -100123, language: null, autoSummary: true });
    await store.chatSettings.setAutoSummary(5, true);
    expect(await store.chatSettings.get(5)).toEqual({ chatId: 5, language: null, autoSummary: true });
    expect(await store.chatSettings.get(42)).toEqual({ chatId: 42, language: null, autoSummary: false });
  });

  it('round-trips a digest, replaces it on a second set and misses an unknown key', async () => {
    await store.digestCache.set('k1', sampleDigest);
    expect(await store.digestCache.get('k1')).toEqual(sampleDigest);
    await store.digestCache.set('k1', { ...sampleDigest, headline: 'Ministers meet again' });
    expect((await store.digestCache.get('k1'))?.headline).toBe('Ministers meet again');
    expect(await store.digestCache.get('missing')).toBeUndefined();
  });

  it('stops serving a cached digest once its time to live has passed and serves it again once stored anew', async () => {
    const hour = 3_600_000;
    const clock = { t: 50 * hour };
    const timed = await backend.open({ now: () => clock.t, digestTtlMs: 2 * hour });
    try {
      await timed.digestCache.set('old', sampleDigest);
      clock.t += 2 * hour - 1;
      expect(await timed.digestCache.get('old')).toEqual(sampleDigest);
      await timed.digestCache.set('fresh', { ...sampleDigest, headline: 'Ministers meet again' });
      clock.t += 1;
      expect(await timed.digestCache.get('old')).toBeUndefined();
      expect((await timed.digestCache.get('fresh'))?.headline).toBe('Ministers meet again');
      // Storing it again starts a new life.
      await timed.digestCache.set('old', sampleDigest);
      clock.t += hour;
      expect(await timed.digestCache.get('old')).toEqual(sampleDigest);
    } finally {
      await timed.close();
    }
  });

  it('gives a short stable key for a digest request that fits callback data', async () => {
    const input = { kind: 'url', url: 'https://www.antaranews.com/berita/4812345/putin-pezeshkian' } as const;
    const key = await store.digestRequests.save(input);
    expect(key).toBe(await store.digestRequests.save({ ...input }));
    expect(key).toBe(requestKey(input));
    expect(key.length).toBeLessThanOrEqual(16);
    expect(Buffer.byteLength(`lang:id:${key}:n`)).toBeLessThanOrEqual(64);
    expect(await store.digestRequests.get(key)).toEqual(input);
    expect(await store.digestRequests.get('nope')).toBeUndefined();
    const text = { kind: 'text', text: 'Menlu Sugiono bertemu Menlu Iran.' } as const;
    const textKey = await store.digestRequests.save(text);
    expect(textKey).not.toBe(key);
    expect(await store.digestRequests.get(textKey)).toEqual(text);
  });

  it('moves settings to the new id when a group becomes a supergroup', async () => {
    await store.chatSettings.setLanguage(-123, 'id');
    await store.chatSettings.migrateChat(-123, -100123);
    expect((await store.chatSettings.get(-100123)).language).toBe('id');
    expect((await store.chatSettings.get(-123)).language).toBeNull();
  });

  it('keeps the supergroup settings when both ids have some', async () => {
    await store.chatSettings.setLanguage(-123, 'id');
    await store.chatSettings.setLanguage(-100123, 'en');
    await store.chatSettings.migrateChat(-123, -100123);
    expect((await store.chatSettings.get(-100123)).language).toBe('en');
    expect((await store.chatSettings.get(-123)).language).toBeNull();
  });

  it('counts quota uses inside a window and prunes old ones', async () => {
    const hour = 3_600_000;
    await store.quota.record(7, 1_000);
    await store.quota.record(7, 2_000);
    await store.quota.record(8, 2_000);
    expect(await store.quota.countSince(7, 0)).toBe(2);
    expect(await store.quota.countSince(7, 1_500)).toBe(1);
    expect(await store.quota.countSince(9, 0)).toBe(0);
    await store.quota.record(7, 3 * hour);
    expect(await store.quota.countSince(7, 0)).toBe(1);
    expect(await store.quota.countSince(8, 0)).toBe(0);
  });
});

describeEachBackend('Store contract: two instances on one database', (backend) => {
  it('sees what the other instance wrote', async () => {
    const [a, b] = await backend.openTwins();
    try {
      await a.chatSettings.setLanguage(-100, 'id');
      await a.digestCache.set('k', sampleDigest);
      expect((await b.chatSettings.get(-100)).language).toBe('id');
      expect(await b.digestCache.get('k')).toEqual(sampleDigest);
      await b.quota.record(7, 1_000);
      expect(await a.quota.countSince(7, 0)).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
