import type { Generated, Kysely, RawBuilder } from 'kysely';

// The typed schema of both databases: one table interface per table, as migrations.ts creates them.
// Integers are numbers on both: SQLite's are 64-bit, and the PostgreSQL pool parses BIGINT to number.

export interface ChatSettingsTable {
  chat_id: number;
  language: string | null;
  auto_summary: Generated<number>;
  updated_at: number;
}

export interface DigestCacheTable {
  key: string;
  digest: string;
  created_at: number;
}

export interface DigestRequestsTable {
  key: string;
  input: string;
  created_at: number;
}

export interface QuotaEventsTable {
  user_id: number;
  at_ms: number;
}

export interface FeedsTable {
  id: Generated<number>;
  url: string;
  title: string | null;
  language: string | null;
  etag: Generated<string | null>;
  last_modified: Generated<string | null>;
  next_poll_at: number;
  consecutive_failures: Generated<number>;
  disabled_at: Generated<number | null>;
  last_error: Generated<string | null>;
  created_at: number;
  fetched_at: Generated<number | null>;
  lease_owner: Generated<string | null>;
  lease_until: Generated<number | null>;
}

export interface SubscriptionsTable {
  chat_id: number;
  feed_id: number;
  created_at: number;
}

export interface TopicsTable {
  id: Generated<number>;
  chat_id: number;
  key: string;
  label: string;
  created_at: number;
}

export interface DeliverySettingsTable {
  chat_id: number;
  schedule: Generated<string>;
  time_zone: string;
  quiet: Generated<string | null>;
  paused: Generated<number>;
  blocked: Generated<number>;
  last_slot_check_at: Generated<number | null>;
  language: Generated<string | null>;
}

export interface FeedItemsTable {
  id: Generated<number>;
  feed_id: number;
  identity: string;
  url: string | null;
  title: string;
  summary: string | null;
  published_at: string | null;
  language: string | null;
  story_id: string;
  first_seen_at: number;
  routed: Generated<number>;
}

export interface SlotQueueTable {
  chat_id: number;
  story_id: string;
  queued_at: number;
}

export interface DeliveriesTable {
  id: Generated<number>;
  chat_id: number;
  kind: 'story' | 'slot' | 'preview';
  ref: string;
  story_ids: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  created_at: number;
  sent_at: Generated<number | null>;
  claimed_by: Generated<string | null>;
  claim_until: Generated<number | null>;
}

export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: number;
}

export interface DigestJobsTable {
  id: Generated<number>;
  chat_id: number;
  update_id: number;
  payload: string;
  placeholder_message_id: Generated<number | null>;
  attempts: Generated<number>;
  claimed_by: Generated<string | null>;
  claim_until: Generated<number | null>;
  created_at: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** Every table of Kabar's database. */
export interface Database {
  chat_settings: ChatSettingsTable;
  digest_cache: DigestCacheTable;
  digest_requests: DigestRequestsTable;
  quota_events: QuotaEventsTable;
  feeds: FeedsTable;
  subscriptions: SubscriptionsTable;
  topics: TopicsTable;
  delivery_settings: DeliverySettingsTable;
  feed_items: FeedItemsTable;
  slot_queue: SlotQueueTable;
  deliveries: DeliveriesTable;
  leases: LeasesTable;
  digest_jobs: DigestJobsTable;
  schema_migrations: SchemaMigrationsTable;
}

/** Advisory lock keys of the claimers ("kbrd", "kbrj"); SQLite ignores them (its write lock is global). */
export const DELIVERY_CLAIM_LOCK = 0x6b627264;
export const JOB_CLAIM_LOCK = 0x6b62726a;

/**
 * One open database, whichever dialect: the repositories are written once against this, and the two
 * store files (sqlite-store.ts, pg-store.ts) supply only what truly differs.
 */
export interface Sql {
  db: Kysely<Database>;
  kind: 'sqlite' | 'postgres';
  /**
   * Runs `work` in a transaction that excludes every other claimer of `lockKey` from its first read:
   * `BEGIN IMMEDIATE` on SQLite, a transaction-level advisory lock on PostgreSQL.
   */
  claiming<T>(lockKey: number, work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Insertion order within slot_queue: SQLite's rowid, PostgreSQL's seq column. */
  slotOrder: RawBuilder<number>;
}
