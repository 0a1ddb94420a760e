import { describeError } from '../core/logger.js';

/**
 * Why a send to a chat failed, as the delivery code needs to act on it. The bot's Telegram adapter
 * (src/bot/telegram-chat-sender.ts) maps Bot API errors into these; tests fake them directly.
 */
export type ChatSendFailure =
  /** 403: kicked, blocked or lost the right to post. Nothing more is sent until the bot is back. */
  | { kind: 'blocked'; description: string }
  /** The group became a supergroup with a new id. */
  | { kind: 'migrated'; to: number; description: string }
  /** A flood 429 the send queue gave up waiting out. */
  | { kind: 'rate-limited'; retryAfterSec: number; description: string }
  /** Any other 400 (chat not found, bad HTML): retrying will not help. */
  | { kind: 'rejected'; description: string }
  /** A network error or anything else: worth another try later. */
  | { kind: 'other'; description: string };

/** A failed send, carrying its typed reason. */
export class ChatSendError extends Error {
  constructor(
    readonly failure: ChatSendFailure,
    options?: { cause?: unknown },
  ) {
    super(failure.description, options);
    this.name = 'ChatSendError';
  }
}

/** The typed reason of any error a send (or the work around it) threw. */
export function chatSendFailureOf(error: unknown): ChatSendFailure {
  if (error instanceof ChatSendError) return error.failure;
  return { kind: 'other', description: describeError(error) };
}

/**
 * Sends HTML messages to chats, within Telegram's rate limits (the adapter goes through the bot's
 * send queue). The port subscriptions/ sends through, so it never sees Telegram or the queue.
 */
export interface ChatSender {
  /**
   * Sends one HTML message (no link preview), with inline buttons if given, as a reply to `replyTo` when
   * given (sent anyway if that message is gone); resolves with the message id when the adapter knows it.
   * Rejects with a {@link ChatSendError}.
   */
  sendHtml(chatId: number, html: string, options?: { buttons?: ChatButton[][]; replyTo?: number }): Promise<{ messageId: number } | void>;
}

/** An inline button under a delivered message: its label and its callback data (at most 64 bytes). */
export interface ChatButton {
  text: string;
  data: string;
}
