import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type DatabaseConnection, Kysely, SqliteDialect, SqliteDriver, type SqliteDialectConfig, sql as raw } from 'kysely';
import { createStore, type StoreOptions } from './create-store.js';
import { checkVersion, createVersionTable, MIGRATIONS, type Migration } from './migrations.js';
import type { Store } from './repositories.js';
import { explainSqliteError } from './sqlite-errors.js';
import type { Database as Schema, Sql } from './schema.js';

// Shared with pg-store.ts; re-exported so existing imports keep working.

/** Options for {@link openSqliteStore}. */
export interface SqliteStoreOptions extends StoreOptions {
  /** How long a statement waits for another connection's lock before SQLITE_BUSY; default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Prepared statements kept per SQL text: Kysely prepares on every query, better-sqlite3 can reuse them. */
const STATEMENT_CACHE_SIZE = 200;

function cachingDatabase(db: Database.Database) {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
    const statement = db.prepare(sql);
    statements.set(sql, statement);
    return statement;
  };
  return { close: () => db.close(), prepare: (sql: string) => statements.get(sql) ?? prepare(sql) };
}

/**
 * One queue per database file for every connection this process opens to it. A Kysely transaction spans
 * awaits; a second connection of the same process writing meanwhile would wait out busy_timeout with the
 * event loop blocked, so the first could never commit. Other processes wait on SQLite's lock as usual.
 */
const fileQueues = new Map<string, { tail: Promise<void> }>();

class FileQueuedDriver extends SqliteDriver {
  #release: (() => void) | undefined;
  constructor(config: SqliteDialectConfig, private readonly queue: { tail: Promise<void> }, private readonly path: string) {
    super(config);
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue.tail;
    let release!: () => void;
    this.queue.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    const connection = await super.acquireConnection();
    // Every query passes here: a lock or a damaged file at run time becomes STORE_UNAVAILABLE naming
    // DATABASE_PATH, which the bot answers with "temporarily unavailable" (a webhook with 503).
    return {
      executeQuery: async (query) => {
        try {
          return await connection.executeQuery(query);
        } catch (error) {
          throw explainSqliteError(error, this.path);
        }
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }
  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#release?.();
  }
}

/**
 * Applies pending migrations synchronously (so opening stays synchronous), each in its own transaction;
 * refuses a database written by a newer version of the code.
 */
function migrate(db: Database.Database, kysely: Kysely<Schema>, migrations: readonly Migration[] = MIGRATIONS): void {
  const run = (query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
    const compiled = query.compile();
    db.prepare(compiled.sql).run(...compiled.parameters);
  };
  const kit = { db: kysely, kind: 'sqlite', big: 'integer' } as const;
  run(createVersionTable(kit));
  const current = checkVersion((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0, 'DATABASE_PATH');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      for (const statement of migration.up(kit)) run(statement);
      run(kysely.insertInto('schema_migrations').values({ version: migration.version, name: migration.name, applied_at: Date.now() }));
    })();
  }
}

/**
 * Opens (creating if needed) the SQLite database at `path` (":memory:" for tests) and migrates it.
 * Failures that are the file's (locked, damaged, unreadable) become STORE_UNAVAILABLE naming DATABASE_PATH.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  const queue = (path !== ':memory:' && fileQueues.get(resolve(path))) || { tail: Promise.resolve() };
  if (path !== ':memory:') fileQueues.set(resolve(path), queue);
  const config = { database: cachingDatabase(db) };
  const dialect = new (class extends SqliteDialect {
    override createDriver() {
      return new FileQueuedDriver(config, queue, path);
    }
  })(config);
  const kysely = new Kysely<Schema>({ dialect });
  try {
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit is in the WAL before it returns, so a killed process loses nothing; only
    // a power cut can lose the last commits. FULL would fsync on every commit while the event loop waits.
    db.pragma('synchronous = NORMAL');
    // better-sqlite3 is synchronous: a lock held elsewhere blocks the event loop up to this long.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    // Memory is bounded and explicit: a page cache of at most 4 MB (grown only as pages are read; the
    // bot's working set is small, indexed rows), and no memory map, so RSS does not grow with the file.
    db.pragma('cache_size = -4000');
    db.pragma('mmap_size = 0');
    migrate(db, kysely);
  } catch (error) {
    // A damaged or locked file: do not keep it open behind the caller's error.
    db.close();
    throw explainSqliteError(error, path);
  }

  const sql: Sql = {
    db: kysely,
    kind: 'sqlite',
    slotOrder: raw<number>`rowid`,
    // IMMEDIATE takes the write lock before reading, so the "is this chat held?" check and the claim
    // cannot interleave with another connection's claim (busy_timeout makes the other one wait).
    // Kysely's connection mutex keeps this process's other queries out until COMMIT.
    claiming: (_lockKey, work) =>
      kysely.connection().execute(async (conn) => {
        await raw`BEGIN IMMEDIATE`.execute(conn);
        try {
          const result = await work(conn);
          await raw`COMMIT`.execute(conn);
          return result;
        } catch (error) {
          if (db.inTransaction) await raw`ROLLBACK`.execute(conn);
          throw error;
        }
      }),
  };
  let closed: Promise<void> | undefined;
  return createStore(sql, options, () => (closed ??= db.open ? kysely.destroy() : Promise.resolve()));
}
