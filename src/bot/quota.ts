import type { QuotaRepository } from '../store/repositories.js';

const HOUR_MS = 60 * 60 * 1000;

export interface QuotaVerdict {
  allowed: boolean;
  /** Seconds until the oldest counted use leaves the window (0 when allowed). */
  retryAfterSec: number;
}

/**
 * USER_DIGESTS_PER_HOUR over a sliding one-hour window. The caller consumes only for digests that
 * will cost work: cached digests and language switches are free.
 */
export function createQuota(deps: { repo: QuotaRepository; limitPerHour: number; now: () => number }) {
  return {
    async tryConsume(userId: number): Promise<QuotaVerdict> {
      if (deps.limitPerHour <= 0) return { allowed: true, retryAfterSec: 0 };
      const now = deps.now();
      const used = await deps.repo.countSince(userId, now - HOUR_MS);
      if (used >= deps.limitPerHour) {
        // Without the individual timestamps the exact wait is unknown; a conservative upper bound.
        const retryAfterSec = Math.ceil(HOUR_MS / 1000 / deps.limitPerHour);
        return { allowed: false, retryAfterSec };
      }
      await deps.repo.record(userId, now);
      return { allowed: true, retryAfterSec: 0 };
    },
  };
}
