import { describe, expect, it } from 'vitest';
import { createPeriodicWorker } from '../../src/core/periodic-worker.js';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const quiet = { warn: () => {} };

describe('periodic worker', () => {
  it('runs passes on its interval and never two at once', async () => {
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    const worker = createPeriodicWorker({
      name: 'test',
      intervalMs: 10,
      logger: quiet,
      run: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(35);
        passes += 1;
        active -= 1;
      },
    });
    worker.start();
    await sleep(200);
    await worker.stop();
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
  });

  it('waits for the running pass on stop and starts none after', async () => {
    let finished = 0;
    let started = 0;
    const worker = createPeriodicWorker({
      name: 'test',
      intervalMs: 5,
      logger: quiet,
      run: async () => {
        started += 1;
        await sleep(40);
        finished += 1;
      },
    });
    worker.start();
    await sleep(15);
    await worker.stop();
    expect(finished).toBe(started);
    await worker.runNow();
    await sleep(30);
    expect(started).toBe(finished);
    expect(worker.running).toBe(false);
  });

  it('logs a failed pass and keeps going', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const worker = createPeriodicWorker({
      name: 'poller',
      intervalMs: 10,
      logger: { warn: (...args: unknown[]) => warnings.push(String(args[1])) },
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('feed down');
      },
    });
    worker.start();
    await sleep(80);
    await worker.stop();
    expect(warnings).toContain('poller failed');
    expect(calls).toBeGreaterThan(1);
  });

  it('renews leases while a long pass runs, and stops renewing after it', async () => {
    let renewals = 0;
    const worker = createPeriodicWorker({
      name: 'delivery',
      intervalMs: 1000,
      logger: quiet,
      renewEveryMs: 10,
      renew: async () => {
        renewals += 1;
      },
      run: () => sleep(60),
    });
    await worker.runNow();
    const during = renewals;
    await sleep(40);
    expect(during).toBeGreaterThanOrEqual(3);
    expect(renewals).toBe(during);
  });
});
