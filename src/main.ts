import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isRejectedToken, telegramErrorCode } from './bot/telegram-errors.js';
import { createTelegramBoundary } from './bot/telegram-outbound.js';
import { createBot } from './bot/create-bot.js';
import { registerCommands } from './bot/commands-menu.js';
import { createDigestLocks } from './infra/digest-locks.js';
import { createHttpServer } from './infra/http-server.js';
import { createInstanceIdentity, isProcessAlive, reclaimPredecessorClaims } from './infra/instance-owner.js';
import { type LaunchedBot, launchBot, webhookUrl } from './bot/launch.js';
import { createMetrics } from './infra/metrics.js';
import { createModelLimiter } from './infra/model-limiter.js';
import { createQuota } from './bot/quota.js';
import { createSendQueue } from './infra/send-queue.js';
import { createLimitBackend } from './infra/shared-limits.js';
import { subscriptionTexts } from './bot/subscription-texts.js';
import { type Config, parseConfig } from './config/config.js';
import type { DigestService } from './digest/digest-service.js';
import { AppError, toAppError } from './errors/app-error.js';
import { type LogSink, type Logger, createLogger, redactSecrets } from './infra/logger.js';
import { createCpuPool } from './infra/cpu-pool.js';
import type { WorkerPool } from './infra/worker-pool.js';
import { createPipeline } from './pipeline.js';
import { createTelegramUploads } from './bot/documents/telegram-files.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/repositories.js';
import { createDeliveryService } from './subscriptions/delivery-service.js';
import { createLayeredDigestCache } from './digest/memory-cache.js';
import { createFeedFetcher } from './subscriptions/feed-fetcher.js';
import { createFeedService } from './subscriptions/feed-service.js';
import { createStoryClusterer } from './subscriptions/story-clusters.js';
import { loadPresets } from './subscriptions/presets.js';

/** Test and benchmark hooks; production passes none. */
export interface AppOverrides {
  /** Listen here instead of PORT (0 = any free port). */
  port?: number;
  /** Interface to bind; default all. */
  host?: string;
  /** Where log lines go (default stdout). */
  logDestination?: LogSink;
  /** Clock for the quota and the extractive engine. */
  now?: () => Date;
  /** fetch for the model client, before the model limiter wraps it. */
  modelFetch?: typeof fetch;
  /** Replaces the digest pipeline (benchmarks with a fake engine). */
  createDigestService?: (config: Config, store: Store) => DigestService;
  /** How long shutdown waits for in-flight digests; default 10 s. */
  drainTimeoutMs?: number;
  /** SQLite lock wait before SQLITE_BUSY (default 5000 ms): tests of a locked database. */
  sqliteBusyTimeoutMs?: number;
  /** The bot stopped on its own after start-up (token revoked, another poller). Default: log it. */
  onFatal?: (error: unknown) => void;
}

/** A started bot process. */
export interface RunningApp {
  config: Config;
  /** The HTTP port actually bound (/healthz, and the webhook in webhook mode). */
  port: number;
  logger: Logger;
  /** Graceful shutdown: stop taking updates, finish in-flight digests (bounded), close the database. Idempotent. */
  stop(reason?: string): Promise<void>;
}

const DEFAULT_DRAIN_MS = 10_000;
/** The preset catalogue shipped with Kabar, found from this file so any working directory works. */
const BUNDLED_SOURCES = fileURLToPath(new URL('../config/sources.json', import.meta.url));

/**
 * parseConfig plus what only the bot needs: a token, and in webhook mode a domain and a secret.
 * Throws CONFIG_INVALID with a one-line message naming the variable.
 */
export function loadBotConfig(env: Record<string, string | undefined>): Config {
  const config = parseConfig(env);
  if (!config.telegram.token) {
    throw new AppError(
      'CONFIG_INVALID',
      'TELEGRAM_BOT_TOKEN is not set — create a bot with @BotFather and put its token in .env (see .env.example)',
    );
  }
  if (config.telegram.mode === 'webhook') {
    const missing = [
      ...(config.telegram.webhookDomain ? [] : ['WEBHOOK_DOMAIN']),
      ...(config.telegram.webhookSecret ? [] : ['WEBHOOK_SECRET']),
    ];
    if (missing.length > 0) {
      throw new AppError(
        'CONFIG_INVALID',
        `BOT_MODE=webhook needs ${missing.join(' and ')} (the public HTTPS domain Telegram posts to, and a secret of A-Z, a-z, 0-9, _ and -)`,
      );
    }
  }
  return config;
}

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.then(
      () => {},
      () => {},
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}

