import type pg from 'pg';
import type { Language } from '../digest/schema.js';
import type { QuietHours, Schedule } from '../subscriptions/schedule.js';
import { parseTopic } from '../subscriptions/topics.js';
import type {
  DeliverySettings,
  FeedItemRecord,
  SubscriptionClaimMethods,
  SubscriptionRepository,
  TopicRecord,
} from '../subscriptions/repositories.js';
import {
  defaultDeliverySettings,
  type DeliveryRow,
  FEED_COLUMNS,
  type FeedRow,
  type ItemRow,
  type SettingsRow,
  toDeliverySettings,
  toDelivery,
  toFeed,
  toItem,
} from './rows.js';

/** Options for {@link createPgSubscriptionRepository}. */
export interface PgSubscriptionOptions {
  /** Time zone of a chat that never ran /timezone (DEFAULT_TIMEZONE). */
  defaultTimeZone: string;
  /** Clock for bookkeeping timestamps (feed created_at). */
  now?: () => number;
}

/**
 * Runs `work` on one pooled client inside BEGIN/COMMIT, rolling back on any error. The client is
 * always released; one whose ROLLBACK failed (a broken connection) is destroyed, not reused.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

const SQL = {
  upsertFeed: `INSERT INTO feeds (url, title, language, next_poll_at, created_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (url) DO UPDATE SET title = COALESCE(EXCLUDED.title, feeds.title), language = COALESCE(EXCLUDED.language, feeds.language)
    RETURNING *`,
  dueFeeds: `SELECT f.* FROM feeds f
    WHERE f.next_poll_at <= $1 AND f.disabled_at IS NULL
      AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)
    ORDER BY f.next_poll_at, f.id LIMIT $2`,
  feedsOf: 'SELECT f.* FROM feeds f JOIN subscriptions s ON s.feed_id = f.id WHERE s.chat_id = $1 ORDER BY s.created_at, f.id',
  topicOnlyChats: `SELECT DISTINCT t.chat_id FROM topics t
    WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.chat_id = t.chat_id) ORDER BY t.chat_id`,
  // The row is created first so SELECT … FOR UPDATE always has something to lock: two instances
  // updating different fields of one chat at once then both land (no lost update).
  ensureSettings: 'INSERT INTO delivery_settings (chat_id, time_zone) VALUES ($1, $2) ON CONFLICT (chat_id) DO NOTHING',
  lockSettings: 'SELECT * FROM delivery_settings WHERE chat_id = $1 FOR UPDATE',
  writeSettings: `UPDATE delivery_settings SET schedule = $2, time_zone = $3, quiet = $4, paused = $5, blocked = $6,
    last_slot_check_at = $7, language = $8 WHERE chat_id = $1`,
  scheduledChats: `SELECT d.* FROM delivery_settings d
    WHERE d.schedule::jsonb->>'mode' = 'slots'
      AND (EXISTS (SELECT 1 FROM subscriptions s WHERE s.chat_id = d.chat_id) OR EXISTS (SELECT 1 FROM topics t WHERE t.chat_id = d.chat_id))
    ORDER BY d.chat_id`,
  insertItem: `INSERT INTO feed_items (feed_id, identity, url, title, summary, published_at, language, story_id, first_seen_at, routed)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (feed_id, identity) DO NOTHING RETURNING *`,
  // One statement: two instances taking the same chat's queue at once each get a disjoint part.
  takeSlotQueue: `WITH taken AS (DELETE FROM slot_queue WHERE chat_id = $1 RETURNING story_id, queued_at, seq)
    SELECT story_id FROM taken ORDER BY queued_at, seq`,
  createDelivery: `INSERT INTO deliveries (chat_id, kind, ref, story_ids, status, attempts, created_at)
    VALUES ($1, $2, $3, $4, 'pending', 0, $5) ON CONFLICT (chat_id, kind, ref) DO NOTHING RETURNING *`,
  // Group → supergroup: ON CONFLICT DO NOTHING keeps the target's rows where both chats have one.
  moveSubscriptions:
    'INSERT INTO subscriptions (chat_id, feed_id, created_at) SELECT $2, feed_id, created_at FROM subscriptions WHERE chat_id = $1 ON CONFLICT DO NOTHING',
  moveTopics:
    'INSERT INTO topics (chat_id, key, label, created_at) SELECT $2, key, label, created_at FROM topics WHERE chat_id = $1 ORDER BY id ON CONFLICT DO NOTHING',
  moveSettings: `INSERT INTO delivery_settings (chat_id, schedule, time_zone, quiet, paused, blocked, last_slot_check_at, language)
    SELECT $2, schedule, time_zone, quiet, paused, blocked, last_slot_check_at, language FROM delivery_settings WHERE chat_id = $1
    ON CONFLICT DO NOTHING`,
  // Ordered so the new seq values keep the queue's order.
  moveSlotQueue:
    'INSERT INTO slot_queue (chat_id, story_id, queued_at) SELECT $2, story_id, queued_at FROM slot_queue WHERE chat_id = $1 ORDER BY queued_at, seq ON CONFLICT DO NOTHING',
  // Sent deliveries move too, so the new id is not sent a story the old group already had.
  moveDeliveries: `INSERT INTO deliveries (chat_id, kind, ref, story_ids, status, attempts, created_at, sent_at)
    SELECT $2, kind, ref, story_ids, status, attempts, created_at, sent_at FROM deliveries WHERE chat_id = $1 ORDER BY id
    ON CONFLICT DO NOTHING`,
} as const;

/** Tables a group → supergroup migration moves, in the order SQLite moves them. */
const CHAT_TABLES = [
  ['subscriptions', SQL.moveSubscriptions],
  ['topics', SQL.moveTopics],
  ['delivery_settings', SQL.moveSettings],
  ['slot_queue', SQL.moveSlotQueue],
  ['deliveries', SQL.moveDeliveries],
] as const;

