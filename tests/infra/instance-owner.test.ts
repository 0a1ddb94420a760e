import { afterEach, describe, expect, it } from 'vitest';
import { createInstanceIdentity, isProcessAlive, reclaimPredecessorClaims } from '../../src/infra/instance-owner.js';
import type { Store } from '../../src/store/repositories.js';
import { describeEachBackend } from '../store/backends.js';

const identity = (options: { instanceId?: string; hostname?: string; pid?: number; random?: string; localDatabase?: boolean; alive?: number[] }) =>
  createInstanceIdentity({
    instanceId: options.instanceId,
    hostname: options.hostname ?? 'box',
    pid: options.pid ?? 4242,
    random: options.random ?? 'cafe01',
    localDatabase: options.localDatabase ?? true,
    isProcessAlive: (pid) => (options.alive ?? []).includes(pid),
  });

describe('instance identity', () => {
  it('names a run <stable>/<pid>/<random>, the stable part being INSTANCE_ID or else the hostname', () => {
    expect(identity({ instanceId: 'bot-1' }).owner).toBe('bot-1/4242/cafe01');
    expect(identity({}).owner).toBe('box/4242/cafe01');
    expect(identity({}).prefix).toBe('box/');
  });

  it('with INSTANCE_ID, takes every other run under that id for a stopped predecessor, and nobody else', () => {
    const self = identity({ instanceId: 'bot-1', localDatabase: false });
    expect(self.isDeadPredecessor('bot-1/7/aaaaaa')).toBe(true);
    expect(self.isDeadPredecessor(self.owner)).toBe(false);
    // "bot-10" is another instance, not a run of "bot-1".
    expect(self.isDeadPredecessor('bot-10/7/aaaaaa')).toBe(false);
    expect(self.isDeadPredecessor('bot-1-7-aaaaaa')).toBe(false);
  });

  it('on SQLite without INSTANCE_ID, takes a run of this host for a predecessor only when its pid no longer runs or is our own', () => {
    const self = identity({ alive: [4242, 5000] });
    expect(self.isDeadPredecessor('box/3000/aaaaaa')).toBe(true);
    // Another process on this host, alive: its claims are its own.
    expect(self.isDeadPredecessor('box/5000/aaaaaa')).toBe(false);
    // Our pid with another random part: the old run was pid 1 in the same container, and is gone.
    expect(self.isDeadPredecessor('box/4242/bbbbbb')).toBe(true);
    expect(self.isDeadPredecessor('otherbox/3000/aaaaaa')).toBe(false);
    expect(self.isDeadPredecessor('box/not-a-pid/aaaaaa')).toBe(false);
  });

  it('on PostgreSQL without INSTANCE_ID, takes no run for its own: two machines may share a hostname', () => {
    expect(identity({ localDatabase: false }).isDeadPredecessor('box/3000/aaaaaa')).toBe(false);
  });

  it('sees this test process as alive and an unused pid as gone', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(2 ** 22 + 12_345)).toBe(false);
  });
});

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describeEachBackend('freeing an earlier run’s claims at start', (backend) => {
  const T = 1_000_000;
  const LEASE = 600_000;

  it("frees a crashed run's job claim, digest lease, feed lease and delivery claim, and leaves a live run's alone", async () => {
    const store = await backend.open();
    stores.push(store);
    const dead = 'box/3000/aaaaaa';
    const live = 'box/5000/bbbbbb';
    const self = identity({ pid: 6000, alive: [5000, 6000] });

    for (const [chatId, updateId] of [
      [1, 11],
      [2, 12],
    ] as const) {
      await store.jobs.add({ chatId, updateId, payload: '{}' }, T);
    }
    const [deadJob] = await store.jobs.claim(dead, T, LEASE, 1);
    const [liveJob] = await store.jobs.claim(live, T, LEASE, 1);
    expect(deadJob?.chatId).toBe(1);
    expect(liveJob?.chatId).toBe(2);
    expect(await store.leases.acquire('digest:dead-article', dead, T, LEASE)).toBe(true);
    expect(await store.leases.acquire('digest:live-article', live, T, LEASE)).toBe(true);
    const feed = await store.subscriptions.upsertFeed('https://news.example/feed.xml', { title: 'Feed', language: 'en' }, T);
    expect(await store.subscriptions.claimFeed(feed.id, dead, T, LEASE)).toBe(true);
    await store.subscriptions.createDelivery({ chatId: 3, kind: 'story', ref: 's1', storyIds: ['s1'] }, T);
    expect(await store.subscriptions.claimDeliveries(dead, T, LEASE, 10)).toHaveLength(1);

    const result = await reclaimPredecessorClaims(store.claims, self);
    expect(result.owners).toEqual([dead]);
    expect(result.released).toBe(4);

    // Within the dead run's lease, everything it held is ours to take now; the live run keeps its own.
    const now = T + 1000;
    expect((await store.jobs.claim(self.owner, now, LEASE, 10)).map((job) => job.chatId)).toEqual([1]);
    expect(await store.leases.acquire('digest:dead-article', self.owner, now, LEASE)).toBe(true);
    expect(await store.leases.acquire('digest:live-article', self.owner, now, LEASE)).toBe(false);
    expect(await store.subscriptions.claimFeed(feed.id, self.owner, now, LEASE)).toBe(true);
    expect(await store.subscriptions.claimDeliveries(self.owner, now, LEASE, 10)).toHaveLength(1);
    expect(await store.claims.owners('box/')).toEqual(expect.arrayContaining([live, self.owner]));
    expect(await store.claims.owners('box/')).not.toContain(dead);
  });

  it('matches owners by exact prefix, so an INSTANCE_ID with LIKE wildcards frees only its own runs', async () => {
    const store = await backend.open();
    stores.push(store);
    await store.leases.acquire('digest:a', 'bot_1/7/aaaaaa', T, LEASE);
    await store.leases.acquire('digest:b', 'botX1/7/aaaaaa', T, LEASE);
    const self = identity({ instanceId: 'bot_1', localDatabase: false });
    expect((await reclaimPredecessorClaims(store.claims, self)).owners).toEqual(['bot_1/7/aaaaaa']);
    expect(await store.leases.acquire('digest:b', self.owner, T + 1, LEASE)).toBe(false);
  });
});
