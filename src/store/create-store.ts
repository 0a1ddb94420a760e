import { DEFAULT_DIGEST_TTL_MS, type DigestCache } from '../digest/digest-service.js';
import { createCoordination } from './coordination.js';
import { requestKey } from '../digest/request-key.js';
import { FALLBACK_TIME_ZONE } from '../subscriptions/schedule.js';
import type { Store } from './repositories.js';
import { createReminderRepository } from './reminders.js';
import { parseStoredDigest, parseStoredInput, toChatSettings } from './rows.js';
import type { Sql } from './schema.js';
import { createStoryRepository } from './stories.js';
import { createSubscriptionRepository, moveChatRows } from './subscriptions.js';

/** Quota rows older than this can never matter for an hourly window. */
const QUOTA_RETENTION_MS = 2 * 60 * 60 * 1000;
/** Expired digests are deleted at most this often (on a write), so the table stays about one TTL of digests. */
const DIGEST_PRUNE_EVERY_MS = 10 * 60 * 1000;

/** Options every store takes. */
export interface StoreOptions {
  now?: () => number;
  /** DEFAULT_TIMEZONE: the time zone of a chat's delivery settings until it runs /timezone. */
  defaultTimeZone?: string;
  /** DIGEST_CACHE_TTL_HOURS in ms: an older cached digest is not served. Default one day. */
  digestTtlMs?: number;
}

/** The digest cache (table digest_cache), shared by every instance on the database: an entry older than the TTL is a miss and is pruned later. */
function createDigestCache({ db }: Sql, now: () => number, ttlMs = DEFAULT_DIGEST_TTL_MS): DigestCache {
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    async get(key) {
      const row = await db.selectFrom('digest_cache').select('digest').where('key', '=', key).where('created_at', '>', now() - ttlMs).executeTakeFirst();
      return row ? parseStoredDigest(row.digest) : undefined;
    },
    async set(key, digest) {
      const at = now();
      await db.insertInto('digest_cache').values({ key, digest: JSON.stringify(digest), created_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ digest: (eb) => eb.ref('excluded.digest'), created_at: (eb) => eb.ref('excluded.created_at') }))
        .execute();
      if (at - lastPrune < DIGEST_PRUNE_EVERY_MS) return;
      lastPrune = at;
      // A failed clean-up only leaves expired rows that reads already ignore.
      await db.deleteFrom('digest_cache').where('created_at', '<=', at - ttlMs).execute().catch(() => undefined);
    },
  };
}

/** Every repository of {@link Store} on one open, migrated database; `close` ends it (once). */
export function createStore(sql: Sql, options: StoreOptions, close: () => Promise<void>): Store {
  const { db } = sql;
  const now = options.now ?? Date.now;
  const coordination = createCoordination(sql);
  const upsertSettings = (chatId: number, values: { language: string | null } | { auto_summary: number }) =>
    db.insertInto('chat_settings').values({ chat_id: chatId, language: null, updated_at: now(), ...values })
      .onConflict((oc) => oc.column('chat_id').doUpdateSet({ ...values, updated_at: (eb) => eb.ref('excluded.updated_at') })).execute();

  return {
    kind: sql.kind,
    subscriptions: {
      ...createSubscriptionRepository(sql, { defaultTimeZone: options.defaultTimeZone ?? FALLBACK_TIME_ZONE, now }),
      ...coordination.subscriptionClaims,
    },
    leases: coordination.leases,
    jobs: coordination.jobs,
    claims: coordination.claims,
    stories: createStoryRepository(sql),
    reminders: createReminderRepository(sql),
    chatSettings: {
      async get(chatId) {
        const row = await db.selectFrom('chat_settings').select(['language', 'auto_summary']).where('chat_id', '=', chatId).executeTakeFirst();
        return toChatSettings(chatId, row);
      },
      async setLanguage(chatId, language) {
        await upsertSettings(chatId, { language });
      },
      async setAutoSummary(chatId, enabled) {
        await upsertSettings(chatId, { auto_summary: enabled ? 1 : 0 });
      },
      async migrateChat(fromChatId, toChatId) {
        // The target's own settings win where both chats have some.
        if (fromChatId !== toChatId) await db.transaction().execute((trx) => moveChatRows(trx, sql, fromChatId, toChatId, ['chat_settings']));
      },
    },
    digestCache: createDigestCache(sql, now, options.digestTtlMs),
    digestRequests: {
      async save(input) {
        const key = requestKey(input);
        await db.insertInto('digest_requests').values({ key, input: JSON.stringify(input), created_at: now() }).onConflict((oc) => oc.doNothing()).execute();
        return key;
      },
      async get(key) {
        const row = await db.selectFrom('digest_requests').select('input').where('key', '=', key).executeTakeFirst();
        return row ? parseStoredInput(row.input) : undefined;
      },
    },
    quota: {
      async countSince(userId, sinceMs) {
        const row = await db.selectFrom('quota_events').select((eb) => eb.fn.countAll().as('n'))
          .where('user_id', '=', userId).where('at_ms', '>=', sinceMs).executeTakeFirstOrThrow();
        return Number(row.n);
      },
      async record(userId, atMs) {
        await db.insertInto('quota_events').values({ user_id: userId, at_ms: atMs }).execute();
        await db.deleteFrom('quota_events').where('at_ms', '<', atMs - QUOTA_RETENTION_MS).execute();
      },
    },
    close,
  };
}
