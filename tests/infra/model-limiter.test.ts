import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ModelLimiter, createModelLimiter } from '../../src/infra/model-limiter.js';

/** A fetch whose responses arrive only when the test releases them. */
function heldFetch() {
  const pending: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let started = 0;
  const fetchImpl = (async () => {
    started += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => pending.push(resolve));
    inFlight -= 1;
    return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return {
    fetchImpl,
    releaseAll: () => pending.splice(0).forEach((resolve) => resolve()),
    stats: () => ({ started, inFlight, maxInFlight }),
  };
}

let limiter: ModelLimiter | undefined;
afterEach(async () => {
  await limiter?.stop();
  limiter = undefined;
});

describe('createModelLimiter', () => {
  it('never runs more model requests at once than OPENAI_MAX_CONCURRENCY', async () => {
    limiter = createModelLimiter({ maxConcurrent: 2, requestsPerMinute: 0 });
    const held = heldFetch();
    const fetch = limiter.wrapFetch(held.fetchImpl);
    const results = Array.from({ length: 5 }, () => fetch('http://127.0.0.1/v1/chat/completions'));
    await vi.waitFor(() => expect(held.stats().started).toBe(2));
    expect(limiter.counts().queued).toBe(3);
    while (held.stats().started < 5 || held.stats().inFlight > 0) {
      held.releaseAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(results);
    expect(held.stats().maxInFlight).toBe(2);
  });

  it('holds requests beyond OPENAI_RPM in the queue until the minute refills', async () => {
    limiter = createModelLimiter({ maxConcurrent: 10, requestsPerMinute: 3 });
    const held = heldFetch();
    const fetch = limiter.wrapFetch(held.fetchImpl);
    const results = Array.from({ length: 5 }, () => fetch('http://127.0.0.1/v1/chat/completions'));
    // The two held back are refused when afterEach stops the limiter.
    for (const waiting of results.slice(3)) waiting.catch(() => {});
    await vi.waitFor(() => expect(held.stats().started).toBe(3));
    held.releaseAll();
    await Promise.all(results.slice(0, 3));
    expect(limiter.counts().queued).toBe(2);
    expect(held.stats().started).toBe(3);
  });

  it('passes status, headers and body through unchanged', async () => {
    limiter = createModelLimiter({ maxConcurrent: 1, requestsPerMinute: 0 });
    const fetch = limiter.wrapFetch((async () =>
      new Response('{"error":"overloaded"}', { status: 529, headers: { 'retry-after': '3', 'content-type': 'application/json' } })) as unknown as typeof globalThis.fetch);
    const response = await fetch('http://127.0.0.1/v1/chat/completions', { method: 'POST' });
    expect(response.status).toBe(529);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ error: 'overloaded' });
  });
});

describe('createModelLimiter stop', () => {
  it('refuses waiting requests once stopped instead of holding shutdown', async () => {
    const local = createModelLimiter({ maxConcurrent: 1, requestsPerMinute: 1 });
    const held = heldFetch();
    const fetch = local.wrapFetch(held.fetchImpl);
    const first = fetch('http://127.0.0.1/a');
    const second = fetch('http://127.0.0.1/b');
    await vi.waitFor(() => expect(held.stats().started).toBe(1));
    const stopped = local.stop();
    await expect(second).rejects.toThrow(/stopped/);
    held.releaseAll();
    await first;
    await stopped;
    expect(held.stats().started).toBe(1);
  });
});
