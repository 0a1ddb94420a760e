import pg from 'pg';
import { AppError } from '../errors/app-error.js';
import { FALLBACK_TIME_ZONE, requestKey } from './keys.js';
import { createPgDigestCache } from './digest-cache.js';
import { parseStoredInput, toChatSettings } from './rows.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { createPgCoordination } from './pg-coordination.js';
import { createPgSubscriptionRepository, withTransaction } from './pg-subscriptions.js';
import type { Store } from './repositories.js';

/** Quota rows older than this can never matter for an hourly window. */
const QUOTA_RETENTION_MS = 2 * 60 * 60 * 1000;

/**
 * Key of the transaction-level advisory lock that serializes migrations across instances
 * ("Kabr" in ASCII). Other advisory locks of Kabar must use other keys.
 */
export const MIGRATION_LOCK_KEY = 0x4b616272;

/** How long opening a connection may take before the pool gives up (a black-holed host). */
const CONNECT_TIMEOUT_MS = 10_000;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** Options for {@link openPgStore}. */
export interface PgStoreOptions {
  /** Connections in the pool (DATABASE_POOL_SIZE). Default 10. */
  poolSize?: number;
  /** A schema of its own (created if missing, put on the search_path): tests, or several bots in one database. */
  schema?: string;
  now?: () => number;
  /** DEFAULT_TIMEZONE: the time zone of a chat's delivery settings until it runs /timezone. */
  defaultTimeZone?: string;
  /** DIGEST_CACHE_TTL_HOURS in ms: an older cached digest is not served. Default one day. */
  digestTtlMs?: number;
  /** Errors of idle pooled connections (the server restarted): reported here instead of crashing the process. */
  onError?: (error: Error) => void;
}

/** "host:port/db" of a connection URL, for messages: never the user or the password. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** The password of a connection URL, so it can be scrubbed from driver messages. */
function passwordOf(url: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password || undefined;
  } catch {
    return undefined;
  }
}

/** Applies pending migrations under the migration lock; refuses a database newer than the code. */
async function migrate(pool: pg.Pool, schema: string | undefined, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  const known = migrations.at(-1)?.version ?? 0;
  // Everything runs under the lock (held until the transaction ends): even CREATE … IF NOT EXISTS
  // fails when two sessions race on it.
  const lock = (client: pg.PoolClient) => client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  const currentVersion = async (client: pg.PoolClient): Promise<number> => {
    const result = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    const current = result.rows[0]?.v ?? 0;
    if (current > known) {
      throw new AppError(
        'CONFIG_INVALID',
        `The database is at schema version ${current}, newer than this version of Kabar knows (${known}). Upgrade Kabar or use another DATABASE_URL.`,
      );
    }
    return current;
  };

  let current = await withTransaction(pool, async (client) => {
    await lock(client);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    return currentVersion(client);
  });
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    current = await withTransaction(pool, async (client) => {
      await lock(client);
      // Re-read under the lock: another instance may have applied this step while we waited.
      const now = await currentVersion(client);
      if (now >= migration.version) return now;
      await client.query(migration.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      return migration.version;
    });
  }
  return known;
}

