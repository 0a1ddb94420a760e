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
  {
    version: 2,
    name: 'feeds, subscriptions, topics, delivery settings, feed items, slot queue, deliveries',
    up: `
      CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        language TEXT,
        etag TEXT,
        last_modified TEXT,
        next_poll_at INTEGER NOT NULL,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        disabled_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX feeds_next_poll ON feeds (next_poll_at);
      CREATE TABLE subscriptions (
        chat_id INTEGER NOT NULL,
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (chat_id, feed_id)
      );
      CREATE INDEX subscriptions_feed ON subscriptions (feed_id);
      CREATE TABLE topics (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (chat_id, key)
      );
      CREATE TABLE delivery_settings (
        chat_id INTEGER PRIMARY KEY,
        schedule TEXT NOT NULL DEFAULT '{"mode":"instant"}',
        time_zone TEXT NOT NULL,
        quiet TEXT,
        paused INTEGER NOT NULL DEFAULT 0,
        blocked INTEGER NOT NULL DEFAULT 0,
        last_slot_check_at INTEGER,
        language TEXT CHECK (language IN ('en', 'id'))
      );
      CREATE TABLE feed_items (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        identity TEXT NOT NULL,
        url TEXT,
        title TEXT NOT NULL,
        summary TEXT,
        published_at TEXT,
        language TEXT,
        story_id TEXT NOT NULL,
        first_seen_at INTEGER NOT NULL,
        UNIQUE (feed_id, identity)
      );
      CREATE INDEX feed_items_story ON feed_items (story_id);
      CREATE TABLE slot_queue (
        chat_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        queued_at INTEGER NOT NULL,
        PRIMARY KEY (chat_id, story_id)
      );
      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('story', 'slot', 'preview')),
        ref TEXT NOT NULL,
        story_ids TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        UNIQUE (chat_id, kind, ref)
      );
      CREATE INDEX deliveries_pending ON deliveries (status, created_at);
    `,
  },
  {
    version: 3,
    name: 'feed items routed to chats, feeds fetched at least once',
    // New items are stored (seen) before they are routed to chats; this flag lets a restart
    // route the ones a crash left in between, instead of losing them.
    up: `
      ALTER TABLE feed_items ADD COLUMN routed INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE feeds ADD COLUMN fetched_at INTEGER;
      UPDATE feeds SET fetched_at = next_poll_at WHERE etag IS NOT NULL OR last_modified IS NOT NULL
        OR id IN (SELECT feed_id FROM feed_items);
      CREATE INDEX feed_items_unrouted ON feed_items (routed, id) WHERE routed = 0;
    `,
  },
];
