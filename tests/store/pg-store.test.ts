import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openPgStore } from '../../src/store/pg-store.js';
import type { Store } from '../../src/store/repositories.js';
import { TEST_DATABASE_URL } from './backends.js';
import { sampleDigest } from '../support/sample-digest.js';

// PostgreSQL-only behaviour; what both databases share is in the *.contract.test.ts files.

let counter = 0;
const schemas: string[] = [];
const stores: Store[] = [];
function freshSchema(): string {
  const schema = `kabar_pg_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  schemas.push(schema);
  return schema;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function open(schema: string, options: Parameters<typeof openPgStore>[1] = {}, url = TEST_DATABASE_URL as string): Promise<Store> {
  const store = await openPgStore(url, { poolSize: 2, ...options, schema });
  stores.push(store);
  return store;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  const dropped = schemas.splice(0);
  if (dropped.length > 0) {
    await withClient(async (client) => {
      for (const schema of dropped) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
  }
});

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL store', () => {
  it('migrates exactly once when several instances start on a fresh schema at the same moment', async () => {
    const schema = freshSchema();
    const opened = await Promise.all([open(schema), open(schema), open(schema)]);
    expect(opened.map((store) => store.kind)).toEqual(['postgres', 'postgres', 'postgres']);
    const rows = await withClient(async (client) => (await client.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`)).rows);
    expect(rows.map((row) => Number(row.version))).toEqual(MIGRATIONS.map((m) => m.version));
    // A restart migrates nothing more.
    await open(schema);
    const again = await withClient(async (client) => (await client.query(`SELECT COUNT(*)::int AS n FROM "${schema}".schema_migrations`)).rows[0]);
    expect(again?.n).toBe(MIGRATIONS.length);
  });

  it('refuses a database at a newer schema version than the code knows', async () => {
    const schema = freshSchema();
    await (await open(schema)).close();
    await withClient((client) => client.query(`INSERT INTO "${schema}".schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`));
    const error = await failure(openPgStore(TEST_DATABASE_URL as string, { schema }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/schema version 999.*DATABASE_URL/);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    const error = await failure(openPgStore(TEST_DATABASE_URL as string, { schema: 'x; DROP TABLE feeds' }));
    expect(error.code).toBe('CONFIG_INVALID');
  });

  it('fails to open an unreachable database with one clear line that hides the password', async () => {
    const plain = await failure(openPgStore('postgres://postgres@127.0.0.1:1/test'));
    expect(plain.code).toBe('STORE_UNAVAILABLE');
    expect(plain.message).toMatch(/^could not connect to PostgreSQL at 127\.0\.0\.1:1\/test: .*ECONNREFUSED/);
    expect(plain.message).not.toContain('\n');

    const secret = await failure(openPgStore('postgres://kabar:s3cret@127.0.0.1:1/test'));
    expect(secret.code).toBe('STORE_UNAVAILABLE');
    expect(secret.message).toMatch(/^could not connect to PostgreSQL at 127\.0\.0\.1:1\/test: /);
    expect(`${secret.message}\n${secret.stack ?? ''}\n${JSON.stringify(secret)}`).not.toContain('s3cret');
  });

  it('round-trips supergroup chat ids and epoch milliseconds as numbers', async () => {
    const store = await open(freshSchema());
    const repo = store.subscriptions;
    const chatId = -1001234567890;
    const at = 1_767_225_600_123;
    const feed = await repo.upsertFeed('https://a.example/rss', { title: null, language: null }, at);
    expect(feed.id).toEqual(expect.any(Number));
    expect(feed.nextPollAt).toBe(at);
    await repo.subscribe(chatId, feed.id, at);
    expect(await repo.subscribersOf(feed.id)).toEqual([chatId]);
    await repo.updateDeliverySettings(chatId, { lastSlotCheckAt: at });
    expect(await repo.getDeliverySettings(chatId)).toMatchObject({ chatId, lastSlotCheckAt: at });
    const delivery = await repo.createDelivery({ chatId, kind: 'story', ref: 's', storyIds: ['s'] }, at);
    expect(delivery).toMatchObject({ id: expect.any(Number), chatId, createdAt: at });
    await repo.markDelivery(delivery!.id, 'sent', at + 1);
    await store.quota.record(chatId, at);
    expect(await store.quota.countSince(chatId, at)).toBe(1);
    // The parser is the pool's own: pg's global BIGINT parser still returns strings for everyone else.
    expect(pg.types.getTypeParser(pg.types.builtins.INT8)('5')).toBe('5');
  });

  it('treats a damaged digest row as a miss', async () => {
    const schema = freshSchema();
    const store = await open(schema);
    await withClient((client) =>
      client.query(`INSERT INTO "${schema}".digest_cache (key, digest, created_at) VALUES ('k1', '{"headline":1}', 0), ('k2', 'not json', 0)`),
    );
    expect(await store.digestCache.get('k1')).toBeUndefined();
    expect(await store.digestCache.get('k2')).toBeUndefined();
  });

  it('still loads a digest cached before digests had countries, with none', async () => {
    const schema = freshSchema();
    const store = await open(schema);
    const before: Record<string, unknown> = { ...sampleDigest };
    delete before['countries'];
    await withClient((client) =>
      client.query(`INSERT INTO "${schema}".digest_cache (key, digest, created_at) VALUES ('old', $1, $2)`, [JSON.stringify(before), Date.now()]),
    );
    expect(await store.digestCache.get('old')).toEqual({ ...sampleDigest, countries: [] });
  });

  it('reports a dropped idle connection to onError and keeps working', async () => {
    const schema = freshSchema();
    const errors: Error[] = [];
    const url = new URL(TEST_DATABASE_URL as string);
    url.searchParams.set('application_name', schema);
    const store = await open(schema, { onError: (error) => errors.push(error) }, url.toString());
    await store.chatSettings.setLanguage(-100, 'id');
    await withClient((client) => client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [schema]));
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    expect((await store.chatSettings.get(-100)).language).toBe('id');
  });

  it('closes its pool once, however often close() is called', async () => {
    const store = await openPgStore(TEST_DATABASE_URL as string, { schema: freshSchema() });
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
    await expect(store.chatSettings.get(1)).rejects.toThrow();
  });
});
