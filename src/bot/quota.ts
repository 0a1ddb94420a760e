import type { QuotaRepository } from '../store/repositories.js';
import { GROUP_ANONYMOUS_BOT_ID } from './admin.js';

/** Telegram's service account that channels post as in groups (linked discussions, "send as"). */
export const CHANNEL_BOT_ID = 136817688;

/** Who sent a message, as far as the quota cares. */
export interface QuotaSender {
  from?: { id: number } | undefined;
  sender_chat?: { id: number } | undefined;
}

/**
 * A message from a service account that posts on behalf of a chat, without that chat. Telegram
 * always sets `sender_chat` for these, so such an update is malformed or forged: it is refused,
 * because it could be charged to no one but the service account that every group shares.
 */
export function isUnattributedServiceSender(sender: QuotaSender): boolean {
  const id = sender.from?.id;
  return (id === GROUP_ANONYMOUS_BOT_ID || id === CHANNEL_BOT_ID) && sender.sender_chat === undefined;
}

/**
 * The id a digest is charged to. A message sent on behalf of a chat (an anonymous admin posting as
 * the group, a channel posting into a group, a channel's automatic forward) is charged to that
 * chat: its `from` is a service account that all groups or all channels share, so keying on it
 * would let one group use up every other group's digests. Otherwise the user. Chat ids are
 * negative and user ids positive, so the two never collide. Null when the message has neither.
 */
export function quotaKeyOf(sender: QuotaSender): number | null {
  return sender.sender_chat?.id ?? sender.from?.id ?? null;
}

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
  /** Records one use and allows it, or refuses without recording. `userId` is a {@link quotaKeyOf} key. */
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
