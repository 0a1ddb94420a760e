import { type Kysely, sql as raw } from 'kysely';
import { parseTopic } from '../subscriptions/topics.js';
import type { SubscriptionClaimMethods, SubscriptionRepository } from '../subscriptions/repositories.js';
import { defaultDeliverySettings, FEED_COLUMNS, SETTINGS_COLUMNS, type SettingsRow, toDeliverySettings, toDelivery, toFeed, toItem, toSettingsRow } from './rows.js';
import { changed, type Database, prepared, type Sql } from './schema.js';
import { moveReminders } from './reminders.js';

/** Options for {@link createSubscriptionRepository}. */
export interface SubscriptionOptions {
  /** Time zone of a chat that never ran /timezone (DEFAULT_TIMEZONE). */
  defaultTimeZone: string;
  /** Clock for bookkeeping timestamps (feed created_at). */
  now: () => number;
}

/** At most this many ids in one `IN (…)`: far below both databases' parameter limits. */
const ID_CHUNK = 500;

/** Tables a group → supergroup migration moves, their columns besides chat_id, and the order to keep. */
const CHAT_TABLES = [
  ['chat_settings', ['language', 'auto_summary', 'updated_at'], null],
  ['subscriptions', ['feed_id', 'created_at'], null],
  ['topics', ['key', 'label', 'created_at'], 'id'],
  ['delivery_settings', ['schedule', 'time_zone', 'quiet', 'paused', 'blocked', 'last_slot_check_at', 'language'], null],
  ['slot_queue', ['story_id', 'queued_at'], 'slot'],
  // Sent deliveries move too, so the new id is not sent a story the old group already had.
  ['deliveries', ['kind', 'ref', 'story_ids', 'status', 'attempts', 'created_at', 'sent_at'], 'id'],
  // Followed stories and the digests the group had of them: its follow-ups go on in the supergroup.
  ['story_follows', ['story_id', 'created_at'], null],
  ['story_digests', ['story_id', 'ref', 'headline', 'url', 'message_id', 'digest', 'sent_at'], null],
] as const;

/**
 * {@link SubscriptionRepository} (without the claim methods, coordination.ts) on either database.
 * Multi-statement methods run in one transaction.
 */
