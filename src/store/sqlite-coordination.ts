import type Database from 'better-sqlite3';
import type { CoordinationRepositories } from './repositories.js';

/** Leases, claims and the shared digest queue on SQLite (schema v4). */
export function createSqliteCoordination(db: Database.Database): CoordinationRepositories {
  void db;
  throw new Error('not implemented yet');
}
