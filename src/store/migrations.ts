import { type ColumnDataType, type Compilable, type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { AppError } from '../errors/app-error.js';

/** What a migration builds its statements with: the open database and the dialect's column types. */
export interface SchemaKit {
  // Kysely<any>: a migration sees the schema as it was at its step, not today's Database.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  kind: 'sqlite' | 'postgres';
  /** Chat ids (-100…) and epoch ms overflow 32 bits: BIGINT on PostgreSQL, INTEGER (64-bit) on SQLite. */
  big: ColumnDataType;
}

/**
 * One schema step, written once for both databases with the schema builder; applied once, in order,
 * inside a transaction and recorded in schema_migrations; never edited after release. Versions and
 * tables are the ones Kabar always had, so an existing database only runs the steps it lacks.
 */
export interface Migration {
  version: number;
  name: string;
  up(kit: SchemaKit): Compilable[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Table = CreateTableBuilder<any, any>;

/** The row id: SQLite's INTEGER PRIMARY KEY (the rowid), an identity column on PostgreSQL. */
const withId = (kit: SchemaKit) => (table: Table): Table =>
  kit.kind === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey())
    : table.addColumn('id', 'bigint', (c) => c.generatedByDefaultAsIdentity().primaryKey());

const languageCheck = sql`language IN ('en', 'id')`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'chat settings, digest cache, digest requests, quota',
    up: ({ db, big }) => [
      db.schema.createTable('chat_settings').addColumn('chat_id', big, (c) => c.primaryKey())
        .addColumn('language', 'text', (c) => c.check(languageCheck)).addColumn('auto_summary', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', big, (c) => c.notNull()),
      ...['digest_cache', 'digest_requests'].map((name) =>
        db.schema.createTable(name).addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn(name === 'digest_cache' ? 'digest' : 'input', 'text', (c) => c.notNull()).addColumn('created_at', big, (c) => c.notNull()),
      ),
      db.schema.createTable('quota_events').addColumn('user_id', big, (c) => c.notNull()).addColumn('at_ms', big, (c) => c.notNull()),
      db.schema.createIndex('quota_events_user_time').on('quota_events').columns(['user_id', 'at_ms']),
    ],
  },
  {
    version: 2,
    name: 'feeds, subscriptions, topics, delivery settings, feed items, slot queue, deliveries',
    up: (kit) => {
      const { db, big } = kit;
      const id = withId(kit);
      return [
        db.schema.createTable('feeds').$call(id).addColumn('url', 'text', (c) => c.notNull().unique())
          .addColumn('title', 'text').addColumn('language', 'text').addColumn('etag', 'text').addColumn('last_modified', 'text')
          .addColumn('next_poll_at', big, (c) => c.notNull()).addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('disabled_at', big).addColumn('last_error', 'text').addColumn('created_at', big, (c) => c.notNull()),
        db.schema.createIndex('feeds_next_poll').on('feeds').column('next_poll_at'),
        db.schema.createTable('subscriptions').addColumn('chat_id', big, (c) => c.notNull())
          .addColumn('feed_id', big, (c) => c.notNull().references('feeds.id').onDelete('cascade')).addColumn('created_at', big, (c) => c.notNull())
          .addPrimaryKeyConstraint('subscriptions_pkey', ['chat_id', 'feed_id']),
        db.schema.createIndex('subscriptions_feed').on('subscriptions').column('feed_id'),
        db.schema.createTable('topics').$call(id).addColumn('chat_id', big, (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull()).addColumn('label', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .addUniqueConstraint('topics_chat_id_key_key', ['chat_id', 'key']),
        db.schema.createTable('delivery_settings').addColumn('chat_id', big, (c) => c.primaryKey())
          .addColumn('schedule', 'text', (c) => c.notNull().defaultTo('{"mode":"instant"}'))
          .addColumn('time_zone', 'text', (c) => c.notNull()).addColumn('quiet', 'text')
          .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0)).addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_slot_check_at', big).addColumn('language', 'text', (c) => c.check(languageCheck)),
        db.schema.createTable('feed_items').$call(id).addColumn('feed_id', big, (c) => c.notNull().references('feeds.id').onDelete('cascade'))
          .addColumn('identity', 'text', (c) => c.notNull())
          .addColumn('url', 'text').addColumn('title', 'text', (c) => c.notNull()).addColumn('summary', 'text')
          .addColumn('published_at', 'text').addColumn('language', 'text').addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', big, (c) => c.notNull())
          .addUniqueConstraint('feed_items_feed_id_identity_key', ['feed_id', 'identity']),
        db.schema.createIndex('feed_items_story').on('feed_items').column('story_id'),
        // seq stands in for SQLite's rowid on PostgreSQL: stories queued in the same millisecond keep their order.
        db.schema.createTable('slot_queue').addColumn('chat_id', big, (c) => c.notNull()).addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('queued_at', big, (c) => c.notNull())
          .$call((t: Table) => (kit.kind === 'postgres' ? t.addColumn('seq', 'bigint', (c) => c.generatedByDefaultAsIdentity()) : t))
          .addPrimaryKeyConstraint('slot_queue_pkey', ['chat_id', 'story_id']),
        db.schema.createTable('deliveries').$call(id).addColumn('chat_id', big, (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('story', 'slot', 'preview')`))
          .addColumn('ref', 'text', (c) => c.notNull()).addColumn('story_ids', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status IN ('pending', 'sent', 'failed')`))
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', big, (c) => c.notNull()).addColumn('sent_at', big)
          .addUniqueConstraint('deliveries_chat_id_kind_ref_key', ['chat_id', 'kind', 'ref']),
        db.schema.createIndex('deliveries_pending').on('deliveries').columns(['status', 'created_at']),
      ];
    },
  },
  {
    version: 3,
    name: 'feed items routed to chats, feeds fetched at least once',
    // New items are stored (seen) before they are routed to chats; this flag lets a restart
    // route the ones a crash left in between, instead of losing them.
    up: ({ db, big }) => [
      db.schema.alterTable('feed_items').addColumn('routed', 'integer', (c) => c.notNull().defaultTo(1)),
      db.schema.alterTable('feeds').addColumn('fetched_at', big),
      db.updateTable('feeds').set({ fetched_at: sql.ref('next_poll_at') })
        .where((eb) => eb.or([
          eb('etag', 'is not', null),
          eb('last_modified', 'is not', null),
          eb('id', 'in', eb.selectFrom('feed_items').select('feed_id')),
        ])),
      db.schema.createIndex('feed_items_unrouted').on('feed_items').columns(['routed', 'id']).where(sql.ref('routed'), '=', 0),
    ],
  },
  {
    version: 4,
    name: 'leases, claims and the shared digest queue for several instances',
    // Claims carry an owner and an expiry, so a dead instance's work is taken over after the lease.
    up: (kit) => {
      const { db, big } = kit;
      return [
        db.schema.alterTable('feeds').addColumn('lease_owner', 'text'),
        db.schema.alterTable('feeds').addColumn('lease_until', big),
        db.schema.alterTable('deliveries').addColumn('claimed_by', 'text'),
        db.schema.alterTable('deliveries').addColumn('claim_until', big),
        db.schema.createIndex('deliveries_pending_chat').on('deliveries').columns(['chat_id', 'id']).where(sql.ref('status'), '=', 'pending'),
        db.schema.createTable('leases').addColumn('name', 'text', (c) => c.primaryKey()).addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('expires_at', big, (c) => c.notNull()),
        db.schema.createTable('digest_jobs').$call(withId(kit)).addColumn('chat_id', big, (c) => c.notNull())
          .addColumn('update_id', big, (c) => c.notNull().unique()).addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('placeholder_message_id', big).addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('claimed_by', 'text').addColumn('claim_until', big).addColumn('created_at', big, (c) => c.notNull()),
        db.schema.createIndex('digest_jobs_chat').on('digest_jobs').columns(['chat_id', 'update_id']),
      ];
    },
  },
  {
    version: 5,
    name: 'stories',
    // Story clusters outlive a restart and are shared by instances (issue 13); story_items.seq lets an
    // instance read only what others added since it last looked.
    up: (kit) => {
      const { db, big } = kit;
      return [
        db.schema.createTable('stories').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('headline', 'text', (c) => c.notNull())
          .addColumn('first_at', big, (c) => c.notNull()).addColumn('last_at', big, (c) => c.notNull())
          .addColumn('expires_at', big, (c) => c.notNull()).addColumn('entities', 'text', (c) => c.notNull().defaultTo('{}')),
        db.schema.createIndex('stories_expires').on('stories').column('expires_at'),
        db.schema.createTable('story_items')
          .$call((t: Table) => (kit.kind === 'sqlite'
            ? t.addColumn('seq', 'integer', (c) => c.primaryKey())
            : t.addColumn('seq', 'bigint', (c) => c.generatedByDefaultAsIdentity().primaryKey())))
          .addColumn('item_key', 'text', (c) => c.notNull().unique())
          .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
          .addColumn('at', big, (c) => c.notNull()).addColumn('title', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull()).addColumn('language', 'text'),
        db.schema.createIndex('story_items_story').on('story_items').column('story_id'),
        db.schema.createIndex('story_items_at').on('story_items').column('at'),
        db.schema.createTable('story_follows').addColumn('chat_id', big, (c) => c.notNull())
          .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
          .addColumn('created_at', big, (c) => c.notNull()).addPrimaryKeyConstraint('story_follows_pkey', ['chat_id', 'story_id']),
        db.schema.createIndex('story_follows_story').on('story_follows').column('story_id'),
        db.schema.createTable('story_digests').addColumn('chat_id', big, (c) => c.notNull())
          .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
          .addColumn('ref', 'text', (c) => c.notNull()).addColumn('headline', 'text', (c) => c.notNull()).addColumn('url', 'text')
          .addColumn('message_id', big).addColumn('digest', 'text').addColumn('sent_at', big, (c) => c.notNull())
          .addPrimaryKeyConstraint('story_digests_pkey', ['chat_id', 'story_id', 'ref']),
      ];
    },
  },
  {
    version: 6,
    name: 'reminders',
    // Next-step reminders (issue 13): candidates behind the Remind-me button's short key, the reminders
    // chats set, and the outbox's new 'reminder' kind. SQLite cannot alter a CHECK, so deliveries is rebuilt.
    up: (kit) => {
      const { db, big } = kit;
      const kinds = sql`kind IN ('story', 'slot', 'preview', 'reminder')`;
      const deliveryColumns = ['id', 'chat_id', 'kind', 'ref', 'story_ids', 'status', 'attempts', 'created_at', 'sent_at', 'claimed_by', 'claim_until'];
      const kindCheck: Compilable[] = kit.kind === 'postgres'
        ? [
            db.schema.alterTable('deliveries').dropConstraint('deliveries_kind_check').ifExists(),
            db.schema.alterTable('deliveries').addCheckConstraint('deliveries_kind_check', kinds),
          ]
        : [
            db.schema.createTable('deliveries_v6').$call(withId(kit)).addColumn('chat_id', big, (c) => c.notNull())
              .addColumn('kind', 'text', (c) => c.notNull().check(kinds))
              .addColumn('ref', 'text', (c) => c.notNull()).addColumn('story_ids', 'text', (c) => c.notNull())
              .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status IN ('pending', 'sent', 'failed')`))
              .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
              .addColumn('created_at', big, (c) => c.notNull()).addColumn('sent_at', big)
              .addColumn('claimed_by', 'text').addColumn('claim_until', big)
              .addUniqueConstraint('deliveries_chat_id_kind_ref_key', ['chat_id', 'kind', 'ref']),
            db.insertInto('deliveries_v6').columns(deliveryColumns).expression(db.selectFrom('deliveries').select(deliveryColumns)),
            db.schema.dropTable('deliveries'),
            db.schema.alterTable('deliveries_v6').renameTo('deliveries'),
            db.schema.createIndex('deliveries_pending').on('deliveries').columns(['status', 'created_at']),
            db.schema.createIndex('deliveries_pending_chat').on('deliveries').columns(['chat_id', 'id']).where(sql.ref('status'), '=', 'pending'),
          ];
      return [
        ...kindCheck,
        db.schema.createTable('reminder_candidates').addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('candidate', 'text', (c) => c.notNull()).addColumn('created_at', big, (c) => c.notNull()),
        db.schema.createTable('reminders').$call(withId(kit)).addColumn('chat_id', big, (c) => c.notNull())
          .addColumn('candidate_key', 'text', (c) => c.notNull()).addColumn('due_date', 'text', (c) => c.notNull())
          .addColumn('candidate', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status IN ('pending', 'queued', 'missed')`))
          .addColumn('created_at', big, (c) => c.notNull())
          .addUniqueConstraint('reminders_chat_id_candidate_key_key', ['chat_id', 'candidate_key']),
        db.schema.createIndex('reminders_due').on('reminders').columns(['status', 'due_date']),
        // A Remind-me button finds the story of the article it was pressed under by the article's URL.
        db.schema.createIndex('feed_items_url').on('feed_items').column('url'),
      ];
    },
  },
];

/** The version table every Kabar database has had since its first start. */
export const createVersionTable = ({ db, big }: Pick<SchemaKit, 'db' | 'big'>) =>
  db.schema.createTable('schema_migrations').ifNotExists().addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull()).addColumn('applied_at', big, (c) => c.notNull());

/** Refuses a database written by a newer Kabar; `setting` names where the operator points elsewhere. */
export function checkVersion(current: number, setting: 'DATABASE_PATH' | 'DATABASE_URL'): number {
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > known) {
    throw new AppError(
      'CONFIG_INVALID',
      `The database is at schema version ${current}, newer than this version of Kabar knows (${known}). Upgrade Kabar or use another ${setting}.`,
    );
  }
  return current;
}
