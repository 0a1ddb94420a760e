import { Telegram } from 'telegraf';
import { describeError } from '../core/logger.js';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { ChatSender, ChatSendFailure } from '../subscriptions/chat-sender.js';
import { ChatSendError } from '../subscriptions/chat-sender.js';
import { type TelegramFailure, telegramFailure } from './telegram-errors.js';

/** The send queue (src/infra/send-queue.ts) as the bot uses it: Telegram's flood limits, 429 retry_after. */
export interface MessageSender {
  run<T>(chatId: number, call: () => Promise<T>): Promise<T>;
  /** Calls waiting or running (the send queue's backlog); absent = never backlogged. */
  depth?(): number;
}

/** Where an HTML message goes and what it carries besides the text. */
export interface HtmlOptions {
  /** The message this one replies to (sent even if that one is gone). */
  replyTo?: number | undefined;
  /** Forum topic, so the answer lands in the same topic. */
  threadId?: number | undefined;
  keyboard?: InlineKeyboardMarkup | undefined;
}

/** A Bot API call that failed, with its error read once (`failure` is null for a network error). */
export class TelegramCallError extends Error {
  constructor(
    readonly failure: TelegramFailure | null,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'TelegramCallError';
  }
}

/** Every message the bot sends or edits goes through this: the send queue, HTML, no link preview. */
export interface TelegramOutbound {
  sendHtml(chatId: number, html: string, options?: HtmlOptions): Promise<{ messageId: number }>;
  /** Resolves false when Telegram answered "message is not modified" (the text is already there). */
  editHtml(chatId: number, messageId: number, html: string, options?: Pick<HtmlOptions, 'keyboard'>): Promise<boolean>;
  /**
   * "typing…". Chat actions are not messages and do not count toward flood limits, so they skip the
   * send queue: queued, each would cost a private chat its 1-message-per-second turn.
   */
  sendTyping(chatId: number, threadId?: number): Promise<void>;
  /** Sends and edits waiting in the send queue: a backlog means a placeholder would cost an answer its slot. */
  queueDepth?(): number;
}

/** Message options every bot message uses: HTML, no link preview, threaded when replying. */
export function htmlExtra(options: HtmlOptions = {}) {
  return {
    parse_mode: 'HTML' as const,
    link_preview_options: { is_disabled: true },
    ...(options.replyTo !== undefined ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
    ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
    ...(options.keyboard ? { reply_markup: options.keyboard } : {}),
  };
}

type OutboundTelegram = Pick<Telegram, 'sendMessage' | 'editMessageText' | 'sendChatAction'>;

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof TelegramCallError ? error : new TelegramCallError(telegramFailure(error), error);
  }
}

export function createTelegramOutbound(telegram: OutboundTelegram, sender: MessageSender): TelegramOutbound {
  return {
    async sendHtml(chatId, html, options = {}) {
      const message = await call(() => sender.run(chatId, () => telegram.sendMessage(chatId, html, htmlExtra(options))));
      return { messageId: message.message_id };
    },
    async editHtml(chatId, messageId, html, options = {}) {
      try {
        await call(() => sender.run(chatId, () => telegram.editMessageText(chatId, messageId, undefined, html, htmlExtra(options))));
        return true;
      } catch (error) {
        if (error instanceof TelegramCallError && error.failure?.notModified) return false;
        throw error;
      }
    },
    async sendTyping(chatId, threadId) {
      await call(() => telegram.sendChatAction(chatId, 'typing', threadId !== undefined ? { message_thread_id: threadId } : {}));
    },
    queueDepth: () => sender.depth?.() ?? 0,
  };
}

/** A Bot API failure as the delivery code's typed reason. */
function toChatSendFailure(failure: TelegramFailure | null, description: string): ChatSendFailure {
  if (!failure) return { kind: 'other', description };
  if (failure.blocked) return { kind: 'blocked', description };
  if (failure.migrateTo !== null) return { kind: 'migrated', to: failure.migrateTo, description };
  if (failure.retryAfter !== null) return { kind: 'rate-limited', retryAfterSec: failure.retryAfter, description };
  if (failure.code === 400) return { kind: 'rejected', description };
  return { kind: 'other', description };
}

/** The subscriptions' ChatSender port on top of the outbound adapter. */
export function createTelegramChatSender(outbound: Pick<TelegramOutbound, 'sendHtml'>): ChatSender {
  return {
    async sendHtml(chatId, html, options = {}) {
      const buttons = options.buttons?.map((row) => row.map((button) => ({ text: button.text, callback_data: button.data })));
      try {
        return await outbound.sendHtml(chatId, html, {
          ...(buttons && buttons.length > 0 ? { keyboard: { inline_keyboard: buttons } } : {}),
          ...(options.replyTo !== undefined ? { replyTo: options.replyTo } : {}),
        });
      } catch (error) {
        const failure = error instanceof TelegramCallError ? error.failure : null;
        const description = failure?.description ?? describeError(error);
        throw new ChatSendError(toChatSendFailure(failure, description), { cause: error });
      }
    },
  };
}

/** The one Bot API client of a process, its outbound adapter and the subscriptions' sender (main.ts wires these). */
export interface TelegramBoundary {
  /** Handed to createBot so updates and deliveries share one client. */
  client: Telegram;
  outbound: TelegramOutbound;
  chatSender: ChatSender;
}

export function createTelegramBoundary(options: { token: string; apiRoot: string; sender: MessageSender }): TelegramBoundary {
  // webhookReply off: an answer folded into the webhook response returns no message_id,
  // and the placeholder's id is needed to edit it into the digest.
  const client = new Telegram(options.token, { apiRoot: options.apiRoot, webhookReply: false });
  const outbound = createTelegramOutbound(client, options.sender);
  return { client, outbound, chatSender: createTelegramChatSender(outbound) };
}
