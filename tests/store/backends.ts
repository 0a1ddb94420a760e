import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openPgStore } from '../../src/store/pg-store.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

/** Options every backend understands. */
export interface OpenOptions {
  now?: () => number;
  defaultTimeZone?: string;
  /** Time to live of cached digests. */
  digestTtlMs?: number;
}

/** One database kind the contract tests run on. */
export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty, migrated store; closing it deletes its data (schema or file). */
  open(options?: OpenOptions): Promise<Store>;
  /** Two stores on the same fresh database: two bot instances. Close both; the data goes with the last. */
  openTwins(options?: OpenOptions): Promise<[Store, Store]>;
}

/** PostgreSQL for the contract tests: set by .ci/run, absent on a newcomer's machine. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

let schemaCounter = 0;
const freshSchema = () => `kabar_test_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Wraps close() so the last store to close drops what the test created. */
function withCleanup(stores: Store[], cleanup: () => Promise<void> | void): Store[] {
  let open = stores.length;
  return stores.map((store) => {
    let closed = false;
    return {
      ...store,
      async close() {
        if (closed) return;
        closed = true;
        await store.close();
        open -= 1;
        if (open === 0) await cleanup();
      },
    };
  });
}

const sqlite: StoreBackend = {
  name: 'sqlite',
  async open(options = {}) {
    return openSqliteStore(':memory:', options);
  },
  async openTwins(options = {}) {
    // Two connections to one file, like two processes sharing a SQLite database.
    const dir = mkdtempSync(join(tmpdir(), 'kabar-twins-'));
    const path = join(dir, 'bot.sqlite');
    const stores = [openSqliteStore(path, options), openSqliteStore(path, options)];
    return withCleanup(stores, () => rmSync(dir, { recursive: true, force: true })) as [Store, Store];
  },
};

const postgres: StoreBackend = {
  name: 'postgres',
  async open(options = {}) {
    const schema = freshSchema();
    const store = await openPgStore(TEST_DATABASE_URL as string, { ...options, schema, poolSize: 4 });
    return withCleanup([store], () => dropSchema(schema))[0] as Store;
  },
  async openTwins(options = {}) {
    const schema = freshSchema();
    const first = await openPgStore(TEST_DATABASE_URL as string, { ...options, schema, poolSize: 4 });
    const second = await openPgStore(TEST_DATABASE_URL as string, { ...options, schema, poolSize: 4 });
    return withCleanup([first, second], () => dropSchema(schema)) as [Store, Store];
  },
};

let notePrinted = false;

/**
 * Runs a contract suite on SQLite always and on PostgreSQL when TEST_DATABASE_URL is set; without it
 * the PostgreSQL half is skipped with a printed note (a newcomer's plain `npm test`).
 */
export function describeEachBackend(title: string, suite: (backend: StoreBackend) => void): void {
  describe(`${title} (sqlite)`, () => suite(sqlite));
  if (!TEST_DATABASE_URL && !notePrinted) {
    notePrinted = true;
    console.log('[kabar] TEST_DATABASE_URL is not set: the PostgreSQL runs of the store and multi-instance tests are skipped.');
  }
  // Gated, not disabled: CI sets TEST_DATABASE_URL (.ci/run), so these always run there.
  describe.skipIf(!TEST_DATABASE_URL)(`${title} (postgres${TEST_DATABASE_URL ? '' : ': set TEST_DATABASE_URL to run'})`, () => suite(postgres));
}
