import { describeError, type Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';

/** Options for `createLifecycle`. */
export interface LifecycleOptions {
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Wall clock in epoch ms, for stop deadlines. */
  now?: () => number;
}

/**
 * Starts services in the order they were added and stops them in reverse, through one path: a start
 * that fails stops what already started, and a stop that overruns its share of the deadline is left
 * behind with a warn line so the rest still stop.
 */
export interface Lifecycle {
  add<S extends Service>(service: S): S;
  /** A service that is already running (a store opened while building): stopped like the others. */
  running<S extends Service>(service: S): S;
  startAll(): Promise<void>;
  /** Idempotent: a second call returns the first call's promise. */
  stopAll(timeoutMs: number): Promise<void>;
}

export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const now = options.now ?? Date.now;
  const services: Service[] = [];
  const started: Service[] = [];
  let stopping: Promise<void> | undefined;

  async function stopStarted(timeoutMs: number): Promise<void> {
    const deadline = now() + timeoutMs;
    for (const service of [...started].reverse()) {
      const left = Math.max(0, deadline - now());
      let timer: NodeJS.Timeout | undefined;
      const overran = await Promise.race([
        service.stop(deadline).then(
          () => false,
          (error: unknown) => {
            options.logger.warn({ service: service.name, err: describeError(error) }, 'a service failed to stop cleanly');
            return false;
          },
        ),
        new Promise<boolean>((resolve) => {
          // Every service gets at least a moment, even past the deadline, to release what it holds.
          timer = setTimeout(() => resolve(true), Math.max(left, 250));
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
      if (overran) options.logger.warn({ service: service.name }, 'a service did not stop in time; moving on');
    }
    started.length = 0;
  }

  return {
    add(service) {
      services.push(service);
      return service;
    },
    running(service) {
      services.push(service);
      started.push(service);
      return service;
    },
    async startAll() {
      for (const service of services) {
        if (started.includes(service)) continue;
        try {
          await service.start();
          started.push(service);
        } catch (error) {
          await stopStarted(2000);
          throw error;
        }
      }
    },
    stopAll(timeoutMs) {
      stopping ??= stopStarted(timeoutMs);
      return stopping;
    },
  };
}
