import type { Logger } from '../../core/logger.js';
import { describeError } from '../../core/logger.js';
import type { DigestJob } from './job-schema.js';

/** Runs digest work outside telegraf's update handler, one job at a time per chat. */
export interface DigestJobs {
  /**
   * Queues the job; the job reports its own errors to the chat. The memory queue resolves at once;
   * the database queue resolves once the job is stored, so a webhook is answered, and a polled update's
   * offset confirmed (telegraf awaits the handler before the next getUpdates), only when it is durable.
   */
  enqueue(job: DigestJob): Promise<void>;
  /**
   * Runs a small task (a command's reply) without holding up the update handler, counted by
   * `idle()`. Not chained per chat: a /help answer must not wait behind a slow digest.
   */
  background(label: string, task: () => Promise<unknown>): void;
  /** Jobs queued or running in this instance. */
  pending(): number;
  /** Resolves when no job is pending, or after `timeoutMs` (bounded shutdown). */
  idle(timeoutMs?: number): Promise<void>;
}

/** Counts this instance's running work and wakes `idle()` waiters when it drops to zero. */
export function createWorkCounter(logger: Pick<Logger, 'warn'>) {
  let count = 0;
  let waiters: Array<() => void> = [];
  const counter = {
    add() {
      count++;
    },
    done() {
      count--;
      if (count === 0) {
        const wake = waiters;
        waiters = [];
        for (const resolve of wake) resolve();
      }
    },
    count: () => count,
    idle(timeoutMs?: number): Promise<void> {
      if (count === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (timeoutMs !== undefined) setTimeout(resolve, timeoutMs).unref();
      });
    },
    /** `background()` for both queues: a task counted by idle() that only logs its failure. */
    background(label: string, task: () => Promise<unknown>): void {
      counter.add();
      void Promise.resolve()
        .then(task)
        .catch((error: unknown) => logger.warn({ task: label, err: describeError(error) }, 'background task failed'))
        .finally(() => counter.done());
    },
  };
  return counter;
}
export type WorkCounter = ReturnType<typeof createWorkCounter>;
