import { registerCommands } from '../bot/commands-menu.js';
import { createBot } from '../bot/create-bot.js';
import { type LaunchedBot, launchBot, webhookUrl } from '../bot/launch.js';
import { createQuota } from '../bot/quota.js';
import type { TelegramBoundary } from '../bot/telegram-outbound.js';
import type { Service } from '../core/service.js';
import type { DigestService } from '../digest/digest-service.js';
import { createHttpServer } from '../infra/http-server.js';
import type { AppContext } from './app-context.js';
import type { InfraServices } from './infra-services.js';
import type { createSubscriptionServices } from './subscription-services.js';

const DEFAULT_DRAIN_MS = 10_000;

/**
 * The HTTP server (/healthz, /metrics, the webhook) and the bot. Telegram starts last and stops first:
 * no update is taken before everything it needs runs, and none after shutdown begins; then this
 * instance's digest jobs finish (bounded) and the rest are handed to the other instances.
 */
export function createTelegramServices(
  context: AppContext,
  infra: InfraServices,
  digestService: DigestService,
  telegram: TelegramBoundary,
  subscriptions: ReturnType<typeof createSubscriptionServices>,
  health: () => boolean,
) {
  const { config, logger, nowMs, owner, overrides } = context;
  const { store, sender, metrics } = infra;
  const drainMs = overrides.drainTimeoutMs ?? DEFAULT_DRAIN_MS;
  const mode = config.telegram.mode;
  const path = config.telegram.webhookPath;
  const secret = config.telegram.webhookSecret;
  const kabar = createBot({
    token: context.token,
    telegram: telegram.client,
    apiRoot: config.telegram.apiRoot,
    digestService,
    store,
    sender,
    quota: createQuota({ repo: store.quota, limitPerHour: config.userDigestsPerHour, now: nowMs }),
    defaultLanguage: config.defaultLanguage,
    logger,
    metrics,
    failUpdatesOnStoreOutage: mode === 'webhook',
    reminders: subscriptions.reminders,
    stories: subscriptions.stories,
    // Shared queue: whichever instance Telegram's webhook reaches stores the job, any instance runs it.
    ...(config.instance.jobQueue === 'database' ? { jobQueue: { repo: store.jobs, owner, leaseMs: config.instance.leaseMs, now: nowMs } } : {}),
    subscriptions: {
      repo: store.subscriptions,
      feeds: subscriptions.feeds,
      delivery: subscriptions.delivery,
      presets: subscriptions.presets,
      limits: { feedsPerChat: config.subscriptions.maxFeedsPerChat, topicsPerChat: config.subscriptions.maxTopicsPerChat },
      now: nowMs,
    },
  });
  const { bot } = kabar;
  const http = createHttpServer({
    port: overrides.port ?? config.port,
    ...(overrides.host ? { host: overrides.host } : {}),
    health: () => ({ ok: health(), mode }),
    logger,
    metrics,
    ...(mode === 'webhook' && secret ? { webhook: { path, secret, handle: (update) => bot.handleUpdate(update as never) } } : {}),
  });
  let port = 0;
  let launched: LaunchedBot | undefined;
  const httpService: Service = {
    name: 'http',
    start: async () => {
      port = (await http.listen()).port;
    },
    stop: () => http.close(2000),
  };
  const botService: Service = {
    name: 'telegram',
    async start() {
      // The menu is a convenience; a failure here must not keep the bot from answering.
      await registerCommands(bot.telegram).catch((error: unknown) => logger.warn({ err: error }, 'setMyCommands failed'));
      launched = await launchBot(
        bot,
        mode === 'webhook' ? { mode, url: webhookUrl(config.telegram.webhookDomain as string, path), secret: secret as string } : { mode },
        { onFatal: overrides.onFatal ?? ((error) => logger.fatal({ err: error }, 'the bot stopped receiving updates')) },
      );
      kabar.startJobs();
    },
    async stop() {
      await launched?.stopUpdates(5000);
      await kabar.stopJobs(drainMs);
      await kabar.idle(drainMs);
    },
  };
  return { httpService, botService, port: () => port, username: () => bot.botInfo?.username, drainMs };
}
