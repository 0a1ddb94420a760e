import { afterEach, describe, expect, it } from 'vitest';
import {
  createDigestService,
  type DigestCache,
  type DigestLocks,
  type DigestService,
  digestCacheKey,
  sourceKey,
} from '../../src/digest/digest-service.js';
import type { DigestEngine, EngineRequest } from '../../src/digest/engine.js';
import { createMemoryDigestCache } from '../../src/digest/memory-cache.js';
import type { DigestDraft } from '../../src/digest/schema.js';
import { AppError } from '../../src/errors/app-error.js';
import type { Article } from '../../src/ingest/article.js';
import type { Ingestor } from '../../src/ingest/ingestor.js';
import type { LeaseRepository, Store } from '../../src/store/repositories.js';
import { describeEachBackend, type StoreBackend } from '../store/backends.js';
import { emptyDraft } from '../support/sample-digest.js';

const ARTICLE_TEXT =
  'Presiden Rusia Vladimir Putin dan Presiden Iran Masoud Pezeshkian membahas kerja sama bilateral.\n\n' +
  'Kedua pemimpin sepakat memperkuat hubungan praktis Rusia-Iran, sebut Kremlin dalam pernyataan.';
const URL_INPUT = { kind: 'url', url: 'https://www.antaranews.com/berita/1' } as const;
const REQUEST = { input: URL_INPUT, language: 'en' as const };
const PROMPT_VERSION = 'shared.v1';

const ingestor: Ingestor = {
  async fromUrl(url) {
    const article: Article = { url, title: 'Putin dan Pezeshkian', publisher: 'ANTARA', publishedAt: '2025-05-06', language: 'id', text: ARTICLE_TEXT };
    return article;
  },
  fromHtml: () => {
    throw new Error('not used');
  },
  fromText: () => {
    throw new Error('not used');
  },
};

const draft = (): DigestDraft => ({
  ...emptyDraft,
  headline: 'Putin and Pezeshkian discuss cooperation',
  summary: 'The two presidents discussed cooperation.',
  what: 'A phone call',
});

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One engine per instance; `started` resolves when it is called, `behaviour` decides what it returns. */
function engine(behaviour: (request: EngineRequest) => Promise<DigestDraft> = async () => (await pause(40), draft())) {
  const calls: EngineRequest[] = [];
  let signal: () => void = () => {};
  const started = new Promise<void>((resolve) => (signal = resolve));
  const self: DigestEngine & { calls: EngineRequest[]; started: Promise<void> } = {
    name: 'extractive',
    model: 'fake-1',
    calls,
    started,
    async generate(request) {
      calls.push(request);
      signal();
      return { draft: await behaviour(request), notes: [] };
    },
  };
  return self;
}

