import type { Store } from './repositories.js';

/** Options for {@link openPgStore}. */
export interface PgStoreOptions {
  /** Connections in the pool (DATABASE_POOL_SIZE). Default 10. */
  poolSize?: number;
  /** A schema of its own (created if missing, put on the search_path): tests, or several bots in one database. */
  schema?: string;
  now?: () => number;
  /** DEFAULT_TIMEZONE: the time zone of a chat's delivery settings until it runs /timezone. */
  defaultTimeZone?: string;
}

/** Connects to PostgreSQL at `url`, applies the migrations (once across instances) and returns the store. */
export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<Store> {
  void url;
  void options;
  throw new Error('not implemented yet');
}
