import type { Redis } from 'ioredis';
import { type LimitBackend, type StoreRunner, createLimits, createLocalLimits } from './limits/limit-backend.js';
import { type LimitStore, createMemoryStore } from './limits/window-store.js';

export type { LimitBackend, LimitMode } from './limits/limit-backend.js';

/** Keys nobody used for a day expire (a retired bot leaves nothing behind). */
const KEY_TTL_MS = 24 * 3_600_000;

/** The two log levels the backend uses; a pino logger fits. */
export interface LimitLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

/** Options of {@link createLimitBackend}. */
export interface LimitBackendOptions {
  /** REDIS_URL; without it (and without `client`) every limit is in-process. */
  redisUrl?: string;
  /** An ioredis client to use instead of `redisUrl` (tests); close() quits it. Best created with {@link redisClientOptions}. */
  client?: Redis;
  logger: LimitLogger;
  /** Prefix of every key in Redis, so several bots can share one Redis (default 'kabar'). */
  namespace?: string;
  /** How long the start-up check may take before Redis counts as unreachable (default 2000 ms). */
  connectTimeoutMs?: number;
  /** Redis commands slower than this fail, so a hung Redis degrades to local limits instead of holding sends (default 2000 ms). */
  commandTimeoutMs?: number;
  /** While degraded with the connection up (a command failed), how often Redis is probed (default 5000 ms); a reconnect is noticed at once. */
  recoverIntervalMs?: number;
}

