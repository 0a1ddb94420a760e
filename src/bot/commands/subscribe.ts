import { describeError } from '../../core/logger.js';
import type { Context, Telegraf } from 'telegraf';
import { isAppError } from '../../errors/app-error.js';
import { userMessage } from '../../errors/user-messages.js';
import { findPreset, type Preset } from '../../subscriptions/presets.js';
import { parseTopic, TOPIC_MAX_CHARS } from '../../subscriptions/topics.js';
import { type SubscriptionTexts, subscriptionTexts } from '../subscription-texts.js';
import { type CommandDeps, replyHtml, topicOf } from './command-context.js';
import { type CommandTarget, resolveTarget, type SubscriptionDeps } from './subscription-target.js';

const TOPIC_WORDS = new Set(['topic', 'topik']);
const URL_START = /^https?:\/\//i;

// Errors that mean "the address answered, but not with a feed"; others (unreachable, blocked) keep their own line.
const NOT_A_FEED_CODES = new Set(['INVALID_INPUT', 'UNSUPPORTED_CONTENT_TYPE', 'NOT_AN_ARTICLE']);

/** The preset a user means: its id, or its display name in any case. */
export function presetFor(presets: readonly Preset[], query: string): Preset | undefined {
  const wanted = query.trim().toLowerCase();
  return findPreset(presets, wanted) ?? presets.find((preset) => preset.name.toLowerCase() === wanted);
}

/** One line for a parseTopic error in the chat's language (parseTopic's own messages are English). */
function topicError(texts: SubscriptionTexts, error: unknown): string {
  const details = isAppError(error) ? (error.details as { character?: string; length?: number } | undefined) : undefined;
  if (typeof details?.character === 'string') return texts.topicBadCharacter(details.character);
  if (typeof details?.length === 'number') return texts.topicTooLong(TOPIC_MAX_CHARS);
  return texts.topicEmpty;
}

/**
 * `/subscribe <feed or page URL | preset | topic words>`, optionally `@channel` first (from a
 * private chat). The feed is fetched and validated before anything is saved; on success the newest
 * item goes out as a preview of what the chat will get.
 */
export function registerSubscribe(bot: Telegraf, deps: CommandDeps, subs: SubscriptionDeps): void {
  const now = subs.now ?? Date.now;
  bot.command('subscribe', async (ctx) => {
    const target = await resolveTarget(deps, ctx, ctx.payload, true);
    if (!target) return;
    const texts = subscriptionTexts(target.language);
    const words = target.rest.split(/\s+/).filter(Boolean);
    const first = words[0];
    if (!first) {
      replyHtml(deps, ctx, texts.subscribeUsage);
      return;
    }
    if (TOPIC_WORDS.has(first.toLowerCase())) {
      await subscribeTopic(ctx, target, words.slice(1).join(' '));
      return;
    }
    let url: string;
    if (URL_START.test(first)) url = first;
    else {
      const preset = presetFor(subs.presets, target.rest);
      if (!preset) {
        replyHtml(deps, ctx, texts.unknownPreset(target.rest));
        return;
      }
      url = preset.url;
    }
    await subscribeFeed(ctx, target, url);
  });

  async function subscribeTopic(ctx: Context, target: CommandTarget, words: string): Promise<void> {
    const texts = subscriptionTexts(target.language);
    let label: string;
    try {
      label = parseTopic(words).label;
    } catch (error) {
      replyHtml(deps, ctx, topicError(texts, error));
      return;
    }
    const [topics, feeds] = await Promise.all([subs.repo.topicsOf(target.chatId), subs.repo.feedsOf(target.chatId)]);
    if (topics.length >= subs.limits.topicsPerChat) {
      replyHtml(deps, ctx, texts.topicLimit(subs.limits.topicsPerChat));
      return;
    }
    const added = await subs.repo.addTopic(target.chatId, label, now());
    if (added) await rememberLanguage(target);
    deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, added }, 'topic subscribe');
    replyHtml(deps, ctx, added ? texts.topicAdded(label, feeds.length === 0) : texts.topicExists(label));
  }

  async function subscribeFeed(ctx: Context, target: CommandTarget, url: string): Promise<void> {
    const texts = subscriptionTexts(target.language);
    const feeds = await subs.repo.feedsOf(target.chatId);
    if (feeds.length >= subs.limits.feedsPerChat) {
      replyHtml(deps, ctx, texts.feedLimit(subs.limits.feedsPerChat));
      return;
    }
    let resolved: Awaited<ReturnType<SubscriptionDeps['feeds']['resolveAndAdd']>>;
    try {
      resolved = await subs.feeds.resolveAndAdd(url);
    } catch (error) {
      const code = isAppError(error) ? error.code : 'INTERNAL';
      deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, code, err: describeError(error) }, 'subscribe refused');
      replyHtml(deps, ctx, NOT_A_FEED_CODES.has(code) ? texts.notAFeed : userMessage(error, target.language));
      return;
    }
    const { feed, newest } = resolved;
    const title = feed.title ?? feed.url;
    const added = await subs.repo.subscribe(target.chatId, feed.id, now());
    deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, feedId: feed.id, added }, 'feed subscribe');
    if (!added) {
      replyHtml(deps, ctx, texts.alreadySubscribed(title));
      return;
    }
    await rememberLanguage(target);
    const hasPreview = newest !== null;
    const replyChat = ctx.chat?.id as number;
    const replyTo = ctx.message?.message_id;
    const threadId = ctx.message ? topicOf(ctx.message) : undefined;
    const confirmation = target.channel ? texts.subscribedChannel(title, target.channel, hasPreview) : texts.subscribed(title, hasPreview);
    // One task, in order: the confirmation must come before the preview it announces.
    deps.jobs.background(`subscribe:${ctx.update.update_id}`, async () => {
      await deps.outbound.sendHtml(replyChat, confirmation, { replyTo, threadId });
      if (newest) await subs.delivery.sendPreview(target.chatId, newest);
    });
  }

  /** Digests for the chat come in the language it was subscribed in, until the chat says otherwise. */
  async function rememberLanguage(target: CommandTarget): Promise<void> {
    const settings = await subs.repo.getDeliverySettings(target.chatId);
    if (settings.language === null) await subs.repo.updateDeliverySettings(target.chatId, { language: target.language });
  }
}
