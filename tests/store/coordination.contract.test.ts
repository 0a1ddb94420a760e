import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/repositories.js';
import type { DeliveryRecord } from '../../src/subscriptions/repositories.js';
import { describeEachBackend, type StoreBackend } from './backends.js';

const LEASE = 1_000;

describeEachBackend('coordination: claims, leases and the digest queue', (backend: StoreBackend) => {
  const opened: Store[] = [];
  async function open(): Promise<Store> {
    const store = await backend.open({ defaultTimeZone: 'Asia/Jakarta', now: () => 0 });
    opened.push(store);
    return store;
  }
  async function twins(): Promise<[Store, Store]> {
    const pair = await backend.openTwins({ defaultTimeZone: 'Asia/Jakarta', now: () => 0 });
    opened.push(...pair);
    return pair;
  }
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  async function deliver(store: Store, chatId: number, ref: string, createdAt: number): Promise<DeliveryRecord> {
    const delivery = await store.subscriptions.createDelivery({ chatId, kind: 'story', ref, storyIds: [ref] }, createdAt);
    if (!delivery) throw new Error(`delivery ${chatId}/${ref} already existed`);
    return delivery;
  }
  const ids = (records: { id: number }[]) => records.map((record) => record.id);

  // ── deliveries ────────────────────────────────────────────────────────────────────────────────

  it("claims a chat's pending deliveries for one instance only", async () => {
    const [a, b] = await twins();
    const first = await deliver(a, -100, 's1', 100);
    const second = await deliver(a, -100, 's2', 200);
    const other = await deliver(a, -200, 's3', 300);

    const claimedByA = await a.subscriptions.claimDeliveries('a', 1_000, LEASE, 2);
    expect(claimedByA).toEqual([
      { ...first, status: 'pending' },
      { ...second, status: 'pending' },
    ]);
    expect(claimedByA[0]).toMatchObject({ chatId: -100, kind: 'story', ref: 's1', storyIds: ['s1'], attempts: 0, sentAt: null });

    // B gets the other chat only, and nothing new of A's chat even once it grows.
    const third = await deliver(b, -100, 's4', 400);
    expect(ids(await b.subscriptions.claimDeliveries('b', 1_001, LEASE, 10))).toEqual([other.id]);
    expect(await b.subscriptions.claimDeliveries('b', 1_002, LEASE, 10, -100)).toEqual([]);

    // A's own deliveries come back again (renewed), with the newcomer of its chat; B's chat stays B's.
    expect(ids(await a.subscriptions.claimDeliveries('a', 1_003, LEASE, 10))).toEqual([first.id, second.id, third.id]);
  });

  it('keeps the rest of a chat cut at the limit away from other instances', async () => {
    const [a, b] = await twins();
    const chat = [await deliver(a, -1, 'x1', 10), await deliver(a, -1, 'x2', 20), await deliver(a, -1, 'x3', 30)];
    const lonely = await deliver(a, -2, 'y1', 40);

    expect(ids(await a.subscriptions.claimDeliveries('a', 1_000, LEASE, 2))).toEqual([chat[0]!.id, chat[1]!.id]);
    // x3 is unclaimed, but its chat is held by A: B must not send it ahead of x1 and x2.
    expect(ids(await b.subscriptions.claimDeliveries('b', 1_000, LEASE, 10))).toEqual([lonely.id]);
    expect(ids(await a.subscriptions.claimDeliveries('a', 1_001, LEASE, 10))).toEqual(ids(chat));
  });

  it('two instances claiming at the same moment never get the same delivery', async () => {
    const [a, b] = await twins();
    const chats = Array.from({ length: 50 }, (_, i) => -1000 - i);
    // Chat-major: with a limit of 6 most claims cut a chat in two.
    for (const [c, chatId] of chats.entries()) {
      for (let k = 0; k < 4; k += 1) await deliver(a, chatId, `c${c}-${k}`, 10 + c * 4 + k);
    }
    const calls = Array.from({ length: 24 }, (_, i): [string, Store] => (i % 2 === 0 ? ['a', a] : ['b', b]));
    const results = await Promise.all(calls.map(([owner, store]) => store.subscriptions.claimDeliveries(owner, 5_000, LEASE, 6)));

    const ownerOfDelivery = new Map<number, string>();
    const ownerOfChat = new Map<number, string>();
    for (const [i, claimed] of results.entries()) {
      const owner = calls[i]![0];
      for (const delivery of claimed) {
        expect(ownerOfDelivery.get(delivery.id) ?? owner).toBe(owner);
        expect(ownerOfChat.get(delivery.chatId) ?? owner).toBe(owner);
        ownerOfDelivery.set(delivery.id, owner);
        ownerOfChat.set(delivery.chatId, owner);
      }
    }
    // Both instances got work, and each of a chat's claimed deliveries includes all older ones of that chat.
    expect(new Set(ownerOfChat.values())).toEqual(new Set(['a', 'b']));
    for (const [chatId] of ownerOfChat) {
      const c = chats.indexOf(chatId);
      const claimedRefs = results.flat().filter((d) => d.chatId === chatId).map((d) => d.ref);
      const depth = Math.max(...claimedRefs.map((ref) => Number(ref.split('-')[1])));
      for (let k = 0; k <= depth; k += 1) expect(claimedRefs).toContain(`c${c}-${k}`);
    }
  });

  it('two instances sending at once deliver everything exactly once, each chat in order', async () => {
    const [a, b] = await twins();
    const chats = Array.from({ length: 50 }, (_, i) => -2000 - i);
    // Round-robin creation times: every claim spans many chats and cuts most of them.
    for (let k = 0; k < 4; k += 1) {
      for (const [c, chatId] of chats.entries()) await deliver(a, chatId, `r${k}`, 10 + k * 100 + c);
    }
    const sent: { id: number; chatId: number; createdAt: number; owner: string }[] = [];
    async function sender(owner: string, store: Store): Promise<void> {
      for (let round = 0; round < 1_000; round += 1) {
        const claimed = await store.subscriptions.claimDeliveries(owner, 5_000, LEASE, 7);
        if (claimed.length === 0) {
          if ((await store.subscriptions.countPendingDeliveries()) === 0) return;
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        for (const delivery of claimed) {
          sent.push({ id: delivery.id, chatId: delivery.chatId, createdAt: delivery.createdAt, owner });
          await store.subscriptions.markDelivery(delivery.id, 'sent', 5_000);
        }
      }
      throw new Error(`${owner} did not finish`);
    }
    await Promise.all([sender('a', a), sender('b', b)]);

    expect(sent).toHaveLength(200);
    expect(new Set(sent.map((s) => s.id)).size).toBe(200);
    expect(new Set(sent.map((s) => s.owner))).toEqual(new Set(['a', 'b']));
    for (const chatId of chats) {
      const times = sent.filter((s) => s.chatId === chatId).map((s) => s.createdAt);
      expect(times).toEqual([...times].sort((x, y) => x - y));
    }
    expect(await b.subscriptions.countPendingDeliveries()).toBe(0);
  });

  it('takes over the deliveries of an instance whose claim expired; renew keeps them; release frees them at once', async () => {
    const [a, b] = await twins();
    const first = await deliver(a, -5, 'e1', 1);
    const second = await deliver(a, -5, 'e2', 2);

    expect(ids(await a.subscriptions.claimDeliveries('a', 1_000, LEASE, 10))).toEqual([first.id, second.id]);
    // Live while until >= now: at 2_000 A still holds them.
    expect(await b.subscriptions.claimDeliveries('b', 2_000, LEASE, 10)).toEqual([]);
    await a.subscriptions.renewDeliveryClaims('a', 1_900, LEASE);
    expect(await b.subscriptions.claimDeliveries('b', 2_500, LEASE, 10)).toEqual([]);
    expect(await b.subscriptions.claimDeliveries('b', 2_900, LEASE, 10)).toEqual([]);
    // A died: past its renewed lease, B takes the chat over.
    expect(ids(await b.subscriptions.claimDeliveries('b', 2_901, LEASE, 10))).toEqual([first.id, second.id]);
    // A renewing an expired claim does not take anything back from B.
    await a.subscriptions.renewDeliveryClaims('a', 3_000, LEASE);
    expect(await a.subscriptions.claimDeliveries('a', 3_000, LEASE, 10)).toEqual([]);
    // B shuts down gracefully: A gets them at once, long before B's lease would end.
    await b.subscriptions.releaseDeliveryClaims('b');
    expect(ids(await a.subscriptions.claimDeliveries('a', 3_001, LEASE, 10))).toEqual([first.id, second.id]);
  });

  it('never claims a sent or failed delivery, claims oldest first and counts pending ones only', async () => {
    const store = await open();
    const late = await deliver(store, -7, 'late', 300);
    const early = await deliver(store, -8, 'early', 100);
    const sentOne = await deliver(store, -9, 'sent', 50);
    const failedOne = await deliver(store, -9, 'failed', 60);
    const middle = await deliver(store, -9, 'middle', 200);
    await store.subscriptions.markDelivery(sentOne.id, 'sent', 400);
    await store.subscriptions.markDelivery(failedOne.id, 'failed', 400);
    expect(await store.subscriptions.countPendingDeliveries()).toBe(3);

    expect(ids(await store.subscriptions.claimDeliveries('a', 1_000, LEASE, 2))).toEqual([early.id, middle.id]);
    expect(ids(await store.subscriptions.claimDeliveries('a', 1_000, LEASE, 10, -7))).toEqual([late.id]);
    // Claimed or not, they are still pending.
    expect(await store.subscriptions.countPendingDeliveries()).toBe(3);
    await store.subscriptions.markDelivery(early.id, 'sent', 1_100);
    expect(await store.subscriptions.countPendingDeliveries()).toBe(2);
    expect(ids(await store.subscriptions.claimDeliveries('a', 1_200, LEASE, 10))).toEqual([middle.id, late.id]);
    expect(await store.subscriptions.claimDeliveries('a', 1_200, LEASE, 0)).toEqual([]);
  });

  // ── feeds ─────────────────────────────────────────────────────────────────────────────────────

  it('lets one instance at a time poll a feed, with take-over after expiry, release and re-claim by the holder', async () => {
    const [a, b] = await twins();
    const feed = await a.subscriptions.upsertFeed('https://feed.example/rss', { title: null, language: null }, 0);

    expect(await a.subscriptions.claimFeed(feed.id, 'a', 1_000, LEASE)).toBe(true);
    expect(await b.subscriptions.claimFeed(feed.id, 'b', 1_500, LEASE)).toBe(false);
    // The holder may claim again (extends to 2_800).
    expect(await a.subscriptions.claimFeed(feed.id, 'a', 1_800, LEASE)).toBe(true);
    expect(await b.subscriptions.claimFeed(feed.id, 'b', 2_800, LEASE)).toBe(false);
    expect(await b.subscriptions.claimFeed(feed.id, 'b', 2_801, LEASE)).toBe(true);
    // A's release is a no-op now that B holds it.
    await a.subscriptions.releaseFeed(feed.id, 'a');
    expect(await a.subscriptions.claimFeed(feed.id, 'a', 2_900, LEASE)).toBe(false);
    await b.subscriptions.releaseFeed(feed.id, 'b');
    expect(await a.subscriptions.claimFeed(feed.id, 'a', 2_900, LEASE)).toBe(true);
    expect(await a.subscriptions.claimFeed(feed.id + 1_000, 'a', 2_900, LEASE)).toBe(false);
  });

  // ── leases ────────────────────────────────────────────────────────────────────────────────────

  it('grants a lease to one owner until it expires or is released, and lets the holder renew it', async () => {
    const [a, b] = await twins();
    expect(await a.leases.acquire('digest:k1', 'a', 1_000, LEASE)).toBe(true);
    expect(await b.leases.acquire('digest:k1', 'b', 1_100, LEASE)).toBe(false);
    expect(await b.leases.acquire('digest:k2', 'b', 1_100, LEASE)).toBe(true);
    // Renewal by the holder moves the expiry to 2_500.
    expect(await a.leases.acquire('digest:k1', 'a', 1_500, LEASE)).toBe(true);
    expect(await b.leases.acquire('digest:k1', 'b', 2_500, LEASE)).toBe(false);
    expect(await b.leases.acquire('digest:k1', 'b', 2_501, LEASE)).toBe(true);
    expect(await a.leases.acquire('digest:k1', 'a', 2_600, LEASE)).toBe(false);
    // Only the holder can release.
    await a.leases.release('digest:k1', 'a');
    expect(await a.leases.acquire('digest:k1', 'a', 2_700, LEASE)).toBe(false);
    await b.leases.release('digest:k1', 'b');
    expect(await a.leases.acquire('digest:k1', 'a', 2_700, LEASE)).toBe(true);
  });

  it('never drops a live lease when pruning expired ones', async () => {
    const store = await open();
    const hour = 3_600_000;
    expect(await store.leases.acquire('old', 'a', 0, LEASE)).toBe(true);
    expect(await store.leases.acquire('long', 'a', 10 * hour, 3 * hour)).toBe(true);
    // Minutes later an acquire prunes rows expired for over an hour: 'old' goes, 'long' must stay.
    expect(await store.leases.acquire('other', 'a', 10 * hour + 5 * 60_000, LEASE)).toBe(true);
    expect(await store.leases.acquire('long', 'b', 12 * hour, LEASE)).toBe(false);
    expect(await store.leases.acquire('old', 'b', 12 * hour, LEASE)).toBe(true);
  });

  // ── digest jobs ───────────────────────────────────────────────────────────────────────────────

  it('queues an update once even when Telegram delivers it twice', async () => {
    const store = await open();
    expect(await store.jobs.add({ chatId: 1, updateId: 500, payload: '{"n":1}' }, 10)).toBe(true);
    expect(await store.jobs.add({ chatId: 1, updateId: 500, payload: '{"n":2}' }, 11)).toBe(false);
    expect(await store.jobs.countPending()).toBe(1);
    const [job] = await store.jobs.claim('a', 1_000, LEASE, 10);
    expect(job).toMatchObject({ chatId: 1, updateId: 500, payload: '{"n":1}', placeholderMessageId: null, attempts: 1, createdAt: 10 });
  });

  it("runs one job per chat at a time, in update order", async () => {
    const [a, b] = await twins();
    // Inserted out of update order: the chat's head is update 10 although update 12 came in first.
    await a.jobs.add({ chatId: 1, updateId: 12, payload: 'c1-u12' }, 1);
    await a.jobs.add({ chatId: 1, updateId: 10, payload: 'c1-u10' }, 2);
    await a.jobs.add({ chatId: 2, updateId: 11, payload: 'c2-u11' }, 3);
    await a.jobs.add({ chatId: 3, updateId: 13, payload: 'c3-u13' }, 4);

    const first = await a.jobs.claim('a', 1_000, LEASE, 2);
    expect(first.map((job) => job.payload)).toEqual(['c1-u10', 'c2-u11']);
    // Job 2 of chat 1 waits while job 1 runs, for every instance including the one running it.
    expect((await b.jobs.claim('b', 1_000, LEASE, 10)).map((job) => job.payload)).toEqual(['c3-u13']);
    expect(await a.jobs.claim('a', 1_001, LEASE, 10)).toEqual([]);

    await a.jobs.finish(first[0]!.id);
    expect(await a.jobs.countPending()).toBe(3);
    expect((await b.jobs.claim('b', 1_002, LEASE, 10)).map((job) => job.payload)).toEqual(['c1-u12']);
  });

  it('gives an expired job to another instance with its placeholder and bumped attempts; renew keeps it, release frees it', async () => {
    const [a, b] = await twins();
    await a.jobs.add({ chatId: -300, updateId: 1, payload: '{"url":"https://x.example"}' }, 5);
    const [claimed] = await a.jobs.claim('a', 1_000, LEASE, 10);
    expect(claimed).toMatchObject({ attempts: 1, placeholderMessageId: null });
    await a.jobs.setPlaceholder(claimed!.id, 9_876_543_210);

    await a.jobs.renew('a', 1_900, LEASE);
    expect(await b.jobs.claim('b', 2_500, LEASE, 10)).toEqual([]);
    expect(await b.jobs.claim('b', 2_900, LEASE, 10)).toEqual([]);
    const [takenOver] = await b.jobs.claim('b', 2_901, LEASE, 10);
    expect(takenOver).toEqual({
      id: claimed!.id,
      chatId: -300,
      updateId: 1,
      payload: '{"url":"https://x.example"}',
      placeholderMessageId: 9_876_543_210,
      attempts: 2,
      createdAt: 5,
    });

    // A (expired) renewing changes nothing; B releasing hands it over at once.
    await a.jobs.renew('a', 3_000, LEASE);
    expect(await a.jobs.claim('a', 3_000, LEASE, 10)).toEqual([]);
    await b.jobs.release('b');
    expect((await a.jobs.claim('a', 3_001, LEASE, 10)).map((job) => job.attempts)).toEqual([3]);
    await a.jobs.finish(claimed!.id);
    expect(await a.jobs.countPending()).toBe(0);
    expect(await b.jobs.claim('b', 10_000, LEASE, 10)).toEqual([]);
  });

  it('never gives two instances claiming at once jobs of the same chat', async () => {
    const [a, b] = await twins();
    let updateId = 1;
    for (let k = 0; k < 3; k += 1) {
      for (let chat = 0; chat < 30; chat += 1) await a.jobs.add({ chatId: 7_000 + chat, updateId: updateId++, payload: `${chat}/${k}` }, updateId);
    }
    const calls = Array.from({ length: 10 }, (_, i): [string, Store] => (i % 2 === 0 ? ['a', a] : ['b', b]));
    const results = await Promise.all(calls.map(([owner, store]) => store.jobs.claim(owner, 1_000, LEASE, 4)));

    const claimed = results.flat();
    // 10 calls × 4 ≥ 30 chats: every chat's head is claimed, exactly once, and nothing behind a head.
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed.map((job) => job.chatId)).size).toBe(30);
    expect(claimed.every((job) => job.payload.endsWith('/0') && job.attempts === 1)).toBe(true);
    expect(results.every((batch) => batch.length <= 4)).toBe(true);
    expect(await b.jobs.countPending()).toBe(90);
  });
});
