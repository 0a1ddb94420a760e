import type Database from 'better-sqlite3';
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

type Db = Database.Database;

/** Options for {@link createSqliteSubscriptionRepository}. */
export interface SqliteSubscriptionOptions {
  /** Time zone of a chat that never ran /timezone (DEFAULT_TIMEZONE). */
  defaultTimeZone: string;
  /** Clock for bookkeeping timestamps (feed created_at). */
  now?: () => number;
}

/**
 * SQLite implementation of {@link SubscriptionRepository} on an already-migrated database (schema v2).
 * Statements are synchronous; the async signatures keep the interface open to other databases.
 */
export function createSqliteSubscriptionRepository(db: Db, options: SqliteSubscriptionOptions): Omit<SubscriptionRepository, SubscriptionClaimMethods> {
  const { defaultTimeZone } = options;
  const clock = options.now ?? Date.now;

  const defaults = (chatId: number) => defaultDeliverySettings(chatId, defaultTimeZone);


  const stmt = {
    insertFeed: db.prepare(
      `INSERT INTO feeds (url, title, language, next_poll_at, created_at) VALUES (@url, @title, @language, @nextPollAt, @now)
       ON CONFLICT (url) DO UPDATE SET title = COALESCE(excluded.title, feeds.title), language = COALESCE(excluded.language, feeds.language)`,
    ),
    feedByUrl: db.prepare('SELECT * FROM feeds WHERE url = ?'),
    feedById: db.prepare('SELECT * FROM feeds WHERE id = ?'),
    dueFeeds: db.prepare(
      `SELECT f.* FROM feeds f
       WHERE f.next_poll_at <= ? AND f.disabled_at IS NULL
         AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)
       ORDER BY f.next_poll_at, f.id LIMIT ?`,
    ),
    subscribe: db.prepare('INSERT OR IGNORE INTO subscriptions (chat_id, feed_id, created_at) VALUES (?, ?, ?)'),
    unsubscribe: db.prepare('DELETE FROM subscriptions WHERE chat_id = ? AND feed_id = ?'),
    unsubscribeAll: db.prepare('DELETE FROM subscriptions WHERE chat_id = ?'),
    feedsOf: db.prepare(
      'SELECT f.* FROM feeds f JOIN subscriptions s ON s.feed_id = f.id WHERE s.chat_id = ? ORDER BY s.created_at, f.id',
    ),
    subscribersOf: db.prepare('SELECT chat_id FROM subscriptions WHERE feed_id = ? ORDER BY chat_id'),
    addTopic: db.prepare('INSERT OR IGNORE INTO topics (chat_id, key, label, created_at) VALUES (?, ?, ?, ?)'),
    removeTopic: db.prepare('DELETE FROM topics WHERE chat_id = ? AND id = ?'),
    topicsOf: db.prepare('SELECT id, chat_id, label FROM topics WHERE chat_id = ? ORDER BY created_at, id'),
    topicOnlyChats: db.prepare(
      `SELECT DISTINCT t.chat_id FROM topics t
       WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.chat_id = t.chat_id) ORDER BY t.chat_id`,
    ),
    getSettings: db.prepare('SELECT * FROM delivery_settings WHERE chat_id = ?'),
    upsertSettings: db.prepare(
      `INSERT INTO delivery_settings (chat_id, schedule, time_zone, quiet, paused, blocked, last_slot_check_at, language)
       VALUES (@chatId, @schedule, @timeZone, @quiet, @paused, @blocked, @lastSlotCheckAt, @language)
       ON CONFLICT (chat_id) DO UPDATE SET schedule = excluded.schedule, time_zone = excluded.time_zone, quiet = excluded.quiet,
         paused = excluded.paused, blocked = excluded.blocked, last_slot_check_at = excluded.last_slot_check_at, language = excluded.language`,
    ),
    scheduledChats: db.prepare(
      `SELECT d.* FROM delivery_settings d
       WHERE json_extract(d.schedule, '$.mode') = 'slots'
         AND (EXISTS (SELECT 1 FROM subscriptions s WHERE s.chat_id = d.chat_id) OR EXISTS (SELECT 1 FROM topics t WHERE t.chat_id = d.chat_id))
       ORDER BY d.chat_id`,
    ),
    insertItem: db.prepare(
      `INSERT OR IGNORE INTO feed_items (feed_id, identity, url, title, summary, published_at, language, story_id, first_seen_at, routed)
       VALUES (@feedId, @identity, @url, @title, @summary, @publishedAt, @language, @storyId, @firstSeenAt, @routed)`,
    ),
    unroutedItems: db.prepare('SELECT * FROM feed_items WHERE routed = 0 ORDER BY id LIMIT ?'),
    markRouted: db.prepare('UPDATE feed_items SET routed = 1 WHERE id = ?'),
    itemById: db.prepare('SELECT * FROM feed_items WHERE id = ?'),
    itemByIdentity: db.prepare('SELECT * FROM feed_items WHERE feed_id = ? AND identity = ?'),
    itemsOfStory: db.prepare('SELECT * FROM feed_items WHERE story_id = ? ORDER BY first_seen_at, id'),
    queueForSlot: db.prepare('INSERT OR IGNORE INTO slot_queue (chat_id, story_id, queued_at) VALUES (?, ?, ?)'),
    slotQueue: db.prepare('SELECT story_id FROM slot_queue WHERE chat_id = ? ORDER BY queued_at, rowid'),
    clearSlotQueue: db.prepare('DELETE FROM slot_queue WHERE chat_id = ?'),
    createDelivery: db.prepare(
      `INSERT OR IGNORE INTO deliveries (chat_id, kind, ref, story_ids, status, attempts, created_at)
       VALUES (@chatId, @kind, @ref, @storyIds, 'pending', 0, @now)`,
    ),
    deliveryById: db.prepare('SELECT * FROM deliveries WHERE id = ?'),
    pendingDeliveries: db.prepare("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY created_at, id LIMIT ?"),
    markDelivery: db.prepare('UPDATE deliveries SET status = ?, sent_at = ? WHERE id = ?'),
    bumpAttempts: db.prepare('UPDATE deliveries SET attempts = attempts + 1 WHERE id = ?'),
    // Group → supergroup: INSERT OR IGNORE keeps the target's rows where both chats have one.
    moveSubscriptions: db.prepare(
      'INSERT OR IGNORE INTO subscriptions (chat_id, feed_id, created_at) SELECT @to, feed_id, created_at FROM subscriptions WHERE chat_id = @from',
    ),
    dropSubscriptions: db.prepare('DELETE FROM subscriptions WHERE chat_id = ?'),
    moveTopics: db.prepare(
      'INSERT OR IGNORE INTO topics (chat_id, key, label, created_at) SELECT @to, key, label, created_at FROM topics WHERE chat_id = @from',
    ),
    dropTopics: db.prepare('DELETE FROM topics WHERE chat_id = ?'),
    moveSettings: db.prepare(
      `INSERT OR IGNORE INTO delivery_settings (chat_id, schedule, time_zone, quiet, paused, blocked, last_slot_check_at, language)
       SELECT @to, schedule, time_zone, quiet, paused, blocked, last_slot_check_at, language FROM delivery_settings WHERE chat_id = @from`,
    ),
    dropSettings: db.prepare('DELETE FROM delivery_settings WHERE chat_id = ?'),
    moveSlotQueue: db.prepare(
      'INSERT OR IGNORE INTO slot_queue (chat_id, story_id, queued_at) SELECT @to, story_id, queued_at FROM slot_queue WHERE chat_id = @from ORDER BY queued_at, rowid',
    ),
    dropSlotQueue: db.prepare('DELETE FROM slot_queue WHERE chat_id = ?'),
    // Sent deliveries move too, so the new id is not sent a story the old group already had.
    moveDeliveries: db.prepare(
      `INSERT OR IGNORE INTO deliveries (chat_id, kind, ref, story_ids, status, attempts, created_at, sent_at)
       SELECT @to, kind, ref, story_ids, status, attempts, created_at, sent_at FROM deliveries WHERE chat_id = @from ORDER BY id`,
    ),
    dropDeliveries: db.prepare('DELETE FROM deliveries WHERE chat_id = ?'),
  };

  const getFeedSync = (id: number) => {
    const row = stmt.feedById.get(id) as FeedRow | undefined;
    return row ? toFeed(row) : undefined;
  };
  const getSettingsSync = (chatId: number) => {
    const row = stmt.getSettings.get(chatId) as SettingsRow | undefined;
    return row ? toDeliverySettings(row) : defaults(chatId);
  };

  const upsertFeedTx = db.transaction((url: string, meta: { title: string | null; language: string | null }, nextPollAt: number) => {
    stmt.insertFeed.run({ url, title: meta.title, language: meta.language, nextPollAt, now: clock() });
    return toFeed(stmt.feedByUrl.get(url) as FeedRow);
  });

  const updateSettingsTx = db.transaction((chatId: number, update: Partial<Omit<DeliverySettings, 'chatId'>>) => {
    const next: DeliverySettings = { ...getSettingsSync(chatId), ...update, chatId };
    stmt.upsertSettings.run({
      chatId,
      schedule: JSON.stringify(next.schedule satisfies Schedule),
      timeZone: next.timeZone,
      quiet: next.quiet === null ? null : JSON.stringify(next.quiet satisfies QuietHours),
      paused: next.paused ? 1 : 0,
      blocked: next.blocked ? 1 : 0,
      lastSlotCheckAt: next.lastSlotCheckAt,
      language: next.language satisfies Language | null,
    });
  });

  const addItemsTx = db.transaction((feedId: number, items: Omit<FeedItemRecord, 'id' | 'feedId'>[], routed: boolean) => {
    const added: FeedItemRecord[] = [];
    for (const item of items) {
      const result = stmt.insertItem.run({ feedId, ...item, routed: routed ? 1 : 0 });
      if (result.changes === 1) added.push(toItem(stmt.itemById.get(result.lastInsertRowid) as ItemRow));
    }
    return added;
  });

  const markRoutedTx = db.transaction((itemIds: number[]) => {
    for (const id of itemIds) stmt.markRouted.run(id);
  });

  const takeSlotQueueTx = db.transaction((chatId: number) => {
    const ids = (stmt.slotQueue.all(chatId) as { story_id: string }[]).map((row) => row.story_id);
    stmt.clearSlotQueue.run(chatId);
    return ids;
  });

  const migrateChatTx = db.transaction((from: number, to: number) => {
    const params = { from, to };
    stmt.moveSubscriptions.run(params);
    stmt.dropSubscriptions.run(from);
    stmt.moveTopics.run(params);
    stmt.dropTopics.run(from);
    stmt.moveSettings.run(params);
    stmt.dropSettings.run(from);
    stmt.moveSlotQueue.run(params);
    stmt.dropSlotQueue.run(from);
    stmt.moveDeliveries.run(params);
    stmt.dropDeliveries.run(from);
  });

  return {
    async upsertFeed(url, meta, nextPollAt) {
      return upsertFeedTx(url, meta, nextPollAt);
    },
    async getFeed(feedId) {
      return getFeedSync(feedId);
    },
    async dueFeeds(now, limit) {
      return (stmt.dueFeeds.all(now, limit) as FeedRow[]).map(toFeed);
    },
    async updateFeedPoll(feedId, update) {
      const sets: string[] = [];
      const values: Record<string, unknown> = { id: feedId };
      for (const [key, value] of Object.entries(update)) {
        const column = FEED_COLUMNS[key];
        if (!column || value === undefined) continue;
        sets.push(`${column} = @${key}`);
        values[key] = value;
      }
      if (sets.length === 0) return;
      db.prepare(`UPDATE feeds SET ${sets.join(', ')} WHERE id = @id`).run(values);
    },

    async subscribe(chatId, feedId, now) {
      return stmt.subscribe.run(chatId, feedId, now).changes === 1;
    },
    async unsubscribe(chatId, feedId) {
      return stmt.unsubscribe.run(chatId, feedId).changes === 1;
    },
    async unsubscribeAll(chatId) {
      return stmt.unsubscribeAll.run(chatId).changes;
    },
    async feedsOf(chatId) {
      return (stmt.feedsOf.all(chatId) as FeedRow[]).map(toFeed);
    },
    async subscribersOf(feedId) {
      return (stmt.subscribersOf.all(feedId) as { chat_id: number }[]).map((row) => row.chat_id);
    },

    async addTopic(chatId, label, now) {
      // The normalized key makes "Menlu  sugiono" and "Menlu Sugiono" one topic; parseTopic also
      // rejects what the command layer should already have refused.
      const topic = parseTopic(label);
      return stmt.addTopic.run(chatId, topic.key, topic.label, now).changes === 1;
    },
    async removeTopic(chatId, topicId) {
      return stmt.removeTopic.run(chatId, topicId).changes === 1;
    },
    async topicsOf(chatId) {
      return (stmt.topicsOf.all(chatId) as { id: number; chat_id: number; label: string }[]).map(
        (row): TopicRecord => ({ id: row.id, chatId: row.chat_id, label: row.label }),
      );
    },
    async topicOnlyChats() {
      return (stmt.topicOnlyChats.all() as { chat_id: number }[]).map((row) => row.chat_id);
    },

    async getDeliverySettings(chatId) {
      return getSettingsSync(chatId);
    },
    async updateDeliverySettings(chatId, update) {
      updateSettingsTx(chatId, update);
    },
    async scheduledChats() {
      return (stmt.scheduledChats.all() as SettingsRow[]).map(toDeliverySettings);
    },

    async addItems(feedId, items, options = {}) {
      return addItemsTx(feedId, items, options.routed === true);
    },
    async unroutedItems(limit) {
      return (stmt.unroutedItems.all(limit) as ItemRow[]).map(toItem);
    },
    async markItemsRouted(itemIds) {
      markRoutedTx(itemIds);
    },
    async itemsOfStory(storyId) {
      return (stmt.itemsOfStory.all(storyId) as ItemRow[]).map(toItem);
    },
    async getItem(feedId, identity) {
      const row = stmt.itemByIdentity.get(feedId, identity) as ItemRow | undefined;
      return row ? toItem(row) : undefined;
    },
    async queueForSlot(chatId, storyId, now) {
      stmt.queueForSlot.run(chatId, storyId, now);
    },
    async takeSlotQueue(chatId) {
      return takeSlotQueueTx(chatId);
    },

    async createDelivery(delivery, now) {
      const result = stmt.createDelivery.run({
        chatId: delivery.chatId,
        kind: delivery.kind,
        ref: delivery.ref,
        storyIds: JSON.stringify(delivery.storyIds),
        now,
      });
      if (result.changes !== 1) return undefined;
      return toDelivery(stmt.deliveryById.get(result.lastInsertRowid) as DeliveryRow);
    },
    async pendingDeliveries(limit) {
      return (stmt.pendingDeliveries.all(limit) as DeliveryRow[]).map(toDelivery);
    },
    async markDelivery(id, status, now) {
      stmt.markDelivery.run(status, status === 'sent' ? now : null, id);
    },
    async bumpDeliveryAttempts(id) {
      stmt.bumpAttempts.run(id);
    },

    async migrateChat(fromChatId, toChatId) {
      if (fromChatId === toChatId) return;
      migrateChatTx(fromChatId, toChatId);
    },
  };
}
