import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { FeedItemRecord, FeedRecord } from '../../src/subscriptions/repositories.js';
import { createFeedFetcher } from '../../src/subscriptions/feed-fetcher.js';
import { createFeedService, type FeedServiceDeps } from '../../src/subscriptions/feed-service.js';
import { createStoryClusterer } from '../../src/subscriptions/story-clusters.js';
import { failure } from '../support/failure.js';

const T0 = Date.parse('2025-05-06T00:00:00Z');
const INTERVAL_SEC = 600;

interface Item {
  guid: string;
  title: string;
  date: string;
}

function rss(items: Item[], title = 'Kabar Test'): string {
  const body = items
    .map((i) => `<item><title>${i.title}</title><guid>${i.guid}</guid><link>https://news.example/${i.guid}</link><pubDate>${i.date}</pubDate></item>`)
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><language>en</language>${body}</channel></rss>`;
}

const item = (n: number, title = `Story number ${n}`): Item => ({ guid: `g${n}`, title, date: new Date(T0 - (1000 - n) * 60_000).toUTCString() });

/** A feed server with ETag support; items newest first, as feeds publish them. */
interface FeedServer {
  base: string;
  items: Item[];
  hits: number;
  notModified: number;
  /** When set, every request is answered with this status. */
  failWith: { status: number; headers?: Record<string, string> } | null;
  pages: Map<string, { type: string; body: string }>;
  close(): Promise<void>;
}

const servers: FeedServer[] = [];

async function startFeedServer(items: Item[]): Promise<FeedServer> {
  const state = { items, hits: 0, notModified: 0, failWith: null, pages: new Map() } as Omit<FeedServer, 'base' | 'close'>;
  const server = http.createServer((req, res) => {
    if (req.url === '/rss') state.hits += 1;
    if (state.failWith) {
      res.writeHead(state.failWith.status, state.failWith.headers ?? {}).end();
      return;
    }
    const page = state.pages.get(req.url ?? '');
    if (page) {
      res.writeHead(200, { 'content-type': page.type }).end(page.body);
      return;
    }
    if (req.url !== '/rss') {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${state.items.map((i) => i.guid).join(',').length}-${state.items[0]?.guid ?? ''}"`;
    if (req.headers['if-none-match'] === etag) {
      state.notModified += 1;
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(rss(state.items));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const result = Object.assign(state, {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as FeedServer;
  servers.push(result);
  return result;
}

let store: Store;
let clock: number;
const silent = { info() {}, warn() {}, debug() {} };

function service(overrides: Partial<FeedServiceDeps> = {}) {
  return createFeedService({
    repo: store.subscriptions,
    fetcher: createFeedFetcher({ timeoutMs: 2000, maxBytes: 2_000_000, allowPrivate: ['127.0.0.1'] }),
    now: () => clock,
    pollIntervalSec: INTERVAL_SEC,
    logger: silent,
    ...overrides,
  });
}


beforeEach(() => {
  store = openSqliteStore(':memory:');
  clock = T0;
});
afterEach(async () => {
  await store.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('resolveAndAdd', () => {
  it('stores the feed, marks the back catalogue as seen and returns the newest item', async () => {
    const server = await startFeedServer([item(3), item(2), item(1)]);
    const feeds = service();
    const { feed, newest } = await feeds.resolveAndAdd(`${server.base}/rss`);
    expect(feed).toMatchObject({ url: `${server.base}/rss`, title: 'Kabar Test', language: 'en', nextPollAt: T0 + INTERVAL_SEC * 1000, disabledAt: null });
    expect(feed.etag).not.toBeNull();
    expect(newest).toMatchObject({ feedId: feed.id, identity: 'guid:g3', title: 'Story number 3', url: 'https://news.example/g3' });
    // Every current item is already seen: storing them again adds nothing.
    const again = await store.subscriptions.addItems(feed.id, [
      { identity: 'guid:g1', url: null, title: 'x', summary: null, publishedAt: null, language: null, storyId: 's', firstSeenAt: 0 },
    ]);
    expect(again).toEqual([]);
  });

  it('follows a page that advertises its feed with <link rel="alternate">', async () => {
    const server = await startFeedServer([item(1)]);
    server.pages.set('/world', {
      type: 'text/html; charset=utf-8',
      body: '<html><head><title>World</title><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>News</body></html>',
    });
    const { feed, newest } = await service().resolveAndAdd(`${server.base}/world`);
    expect(feed.url).toBe(`${server.base}/rss`);
    expect(newest?.identity).toBe('guid:g1');
  });

  it('refuses a page that is not a feed and advertises none', async () => {
    const server = await startFeedServer([]);
    server.pages.set('/about', { type: 'text/html', body: '<html><head><title>About</title></head><body>Hello</body></html>' });
    const error = await failure(service().resolveAndAdd(`${server.base}/about`));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/not an RSS, Atom or JSON feed/);
    expect(error.details.reason).toBe('not_a_feed');
  });

  it('reports an unreachable feed as FETCH_FAILED', async () => {
    const server = await startFeedServer([]);
    const url = `${server.base}/rss`;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const error = await failure(service().resolveAndAdd(url));
    expect(error.code).toBe('FETCH_FAILED');
  });

  it('refuses a private address with BLOCKED_ADDRESS', async () => {
    const server = await startFeedServer([item(1)]);
    const feeds = service({ fetcher: createFeedFetcher({ timeoutMs: 2000, maxBytes: 100_000, allowPrivate: [] }) });
    const error = await failure(feeds.resolveAndAdd(`${server.base}/rss`));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(server.hits).toBe(0);
  });

  it('keeps the newest 200 items of a huge feed', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => item(1000 - i));
    const server = await startFeedServer(many);
    const { feed, newest } = await service().resolveAndAdd(`${server.base}/rss`);
    expect(newest?.identity).toBe('guid:g1000');
    expect(await store.subscriptions.getItem(feed.id, 'guid:g801')).toBeDefined();
    expect(await store.subscriptions.getItem(feed.id, 'guid:g800')).toBeUndefined();
  });

  it('returns no newest item for an empty feed', async () => {
    const server = await startFeedServer([]);
    const { newest } = await service().resolveAndAdd(`${server.base}/rss`);
    expect(newest).toBeNull();
  });
});

describe('polling', () => {
  async function subscribed(items: Item[], chats = [-100], overrides: Partial<FeedServiceDeps> = {}) {
    const server = await startFeedServer(items);
    const feeds = service(overrides);
    const { feed } = await feeds.resolveAndAdd(`${server.base}/rss`);
    for (const chat of chats) await store.subscriptions.subscribe(chat, feed.id, clock);
    const received: { feed: FeedRecord; items: FeedItemRecord[] }[] = [];
    feeds.onNewItems(async (f, its) => {
      received.push({ feed: f, items: its });
    });
    const disabled: { feed: FeedRecord; chats: number[] }[] = [];
    feeds.onFeedDisabled(async (f, c) => {
      disabled.push({ feed: f, chats: c });
    });
    return { server, feeds, feed, received, disabled };
  }

  it('polls nothing before the interval has passed', async () => {
    const { server, feeds } = await subscribed([item(1)]);
    clock += INTERVAL_SEC * 1000 - 1;
    expect(await feeds.pollDue()).toBe(0);
    expect(server.hits).toBe(1);
  });

  it('uses conditional GET: an unchanged feed costs a 304 and reports nothing', async () => {
    const { server, feeds, received } = await subscribed([item(1)]);
    for (let i = 0; i < 3; i++) {
      clock += INTERVAL_SEC * 1000;
      expect(await feeds.pollDue()).toBe(1);
    }
    expect(server.notModified).toBe(3);
    expect(received).toEqual([]);
  });

  it('hands only unseen items to listeners, oldest first', async () => {
    const { server, feeds, received, feed } = await subscribed([item(2), item(1)]);
    server.items = [item(5), item(4), item(3), item(2), item(1)];
    clock += INTERVAL_SEC * 1000;
    await feeds.pollDue();
    expect(received).toHaveLength(1);
    expect(received[0]!.feed.id).toBe(feed.id);
    expect(received[0]!.items.map((i) => i.identity)).toEqual(['guid:g3', 'guid:g4', 'guid:g5']);
    clock += INTERVAL_SEC * 1000;
    await feeds.pollDue();
    expect(server.notModified).toBe(1);
    expect(received).toHaveLength(1);
  });

  it('polls a feed once however many chats follow it', async () => {
    const { server, feeds } = await subscribed([item(1)], [-1, -2, -3, 4, 5]);
    server.items = [item(2), item(1)];
    clock += INTERVAL_SEC * 1000;
    const hitsBefore = server.hits;
    expect(await feeds.pollDue()).toBe(1);
    expect(server.hits - hitsBefore).toBe(1);
  });

  it('does not poll a feed nobody follows', async () => {
    const server = await startFeedServer([item(1)]);
    const feeds = service();
    await feeds.resolveAndAdd(`${server.base}/rss`);
    clock += INTERVAL_SEC * 1000;
    expect(await feeds.pollDue()).toBe(0);
  });

  it('backs off exponentially after failures, capped, and disables the feed after maxFailures, telling its chats once', async () => {
    const { server, feeds, feed, disabled } = await subscribed([item(1)], [-100, -200], { maxFailures: 7, maxBackoffSec: 3 * 3600 });
    server.failWith = { status: 500 };
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      clock = (await store.subscriptions.getFeed(feed.id))!.nextPollAt;
      expect(await feeds.pollDue()).toBe(1);
      delays.push(((await store.subscriptions.getFeed(feed.id))!.nextPollAt - clock) / 1000);
    }
    expect(delays).toEqual([1200, 2400, 4800, 9600, 10800, 10800]);
    expect(disabled).toEqual([]);
    clock = (await store.subscriptions.getFeed(feed.id))!.nextPollAt;
    await feeds.pollDue();
    const stored = await store.subscriptions.getFeed(feed.id);
    expect(stored).toMatchObject({ consecutiveFailures: 7, disabledAt: clock });
    expect(stored?.lastError).toMatch(/HTTP 500/);
    expect(disabled).toHaveLength(1);
    expect(disabled[0]!.chats).toEqual([-200, -100]);
    clock += 24 * 3600 * 1000;
    expect(await feeds.pollDue()).toBe(0);
    expect(disabled).toHaveLength(1);
  });

  it('resets the failure count after a successful poll', async () => {
    const { server, feeds, feed } = await subscribed([item(1)]);
    server.failWith = { status: 502 };
    clock += INTERVAL_SEC * 1000;
    await feeds.pollDue();
    expect((await store.subscriptions.getFeed(feed.id))?.consecutiveFailures).toBe(1);
    server.failWith = null;
    clock = (await store.subscriptions.getFeed(feed.id))!.nextPollAt;
    await feeds.pollDue();
    expect(await store.subscriptions.getFeed(feed.id)).toMatchObject({ consecutiveFailures: 0, lastError: null, nextPollAt: clock + INTERVAL_SEC * 1000 });
  });

  it('waits at least as long as Retry-After asks', async () => {
    const { server, feeds, feed } = await subscribed([item(1)]);
    server.failWith = { status: 429, headers: { 'retry-after': '7200' } };
    clock += INTERVAL_SEC * 1000;
    await feeds.pollDue();
    expect((await store.subscriptions.getFeed(feed.id))?.nextPollAt).toBe(clock + 7200 * 1000);
  });

  it('revives a disabled feed when a chat subscribes to it again', async () => {
    const { server, feeds, feed } = await subscribed([item(1)], [-100], { maxFailures: 1 });
    server.failWith = { status: 500 };
    clock += INTERVAL_SEC * 1000;
    await feeds.pollDue();
    expect((await store.subscriptions.getFeed(feed.id))?.disabledAt).not.toBeNull();
    server.failWith = null;
    const again = await feeds.resolveAndAdd(`${server.base}/rss`);
    expect(again.feed).toMatchObject({ id: feed.id, disabledAt: null, consecutiveFailures: 0, nextPollAt: clock + INTERVAL_SEC * 1000 });
  });

  it('polls preset feeds for chats that follow topics only', async () => {
    const server = await startFeedServer([item(1)]);
    const repo = store.subscriptions;
    const preset = await repo.upsertFeed(`${server.base}/rss`, { title: 'Preset', language: 'en' }, T0);
    const feeds = service({ presetFeedIds: async () => [preset.id] });
    expect(await feeds.pollDue()).toBe(0);
    await repo.addTopic(-100, 'ASEAN', T0);
    expect(await feeds.pollDue()).toBe(1);
    expect(server.hits).toBe(1);
  });

  it('routes items that a crash left stored but unrouted on the next pass, once', async () => {
    const { feeds, feed, received } = await subscribed([item(1)]);
    // As if the process died between storing the new items and handing them to the delivery service.
    await store.subscriptions.addItems(feed.id, [
      { identity: 'guid:lost', url: 'https://news.example/lost', title: 'Lost story', summary: null, publishedAt: null, language: 'en', storyId: 'lost', firstSeenAt: clock },
    ]);
    await feeds.pollDue();
    expect(received.flatMap((r) => r.items.map((i) => i.identity))).toEqual(['guid:lost']);
    await feeds.pollDue();
    expect(received).toHaveLength(1);
    expect(await store.subscriptions.unroutedItems(10)).toEqual([]);
  });

  it('routes the items again when a listener failed, instead of dropping them', async () => {
    const { server, feeds, received } = await subscribed([item(1)]);
    let fail = true;
    feeds.onNewItems(async () => {
      if (fail) throw new Error('delivery store busy');
    });
    server.items = [item(2), item(1)];
    clock += INTERVAL_SEC * 1000;
    await feeds.pollDue();
    fail = false;
    await feeds.pollDue();
    expect(received.flatMap((r) => r.items.map((i) => i.identity))).toEqual(['guid:g2', 'guid:g2']);
  });

  it('treats the first fetch of a feed nobody subscribed through (a preset) as its back catalogue', async () => {
    const server = await startFeedServer([item(2), item(1)]);
    const feeds = service();
    const feed = await store.subscriptions.upsertFeed(`${server.base}/rss`, { title: 'Preset', language: 'en' }, clock);
    await store.subscriptions.subscribe(-7, feed.id, clock);
    const received: FeedItemRecord[] = [];
    feeds.onNewItems(async (_f, items) => {
      received.push(...items);
    });
    await feeds.pollDue();
    expect(received).toEqual([]);
    server.items = [item(3), item(2), item(1)];
    clock += INTERVAL_SEC * 1000;
    await feeds.pollDue();
    expect(received.map((i) => i.identity)).toEqual(['guid:g3']);
  });

  it('gives the same story id to the same story from two feeds when a clusterer is given', async () => {
    const clusterer = createStoryClusterer({ now: () => new Date(clock) });
    const a = await startFeedServer([]);
    const b = await startFeedServer([]);
    const feeds = service({ clusterer });
    const fa = (await feeds.resolveAndAdd(`${a.base}/rss`)).feed;
    const fb = (await feeds.resolveAndAdd(`${b.base}/rss`)).feed;
    await store.subscriptions.subscribe(-1, fa.id, clock);
    await store.subscriptions.subscribe(-1, fb.id, clock);
    const got: FeedItemRecord[] = [];
    feeds.onNewItems(async (_f, items) => {
      got.push(...items);
    });
    a.items = [{ guid: 'a1', title: 'Sugiono and Lavrov sign visa waiver agreement in Moscow', date: new Date(T0).toUTCString() }];
    b.items = [
      { guid: 'b1', title: 'Lavrov, Sugiono sign visa waiver agreement in Moscow talks', date: new Date(T0).toUTCString() },
      { guid: 'b2', title: 'Floods hit northern Italy after record rainfall', date: new Date(T0).toUTCString() },
    ];
    clock += INTERVAL_SEC * 1000;
    await feeds.pollDue();
    const story = (guid: string) => got.find((i) => i.identity === `guid:${guid}`)!.storyId;
    expect(got).toHaveLength(3);
    expect(story('a1')).toBe(story('b1'));
    expect(story('b2')).not.toBe(story('a1'));
    expect((await store.subscriptions.itemsOfStory(story('a1'))).map((i) => i.feedId).sort()).toEqual([fa.id, fb.id].sort());
  });

  it('keeps polling on a timer after start() and stops on stop()', async () => {
    const { server, feeds } = await subscribed([item(1)], [-100], { tickMs: 10 });
    clock += INTERVAL_SEC * 1000;
    feeds.start();
    await waitUntil(() => server.notModified >= 1);
    await feeds.stop();
    const hits = server.hits;
    clock += INTERVAL_SEC * 1000;
    await new Promise((r) => setTimeout(r, 50));
    expect(server.hits).toBe(hits);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