/**
 * PostgreSQL implementation of {@link SubscriptionRepository} (without the claim methods, which
 * pg-coordination.ts provides) on an already-migrated schema. Same behaviour as the SQLite one;
 * multi-statement methods run in one transaction on one pooled client.
 */
export function createPgSubscriptionRepository(pool: pg.Pool, options: PgSubscriptionOptions): Omit<SubscriptionRepository, SubscriptionClaimMethods> {
  const { defaultTimeZone } = options;
  const clock = options.now ?? Date.now;

  const defaults = (chatId: number) => defaultDeliverySettings(chatId, defaultTimeZone);


  const rows = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> =>
    (await pool.query<R>(text, values)).rows;
  const changes = async (text: string, values: unknown[]): Promise<number> => (await pool.query(text, values)).rowCount ?? 0;

  return {
    async upsertFeed(url, meta, nextPollAt) {
      const [row] = await rows<FeedRow>(SQL.upsertFeed, [url, meta.title, meta.language, nextPollAt, clock()]);
      return toFeed(row as FeedRow);
    },
    async getFeed(feedId) {
      const [row] = await rows<FeedRow>('SELECT * FROM feeds WHERE id = $1', [feedId]);
      return row ? toFeed(row) : undefined;
    },
    async dueFeeds(now, limit) {
      return (await rows<FeedRow>(SQL.dueFeeds, [now, limit])).map(toFeed);
    },
    async updateFeedPoll(feedId, update) {
      const sets: string[] = [];
      const values: unknown[] = [feedId];
      for (const [key, value] of Object.entries(update)) {
        const column = FEED_COLUMNS[key];
        if (!column || value === undefined) continue;
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      }
      if (sets.length === 0) return;
      await pool.query(`UPDATE feeds SET ${sets.join(', ')} WHERE id = $1`, values);
    },

    async subscribe(chatId, feedId, now) {
      return (await changes('INSERT INTO subscriptions (chat_id, feed_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [chatId, feedId, now])) === 1;
    },
    async unsubscribe(chatId, feedId) {
      return (await changes('DELETE FROM subscriptions WHERE chat_id = $1 AND feed_id = $2', [chatId, feedId])) === 1;
    },
    async unsubscribeAll(chatId) {
      return changes('DELETE FROM subscriptions WHERE chat_id = $1', [chatId]);
    },
    async feedsOf(chatId) {
      return (await rows<FeedRow>(SQL.feedsOf, [chatId])).map(toFeed);
    },
    async subscribersOf(feedId) {
      return (await rows<{ chat_id: number }>('SELECT chat_id FROM subscriptions WHERE feed_id = $1 ORDER BY chat_id', [feedId])).map((row) => row.chat_id);
    },

    async addTopic(chatId, label, now) {
      // The normalized key makes "Menlu  sugiono" and "Menlu Sugiono" one topic; parseTopic also
      // rejects what the command layer should already have refused.
      const topic = parseTopic(label);
      const added = await changes('INSERT INTO topics (chat_id, key, label, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
        chatId,
        topic.key,
        topic.label,
        now,
      ]);
      return added === 1;
    },
    async removeTopic(chatId, topicId) {
      return (await changes('DELETE FROM topics WHERE chat_id = $1 AND id = $2', [chatId, topicId])) === 1;
    },
    async topicsOf(chatId) {
      const found = await rows<{ id: number; chat_id: number; label: string }>(
        'SELECT id, chat_id, label FROM topics WHERE chat_id = $1 ORDER BY created_at, id',
        [chatId],
      );
      return found.map((row): TopicRecord => ({ id: row.id, chatId: row.chat_id, label: row.label }));
    },
    async topicOnlyChats() {
      return (await rows<{ chat_id: number }>(SQL.topicOnlyChats)).map((row) => row.chat_id);
    },

    async getDeliverySettings(chatId) {
      const [row] = await rows<SettingsRow>('SELECT * FROM delivery_settings WHERE chat_id = $1', [chatId]);
      return row ? toDeliverySettings(row) : defaults(chatId);
    },
    async updateDeliverySettings(chatId, update) {
      await withTransaction(pool, async (client) => {
        await client.query(SQL.ensureSettings, [chatId, defaultTimeZone]);
        const [row] = (await client.query<SettingsRow>(SQL.lockSettings, [chatId])).rows;
        const next: DeliverySettings = { ...(row ? toDeliverySettings(row) : defaults(chatId)), ...update, chatId };
        await client.query(SQL.writeSettings, [
          chatId,
          JSON.stringify(next.schedule satisfies Schedule),
          next.timeZone,
          next.quiet === null ? null : JSON.stringify(next.quiet satisfies QuietHours),
          next.paused ? 1 : 0,
          next.blocked ? 1 : 0,
          next.lastSlotCheckAt,
          next.language satisfies Language | null,
        ]);
      });
    },
    async scheduledChats() {
      return (await rows<SettingsRow>(SQL.scheduledChats)).map(toDeliverySettings);
    },

    async addItems(feedId, items, addOptions = {}) {
      const routed = addOptions.routed === true ? 1 : 0;
      return withTransaction(pool, async (client) => {
        const added: FeedItemRecord[] = [];
        for (const item of items) {
          const result = await client.query<ItemRow>(SQL.insertItem, [
            feedId,
            item.identity,
            item.url,
            item.title,
            item.summary,
            item.publishedAt,
            item.language,
            item.storyId,
            item.firstSeenAt,
            routed,
          ]);
          const [row] = result.rows;
          if (row) added.push(toItem(row));
        }
        return added;
      });
    },
    async unroutedItems(limit) {
      return (await rows<ItemRow>('SELECT * FROM feed_items WHERE routed = 0 ORDER BY id LIMIT $1', [limit])).map(toItem);
    },
    async markItemsRouted(itemIds) {
      if (itemIds.length === 0) return;
      await pool.query('UPDATE feed_items SET routed = 1 WHERE id = ANY($1::bigint[])', [itemIds]);
    },
    async itemsOfStory(storyId) {
      return (await rows<ItemRow>('SELECT * FROM feed_items WHERE story_id = $1 ORDER BY first_seen_at, id', [storyId])).map(toItem);
    },
    async getItem(feedId, identity) {
      const [row] = await rows<ItemRow>('SELECT * FROM feed_items WHERE feed_id = $1 AND identity = $2', [feedId, identity]);
      return row ? toItem(row) : undefined;
    },
    async queueForSlot(chatId, storyId, now) {
      await pool.query('INSERT INTO slot_queue (chat_id, story_id, queued_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [chatId, storyId, now]);
    },
    async takeSlotQueue(chatId) {
      return (await rows<{ story_id: string }>(SQL.takeSlotQueue, [chatId])).map((row) => row.story_id);
    },

    async createDelivery(delivery, now) {
      const [row] = await rows<DeliveryRow>(SQL.createDelivery, [
        delivery.chatId,
        delivery.kind,
        delivery.ref,
        JSON.stringify(delivery.storyIds),
        now,
      ]);
      return row ? toDelivery(row) : undefined;
    },
    async pendingDeliveries(limit) {
      return (await rows<DeliveryRow>("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY created_at, id LIMIT $1", [limit])).map(toDelivery);
    },
    async markDelivery(id, status, now) {
      await pool.query('UPDATE deliveries SET status = $1, sent_at = $2 WHERE id = $3', [status, status === 'sent' ? now : null, id]);
    },
    async bumpDeliveryAttempts(id) {
      await pool.query('UPDATE deliveries SET attempts = attempts + 1 WHERE id = $1', [id]);
    },

    async migrateChat(fromChatId, toChatId) {
      if (fromChatId === toChatId) return;
      await withTransaction(pool, async (client) => {
        for (const [table, move] of CHAT_TABLES) {
          await client.query(move, [fromChatId, toChatId]);
          await client.query(`DELETE FROM ${table} WHERE chat_id = $1`, [fromChatId]);
        }
      });
    },
  };
}
