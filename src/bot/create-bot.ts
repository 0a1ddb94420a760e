import { isAppError } from '../errors/app-error.js';
import { type Telegram, Telegraf } from 'telegraf';
import type { Logger } from '../core/logger.js';
import { describeError } from '../core/logger.js';
import { message } from 'telegraf/filters';
import type { DigestService } from '../digest/digest-service.js';
import type { Language } from '../digest/schema.js';
import type { DigestJobRepository, Store } from '../store/repositories.js';
import { createAdminCheck } from './admin.js';
import { registerAutoSummary } from './commands/autosummary.js';
import { registerChatMemberEvents } from './commands/chat-member.js';
import { registerGroupMessages } from './commands/group-messages.js';
import { registerLang } from './commands/lang.js';
import { registerLanguageButton, registerUnknownButtons } from './commands/language-button.js';
import { registerPrivateMessages } from './commands/private-messages.js';
import { registerSchedule } from './commands/schedule-command.js';
import { registerSources } from './commands/sources.js';
import { registerSubscribe } from './commands/subscribe.js';
import type { SubscriptionDeps } from './commands/subscription-target.js';
import { registerSubscriptionsList } from './commands/subscriptions-list.js';
import { registerUnsubscribe } from './commands/unsubscribe.js';
import type { CommandDeps } from './commands/command-context.js';
import { registerStartHelp } from './commands/start-help.js';
import { registerSummary } from './commands/summary.js';
import { registerDocumentRequests } from './documents/document-requests.js';
import { registerSettings } from './commands/settings.js';
import { digestReminderButtons, registerReminders } from './commands/reminders.js';
import type { ReminderService } from '../subscriptions/reminders-service.js';
import type { StoryService } from '../subscriptions/story-service.js';
import { combineDigestButtons, digestFollowButtons, registerStories } from './commands/stories.js';
import { registerInline } from './inline/inline-mode.js';
import type { KabarMetrics } from '../infra/metrics.js';
import { replyStoreOutage } from './store-outage.js';
import { isUnattributedServiceSender } from './quota.js';
import { createDatabaseDigestJobs, type DatabaseDigestJobs } from './jobs/database-queue.js';
import { createMemoryDigestJobs } from './jobs/memory-queue.js';
import type { DigestQuota } from './jobs/runner.js';
import type { DigestJobs } from './jobs/work-counter.js';
import { createTelegramOutbound, type MessageSender } from './telegram-outbound.js';

/** Everything the bot talks to, injected so tests run against a local fake Bot API. */
export interface BotDeps {
  token: string;
  /** Bot API root, e.g. https://api.telegram.org or a local fake. */
  apiRoot: string;
  /** The process's one Bot API client (createTelegramBoundary), shared with deliveries; made here when absent. */
  telegram?: Telegram;
  digestService: DigestService;
  store: Store;
  /** The send queue (src/infra/send-queue.ts): every send and edit goes through `run`. */
  sender: MessageSender;
  quota: DigestQuota;
  defaultLanguage: Language;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** Bot username without @, if known up front (tests); otherwise from getMe at launch. */
  botUsername?: string;
  /** Feed and topic subscriptions (/subscribe, /schedule…); without it those commands are not offered. */
  subscriptions?: SubscriptionDeps;
  /** Webhook mode: STORE_UNAVAILABLE escapes the handler so the webhook answers 503 and Telegram redelivers. */
  failUpdatesOnStoreOutage?: boolean;
  /** Prometheus counters (src/infra/metrics.ts); optional so tests need none. */
  metrics?: Pick<KabarMetrics, 'updateHandled' | 'digest' | 'cacheHit'>;
  /**
   * The durable digest queue (JOB_QUEUE=database: several instances on one database).
   * Without it digests are queued in memory, per chat, in this process only.
   */
  jobQueue?: { repo: DigestJobRepository; owner: string; leaseMs: number; pollMs?: number; now?: () => number };
  /** How long an inline query waits for an uncached digest before offering "Summarize this link". Default 2 s. */
  inlineBudgetMs?: number;
  /** Next-step reminders: Remind-me buttons under digests and /reminders; without it neither is offered. */
  reminders?: ReminderService;
  /** Persisted stories: Follow this story under digests and /stories; without it neither is offered. */
  stories?: StoryService;
}

/** The bot and a way to wait for its background digest work. */
export interface KabarBot {
  bot: Telegraf;
  /** Resolves when in-flight digest jobs and replies are done, or after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
  /** Starts claiming jobs from the shared queue (no-op for the memory queue). */
  startJobs(): void;
  /**
   * Stops claiming, waits for this instance's jobs (at most `timeoutMs`) and hands its claims to the
   * other instances (no-op for the memory queue).
   */
  stopJobs(timeoutMs?: number): Promise<void>;
}

// Handlers only parse and queue (digests run in jobs/), so anything slower is a bug.
const HANDLER_TIMEOUT_MS = 30_000;

