import { TelegramError } from 'telegraf';

/** A Bot API error, read once from telegraf's TelegramError so no caller probes `response` by hand. */
export interface TelegramFailure {
  /** Bot API error_code (400, 403, 429…). */
  code: number;
  description: string;
  /** Seconds to wait, from a 429's `parameters.retry_after`; null otherwise. */
  retryAfter: number | null;
  /** The supergroup a group became (`parameters.migrate_to_chat_id`); null otherwise. */
  migrateTo: number | null;
  /** An edit that would change nothing (a double press, the same text): not a real failure. */
  notModified: boolean;
  /** 403: the bot was blocked, kicked or lost the right to post. */
  blocked: boolean;
}

/** The Bot API failure behind `error`, or null when it is not a Bot API answer (a network error, a bug). */
export function telegramFailure(error: unknown): TelegramFailure | null {
  if (!(error instanceof TelegramError)) return null;
  const parameters = error.parameters;
  return {
    code: error.code,
    description: error.description,
    retryAfter: typeof parameters?.retry_after === 'number' ? parameters.retry_after : null,
    migrateTo: typeof parameters?.migrate_to_chat_id === 'number' ? parameters.migrate_to_chat_id : null,
    notModified: error.code === 400 && error.description.includes('message is not modified'),
    blocked: error.code === 403,
  };
}

/** error_code of a Bot API error, null for anything else (for metrics' `instrumentSender`). */
export const telegramErrorCode = (error: unknown): number | null => telegramFailure(error)?.code ?? null;

/** Telegram refused the bot token (401, or 404 for a malformed one): start-up must stop with a clear line. */
export const isRejectedToken = (error: unknown): boolean => {
  const code = telegramErrorCode(error);
  return code === 401 || code === 404;
};
