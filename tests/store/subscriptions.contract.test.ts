import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/repositories.js';
import type { DeliverySettings, FeedItemRecord, SubscriptionRepository } from '../../src/subscriptions/repositories.js';
import type { Schedule } from '../../src/subscriptions/schedule.js';
import { describeEachBackend } from './backends.js';

function item(identity: string, storyId = `story-${identity}`, firstSeenAt = 1_000): Omit<FeedItemRecord, 'id' | 'feedId'> {
  return {
    identity,
    url: `https://news.example/${identity}`,
    title: `Title ${identity}`,
    summary: null,
    publishedAt: '2025-01-01T00:00:00.000Z',
    language: 'en',
    storyId,
    firstSeenAt,
  };
}

describeEachBackend('Subscription repository contract', (backend) => {
  let store: Store;
  let repo: SubscriptionRepository;
  beforeEach(async () => {
    store = await backend.open({ defaultTimeZone: 'Asia/Jakarta', now: () => 1_000 });
    repo = store.subscriptions;
  });
  afterEach(async () => {
    await store.close();
  });

  describe('feeds', () => {
    it('creates a feed once per URL and keeps its id and poll time on a second upsert', async () => {
      const first = await repo.upsertFeed('https://a.example/rss', { title: 'A', language: 'en' }, 5_000);
      const again = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 9_000);
      expect(again.id).toBe(first.id);
      expect(again).toMatchObject({ title: 'A', language: 'en', nextPollAt: 5_000, consecutiveFailures: 0, disabledAt: null, etag: null });
      const other = await repo.upsertFeed('https://b.example/rss', { title: null, language: null }, 0);
      expect(other.id).not.toBe(first.id);
    });

    it('updates only the poll fields it is given', async () => {
      const feed = await repo.upsertFeed('https://a.example/rss', { title: 'A', language: 'en' }, 0);
      await repo.updateFeedPoll(feed.id, { etag: '"v1"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT', nextPollAt: 7_000 });
      await repo.updateFeedPoll(feed.id, { consecutiveFailures: 2, lastError: 'boom' });
      expect(await repo.getFeed(feed.id)).toMatchObject({
        title: 'A',
        etag: '"v1"',
        lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT',
        nextPollAt: 7_000,
        consecutiveFailures: 2,
        lastError: 'boom',
      });
      await repo.updateFeedPoll(feed.id, { lastError: null, consecutiveFailures: 0 });
      expect(await repo.getFeed(feed.id)).toMatchObject({ lastError: null, consecutiveFailures: 0, etag: '"v1"' });
      expect(await repo.getFeed(feed.id + 100)).toBeUndefined();
    });

    it('lists as due only subscribed, enabled feeds whose poll time has come, oldest first', async () => {
      const late = await repo.upsertFeed('https://late.example/rss', { title: null, language: null }, 500);
      const early = await repo.upsertFeed('https://early.example/rss', { title: null, language: null }, 100);
      const future = await repo.upsertFeed('https://future.example/rss', { title: null, language: null }, 5_000);
      const orphan = await repo.upsertFeed('https://orphan.example/rss', { title: null, language: null }, 0);
      const disabled = await repo.upsertFeed('https://disabled.example/rss', { title: null, language: null }, 0);
      for (const feed of [late, early, future, disabled]) await repo.subscribe(-100, feed.id, 0);
      await repo.subscribe(-200, late.id, 0);
      await repo.updateFeedPoll(disabled.id, { disabledAt: 10 });

      expect((await repo.dueFeeds(1_000, 10)).map((f) => f.id)).toEqual([early.id, late.id]);
      expect((await repo.dueFeeds(1_000, 1)).map((f) => f.id)).toEqual([early.id]);
      expect(orphan.id).toBeGreaterThan(0);
    });
  });

  describe('subscriptions and topics', () => {
    it('subscribes a chat to a feed once and lists feeds and subscribers', async () => {
      const a = await repo.upsertFeed('https://a.example/rss', { title: 'A', language: null }, 0);
      const b = await repo.upsertFeed('https://b.example/rss', { title: 'B', language: null }, 0);
      expect(await repo.subscribe(-100, a.id, 1)).toBe(true);
      expect(await repo.subscribe(-100, a.id, 2)).toBe(false);
      expect(await repo.subscribe(-100, b.id, 3)).toBe(true);
      expect(await repo.subscribe(42, a.id, 4)).toBe(true);
      expect((await repo.feedsOf(-100)).map((f) => f.url)).toEqual(['https://a.example/rss', 'https://b.example/rss']);
      expect(await repo.subscribersOf(a.id)).toEqual([-100, 42]);
    });

    it('unsubscribes one feed or all of them', async () => {
      const a = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      const b = await repo.upsertFeed('https://b.example/rss', { title: null, language: null }, 0);
      await repo.subscribe(-100, a.id, 0);
      await repo.subscribe(-100, b.id, 0);
      await repo.subscribe(-200, a.id, 0);
      expect(await repo.unsubscribe(-100, a.id)).toBe(true);
      expect(await repo.unsubscribe(-100, a.id)).toBe(false);
      expect(await repo.unsubscribeAll(-100)).toBe(1);
      expect(await repo.feedsOf(-100)).toEqual([]);
      expect(await repo.subscribersOf(a.id)).toEqual([-200]);
    });

    it('treats topics differing only in case, accents and spacing as the same topic', async () => {
      expect(await repo.addTopic(-100, 'Menlu Sugiono', 1)).toBe(true);
      expect(await repo.addTopic(-100, '  menlu   SUGIONO ', 2)).toBe(false);
      expect(await repo.addTopic(-100, 'Iran', 3)).toBe(true);
      expect(await repo.addTopic(-200, 'Iran', 3)).toBe(true);
      const topics = await repo.topicsOf(-100);
      expect(topics.map((t) => t.label)).toEqual(['Menlu Sugiono', 'Iran']);
      expect(await repo.removeTopic(-200, topics[0]!.id)).toBe(false);
      expect(await repo.removeTopic(-100, topics[0]!.id)).toBe(true);
      expect((await repo.topicsOf(-100)).map((t) => t.label)).toEqual(['Iran']);
    });

    it('refuses a topic that is not plain words', async () => {
      await expect(repo.addTopic(-100, '(a|b)*', 1)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('lists chats that have topics but no feeds of their own', async () => {
      const a = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      await repo.addTopic(-100, 'ASEAN', 0);
      await repo.addTopic(-100, 'Iran', 0);
      await repo.addTopic(-200, 'ASEAN', 0);
      await repo.subscribe(-200, a.id, 0);
      await repo.subscribe(-300, a.id, 0);
      expect(await repo.topicOnlyChats()).toEqual([-100]);
    });
  });

  describe('delivery settings', () => {
    it('returns defaults with the configured time zone for an unknown chat', async () => {
      expect(await repo.getDeliverySettings(-100)).toEqual({
        chatId: -100,
        schedule: { mode: 'instant' },
        timeZone: 'Asia/Jakarta',
        quiet: null,
        paused: false,
        blocked: false,
        lastSlotCheckAt: null,
        language: null,
      });
      const utc = await backend.open({ defaultTimeZone: 'UTC' });
      expect((await utc.subscriptions.getDeliverySettings(1)).timeZone).toBe('UTC');
      await utc.close();
    });

    it('merges partial updates into the stored settings', async () => {
      await repo.updateDeliverySettings(-100, { schedule: { mode: 'slots', slots: ['07:30', '19:00'] }, quiet: { start: '22:00', end: '06:00' } });
      await repo.updateDeliverySettings(-100, { paused: true, timeZone: 'Europe/Berlin', language: 'id', lastSlotCheckAt: 55 });
      expect(await repo.getDeliverySettings(-100)).toEqual({
        chatId: -100,
        schedule: { mode: 'slots', slots: ['07:30', '19:00'] },
        timeZone: 'Europe/Berlin',
        quiet: { start: '22:00', end: '06:00' },
        paused: true,
        blocked: false,
        lastSlotCheckAt: 55,
        language: 'id',
      });
      await repo.updateDeliverySettings(-100, { quiet: null, blocked: true });
      expect(await repo.getDeliverySettings(-100)).toMatchObject({ quiet: null, blocked: true, paused: true });
    });

    it('lists scheduled chats only when they have a slot schedule and something to deliver', async () => {
      const a = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      const slots: Schedule = { mode: 'slots', slots: ['07:30'] };
      await repo.updateDeliverySettings(-100, { schedule: slots });
      await repo.subscribe(-100, a.id, 0);
      await repo.updateDeliverySettings(-200, { schedule: slots });
      await repo.addTopic(-200, 'Iran', 0);
      await repo.updateDeliverySettings(-300, { schedule: slots });
      await repo.updateDeliverySettings(-400, { paused: true });
      await repo.subscribe(-400, a.id, 0);
      expect((await repo.scheduledChats()).map((s) => s.chatId)).toEqual([-200, -100]);
    });
  });

  describe('items, slot queue and deliveries', () => {
    it('adds only unseen items and returns just the new ones', async () => {
      const feed = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      const first = await repo.addItems(feed.id, [item('1'), item('2')]);
      expect(first.map((i) => i.identity)).toEqual(['1', '2']);
      expect(first[0]).toMatchObject({ feedId: feed.id, title: 'Title 1', storyId: 'story-1', url: 'https://news.example/1' });
      const second = await repo.addItems(feed.id, [item('2'), item('3'), item('3')]);
      expect(second.map((i) => i.identity)).toEqual(['3']);
      // The same identity in another feed is another item.
      const other = await repo.upsertFeed('https://b.example/rss', { title: null, language: null }, 0);
      expect(await repo.addItems(other.id, [item('1')])).toHaveLength(1);
    });

    it('finds a stored item by feed and identity', async () => {
      const feed = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      const [added] = await repo.addItems(feed.id, [item('1')]);
      expect(await repo.getItem(feed.id, '1')).toEqual(added);
      expect(await repo.getItem(feed.id, '2')).toBeUndefined();
      expect(await repo.getItem(feed.id + 1, '1')).toBeUndefined();
    });

    it('finds every item of a story across feeds', async () => {
      const a = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      const b = await repo.upsertFeed('https://b.example/rss', { title: null, language: null }, 0);
      await repo.addItems(a.id, [item('x', 'story-s', 1)]);
      await repo.addItems(b.id, [item('y', 'story-s', 2), item('z')]);
      expect((await repo.itemsOfStory('story-s')).map((i) => [i.feedId, i.identity])).toEqual([
        [a.id, 'x'],
        [b.id, 'y'],
      ]);
    });

    it('queues a story once per chat for its next slot and empties the queue when taken', async () => {
      await repo.queueForSlot(-100, 's1', 1);
      await repo.queueForSlot(-100, 's2', 2);
      await repo.queueForSlot(-100, 's1', 3);
      await repo.queueForSlot(-200, 's1', 1);
      expect(await repo.takeSlotQueue(-100)).toEqual(['s1', 's2']);
      expect(await repo.takeSlotQueue(-100)).toEqual([]);
      expect(await repo.takeSlotQueue(-200)).toEqual(['s1']);
    });

    it('makes a second delivery of the same item to the same chat impossible', async () => {
      const created = await repo.createDelivery({ chatId: -100, kind: 'story', ref: 's1', storyIds: ['s1'] }, 10);
      expect(created).toMatchObject({ chatId: -100, kind: 'story', ref: 's1', storyIds: ['s1'], status: 'pending', attempts: 0, createdAt: 10, sentAt: null });
      await repo.markDelivery(created!.id, 'sent', 20);
      expect(await repo.createDelivery({ chatId: -100, kind: 'story', ref: 's1', storyIds: ['s1'] }, 30)).toBeUndefined();
      // Another chat, or another kind for the same ref, is a different delivery.
      expect(await repo.createDelivery({ chatId: -200, kind: 'story', ref: 's1', storyIds: ['s1'] }, 30)).toBeDefined();
      expect(await repo.createDelivery({ chatId: -100, kind: 'preview', ref: 's1', storyIds: ['s1'] }, 30)).toBeDefined();
    });

    it('lists pending deliveries oldest first and drops them once sent or failed', async () => {
      const late = await repo.createDelivery({ chatId: -100, kind: 'slot', ref: '2025-01-01T07:30', storyIds: ['a', 'b'] }, 20);
      const early = await repo.createDelivery({ chatId: -200, kind: 'story', ref: 's', storyIds: ['s'] }, 10);
      const third = await repo.createDelivery({ chatId: -300, kind: 'story', ref: 's', storyIds: ['s'] }, 30);
      expect((await repo.pendingDeliveries(10)).map((d) => d.id)).toEqual([early!.id, late!.id, third!.id]);
      expect((await repo.pendingDeliveries(1)).map((d) => d.id)).toEqual([early!.id]);
      await repo.bumpDeliveryAttempts(late!.id);
      await repo.bumpDeliveryAttempts(late!.id);
      await repo.markDelivery(early!.id, 'sent', 40);
      await repo.markDelivery(third!.id, 'failed', 50);
      const pending = await repo.pendingDeliveries(10);
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({ id: late!.id, attempts: 2, storyIds: ['a', 'b'], status: 'pending' });
    });
  });

  describe('chat migration', () => {
    it('moves subscriptions, topics, settings, slot queue and deliveries to the supergroup id', async () => {
      const a = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      await repo.subscribe(-1, a.id, 0);
      await repo.addTopic(-1, 'Iran', 0);
      await repo.updateDeliverySettings(-1, { schedule: { mode: 'slots', slots: ['08:00'] }, timeZone: 'UTC' });
      await repo.queueForSlot(-1, 's1', 0);
      const pending = await repo.createDelivery({ chatId: -1, kind: 'story', ref: 's2', storyIds: ['s2'] }, 0);
      const sent = await repo.createDelivery({ chatId: -1, kind: 'story', ref: 's3', storyIds: ['s3'] }, 0);
      await repo.markDelivery(sent!.id, 'sent', 1);

      await repo.migrateChat(-1, -1001);

      expect(await repo.feedsOf(-1)).toEqual([]);
      expect((await repo.feedsOf(-1001)).map((f) => f.id)).toEqual([a.id]);
      expect(await repo.subscribersOf(a.id)).toEqual([-1001]);
      expect((await repo.topicsOf(-1001)).map((t) => t.label)).toEqual(['Iran']);
      expect(await repo.topicsOf(-1)).toEqual([]);
      expect(await repo.getDeliverySettings(-1001)).toMatchObject({ schedule: { mode: 'slots', slots: ['08:00'] }, timeZone: 'UTC' });
      expect((await repo.getDeliverySettings(-1)).timeZone).toBe('Asia/Jakarta');
      expect(await repo.takeSlotQueue(-1001)).toEqual(['s1']);
      const moved = await repo.pendingDeliveries(10);
      expect(moved.map((d) => [d.chatId, d.ref])).toEqual([[-1001, 's2']]);
      expect(moved[0]!.id).not.toBe(pending!.id);
      // What the old group already received is not sent again to the new id.
      expect(await repo.createDelivery({ chatId: -1001, kind: 'story', ref: 's3', storyIds: ['s3'] }, 5)).toBeUndefined();
    });

    it('keeps the target chat rows and drops duplicates when the target already has some', async () => {
      const a = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      const b = await repo.upsertFeed('https://b.example/rss', { title: null, language: null }, 0);
      await repo.subscribe(-1, a.id, 0);
      await repo.subscribe(-1, b.id, 0);
      await repo.subscribe(-1001, a.id, 0);
      await repo.addTopic(-1, 'iran', 0);
      await repo.addTopic(-1001, 'Iran', 0);
      await repo.updateDeliverySettings(-1, { timeZone: 'UTC' });
      await repo.updateDeliverySettings(-1001, { timeZone: 'Asia/Makassar' });
      await repo.createDelivery({ chatId: -1, kind: 'story', ref: 's', storyIds: ['s'] }, 0);
      await repo.createDelivery({ chatId: -1001, kind: 'story', ref: 's', storyIds: ['s'] }, 0);

      await repo.migrateChat(-1, -1001);

      expect((await repo.feedsOf(-1001)).map((f) => f.id).sort()).toEqual([a.id, b.id].sort());
      expect((await repo.topicsOf(-1001)).map((t) => t.label)).toEqual(['Iran']);
      expect((await repo.getDeliverySettings(-1001)).timeZone).toBe('Asia/Makassar');
      expect((await repo.pendingDeliveries(10)).map((d) => d.chatId)).toEqual([-1001]);
    });
  });
  describe('routing, queue order and bookkeeping', () => {
    it('lists unrouted items oldest first until they are marked routed', async () => {
      const feed = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      const [one, two] = await repo.addItems(feed.id, [item('1'), item('2')]);
      await repo.addItems(feed.id, [item('back-catalogue')], { routed: true });
      expect((await repo.unroutedItems(10)).map((i) => i.identity)).toEqual(['1', '2']);
      expect((await repo.unroutedItems(1)).map((i) => i.identity)).toEqual(['1']);
      await repo.markItemsRouted([]);
      await repo.markItemsRouted([one!.id]);
      expect((await repo.unroutedItems(10)).map((i) => i.id)).toEqual([two!.id]);
      await repo.markItemsRouted([two!.id]);
      expect(await repo.unroutedItems(10)).toEqual([]);
    });

    it('records the first successful fetch and a new title', async () => {
      const feed = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
      expect(feed.lastFetchedAt).toBeNull();
      await repo.updateFeedPoll(feed.id, { lastFetchedAt: 1_700_000_000_000, title: 'Renamed', disabledAt: 1_700_000_000_001 });
      expect(await repo.getFeed(feed.id)).toMatchObject({ lastFetchedAt: 1_700_000_000_000, title: 'Renamed', disabledAt: 1_700_000_000_001 });
      await repo.updateFeedPoll(feed.id, {});
      expect((await repo.getFeed(feed.id))?.title).toBe('Renamed');
    });

    it('takes the slot queue in queue-time order, keeping insertion order within one millisecond', async () => {
      await repo.queueForSlot(-100, 'late', 9);
      await repo.queueForSlot(-100, 's3', 5);
      await repo.queueForSlot(-100, 's1', 5);
      await repo.queueForSlot(-100, 's2', 5);
      await repo.queueForSlot(-100, 'early', 1);
      expect(await repo.takeSlotQueue(-100)).toEqual(['early', 's3', 's1', 's2', 'late']);
    });

    it('keeps the queue times of the slot queue when a group becomes a supergroup', async () => {
      await repo.queueForSlot(-1, 'b', 7);
      await repo.queueForSlot(-1, 'c', 9);
      await repo.queueForSlot(-1, 'a', 5);
      await repo.queueForSlot(-1001, 'z', 8);
      await repo.migrateChat(-1, -1001);
      expect(await repo.takeSlotQueue(-1)).toEqual([]);
      expect(await repo.takeSlotQueue(-1001)).toEqual(['a', 'b', 'z', 'c']);
    });

    it('leaves a chat untouched when it is migrated to itself', async () => {
      await repo.updateDeliverySettings(-1, { timeZone: 'UTC' });
      await repo.queueForSlot(-1, 's', 0);
      await repo.migrateChat(-1, -1);
      expect((await repo.getDeliverySettings(-1)).timeZone).toBe('UTC');
      expect(await repo.takeSlotQueue(-1)).toEqual(['s']);
    });

    it('falls back to an instant schedule when the stored one is not usable', async () => {
      await repo.updateDeliverySettings(-100, { schedule: { mode: 'slots', slots: [] } as unknown as Schedule });
      expect((await repo.getDeliverySettings(-100)).schedule).toEqual({ mode: 'instant' });
    });
  });
});

describeEachBackend('Subscription repository contract: two instances at once', (backend) => {
  let a: Store;
  let b: Store;
  beforeEach(async () => {
    [a, b] = await backend.openTwins({ defaultTimeZone: 'Asia/Jakarta' });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('hands each queued story to exactly one instance when both take the slot queue', async () => {
    const stories = Array.from({ length: 40 }, (_, i) => `s${i}`);
    for (const [i, story] of stories.entries()) await a.subscriptions.queueForSlot(-100, story, i);
    const [first, second] = await Promise.all([a.subscriptions.takeSlotQueue(-100), b.subscriptions.takeSlotQueue(-100)]);
    expect([...first, ...second].sort()).toEqual([...stories].sort());
    expect(await a.subscriptions.takeSlotQueue(-100)).toEqual([]);
  });

  it('reports each new item as new to exactly one instance when both add it', async () => {
    const feed = await a.subscriptions.upsertFeed('https://a.example/rss', { title: null, language: null }, 0);
    const items = Array.from({ length: 20 }, (_, i) => item(`${i}`));
    const [first, second] = await Promise.all([a.subscriptions.addItems(feed.id, items), b.subscriptions.addItems(feed.id, items)]);
    expect([...first, ...second].map((i) => i.identity).sort()).toEqual(items.map((i) => i.identity).sort());
  });

  it('creates a delivery once when both instances create it', async () => {
    const delivery = { chatId: -100, kind: 'story', ref: 's1', storyIds: ['s1'] } as const;
    const results = await Promise.all([a.subscriptions.createDelivery({ ...delivery, storyIds: ['s1'] }, 1), b.subscriptions.createDelivery({ ...delivery, storyIds: ['s1'] }, 1)]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await a.subscriptions.pendingDeliveries(10)).toHaveLength(1);
  });

  it('keeps every one of several settings changes made at the same moment', async () => {
    const changes: Partial<DeliverySettings>[] = [
      { paused: true },
      { blocked: true },
      { timeZone: 'Europe/Berlin' },
      { language: 'id' },
      { lastSlotCheckAt: 55 },
      { quiet: { start: '22:00', end: '06:00' } },
      { schedule: { mode: 'slots', slots: ['07:30'] } },
    ];
    const expected = Object.assign({}, ...changes) as Partial<DeliverySettings>;
    for (let round = 0; round < 5; round++) {
      const chatId = -100 - round;
      await Promise.all(changes.map((change, i) => (i % 2 === 0 ? a : b).subscriptions.updateDeliverySettings(chatId, change)));
      expect(await a.subscriptions.getDeliverySettings(chatId)).toEqual({ chatId, ...expected });
    }
  });
});
