import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/repositories.js';
import type { FeedItemRecord, SubscriptionRepository } from '../../src/subscriptions/repositories.js';
import { createFeedFetcher } from '../../src/subscriptions/feed-fetcher.js';
import { createFeedService, type FeedService } from '../../src/subscriptions/feed-service.js';
import { describeEachBackend, type StoreBackend } from '../store/backends.js';

const T0 = Date.parse('2025-05-06T00:00:00Z');
const INTERVAL_SEC = 600;
const silent = { info() {}, warn() {}, debug() {} };

const rssItem = (n: number) =>
  `<item><title>Story number ${n}</title><guid>g${n}</guid><link>https://news.example/${n}</link><pubDate>${new Date(T0 - (1000 - n) * 60_000).toUTCString()}</pubDate></item>`;

/** One feed on 127.0.0.1 that counts its fetches; `items` are the item numbers, newest first. */
async function startFeedServer(initial: number[]) {
  const state = { items: initial, hits: 0 };
  const server = http.createServer((req, res) => {
    if (req.url !== '/rss') {
      res.writeHead(404).end();
      return;
    }
    state.hits += 1;
    const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Claims Test</title><language>en</language>${state.items.map(rssItem).join('')}</channel></rss>`;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return Object.assign(state, { url: `http://127.0.0.1:${port}/rss` });
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Two instances: two stores on one fresh database; closing both (after the services stop) drops it. */
async function twinStores(backend: StoreBackend): Promise<[Store, Store]> {
  const stores = await backend.openTwins();
  cleanups.push(async () => {
    for (const store of stores) await store.close();
  });
  return stores;
}

/** One instance's feed service; its new items are recorded under its name. */
function instance(repo: SubscriptionRepository, owner: string, clock: { t: number }, received: Array<{ owner: string; items: FeedItemRecord[] }>): FeedService {
  const feeds = createFeedService({
    repo,
    fetcher: createFeedFetcher({ timeoutMs: 2000, maxBytes: 2_000_000, allowPrivate: ['127.0.0.1'] }),
    now: () => clock.t,
    pollIntervalSec: INTERVAL_SEC,
    logger: silent,
    owner,
  });
  feeds.onNewItems(async (_feed, items) => {
    received.push({ owner, items });
  });
  cleanups.push(() => feeds.stop());
  return feeds;
}

/** Two instances on one database, one subscribed feed that is due with two new items. */
async function setup(backend: StoreBackend) {
  const [storeA, storeB] = await twinStores(backend);
  const server = await startFeedServer([2, 1]);
  const clock = { t: T0 };
  const received: Array<{ owner: string; items: FeedItemRecord[] }> = [];
  const a = instance(storeA.subscriptions, 'instance-a', clock, received);
  const { feed } = await a.resolveAndAdd(server.url);
  await storeA.subscriptions.subscribe(-100, feed.id, clock.t);
  server.items = [4, 3, 2, 1];
  clock.t += INTERVAL_SEC * 1000;
  const hitsBefore = server.hits;
  return { storeA, storeB, server, clock, received, a, feed, hitsBefore };
}

describeEachBackend('feed service with several instances on one database', (backend) => {
  it('fetches a due feed once when two instances poll at the same moment', async () => {
    const { storeB, server, clock, received, a, hitsBefore } = await setup(backend);
    const b = instance(storeB.subscriptions, 'instance-b', clock, received);

    const counts = await Promise.all([a.pollDue(), b.pollDue()]);

    expect(server.hits - hitsBefore).toBe(1);
    expect(counts[0] + counts[1]).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.items.map((item) => item.identity)).toEqual(['guid:g3', 'guid:g4']);
  });

  it('does not poll again a feed another instance polled after this one found it due', async () => {
    const { storeB, server, clock, received, a, hitsBefore } = await setup(backend);
    let aDone: () => void = () => {};
    const aFinished = new Promise<void>((resolve) => (aDone = resolve));
    // B's claim comes only after A polled the feed and gave its lease back.
    const lateRepo = new Proxy(storeB.subscriptions, {
      get(target, prop, receiver) {
        if (prop === 'claimFeed') return async (...args: Parameters<SubscriptionRepository['claimFeed']>) => (await aFinished, target.claimFeed(...args));
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const b = instance(lateRepo, 'instance-b', clock, received);

    const pollB = b.pollDue();
    expect(await a.pollDue()).toBe(1);
    aDone();
    expect(await pollB).toBe(0);

    expect(server.hits - hitsBefore).toBe(1);
    expect(received).toHaveLength(1);
  });

  it('waits for a dead instance’s lease to expire, then polls the feed and gives the lease back', async () => {
    const { storeA, storeB, server, clock, received, feed, hitsBefore } = await setup(backend);
    const b = instance(storeB.subscriptions, 'instance-b', clock, received);
    // A dead instance took the feed's lease for 30 s and never polled or released it.
    expect(await storeA.subscriptions.claimFeed(feed.id, 'dead-instance', clock.t, 30_000)).toBe(true);

    expect(await b.pollDue()).toBe(0);
    clock.t += 29_000;
    expect(await b.pollDue()).toBe(0);
    expect(server.hits).toBe(hitsBefore);

    clock.t += 1_001;
    expect(await b.pollDue()).toBe(1);
    expect(server.hits - hitsBefore).toBe(1);
    expect(received.map((r) => r.owner)).toEqual(['instance-b']);
    // Released after the poll: anyone may take it now.
    expect(await storeA.subscriptions.claimFeed(feed.id, 'probe', clock.t, 30_000)).toBe(true);
  });
});
