import type { DigestLocks } from '../digest/digest-service.js';
import type { LeaseRepository } from '../core/leases.js';

/** Options of {@link createDigestLocks}. */
export interface DigestLocksOptions {
  leases: LeaseRepository;
  /** This process's name in the lease table. */
  owner: string;
  /** Lease length (LEASE_MS); renewed every third of it while the digest is being made. */
  ttlMs: number;
  now: () => number;
  /** A renewal that fails is reported here (the lease may then expire and another instance start too). */
  onRenewError?: (key: string, error: unknown) => void;
}

/**
 * Cross-instance digest single-flight on the store's leases. The lease is short and renewed while the
 * holder works, rather than one long enough for the slowest model call: an instance that dies
 * mid-digest then holds up the others for one lease, not for minutes.
 */
export function createDigestLocks(options: DigestLocksOptions): DigestLocks & { held(): number } {
  const { leases, owner, ttlMs, now } = options;
  const renewals = new Map<string, NodeJS.Timeout>();
  const name = (key: string) => `digest:${key}`;

  return {
    async acquire(key) {
      const acquired = await leases.acquire(name(key), owner, now(), ttlMs);
      if (acquired && !renewals.has(key)) {
        const timer = setInterval(() => {
          leases.acquire(name(key), owner, now(), ttlMs).catch((error: unknown) => options.onRenewError?.(key, error));
        }, Math.max(100, Math.floor(ttlMs / 3)));
        timer.unref();
        renewals.set(key, timer);
      }
      return acquired;
    },
    async release(key) {
      clearInterval(renewals.get(key));
      renewals.delete(key);
      await leases.release(name(key), owner);
    },
    held: () => renewals.size,
  };
}
