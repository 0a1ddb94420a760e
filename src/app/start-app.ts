import { createTelegramBoundary } from '../bot/telegram-outbound.js';
import { loadBotConfig } from '../config/bot-config.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/logger.js';
import { createLogger } from '../infra/logger.js';
import type { AppContext, AppOverrides } from './app-context.js';
import { createDigestWiring } from './digest-wiring.js';
import { createInfraServices, instanceIdentity } from './infra-services.js';
import { createLifecycle } from './lifecycle.js';
import { createSubscriptionServices } from './subscription-services.js';
import { createTelegramServices } from './telegram-services.js';

/** A started bot process. */
export interface RunningApp {
  config: Config;
  /** The HTTP port actually bound (/healthz, and the webhook in webhook mode). */
  port: number;
  logger: Logger;
  /** Graceful shutdown: stop taking updates, finish in-flight digests (bounded), close the database. Idempotent. */
  stop(reason?: string): Promise<void>;
}

/**
 * The composition root: infra from config, then the app, then Telegram. Services start in that order
 * and stop in reverse through one path (src/app/lifecycle.ts), also when start-up fails half-way.
 */
export async function startApp(env: Record<string, string | undefined>, overrides: AppOverrides = {}): Promise<RunningApp> {
  const config = loadBotConfig(env);
  const token = config.telegram.token as string;
  const logger = createLogger(config.logLevel, {
    secrets: [token, config.openai.apiKey, config.telegram.webhookSecret],
    ...(overrides.logDestination ? { destination: overrides.logDestination } : {}),
  });
  const now = overrides.now ?? (() => new Date());
  const identity = instanceIdentity(config);
  const context: AppContext = { config, token, logger, now, nowMs: () => now().getTime(), identity, owner: identity.owner, overrides };
  const lifecycle = createLifecycle({ logger });
  let stopping = false;
  try {
    const infra = await createInfraServices(context, lifecycle);
    const digestService = createDigestWiring(context, infra);
    // One Bot API client for deliveries and the bot, made first: deliveries must not wait for the bot object.
    const telegram = createTelegramBoundary({ token, apiRoot: config.telegram.apiRoot, sender: infra.sender });
    const subscriptions = createSubscriptionServices(context, infra, digestService, telegram.chatSender);
    const front = createTelegramServices(context, infra, digestService, telegram, subscriptions, () => !stopping);
    lifecycle.add(front.httpService);
    lifecycle.add(front.botService);
    // Only once the bot is up: a start that fails must not have polled feeds or sent deliveries.
    for (const service of subscriptions.services) lifecycle.add(service);
    await lifecycle.startAll();
    logger.info(
      {
        mode: config.telegram.mode,
        port: front.port(),
        username: front.username(),
        presets: subscriptions.presets.length,
        store: infra.store.kind,
        jobQueue: config.instance.jobQueue,
        instance: context.owner,
      },
      'kabar is running',
    );
    let stopped: Promise<void> | undefined;
    const stop = (reason = 'stop') => {
      stopped ??= (async () => {
        stopping = true;
        logger.info({ reason }, 'shutting down: no new updates, finishing digests in progress');
        await lifecycle.stopAll(front.drainMs * 2 + 15_000);
        logger.info('stopped');
      })();
      return stopped;
    };
    return { config, port: front.port(), logger, stop };
  } catch (error) {
    stopping = true;
    await lifecycle.stopAll(5000);
    throw error;
  }
}