/** What the composition root does: the store's leases with this instance's owner name and a TTL. */
function leaseLocks(leases: LeaseRepository, owner: string, ttlMs = 30_000): DigestLocks {
  return {
    acquire: (key) => leases.acquire(`digest:${key}`, owner, Date.now(), ttlMs),
    release: (key) => leases.release(`digest:${key}`, owner),
  };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Two instances: two stores on one fresh database (shared digest cache and leases); closing both drops it. */
async function twinStores(backend: StoreBackend): Promise<[Store, Store]> {
  const stores = await backend.openTwins();
  cleanups.push(async () => {
    for (const store of stores) await store.close();
  });
  return stores;
}

function instance(store: Store, owner: string, eng: DigestEngine, extra: { lockPollMs?: number; lockWaitMs?: number } = {}): DigestService {
  return createDigestService({
    ingestor,
    engines: { extractive: eng },
    defaultEngine: 'extractive',
    cache: store.digestCache,
    promptVersion: PROMPT_VERSION,
    locks: leaseLocks(store.leases, owner),
    lockPollMs: extra.lockPollMs ?? 5,
    ...(extra.lockWaitMs === undefined ? {} : { lockWaitMs: extra.lockWaitMs }),
  });
}

describeEachBackend('digest service across instances on one database', (backend) => {
  it('makes one engine call when two instances are asked for the same article at the same moment', async () => {
    const [storeA, storeB] = await twinStores(backend);
    const engineA = engine();
    const engineB = engine();
    const a = instance(storeA, 'instance-a', engineA);
    const b = instance(storeB, 'instance-b', engineB);

    const [outA, outB] = await Promise.all([a.digest(REQUEST), b.digest(REQUEST)]);

    expect(engineA.calls.length + engineB.calls.length).toBe(1);
    expect(outA.digest).toEqual(outB.digest);
    expect(outA.digest.headline).toBe('Putin and Pezeshkian discuss cooperation');
    expect([outA.cached, outB.cached].sort()).toEqual([false, true]);
    // The winner released its lease: the other instance can take it now.
    expect(await storeB.leases.acquire(`digest:${digestCacheKey(sourceKey(URL_INPUT), 'en', engineA, PROMPT_VERSION)}`, 'probe', Date.now(), 1000)).toBe(true);
  });

  it('lets the waiting instance produce the digest when the lock holder fails', async () => {
    const [storeA, storeB] = await twinStores(backend);
    const engineA = engine(async () => {
      await pause(40);
      throw new AppError('MODEL_UNAVAILABLE', 'HTTP 503 from the model');
    });
    const engineB = engine();
    const a = instance(storeA, 'instance-a', engineA);
    const b = instance(storeB, 'instance-b', engineB);

    const first = a.digest(REQUEST);
    const failedA = first.catch((error: unknown) => error);
    await engineA.started;
    // A holds the lock and is running its engine: B waits instead of calling its own.
    const second = b.digest(REQUEST);
    await pause(20);
    expect(engineB.calls).toHaveLength(0);

    expect(await failedA).toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    const outB = await second;
    expect(outB.cached).toBe(false);
    expect(engineB.calls).toHaveLength(1);
    expect(await storeA.digestCache.get(digestCacheKey(sourceKey(URL_INPUT), 'en', engineB, PROMPT_VERSION))).toEqual(outB.digest);
  });

  it('takes over from a holder that died once its lease expires', async () => {
    const [storeA, storeB] = await twinStores(backend);
    const key = digestCacheKey(sourceKey(URL_INPUT), 'en', engine(), PROMPT_VERSION);
    // A dead instance took the lock and never produced or released it. The TTL leaves room for the
    // database round trips before `startedAt` (PostgreSQL), so B still has at least 100 ms to wait.
    expect(await storeA.leases.acquire(`digest:${key}`, 'dead-instance', Date.now(), 300)).toBe(true);
    const engineB = engine(async () => draft());
    const b = instance(storeB, 'instance-b', engineB);

    const startedAt = Date.now();
    const out = await b.digest(REQUEST);

    expect(out.cached).toBe(false);
    expect(engineB.calls).toHaveLength(1);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
  });
});

// The lock-waiting rules themselves, with fake locks and caches: no database involved, so these run once.
describe('digest service across instances', () => {

  it('produces anyway after lockWaitMs when the holder neither finishes nor lets go', async () => {
    const sleeps: number[] = [];
    const stuck: DigestLocks = { acquire: async () => false, release: async () => {} };
    const eng = engine(async () => draft());
    const service = createDigestService({
      ingestor,
      engines: { extractive: eng },
      defaultEngine: 'extractive',
      cache: createMemoryDigestCache(),
      promptVersion: PROMPT_VERSION,
      locks: stuck,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      lockPollMs: 250,
      lockWaitMs: 1000,
    });

    const out = await service.digest(REQUEST);

    expect(out.cached).toBe(false);
    expect(eng.calls).toHaveLength(1);
    expect(sleeps).toEqual([250, 250, 250, 250]);
  });

  it('returns the digest the holder stores while waiting, without calling the engine', async () => {
    const cache = createMemoryDigestCache();
    const holderEngine = engine(async () => draft());
    const holder = createDigestService({ ingestor, engines: { extractive: holderEngine }, defaultEngine: 'extractive', cache, promptVersion: PROMPT_VERSION });
    const waiterEngine = engine(async () => draft());
    let polls = 0;
    const waiter = createDigestService({
      ingestor,
      engines: { extractive: waiterEngine },
      defaultEngine: 'extractive',
      cache,
      promptVersion: PROMPT_VERSION,
      locks: { acquire: async () => false, release: async () => {} },
      // The holder finishes during the waiter's second poll interval.
      sleep: async () => {
        polls += 1;
        if (polls === 2) await holder.digest(REQUEST);
      },
      lockPollMs: 10,
      lockWaitMs: 10_000,
    });

    const out = await waiter.digest(REQUEST);

    expect(out).toMatchObject({ cached: true });
    expect(polls).toBe(2);
    expect(waiterEngine.calls).toHaveLength(0);
    expect(holderEngine.calls).toHaveLength(1);
  });

  it('without locks keeps today’s behaviour: no waiting, each instance calls its engine', async () => {
    const cache: DigestCache = createMemoryDigestCache();
    const sleeps: number[] = [];
    const make = (eng: DigestEngine) =>
      createDigestService({
        ingestor,
        engines: { extractive: eng },
        defaultEngine: 'extractive',
        cache,
        promptVersion: PROMPT_VERSION,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      });
    const engineA = engine();
    const engineB = engine();
    const a = make(engineA);
    const b = make(engineB);

    const [outA, outB] = await Promise.all([a.digest(REQUEST), b.digest(REQUEST)]);

    expect(engineA.calls).toHaveLength(1);
    expect(engineB.calls).toHaveLength(1);
    expect([outA.cached, outB.cached]).toEqual([false, false]);
    expect(sleeps).toEqual([]);
    // In-process single-flight and the cache still work as before.
    const [again1, again2] = await Promise.all([a.digest(REQUEST), a.digest(REQUEST)]);
    expect([again1.cached, again2.cached]).toEqual([true, true]);
    expect(engineA.calls).toHaveLength(1);
  });
});
