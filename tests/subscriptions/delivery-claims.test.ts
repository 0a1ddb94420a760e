import { afterEach, expect, it } from 'vitest';
import type { ChatSender } from '../../src/subscriptions/chat-sender.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import type { DigestEngine } from '../../src/digest/engine.js';
import { createMemoryDigestCache } from '../../src/digest/memory-cache.js';
import type { Ingestor } from '../../src/ingest/ingestor.js';
import type { Store } from '../../src/store/repositories.js';
import type { FeedItemRecord, FeedRecord, SubscriptionRepository } from '../../src/subscriptions/repositories.js';
import { createDeliveryService, type DeliveryService, type DeliveryServiceDeps } from '../../src/subscriptions/delivery-service.js';
import { describeEachBackend, type StoreBackend } from '../store/backends.js';
import { emptyDraft } from '../support/sample-digest.js';

const START = Date.parse('2025-05-06T00:00:00Z');
const silent = { info() {}, warn() {}, debug() {} };

/** Each instance has its own digest service; the summary names the article, so a message tells its story. */
function digestService() {
  const engine: DigestEngine = {
    name: 'extractive',
    model: 'fake-1',
    async generate({ article }) {
      return {
        notes: [],
        draft: {
          ...emptyDraft,
          headline: 'News',
          summary: `Summary of ${article.url}`,
          what: 'Something happened',
        },
      };
    },
  };
  const ingestor: Ingestor = {
    fromUrl: async (url) => ({ url, title: 'News', publisher: 'Test', publishedAt: null, language: 'en', text: 'Something happened today in the news.' }),
    fromHtml: () => {
      throw new Error('not used');
    },
    fromText: () => {
      throw new Error('not used');
    },
  };
  return createDigestService({ ingestor, engines: { extractive: engine }, defaultEngine: 'extractive', cache: createMemoryDigestCache(), promptVersion: 't1' });
}

interface Sent {
  instance: string;
  chatId: number;
  /** The item number the message is about (from its article URL). */
  item: number;
}

