/**
 * At most `max` takes in any `windowMs` (a sliding window, as Telegram counts), and at least `minGapMs`
 * between two takes. `minGapMs` must not exceed `windowMs`.
 */
export interface WindowLimit {
  windowMs: number;
  max: number;
  minGapMs?: number;
}

/** A limit under a key. A take of several slots takes all of them at one instant, or none. */
export interface Slot {
  key: string;
  limit: WindowLimit;
}

/** `waitMs` 0: taken. Otherwise nothing was taken; ask again after `waitMs`. `blockedBy`: the slot (index) that waits longest. */
export interface TakeResult {
  waitMs: number;
  blockedBy: number;
}

/**
 * Where the counts live: Redis (every instance) or this process. A take is granted at the store's own
 * "now" and the caller acts at once, so a late timer can delay a send but never bunch sends up: no slot
 * is reserved in the future.
 */
export interface LimitStore {
  take(slots: readonly Slot[], id: string): Promise<TakeResult>;
  /** Gives back the slots taken under `id` (a grant that arrived too late to use). */
  untake(slots: readonly Slot[], id: string): Promise<void>;
  /** Takes one of `max` holds under key, each freed by release() or after ttlMs (a dead holder); 0 = held, else ms until the earliest expiry. */
  hold(key: string, id: string, max: number, ttlMs: number): Promise<number>;
  release(key: string, id: string): Promise<void>;
}

/** How long a new take under `limit` must wait at `now`, given the earlier take times (ascending); drops times that left the window. */
export function waitInWindow(times: number[], limit: WindowLimit, now: number): number {
  while (times.length > 0 && (times[0] as number) <= now - limit.windowMs) times.shift();
  const last = times.at(-1);
  let wait = last === undefined ? 0 : last + (limit.minGapMs ?? 0) - now;
  if (times.length >= limit.max) wait = Math.max(wait, (times[times.length - limit.max] as number) + limit.windowMs - now);
  return Math.max(0, wait);
}

/** The same limits in this process only (no Redis, or while it is unreachable); the clock is sub-millisecond, as in Redis. */
export function createMemoryStore(now: () => number = () => performance.now()): LimitStore {
  const windows = new Map<string, { times: number[]; windowMs: number }>();
  const holds = new Map<string, Map<string, number>>();
  let operations = 0;

  // Every few hundred calls, forget keys nothing counts in any more (one per chat ever seen otherwise).
  function sweep(t: number) {
    if (++operations % 500 !== 0) return;
    for (const [key, window] of windows) if ((window.times.at(-1) ?? 0) + window.windowMs <= t) windows.delete(key);
    for (const [key, held] of holds) {
      for (const [id, expiresAt] of held) if (expiresAt <= t) held.delete(id);
      if (held.size === 0) holds.delete(key);
    }
  }

  return {
    async take(slots) {
      const t = now();
      sweep(t);
      const entries = slots.map(({ key, limit }) => {
        const entry = windows.get(key) ?? { times: [], windowMs: limit.windowMs };
        windows.set(key, entry);
        return entry;
      });
      const result: TakeResult = { waitMs: 0, blockedBy: 0 };
      entries.forEach((entry, i) => {
        const wait = waitInWindow(entry.times, (slots[i] as Slot).limit, t);
        if (wait > result.waitMs) Object.assign(result, { waitMs: wait, blockedBy: i });
      });
      if (result.waitMs === 0) for (const entry of entries) entry.times.push(t);
      return result;
    },
    // Grants in this process are read at once (no network in between): none ever comes back.
    async untake() {},
    async hold(key, id, max, ttlMs) {
      const t = now();
      sweep(t);
      const held = holds.get(key) ?? new Map<string, number>();
      holds.set(key, held);
      for (const [holder, expiresAt] of held) if (expiresAt <= t) held.delete(holder);
      if (held.size < max) {
        held.set(id, t + ttlMs);
        return 0;
      }
      return Math.max(1, Math.min(...held.values()) - t);
    },
    async release(key, id) {
      holds.get(key)?.delete(id);
    },
  };
}
