import type Database from 'better-sqlite3';
import type { CoordinationRepositories } from './repositories.js';

/** Leases, claims and the shared digest queue on SQLite (schema v4). */
export function createSqliteCoordination(db: Database.Database): CoordinationRepositories {
  void db;
  // Stub until implemented: construction works, every method throws.
  const todo = (): never => {
    throw new Error('not implemented yet');
  };
  return {
    leases: { acquire: todo, release: todo },
    jobs: { add: todo, claim: todo, renew: todo, setPlaceholder: todo, finish: todo, release: todo, countPending: todo },
    feedClaims: { claimFeed: todo, releaseFeed: todo },
    deliveryClaims: { claimDeliveries: todo, renewDeliveryClaims: todo, releaseDeliveryClaims: todo, countPendingDeliveries: todo },
  };
}
