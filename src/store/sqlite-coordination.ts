import type Database from 'better-sqlite3';
import type { CoordinationRepositories } from './repositories.js';
import { type DeliveryRow, type JobRow, toDelivery, toJob } from './rows.js';

/** Expired lease rows older than this are deleted by a later acquire (an expired row is free anyway). */
const LEASE_PRUNE_AGE_MS = 60 * 60 * 1000;
/** At most one prune per instance per minute: leases are acquired per digest, pruning need not be. */
const LEASE_PRUNE_EVERY_MS = 60 * 1000;

const byCreatedThenId = (a: DeliveryRow, b: DeliveryRow) => a.created_at - b.created_at || a.id - b.id;

/**
 * Pending deliveries `owner` may take: chats where no pending delivery is under another owner's live
 * claim. Ordering by (created_at, id) across chats means a chat cut at the limit keeps its oldest rows,
 * and the claimed rows keep the rest of that chat away from others until the claim lapses.
 */
const claimableDeliveries = (chatFilter: string) => `
  SELECT d.id FROM deliveries d
  WHERE d.status = 'pending' ${chatFilter}
    AND NOT EXISTS (
      SELECT 1 FROM deliveries o
      WHERE o.chat_id = d.chat_id AND o.status = 'pending'
        AND o.claimed_by <> @owner AND o.claim_until >= @now
    )
  ORDER BY d.created_at, d.id LIMIT @limit`;

