import type { ClaimRepository } from '../core/leases.js';

/**
 * How this process names itself in claims and leases, and which earlier names were its own.
 *
 * The owner id is `<stable>/<pid>/<random>`: the random part keeps every run unique (in Docker every
 * process is pid 1), the stable part lets a restarted run recognise what its crashed predecessor held
 * and free it at once instead of waiting out the lease (a minute by default). "/" cannot occur in an
 * INSTANCE_ID or a hostname, so one stable part is never the prefix of another.
 */
export interface InstanceIdentity {
  /** This run's owner id. */
  owner: string;
  /** `<stable>/`: every run of this instance, this one included, has an owner id starting with it. */
  prefix: string;
  /** True when `other` (an owner id under our prefix) belongs to a run of this instance that is certainly gone. */
  isDeadPredecessor(other: string): boolean;
}

export interface InstanceIdentityOptions {
  /**
   * INSTANCE_ID. The operator gives one running process each id, so any other run under it is a
   * predecessor that stopped (the documented contract of INSTANCE_ID).
   */
  instanceId: string | undefined;
  hostname: string;
  pid: number;
  /** Hex; makes the owner id unique across restarts. */
  random: string;
  /**
   * SQLite: the database lives on this machine, so without INSTANCE_ID a run of the same hostname is
   * a predecessor when its pid is no longer running (or is our own pid: the old run was pid 1 in the
   * same container). On PostgreSQL two machines may share a hostname, so only INSTANCE_ID counts.
   */
  localDatabase: boolean;
  /** Whether a pid runs on this machine (injected for tests). */
  isProcessAlive(pid: number): boolean;
}

export function createInstanceIdentity(options: InstanceIdentityOptions): InstanceIdentity {
  const explicit = options.instanceId !== undefined;
  const prefix = `${options.instanceId ?? options.hostname}/`;
  const owner = `${prefix}${options.pid}/${options.random}`;
  return {
    owner,
    prefix,
    isDeadPredecessor(other) {
      if (other === owner || !other.startsWith(prefix)) return false;
      if (explicit) return true;
      if (!options.localDatabase) return false;
      const pid = Number(/^(\d+)\//.exec(other.slice(prefix.length))?.[1]);
      if (!Number.isSafeInteger(pid) || pid <= 0) return false;
      return pid === options.pid || !options.isProcessAlive(pid);
    },
  };
}

/** `kill(pid, 0)`: no signal, only the check. EPERM means it runs under another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Frees, at start, every claim and lease (digest jobs, digest single-flight leases, feed polls,
 * deliveries) that a crashed earlier run of this instance still holds, so its work is taken up now.
 */
export async function reclaimPredecessorClaims(claims: ClaimRepository, identity: InstanceIdentity): Promise<{ owners: string[]; released: number }> {
  const owners = (await claims.owners(identity.prefix)).filter((other) => identity.isDeadPredecessor(other));
  let released = 0;
  for (const other of owners) released += await claims.releaseAll(other);
  return { owners, released };
}
