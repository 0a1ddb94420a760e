import type { Kysely, Selectable } from 'kysely';
import { StoredDigestSchema } from '../digest/schema.js';
import type { DeliveredStoryDigest, StoryAssignment, StoryEntities, StoryRecord, StoryRepository } from '../subscriptions/story-repository.js';
import { type Database, type Sql, STORY_ASSIGN_LOCK } from './schema.js';

type StoryRow = Selectable<Database['stories']>;
type DigestRow = Selectable<Database['story_digests']>;

const NO_ENTITIES: StoryEntities = { people: [], countries: [], organisations: [] };
const ID_CHUNK = 500;

function parseEntities(text: string): StoryEntities {
  try {
    const value = JSON.parse(text) as Partial<StoryEntities>;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return { people: list(value.people), countries: list(value.countries), organisations: list(value.organisations) };
  } catch {
    return NO_ENTITIES;
  }
}

const toStory = (row: StoryRow): StoryRecord => ({
  id: row.id, headline: row.headline, firstAt: row.first_at, lastAt: row.last_at, expiresAt: row.expires_at, entities: parseEntities(row.entities),
});

function toDigest(row: DigestRow): DeliveredStoryDigest {
  let digest = null;
  if (row.digest !== null) {
    // A stored digest an older version wrote and this one cannot read only loses its diff.
    try {
      const parsed = StoredDigestSchema.safeParse(JSON.parse(row.digest));
      digest = parsed.success ? parsed.data : null;
    } catch {
      digest = null;
    }
  }
  return { chatId: row.chat_id, storyId: row.story_id, ref: row.ref, headline: row.headline, url: row.url, messageId: row.message_id, digest, sentAt: row.sent_at };
}

/** Adds names not yet listed (case-insensitive): the story's entities grow with each digest delivered. */
function merge(known: readonly string[], added: readonly string[]): string[] {
  const out = [...known];
  const seen = new Set(known.map((x) => x.toLowerCase()));
  for (const name of added) {
    const key = name.trim().toLowerCase();
    if (key && !seen.has(key)) {
      seen.add(key);
      out.push(name.trim());
    }
  }
  return out;
}

function assignmentOn(db: Kysely<Database>): StoryAssignment {
  return {
    async itemsSince(afterSeq, minAt) {
      const rows = await db.selectFrom('story_items').selectAll().where('seq', '>', afterSeq).where('at', '>=', minAt).orderBy('seq').execute();
      return rows.map((r) => ({ seq: r.seq, itemKey: r.item_key, storyId: r.story_id, at: r.at, title: r.title, summary: r.summary, language: r.language }));
    },
    async storiesOf(itemKeys) {
      const found = new Map<string, string>();
      for (let i = 0; i < itemKeys.length; i += ID_CHUNK) {
        const chunk = itemKeys.slice(i, i + ID_CHUNK);
        const rows = await db.selectFrom('story_items').select(['item_key', 'story_id']).where('item_key', 'in', chunk).execute();
        for (const row of rows) found.set(row.item_key, row.story_id);
      }
      return found;
    },
    async add(items, expiresAfterMs) {
      for (const item of items) {
        await db.insertInto('stories')
          .values({ id: item.storyId, headline: item.title, first_at: item.at, last_at: item.at, expires_at: item.at + expiresAfterMs })
          .onConflict((oc) => oc.column('id').doNothing()).execute();
        // Portable min/max: read then write, safe under the assignment lock.
        const story = await db.selectFrom('stories').select(['first_at', 'last_at']).where('id', '=', item.storyId).executeTakeFirstOrThrow();
        const lastAt = Math.max(story.last_at, item.at);
        await db.updateTable('stories').set({ first_at: Math.min(story.first_at, item.at), last_at: lastAt, expires_at: lastAt + expiresAfterMs })
          .where('id', '=', item.storyId).execute();
        await db.insertInto('story_items')
          .values({ item_key: item.itemKey, story_id: item.storyId, at: item.at, title: item.title, summary: item.summary, language: item.language })
          .onConflict((oc) => oc.column('item_key').doNothing()).execute();
      }
    },
  };
}

