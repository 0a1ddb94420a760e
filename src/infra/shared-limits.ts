import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { AppError } from '../errors/app-error.js';

/** Redis TTL of an idle limiter's state (bottleneck refreshes it on every use). */
const IDLE_LIMITER_TTL_MS = 24 * 3_600_000;

/** Where the rate limits live: in Redis (shared by every instance) or in this process only. */
export type LimitMode = 'redis' | 'local';

/** The two log levels the backend uses; a pino logger fits. */
export interface LimitLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

/** Options of {@link createLimitBackend}. */
export interface LimitBackendOptions {
  /** REDIS_URL; without it (and without `client`) every limit is in-process, as before clustering. */
  redisUrl?: string;
  /** An ioredis client to use instead of `redisUrl` (tests); close() quits it. Best created with {@link redisClientOptions}. */
  client?: Redis;
  logger: LimitLogger;
  /** Prefix of every limiter id in Redis, so several deployments can share one Redis (default 'kabar'). */
  namespace?: string;
  /** How long the start-up check may take before Redis counts as unreachable (default 2000 ms). */
  connectTimeoutMs?: number;
  /** Redis commands slower than this fail, so a hung Redis degrades to local limits instead of holding sends (default 2000 ms). */
  commandTimeoutMs?: number;
  /** While degraded (also when Redis was unreachable at start), how often Redis is probed to switch to shared limits (default 5000 ms). */
  recoverIntervalMs?: number;
  /** Wipe the state of the limiters made with `limiter()` at start (tests with fresh namespaces only: it resets running counts of other instances). */
  clearDatastore?: boolean;
}

/** Counts as bottleneck reports them. */
export type LimiterCounts = Record<'RECEIVED' | 'QUEUED' | 'RUNNING' | 'EXECUTING', number>;

/** A bottleneck limiter that is shared through Redis while Redis is up and falls back to an in-process one. */
export interface SharedLimiter {
  /** Runs fn within the limits; a Redis failure before fn started reruns it on the local limiter, never twice. */
  schedule<T>(fn: () => Promise<T>): Promise<T>;
  /** Jobs of this process, waiting and running. */
  counts(): LimiterCounts;
  /** Like bottleneck's stop() (default dropWaitingJobs: true), then leaves Redis. Later schedule() calls are refused. */
  stop(options?: Bottleneck.StopOptions): Promise<void>;
}

/** Per-key shared limiters (one per chat), created on first use and forgotten when idle. */
export interface SharedLimiterGroup {
  key(key: string): SharedLimiter;
  /** Stops every key's limiter (waiting jobs are dropped). */
  stop(): Promise<void>;
}

/** Options of {@link LimitBackend.group}. */
export interface SharedGroupOptions {
  /** The limits of one key; may differ per key (private chats vs groups). */
  options: (key: string) => Bottleneck.ConstructorOptions;
  /** A key's limiter is forgotten after this long without jobs (default 120 000 ms). Its Redis state expires after `timeoutMs`. */
  idleMs?: number;
  /** Redis TTL of an idle key's state; must exceed the longest window the limit spans (default 300 000 ms). */
  timeoutMs?: number;
}

/** Creates the limiters of one process; with Redis they are shared by every instance using the same namespace. */
export interface LimitBackend {
  /** 'redis' while limits are shared; 'local' without Redis or while it is unreachable (degraded). */
  mode(): LimitMode;
  /** True when Redis is configured: limits are shared whenever it answers (mode() says whether it does now). */
  readonly clustered: boolean;
  /**
   * A limiter with the id `namespace:id` in Redis; the same id on every instance means the same limit.
   * One live limiter per id per backend (a second one throws).
   * `expirationMs`: in Redis mode every job gets this expiration, so the slots of an instance that died
   * mid-job are freed (bottleneck only frees a running job's capacity when it ends or expires). Needed
   * for limits that count running jobs (maxConcurrent); set it above the longest a job can take.
   */
  limiter(id: string, options: Bottleneck.ConstructorOptions, jobOptions?: { expirationMs?: number }): SharedLimiter;
  group(id: string, options: SharedGroupOptions): SharedLimiterGroup;
  /** Stops the limiters made here (dropping waiting jobs) and quits the Redis connections (a given client too). */
  close(): Promise<void>;
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
export function redisAddress(redisUrl: string): string {
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
  if (redisUrl) {
    try {
      const { password, username } = new URL(redisUrl);
      for (const secret of [password, decodeURIComponent(password), username]) if (secret) text = text.split(secret).join('[REDACTED]');
    } catch {
      // Not a URL: nothing to cut.
    }
  }
  return text;
}

/** Rejects after ms, or at once when `signal` aborts (so no timer outlives a close()). */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    onAbort = () => reject(new Error(`${what} was cancelled`));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  });
}

