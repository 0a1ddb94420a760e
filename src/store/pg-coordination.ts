import type pg from 'pg';
import type { CoordinationRepositories } from './repositories.js';
import { type DeliveryRow, type JobRow, toDelivery, toJob } from './rows.js';

/** Expired lease rows older than this are deleted by a later acquire (an expired row is free anyway). */
const LEASE_PRUNE_AGE_MS = 60 * 60 * 1000;
/** At most one prune per instance per minute: leases are acquired per digest, pruning need not be. */
const LEASE_PRUNE_EVERY_MS = 60 * 1000;

/**
 * First keys of the transaction-level advisory locks that serialize claimers ("kbrd", "kbrj"); the
 * second key is the schema's hash, so several bots in one database (one schema each) do not wait on
 * each other. A hash collision only serializes two schemas' claims, it never breaks them.
 */
const DELIVERY_CLAIM_LOCK = 0x6b627264;
const JOB_CLAIM_LOCK = 0x6b62726a;

const LOCK_SQL = 'SELECT pg_advisory_xact_lock($1::int, hashtext(current_schema()))';

/**
 * Pending deliveries $1 (owner) may take at $2 (now): chats where no pending delivery is under another
 * owner's live claim. Ordering by (created_at, id) across chats means a chat cut at the limit keeps its
 * oldest rows, and the claimed rows keep the rest of that chat away from others until the claim lapses.
 * SKIP LOCKED passes over rows another statement (markDelivery…) is updating right now.
 */
const claimDeliveriesSql = (chatFilter: string) => `
  WITH claimed AS (
    UPDATE deliveries SET claimed_by = $1, claim_until = $3
    WHERE id IN (
      SELECT d.id FROM deliveries d
      WHERE d.status = 'pending' ${chatFilter}
        AND NOT EXISTS (
          SELECT 1 FROM deliveries o
          WHERE o.chat_id = d.chat_id AND o.status = 'pending'
            AND o.claimed_by <> $1 AND o.claim_until >= $2
        )
      ORDER BY d.created_at, d.id LIMIT $4
      FOR UPDATE OF d SKIP LOCKED
    )
    RETURNING *
  )
  SELECT * FROM claimed ORDER BY created_at, id`;

const CLAIM_DELIVERIES = claimDeliveriesSql('');
const CLAIM_CHAT_DELIVERIES = claimDeliveriesSql('AND d.chat_id = $5');

// The head of each chat (lowest update_id), only when no job of that chat is under a live claim:
// one job per chat at a time, in update order, whoever holds it.
const CLAIM_JOBS = `
  WITH claimed AS (
    UPDATE digest_jobs SET claimed_by = $1, claim_until = $3, attempts = attempts + 1
    WHERE id IN (
      SELECT j.id FROM digest_jobs j
      WHERE j.update_id = (SELECT MIN(x.update_id) FROM digest_jobs x WHERE x.chat_id = j.chat_id)
        AND NOT EXISTS (SELECT 1 FROM digest_jobs o WHERE o.chat_id = j.chat_id AND o.claim_until >= $2)
      ORDER BY j.id LIMIT $4
      FOR UPDATE OF j SKIP LOCKED
    )
    RETURNING *
  )
  SELECT * FROM claimed ORDER BY id`;

