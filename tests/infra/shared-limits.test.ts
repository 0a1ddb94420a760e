import { type AddressInfo, type Socket, connect, createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createModelLimiter } from '../../src/infra/model-limiter.js';
import { createSendQueue } from '../../src/infra/send-queue.js';
import { type LimitBackend, type LimitLogger, createLimitBackend, redisClientOptions } from '../../src/infra/shared-limits.js';

const REDIS_URL = process.env.TEST_REDIS_URL;
if (!REDIS_URL) console.log('shared-limits tests skipped: set TEST_REDIS_URL=redis://127.0.0.1:6379 to run them');

interface LogLine {
  level: 'warn' | 'info';
  details: Record<string, unknown>;
  message: string;
}

function recordingLogger() {
  const lines: LogLine[] = [];
  const logger: LimitLogger = {
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
    info: (details, message) => lines.push({ level: 'info', details, message }),
  };
  return { logger, lines };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A TCP proxy on 127.0.0.1 in front of the test Redis: while shut it accepts and at once closes every
 * connection (Redis "unreachable"), once opened it forwards them. The real Redis is never touched.
 */
async function redisProxy(redisUrl: string) {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  let forwarding = false;
  let accepted = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = createServer((socket) => {
    accepted += 1;
    track(socket);
    if (!forwarding) {
      socket.destroy();
      return;
    }
    const upstream = connect(Number(target.port || 6379), '127.0.0.1');
    track(upstream);
    socket.pipe(upstream).pipe(socket);
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = new URL(redisUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    address: `127.0.0.1:${port}`,
    accepted: () => accepted,
    openSockets: () => sockets.size,
    open() {
      forwarding = true;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The most sends inside any window of windowMs starting at a send. */
const maxInWindow = (times: number[], windowMs: number) => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));

describe.skipIf(!REDIS_URL)('shared rate limits through Redis', () => {
  const url = REDIS_URL as string;
  let counter = 0;
  const namespaces: string[] = [];
  const backends: LimitBackend[] = [];
  const clients: Redis[] = [];
  const proxies: Array<Awaited<ReturnType<typeof redisProxy>>> = [];

  const namespace = () => {
    const ns = `kabar-test-${process.pid}-${++counter}`;
    namespaces.push(ns);
    return ns;
  };
  async function backend(options: Partial<Parameters<typeof createLimitBackend>[0]> & { namespace: string }) {
    const created = await createLimitBackend({ redisUrl: url, logger: recordingLogger().logger, ...options });
    backends.push(created);
    return created;
  }

  afterEach(async () => {
    await Promise.all(backends.splice(0).map((b) => b.close()));
    for (const client of clients.splice(0)) client.disconnect();
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  /** A backend whose Redis (behind a shut proxy) is unreachable at start. */
  async function degradedAtStart(options: { namespace: string; logger?: LimitLogger; recoverIntervalMs?: number }) {
    const proxy = await redisProxy(url);
    proxies.push(proxy);
    const created = await createLimitBackend({
      redisUrl: proxy.url,
      logger: options.logger ?? recordingLogger().logger,
      namespace: options.namespace,
      connectTimeoutMs: 300,
      recoverIntervalMs: options.recoverIntervalMs ?? 100,
    });
    backends.push(created);
    return { limits: created, proxy };
  }

  afterAll(async () => {
    const admin = new Redis(url);
    for (const ns of namespaces) {
      const keys = await admin.keys(`${ns}:*`);
      if (keys.length > 0) await admin.del(...keys);
    }
    await admin.quit();
  });

  it('keeps two instances together under the global per-second limit', async () => {
    const ns = namespace();
    const [a, b] = [await backend({ namespace: ns }), await backend({ namespace: ns })];
    expect(a.mode()).toBe('redis');
    const queues = [createSendQueue({ globalPerSecond: 10, privateMinGapMs: 0, limits: a }), createSendQueue({ globalPerSecond: 10, privateMinGapMs: 0, limits: b })];
    const sends: Array<{ queue: number; at: number }> = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => queues[i % 2]?.run(1000 + i, async () => sends.push({ queue: i % 2, at: Date.now() }))),
    );
    expect(sends).toHaveLength(30);
    // Each instance alone would allow 10/s, so together they would reach about 20 in a second.
    expect(maxInWindow(sends.map((s) => s.at), 1000)).toBeLessThanOrEqual(10);
    expect(sends.filter((s) => s.queue === 0).length).toBeGreaterThan(0);
    expect(sends.filter((s) => s.queue === 1).length).toBeGreaterThan(0);
    await Promise.all(queues.map((q) => q.stop()));
  });

  it('keeps the per-chat gap when two instances send to one private chat', async () => {
    const ns = namespace();
    const [a, b] = [await backend({ namespace: ns }), await backend({ namespace: ns })];
    const queues = [createSendQueue({ privateMinGapMs: 300, limits: a }), createSendQueue({ privateMinGapMs: 300, limits: b })];
    const times: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => queues[i % 2]?.run(4242, async () => times.push(Date.now()))));
    times.sort((x, y) => x - y);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(times).toHaveLength(6);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(290);
    await Promise.all(queues.map((q) => q.stop()));
  });

  it('never runs more model requests at once than maxConcurrent across two instances', async () => {
    const ns = namespace();
    const [a, b] = [await backend({ namespace: ns }), await backend({ namespace: ns })];
    const limiters = [createModelLimiter({ maxConcurrent: 2, requestsPerMinute: 0, limits: a }), createModelLimiter({ maxConcurrent: 2, requestsPerMinute: 0, limits: b })];
    let inFlight = 0;
    let maxInFlight = 0;
    const slowFetch = (async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(60);
      inFlight -= 1;
      return new Response('{"ok":true}', { status: 200 });
    }) as unknown as typeof fetch;
    const fetches = limiters.map((l) => l.wrapFetch(slowFetch));
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => fetches[i % 2]?.('http://127.0.0.1/v1/chat/completions')));
    expect(responses.every((r) => r?.status === 200)).toBe(true);
    // Each instance alone would run 2, so together 4.
    expect(maxInFlight).toBe(2);
    await Promise.all(limiters.map((l) => l.stop()));
  });

  it('refuses waiting model requests on stop while the running one finishes', async () => {
    const limits = await backend({ namespace: namespace() });
    const limiter = createModelLimiter({ maxConcurrent: 1, requestsPerMinute: 0, limits });
    let release: () => void = () => {};
    let started = 0;
    const held = (async () => {
      started += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return new Response('done', { status: 200 });
    }) as unknown as typeof fetch;
    const fetch = limiter.wrapFetch(held);
    const first = fetch('http://127.0.0.1/a');
    const second = fetch('http://127.0.0.1/b');
    await vi.waitFor(() => expect(started).toBe(1));
    expect(limiter.counts()).toEqual({ running: 1, queued: 1 });
    const stopped = limiter.stop();
    await expect(second).rejects.toThrow(/stopped/);
    release();
    await expect((await first).text()).resolves.toBe('done');
    await stopped;
    expect(started).toBe(1);
  });

  it('frees the concurrency slot of an instance that died holding it once the hold expires', async () => {
    const ns = namespace();
    const [a, b] = [await backend({ namespace: ns }), await backend({ namespace: ns })];
    await a.hold('model:running', 1, 400);
    // a never releases (killed mid-request); b gets the slot when the hold expires, not before.
    const started = Date.now();
    const release = await b.hold('model:running', 1, 400);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    release();
    await vi.waitFor(async () => expect(await a.hold('model:running', 1, 400).then(() => 'held')).toBe('held'), { timeout: 1000 });
  });

  it('lets the keys in Redis expire after a day unused', async () => {
    const ns = namespace();
    const limits = await backend({ namespace: ns });
    await limits.take([{ key: 'send:global', limit: { windowMs: 1000, max: 5 } }]);
    const admin = new Redis(url);
    clients.push(admin);
    const ttl = await admin.pttl(`${ns}:send:global`);
    expect(ttl).toBeGreaterThan(23 * 3_600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it('falls back to per-instance limits with a warning naming host:port when Redis is unreachable', async () => {
    const { logger, lines } = recordingLogger();
    const limits = await createLimitBackend({ redisUrl: 'redis://kabar:s3cr3t-pass@127.0.0.1:1', logger, connectTimeoutMs: 500 });
    backends.push(limits);
    expect(limits.mode()).toBe('local');
    const warning = lines.find((line) => line.level === 'warn');
    expect(warning?.message).toBe('Redis unreachable at 127.0.0.1:1; rate limits are per instance (degraded)');
    expect(JSON.stringify(lines)).not.toContain('s3cr3t-pass');
    const queue = createSendQueue({ privateMinGapMs: 0, limits });
    await expect(Promise.all([queue.run(1, async () => 'one'), queue.run(2, async () => 'two')])).resolves.toEqual(['one', 'two']);
    await queue.stop();
  });

  it('delivers in-flight and later sends through local limits when Redis goes away mid-run', async () => {
    const { logger, lines } = recordingLogger();
    const client = new Redis(url, redisClientOptions());
    clients.push(client);
    const limits = await createLimitBackend({ client, logger, namespace: namespace() });
    backends.push(limits);
    expect(limits.mode()).toBe('redis');
    const queue = createSendQueue({ globalPerSecond: 6, privateMinGapMs: 0, limits });
    const sent: number[] = [];
    const jobs = Array.from({ length: 12 }, (_, i) =>
      queue.run(2000 + i, async () => {
        await sleep(80);
        sent.push(i);
        return i;
      }),
    );
    await vi.waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(3), { timeout: 5000 });
    client.disconnect();
    await expect(Promise.all(jobs)).resolves.toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(sent.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(limits.mode()).toBe('local');
    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/^Redis failed at 127\.0\.0\.1:6379; rate limits are per instance \(degraded\)/);
    await queue.stop();
  });

  it('shares the limits again once Redis is back', async () => {
    const { logger, lines } = recordingLogger();
    const client = new Redis(url, redisClientOptions());
    clients.push(client);
    const limits = await createLimitBackend({ client, logger, namespace: namespace(), recoverIntervalMs: 200 });
    backends.push(limits);
    const queue = createSendQueue({ privateMinGapMs: 0, limits });
    await queue.run(1, async () => 'before');
    const admin = new Redis(url);
    clients.push(admin);
    await admin.client('KILL', 'ID', String(await client.client('ID')));
    await vi.waitFor(() => expect(lines.some((line) => line.level === 'warn')).toBe(true), { timeout: 5000 });
    await vi.waitFor(() => expect(limits.mode()).toBe('redis'), { timeout: 8000 });
    expect(lines.at(-1)?.message).toBe('Redis is back at 127.0.0.1:6379; rate limits are shared again');
    await expect(queue.run(2, async () => 'after')).resolves.toBe('after');
    expect(limits.mode()).toBe('redis');
    await queue.stop();
  });

  it('switches to shared limits with an info line once Redis answers after being unreachable at start', async () => {
    const ns = namespace();
    const { logger, lines } = recordingLogger();
    const { limits, proxy } = await degradedAtStart({ namespace: ns, logger });
    expect(limits.mode()).toBe('local');
    expect(lines.map((line) => line.message)).toEqual([`Redis unreachable at ${proxy.address}; rate limits are per instance (degraded)`]);
    const queue = createSendQueue({ privateMinGapMs: 0, limits });
    await expect(queue.run(1, async () => 'while degraded')).resolves.toBe('while degraded');
    await sleep(300);
    expect(limits.mode()).toBe('local');

    proxy.open();
    await vi.waitFor(() => expect(limits.mode()).toBe('redis'), { timeout: 8000, interval: 50 });
    expect(lines.filter((line) => line.level === 'info').map((line) => line.message)).toEqual([
      `Redis is back at ${proxy.address}; rate limits are shared again`,
    ]);
    await expect(queue.run(2, async () => 'shared')).resolves.toBe('shared');
    expect(limits.mode()).toBe('redis');
    // The queue made while degraded now counts its sends in Redis.
    const admin = new Redis(url);
    clients.push(admin);
    expect(await admin.exists(`${ns}:send:global`)).toBe(1);
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    await queue.stop();
  });

  it('runs every call scheduled around the switch from start-up degradation to Redis exactly once', async () => {
    const { limits, proxy } = await degradedAtStart({ namespace: namespace() });
    const queue = createSendQueue({ globalPerSecond: 8, privateMinGapMs: 0, limits });
    const runs = new Map<number, number>();
    const modes = new Set<string>();
    const job = (i: number) =>
      queue.run(3000 + i, async () => {
        runs.set(i, (runs.get(i) ?? 0) + 1);
        modes.add(limits.mode());
        await sleep(20);
        return i;
      });
    const before = Array.from({ length: 10 }, (_, i) => job(i));
    proxy.open();
    await vi.waitFor(() => expect(limits.mode()).toBe('redis'), { timeout: 8000, interval: 50 });
    const after = Array.from({ length: 6 }, (_, i) => job(10 + i));
    await expect(Promise.all([...before, ...after])).resolves.toEqual(Array.from({ length: 16 }, (_, i) => i));
    await sleep(300);
    expect([...runs.entries()].sort(([x], [y]) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => [i, 1]));
    expect(modes).toEqual(new Set(['local', 'redis']));
    await queue.stop();
  });

  it('shares the global limit between an instance that started degraded and one that started normally', async () => {
    const ns = namespace();
    const normal = await backend({ namespace: ns });
    const normalQueue = createSendQueue({ globalPerSecond: 10, privateMinGapMs: 0, limits: normal });
    const { limits: recovered, proxy } = await degradedAtStart({ namespace: ns });
    expect(recovered.mode()).toBe('local');
    // Made while degraded: its global limiter joins the shared one once Redis answers.
    const recoveredQueue = createSendQueue({ globalPerSecond: 10, privateMinGapMs: 0, limits: recovered });
    proxy.open();
    await vi.waitFor(() => expect(recovered.mode()).toBe('redis'), { timeout: 8000, interval: 50 });
    const queues = [normalQueue, recoveredQueue];
    const sends: Array<{ queue: number; at: number }> = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => queues[i % 2]?.run(5000 + i, async () => sends.push({ queue: i % 2, at: Date.now() }))),
    );
    expect(sends).toHaveLength(30);
    // Apart they would allow 7/s + 9/s (16 in a second); shared they stay within 10.
    expect(maxInWindow(sends.map((s) => s.at), 1000)).toBeLessThanOrEqual(10);
    expect(sends.filter((s) => s.queue === 0).length).toBeGreaterThan(0);
    expect(sends.filter((s) => s.queue === 1).length).toBeGreaterThan(0);
    await Promise.all(queues.map((q) => q.stop()));
  });

  it('stops trying to reach Redis once a backend that started degraded is closed', async () => {
    const { limits, proxy } = await degradedAtStart({ namespace: namespace(), recoverIntervalMs: 50 });
    const attemptsAtStart = proxy.accepted();
    await vi.waitFor(() => expect(proxy.accepted()).toBeGreaterThan(attemptsAtStart), { timeout: 5000, interval: 50 });
    await limits.close();
    const attemptsAtClose = proxy.accepted();
    proxy.open();
    await sleep(2500);
    expect(proxy.accepted()).toBe(attemptsAtClose);
    expect(proxy.openSockets()).toBe(0);
    expect(limits.mode()).toBe('local');
  });
});
