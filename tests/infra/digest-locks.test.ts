import { afterEach, describe, expect, it } from 'vitest';
import { createDigestLocks } from '../../src/infra/digest-locks.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('digest locks on the store leases', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  function locks(owner: string) {
    store ??= openSqliteStore(':memory:');
    return createDigestLocks({ leases: store.leases, owner, ttlMs: 300, now: Date.now });
  }

  it('keeps renewing the lease while the holder works, so a waiter cannot take it after one lease', async () => {
    const a = locks('a');
    const b = locks('b');
    expect(await a.acquire('k')).toBe(true);
    expect(await b.acquire('k')).toBe(false);
    await sleep(700);
    expect(await b.acquire('k')).toBe(false);
    await a.release('k');
    expect(a.held()).toBe(0);
    expect(await b.acquire('k')).toBe(true);
    await b.release('k');
  });

  it('lets another instance take the lease once a holder that stopped renewing (died) lets it expire', async () => {
    const b = locks('b');
    // A dead holder: the lease row is there, nobody renews it.
    expect(await (store as Store).leases.acquire('digest:k', 'dead', Date.now(), 300)).toBe(true);
    expect(await b.acquire('k')).toBe(false);
    await sleep(400);
    expect(await b.acquire('k')).toBe(true);
    await b.release('k');
  });
});