/** Leases, claims and the shared digest queue on PostgreSQL (schema v4). */
export function createPgCoordination(pool: pg.Pool): CoordinationRepositories {
  /** Runs `work` in one transaction on one pooled client; a failed ROLLBACK destroys the connection instead of returning it to the pool. */
  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch (rollbackError) {
        client.release(rollbackError instanceof Error ? rollbackError : true);
      }
      throw error;
    }
  }

  /**
   * Runs `sql` after taking the advisory lock `lockKey` in one transaction. The lock serializes claimers,
   * and each statement under READ COMMITTED sees what earlier claimers committed, so the per-chat check is
   * exact rather than racy.
   */
  async function lockedQuery<Row extends pg.QueryResultRow>(lockKey: number, sql: string, params: unknown[]): Promise<Row[]> {
    return transaction(async (client) => {
      await client.query(LOCK_SQL, [lockKey]);
      return (await client.query<Row>(sql, params)).rows;
    });
  }

  /** The statements in one transaction: a crash halfway must not leave an owner half released. */
  async function inTransaction(statements: Array<[string, unknown[]]>): Promise<number> {
    return transaction(async (client) => {
      let changed = 0;
      for (const [sql, params] of statements) changed += (await client.query(sql, params)).rowCount ?? 0;
      return changed;
    });
  }

  let lastPruneAt = Number.NEGATIVE_INFINITY;

  return {
    leases: {
      async acquire(name, owner, now, ttlMs) {
        if (now - lastPruneAt >= LEASE_PRUNE_EVERY_MS) {
          lastPruneAt = now;
          await pool.query('DELETE FROM leases WHERE expires_at < $1', [now - LEASE_PRUNE_AGE_MS]);
        }
        const result = await pool.query(
          `INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
           WHERE leases.expires_at < $4 OR leases.owner = excluded.owner`,
          [name, owner, now + ttlMs, now],
        );
        return result.rowCount === 1;
      },
      async release(name, owner) {
        await pool.query('DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
      },
    },
    jobs: {
      async add(job, now) {
        const result = await pool.query(
          `INSERT INTO digest_jobs (chat_id, update_id, payload, attempts, created_at) VALUES ($1, $2, $3, 0, $4)
           ON CONFLICT (update_id) DO NOTHING`,
          [job.chatId, job.updateId, job.payload, now],
        );
        return result.rowCount === 1;
      },
      async claim(owner, now, leaseMs, limit) {
        if (limit <= 0) return [];
        const rows = await lockedQuery<JobRow>(JOB_CLAIM_LOCK, CLAIM_JOBS, [owner, now, now + leaseMs, limit]);
        return rows.map(toJob);
      },
      async renew(owner, now, leaseMs) {
        await pool.query('UPDATE digest_jobs SET claim_until = $3 WHERE claimed_by = $1 AND claim_until >= $2', [owner, now, now + leaseMs]);
      },
      async setPlaceholder(id, messageId) {
        await pool.query('UPDATE digest_jobs SET placeholder_message_id = $2 WHERE id = $1', [id, messageId]);
      },
      async finish(id) {
        await pool.query('DELETE FROM digest_jobs WHERE id = $1', [id]);
      },
      async release(owner) {
        await pool.query('UPDATE digest_jobs SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = $1', [owner]);
      },
      async countPending() {
        const result = await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM digest_jobs');
        return Number(result.rows[0]?.n ?? 0);
      },
    },
    claims: {
      async owners(prefix) {
        // substr, not LIKE: an INSTANCE_ID may contain "_", a LIKE wildcard.
        const result = await pool.query<{ owner: string }>(
          `SELECT claimed_by AS owner FROM digest_jobs WHERE substr(claimed_by, 1, length($1)) = $1
           UNION SELECT owner FROM leases WHERE substr(owner, 1, length($1)) = $1
           UNION SELECT lease_owner FROM feeds WHERE substr(lease_owner, 1, length($1)) = $1
           UNION SELECT claimed_by FROM deliveries WHERE status = 'pending' AND substr(claimed_by, 1, length($1)) = $1`,
          [prefix],
        );
        return result.rows.map((row) => row.owner);
      },
      async releaseAll(owner) {
        return inTransaction([
          ['UPDATE digest_jobs SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = $1', [owner]],
          ['DELETE FROM leases WHERE owner = $1', [owner]],
          ['UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1', [owner]],
          ["UPDATE deliveries SET claimed_by = NULL, claim_until = NULL WHERE status = 'pending' AND claimed_by = $1", [owner]],
        ]);
      },
    },
    feedClaims: {
      async claimFeed(feedId, owner, now, leaseMs) {
        const result = await pool.query(
          `UPDATE feeds SET lease_owner = $2, lease_until = $4
           WHERE id = $1 AND (lease_until IS NULL OR lease_until < $3 OR lease_owner = $2)`,
          [feedId, owner, now, now + leaseMs],
        );
        return result.rowCount === 1;
      },
      async releaseFeed(feedId, owner) {
        await pool.query('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2', [feedId, owner]);
      },
    },
    deliveryClaims: {
      async claimDeliveries(owner, now, leaseMs, limit, chatId) {
        if (limit <= 0) return [];
        const params: unknown[] = [owner, now, now + leaseMs, limit];
        const rows =
          chatId === undefined
            ? await lockedQuery<DeliveryRow>(DELIVERY_CLAIM_LOCK, CLAIM_DELIVERIES, params)
            : await lockedQuery<DeliveryRow>(DELIVERY_CLAIM_LOCK, CLAIM_CHAT_DELIVERIES, [...params, chatId]);
        return rows.map(toDelivery);
      },
      async renewDeliveryClaims(owner, now, leaseMs) {
        await pool.query(
          "UPDATE deliveries SET claim_until = $3 WHERE status = 'pending' AND claimed_by = $1 AND claim_until >= $2",
          [owner, now, now + leaseMs],
        );
      },
      async releaseDeliveryClaims(owner) {
        await pool.query("UPDATE deliveries SET claimed_by = NULL, claim_until = NULL WHERE status = 'pending' AND claimed_by = $1", [owner]);
      },
      async countPendingDeliveries() {
        const result = await pool.query<{ n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE status = 'pending'");
        return Number(result.rows[0]?.n ?? 0);
      },
    },
  };
}