/** Leases, claims and the shared digest queue on SQLite (schema v4). */
export function createSqliteCoordination(db: Database.Database): CoordinationRepositories {
  const stmt = {
    acquireLease: db.prepare(
      `INSERT INTO leases (name, owner, expires_at) VALUES (@name, @owner, @until)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.expires_at < @now OR leases.owner = excluded.owner`,
    ),
    releaseLease: db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?'),
    pruneLeases: db.prepare('DELETE FROM leases WHERE expires_at < ?'),

    claimFeed: db.prepare(
      `UPDATE feeds SET lease_owner = @owner, lease_until = @until
       WHERE id = @feedId AND (lease_until IS NULL OR lease_until < @now OR lease_owner = @owner)`,
    ),
    releaseFeed: db.prepare('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?'),

    claimDeliveries: db.prepare(
      `UPDATE deliveries SET claimed_by = @owner, claim_until = @until
       WHERE id IN (${claimableDeliveries('')}) RETURNING *`,
    ),
    claimChatDeliveries: db.prepare(
      `UPDATE deliveries SET claimed_by = @owner, claim_until = @until
       WHERE id IN (${claimableDeliveries('AND d.chat_id = @chatId')}) RETURNING *`,
    ),
    renewDeliveries: db.prepare(
      `UPDATE deliveries SET claim_until = @until
       WHERE status = 'pending' AND claimed_by = @owner AND claim_until >= @now`,
    ),
    releaseDeliveries: db.prepare(
      "UPDATE deliveries SET claimed_by = NULL, claim_until = NULL WHERE status = 'pending' AND claimed_by = ?",
    ),
    countPendingDeliveries: db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE status = 'pending'"),

    addJob: db.prepare(
      `INSERT INTO digest_jobs (chat_id, update_id, payload, attempts, created_at) VALUES (?, ?, ?, 0, ?)
       ON CONFLICT (update_id) DO NOTHING`,
    ),
    // The head of each chat (lowest update_id), only when no job of that chat is under a live claim:
    // one job per chat at a time, in update order, whoever holds it.
    claimJobs: db.prepare(
      `UPDATE digest_jobs SET claimed_by = @owner, claim_until = @until, attempts = attempts + 1
       WHERE id IN (
         SELECT j.id FROM digest_jobs j
         WHERE j.update_id = (SELECT MIN(x.update_id) FROM digest_jobs x WHERE x.chat_id = j.chat_id)
           AND NOT EXISTS (SELECT 1 FROM digest_jobs o WHERE o.chat_id = j.chat_id AND o.claim_until >= @now)
         ORDER BY j.id LIMIT @limit
       ) RETURNING *`,
    ),
    renewJobs: db.prepare('UPDATE digest_jobs SET claim_until = @until WHERE claimed_by = @owner AND claim_until >= @now'),
    setPlaceholder: db.prepare('UPDATE digest_jobs SET placeholder_message_id = ? WHERE id = ?'),
    finishJob: db.prepare('DELETE FROM digest_jobs WHERE id = ?'),
    releaseJobs: db.prepare('UPDATE digest_jobs SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = ?'),
    countJobs: db.prepare('SELECT COUNT(*) AS n FROM digest_jobs'),

    // substr, not LIKE: an INSTANCE_ID may contain "_", a LIKE wildcard.
    owners: db.prepare(
      `SELECT claimed_by AS owner FROM digest_jobs WHERE substr(claimed_by, 1, length(@prefix)) = @prefix
       UNION SELECT owner FROM leases WHERE substr(owner, 1, length(@prefix)) = @prefix
       UNION SELECT lease_owner FROM feeds WHERE substr(lease_owner, 1, length(@prefix)) = @prefix
       UNION SELECT claimed_by FROM deliveries WHERE status = 'pending' AND substr(claimed_by, 1, length(@prefix)) = @prefix`,
    ),
    releaseOwnerLeases: db.prepare('DELETE FROM leases WHERE owner = ?'),
    releaseOwnerFeeds: db.prepare('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?'),
  };

  // IMMEDIATE takes the write lock before reading, so the "is this chat held?" check and the claim
  // cannot interleave with another connection's claim (busy_timeout makes the other one wait).
  const claimDeliveriesTx = db.transaction(
    (params: { owner: string; now: number; until: number; limit: number; chatId: number | undefined }) => {
      const rows =
        params.chatId === undefined
          ? (stmt.claimDeliveries.all({ owner: params.owner, now: params.now, until: params.until, limit: params.limit }) as DeliveryRow[])
          : (stmt.claimChatDeliveries.all(params) as DeliveryRow[]);
      return rows.sort(byCreatedThenId).map(toDelivery);
    },
  );
  const claimJobsTx = db.transaction((params: { owner: string; now: number; until: number; limit: number }) =>
    (stmt.claimJobs.all(params) as JobRow[]).sort((a, b) => a.id - b.id).map(toJob),
  );

  const releaseAllTx = db.transaction(
    (owner: string) =>
      stmt.releaseJobs.run(owner).changes +
      stmt.releaseOwnerLeases.run(owner).changes +
      stmt.releaseOwnerFeeds.run(owner).changes +
      stmt.releaseDeliveries.run(owner).changes,
  );

  let lastPruneAt = Number.NEGATIVE_INFINITY;

  return {
    leases: {
      async acquire(name, owner, now, ttlMs) {
        if (now - lastPruneAt >= LEASE_PRUNE_EVERY_MS) {
          lastPruneAt = now;
          stmt.pruneLeases.run(now - LEASE_PRUNE_AGE_MS);
        }
        return stmt.acquireLease.run({ name, owner, now, until: now + ttlMs }).changes === 1;
      },
      async release(name, owner) {
        stmt.releaseLease.run(name, owner);
      },
    },
    jobs: {
      async add(job, now) {
        return stmt.addJob.run(job.chatId, job.updateId, job.payload, now).changes === 1;
      },
      async claim(owner, now, leaseMs, limit) {
        if (limit <= 0) return [];
        return claimJobsTx.immediate({ owner, now, until: now + leaseMs, limit });
      },
      async renew(owner, now, leaseMs) {
        stmt.renewJobs.run({ owner, now, until: now + leaseMs });
      },
      async setPlaceholder(id, messageId) {
        stmt.setPlaceholder.run(messageId, id);
      },
      async finish(id) {
        stmt.finishJob.run(id);
      },
      async release(owner) {
        stmt.releaseJobs.run(owner);
      },
      async countPending() {
        return (stmt.countJobs.get() as { n: number }).n;
      },
    },
    claims: {
      async owners(prefix) {
        return (stmt.owners.all({ prefix }) as Array<{ owner: string }>).map((row) => row.owner);
      },
      async releaseAll(owner) {
        return releaseAllTx.immediate(owner);
      },
    },
    feedClaims: {
      async claimFeed(feedId, owner, now, leaseMs) {
        return stmt.claimFeed.run({ feedId, owner, now, until: now + leaseMs }).changes === 1;
      },
      async releaseFeed(feedId, owner) {
        stmt.releaseFeed.run(feedId, owner);
      },
    },
    deliveryClaims: {
      async claimDeliveries(owner, now, leaseMs, limit, chatId) {
        if (limit <= 0) return [];
        return claimDeliveriesTx.immediate({ owner, now, until: now + leaseMs, limit, chatId });
      },
      async renewDeliveryClaims(owner, now, leaseMs) {
        stmt.renewDeliveries.run({ owner, now, until: now + leaseMs });
      },
      async releaseDeliveryClaims(owner) {
        stmt.releaseDeliveries.run(owner);
      },
      async countPendingDeliveries() {
        return (stmt.countPendingDeliveries.get() as { n: number }).n;
      },
    },
  };
}
