import type { Config } from '../config/config.js';
import { openPgStore } from './pg-store.js';
import type { Store } from './repositories.js';
import { openSqliteStore } from './sqlite-store.js';

/** Options for {@link openStore}. */
export interface OpenStoreOptions {
  now?: () => number;
  /** PostgreSQL pool errors (a dropped idle connection); they must not crash the process. */
  onError?: (error: Error) => void;
  /** SQLite: how long a statement waits for another connection's lock (default 5000 ms; tests use less). */
  sqliteBusyTimeoutMs?: number;
}

/**
 * PostgreSQL when DATABASE_URL is set, else SQLite at DATABASE_PATH; migrated either way.
 */
export async function openStore(
  config: Pick<Config, 'database' | 'databasePath' | 'subscriptions'> & Partial<Pick<Config, 'digestCacheTtlMs'>>,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const common = {
    defaultTimeZone: config.subscriptions.defaultTimeZone,
    digestTtlMs: config.digestCacheTtlMs,
    ...(options.now ? { now: options.now } : {}),
  };
  if (config.database.url) {
    return openPgStore(config.database.url, {
      ...common,
      poolSize: config.database.poolSize,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }
  return openSqliteStore(config.databasePath, {
    ...common,
    ...(options.sqliteBusyTimeoutMs !== undefined ? { busyTimeoutMs: options.sqliteBusyTimeoutMs } : {}),
  });
}
