import { describe, expect, it } from 'vitest';
import { createLifecycle } from '../../src/app/lifecycle.js';
import type { Service } from '../../src/core/service.js';

function recorder() {
  const events: string[] = [];
  const warnings: string[] = [];
  const logger = { info: () => {}, warn: (obj: object | string, msg?: string) => warnings.push(`${msg} ${JSON.stringify(obj)}`) };
  const service = (name: string, behaviour: { failStart?: boolean; stopMs?: number; failStop?: boolean } = {}): Service => ({
    name,
    start() {
      if (behaviour.failStart) throw new Error(`${name} cannot start`);
      events.push(`start ${name}`);
    },
    async stop() {
      if (behaviour.stopMs) await new Promise((done) => setTimeout(done, behaviour.stopMs));
      if (behaviour.failStop) throw new Error(`${name} broke`);
      events.push(`stop ${name}`);
    },
  });
  return { events, warnings, logger, service };
}

describe('lifecycle', () => {
  it('starts services in order and stops them in reverse', async () => {
    const { events, logger, service } = recorder();
    const lifecycle = createLifecycle({ logger });
    lifecycle.add(service('store'));
    lifecycle.add(service('poller'));
    lifecycle.add(service('telegram'));
    await lifecycle.startAll();
    await lifecycle.stopAll(1000);
    expect(events).toEqual(['start store', 'start poller', 'start telegram', 'stop telegram', 'stop poller', 'stop store']);
  });

  it('stops what already started when a later service fails to start, and passes the error on', async () => {
    const { events, logger, service } = recorder();
    const lifecycle = createLifecycle({ logger });
    lifecycle.add(service('store'));
    lifecycle.add(service('http'));
    lifecycle.add(service('telegram', { failStart: true }));
    await expect(lifecycle.startAll()).rejects.toThrow('telegram cannot start');
    expect(events).toEqual(['start store', 'start http', 'stop http', 'stop store']);
  });

  it('moves on past a service that overruns the deadline or fails, so the others still stop', async () => {
    const { events, warnings, logger, service } = recorder();
    const lifecycle = createLifecycle({ logger });
    lifecycle.add(service('store'));
    lifecycle.add(service('broken', { failStop: true }));
    lifecycle.add(service('slow', { stopMs: 5000 }));
    await lifecycle.startAll();
    await lifecycle.stopAll(300);
    expect(events).toContain('stop store');
    expect(warnings.some((line) => line.includes('did not stop in time') && line.includes('slow'))).toBe(true);
    expect(warnings.some((line) => line.includes('failed to stop cleanly') && line.includes('broken'))).toBe(true);
  });

  it('stops once however often it is asked', async () => {
    const { events, logger, service } = recorder();
    const lifecycle = createLifecycle({ logger });
    lifecycle.add(service('store'));
    await lifecycle.startAll();
    await Promise.all([lifecycle.stopAll(1000), lifecycle.stopAll(1000)]);
    expect(events.filter((event) => event === 'stop store')).toHaveLength(1);
  });
});