export function createBot(deps: BotDeps): KabarBot {
  const bot = new Telegraf(deps.token, {
    // webhookReply off: an answer folded into the webhook response returns no message_id,
    // and the placeholder's id is needed to edit it into the digest.
    telegram: { apiRoot: deps.apiRoot, webhookReply: false },
    handlerTimeout: HANDLER_TIMEOUT_MS,
  });
  if (deps.telegram) bot.telegram = deps.telegram;
  if (deps.botUsername) {
    const id = Number(deps.token.split(':')[0]);
    bot.botInfo = {
      id,
      is_bot: true,
      first_name: deps.botUsername,
      username: deps.botUsername,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
  }
  const { logger } = deps;
  const outbound = createTelegramOutbound(bot.telegram, deps.sender);
  const jobDeps = {
    outbound,
    digestService: deps.digestService,
    store: deps.store,
    quota: deps.quota,
    logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.reminders || deps.stories
      ? { digestButtons: combineDigestButtons([deps.reminders && digestReminderButtons(deps.reminders), deps.stories && digestFollowButtons(deps.stories)]) }
      : {}),
  };
  const durable: DatabaseDigestJobs | undefined = deps.jobQueue ? createDatabaseDigestJobs({ ...jobDeps, ...deps.jobQueue }) : undefined;
  const jobs: DigestJobs = durable ?? createMemoryDigestJobs(jobDeps);
  const commandDeps: CommandDeps = {
    telegram: bot.telegram,
    outbound,
    store: deps.store,
    jobs,
    admin: createAdminCheck({ telegram: bot.telegram, logger }),
    defaultLanguage: deps.defaultLanguage,
    logger,
    botUsername: () => bot.botInfo?.username ?? deps.botUsername ?? '',
    botId: () => bot.botInfo?.id ?? Number(deps.token.split(':')[0]),
  };

  bot.use(async (ctx, next) => {
    deps.metrics?.updateHandled();
    logger.debug({ updateId: ctx.update.update_id, chatId: ctx.chat?.id, type: ctx.updateType }, 'update');
    return next();
  });

  // An anonymous admin or channel without the chat it speaks for: no one to charge or trust as
  // admin. Telegram never sends this, so it is dropped unanswered rather than replied to.
  bot.use(async (ctx, next) => {
    if (ctx.message && isUnattributedServiceSender(ctx.message)) {
      logger.warn({ updateId: ctx.update.update_id, chatId: ctx.chat?.id, fromId: ctx.message.from?.id }, 'service-account message without sender_chat ignored');
      return;
    }
    return next();
  });

  // Group → supergroup: the old id stops working, so the settings move to the new one.
  bot.on(message('migrate_to_chat_id'), async (ctx) => {
    const to = ctx.message.migrate_to_chat_id;
    await deps.store.chatSettings.migrateChat(ctx.chat.id, to);
    await deps.subscriptions?.repo.migrateChat(ctx.chat.id, to);
    logger.info({ updateId: ctx.update.update_id, from: ctx.chat.id, to }, 'chat migrated to supergroup');
  });

  registerStartHelp(bot, commandDeps);
  registerSummary(bot, commandDeps);
  registerLang(bot, commandDeps);
  registerAutoSummary(bot, commandDeps);
  registerSettings(bot, commandDeps);
  if (deps.subscriptions) {
    const subs = deps.subscriptions;
    registerSubscribe(bot, commandDeps, subs);
    registerUnsubscribe(bot, commandDeps, subs);
    registerSubscriptionsList(bot, commandDeps, subs);
    registerSources(bot, commandDeps, subs);
    registerSchedule(bot, commandDeps, subs);
    registerChatMemberEvents(bot, commandDeps, subs);
  }
  if (deps.reminders) registerReminders(bot, commandDeps, deps.reminders);
  if (deps.stories) registerStories(bot, commandDeps, deps.stories);
  // Before the chat language button: it takes the presses under inline messages, which have no chat.
  registerInline(bot, { commands: commandDeps, digestService: deps.digestService, quota: deps.quota, telegram: bot.telegram, sender: deps.sender, budgetMs: deps.inlineBudgetMs ?? 2000 });
  registerLanguageButton(bot, commandDeps);
  registerDocumentRequests(bot, commandDeps);
  registerPrivateMessages(bot, commandDeps);
  registerGroupMessages(bot, commandDeps);
  // Last: a button press no bot.action above took.
  registerUnknownButtons(bot, commandDeps);

  bot.catch((error, ctx) => {
    // Webhook mode: a request the database could not take is failed back to Telegram, which
    // redelivers it (to any instance). Polling must not throw here: it would stop the loop.
    if (deps.failUpdatesOnStoreOutage && isAppError(error) && error.code === 'STORE_UNAVAILABLE') throw error;
    // Log and keep polling; the message only (a TelegramError's message carries no token).
    logger.error(
      { updateId: ctx.update.update_id, chatId: ctx.chat?.id, err: describeError(error) },
      'update handler failed',
    );
    // Polling: the update is confirmed all the same, so the user hears "temporarily unavailable" and can resend.
    replyStoreOutage(commandDeps, ctx, error);
  });

  return {
    bot,
    idle: (timeoutMs) => jobs.idle(timeoutMs),
    startJobs: () => durable?.start(),
    stopJobs: async (timeoutMs) => durable?.stop(timeoutMs),
  };
}
