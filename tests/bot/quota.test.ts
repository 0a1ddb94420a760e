import { describe, expect, it } from 'vitest';
import { CHANNEL_BOT_ID, createQuota, isUnattributedServiceSender, quotaKeyOf } from '../../src/bot/quota.js';
import { GROUP_ANONYMOUS_BOT_ID } from '../../src/bot/admin.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

describe('per-user quota', () => {
  it('allows the hourly limit, refuses the next, and frees up after an hour', async () => {
    let now = 1_000_000;
    const store = openSqliteStore(':memory:');
    const quota = createQuota({ repo: store.quota, limitPerHour: 2, now: () => now });
    expect((await quota.tryConsume(1)).allowed).toBe(true);
    expect((await quota.tryConsume(1)).allowed).toBe(true);
    const refused = await quota.tryConsume(1);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSec).toBeGreaterThan(0);
    expect((await quota.tryConsume(2)).allowed).toBe(true);
    now += 3_600_001;
    expect((await quota.tryConsume(1)).allowed).toBe(true);
    await store.close();
  });

  it('never refuses when the limit is 0', async () => {
    const store = openSqliteStore(':memory:');
    const quota = createQuota({ repo: store.quota, limitPerHour: 0, now: () => 0 });
    for (let i = 0; i < 5; i++) expect((await quota.tryConsume(1)).allowed).toBe(true);
    await store.close();
  });
  it('tells a refused user when the oldest counted digest leaves the window', async () => {
    let now = 10_000_000;
    const store = openSqliteStore(':memory:');
    const quota = createQuota({ repo: store.quota, limitPerHour: 2, now: () => now });
    await quota.tryConsume(5); // at t0
    now += 600_000; // 10 min later
    await quota.tryConsume(5);
    now += 300_000; // 15 min after the first
    const refused = await quota.tryConsume(5);
    expect(refused.allowed).toBe(false);
    // The first use leaves the window 45 minutes from now.
    expect(refused.retryAfterSec).toBeGreaterThanOrEqual(45 * 60 - 1);
    expect(refused.retryAfterSec).toBeLessThanOrEqual(45 * 60 + 1);
    // A refusal is not counted: once the first use expires, one more is allowed.
    now += refused.retryAfterSec * 1000;
    expect((await quota.tryConsume(5)).allowed).toBe(true);
    expect((await quota.tryConsume(5)).allowed).toBe(false);
    await store.close();
  });
});

describe('quota key', () => {
  it('charges a message sent on behalf of a chat to that chat, and any other message to its user', () => {
    expect(quotaKeyOf({ from: { id: GROUP_ANONYMOUS_BOT_ID }, sender_chat: { id: -100555 } })).toBe(-100555);
    expect(quotaKeyOf({ from: { id: CHANNEL_BOT_ID }, sender_chat: { id: -100666 } })).toBe(-100666);
    expect(quotaKeyOf({ sender_chat: { id: -100777 } })).toBe(-100777);
    expect(quotaKeyOf({ from: { id: 42 } })).toBe(42);
    expect(quotaKeyOf({})).toBeNull();
  });

  it('flags a service account that does not name the chat it speaks for', () => {
    expect(isUnattributedServiceSender({ from: { id: GROUP_ANONYMOUS_BOT_ID } })).toBe(true);
    expect(isUnattributedServiceSender({ from: { id: CHANNEL_BOT_ID } })).toBe(true);
    expect(isUnattributedServiceSender({ from: { id: GROUP_ANONYMOUS_BOT_ID }, sender_chat: { id: -100555 } })).toBe(false);
    expect(isUnattributedServiceSender({ from: { id: 42 } })).toBe(false);
  });
});