/** {@link StoryRepository} on either database. */
export function createStoryRepository(sql: Sql): StoryRepository {
  const { db } = sql;
  return {
    assigning: (work) => sql.claiming(STORY_ASSIGN_LOCK, (trx) => work(assignmentOn(trx))),

    async getStory(storyId, now) {
      const row = await db.selectFrom('stories').selectAll().where('id', '=', storyId).where('expires_at', '>', now).executeTakeFirst();
      return row ? toStory(row) : undefined;
    },
    async storyOfItem(itemKey) {
      const row = await db.selectFrom('story_items').select('story_id').where('item_key', '=', itemKey).executeTakeFirst();
      return row?.story_id;
    },

    async follow(chatId, storyId, now, cap) {
      return db.transaction().execute(async (trx) => {
        const exists = await trx.selectFrom('story_follows').select('chat_id').where('chat_id', '=', chatId).where('story_id', '=', storyId).executeTakeFirst();
        if (exists) return 'already' as const;
        const count = await trx.selectFrom('story_follows as f').innerJoin('stories as s', 's.id', 'f.story_id')
          .select((eb) => eb.fn.countAll().as('n')).where('f.chat_id', '=', chatId).where('s.expires_at', '>', now).executeTakeFirstOrThrow();
        if (Number(count.n) >= cap) return 'cap' as const;
        await trx.insertInto('story_follows').values({ chat_id: chatId, story_id: storyId, created_at: now }).onConflict((oc) => oc.doNothing()).execute();
        return 'followed' as const;
      });
    },
    async unfollow(chatId, storyId) {
      const result = await db.deleteFrom('story_follows').where('chat_id', '=', chatId).where('story_id', '=', storyId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async followedBy(chatId, now) {
      const rows = await db.selectFrom('story_follows as f').innerJoin('stories as s', 's.id', 'f.story_id').selectAll('s')
        .where('f.chat_id', '=', chatId).where('s.expires_at', '>', now).orderBy('s.last_at', 'desc').orderBy('s.id').execute();
      return rows.map(toStory);
    },
    async followersOf(storyIds) {
      const out = new Map<string, number[]>();
      for (let i = 0; i < storyIds.length; i += ID_CHUNK) {
        const rows = await db.selectFrom('story_follows').select(['story_id', 'chat_id'])
          .where('story_id', 'in', storyIds.slice(i, i + ID_CHUNK)).orderBy('chat_id').execute();
        for (const row of rows) out.set(row.story_id, [...(out.get(row.story_id) ?? []), row.chat_id]);
      }
      return out;
    },

    async recordDigest(entry) {
      await db.transaction().execute(async (trx) => {
        const story = await trx.selectFrom('stories').select('entities').where('id', '=', entry.storyId).executeTakeFirst();
        // A story unknown to the table (expired meanwhile) keeps no record: there is nothing to follow up.
        if (!story) return;
        await trx.insertInto('story_digests').values({
          chat_id: entry.chatId, story_id: entry.storyId, ref: entry.ref, headline: entry.headline, url: entry.url,
          message_id: entry.messageId, digest: entry.digest ? JSON.stringify(entry.digest) : null, sent_at: entry.sentAt,
        }).onConflict((oc) => oc.columns(['chat_id', 'story_id', 'ref']).doNothing()).execute();
        if (!entry.digest) return;
        const known = parseEntities(story.entities);
        // `country` is the country or organisation a person represents: the ones that are not states are organisations.
        const states = new Set(entry.digest.countries.map((c) => c.toLowerCase()));
        const organisations = entry.digest.who.map((p) => p.country ?? '').filter((name) => name && !states.has(name.toLowerCase()));
        const entities: StoryEntities = {
          people: merge(known.people, entry.digest.who.map((p) => p.name)),
          countries: merge(known.countries, entry.digest.countries),
          organisations: merge(known.organisations, organisations),
        };
        await trx.updateTable('stories').set({ entities: JSON.stringify(entities) }).where('id', '=', entry.storyId).execute();
      });
    },
    async digestsOf(chatId, storyId) {
      const rows = await db.selectFrom('story_digests').selectAll().where('chat_id', '=', chatId).where('story_id', '=', storyId)
        .orderBy('sent_at').orderBy('ref').execute();
      return rows.map(toDigest);
    },
    async received(chatId, storyId) {
      const row = await db.selectFrom('story_digests').select('ref').where('chat_id', '=', chatId).where('story_id', '=', storyId).executeTakeFirst();
      return row !== undefined;
    },

    async expire(now) {
      return db.transaction().execute(async (trx) => {
        const ids = (await trx.selectFrom('stories').select('id').where('expires_at', '<=', now).execute()).map((r) => r.id);
        for (let i = 0; i < ids.length; i += ID_CHUNK) {
          const chunk = ids.slice(i, i + ID_CHUNK);
          // Children first: SQLite enforces the foreign keys only when the pragma is on.
          for (const table of ['story_follows', 'story_digests', 'story_items'] as const) await trx.deleteFrom(table).where('story_id', 'in', chunk).execute();
          await trx.deleteFrom('stories').where('id', 'in', chunk).execute();
        }
        return ids.length;
      });
    },
  };
}
