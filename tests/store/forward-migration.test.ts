import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgStore } from '../../src/store/pg-store.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { TEST_DATABASE_URL } from './backends.js';
import { LEGACY_ROWS, LEGACY_TABLES, writeLegacyPostgres, writeLegacySqlite } from './legacy-schema.js';

// A database written by the store before Kysely (its exact DDL, legacy-schema.ts) is opened by the new
// code: nothing is re-run, every row is still there, and the new code reads and writes it.

const { chat, at } = LEGACY_ROWS;
// Steps after v4 (stories, reminders) add tables and indexes the old code never had: compared here is
// what v1–v4 made, so later steps are left out of both sides.
const LEGACY_VERSION = 4;
const LATER_INDEXES = ['feed_items_url'];
const legacyRows = (table: string) => (table === 'schema_migrations' ? ` WHERE version <= ${LEGACY_VERSION}` : '');
const isLegacyIndex = (name: string, table: string) => (LEGACY_TABLES as readonly string[]).includes(table) && !LATER_INDEXES.includes(name);
type Dump = Record<string, unknown[]>;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What the old code's rows look like through the new repositories, then the new code writing to them. */
async function expectLegacyDataUsable(store: Store): Promise<void> {
  const repo = store.subscriptions;
  expect(await store.chatSettings.get(chat)).toEqual({ chatId: chat, language: 'id', autoSummary: true });
  expect(await store.digestRequests.get('req1')).toEqual({ kind: 'url', url: 'https://a.example/x' });
  expect(await store.quota.countSince(chat, at)).toBe(1);
  expect(await repo.feedsOf(chat)).toEqual([
    expect.objectContaining({ id: 7, url: 'https://a.example/rss', title: 'Feed A', etag: 'W/"1"', nextPollAt: at, lastFetchedAt: at - 1 }),
  ]);
  expect(await repo.topicsOf(chat)).toEqual([{ id: 3, chatId: chat, label: 'ASEAN' }]);
  expect(await repo.getDeliverySettings(chat)).toMatchObject({
    schedule: { mode: 'slots', slots: ['07:30'] }, timeZone: 'Asia/Makassar', lastSlotCheckAt: at, language: 'en',
  });
  expect((await repo.scheduledChats()).map((s) => s.chatId)).toEqual([chat]);
  expect((await repo.unroutedItems(10)).map((item) => [item.id, item.identity])).toEqual([[11, 'guid-1']]);
  expect((await repo.pendingDeliveries(10)).map((d) => d.id)).toEqual([21]);
  expect(await store.jobs.countPending()).toBe(1);
  expect(await store.claims.owners('old-host/')).toEqual(['old-host/12/ab']);

  // New rows get ids after the old ones; queues keep their order; claims and leases work on old rows.
  const [added] = await repo.addItems(7, [{ ...(await repo.getItem(7, 'guid-1'))!, identity: 'guid-2', storyId: 'story-2' }]);
  expect(added!.id).toBeGreaterThan(11);
  const delivery = await repo.createDelivery({ chatId: chat, kind: 'story', ref: 'story-2', storyIds: ['story-2'] }, at + 1);
  expect(delivery!.id).toBeGreaterThan(22);
  expect(await repo.takeSlotQueue(chat)).toEqual(['story-b', 'story-a']);
  expect(await store.jobs.add({ chatId: chat, updateId: 900000001, payload: '{}' }, at)).toBe(false);
  const [job] = await store.jobs.claim('new-host/1/cd', at, 60_000, 10);
  expect(job).toMatchObject({ id: 31, updateId: 900000001, placeholderMessageId: 4242, attempts: 1 });
  expect((await repo.claimDeliveries('new-host/1/cd', at, 60_000, 10)).map((d) => d.id)).toEqual([21, delivery!.id]);
  expect(await repo.claimFeed(7, 'new-host/1/cd', at, 60_000)).toBe(false);
  expect(await store.claims.releaseAll('old-host/12/ab')).toBe(2);
  expect(await repo.claimFeed(7, 'new-host/1/cd', at, 60_000)).toBe(true);
  await repo.migrateChat(chat, chat - 1);
  expect((await repo.topicsOf(chat - 1)).map((t) => t.label)).toEqual(['ASEAN']);
}

