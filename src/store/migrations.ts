/** One schema step. Applied once, in order, inside a transaction; never edited after release. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'chat settings, digest cache, digest requests, quota',
    up: `
      CREATE TABLE chat_settings (
        chat_id INTEGER PRIMARY KEY,
        language TEXT CHECK (language IN ('en', 'id')),
        auto_summary INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE digest_cache (
        key TEXT PRIMARY KEY,
        digest TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE digest_requests (
        key TEXT PRIMARY KEY,
        input TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE quota_events (
        user_id INTEGER NOT NULL,
        at_ms INTEGER NOT NULL
      );
      CREATE INDEX quota_events_user_time ON quota_events (user_id, at_ms);
    `,
  },
];
