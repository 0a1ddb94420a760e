import { describeError, type Logger } from './logger.js';

/** Options for `createPeriodicWorker`. */
export interface PeriodicWorkerOptions {
  /** For the warn line when a pass fails. */
  name: string;
  /** Time between passes, in ms. */
  intervalMs: number;
  /** One pass. A pass still running when the timer fires is not started twice (in-flight guard). */
  run: () => Promise<unknown>;
  logger: Pick<Logger, 'warn'>;
  /**
   * Optional lease renewal while a pass runs (claims held by this instance), every `renewEveryMs`:
   * a third of a lease, so two renewals may fail before the lease expires.
   */
  renew?: () => Promise<unknown>;
  renewEveryMs?: number;
  /** Run a pass at once on start instead of after the first interval. */
  runOnStart?: boolean;
}

/** A timer-driven loop with an in-flight guard, unref'd timers and a stop that waits for the pass. */
export interface PeriodicWorker {
  start(): void;
  /** Runs one pass now (or joins the one running) and resolves when it ends. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a running pass; further `runNow` calls do nothing. */
  stop(): Promise<void>;
  readonly running: boolean;
}

export function createPeriodicWorker(options: PeriodicWorkerOptions): PeriodicWorker {
  let timer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let stopped = false;

  const runNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    current ??= (async () => {
      if (options.renew) {
        const renew = options.renew;
        renewTimer = setInterval(() => {
          renew().catch((error: unknown) => options.logger.warn({ err: describeError(error) }, `${options.name}: lease renewal failed`));
        }, Math.max(1, options.renewEveryMs ?? options.intervalMs));
        renewTimer.unref();
      }
      try {
        await options.run();
      } catch (error) {
        options.logger.warn({ err: describeError(error) }, `${options.name} failed`);
      } finally {
        if (renewTimer) clearInterval(renewTimer);
        renewTimer = undefined;
        current = undefined;
      }
    })();
    return current;
  };

  return {
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => {
        if (!current) void runNow();
      }, options.intervalMs);
      timer.unref();
      if (options.runOnStart) void runNow();
    },
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await current;
    },
    get running() {
      return current !== undefined;
    },
  };
}
