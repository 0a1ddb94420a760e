import type { Context } from 'telegraf';
import { escapeHtml } from '../digest/render/index.js';
import type { Language } from '../digest/schema.js';
import { isAppError } from '../errors/app-error.js';
import { userMessage } from '../errors/user-messages.js';
import { languageFromCode } from './chat-language.js';
import { type CommandDeps, replyHtml } from './commands/command-context.js';

/** The database could not take the update: PostgreSQL unreachable, or SQLite locked by another connection. */
export function isStoreOutage(error: unknown): boolean {
  return isAppError(error) && error.code === 'STORE_UNAVAILABLE';
}

/**
 * Polling mode, an update the database could not take: its offset is confirmed anyway (throwing would
 * stop the polling loop), so the user is told the bot is temporarily unavailable and can send it again.
 * Only where the user spoke to the bot — a private chat, a command, a button — never to every group
 * message. The language comes from the user's Telegram app: the chat's setting is in the database.
 */
export function replyStoreOutage(deps: CommandDeps, ctx: Context, error: unknown): boolean {
  if (!isStoreOutage(error) || ctx.chat === undefined) return false;
  const text = ctx.message && 'text' in ctx.message ? ctx.message.text : '';
  const addressed = ctx.chat.type === 'private' || ctx.callbackQuery !== undefined || text.startsWith('/');
  if (!addressed) return false;
  const language: Language = languageFromCode(ctx.from?.language_code) ?? deps.defaultLanguage;
  replyHtml(deps, ctx, escapeHtml(userMessage(error, language)));
  return true;
}
