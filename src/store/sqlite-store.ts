import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors/app-error.js';
import { FALLBACK_TIME_ZONE, requestKey } from './keys.js';
import { createSqliteDigestCache } from './digest-cache.js';
import { type ChatSettingsRow, parseStoredInput, toChatSettings } from './rows.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import type { Store } from './repositories.js';
import { createSqliteCoordination } from './sqlite-coordination.js';
import { createSqliteSubscriptionRepository } from './sqlite-subscriptions.js';

/** Quota rows older than this can never matter for an hourly window. */
const QUOTA_RETENTION_MS = 2 * 60 * 60 * 1000;

type Db = Database.Database;

/** Applies pending migrations; refuses a database written by a newer version of the code. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) {
    throw new AppError(
      'CONFIG_INVALID',
      `The database is at schema version ${current}, newer than this version of Kabar knows (${known}). Upgrade Kabar or use another DATABASE_PATH.`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sqlite);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
  return known;
}

// Shared with pg-store.ts; re-exported so existing imports keep working.
export { FALLBACK_TIME_ZONE, requestKey } from './keys.js';

/** Options for {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  now?: () => number;
  /** DEFAULT_TIMEZONE: the time zone of a chat's delivery settings until it runs /timezone. */
  defaultTimeZone?: string;
  /** DIGEST_CACHE_TTL_HOURS in ms: an older cached digest is not served. Default one day. */
  digestTtlMs?: number;
  /** How long a statement waits for another connection's lock before SQLITE_BUSY; default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) the SQLite database at `path` (":memory:" for tests) and migrates it. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit is in the WAL before it returns, so a killed process loses nothing; only
    // a power cut can lose the last commits. FULL would fsync on every commit while the event loop waits.
    db.pragma('synchronous = NORMAL');
    // better-sqlite3 is synchronous: a lock held elsewhere blocks the event loop up to this long.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (error) {
    // A damaged or locked file: do not keep it open behind the caller's error.
    db.close();
    throw error;
  }

  const getSettings = db.prepare('SELECT chat_id, language, auto_summary FROM chat_settings WHERE chat_id = ?');
  const upsertLanguage = db.prepare(
    `INSERT INTO chat_settings (chat_id, language, auto_summary, updated_at) VALUES (@chatId, @language, 0, @now)
     ON CONFLICT (chat_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at`,
  );
  const upsertAuto = db.prepare(
    `INSERT INTO chat_settings (chat_id, language, auto_summary, updated_at) VALUES (@chatId, NULL, @auto, @now)
     ON CONFLICT (chat_id) DO UPDATE SET auto_summary = excluded.auto_summary, updated_at = excluded.updated_at`,
  );
  const moveSettings = db.prepare(
    `INSERT OR IGNORE INTO chat_settings (chat_id, language, auto_summary, updated_at)
     SELECT @to, language, auto_summary, @now FROM chat_settings WHERE chat_id = @from`,
  );
  const deleteSettings = db.prepare('DELETE FROM chat_settings WHERE chat_id = ?');
  const getRequest = db.prepare('SELECT input FROM digest_requests WHERE key = ?');
  const putRequest = db.prepare('INSERT OR IGNORE INTO digest_requests (key, input, created_at) VALUES (?, ?, ?)');
  const countQuota = db.prepare('SELECT COUNT(*) AS n FROM quota_events WHERE user_id = ? AND at_ms >= ?');
  const addQuota = db.prepare('INSERT INTO quota_events (user_id, at_ms) VALUES (?, ?)');
  const pruneQuota = db.prepare('DELETE FROM quota_events WHERE at_ms < ?');

  const coordination = createSqliteCoordination(db);
  const subscriptions = {
    ...createSqliteSubscriptionRepository(db, {
      defaultTimeZone: options.defaultTimeZone ?? FALLBACK_TIME_ZONE,
      now,
    }),
    ...coordination.feedClaims,
    ...coordination.deliveryClaims,
  };

  return {
    kind: 'sqlite',
    subscriptions,
    leases: coordination.leases,
    jobs: coordination.jobs,
    claims: coordination.claims,
    chatSettings: {
      async get(chatId) {
        return toChatSettings(chatId, getSettings.get(chatId) as ChatSettingsRow | undefined);
      },
      async setLanguage(chatId, language) {
        upsertLanguage.run({ chatId, language, now: now() });
      },
      async setAutoSummary(chatId, enabled) {
        upsertAuto.run({ chatId, auto: enabled ? 1 : 0, now: now() });
      },
      async migrateChat(fromChatId, toChatId) {
        if (fromChatId === toChatId) return;
        db.transaction(() => {
          moveSettings.run({ from: fromChatId, to: toChatId, now: now() });
          deleteSettings.run(fromChatId);
        })();
      },
    },
    digestCache: createSqliteDigestCache(db, { now, ttlMs: options.digestTtlMs }),
    digestRequests: {
      async save(input) {
        const key = requestKey(input);
        putRequest.run(key, JSON.stringify(input), now());
        return key;
      },
      async get(key) {
        const row = getRequest.get(key) as { input: string } | undefined;
        if (!row) return undefined;
        return parseStoredInput(row.input);
      },
    },
    quota: {
      async countSince(userId, sinceMs) {
        return (countQuota.get(userId, sinceMs) as { n: number }).n;
      },
      async record(userId, atMs) {
        addQuota.run(userId, atMs);
        pruneQuota.run(atMs - QUOTA_RETENTION_MS);
      },
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
