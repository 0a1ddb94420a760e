import type { Telegraf } from 'telegraf';
import type { Language } from '../../digest/schema.js';
import { botTexts } from '../bot-texts.js';
import { commandEnd, findInput, type MessageLike } from '../message-input.js';
import { type CommandDeps, chatLanguage, enqueueDigest, replyHtml } from './command-context.js';

/**
 * `/summary id` / `/summary en`: only these exact words, so an article pasted after /summary that
 * starts with "Indonesia…" is not mistaken for a language choice.
 */
const LANGUAGE_ARG = /^\s*(id|en)(?=\s|$)/i;

/** Splits `/summary [id|en] [link or text]` into the one-off language and where the input starts. */
export function parseSummaryArgs(text: string, commandLength: number): { language: Language | null; inputFrom: number } {
  const rest = text.slice(commandLength);
  const match = LANGUAGE_ARG.exec(rest);
  if (!match) return { language: null, inputFrom: commandLength };
  return { language: (match[1] as string).toLowerCase() as Language, inputFrom: commandLength + match[0].length };
}

/**
 * /summary everywhere: `/summary <link or text>`, or as a reply to a message with a link or
 * article (captions and text links included). Several links: the first one is digested, so a
 * group does not get a wall of digests from one message.
 */
export function registerSummary(bot: Telegraf, deps: CommandDeps): void {
  bot.command('summary', async (ctx) => {
    const message = ctx.message as typeof ctx.message & MessageLike;
    const { language: explicit, inputFrom } = parseSummaryArgs(message.text, commandEnd(message));
    const language = await chatLanguage(deps, ctx, explicit);
    const found =
      findInput(message, { from: inputFrom, acceptShortText: true }) ??
      (message.reply_to_message ? findInput(message.reply_to_message, { acceptShortText: true }) : null);
    if (!found) {
      replyHtml(deps, ctx, botTexts(language).summaryUsage);
      return;
    }
    await enqueueDigest(deps, ctx, message, language, found);
  });
}
