import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleDigest } from '../support/sample-digest.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { FeedItemRecord } from '../../src/subscriptions/repositories.js';

// Backend-neutral behaviour lives in store.contract.test.ts and subscriptions.contract.test.ts;
// this file keeps what only a SQLite file has: persistence across reopen, versions, pragmas.

const dirs: string[] = [];
function tempDbPath() {
  const dir = mkdtempSync(join(tmpdir(), 'kabar-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'bot.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});


function item(identity: string): Omit<FeedItemRecord, 'id' | 'feedId'> {
  return {
    identity,
    url: `https://news.example/${identity}`,
    title: `Title ${identity}`,
    summary: null,
    publishedAt: '2025-01-01T00:00:00.000Z',
    language: 'en',
    storyId: `story-${identity}`,
    firstSeenAt: 1_000,
  };
}

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

  it('keeps subscriptions, seen items and pending deliveries across a restart', async () => {
    const path = tempDbPath();
    const first = openSqliteStore(path, { defaultTimeZone: 'Asia/Jakarta' });
    const feed = await first.subscriptions.upsertFeed('https://a.example/rss', { title: 'A', language: 'id' }, 0);
    await first.subscriptions.subscribe(-100, feed.id, 0);
    await first.subscriptions.addTopic(-100, 'ASEAN', 0);
    await first.subscriptions.updateDeliverySettings(-100, { schedule: { mode: 'slots', slots: ['07:30'] } });
    await first.subscriptions.addItems(feed.id, [item('1')]);
    await first.subscriptions.createDelivery({ chatId: -100, kind: 'story', ref: 's1', storyIds: ['s1'] }, 0);
    await first.close();

    const second = openSqliteStore(path, { defaultTimeZone: 'Asia/Jakarta' });
    const repo = second.subscriptions;
    expect((await repo.feedsOf(-100)).map((f) => f.title)).toEqual(['A']);
    expect((await repo.topicsOf(-100)).map((t) => t.label)).toEqual(['ASEAN']);
    expect((await repo.getDeliverySettings(-100)).schedule).toEqual({ mode: 'slots', slots: ['07:30'] });
    expect(await repo.addItems(feed.id, [item('1')])).toEqual([]);
    expect((await repo.pendingDeliveries(10)).map((d) => d.ref)).toEqual(['s1']);
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
    expect(() => openSqliteStore(path)).toThrow(/schema version 999.*DATABASE_PATH/);
  });

  it('treats a damaged digest row as a miss', async () => {
    const path = tempDbPath();
    const store = openSqliteStore(path);
    await store.digestCache.set('k1', sampleDigest);
    await store.digestCache.set('k2', sampleDigest);
    await store.close();

    const db = new Database(path);
    db.prepare("UPDATE digest_cache SET digest = '{\"headline\":1}' WHERE key = 'k1'").run();
    db.prepare("UPDATE digest_cache SET digest = 'not json' WHERE key = 'k2'").run();
    db.close();
    const reopened = openSqliteStore(path);
    expect(await reopened.digestCache.get('k1')).toBeUndefined();
    expect(await reopened.digestCache.get('k2')).toBeUndefined();
    await reopened.close();
  });

  it('still loads a digest cached before digests had countries, with none', async () => {
    const path = tempDbPath();
    const store = openSqliteStore(path);
    await store.digestCache.set('old', sampleDigest);
    await store.close();

    const before: Record<string, unknown> = { ...sampleDigest };
    delete before['countries'];
    const db = new Database(path);
    db.prepare("UPDATE digest_cache SET digest = ? WHERE key = 'old'").run(JSON.stringify(before));
    db.close();
    const reopened = openSqliteStore(path);
    expect(await reopened.digestCache.get('old')).toEqual({ ...sampleDigest, countries: [] });
    await reopened.close();
  });

  it('opens a file database in WAL mode with foreign keys enforced', async () => {
    const path = tempDbPath();
    const store = openSqliteStore(path);
    await expect(store.subscriptions.subscribe(-100, 12345, 0)).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
