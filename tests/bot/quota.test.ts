import { describe, expect, it } from 'vitest';
import { createQuota } from '../../src/bot/quota.js';
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
});
