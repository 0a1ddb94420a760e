import type { Telegraf } from 'telegraf';
import { botTexts } from '../bot-texts.js';
import { type CommandDeps, chatLanguage, replyHtml } from './command-context.js';

/** /start (welcome: what to send, an example) and /help, in the chat's language. */
export function registerStartHelp(bot: Telegraf, deps: CommandDeps): void {
  bot.start(async (ctx) => replyHtml(deps, ctx, botTexts(await chatLanguage(deps, ctx)).welcome));
  bot.help(async (ctx) => replyHtml(deps, ctx, botTexts(await chatLanguage(deps, ctx)).help));
}
