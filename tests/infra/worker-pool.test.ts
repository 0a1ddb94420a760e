import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { userMessage } from '../../src/errors/user-messages.js';
import { type WorkerPool, createWorkerPool } from '../../src/infra/worker-pool.js';
import type { TestTask } from './test-tasks.js';

/** A worker loads linkedom, Readability and the engine first: seconds on a busy machine. */
const WORKER_TEST_TIMEOUT = 60_000;

const TASKS = new URL('./test-tasks.ts', import.meta.url);
type Echo = { value: string; threadId: number };

let pool: WorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const start = (timeLimitMs: number) => {
  pool = createWorkerPool({ module: TASKS, threads: 1, timeLimitMs });
  return pool;
};
const run = (p: WorkerPool, task: TestTask) => p.run<TestTask, Echo>(task, 'Test job');
const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('the task should have failed'), (error: unknown) => error);

describe('worker pool', { timeout: WORKER_TEST_TIMEOUT }, () => {
  it('stops a runaway task at the time limit, terminates its worker and answers PROCESSING_TIMEOUT while the event loop keeps running', async () => {
    const p = start(300);
    const [first] = p.stats().threadIds;
    expect(first).toBeDefined();

    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    const error = await failure(run(p, { kind: 'runaway' }));
    clearInterval(ticker);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('PROCESSING_TIMEOUT');
    expect((error as AppError).details).toMatchObject({ task: 'Test job', limitMs: 300 });
    expect(userMessage(error, 'en')).toMatch(/took too long/);
    expect(userMessage(error, 'id')).toMatch(/terlalu lama diproses/);
    // The loop ran in its own thread: timers on this one kept firing the whole time.
    expect(ticks).toBeGreaterThan(1);
    // Its thread is gone, and the pool answers the next job from a fresh one.
    const stats = p.stats();
    expect(stats.timedOut).toBe(1);
    expect(stats.destroyedWorkers).toBeGreaterThanOrEqual(1);
    expect(stats.threadIds).not.toContain(first);
    const next = await run(p, { kind: 'echo', value: 'after' });
    expect(next.value).toBe('after');
    expect(next.threadId).not.toBe(first);
  });

  it('brings an AppError thrown in a worker back as an AppError with its code and details', async () => {
    const p = start(10_000);
    const error = await failure(run(p, { kind: 'refuse' }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'NOT_AN_ARTICLE', message: 'a test page with no article' });
    expect((error as AppError).details).toEqual({ url: 'https://news.example/x', reason: 'too-short' });
    // An error answer is not a runaway: the worker stays.
    expect(p.stats()).toMatchObject({ timedOut: 0, destroyedWorkers: 0 });
  });

  it('counts the time limit from when a worker starts the task, so a job queued behind a busy one keeps its whole time', async () => {
    // One thread: the second job waits 1.2 s for the first, then runs 1.2 s itself (2.4 s after it was queued).
    const p = start(2000);
    const [a, b] = await Promise.all([run(p, { kind: 'busy', ms: 1200 }), run(p, { kind: 'busy', ms: 1200 })]);
    expect([a.value, b.value]).toEqual(['done', 'done']);
    expect(p.stats().timedOut).toBe(0);
  });

  it('answers a task that outgrows the worker heap cap with TOO_LARGE and keeps serving from a new worker', async () => {
    pool = createWorkerPool({ module: TASKS, threads: 1, timeLimitMs: 30_000, maxHeapMb: 64 });
    const [first] = pool.stats().threadIds;
    const error = await failure(run(pool, { kind: 'hog' }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'TOO_LARGE', details: { reason: 'worker-memory' } });
    expect(pool.stats().timedOut).toBe(0);
    const next = await run(pool, { kind: 'echo', value: 'still here' });
    expect(next.value).toBe('still here');
    expect(next.threadId).not.toBe(first);
  });

  it('with no thread kept warm, starts one for the first job, reuses it for the next and lets it go after the idle timeout', async () => {
    pool = createWorkerPool({ module: TASKS, threads: 2, warmThreads: 0, idleTimeoutMs: 300, timeLimitMs: 30_000 });
    expect(pool.stats().threadIds).toEqual([]);
    const first = await run(pool, { kind: 'echo', value: 'cold' });
    expect(first.value).toBe('cold');
    const second = await run(pool, { kind: 'echo', value: 'warm' });
    expect(second.threadId).toBe(first.threadId);
    for (let i = 0; i < 100 && pool.stats().threadIds.length > 0; i++) await new Promise((done) => setTimeout(done, 50));
    expect(pool.stats().threadIds).toEqual([]);
    // Gone idle is not closed: the next job starts a fresh thread.
    const third = await run(pool, { kind: 'echo', value: 'again' });
    expect(third.value).toBe('again');
    expect(third.threadId).not.toBe(first.threadId);
  });

  it('closes a pool that never started a thread', async () => {
    const p = createWorkerPool({ module: TASKS, threads: 1, warmThreads: 0, timeLimitMs: 10_000 });
    await p.close();
    const error = await failure(run(p, { kind: 'echo', value: 'late' }));
    expect((error as AppError).code).toBe('INTERNAL');
    expect(p.stats()).toMatchObject({ threadIds: [], completed: 0 });
  });

  it('rejects jobs once the pool is closed', async () => {
    const p = start(10_000);
    await p.close();
    const error = await failure(run(p, { kind: 'echo', value: 'late' }));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INTERNAL');
  });
});