function waitReady(client: Redis, ms: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      // 'end' = ioredis gave up (or the client was closed): no point in waiting.
      client.once('end', () => reject(new Error('the connection was closed')));
    }),
    ms,
    'connecting',
  );
}

/** What a shared limiter needs from its backend. */
interface Cluster {
  up(): boolean;
  /** Bottleneck's connection; there whenever up() is true. */
  connection(): Bottleneck.IORedisConnection;
  subscriberReady(): boolean;
  namespace: string;
  /** A Redis call failed: switch to local limits (logged once). */
  degrade(reason: unknown): void;
  /** Called on every degrade, so waiting jobs move to their local limiter. */
  onDown(listener: () => void): () => void;
  /**
   * Reserves a limiter id in this process. Bottleneck routes a connection's pub/sub messages by id, so a
   * second live limiter with the same id would take them from the first, whose jobs could then wait forever.
   */
  claim(id: string): () => void;
}

interface Task {
  fn: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Where fn began to run; null while it waits. A Redis failure may move only a task that has not started. */
  startedOn: 'clustered' | 'local' | null;
  /** Moved to the local limiter (or dropped): the clustered job, if it ever runs, must not call fn. */
  detached: boolean;
  settled: boolean;
  /** Resolves once the task settled either way (for a draining stop). */
  finished: Promise<void>;
  markFinished: () => void;
}

const emptyCounts = (): LimiterCounts => ({ RECEIVED: 0, QUEUED: 0, RUNNING: 0, EXECUTING: 0 });

interface ClusteredLimiter {
  limiter: Bottleneck;
  ready: Promise<void>;
  failed: boolean;
}