/** Connects to PostgreSQL at `url`, applies the migrations (once across instances) and returns the store. */
export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<Store> {
  const now = options.now ?? Date.now;
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new AppError('CONFIG_INVALID', `Invalid PostgreSQL schema name "${schema}": use lowercase letters, digits and underscores.`);
  }

  // Per pool, not pg.types.setTypeParser: the global parsers belong to every other pg user in the process.
  // BIGINT (chat ids, epoch ms, COUNT(*)) fits a JS number exactly for every value Kabar stores.
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, 'text', (value: string) => Number(value));

  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Unquoted on purpose: the name is validated above, and PostgreSQL folds it like the CREATE SCHEMA below.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // Without a listener, an idle client's error (server restart) would be an uncaught 'error' event.
  pool.on('error', (error) => options.onError?.(error));

  let ended: Promise<void> | undefined;
  const end = () => (ended ??= pool.end());

  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await end().catch(() => undefined);
    const password = passwordOf(url);
    let reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim() || 'unknown error';
    if (password) reason = reason.split(password).join('***');
    throw new AppError('STORE_UNAVAILABLE', `could not connect to PostgreSQL at ${describeDatabase(url)}: ${reason}`);
  }

  try {
    await migrate(pool, schema);
  } catch (error) {
    await end().catch(() => undefined);
    throw error;
  }

  const coordination = createPgCoordination(pool);
  const subscriptions = {
    ...createPgSubscriptionRepository(pool, { defaultTimeZone: options.defaultTimeZone ?? FALLBACK_TIME_ZONE, now }),
    ...coordination.feedClaims,
    ...coordination.deliveryClaims,
  };

  return {
    kind: 'postgres',
    subscriptions,
    leases: coordination.leases,
    jobs: coordination.jobs,
    claims: coordination.claims,
    chatSettings: {
      async get(chatId) {
        const result = await pool.query<{ language: string | null; auto_summary: number }>(
          'SELECT language, auto_summary FROM chat_settings WHERE chat_id = $1',
          [chatId],
        );
        return toChatSettings(chatId, result.rows[0]);
      },
      async setLanguage(chatId, language) {
        await pool.query(
          `INSERT INTO chat_settings (chat_id, language, auto_summary, updated_at) VALUES ($1, $2, 0, $3)
           ON CONFLICT (chat_id) DO UPDATE SET language = EXCLUDED.language, updated_at = EXCLUDED.updated_at`,
          [chatId, language, now()],
        );
      },
      async setAutoSummary(chatId, enabled) {
        await pool.query(
          `INSERT INTO chat_settings (chat_id, language, auto_summary, updated_at) VALUES ($1, NULL, $2, $3)
           ON CONFLICT (chat_id) DO UPDATE SET auto_summary = EXCLUDED.auto_summary, updated_at = EXCLUDED.updated_at`,
          [chatId, enabled ? 1 : 0, now()],
        );
      },
      async migrateChat(fromChatId, toChatId) {
        if (fromChatId === toChatId) return;
        await withTransaction(pool, async (client) => {
          // The target's own settings win where both chats have some.
          await client.query(
            `INSERT INTO chat_settings (chat_id, language, auto_summary, updated_at)
             SELECT $2, language, auto_summary, $3 FROM chat_settings WHERE chat_id = $1 ON CONFLICT DO NOTHING`,
            [fromChatId, toChatId, now()],
          );
          await client.query('DELETE FROM chat_settings WHERE chat_id = $1', [fromChatId]);
        });
      },
    },
    digestCache: createPgDigestCache(pool, { now, ttlMs: options.digestTtlMs }),
    digestRequests: {
      async save(input) {
        const key = requestKey(input);
        await pool.query('INSERT INTO digest_requests (key, input, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          key,
          JSON.stringify(input),
          now(),
        ]);
        return key;
      },
      async get(key) {
        const row = (await pool.query<{ input: string }>('SELECT input FROM digest_requests WHERE key = $1', [key])).rows[0];
        if (!row) return undefined;
        return parseStoredInput(row.input);
      },
    },
    quota: {
      async countSince(userId, sinceMs) {
        const result = await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM quota_events WHERE user_id = $1 AND at_ms >= $2', [userId, sinceMs]);
        return result.rows[0]?.n ?? 0;
      },
      async record(userId, atMs) {
        await pool.query('INSERT INTO quota_events (user_id, at_ms) VALUES ($1, $2)', [userId, atMs]);
        await pool.query('DELETE FROM quota_events WHERE at_ms < $1', [atMs - QUOTA_RETENTION_MS]);
      },
    },
    async close() {
      await end();
    },
  };
}