export function createSubscriptionRepository(sql: Sql, options: SubscriptionOptions): Omit<SubscriptionRepository, SubscriptionClaimMethods> {
  const { db } = sql;
  const { defaultTimeZone, now: clock } = options;
  const defaults = (chatId: number) => defaultDeliverySettings(chatId, defaultTimeZone);
  const feeds = () => db.selectFrom('feeds').selectAll('feeds');
  const items = () => db.selectFrom('feed_items').selectAll();
  // The queries routing runs for every chat of a new item, compiled once.
  const q = {
    feed: prepared(db, (id: number) => feeds().where('id', '=', id)),
    subscribe: prepared(db, (chat_id: number, feed_id: number, created_at: number) =>
      db.insertInto('subscriptions').values({ chat_id, feed_id, created_at }).onConflict((oc) => oc.doNothing())),
    subscribers: prepared(db, (feedId: number) => db.selectFrom('subscriptions').select('chat_id').where('feed_id', '=', feedId).orderBy('chat_id')),
    topics: prepared(db, (chatId: number) =>
      db.selectFrom('topics').select(['id', 'chat_id', 'label']).where('chat_id', '=', chatId).orderBy('created_at').orderBy('id')),
    settings: prepared(db, (chatId: number) => db.selectFrom('delivery_settings').selectAll().where('chat_id', '=', chatId)),
    createDelivery: prepared(db, (chat_id: number, kind: Database['deliveries']['kind'], ref: string, story_ids: string, created_at: number) =>
      db.insertInto('deliveries').values({ chat_id, kind, ref, story_ids, created_at }).onConflict((oc) => oc.doNothing()).returningAll()),
    markDelivery: prepared(db, (status: 'sent' | 'failed', sentAt: number | null, id: number) =>
      db.updateTable('deliveries').set({ status, sent_at: sentAt }).where('id', '=', id)),
  };
  const hasSubscription = (chat: 'f.id' | 'chat') => raw<boolean>`EXISTS (SELECT 1 FROM subscriptions s WHERE ${chat === 'f.id' ? raw`s.feed_id = f.id` : raw`s.chat_id = d.chat_id`})`;

  return {
    async upsertFeed(url, meta, nextPollAt) {
      const row = await db.insertInto('feeds')
        .values({ url, title: meta.title, language: meta.language, next_poll_at: nextPollAt, created_at: clock() }).onConflict((oc) =>
          oc.column('url').doUpdateSet((eb) => ({
            title: eb.fn.coalesce('excluded.title', 'feeds.title'),
            language: eb.fn.coalesce('excluded.language', 'feeds.language'),
          })),
        ).returningAll().executeTakeFirstOrThrow();
      return toFeed(row);
    },
    async getFeed(feedId) {
      const [row] = (await q.feed(feedId)).rows;
      return row ? toFeed(row) : undefined;
    },
    async dueFeeds(now, limit) {
      const rows = await db.selectFrom('feeds as f').selectAll('f')
        .where('f.next_poll_at', '<=', now).where('f.disabled_at', 'is', null).where(hasSubscription('f.id'))
        .orderBy('f.next_poll_at').orderBy('f.id').limit(limit).execute();
      return rows.map(toFeed);
    },
    async updateFeedPoll(feedId, update) {
      const values: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(update)) {
        const column = FEED_COLUMNS[key];
        if (column && value !== undefined) values[column] = value;
      }
      if (Object.keys(values).length === 0) return;
      await db.updateTable('feeds').set(values).where('id', '=', feedId).execute();
    },

    async subscribe(chatId, feedId, now) {
      return changed(await q.subscribe(chatId, feedId, now)) === 1;
    },
    async unsubscribe(chatId, feedId) {
      return changed(await db.deleteFrom('subscriptions').where('chat_id', '=', chatId).where('feed_id', '=', feedId).executeTakeFirst()) === 1;
    },
    async unsubscribeAll(chatId) {
      return changed(await db.deleteFrom('subscriptions').where('chat_id', '=', chatId).executeTakeFirst());
    },
    async feedsOf(chatId) {
      const rows = await feeds().innerJoin('subscriptions as s', 's.feed_id', 'feeds.id')
        .where('s.chat_id', '=', chatId).orderBy('s.created_at').orderBy('feeds.id').execute();
      return rows.map(toFeed);
    },
    async subscribersOf(feedId) {
      return (await q.subscribers(feedId)).rows.map((row) => row.chat_id);
    },

    async addTopic(chatId, label, now) {
      // The normalized key makes "Menlu  sugiono" and "Menlu Sugiono" one topic; parseTopic also
      // rejects what the command layer should already have refused.
      const topic = parseTopic(label);
      const result = await db.insertInto('topics').values({ chat_id: chatId, key: topic.key, label: topic.label, created_at: now })
        .onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return changed(result) === 1;
    },
    async removeTopic(chatId, topicId) {
      return changed(await db.deleteFrom('topics').where('chat_id', '=', chatId).where('id', '=', topicId).executeTakeFirst()) === 1;
    },
    async topicsOf(chatId) {
      return (await q.topics(chatId)).rows.map((row) => ({ id: row.id, chatId: row.chat_id, label: row.label }));
    },
    async topicOnlyChats() {
      const rows = await db.selectFrom('topics as t').select('t.chat_id').distinct()
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('subscriptions as s').select('s.chat_id').whereRef('s.chat_id', '=', 't.chat_id'))))
        .orderBy('t.chat_id').execute();
      return rows.map((row) => row.chat_id);
    },

    async getDeliverySettings(chatId) {
      const [row] = (await q.settings(chatId)).rows;
      return row ? toDeliverySettings(row) : defaults(chatId);
    },
    async updateDeliverySettings(chatId, update) {
      // One upsert that sets only the updated columns: two instances changing different fields of one
      // chat at once both land, with no read-modify-write to lock.
      const row = toSettingsRow({ ...defaults(chatId), ...update, chatId });
      const columns = Object.keys(update).map((key) => SETTINGS_COLUMNS[key as keyof typeof SETTINGS_COLUMNS]).filter((c) => c !== undefined);
      await db.insertInto('delivery_settings').values(row)
        .onConflict((oc) => columns.length === 0 ? oc.doNothing() : oc.column('chat_id').doUpdateSet(
          Object.fromEntries(columns.map((column) => [column, raw.ref(`excluded.${column}`)])),
        )).execute();
    },
    async scheduledChats() {
      // The mode is read from the parsed JSON (no dialect's JSON operators); LIKE only narrows the scan.
      const rows: SettingsRow[] = await db.selectFrom('delivery_settings as d').selectAll('d').where('d.schedule', 'like', '%slots%')
        .where((eb) => eb.or([hasSubscription('chat'), eb.exists(eb.selectFrom('topics as t').select('t.id').whereRef('t.chat_id', '=', 'd.chat_id'))]))
        .orderBy('d.chat_id').execute();
      return rows.map(toDeliverySettings).filter((settings) => settings.schedule.mode === 'slots');
    },

    async addItems(feedId, newItems, addOptions = {}) {
      const routed = addOptions.routed === true ? 1 : 0;
      return db.transaction().execute(async (trx) => {
        const added = [];
        for (const item of newItems) {
          const row = await trx.insertInto('feed_items').values({
              feed_id: feedId, identity: item.identity, url: item.url, title: item.title, summary: item.summary,
              published_at: item.publishedAt, language: item.language, story_id: item.storyId, first_seen_at: item.firstSeenAt, routed,
            }).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
          if (row) added.push(toItem(row));
        }
        return added;
      });
    },
    async unroutedItems(limit) {
      return (await items().where('routed', '=', 0).orderBy('id').limit(limit).execute()).map(toItem);
    },
    async markItemsRouted(itemIds) {
      for (let i = 0; i < itemIds.length; i += ID_CHUNK) {
        await db.updateTable('feed_items').set({ routed: 1 }).where('id', 'in', itemIds.slice(i, i + ID_CHUNK)).execute();
      }
    },
    async itemsOfStory(storyId) {
      return (await items().where('story_id', '=', storyId).orderBy('first_seen_at').orderBy('id').execute()).map(toItem);
    },
    async getItem(feedId, identity) {
      const row = await items().where('feed_id', '=', feedId).where('identity', '=', identity).executeTakeFirst();
      return row ? toItem(row) : undefined;
    },
    async queueForSlot(chatId, storyId, now) {
      await db.insertInto('slot_queue').values({ chat_id: chatId, story_id: storyId, queued_at: now }).onConflict((oc) => oc.doNothing()).execute();
    },
    async takeSlotQueue(chatId) {
      // One statement: two instances taking the same chat's queue at once each get a disjoint part.
      const rows = await db.deleteFrom('slot_queue').where('chat_id', '=', chatId)
        .returning(['story_id', 'queued_at', sql.slotOrder.as('seq')]).execute();
      return rows.sort((a, b) => a.queued_at - b.queued_at || Number(a.seq) - Number(b.seq)).map((row) => row.story_id);
    },

    async createDelivery(delivery, now) {
      const [row] = (await q.createDelivery(delivery.chatId, delivery.kind, delivery.ref, JSON.stringify(delivery.storyIds), now)).rows;
      return row ? toDelivery(row) : undefined;
    },
    async pendingDeliveries(limit) {
      const rows = await db.selectFrom('deliveries').selectAll().where('status', '=', 'pending').orderBy('created_at').orderBy('id').limit(limit).execute();
      return rows.map(toDelivery);
    },
    async markDelivery(id, status, now) {
      await q.markDelivery(status, status === 'sent' ? now : null, id);
    },
    async bumpDeliveryAttempts(id) {
      await db.updateTable('deliveries').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
    },

    async migrateChat(fromChatId, toChatId) {
      if (fromChatId === toChatId) return;
      await db.transaction().execute(async (trx) => {
        await moveChatRows(trx, sql, fromChatId, toChatId, SUBSCRIPTION_TABLES);
        await moveReminders(trx, fromChatId, toChatId);
      });
    },
  };
}

type ChatTable = (typeof CHAT_TABLES)[number][0];
const SUBSCRIPTION_TABLES: ChatTable[] = ['subscriptions', 'topics', 'delivery_settings', 'slot_queue', 'deliveries', 'story_follows', 'story_digests'];

/** Group → supergroup: moves `tables`' rows of a chat; ON CONFLICT DO NOTHING keeps the target's rows where both chats have one. */
export async function moveChatRows(trx: Kysely<Database>, sql: Sql, from: number, to: number, tables: ChatTable[]): Promise<void> {
  for (const [table, columns, order] of CHAT_TABLES.filter(([name]) => tables.includes(name))) {
    const source = trx.selectFrom(table).select([raw<number>`${to}`.as('chat_id'), ...columns.map((column) => raw.ref(column).as(column))])
      .where('chat_id', '=', from).$if(order === 'id', (qb) => qb.orderBy(raw.ref('id')))
      .$if(order === 'slot', (qb) => qb.orderBy(raw.ref('queued_at')).orderBy(sql.slotOrder));
    await trx.insertInto(table).columns(['chat_id', ...columns] as never).expression(source as never).onConflict((oc) => oc.doNothing()).execute();
    await trx.deleteFrom(table).where('chat_id', '=', from).execute();
  }
}
