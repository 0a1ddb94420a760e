import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/digest/schema.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore, requestKey } from '../../src/store/sqlite-store.js';

const dirs: string[] = [];
function tempDbPath() {
  const dir = mkdtempSync(join(tmpdir(), 'kabar-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'bot.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const digest: Digest = {
  language: 'en',
  engine: 'extractive',
  model: 'extractive-v1',
  source: { url: 'https://example.com/a', title: 'A', publisher: 'Example', publishedAt: null, language: 'en' },
  headline: 'Ministers meet',
  summary: 'Two ministers met.',
  who: [],
  what: 'A meeting',
  when: null,
  where: null,
  agreements: [],
  nextSteps: [],
  keyPoints: [],
  background: [],
  notes: [],
} as Digest;

describe('SQLite store', () => {
  it('keeps chat settings across a restart (close and re-open of the file)', async () => {
    const path = tempDbPath();
    const first = openSqliteStore(path);
    await first.chatSettings.setLanguage(-100123, 'id');
    await first.chatSettings.setAutoSummary(-100123, true);
    await first.close();

    const second = openSqliteStore(path);
    expect(await second.chatSettings.get(-100123)).toEqual({ chatId: -100123, language: 'id', autoSummary: true });
    expect(await second.chatSettings.get(42)).toEqual({ chatId: 42, language: null, autoSummary: false });
    await second.close();
  });

  it('runs each migration once and records the version', async () => {
    const path = tempDbPath();
    await openSqliteStore(path).close();
    await openSqliteStore(path).close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT version FROM schema_migrations').all();
    db.close();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('refuses a database written by a newer version', async () => {
    const path = tempDbPath();
    await openSqliteStore(path).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, 0)').run('future');
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/schema version 999/);
  });

  it('round-trips a digest and treats a damaged row as a miss', async () => {
    const path = tempDbPath();
    const store = openSqliteStore(path);
    await store.digestCache.set('k1', digest);
    expect(await store.digestCache.get('k1')).toEqual(digest);
    expect(await store.digestCache.get('missing')).toBeUndefined();
    await store.close();

    const db = new Database(path);
    db.prepare("UPDATE digest_cache SET digest = '{\"headline\":1}' WHERE key = 'k1'").run();
    db.close();
    const reopened = openSqliteStore(path);
    expect(await reopened.digestCache.get('k1')).toBeUndefined();
    await reopened.close();
  });

  it('gives a short stable key for a digest request that fits callback data', async () => {
    const store = openSqliteStore(':memory:');
    const input = { kind: 'url', url: 'https://www.antaranews.com/berita/4812345/putin-pezeshkian' } as const;
    const key = await store.digestRequests.save(input);
    expect(key).toBe(await store.digestRequests.save({ ...input }));
    expect(key).toBe(requestKey(input));
    expect(key.length).toBeLessThanOrEqual(16);
    expect(Buffer.byteLength(`lang:id:${key}:n`)).toBeLessThanOrEqual(64);
    expect(await store.digestRequests.get(key)).toEqual(input);
    expect(await store.digestRequests.get('nope')).toBeUndefined();
    await store.close();
  });

  it('moves settings to the new id when a group becomes a supergroup', async () => {
    const store = openSqliteStore(':memory:');
    await store.chatSettings.setLanguage(-123, 'id');
    await store.chatSettings.migrateChat(-123, -100123);
    expect((await store.chatSettings.get(-100123)).language).toBe('id');
    expect((await store.chatSettings.get(-123)).language).toBeNull();
    await store.close();
  });

  it('counts quota uses inside a window and prunes old ones', async () => {
    const store = openSqliteStore(':memory:');
    const hour = 3_600_000;
    await store.quota.record(7, 1_000);
    await store.quota.record(7, 2_000);
    await store.quota.record(8, 2_000);
    expect(await store.quota.countSince(7, 0)).toBe(2);
    expect(await store.quota.countSince(7, 1_500)).toBe(1);
    await store.quota.record(7, 3 * hour);
    expect(await store.quota.countSince(7, 0)).toBe(1);
    await store.close();
  });
});
