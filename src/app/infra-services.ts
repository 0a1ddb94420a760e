import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { describeError } from '../core/logger.js';
import type { Config } from '../config/config.js';
import { createCpuPool } from '../infra/cpu-pool.js';
import { type InstanceIdentity, createInstanceIdentity, isProcessAlive, reclaimPredecessorClaims } from '../infra/instance-owner.js';
import { createMetrics } from '../infra/metrics.js';
import { createModelLimiter } from '../infra/model-limiter.js';
import { createSendQueue } from '../infra/send-queue.js';
import { createLimitBackend } from '../infra/shared-limits.js';
import type { WorkerPool } from '../infra/worker-pool.js';
import { telegramErrorCode } from '../bot/telegram-errors.js';
import { openStore } from '../store/open-store.js';
import type { AppContext, AppOverrides } from './app-context.js';
import type { Lifecycle } from './lifecycle.js';

/**
 * Names this process in claims and leases: unique per run, with a stable part by which a restart
 * recognises (and frees at once) what its crashed predecessor held.
 */
export function instanceIdentity(config: Config): InstanceIdentity {
  return createInstanceIdentity({
    instanceId: config.instance.id,
    hostname: hostname(),
    pid: process.pid,
    random: randomBytes(3).toString('hex'),
    localDatabase: !config.database.url,
    isProcessAlive,
  });
}

/** The store, limits, metrics, send queue and worker threads, each registered to stop in reverse. */
export async function createInfraServices(context: AppContext, lifecycle: Lifecycle) {
  const { config, logger, overrides } = context;
  if (!config.database.url && config.databasePath !== ':memory:') mkdirSync(dirname(resolve(config.databasePath)), { recursive: true });
  const store = await openStore(config, {
    ...(overrides.sqliteBusyTimeoutMs !== undefined ? { sqliteBusyTimeoutMs: overrides.sqliteBusyTimeoutMs } : {}),
    onError: (error) => logger.warn({ err: error.message }, 'database connection error (the pool reconnects)'),
  });
  lifecycle.running({ name: 'store', start() {}, stop: () => store.close() });
  await reclaimClaims(context, store.claims);
  // Telegram's limits are per bot, so the Redis keys are too: two bots on one Redis never share them.
  const limits = await createLimitBackend({ redisUrl: config.redisUrl, logger, namespace: `kabar:${context.token.split(':')[0]}` });
  lifecycle.running({ name: 'limits', start() {}, stop: () => limits.close() });
  const modelLimiter = createModelLimiter({
    maxConcurrent: config.openai.maxConcurrency,
    requestsPerMinute: config.openai.requestsPerMinute,
    requestTimeoutMs: config.openai.timeoutMs,
    limits,
  });
  lifecycle.running({ name: 'model limiter', start() {}, stop: () => modelLimiter.stop() });
  const metrics = createMetrics();
  const sender = metrics.instrumentSender(createSendQueue({ onRetry: metrics.onSendRetry, limits }), telegramErrorCode);
  metrics.watchSendQueue(sender);
  const workers = createWorkers(config, overrides, logger);
  if (workers) lifecycle.running({ name: 'worker threads', start() {}, stop: () => workers.close() });
  lifecycle.running({ name: 'send queue', start() {}, stop: () => sender.stop(5000) });
  return { store, limits, modelLimiter, metrics, sender, workers };
}

export type InfraServices = Awaited<ReturnType<typeof createInfraServices>>;

/** Before anything claims: a job, lease or delivery our crashed predecessor held is free again now. */
async function reclaimClaims(context: AppContext, claims: Parameters<typeof reclaimPredecessorClaims>[0]): Promise<void> {
  await reclaimPredecessorClaims(claims, context.identity).then(
    ({ owners, released }) => {
      if (owners.length > 0) context.logger.info({ owners, released }, 'freed the claims of an earlier run of this instance');
    },
    (error: unknown) => context.logger.warn({ err: describeError(error) }, 'could not free the claims of an earlier run'),
  );
}

/** How long a worker thread stays after its last job; a burst reuses it, an idle bot gives its memory back. */
const WORKER_IDLE_MS = 60_000;

/**
 * Page extraction and the built-in engine run in worker threads under a time limit: a hostile page is
 * stopped with a clear error instead of stalling every chat and /healthz. No thread is kept warm: each costs
 * about 27 MB idle, and a cold one adds its start-up (module loading) to the first article after an idle minute.
 */
function createWorkers(config: Config, overrides: AppOverrides, logger: AppContext['logger']): WorkerPool | undefined {
  const threads = config.workers.threads ?? 2;
  if (overrides.createDigestService || threads <= 0) return undefined;
  return createCpuPool({
    threads,
    warmThreads: 0,
    idleTimeoutMs: WORKER_IDLE_MS,
    timeLimitMs: config.workers.jobTimeLimitMs,
    onError: (error) => logger.warn({ err: error }, 'a worker thread failed outside a job'),
  });
}