/** A limiter wrapper; `cluster` null = local only (no Redis configured). */
function createSharedLimiter(
  id: string,
  options: Bottleneck.ConstructorOptions,
  cluster: Cluster | null,
  extra: { clearDatastore?: boolean; timeoutMs?: number; expirationMs?: number } = {},
): SharedLimiter & { idle(): boolean; dispose(): Promise<void> } {
  const release = cluster?.claim(id);
  const local = new Bottleneck(options);
  const tasks = new Set<Task>();
  let clustered: ClusteredLimiter | null = null;
  let stopped = false;
  let stopping: Promise<void> | null = null;

  function createClustered(c: Cluster): ClusteredLimiter {
    const limiter = new Bottleneck({
      ...options,
      id: `${c.namespace}:${id}`,
      datastore: 'ioredis',
      connection: c.connection(),
      ...(extra.clearDatastore ? { clearDatastore: true } : {}),
      // Keys of a limiter nobody used for this long expire (a bot that was retired leaves nothing behind).
      timeout: extra.timeoutMs ?? IDLE_LIMITER_TTL_MS,
    });
    // Heartbeat and drain failures arrive here; jobs stuck in the clustered queue must move.
    limiter.on('error', (error: unknown) => c.degrade(error));
    const entry: ClusteredLimiter = { limiter, ready: Promise.resolve(), failed: false };
    entry.ready = limiter.ready().then(
      () => undefined,
      (error: unknown) => {
        entry.failed = true;
        throw error;
      },
    );
    entry.ready.catch(() => undefined);
    return entry;
  }

  // Clustered limiters are made eagerly while Redis is up, so their registration is done before the first job.
  if (cluster?.up()) clustered = createClustered(cluster);

  function settle(task: Task, ok: boolean, value: unknown) {
    if (task.settled) return;
    task.settled = true;
    tasks.delete(task);
    task.markFinished();
    if (ok) task.resolve(value);
    else task.reject(value);
  }

  async function runTask(task: Task, where: 'clustered' | 'local') {
    task.startedOn = where;
    try {
      settle(task, true, await task.fn());
    } catch (error) {
      settle(task, false, error);
    }
  }

  function runLocal(task: Task) {
    local.schedule(() => runTask(task, 'local')).catch((error: unknown) => settle(task, false, error));
  }

  function moveToLocal(task: Task) {
    if (task.startedOn !== null || task.detached || task.settled) return;
    task.detached = true;
    runLocal(task);
  }

  function runClustered(task: Task, c: Cluster) {
    if (!clustered || clustered.failed) {
      // A limiter whose registration failed is replaced by a fresh one (same id) once Redis is back.
      const old = clustered;
      clustered = createClustered(c);
      if (old) void old.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
    }
    const entry = clustered;
    entry.ready
      .then(() =>
        entry.limiter.schedule(extra.expirationMs !== undefined ? { expiration: extra.expirationMs } : {}, () => {
          // Moved to the local limiter meanwhile: that run is the one; this slot is given back unused.
          if (task.detached || task.settled) return Promise.resolve();
          return runTask(task, 'clustered');
        }),
      )
      .catch((error: unknown) => {
        // fn resolves the task itself, so a rejection here never comes from the call: it is bottleneck or Redis.
        if (task.startedOn !== null || task.settled || task.detached) return;
        if (stopped) {
          task.detached = true;
          settle(task, false, error);
          return;
        }
        c.degrade(error);
        moveToLocal(task);
      });
  }

  const offDown = cluster?.onDown(() => {
    for (const task of [...tasks]) moveToLocal(task);
  });

  return {
    schedule<T>(fn: () => Promise<T>): Promise<T> {
      if (stopped) return Promise.reject(new AppError('INTERNAL', 'This limiter has been stopped and cannot accept new jobs.'));
      return new Promise<T>((resolve, reject) => {
        let markFinished: () => void = () => undefined;
        const finished = new Promise<void>((done) => (markFinished = done));
        const task: Task = { fn, resolve: resolve as (value: unknown) => void, reject, startedOn: null, detached: false, settled: false, finished, markFinished };
        tasks.add(task);
        if (cluster?.up()) runClustered(task, cluster);
        else {
          task.detached = true;
          runLocal(task);
        }
      });
    },
    counts() {
      const counts = { ...emptyCounts(), ...local.counts() };
      for (const task of tasks) {
        if (task.detached) continue; // already counted by the local limiter
        if (task.startedOn === null) counts.QUEUED += 1;
        else counts.EXECUTING += 1;
      }
      return counts;
    },
    idle: () => tasks.size === 0 && local.empty() && (local.counts().EXECUTING ?? 0) === 0,
    stop(stopOptions = {}) {
      if (stopping) return stopping;
      stopped = true;
      const drop = stopOptions.dropWaitingJobs ?? true;
      stopping = (async () => {
        if (drop) {
          const message = stopOptions.dropErrorMessage ?? 'This job has been dropped by Bottleneck';
          for (const task of [...tasks]) {
            if (task.startedOn === null && !task.detached) {
              task.detached = true;
              settle(task, false, new Bottleneck.BottleneckError(message));
            }
          }
        } else {
          // Waiting jobs finish through either route; the clustered one may be behind a dead Redis, the local one is not.
          await Promise.all([...tasks].map((task) => task.finished));
        }
        const localStop = local.stop(drop ? stopOptions : { ...stopOptions, dropWaitingJobs: false }).catch(() => undefined);
        // Only leftovers (given-back slots) can still wait in the clustered queue.
        const clusteredStop = clustered ? clustered.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined) : undefined;
        await Promise.all([localStop, clusteredStop]);
        offDown?.();
        // Done with Redis: unsubscribe and stop the heartbeat. An UNSUBSCRIBE sent before bottleneck's own
        // SUBSCRIBE is never settled by ioredis (an unhandled rejection at quit), so wait for the registration;
        // one that never registered has nothing to undo. With the subscriber down the unsubscribe would reject
        // unhandled too: close() clears that limiter with the connection instead. (With a shared connection
        // bottleneck's disconnect() returns nothing, not a promise.)
        const entry = clustered;
        const registered = entry ? await withTimeout(entry.ready, 3000, 'registering').then(() => true, () => false) : false;
        if (entry && registered && cluster?.subscriberReady()) {
          await Promise.resolve()
            .then(() => entry.limiter.disconnect(false))
            .catch(() => undefined);
        }
        release?.();
      })();
      return stopping;
    },
    dispose() {
      return this.stop({ dropWaitingJobs: true, dropErrorMessage: 'The rate limits were closed (shutting down).' });
    },
  };
}

