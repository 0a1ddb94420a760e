import { fileURLToPath } from 'node:url';
import { subscriptionTexts } from '../bot/subscription-texts.js';
import type { DigestService } from '../digest/digest-service.js';
import type { ChatSender } from '../subscriptions/chat-sender.js';
import { createDeliveryService } from '../subscriptions/delivery-service.js';
import { createFeedFetcher } from '../subscriptions/feed-fetcher.js';
import { createFeedService } from '../subscriptions/feed-service.js';
import { loadPresets } from '../subscriptions/presets.js';
import { createStoryService } from '../subscriptions/story-service.js';
import { createReminderService } from '../subscriptions/reminders-service.js';
import { reminderButtons } from '../bot/commands/reminders.js';
import type { AppContext } from './app-context.js';
import type { InfraServices } from './infra-services.js';

/** The preset catalogue shipped with Kabar, found from this file so any working directory works. */
const BUNDLED_SOURCES = fileURLToPath(new URL('../../config/sources.json', import.meta.url));

/** Feeds polled once per URL and the delivery outbox; both run only while the bot is up. */
export function createSubscriptionServices(context: AppContext, infra: InfraServices, digestService: DigestService, chat: ChatSender) {
  const { config, logger, nowMs, owner } = context;
  const { store, metrics } = infra;
  const leaseMs = config.instance.leaseMs;
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
  const stories = createStoryService({
    repo: store.stories, now: nowMs, quietMs: config.subscriptions.storyQuietDays * 86_400_000, followCap: config.subscriptions.maxFollowedStoriesPerChat,
  });
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
    // Story ids are fixed when items are stored: the story table (shared by instances) assigns them.
    stories,
  });
  const reminders = createReminderService({
    reminders: store.reminders, repo, now: nowMs, presetFeedIds, cap: config.subscriptions.maxRemindersPerChat, logger,
  });
  const delivery = createDeliveryService({
    reminders: { ...reminders, buttons: reminderButtons },
    stories: store.stories,
    repo,
    digestService,
    chat,
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
      await chat.sendHtml(chatId, text).catch((error: unknown) => logger.warn({ chatId, feedId: feed.id, err: error }, 'could not tell a chat its feed was disabled'));
    }
  });
  return {
    presets,
    feeds,
    delivery,
    reminders,
    stories,
    services: [
      { name: 'feed poller', start: () => feeds.start(), stop: () => feeds.stop() },
      { name: 'deliveries', start: () => delivery.start(), stop: () => delivery.stop() },
    ],
  };
}