/** The composition root: builds every part from the environment and starts the bot. */
export async function startApp(env: Record<string, string | undefined>, overrides: AppOverrides = {}): Promise<RunningApp> {
  const config = loadBotConfig(env);
  const token = config.telegram.token as string;
  const logger = createLogger(config.logLevel, {
    secrets: [token, config.openai.apiKey, config.telegram.webhookSecret],
    ...(overrides.logDestination ? { destination: overrides.logDestination } : {}),
  });
  const now = overrides.now ?? (() => new Date());
  const drainMs = overrides.drainTimeoutMs ?? DEFAULT_DRAIN_MS;

  // Names this process in claims and leases: unique per run, with a stable part by which a restart
  // recognises (and frees at once) what its crashed predecessor held (src/bot/instance-owner.ts).
  const identity = createInstanceIdentity({
    instanceId: config.instance.id,
    hostname: hostname(),
    pid: process.pid,
    random: randomBytes(3).toString('hex'),
    localDatabase: !config.database.url,
    isProcessAlive,
  });
  const owner = identity.owner;
  const leaseMs = config.instance.leaseMs;
  const nowMs = () => now().getTime();
  if (!config.database.url && config.databasePath !== ':memory:') mkdirSync(dirname(resolve(config.databasePath)), { recursive: true });
  const store = await openStore(config, {
    ...(overrides.sqliteBusyTimeoutMs !== undefined ? { sqliteBusyTimeoutMs: overrides.sqliteBusyTimeoutMs } : {}),
    onError: (error) => logger.warn({ err: error.message }, 'database connection error (the pool reconnects)'),
  });
  // Before anything claims: a job, lease or delivery our crashed predecessor held is free again now.
  await reclaimPredecessorClaims(store.claims, identity).then(
    ({ owners, released }) => {
      if (owners.length > 0) logger.info({ owners, released }, 'freed the claims of an earlier run of this instance');
    },
    (error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not free the claims of an earlier run'),
  );
  // Telegram's limits are per bot, so the Redis keys are too: two bots on one Redis never share them.
  const limits = await createLimitBackend({ redisUrl: config.redisUrl, logger, namespace: `kabar:${token.split(':')[0]}` }).catch(
    async (error: unknown) => {
      await store.close().catch(() => {});
      throw error;
    },
  );
  const modelLimiter = createModelLimiter({
    maxConcurrent: config.openai.maxConcurrency,
    requestsPerMinute: config.openai.requestsPerMinute,
    requestTimeoutMs: config.openai.timeoutMs,
    limits,
  });
  const metrics = createMetrics();
  const sender = metrics.instrumentSender(createSendQueue({ onRetry: metrics.onSendRetry, limits }), telegramErrorCode);
  metrics.watchSendQueue(sender);
  let http: ReturnType<typeof createHttpServer> | undefined;
  let launched: LaunchedBot | undefined;
  let workers: WorkerPool | undefined;
  let stopping = false;
  let subscriptionServices: { feeds: { start(): void; stop(): Promise<void> }; delivery: { start(): void; stop(): Promise<void> } } | undefined;
  const stopSubscriptions = async (ms: number) => {
    await withTimeout(Promise.all([subscriptionServices?.feeds.stop(), subscriptionServices?.delivery.stop()]), ms);
  };

  try {
    // Page extraction and the built-in engine run in worker threads under a time limit: a hostile page
    // is stopped with a clear error instead of stalling every chat and /healthz.
    const threads = config.workers.threads ?? 2;
    if (!overrides.createDigestService && threads > 0) {
      workers = createCpuPool({
        threads,
        timeLimitMs: config.workers.jobTimeLimitMs,
        onError: (error) => logger.warn({ err: error }, 'a worker thread failed outside a job'),
      });
    }
    const digestService =
      overrides.createDigestService?.(config, store) ??
      createPipeline(config, {
        ...(workers ? { workers } : {}),
        // Warm answers read memory, not the database: a bounded LRU, each digest held at most 10 minutes (less if the store keeps it less).
        cache: createLayeredDigestCache(store.digestCache, { ttlMs: Math.min(config.digestCacheTtlMs, 10 * 60_000), now: nowMs }),
        now,
        // Files sent to the bot: getFile and the file URL on TELEGRAM_API_ROOT (a self-hosted Bot API works).
        uploads: createTelegramUploads({ token, apiRoot: config.telegram.apiRoot }),
        modelFetch: modelLimiter.wrapFetch(metrics.instrumentModelFetch(overrides.modelFetch ?? fetch)),
        // Two instances asked for one article at once make one model call: the lease holder runs it.
        locks: createDigestLocks({
          leases: store.leases,
          owner,
          ttlMs: leaseMs,
          now: nowMs,
          onRenewError: (key, error) => logger.warn({ key, err: error instanceof Error ? error.message : String(error) }, 'digest lease renewal failed'),
        }),
      });
    const quota = createQuota({ repo: store.quota, limitPerHour: config.userDigestsPerHour, now: nowMs });

    // Subscriptions: one poller per feed URL, one outbox; both run only while the bot is up.
    const presets = loadPresets(config.subscriptions.sourcesPath ?? BUNDLED_SOURCES);
    const repo = store.subscriptions;
    // Preset feeds get a row (and so an id) the first time a topic-only chat needs them.
    let presetIds: Promise<number[]> | undefined;
    const presetFeedIds = () => {
      presetIds ??= Promise.all(
        presets.map(async (preset) => (await repo.upsertFeed(preset.url, { title: preset.name, language: preset.language }, nowMs())).id),
      ).catch((error: unknown) => {
        presetIds = undefined;
        throw error;
      });
      return presetIds;
    };
    const feeds = createFeedService({
      repo,
      fetcher: createFeedFetcher({
        timeoutMs: config.fetch.timeoutMs,
        maxBytes: config.fetch.maxBytes,
        allowPrivate: config.fetch.allowPrivate,
        ...(config.fetch.userAgent ? { userAgent: config.fetch.userAgent } : {}),
      }),
      now: nowMs,
      owner,
      leaseMs,
      pollIntervalSec: config.subscriptions.pollIntervalSec,
      logger,
      // Preset feeds are polled for topic-only chats even when no chat follows them directly.
      presetFeedIds,
      // Story ids are fixed when items are stored, so the clusterer lives with the poller.
      clusterer: createStoryClusterer(),
    });
    // One Bot API client for deliveries and the bot, made first: deliveries must not wait for the bot object that needs them.
    const telegram = createTelegramBoundary({ token, apiRoot: config.telegram.apiRoot, sender });
    const delivery = createDeliveryService({
      repo,
      digestService,
      chat: telegram.chatSender,
      now: nowMs,
      defaultLanguage: config.defaultLanguage,
      presetFeedIds,
      logger,
      metrics,
      owner,
      leaseMs,
    });
    metrics.watchBacklog({
      deliveriesPending: () => repo.countPendingDeliveries(),
      ...(config.instance.jobQueue === 'database' ? { jobsPending: () => store.jobs.countPending() } : {}),
    });
    feeds.onNewItems((feed, items) => delivery.handleNewItems(feed, items));
    feeds.onFeedDisabled(async (feed, chatIds) => {
      for (const chatId of chatIds) {
        const settings = await repo.getDeliverySettings(chatId);
        const text = subscriptionTexts(settings.language ?? config.defaultLanguage).feedDisabled(feed.title ?? feed.url, feed.url);
        await telegram.chatSender
          .sendHtml(chatId, text)
          .catch((error: unknown) => logger.warn({ chatId, feedId: feed.id, err: error }, 'could not tell a chat its feed was disabled'));
      }
    });
    subscriptionServices = { feeds, delivery };

    const kabar = createBot({
      token,
      telegram: telegram.client,
      apiRoot: config.telegram.apiRoot,
      digestService,
      store,
      sender,
      quota,
      defaultLanguage: config.defaultLanguage,
      logger,
      metrics,
      failUpdatesOnStoreOutage: config.telegram.mode === 'webhook',
      // Shared queue: whichever instance Telegram's webhook reaches stores the job, any instance runs it.
      ...(config.instance.jobQueue === 'database' ? { jobQueue: { repo: store.jobs, owner, leaseMs, now: nowMs } } : {}),
      subscriptions: {
        repo,
        feeds,
        delivery,
        presets,
        limits: { feedsPerChat: config.subscriptions.maxFeedsPerChat, topicsPerChat: config.subscriptions.maxTopicsPerChat },
        now: nowMs,
      },
    });
    const { bot } = kabar;
    const mode = config.telegram.mode;
    const path = config.telegram.webhookPath;
    const secret = config.telegram.webhookSecret;

    http = createHttpServer({
      port: overrides.port ?? config.port,
      ...(overrides.host ? { host: overrides.host } : {}),
      health: () => ({ ok: !stopping, mode }),
      logger,
      metrics,
      ...(mode === 'webhook' && secret ? { webhook: { path, secret, handle: (update) => bot.handleUpdate(update as never) } } : {}),
    });
    const { port } = await http.listen();

    try {
      await registerCommands(bot.telegram);
    } catch (error) {
      // The menu is a convenience; a failure here must not keep the bot from answering.
      logger.warn({ err: error }, 'setMyCommands failed');
    }
    launched = await launchBot(
      bot,
      mode === 'webhook'
        ? { mode, url: webhookUrl(config.telegram.webhookDomain as string, path), secret: secret as string }
        : { mode },
      {
        onFatal:
          overrides.onFatal ??
          ((error) => logger.fatal({ err: error }, 'the bot stopped receiving updates')),
      },
    );
    // Only once the bot is up: a start that fails must not have polled feeds or sent deliveries.
    kabar.startJobs();
    feeds.start();
    delivery.start();
    logger.info(
      { mode, port, username: bot.botInfo?.username, presets: presets.length, store: store.kind, jobQueue: config.instance.jobQueue, instance: owner },
      'kabar is running',
    );

    let stopped: Promise<void> | undefined;
    const stop = (reason = 'stop') => {
      stopped ??= (async () => {
        stopping = true;
        logger.info({ reason }, 'shutting down: no new updates, finishing digests in progress');
        // First: no new polls or deliveries; an interrupted delivery stays pending in the outbox.
        await stopSubscriptions(5000);
        await launched?.stopUpdates(5000);
        // Finishes this instance's digest jobs (bounded) and hands the rest to the other instances.
        await withTimeout(kabar.stopJobs(drainMs), drainMs + 1000);
        await kabar.idle(drainMs);
        await withTimeout(sender.stop(5000), 6000);
        await withTimeout(workers?.close() ?? Promise.resolve(), 2000);
        await http?.close(2000);
        await withTimeout(modelLimiter.stop(), 2000);
        await withTimeout(limits.close(), 2000);
        await store.close();
        logger.info('stopped');
      })();
      return stopped;
    };
    return { config, port, logger, stop };
  } catch (error) {
    stopping = true;
    await stopSubscriptions(1000);
    await launched?.stopUpdates(1000);
    await http?.close(1000);
    await withTimeout(sender.stop(1000), 1500);
    await withTimeout(workers?.close() ?? Promise.resolve(), 1000);
    await withTimeout(modelLimiter.stop(), 1000);
    await withTimeout(limits.close(), 1000);
    await store.close().catch(() => {});
    throw error;
  }
}

/** One line for stderr when start-up fails: no stack, no secrets. */
export function startupFailureMessage(error: unknown, secrets: ReadonlyArray<string | undefined> = []): string {
  const appError = toAppError(error);
  if (appError.code === 'CONFIG_INVALID') return appError.message;
  if (isRejectedToken(error)) {
    return 'Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized) — check the token with @BotFather';
  }
  return `could not start: ${redactSecrets(appError.message.split('\n')[0] ?? '', secrets)}`;
}

async function main(): Promise<void> {
  // The bot process is an entry point: it alone reads process.env (and an optional .env file).
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = process.env;
  const secrets = [env.TELEGRAM_BOT_TOKEN, env.OPENAI_API_KEY, env.WEBHOOK_SECRET];
  let app: RunningApp | undefined;
  try {
    app = await startApp(env, {
      onFatal: (error) => {
        process.stderr.write(`kabar: ${startupFailureMessage(error, secrets)}\n`);
        void app?.stop('fatal').finally(() => process.exit(1));
      },
    });
  } catch (error) {
    process.stderr.write(`kabar: ${startupFailureMessage(error, secrets)}\n`);
    process.exit(1);
  }
  const running = app;
  // One stray promise (a late Bot API error) must not take every chat down with it.
  process.on('unhandledRejection', (reason) => running.logger.error({ err: reason }, 'unhandled rejection'));
  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    // A second Ctrl-C means "now": skip the drain.
    if (signals > 1) process.exit(1);
    running.stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
