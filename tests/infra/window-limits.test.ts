import { describe, expect, it } from 'vitest';
import { createLocalLimits } from '../../src/infra/limits/limit-backend.js';
import { type WindowLimit, createMemoryStore, waitInWindow } from '../../src/infra/limits/window-store.js';

/** The most times inside any window of windowMs (Telegram's sliding count). */
function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let end = 0, start = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** Takes slots as fast as the store allows on a fake clock; returns the grant times. */
async function grantTimes(limit: WindowLimit, count: number): Promise<number[]> {
  let clock = 0;
  const store = createMemoryStore(() => clock);
  const times: number[] = [];
  while (times.length < count) {
    const { waitMs } = await store.take([{ key: 'k', limit }], String(times.length));
    if (waitMs === 0) times.push(clock);
    // An uneven step, as timers fire: sometimes late, never early.
    clock += Math.max(waitMs, 1) + (times.length % 7);
  }
  return times;
}

describe('sliding-window limits', () => {
  it('never grants more than max in any window, across window boundaries too', async () => {
    const times = await grantTimes({ windowMs: 1000, max: 27, minGapMs: 33 }, 200);
    expect(maxInAnyWindow(times, 1000)).toBe(27);
    // A fixed one-second window would allow 2 × 27 across its boundary; the sliding one keeps the rate.
    expect(maxInAnyWindow(times, 2000)).toBeLessThanOrEqual(54);
    expect(times.length / ((times.at(-1) as number) / 1000)).toBeGreaterThan(24);
  });

  it('keeps the minimum gap between two grants', async () => {
    const times = await grantTimes({ windowMs: 60_000, max: 20, minGapMs: 1000 }, 25);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
    expect(maxInAnyWindow(times, 60_000)).toBe(20);
  });

  it('says how long until the oldest take leaves the window', () => {
    const times = [0, 100, 200];
    expect(waitInWindow(times, { windowMs: 1000, max: 3 }, 500)).toBe(500);
    expect(waitInWindow(times, { windowMs: 1000, max: 3 }, 1000)).toBe(0);
    expect(times).toEqual([100, 200]);
  });

  it('takes several slots together or none, and names the one that waits', async () => {
    const store = createMemoryStore(() => 0);
    const chat = { key: 'chat', limit: { windowMs: 1000, max: 1 } };
    const global = { key: 'global', limit: { windowMs: 1000, max: 5 } };
    expect(await store.take([chat, global], 'a')).toEqual({ waitMs: 0, blockedBy: 0 });
    expect(await store.take([chat, global], 'b')).toEqual({ waitMs: 1000, blockedBy: 0 });
    // The refused take left the global count alone: four more fit.
    for (let i = 0; i < 4; i++) expect((await store.take([global], `c${i}`)).waitMs).toBe(0);
    expect(await store.take([global], 'd')).toEqual({ waitMs: 1000, blockedBy: 0 });
  });

  it('frees a hold on release, and one never released after its time', async () => {
    let clock = 0;
    const store = createMemoryStore(() => clock);
    expect(await store.hold('model', 'a', 1, 5000)).toBe(0);
    expect(await store.hold('model', 'b', 1, 5000)).toBe(5000);
    clock = 5000;
    expect(await store.hold('model', 'b', 1, 5000)).toBe(0);
    await store.release('model', 'b');
    expect(await store.hold('model', 'c', 1, 5000)).toBe(0);
  });

  it('does not let a chat that must wait hold up the other chats behind the global slot', async () => {
    const limits = createLocalLimits();
    const global = { key: 'global', limit: { windowMs: 1000, max: 100 } };
    const slow = { key: 'chat:1', limit: { windowMs: 400, max: 1 } };
    await limits.take([slow, global]);
    const order: string[] = [];
    const waiting = limits.take([slow, global]).then(() => order.push('chat 1 again'));
    await limits.take([{ key: 'chat:2', limit: { windowMs: 400, max: 1 } }, global]).then(() => order.push('chat 2'));
    await waiting;
    expect(order).toEqual(['chat 2', 'chat 1 again']);
    await limits.close();
  });

  it('gives up a wait when its signal aborts', async () => {
    const limits = createLocalLimits();
    await limits.hold('model', 1, 60_000);
    const stop = new AbortController();
    const waiting = limits.hold('model', 1, 60_000, stop.signal);
    stop.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});
