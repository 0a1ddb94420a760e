import type { QuotaRepository } from '../store/repositories.js';

const HOUR_MS = 60 * 60 * 1000;

/** The answer to one {@link Quota.tryConsume}. */
export interface QuotaVerdict {
  allowed: boolean;
  /** Seconds until enough counted uses leave the window for one more digest (0 when allowed). */
  retryAfterSec: number;
}

/** Dependencies of {@link createQuota}. */
export interface QuotaDeps {
  repo: QuotaRepository;
  /** USER_DIGESTS_PER_HOUR; 0 = unlimited. */
  limitPerHour: number;
  /** Epoch ms. */
  now: () => number;
}

/**
 * USER_DIGESTS_PER_HOUR over a sliding one-hour window.
 *
 * The caller decides when to consume: only for digests that will cost work (fetch + engine).
 * A digest served from the cache and a language switch of a cached digest are free, so call
 * `tryConsume` after the cache lookup missed, not on every message.
 */
export interface Quota {
  /** Records one use and allows it, or refuses without recording. */
  tryConsume(userId: number): Promise<QuotaVerdict>;
}

export function createQuota(deps: QuotaDeps): Quota {
  /**
   * When does the window hold fewer than `limit` uses again? That is one hour after the latest
   * instant `t` for which uses in [t, now] still number `limit`. The repository only counts, so
   * find `t` by bisection over whole seconds (≤ 12 indexed COUNT queries, only on refusal).
   */
  async function secondsUntilFree(userId: number, now: number, limit: number): Promise<number> {
    const windowStart = now - HOUR_MS;
    let lo = 0; // countSince(windowStart + lo * 1000) >= limit holds here
    let hi = HOUR_MS / 1000; // and not beyond the current instant's second
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await deps.repo.countSince(userId, windowStart + mid * 1000)) >= limit) lo = mid;
      else hi = mid;
    }
    // The blocking use happened within [lo, hi) seconds after windowStart; it expires an hour later.
    return Math.max(1, hi);
  }

  return {
    async tryConsume(userId) {
      if (deps.limitPerHour <= 0) return { allowed: true, retryAfterSec: 0 };
      const now = deps.now();
      const used = await deps.repo.countSince(userId, now - HOUR_MS);
      if (used >= deps.limitPerHour) {
        return { allowed: false, retryAfterSec: await secondsUntilFree(userId, now, deps.limitPerHour) };
      }
      await deps.repo.record(userId, now);
      return { allowed: true, retryAfterSec: 0 };
    },
  };
}
