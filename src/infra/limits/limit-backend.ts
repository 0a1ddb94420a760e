import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error.js';
import { type LimitStore, type Slot, createMemoryStore } from './window-store.js';

/** Where the rate limits live: in Redis (shared by every instance) or in this process only. */
export type LimitMode = 'redis' | 'local';

/** Rate limits of one process; with Redis they are shared by every instance using the same namespace. */
export interface LimitBackend {
  /** 'redis' while limits are shared; 'local' without Redis or while it is unreachable (degraded). */
  mode(): LimitMode;
  /** True when Redis is configured: limits are shared whenever it answers (mode() says whether it does now). */
  readonly clustered: boolean;
  /**
   * Waits until every slot can be taken at one instant and takes them; the caller acts right away.
   * Callers of one process queue FIFO behind the last slot's key (one of them asks the store at a time);
   * a caller held up by another slot (a chat's spacing) waits outside that queue.
   */
  take(slots: readonly Slot[], signal?: AbortSignal): Promise<void>;
  /** Waits for one of `max` holds under key; the hold frees itself after ttlMs if never released (a killed instance). Resolves to release(). */
  hold(key: string, max: number, ttlMs: number, signal?: AbortSignal): Promise<() => void>;
  /** Redis is left; later calls run on local limits. */
  close(): Promise<void>;
}

/** Runs one store operation on the store in use (Redis, or local when Redis fails) and says which one answered. */
export type StoreRunner = <T>(operation: (store: LimitStore) => Promise<T>) => Promise<{ store: LimitStore; value: T }>;

/** How often a waiting hold asks again: releases by other instances are not announced. */
const HOLD_POLL_MS = 50;
/**
 * A grant whose answer took longer than this to read (a busy event loop, a starved process) is given
 * back and asked for again, at most STALE_RETRIES times: acting on it late could bunch this send with
 * the ones granted after it and break the sliding second.
 */
const STALE_GRANT_MS = 20;
const STALE_RETRIES = 3;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A FIFO per key in this process: resolves to the function that lets the next one in. */
function createGates() {
  const tails = new Map<string, Promise<void>>();
  return (key: string): Promise<() => void> => {
    const previous = tails.get(key) ?? Promise.resolve();
    let open: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (open = resolve));
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    return previous.then(() => () => {
      open();
      if (tails.get(key) === tail) tails.delete(key);
    });
  };
}

/** take() and hold() over `run`, which picks the store. */
export function createLimits(run: StoreRunner, mode: () => LimitMode, clustered: boolean, close: () => Promise<void>): LimitBackend {
  const instance = randomUUID().slice(0, 8);
  let sequence = 0;
  const nextId = () => `${instance}:${++sequence}`;
  const enter = createGates();

  return {
    mode,
    clustered,
    close,
    async take(slots, signal) {
      const gated = slots.length - 1;
      let stale = 0;
      for (;;) {
        const leave = await enter(`take:${(slots[gated] as Slot).key}`);
        let outside = 0;
        try {
          for (;;) {
            signal?.throwIfAborted();
            const id = nextId();
            const asked = performance.now();
            const { store, value } = await run((s) => s.take(slots, id));
            const { waitMs, blockedBy } = value;
            if (waitMs <= 0 && performance.now() - asked > STALE_GRANT_MS && stale++ < STALE_RETRIES) {
              await store.untake(slots, id).catch(() => undefined);
              continue;
            }
            if (waitMs <= 0) return;
            if (blockedBy !== gated) {
              outside = waitMs;
              break;
            }
            await sleep(waitMs, signal);
          }
        } finally {
          leave();
        }
        await sleep(outside, signal);
      }
    },
    async hold(key, max, ttlMs, signal) {
      const leave = await enter(`hold:${key}`);
      try {
        for (;;) {
          signal?.throwIfAborted();
          const id = nextId();
          const { store, value: waitMs } = await run((s) => s.hold(key, id, max, ttlMs));
          if (waitMs <= 0) return () => void store.release(key, id).catch(() => undefined);
          await sleep(Math.min(waitMs, HOLD_POLL_MS), signal);
        }
      } finally {
        leave();
      }
    },
  };
}

/** Limits in this process only (no REDIS_URL). */
export function createLocalLimits(): LimitBackend {
  const store = createMemoryStore();
  return createLimits(async (operation) => ({ store, value: await operation(store) }), () => 'local', false, async () => undefined);
}

/** The refusal a limiter gives once it was stopped. */
export const stoppedError = (what: string) => new AppError('INTERNAL', `${what} was stopped (shutting down).`);
