import { type Kysely, sql as raw } from 'kysely';
import type { SubscriptionClaimMethods, SubscriptionRepository } from '../subscriptions/repositories.js';
import type { Store } from './repositories.js';
import { toDelivery, toJob } from './rows.js';
import { changed, type Database, DELIVERY_CLAIM_LOCK, JOB_CLAIM_LOCK, type Sql } from './schema.js';

/** Expired lease rows older than this are deleted by a later acquire (an expired row is free anyway). */
const LEASE_PRUNE_AGE_MS = 60 * 60 * 1000;
/** At most one prune per instance per minute: leases are acquired per digest, pruning need not be. */
const LEASE_PRUNE_EVERY_MS = 60 * 1000;


/** `column` starts with `prefix`: substr, not LIKE, because an INSTANCE_ID may contain "_", a LIKE wildcard. */
const startsWith = (column: string, prefix: string) => raw<boolean>`substr(${raw.ref(column)}, 1, length(${prefix})) = ${prefix}`;

/** What several instances need to share one database: the claim methods are mixed into the subscription repository. */
type Coordination = Pick<Store, 'leases' | 'jobs' | 'claims'> & { subscriptionClaims: Pick<SubscriptionRepository, SubscriptionClaimMethods> };

/** Leases, claims and the shared digest queue on either database (schema v4). */
export function createCoordination(sql: Sql): Coordination {
  const { db } = sql;
  const pg = sql.kind === 'postgres';

  /**
   * Pending deliveries `owner` may take: chats where no pending delivery is under another owner's live
   * claim. Ordering by (created_at, id) across chats means a chat cut at the limit keeps its oldest rows,
   * and the claimed rows keep the rest of that chat away from others until the claim lapses.
   * On PostgreSQL, SKIP LOCKED passes over rows another statement (markDelivery…) is updating right now.
   */
  const claimableDeliveries = (trx: Kysely<Database>, owner: string, now: number, limit: number, chatId: number | undefined) =>
    trx.selectFrom('deliveries as d').select('d.id').where('d.status', '=', 'pending')
      .$if(chatId !== undefined, (qb) => qb.where('d.chat_id', '=', chatId as number)).where(({ not, exists, selectFrom }) => not(exists(
        selectFrom('deliveries as o').select('o.id').whereRef('o.chat_id', '=', 'd.chat_id').where('o.status', '=', 'pending')
          .where('o.claimed_by', '<>', owner).where('o.claim_until', '>=', now),
      ))).orderBy('d.created_at').orderBy('d.id').limit(limit).$if(pg, (qb) => qb.forUpdate('d').skipLocked());

  // The head of each chat (lowest update_id), only when no job of that chat is under a live claim:
  // one job per chat at a time, in update order, whoever holds it.
  const claimableJobs = (trx: Kysely<Database>, now: number, limit: number) =>
    trx.selectFrom('digest_jobs as j').select('j.id').where('j.update_id', '=', (eb) =>
        eb.selectFrom('digest_jobs as x').select((x) => x.fn.min('x.update_id').as('m')).whereRef('x.chat_id', '=', 'j.chat_id'))
      .where(({ not, exists, selectFrom }) => not(exists(
        selectFrom('digest_jobs as o').select('o.id').whereRef('o.chat_id', '=', 'j.chat_id').where('o.claim_until', '>=', now),
      ))).orderBy('j.id').limit(limit).$if(pg, (qb) => qb.forUpdate('j').skipLocked());

  let lastPruneAt = Number.NEGATIVE_INFINITY;
  const releaseJobs = (trx: Kysely<Database>, owner: string) =>
    trx.updateTable('digest_jobs').set({ claimed_by: null, claim_until: null }).where('claimed_by', '=', owner).executeTakeFirst();
  const releaseDeliveries = (trx: Kysely<Database>, owner: string) =>
    trx.updateTable('deliveries').set({ claimed_by: null, claim_until: null })
      .where('status', '=', 'pending').where('claimed_by', '=', owner).executeTakeFirst();
  const count = async (table: 'digest_jobs' | 'deliveries') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'))
      .$if(table === 'deliveries', (qb) => qb.where('status' as never, '=', 'pending' as never)).executeTakeFirstOrThrow()).n);

  return {
    leases: {
      async acquire(name, owner, now, ttlMs) {
        if (now - lastPruneAt >= LEASE_PRUNE_EVERY_MS) {
          lastPruneAt = now;
          await db.deleteFrom('leases').where('expires_at', '<', now - LEASE_PRUNE_AGE_MS).execute();
        }
        const result = await db.insertInto('leases').values({ name, owner, expires_at: now + ttlMs }).onConflict((oc) => oc.column('name')
            .doUpdateSet({ owner: (eb) => eb.ref('excluded.owner'), expires_at: (eb) => eb.ref('excluded.expires_at') })
            .where((eb) => eb.or([eb('leases.expires_at', '<', now), eb('leases.owner', '=', eb.ref('excluded.owner'))]))).executeTakeFirst();
        return changed(result) === 1;
      },
      async release(name, owner) {
        await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
      },
    },
    jobs: {
      async add(job, now) {
        const result = await db.insertInto('digest_jobs').values({ chat_id: job.chatId, update_id: job.updateId, payload: job.payload, created_at: now })
          .onConflict((oc) => oc.column('update_id').doNothing()).executeTakeFirst();
        return changed(result) === 1;
      },
      async claim(owner, now, leaseMs, limit) {
        if (limit <= 0) return [];
        const rows = await sql.claiming(JOB_CLAIM_LOCK, (trx) =>
          trx.updateTable('digest_jobs').set((eb) => ({ claimed_by: owner, claim_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
            .where('id', 'in', claimableJobs(trx, now, limit)).returningAll().execute(),
        );
        return rows.sort((a, b) => a.id - b.id).map(toJob);
      },
      async renew(owner, now, leaseMs) {
        await db.updateTable('digest_jobs').set({ claim_until: now + leaseMs }).where('claimed_by', '=', owner).where('claim_until', '>=', now).execute();
      },
      async setPlaceholder(id, messageId) {
        await db.updateTable('digest_jobs').set({ placeholder_message_id: messageId }).where('id', '=', id).execute();
      },
      async finish(id) {
        await db.deleteFrom('digest_jobs').where('id', '=', id).execute();
      },
      async release(owner) {
        await releaseJobs(db, owner);
      },
      countPending: () => count('digest_jobs'),
    },
    claims: {
      async owners(prefix) {
        const rows = await db.selectFrom('digest_jobs').select('claimed_by as owner').where(startsWith('claimed_by', prefix))
          .union(db.selectFrom('leases').select('owner').where(startsWith('owner', prefix)))
          .union(db.selectFrom('feeds').select('lease_owner as owner').where(startsWith('lease_owner', prefix)))
          .union(db.selectFrom('deliveries').select('claimed_by as owner').where('status', '=', 'pending').where(startsWith('claimed_by', prefix)))
          .execute();
        return rows.map((row) => row.owner).filter((owner): owner is string => owner !== null);
      },
      async releaseAll(owner) {
        // One transaction: a crash halfway must not leave an owner half released.
        return sql.claiming(JOB_CLAIM_LOCK, async (trx) => {
          const results = [
            await releaseJobs(trx, owner),
            await trx.deleteFrom('leases').where('owner', '=', owner).executeTakeFirst(),
            await trx.updateTable('feeds').set({ lease_owner: null, lease_until: null }).where('lease_owner', '=', owner).executeTakeFirst(),
            await releaseDeliveries(trx, owner),
          ];
          return results.reduce((sum, result) => sum + changed(result), 0);
        });
      },
    },
    subscriptionClaims: {
      async claimFeed(feedId, owner, now, leaseMs) {
        const result = await db.updateTable('feeds').set({ lease_owner: owner, lease_until: now + leaseMs }).where('id', '=', feedId)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now), eb('lease_owner', '=', owner)])).executeTakeFirst();
        return changed(result) === 1;
      },
      async releaseFeed(feedId, owner) {
        await db.updateTable('feeds').set({ lease_owner: null, lease_until: null }).where('id', '=', feedId).where('lease_owner', '=', owner).execute();
      },
      async claimDeliveries(owner, now, leaseMs, limit, chatId) {
        if (limit <= 0) return [];
        const rows = await sql.claiming(DELIVERY_CLAIM_LOCK, (trx) =>
          trx.updateTable('deliveries').set({ claimed_by: owner, claim_until: now + leaseMs })
            .where('id', 'in', claimableDeliveries(trx, owner, now, limit, chatId)).returningAll().execute(),
        );
        return rows.sort((a, b) => a.created_at - b.created_at || a.id - b.id).map(toDelivery);
      },
      async renewDeliveryClaims(owner, now, leaseMs) {
        await db.updateTable('deliveries').set({ claim_until: now + leaseMs })
          .where('status', '=', 'pending').where('claimed_by', '=', owner).where('claim_until', '>=', now).execute();
      },
      async releaseDeliveryClaims(owner) {
        await releaseDeliveries(db, owner);
      },
      countPendingDeliveries: () => count('deliveries'),
    },
  };
}
