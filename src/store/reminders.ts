import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ReminderCandidate, ReminderRecord, ReminderRepository } from '../subscriptions/reminders.js';
import { parseJson } from './rows.js';
import { changed, type Database, type Sql } from './schema.js';

type ReminderRow = Selectable<Database['reminders']>;

/** A candidate (a button) and a reminder done with are kept this long: past any "next July" a page can name. */
const KEEP_MS = 400 * 24 * 3_600_000;
/** Old rows are deleted at most this often (on a save). */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** 12 base64url characters of the candidate's hash: `rem:` + key stays far below 64 bytes. */
function candidateKey(candidate: ReminderCandidate): string {
  const { since: _since, ...content } = candidate;
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 12);
}

/** A stored candidate; undefined when damaged (then the button answers "expired"). */
function parseCandidate(text: string): ReminderCandidate | undefined {
  const value = parseJson(text) as Partial<ReminderCandidate> | null;
  if (!value || typeof value.step !== 'string' || typeof value.evidence !== 'string' || typeof value.due?.date !== 'string') return undefined;
  return value as ReminderCandidate;
}

function toReminder(row: ReminderRow): ReminderRecord | undefined {
  const candidate = parseCandidate(row.candidate);
  if (!candidate) return undefined;
  return { id: row.id, chatId: row.chat_id, candidateKey: row.candidate_key, candidate, status: row.status, createdAt: row.created_at };
}

const records = (rows: ReminderRow[]) => rows.map(toReminder).filter((r): r is ReminderRecord => r !== undefined);

/**
 * Group → supergroup: the chat's reminders move with their ids, so a reminder already in the outbox (ref =
 * its id, moved with the chat's deliveries) still renders; one the target chat also has stays the target's.
 */
export async function moveReminders(trx: Kysely<Database>, from: number, to: number): Promise<void> {
  await trx.deleteFrom('reminders').where('chat_id', '=', from)
    .where('candidate_key', 'in', trx.selectFrom('reminders as t').select('t.candidate_key').where('t.chat_id', '=', to)).execute();
  await trx.updateTable('reminders').set({ chat_id: to }).where('chat_id', '=', from).execute();
}

/** {@link ReminderRepository} on either database (schema v6). */
export function createReminderRepository({ db }: Sql): ReminderRepository {
  const reminders = () => db.selectFrom('reminders').selectAll();
  let lastPrune = Number.NEGATIVE_INFINITY;
  /** Candidates and sent or missed reminders outlive any date a news item names; a failed clean-up only leaves rows. */
  const prune = async (now: number) => {
    if (now - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now;
    await db.deleteFrom('reminder_candidates').where('created_at', '<', now - KEEP_MS).execute().catch(() => undefined);
    await db.deleteFrom('reminders').where('status', '<>', 'pending').where('created_at', '<', now - KEEP_MS).execute().catch(() => undefined);
  };
  return {
    async saveCandidate(candidate, now) {
      const key = candidateKey(candidate);
      await db.insertInto('reminder_candidates').values({ key, candidate: JSON.stringify(candidate), created_at: now }).onConflict((oc) => oc.doNothing()).execute();
      await prune(now);
      return key;
    },
    async getCandidate(key) {
      const row = await db.selectFrom('reminder_candidates').select('candidate').where('key', '=', key).executeTakeFirst();
      return row ? parseCandidate(row.candidate) : undefined;
    },
    async add(chatId, key, candidate, now, cap) {
      return db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('reminders').selectAll().where('chat_id', '=', chatId).where('candidate_key', '=', key).executeTakeFirst();
        if (existing?.status === 'pending') return { outcome: 'exists' as const, ...(toReminder(existing) ? { reminder: toReminder(existing) } : {}) };
        const { n } = await trx.selectFrom('reminders').select((eb) => eb.fn.countAll().as('n'))
          .where('chat_id', '=', chatId).where('status', '=', 'pending').executeTakeFirstOrThrow();
        if (Number(n) >= cap) return { outcome: 'cap' as const };
        // A reminder already sent or missed for the same step is set again as a new one.
        if (existing) await trx.deleteFrom('reminders').where('id', '=', existing.id).execute();
        const row = await trx.insertInto('reminders')
          .values({ chat_id: chatId, candidate_key: key, due_date: candidate.due.date, candidate: JSON.stringify(candidate), created_at: now })
          .returningAll().executeTakeFirstOrThrow();
        const reminder = toReminder(row);
        return { outcome: 'added' as const, ...(reminder ? { reminder } : {}) };
      });
    },
    async pendingOf(chatId) {
      return records(await reminders().where('chat_id', '=', chatId).where('status', '=', 'pending').orderBy('due_date').orderBy('id').execute());
    },
    async remove(chatId, id) {
      const result = await db.deleteFrom('reminders').where('id', '=', id).where('chat_id', '=', chatId).where('status', '=', 'pending').executeTakeFirst();
      return changed(result) === 1;
    },
    async pendingDueBy(date, limit) {
      return records(await reminders().where('status', '=', 'pending').where('due_date', '<=', date).orderBy('due_date').orderBy('id').limit(limit).execute());
    },
    async setStatus(id, status) {
      const result = await db.updateTable('reminders').set({ status }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      return changed(result) === 1;
    },
    async get(id) {
      const row = await reminders().where('id', '=', id).executeTakeFirst();
      return row ? toReminder(row) : undefined;
    },
    async storyOfUrl(url) {
      const row = await db.selectFrom('feed_items').select('story_id').where('url', '=', url).orderBy('id').limit(1).executeTakeFirst();
      return row?.story_id ?? null;
    },
  };
}
