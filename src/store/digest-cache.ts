import { DEFAULT_DIGEST_TTL_MS, type DigestCache } from '../digest/digest-service.js';
import { parseStoredDigest } from './rows.js';

// The few driver members used here, typed structurally so that each driver stays imported only by its own store files.
interface SqliteDb {
  prepare(sql: string): { get(...params: unknown[]): unknown; run(...params: unknown[]): unknown };
}
interface PgPool {
  query<Row>(sql: string, params: unknown[]): Promise<{ rows: Row[] }>;
}

/** Options of the database-backed digest caches. */
export interface DigestCacheOptions {
  /** How long a digest is served after it was stored (DIGEST_CACHE_TTL_HOURS). Default one day. */
  ttlMs?: number;
  now: () => number;
}

/** Expired rows are deleted at most this often (on a write), so the table stays about one TTL of digests. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** Runs `prune` on a write when the last one is more than PRUNE_EVERY_MS old. */
function pruner(now: () => number, prune: (before: number) => unknown, ttlMs: number) {
  let lastPrune = Number.NEGATIVE_INFINITY;
  return async () => {
    const at = now();
    if (at - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = at;
    await prune(at - ttlMs);
  };
}

/** The SQLite digest cache (table digest_cache): an entry older than the TTL is a miss and is pruned later. */
export function createSqliteDigestCache(db: SqliteDb, options: DigestCacheOptions): DigestCache {
  const ttlMs = options.ttlMs ?? DEFAULT_DIGEST_TTL_MS;
  const { now } = options;
  const getDigest = db.prepare('SELECT digest FROM digest_cache WHERE key = ? AND created_at > ?');
  const putDigest = db.prepare(
    'INSERT INTO digest_cache (key, digest, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET digest = excluded.digest, created_at = excluded.created_at',
  );
  const deleteExpired = db.prepare('DELETE FROM digest_cache WHERE created_at <= ?');
  const prune = pruner(now, (before) => deleteExpired.run(before), ttlMs);
  return {
    async get(key) {
      const row = getDigest.get(key, now() - ttlMs) as { digest: string } | undefined;
      return row ? parseStoredDigest(row.digest) : undefined;
    },
    async set(key, digest) {
      putDigest.run(key, JSON.stringify(digest), now());
      await prune();
    },
  };
}

/** The PostgreSQL digest cache, shared by every instance; same rules as the SQLite one. */
export function createPgDigestCache(pool: PgPool, options: DigestCacheOptions): DigestCache {
  const ttlMs = options.ttlMs ?? DEFAULT_DIGEST_TTL_MS;
  const { now } = options;
  const prune = pruner(now, (before) => pool.query('DELETE FROM digest_cache WHERE created_at <= $1', [before]), ttlMs);
  return {
    async get(key) {
      const row = (await pool.query<{ digest: string }>('SELECT digest FROM digest_cache WHERE key = $1 AND created_at > $2', [key, now() - ttlMs])).rows[0];
      return row ? parseStoredDigest(row.digest) : undefined;
    },
    async set(key, digest) {
      await pool.query(
        `INSERT INTO digest_cache (key, digest, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET digest = EXCLUDED.digest, created_at = EXCLUDED.created_at`,
        [key, JSON.stringify(digest), now()],
      );
      // A failed clean-up only leaves expired rows that reads already ignore.
      await prune().catch(() => undefined);
    },
  };
}
