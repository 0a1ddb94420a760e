/**
 * Named leases with expiry, shared by every instance on one database: the cross-instance single-flight
 * of digests (`digest:<cache key>`). An expired lease is free, so a dead holder never blocks for long.
 * The store implements it; src/infra/digest-locks.ts uses it.
 */
export interface LeaseRepository {
  /** True when `owner` now holds `name` until now + ttlMs (it was free, expired, or already ours). */
  acquire(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  /** Frees `name` if `owner` holds it. */
  release(name: string, owner: string): Promise<void>;
}

/**
 * Everything one owner holds in every table (job claims, digest leases, feed leases, delivery claims),
 * so a restarted instance frees its dead predecessor's claims at start instead of waiting out their
 * lease. The store implements it; src/infra/instance-owner.ts uses it.
 */
export interface ClaimRepository {
  /** Distinct owners whose name starts with `prefix` and who hold any claim or lease (live or expired). */
  owners(prefix: string): Promise<string[]>;
  /** Frees every claim and lease of `owner`; returns how many rows were freed. */
  releaseAll(owner: string): Promise<number>;
}
