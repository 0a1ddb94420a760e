import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../errors/app-error.js';
import { createStore, type StoreOptions } from './create-store.js';
import { checkVersion, createVersionTable, MIGRATIONS, type Migration } from './migrations.js';
import type { Store } from './repositories.js';
import type { Database as Schema, Sql } from './schema.js';

/**
 * Key of the transaction-level advisory lock that serializes migrations across instances
 * ("Kabr" in ASCII). Other advisory locks of Kabar must use other keys.
 */
export const MIGRATION_LOCK_KEY = 0x4b616272;

/** How long opening a connection may take before the pool gives up (a black-holed host). */
const CONNECT_TIMEOUT_MS = 10_000;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** Options for {@link openPgStore}. */
export interface PgStoreOptions extends StoreOptions {
  /** Connections in the pool (DATABASE_POOL_SIZE). Default 10. */
  poolSize?: number;
  /** A schema of its own (created if missing, put on the search_path): tests, or several bots in one database. */
  schema?: string;
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

/** Applies pending migrations, each under the migration lock; refuses a database newer than the code. */
async function migrate(db: Kysely<Schema>, schema: string | undefined, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  const kit = { kind: 'postgres', big: 'bigint' } as const;
  for (const migration of migrations) {
    // Everything runs under the lock (held until the transaction ends): even CREATE … IF NOT EXISTS
    // fails when two sessions race on it. The version is read under the lock: another instance may
    // have applied this step while we waited.
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      if (schema) await trx.schema.createSchema(schema).ifNotExists().execute();
      await createVersionTable({ ...kit, db: trx }).execute();
      const row = await trx.selectFrom('schema_migrations').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
      if (checkVersion(Number(row?.v ?? 0), 'DATABASE_URL') >= migration.version) return;
      for (const statement of migration.up({ ...kit, db: trx })) await trx.executeQuery(statement.compile());
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name, applied_at: Date.now() }).execute();
    });
  }
}

/** Connects to PostgreSQL at `url`, applies the migrations (once across instances) and returns the store. */
export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<Store> {
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

  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  let ended: Promise<void> | undefined;
  const end = () => (ended ??= db.destroy());

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
    await migrate(db, schema);
  } catch (error) {
    await end().catch(() => undefined);
    throw error;
  }

  const store: Sql = {
    db,
    kind: 'postgres',
    slotOrder: sql<number>`seq`,
    // The lock serializes claimers (its second key is the schema's hash, so bots in other schemas do not
    // wait), and each statement under READ COMMITTED sees what earlier claimers committed: the per-chat
    // check is exact rather than racy. A hash collision only serializes two schemas' claims.
    claiming: (lockKey, work) =>
      db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${lockKey}::int, hashtext(current_schema()))`.execute(trx);
        return work(trx);
      }),
  };
  return createStore(store, options, end);
}
