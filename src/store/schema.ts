import type { Compilable, CompiledQuery, Generated, Kysely, QueryResult, RawBuilder } from 'kysely';

// The typed schema of both databases: one table interface per table, as migrations.ts creates them.
// Integers are numbers on both: SQLite's are 64-bit, and the PostgreSQL pool parses BIGINT to number.

type Id = Generated<number>;
/** A nullable column the insert may leave out. */
type Opt<T> = Generated<T | null>;

/** Every table of Kabar's database, column by column (migrations.ts creates them). */
export interface Database {
  chat_settings: { chat_id: number; language: string | null; auto_summary: Generated<number>; updated_at: number };
  digest_cache: { key: string; digest: string; created_at: number };
  digest_requests: { key: string; input: string; created_at: number };
  quota_events: { user_id: number; at_ms: number };
  feeds: {
    id: Id; url: string; title: string | null; language: string | null; etag: Opt<string>; last_modified: Opt<string>;
    next_poll_at: number; consecutive_failures: Generated<number>; disabled_at: Opt<number>; last_error: Opt<string>;
    created_at: number; fetched_at: Opt<number>; lease_owner: Opt<string>; lease_until: Opt<number>;
  };
  subscriptions: { chat_id: number; feed_id: number; created_at: number };
  topics: { id: Id; chat_id: number; key: string; label: string; created_at: number };
  delivery_settings: {
    chat_id: number; schedule: Generated<string>; time_zone: string; quiet: Opt<string>; paused: Generated<number>;
    blocked: Generated<number>; last_slot_check_at: Opt<number>; language: Opt<string>;
  };
  feed_items: {
    id: Id; feed_id: number; identity: string; url: string | null; title: string; summary: string | null;
    published_at: string | null; language: string | null; story_id: string; first_seen_at: number; routed: Generated<number>;
  };
  slot_queue: { chat_id: number; story_id: string; queued_at: number };
  deliveries: {
    id: Id; chat_id: number; kind: 'story' | 'slot' | 'preview' | 'reminder'; ref: string; story_ids: string;
    status: Generated<'pending' | 'sent' | 'failed'>; attempts: Generated<number>; created_at: number; sent_at: Opt<number>;
    claimed_by: Opt<string>; claim_until: Opt<number>;
  };
  leases: { name: string; owner: string; expires_at: number };
  digest_jobs: {
    id: Id; chat_id: number; update_id: number; payload: string; placeholder_message_id: Opt<number>;
    attempts: Generated<number>; claimed_by: Opt<string>; claim_until: Opt<number>; created_at: number;
  };
  schema_migrations: { version: number; name: string; applied_at: number };
  // Version 6 'reminders' (issue 13): `candidate` is the JSON of a ReminderCandidate (src/subscriptions/reminders.ts).
  reminder_candidates: { key: string; candidate: string; created_at: number };
  reminders: {
    id: Id; chat_id: number; candidate_key: string; due_date: string; candidate: string;
    status: Generated<'pending' | 'queued' | 'missed'>; created_at: number;
  };
  // Version 5 'stories' (issue 13): persisted story clusters, follows and the digests each chat received.
  stories: { id: string; headline: string; first_at: number; last_at: number; expires_at: number; entities: Generated<string> };
  story_items: { seq: Id; item_key: string; story_id: string; at: number; title: string; summary: string; language: string | null };
  story_follows: { chat_id: number; story_id: string; created_at: number };
  story_digests: {
    chat_id: number; story_id: string; ref: string; headline: string; url: string | null; message_id: number | null;
    digest: string | null; sent_at: number;
  };
}

/** Advisory lock keys of the claimers ("kbrd", "kbrj"); SQLite ignores them (its write lock is global). */
export const DELIVERY_CLAIM_LOCK = 0x6b627264;
export const JOB_CLAIM_LOCK = 0x6b62726a;
/** Story assignment ("kbrs"): one instance at a time decides which story new items join. */
export const STORY_ASSIGN_LOCK = 0x6b627273;

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

/** Stands for argument `index` of a prepared query while it is built. */
class Placeholder {
  constructor(readonly index: number) {}
}

/**
 * A query built and compiled once, then run with new arguments: Kysely otherwise builds and compiles on
 * every call, which on SQLite costs more than running the statement. `build` must pass its arguments
 * through as values, unchanged (no arithmetic on them, no arrays).
 */
export function prepared<A extends unknown[], R>(db: Kysely<Database>, build: (...args: A) => Compilable<R>): (...args: A) => Promise<QueryResult<R>> {
  let compiled: CompiledQuery<R> | undefined;
  return async (...args) => {
    compiled ??= build(...(Array.from({ length: build.length }, (_, index) => new Placeholder(index)) as A)).compile();
    const parameters = compiled.parameters.map((value) => (value instanceof Placeholder ? args[value.index] : value));
    return db.executeQuery<R>({ ...compiled, parameters });
  };
}

/** Rows an INSERT, UPDATE or DELETE changed, whichever result shape Kysely gave it. */
export const changed = (result: { numAffectedRows?: bigint; numUpdatedRows?: bigint; numDeletedRows?: bigint; numInsertedOrUpdatedRows?: bigint } | undefined) =>
  Number(result?.numAffectedRows ?? result?.numUpdatedRows ?? result?.numDeletedRows ?? result?.numInsertedOrUpdatedRows ?? 0);
