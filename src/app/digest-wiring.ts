import { createTelegramUploads } from '../bot/documents/telegram-files.js';
import { describeError } from '../core/logger.js';
import type { DigestService } from '../digest/digest-service.js';
import { createLayeredDigestCache } from '../digest/memory-cache.js';
import { createDigestLocks } from '../infra/digest-locks.js';
import { createPipeline } from '../pipeline.js';
import type { AppContext } from './app-context.js';
import type { InfraServices } from './infra-services.js';

/** Warm answers read memory, not the database: each digest is held in memory at most this long. */
const MEMORY_CACHE_MS = 10 * 60_000;

/** The digest pipeline (or a benchmark's replacement) on the store's cache, leases and the model limiter. */
export function createDigestWiring(context: AppContext, infra: InfraServices): DigestService {
  const { config, logger, nowMs, overrides } = context;
  const { store, workers, modelLimiter, metrics } = infra;
  if (overrides.createDigestService) return overrides.createDigestService(config, store);
  return createPipeline(config, {
    ...(workers ? { workers } : {}),
    // A bounded LRU in front of the store, never holding a digest longer than the store keeps it.
    cache: createLayeredDigestCache(store.digestCache, { ttlMs: Math.min(config.digestCacheTtlMs, MEMORY_CACHE_MS), now: nowMs }),
    now: context.now,
    // Files sent to the bot: getFile and the file URL on TELEGRAM_API_ROOT (a self-hosted Bot API works).
    uploads: createTelegramUploads({ token: context.token, apiRoot: config.telegram.apiRoot }),
    modelFetch: modelLimiter.wrapFetch(metrics.instrumentModelFetch(overrides.modelFetch ?? fetch)),
    // Two instances asked for one article at once make one model call: the lease holder runs it.
    locks: createDigestLocks({
      leases: store.leases,
      owner: context.owner,
      ttlMs: config.instance.leaseMs,
      now: nowMs,
      onRenewError: (key, error) => logger.warn({ key, err: describeError(error) }, 'digest lease renewal failed'),
    }),
  });
}
