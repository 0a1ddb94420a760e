import type { Config } from '../config/config.js';
import type { Store } from './repositories.js';

/** Options for {@link openStore}. */
export interface OpenStoreOptions {
  now?: () => number;
  /** PostgreSQL pool errors (a dropped idle connection); they must not crash the process. */
  onError?: (error: Error) => void;
  /** SQLite: how long a statement waits for another connection's lock (default 5000 ms; tests use less). */
  sqliteBusyTimeoutMs?: number;
}

/**
 * PostgreSQL when DATABASE_URL is set, else SQLite at DATABASE_PATH; migrated either way. Only the chosen
 * driver is loaded (pg or better-sqlite3, each with its Kysely dialect): the other would cost RSS for nothing.
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
    const { openPgStore } = await import('./pg-store.js');
    return openPgStore(config.database.url, {
      ...common,
      poolSize: config.database.poolSize,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }
  const { openSqliteStore } = await import('./sqlite-store.js');
  return openSqliteStore(config.databasePath, {
    ...common,
    ...(options.sqliteBusyTimeoutMs !== undefined ? { busyTimeoutMs: options.sqliteBusyTimeoutMs } : {}),
  });
}
