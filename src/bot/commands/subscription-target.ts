import type { Context } from 'telegraf';
import { describeError } from '../../core/logger.js';
import type { Language } from '../../digest/schema.js';
import type { FeedItemRecord, FeedRecord, SubscriptionRepository } from '../../subscriptions/repositories.js';
import type { Preset } from '../../subscriptions/presets.js';
import { subscriptionTexts } from '../subscription-texts.js';
import { type CommandDeps, chatLanguage, isGroup, replyHtml } from './command-context.js';

/** What the subscription commands need from the feed service (src/subscriptions/feed-service.ts). */
export interface SubscriptionFeeds {
  /** Fetches and validates the feed (a page advertising one works too), saves it, marks its back catalogue seen. */
  resolveAndAdd(url: string): Promise<{ feed: FeedRecord; newest: FeedItemRecord | null }>;
}

/** What the bot needs from the delivery service (src/subscriptions/delivery-service.ts). */
export interface SubscriptionDelivery {
  sendPreview(chatId: number, item: FeedItemRecord): Promise<void>;
  /** The bot was kicked/blocked: stop sending, keep the subscriptions. */
  chatBlocked(chatId: number): Promise<void>;
  chatUnblocked(chatId: number): Promise<void>;
}

/** The optional `subscriptions` field of BotDeps: without it the subscription commands are not registered. */
export interface SubscriptionDeps {
  repo: SubscriptionRepository;
  feeds: SubscriptionFeeds;
  delivery: SubscriptionDelivery;
  presets: readonly Preset[];
  limits: { feedsPerChat: number; topicsPerChat: number };
  /** Epoch ms; injectable for tests. Default Date.now. */
  now?: () => number;
}

/** The chat a subscription command acts on: the current chat, or a channel linked from a private chat. */
export interface CommandTarget {
  chatId: number;
  /** "@channel" when acting on a channel, else null. */
  channel: string | null;
  /** The command's arguments after the @channel word. */
  rest: string;
  language: Language;
}

const CHANNEL_WORD = /^@[A-Za-z][A-Za-z0-9_]{3,31}$/;
const ADMIN_STATUSES = new Set(['creator', 'administrator']);

/**
 * Works out which chat a command acts on and whether the sender may act on it. `/cmd @channel …`
 * (private chats only) needs the sender to be an admin of the channel and the bot an admin that may
 * post there. In groups, changes are admin-only (`mutating`). Replies with the reason and returns
 * null when refused.
 */
export async function resolveTarget(deps: CommandDeps, ctx: Context, args: string, mutating: boolean): Promise<CommandTarget | null> {
  const language = await chatLanguage(deps, ctx);
  const texts = subscriptionTexts(language);
  const chat = ctx.chat;
  const message = ctx.message;
  if (!chat || !message) return null;
  const trimmed = args.trim();
  const first = trimmed.split(/\s+/)[0] ?? '';
  if (CHANNEL_WORD.test(first)) {
    if (chat.type !== 'private') {
      replyHtml(deps, ctx, texts.channelFromPrivate);
      return null;
    }
    const userId = ctx.from?.id;
    if (userId === undefined) return null;
    let target: { id: number; type: string };
    try {
      target = (await deps.telegram.getChat(first)) as { id: number; type: string };
    } catch (error) {
      deps.logger.info({ updateId: ctx.update.update_id, channel: first, err: describeError(error) }, 'getChat failed');
      replyHtml(deps, ctx, texts.channelNotFound(first));
      return null;
    }
    if (target.type !== 'channel' && target.type !== 'supergroup' && target.type !== 'group') {
      replyHtml(deps, ctx, texts.channelUnusable);
      return null;
    }
    if (!(await isAdmin(deps, target.id, userId))) {
      replyHtml(deps, ctx, texts.channelNotAdmin(first));
      return null;
    }
    // A bot posts in a channel only as an admin with can_post_messages (members cannot post there).
    const bot = await memberOf(deps, target.id, deps.botId());
    const botCanPost = bot?.status === 'administrator' && (target.type !== 'channel' || bot.can_post_messages === true);
    if (!botCanPost) {
      replyHtml(deps, ctx, texts.channelBotNotAdmin(first));
      return null;
    }
    return { chatId: target.id, channel: first, rest: trimmed.slice(first.length).trim(), language };
  }
  if (mutating && isGroup(ctx) && !(await deps.admin.canChangeSettings(message))) {
    replyHtml(deps, ctx, texts.adminOnly);
    return null;
  }
  return { chatId: chat.id, channel: null, rest: trimmed, language };
}

async function memberOf(deps: CommandDeps, chatId: number, userId: number): Promise<{ status: string; can_post_messages?: boolean } | null> {
  try {
    return (await deps.telegram.getChatMember(chatId, userId)) as { status: string; can_post_messages?: boolean };
  } catch (error) {
    deps.logger.warn({ chatId, err: describeError(error) }, 'getChatMember failed');
    return null;
  }
}

/** Whether `userId` is creator or administrator of `chatId` (false when Telegram cannot tell). */
export async function isAdmin(deps: CommandDeps, chatId: number, userId: number): Promise<boolean> {
  const member = await memberOf(deps, chatId, userId);
  return member !== null && ADMIN_STATUSES.has(member.status);
}

/** One removable entry of a chat's subscriptions, numbered as /subscriptions shows them: feeds first, then topics. */
export interface NumberedEntry {
  n: number;
  kind: 'feed' | 'topic';
  id: number;
  label: string;
  url?: string;
}

export async function numberedEntries(repo: SubscriptionRepository, chatId: number): Promise<NumberedEntry[]> {
  const [feeds, topics] = await Promise.all([repo.feedsOf(chatId), repo.topicsOf(chatId)]);
  const entries: NumberedEntry[] = [];
  for (const feed of feeds) entries.push({ n: entries.length + 1, kind: 'feed', id: feed.id, label: feed.title ?? feed.url, url: feed.url });
  for (const topic of topics) entries.push({ n: entries.length + 1, kind: 'topic', id: topic.id, label: topic.label });
  return entries;
}