/** Records every accepted send of every instance in one list; `hold` can stall an instance's sends. */
function recorder() {
  const sent: Sent[] = [];
  const telegramFor = (instance: string, hold?: (count: number) => Promise<void>): ChatSender => {
    let count = 0;
    return {
      async sendHtml(chatId, text) {
        count += 1;
        if (hold) await hold(count);
        // A real send takes a while: let the other instance interleave.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const match = /news\.example\/a\/(\d+)/.exec(text);
        sent.push({ instance, chatId, item: match ? Number(match[1]) : -1 });
      },
    };
  };
  return { sent, telegramFor };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Two instances: two stores on one fresh database; closing both (after the services stop) drops it. */
async function twinStores(backend: StoreBackend): Promise<[Store, Store]> {
  const stores = await backend.openTwins({ defaultTimeZone: 'Asia/Jakarta' });
  cleanups.push(async () => {
    for (const store of stores) await store.close();
  });
  return stores;
}

function instance(store: Store, owner: string, telegram: ChatSender, clock: { t: number }, extra: Partial<DeliveryServiceDeps> = {}): DeliveryService {
  const service = createDeliveryService({
    repo: store.subscriptions,
    digestService: digestService(),
    chat: telegram,
    now: () => clock.t,
    defaultLanguage: 'en',
    presetFeedIds: async () => [],
    logger: silent,
    owner,
    ...extra,
  });
  cleanups.push(() => service.stop());
  return service;
}

let itemCounter = 0;

/** `chats` chats following one feed, and `stories` new items routed to them: chats × stories pending deliveries. */
async function pendingStories(repo: SubscriptionRepository, route: DeliveryService, chats: number, stories: number) {
  const feed: FeedRecord = await repo.upsertFeed('https://news.example/rss', { title: 'World News', language: 'en' }, 0);
  const chatIds = Array.from({ length: chats }, (_, i) => -100 - i);
  for (const chatId of chatIds) await repo.subscribe(chatId, feed.id, START);
  const items: FeedItemRecord[] = [];
  for (let n = 0; n < stories; n++) {
    itemCounter += 1;
    const [item] = await repo.addItems(feed.id, [
      {
        identity: `guid-${itemCounter}`,
        url: `https://news.example/a/${itemCounter}`,
        title: `Story ${itemCounter}`,
        summary: null,
        publishedAt: null,
        language: 'en',
        storyId: `story-${itemCounter}`,
        firstSeenAt: START,
      },
    ]);
    if (!item) throw new Error('item not added');
    items.push(item);
  }
  await route.handleNewItems(feed, items);
  return { feed, chatIds, items, itemNumbers: items.map((item) => Number(item.url?.split('/').pop())) };
}

/** Every chat got every story exactly once, in the order the stories came. */
function expectEachChatInOrder(sent: Sent[], chatIds: number[], itemNumbers: number[]) {
  for (const chatId of chatIds) {
    expect(sent.filter((s) => s.chatId === chatId).map((s) => s.item)).toEqual(itemNumbers);
  }
  expect(sent).toHaveLength(chatIds.length * itemNumbers.length);
}

describeEachBackend('delivery service with several instances on one database', (backend) => {
  it('sends every delivery exactly once, each chat in order, when two instances tick at once', async () => {
    const [storeA, storeB] = await twinStores(backend);
    const clock = { t: START };
    const rec = recorder();
    // Small batches so both instances get a share of the 50 chats.
    const a = instance(storeA, 'instance-a', rec.telegramFor('a'), clock, { batchSize: 30, concurrency: 8 });
    const b = instance(storeB, 'instance-b', rec.telegramFor('b'), clock, { batchSize: 30, concurrency: 8 });
    const { chatIds, itemNumbers } = await pendingStories(storeA.subscriptions, a, 50, 4);
    expect(await a.pendingCount()).toBe(200);

    for (let round = 0; round < 30 && (await b.pendingCount()) > 0; round++) {
      await Promise.all([a.tick(), b.tick()]);
    }

    expect(await a.pendingCount()).toBe(0);
    expectEachChatInOrder(rec.sent, chatIds, itemNumbers);
    // Both instances did share the work (a chat cut at the batch limit may be finished by the other one,
    // after the first part was sent: the order check above covers that).
    expect(rec.sent.filter((s) => s.instance === 'a').length).toBeGreaterThan(0);
    expect(rec.sent.filter((s) => s.instance === 'b').length).toBeGreaterThan(0);
  });

  it('lets another instance finish the run of an instance that stops midway', async () => {
    const [storeA, storeB] = await twinStores(backend);
    const clock = { t: START };
    const rec = recorder();
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    let held = 0;
    // Instance A sends 10 messages, then its sends stall until we let them go.
    const a = instance(
      storeA,
      'instance-a',
      rec.telegramFor('a', async (count) => {
        if (count > 10) {
          held += 1;
          await gate;
        }
      }),
      clock,
      { concurrency: 4 },
    );
    const b = instance(storeB, 'instance-b', rec.telegramFor('b'), clock);
    const { chatIds, itemNumbers } = await pendingStories(storeA.subscriptions, a, 50, 4);

    const runA = a.tick();
    while (held < 4) await new Promise<void>((resolve) => setTimeout(resolve, 5));
    // A holds every chat: B finds nothing to send while A's run lasts.
    await b.tick();
    expect(rec.sent.filter((s) => s.instance === 'b')).toEqual([]);

    const stopped = a.stop();
    open();
    await stopped;
    await runA;
    const sentByA = rec.sent.length;
    expect(sentByA).toBeGreaterThanOrEqual(10);
    expect(sentByA).toBeLessThan(200);

    // A released its claims on stop: B takes over at once, without waiting for the lease.
    await b.tick();
    expect(rec.sent.filter((s) => s.instance === 'b')).toHaveLength(200 - sentByA);
    expectEachChatInOrder(rec.sent, chatIds, itemNumbers);
    expect(await b.pendingCount()).toBe(0);
  });

  it('takes over the chats of a crashed instance once its lease expires', async () => {
    const [storeA, storeB] = await twinStores(backend);
    const clock = { t: START };
    const rec = recorder();
    const b = instance(storeB, 'instance-b', rec.telegramFor('b'), clock, { leaseMs: 60_000 });
    const { chatIds, itemNumbers } = await pendingStories(storeB.subscriptions, b, 10, 3);
    // The crashed instance claimed everything with a 5 s lease and never sent or released anything.
    const claimed = await storeA.subscriptions.claimDeliveries('crashed-instance', clock.t, 5_000, 500);
    expect(claimed).toHaveLength(30);

    await b.tick();
    expect(rec.sent).toEqual([]);
    clock.t += 4_000;
    await b.tick();
    expect(rec.sent).toEqual([]);

    clock.t += 1_001;
    await b.tick();
    expectEachChatInOrder(rec.sent, chatIds, itemNumbers);
    expect(await b.pendingCount()).toBe(0);
  });

  it('leaves a preview to the instance that holds the chat, which sends it once after the chat’s earlier messages', async () => {
    const [storeA, storeB] = await twinStores(backend);
    const clock = { t: START };
    const rec = recorder();
    const a = instance(storeA, 'instance-a', rec.telegramFor('a'), clock);
    const b = instance(storeB, 'instance-b', rec.telegramFor('b'), clock);
    const { feed, chatIds, itemNumbers } = await pendingStories(storeA.subscriptions, a, 1, 2);
    const chatId = chatIds[0]!;
    // B is in the middle of sending this chat's two stories.
    expect(await storeB.subscriptions.claimDeliveries('instance-b', clock.t, 60_000, 500)).toHaveLength(2);
    itemCounter += 1;
    const [preview] = await storeA.subscriptions.addItems(feed.id, [
      { identity: `guid-${itemCounter}`, url: `https://news.example/a/${itemCounter}`, title: 'Newest', summary: null, publishedAt: null, language: 'en', storyId: `story-${itemCounter}`, firstSeenAt: START },
    ]);
    if (!preview) throw new Error('item not added');

    await a.sendPreview(chatId, preview);
    expect(rec.sent).toEqual([]);
    expect(await a.pendingCount()).toBe(3);

    await b.tick();
    await a.tick();
    expectEachChatInOrder(rec.sent, [chatId], [...itemNumbers, itemCounter]);
    expect(rec.sent.every((s) => s.instance === 'b')).toBe(true);
  });

  it('sends a preview at once when no other instance holds the chat', async () => {
    const [storeA] = await twinStores(backend);
    const clock = { t: START };
    const rec = recorder();
    const a = instance(storeA, 'instance-a', rec.telegramFor('a'), clock);
    const { feed, chatIds } = await pendingStories(storeA.subscriptions, a, 1, 0);
    const [preview] = await storeA.subscriptions.addItems(feed.id, [
      { identity: 'guid-preview', url: 'https://news.example/a/9999', title: 'Newest', summary: null, publishedAt: null, language: 'en', storyId: 'story-preview', firstSeenAt: START },
    ]);
    if (!preview) throw new Error('item not added');

    await a.sendPreview(chatIds[0]!, preview);
    await a.tick();

    expect(rec.sent).toEqual([{ instance: 'a', chatId: chatIds[0], item: 9999 }]);
    expect(await a.pendingCount()).toBe(0);
  });
});