/** A backend whose limiters are plain in-process bottleneck limiters. */
function localBackend(): LimitBackend {
  const made: Array<{ dispose(): Promise<void> }> = [];
  return {
    mode: () => 'local',
    clustered: false,
    limiter(id, options) {
      const limiter = createSharedLimiter(id, options, null);
      made.push(limiter);
      return limiter;
    },
    group(id, groupOptions) {
      return createGroup(groupOptions, (key, options, timeoutMs) => createSharedLimiter(`${id}:${key}`, options, null, { timeoutMs }), () => true, made);
    },
    async close() {
      await Promise.all(made.splice(0).map((limiter) => limiter.dispose()));
    },
  };
}

type Disposable = SharedLimiter & { idle(): boolean; dispose(): Promise<void> };

function createGroup(
  groupOptions: SharedGroupOptions,
  make: (key: string, options: Bottleneck.ConstructorOptions, timeoutMs: number) => Disposable,
  mayEvict: () => boolean,
  made: Array<{ dispose(): Promise<void> }>,
): SharedLimiterGroup {
  const idleMs = groupOptions.idleMs ?? 120_000;
  const timeoutMs = groupOptions.timeoutMs ?? 300_000;
  const keys = new Map<string, { limiter: Disposable; lastUsed: number }>();
  // A key whose limiter is being closed gets its new one only afterwards: the old one's unsubscribe would
  // otherwise remove the new one's (same channel) subscription.
  const evicting = new Map<string, Promise<void>>();
  // Forget idle keys so the map (and the Redis subscriptions) do not grow with every chat ever seen.
  const sweep = setInterval(() => {
    if (!mayEvict()) return;
    const cutoff = Date.now() - idleMs;
    for (const [key, entry] of keys) {
      if (entry.lastUsed < cutoff && entry.limiter.idle()) {
        keys.delete(key);
        evicting.set(key, entry.limiter.dispose().finally(() => evicting.delete(key)));
      }
    }
  }, Math.max(1000, Math.min(idleMs, 60_000)));
  sweep.unref();
  let stopped = false;
  const group: SharedLimiterGroup = {
    key(key) {
      if (stopped) {
        const refuse = () => Promise.reject(new AppError('INTERNAL', 'This limiter group has been stopped and cannot accept new jobs.'));
        return { schedule: refuse, counts: emptyCounts, stop: async () => undefined };
      }
      const closing = evicting.get(key);
      if (closing) {
        return {
          schedule: (fn) => closing.then(() => group.key(key).schedule(fn)),
          counts: emptyCounts,
          stop: () => closing,
        };
      }
      let entry = keys.get(key);
      if (!entry) {
        entry = { limiter: make(key, groupOptions.options(key), timeoutMs), lastUsed: Date.now() };
        keys.set(key, entry);
      }
      const current = entry;
      return {
        schedule(fn) {
          current.lastUsed = Date.now();
          return current.limiter.schedule(fn);
        },
        counts: () => current.limiter.counts(),
        stop: (options) => current.limiter.stop(options),
      };
    },
    async stop() {
      stopped = true;
      clearInterval(sweep);
      await Promise.all(evicting.values());
      await Promise.all([...keys.values()].map((entry) => entry.limiter.dispose()));
      keys.clear();
    },
  };
  made.push({ dispose: () => group.stop() });
  return group;
}