describe('an existing SQLite database from before the Kysely store', () => {
  const dumpSqlite = (path: string): Dump => {
    const db = new Database(path, { readonly: true });
    try {
      return Object.fromEntries(LEGACY_TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table}${legacyRows(table)} ORDER BY 1, 2`).all()]));
    } finally {
      db.close();
    }
  };

  it('opens with every row kept, no migration re-run, and the new code reading and writing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kabar-legacy-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'bot.sqlite');
    writeLegacySqlite(path);
    const before = dumpSqlite(path);
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

    await openSqliteStore(path).close();
    expect(dumpSqlite(path)).toEqual(before);

    const store = openSqliteStore(path);
    cleanups.push(() => store.close());
    await expectLegacyDataUsable(store);
  });
  it('creates, on a new database, the same tables and columns as the old migrations did', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kabar-legacy-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeLegacySqlite(join(dir, 'old.sqlite'));
    await openSqliteStore(join(dir, 'new.sqlite')).close();
    const columns = (file: string) => {
      const db = new Database(join(dir, file), { readonly: true });
      try {
        // SQLite keeps the type as written; INTEGER and integer are one type.
        const info = (table: string) => (db.pragma(`table_info(${table})`) as Array<{ type: string }>).map((c) => ({ ...c, type: c.type.toUpperCase() }));
        const indexes = (db.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name").all() as Array<{ name: string; tbl_name: string }>)
          .filter((index) => isLegacyIndex(index.name, index.tbl_name));
        return [...LEGACY_TABLES.map((table) => [table, info(table)]), indexes];
      } finally {
        db.close();
      }
    };
    expect(columns('new.sqlite')).toEqual(columns('old.sqlite'));
  });
});

describe.skipIf(!TEST_DATABASE_URL)('an existing PostgreSQL schema from before the Kysely store', () => {
  const url = TEST_DATABASE_URL as string;
  const dumpPg = async (schema: string): Promise<Dump> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const dump: Dump = {};
      for (const table of LEGACY_TABLES) dump[table] = (await client.query(`SELECT * FROM "${schema}".${table}${legacyRows(table)} ORDER BY 1, 2`)).rows;
      return dump;
    } finally {
      await client.end();
    }
  };

  it('opens with every row kept, no migration re-run, and the new code reading and writing it', async () => {
    const schema = `kabar_legacy_${process.pid}_${Date.now().toString(36)}`;
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    });
    await writeLegacyPostgres(url, schema);
    const before = await dumpPg(schema);
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

    await (await openPgStore(url, { schema, poolSize: 2 })).close();
    expect(await dumpPg(schema)).toEqual(before);

    const store = await openPgStore(url, { schema, poolSize: 2 });
    cleanups.push(() => store.close());
    await expectLegacyDataUsable(store);
  });

  it('creates, on a new schema, the same tables and columns as the old migrations did', async () => {
    const stamp = `${process.pid}_${Date.now().toString(36)}`;
    const [oldSchema, newSchema] = [`kabar_legacy_old_${stamp}`, `kabar_legacy_new_${stamp}`];
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${oldSchema}" CASCADE; DROP SCHEMA IF EXISTS "${newSchema}" CASCADE`);
      await client.end();
    });
    await writeLegacyPostgres(url, oldSchema);
    await (await openPgStore(url, { schema: newSchema, poolSize: 2 })).close();
    const columns = async (schema: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const result = await client.query(
          `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns
           WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
          [schema],
        );
        const indexes = await client.query('SELECT indexname, tablename FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname', [schema]);
        const legacy = (table: string) => (LEGACY_TABLES as readonly string[]).includes(table);
        return [...result.rows.filter((row) => legacy(row.table_name)), ...indexes.rows.filter((row) => isLegacyIndex(row.indexname, row.tablename))];
      } finally {
        await client.end();
      }
    };
    expect(await columns(newSchema)).toEqual(await columns(oldSchema));
  });
});
