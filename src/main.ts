import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBot } from './bot/create-bot.js';
import { registerCommands } from './bot/commands-menu.js';
import { createHttpServer } from './bot/http-server.js';
import { type LaunchedBot, launchBot, webhookUrl } from './bot/launch.js';
import { createModelLimiter } from './bot/model-limiter.js';
import { createQuota } from './bot/quota.js';
import { createSendQueue } from './bot/send-queue.js';
import { type Config, parseConfig } from './config/config.js';
import type { DigestService } from './digest/digest-service.js';
import { AppError, toAppError } from './errors/app-error.js';
import { type LogSink, type Logger, createLogger, redactSecrets } from './logger.js';
import { createPipeline } from './pipeline.js';
import { openSqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/repositories.js';

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

  if (config.databasePath !== ':memory:') mkdirSync(dirname(resolve(config.databasePath)), { recursive: true });
  const store = openSqliteStore(config.databasePath);
  const modelLimiter = createModelLimiter({
    maxConcurrent: config.openai.maxConcurrency,
    requestsPerMinute: config.openai.requestsPerMinute,
  });
  const sender = createSendQueue();
  let http: ReturnType<typeof createHttpServer> | undefined;
  let launched: LaunchedBot | undefined;
  let stopping = false;

  try {
    const digestService =
      overrides.createDigestService?.(config, store) ??
      createPipeline(config, {
        cache: store.digestCache,
        now,
        modelFetch: modelLimiter.wrapFetch(overrides.modelFetch ?? fetch),
      });
    const quota = createQuota({ repo: store.quota, limitPerHour: config.userDigestsPerHour, now: () => now().getTime() });
    const kabar = createBot({
      token,
      apiRoot: config.telegram.apiRoot,
      digestService,
      store,
      sender,
      quota,
      defaultLanguage: config.defaultLanguage,
      logger,
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
    logger.info({ mode, port, username: bot.botInfo?.username }, 'kabar is running');

    let stopped: Promise<void> | undefined;
    const stop = (reason = 'stop') => {
      stopped ??= (async () => {
        stopping = true;
        logger.info({ reason }, 'shutting down: no new updates, finishing digests in progress');
        await launched?.stopUpdates(5000);
        await kabar.idle(drainMs);
        await withTimeout(sender.stop(5000), 6000);
        await http?.close(2000);
        await withTimeout(modelLimiter.stop(), 2000);
        await store.close();
        logger.info('stopped');
      })();
      return stopped;
    };
    return { config, port, logger, stop };
  } catch (error) {
    stopping = true;
    await launched?.stopUpdates(1000);
    await http?.close(1000);
    await withTimeout(sender.stop(1000), 1500);
    await withTimeout(modelLimiter.stop(), 1000);
    await store.close().catch(() => {});
    throw error;
  }
}

/** One line for stderr when start-up fails: no stack, no secrets. */
export function startupFailureMessage(error: unknown, secrets: ReadonlyArray<string | undefined> = []): string {
  const appError = toAppError(error);
  if (appError.code === 'CONFIG_INVALID') return appError.message;
  const status = (error as { response?: { error_code?: unknown } } | null)?.response?.error_code;
  if (status === 401 || status === 404) {
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