/**
 * Connects to Redis (REDIS_URL) and verifies it; every limiter then shares one ioredis connection
 * (plus bottleneck's subscriber) through bottleneck's clustering. Unreachable at start → a warn line and
 * in-process limits until Redis answers (probed every `recoverIntervalMs` and whenever the client
 * reconnects), then an info line and shared limits. Lost later → a warn line, waiting jobs move to
 * in-process limiters, and the same info line when Redis is back (limits shared again).
 */
export async function createLimitBackend(options: LimitBackendOptions): Promise<LimitBackend> {
  const { logger } = options;
  const namespace = options.namespace ?? 'kabar';
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const recoverIntervalMs = options.recoverIntervalMs ?? 5000;
  if (!options.redisUrl && !options.client) return localBackend();

  const client =
    options.client ?? new Redis(options.redisUrl as string, redisClientOptions({ connectTimeoutMs, commandTimeoutMs: options.commandTimeoutMs }));
  const address = options.redisUrl ? redisAddress(options.redisUrl) : `${client.options.host ?? '127.0.0.1'}:${client.options.port ?? 6379}`;
  // ioredis prints unhandled 'error' events to stderr; the state changes below are what gets logged.
  const onClientError = () => undefined;
  client.on('error', onClientError);

  /** Bottleneck's connection; made once Redis first answers (at start, or later if it was unreachable then). */
  let conn: Bottleneck.IORedisConnection | undefined;
  let sub: Redis | undefined;
  let connReady: Promise<void> | undefined;
  let up = false;
  /** Some limiter may have a clustered (Redis) side: from the first time the limits were shared. */
  let everUp = false;
  /** Recovery runs from the end of the start-up check until close() begins. */
  let watching = false;
  let closing = false;
  let closed: Promise<void> | undefined;
  let recoverTimer: NodeJS.Timeout | undefined;
  let recovering: Promise<void> | undefined;
  /** Aborted when close() begins: a probe in flight gives up at once instead of waiting out its timeouts. */
  const closeSignal = new AbortController();
  const downListeners = new Set<() => void>();
  const claimed = new Set<string>();
  const made: Array<{ dispose(): Promise<void> }> = [];

  const healthy = () => client.status === 'ready' && sub?.status === 'ready';

  /** Makes bottleneck's connection (once; its subscriber reconnects by itself) and resolves when both clients are ready. */
  function connect(): Promise<void> {
    if (connReady) return connReady;
    const connection = new Bottleneck.IORedisConnection({ client, Redis });
    connection.on('error', () => undefined);
    // Typed as methods/absent, but bottleneck 2.19.5 keeps a promise in `ready` and the duplicate client in `subscriber`.
    const internals = connection as unknown as { ready: Promise<unknown>; subscriber: Redis };
    const subscriber = internals.subscriber;
    subscriber.on('error', onClientError);
    subscriber.on('close', () => cluster.degrade(new Error('the connection was closed')));
    subscriber.on('ready', () => void tryRecover());
    conn = connection;
    sub = subscriber;
    connReady = internals.ready.then(() => undefined);
    return connReady;
  }

  function startRecovering() {
    if (recoverTimer || !watching) return;
    recoverTimer = setInterval(() => void tryRecover(), recoverIntervalMs);
    recoverTimer.unref();
  }

  function stopRecovering() {
    clearInterval(recoverTimer);
    recoverTimer = undefined;
  }

  /** One probe at a time: the interval and the clients' 'ready' events may ask together. */
  function tryRecover(): Promise<void> {
    if (up || !watching) return Promise.resolve();
    recovering ??= probe().finally(() => {
      recovering = undefined;
    });
    return recovering;
  }

  async function probe() {
    if (client.status !== 'ready') return;
    try {
      await withTimeout(client.ping(), connectTimeoutMs, 'PING', closeSignal.signal);
      if (!watching) return;
      // Unreachable at start: this is where bottleneck's connection is made; later probes reuse it.
      await withTimeout(connect(), connectTimeoutMs, 'connecting the subscriber', closeSignal.signal);
    } catch {
      return;
    }
    if (up || !watching || !healthy()) return;
    up = true;
    everUp = true;
    stopRecovering();
    logger.info({ redis: address }, `Redis is back at ${address}; rate limits are shared again`);
  }

  const cluster: Cluster = {
    up: () => up && !closing,
    connection() {
      if (!conn) throw new AppError('INTERNAL', 'The Redis connection of the rate limits is not there yet.');
      return conn;
    },
    subscriberReady: () => sub?.status === 'ready',
    namespace,
    degrade(reason) {
      if (closing) return;
      if (up) {
        up = false;
        logger.warn(
          { redis: address, reason: reasonOf(reason, options.redisUrl) },
          `Redis failed at ${address}; rate limits are per instance (degraded) until it is back`,
        );
        startRecovering();
      }
      for (const listener of [...downListeners]) listener();
    },
    onDown(listener) {
      downListeners.add(listener);
      return () => downListeners.delete(listener);
    },
    claim(id) {
      if (claimed.has(id)) throw new AppError('INTERNAL', `The rate limiter "${id}" already exists on this limit backend; create it once per process.`);
      claimed.add(id);
      return () => claimed.delete(id);
    },
  };

  client.on('close', () => cluster.degrade(new Error('the connection was closed')));
  client.on('ready', () => void tryRecover());

  try {
    await waitReady(client, connectTimeoutMs);
    await withTimeout(client.ping(), connectTimeoutMs, 'PING');
    await withTimeout(connect(), connectTimeoutMs, 'connecting the subscriber');
    if (!healthy()) throw new Error('the connection was closed');
    up = true;
    everUp = true;
    logger.info({ redis: address, namespace }, `rate limits are shared through Redis at ${address}`);
  } catch (error) {
    // The clients keep reconnecting (redisClientOptions) and the probe below switches to Redis once it answers.
    logger.warn({ redis: address, reason: reasonOf(error, options.redisUrl) }, `Redis unreachable at ${address}; rate limits are per instance (degraded)`);
  }
  watching = true;
  if (!up) startRecovering();

  return {
    mode: () => (up && !closing ? 'redis' : 'local'),
    clustered: true,
    limiter(id, limiterOptions, jobOptions = {}) {
      const limiter = createSharedLimiter(id, limiterOptions, cluster, {
        clearDatastore: options.clearDatastore,
        ...(jobOptions.expirationMs !== undefined ? { expirationMs: jobOptions.expirationMs } : {}),
      });
      made.push(limiter);
      return limiter;
    },
    group(id, groupOptions) {
      return createGroup(
        groupOptions,
        (key, keyOptions, timeoutMs) => createSharedLimiter(`${id}:${key}`, keyOptions, cluster, { timeoutMs }),
        // Before the limits were ever shared no limiter has Redis state, so idle keys go as with local limits.
        () => (up && !closing) || !everUp,
        made,
      );
    },
    close() {
      closed ??= (async () => {
        // No probe may make a connection (or switch modes) behind close()'s back.
        watching = false;
        stopRecovering();
        closeSignal.abort();
        await recovering;
        await Promise.all(made.splice(0).map((limiter) => limiter.dispose()));
        closing = true;
        stopRecovering();
        const connection = conn;
        if (!connection) {
          // Redis never answered: only the client (a given one too) is there to close.
          client.disconnect();
          return;
        }
        // Clears every clustered limiter's heartbeat and quits both connections (a given client too);
        // a QUIT to a client that is down could wait for its reconnection, so that one is cut.
        if (healthy()) await connection.disconnect(true).catch(() => connection.disconnect(false));
        else await connection.disconnect(false);
      })();
      return closed;
    },
  };
}