/** ioredis options for a limits client: commands fail at once while disconnected instead of queueing (so sends fall back, not hang). */
export function redisClientOptions(options: { connectTimeoutMs?: number; commandTimeoutMs?: number } = {}) {
  return {
    connectTimeout: options.connectTimeoutMs ?? 2000,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Keep reconnecting (up to every 2 s): the limits switch back to Redis once it is there again.
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

/** host:port of a Redis URL, never its user or password. */
function redisAddress(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.hostname || '127.0.0.1'}:${url.port || '6379'}`;
  } catch {
    return '(invalid REDIS_URL)';
  }
}

/** The error's message with the URL's password cut out, in case a driver echoes the URL. */
function reasonOf(error: unknown, redisUrl: string | undefined): string {
  let text = error instanceof Error ? error.message : String(error);
  try {
    const { password, username } = new URL(redisUrl ?? '');
    for (const secret of [password, decodeURIComponent(password), username]) if (secret) text = text.split(secret).join('[REDACTED]');
  } catch {
    // Not a URL: nothing to cut.
  }
  return text;
}

async function waitReady(client: Redis, ms: number): Promise<void> {
  if (client.status === 'ready') return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`connecting took longer than ${ms} ms`)), ms);
      client.once('ready', () => resolve());
      // 'end' = ioredis gave up (or the client was closed): no point in waiting.
      client.once('end', () => reject(new Error('the connection was closed')));
    });
  } finally {
    clearTimeout(timer);
  }
}

// Redis' own clock (in µs: a millisecond's rounding must not let 31 sends into 1000 ms) decides, so
// instances on other machines agree. KEYS: one per slot; ARGV: window, max
// and gap per slot, then the take's id and the keys' TTL. Returns {wait ms, index of the slot that waits longest}.
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local wait, blocked = 0, 0
for i, key in ipairs(KEYS) do
  local window, max, gap = tonumber(ARGV[i * 3 - 2]), tonumber(ARGV[i * 3 - 1]), tonumber(ARGV[i * 3])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local w = 0
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if last[2] then w = tonumber(last[2]) + gap - now end
  local count = redis.call('ZCARD', key)
  if count >= max then
    local oldest = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
    w = math.max(w, tonumber(oldest[2]) + window - now)
  end
  if w > wait then wait, blocked = w, i - 1 end
end
if wait > 0 then return {math.ceil(wait), blocked} end
local n = #KEYS * 3
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[n + 1])
  redis.call('PEXPIRE', key, ARGV[n + 2])
end
return {0, 0}`;

// A counting semaphore whose entries expire: KEYS[1]; ARGV: max, ttl ms, id, key TTL. Returns 0 or ms to the earliest expiry.
const HOLD_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 0
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil(tonumber(first[2]) - now))`;

function redisStore(client: Redis, namespace: string): LimitStore {
  const name = (key: string) => `${namespace}:${key}`;
  return {
    async take(slots, id) {
      const limits = slots.flatMap(({ limit }) => [limit.windowMs, limit.max, limit.minGapMs ?? 0]);
      const [waitMs, blockedBy] = (await client.eval(TAKE_SCRIPT, slots.length, ...slots.map((s) => name(s.key)), ...limits, id, KEY_TTL_MS)) as [number, number];
      return { waitMs, blockedBy };
    },
    async untake(slots, id) {
      await Promise.all(slots.map((slot) => client.zrem(name(slot.key), id)));
    },
    async hold(key, id, max, ttlMs) {
      return Number(await client.eval(HOLD_SCRIPT, 1, name(key), max, ttlMs, id, KEY_TTL_MS));
    },
    async release(key, id) {
      await client.zrem(name(key), id);
    },
  };
}

/**
 * Connects to Redis (REDIS_URL); every limit is then counted there by a Lua script, so all instances
 * share it. Unreachable at start → a warn line and in-process limits; a failed command or a lost
 * connection later → a warn line and in-process limits from that call on (a call is never lost or run
 * twice: only the permission to go is asked of Redis). Back → an info line and shared limits again.
 */
export async function createLimitBackend(options: LimitBackendOptions): Promise<LimitBackend> {
  if (!options.redisUrl && !options.client) return createLocalLimits();
  const { logger } = options;
  const namespace = options.namespace ?? 'kabar';
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  // ioredis (about 20 MB of RSS) is loaded only by a bot that uses Redis.
  const client =
    options.client ?? new (await import('ioredis')).Redis(options.redisUrl as string, redisClientOptions({ connectTimeoutMs, commandTimeoutMs: options.commandTimeoutMs }));
  const address = options.redisUrl ? redisAddress(options.redisUrl) : `${client.options.host ?? '127.0.0.1'}:${client.options.port ?? 6379}`;
  const shared = redisStore(client, namespace);
  const local = createMemoryStore();
  let up = false;
  let closed = false;
  let probe: NodeJS.Timeout | undefined;

  const recover = async () => {
    if (up || closed || client.status !== 'ready') return;
    const answered = await client.ping().then(
      () => true,
      () => false,
    );
    if (!answered || up || closed) return;
    up = true;
    clearInterval(probe);
    probe = undefined;
    logger.info({ redis: address }, `Redis is back at ${address}; rate limits are shared again`);
  };
  const watch = () => {
    probe ??= setInterval(() => void recover(), options.recoverIntervalMs ?? 5000);
    probe.unref();
  };
  const degrade = (reason: unknown) => {
    if (!up || closed) return;
    up = false;
    logger.warn({ redis: address, reason: reasonOf(reason, options.redisUrl) }, `Redis failed at ${address}; rate limits are per instance (degraded) until it is back`);
    watch();
  };

  // ioredis prints unhandled 'error' events to stderr; the state changes are what gets logged.
  client.on('error', () => undefined);
  try {
    await waitReady(client, connectTimeoutMs);
    await client.ping();
    up = true;
    logger.info({ redis: address, namespace }, `rate limits are shared through Redis at ${address}`);
  } catch (error) {
    logger.warn({ redis: address, reason: reasonOf(error, options.redisUrl) }, `Redis unreachable at ${address}; rate limits are per instance (degraded)`);
    watch();
  }
  client.on('close', () => degrade(new Error('the connection was closed')));
  client.on('ready', () => void recover());

  const run: StoreRunner = async (operation) => {
    if (up) {
      try {
        return { store: shared, value: await operation(shared) };
      } catch (error) {
        degrade(error);
      }
    }
    return { store: local, value: await operation(local) };
  };
  return createLimits(run, () => (up ? 'redis' : 'local'), true, async () => {
    if (closed) return;
    closed = true;
    up = false;
    clearInterval(probe);
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  });
}
