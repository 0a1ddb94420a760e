import type { Telegraf } from 'telegraf';
import { message } from 'telegraf/filters';
import { type CommandDeps, chatLanguage, enqueueDigest } from '../commands/command-context.js';
import { parseSummaryArgs } from '../commands/summary.js';
import { commandEnd, type MessageLike, messageBody } from '../message-input.js';

/** "/summary", "/summary@ThisBot", not "/summary@OtherBot" nor another command. */
function isSummaryFor(text: string, end: number, username: string): boolean {
  const [command, to] = text.slice(1, end).split('@');
  return command?.toLowerCase() === 'summary' && (to === undefined || to.toLowerCase() === username.toLowerCase());
}

/**
 * A file whose caption starts with `/summary` (`/summary id` picks the language), in any chat. Telegram does not
 * route captions as commands, so bot.command never sees these. Files without that caption go on: private chats
 * digest every file, and in groups `/summary` as a reply to a file works like a reply to a link.
 */
export function registerDocumentRequests(bot: Telegraf, deps: CommandDeps): void {
  bot.on(message('document'), async (ctx, next) => {
    const msg = ctx.message as typeof ctx.message & MessageLike;
    const end = commandEnd(msg);
    const { text } = messageBody(msg);
    if (end === 0 || !isSummaryFor(text, end, deps.botUsername())) return next();
    const { language: explicit } = parseSummaryArgs(text, end);
    const language = await chatLanguage(deps, ctx, explicit);
    await enqueueDigest(deps, ctx, msg, language, { kind: 'file', file: ctx.message.document });
  });
}
