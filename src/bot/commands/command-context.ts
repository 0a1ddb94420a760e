import type { Context, Telegram } from 'telegraf';
import { describeError, type Logger } from '../../core/logger.js';
import type { Language } from '../../digest/schema.js';
import { splitTelegramHtml } from '../../digest/render/index.js';
import { type FoundInput, toDigestInput } from '../message-input.js';
import type { Store } from '../../store/repositories.js';
import type { AdminCheck } from '../admin.js';
import { resolveLanguage } from '../chat-language.js';
import { quotaKeyOf, type QuotaSender } from '../quota.js';
import type { DigestJobs } from '../jobs/work-counter.js';
import { uploadRefusal } from '../documents/upload-check.js';
import type { TelegramOutbound } from '../telegram-outbound.js';

/** What every command module gets from createBot. */
export interface CommandDeps {
  /** Read-only Bot API calls (getChat, getChatMember); every send goes through `outbound`. */
  telegram: Pick<Telegram, 'getChat' | 'getChatMember'>;
  outbound: TelegramOutbound;
  store: Store;
  jobs: DigestJobs;
  admin: AdminCheck;
  defaultLanguage: Language;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** The bot's username without @ (for mentions); read lazily because getMe may answer late. */
  botUsername(): string;
  /** The bot's own user id, to recognise replies to its messages. */
  botId(): number;
}

/** The chat's language for a reply: chat setting > sender's Telegram language > default. */
export async function chatLanguage(deps: CommandDeps, ctx: Context, explicit?: Language | null): Promise<Language> {
  const chatId = ctx.chat?.id;
  const settings = chatId !== undefined ? await deps.store.chatSettings.get(chatId) : null;
  return resolveLanguage({
    explicit: explicit ?? null,
    chatSetting: settings?.language ?? null,
    userLanguageCode: ctx.from?.language_code ?? null,
    defaultLanguage: deps.defaultLanguage,
  });
}

/**
 * Sends an HTML reply threaded to the current message, through the send queue, in the background:
 * the send queue may hold it for the chat's rate limit, and the update handler must not wait.
 * A reply over Telegram's limit (long lists, echoed text) goes out in several messages, in order.
 */
export function replyHtml(deps: CommandDeps, ctx: Context, html: string): void {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const message = ctx.message;
  const threadId = message ? topicOf(message) : undefined;
  deps.jobs.background(`reply:${ctx.update.update_id}`, async () => {
    for (const [index, part] of splitTelegramHtml(html).entries()) {
      await deps.outbound.sendHtml(chatId, part, { replyTo: index === 0 ? message?.message_id : undefined, threadId });
    }
  });
}

/**
 * Answers a button press. Always answered, or the user's client shows a spinner on the button for a
 * while; a failed answer is only logged.
 */
export async function answerButton(deps: CommandDeps, ctx: Context, text?: string): Promise<void> {
  await ctx.answerCbQuery(text).catch((error: unknown) => deps.logger.warn({ updateId: ctx.update.update_id, err: describeError(error) }, 'answerCallbackQuery failed'));
}

/** The update's message thread id when it is in a forum topic. */
export function topicOf(message: object): number | undefined {
  const m = message as { is_topic_message?: boolean; message_thread_id?: number };
  return m.is_topic_message ? m.message_thread_id : undefined;
}

export const isGroup = (ctx: Context) => ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';

/**
 * Queues a digest of `found`, replying to `message` (in its forum topic, if any). Awaited by the
 * handler so that, with the shared queue, the webhook is answered only once the job is stored.
 */
export async function enqueueDigest(
  deps: CommandDeps,
  ctx: Context & { chat: { id: number }; from: { id: number } },
  message: { message_id: number } & QuotaSender,
  language: Language,
  found: FoundInput,
): Promise<void> {
  // An upload over the Bot API's limit or of a kind never read: one line, no download, no quota.
  const refusal = found.kind === 'file' ? uploadRefusal(found.file, language) : null;
  if (refusal !== null) return replyHtml(deps, ctx, refusal);
  const threadId = topicOf(message);
  await deps.jobs.enqueue({
    kind: 'new',
    updateId: ctx.update.update_id,
    chatId: ctx.chat.id,
    // The group or channel for messages sent on its behalf, not the shared service account.
    userId: quotaKeyOf({ from: ctx.from, sender_chat: message.sender_chat }),
    language,
    input: toDigestInput(found),
    replyToMessageId: message.message_id,
    ...(threadId !== undefined ? { threadId } : {}),
  });
}
