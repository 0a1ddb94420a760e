import type pg from 'pg';
import type { CoordinationRepositories } from './repositories.js';

/** Leases, claims and the shared digest queue on PostgreSQL (schema v4). */
export function createPgCoordination(pool: pg.Pool): CoordinationRepositories {
  void pool;
  throw new Error('not implemented yet');
}
