import type { Telegraf } from 'telegraf';
import { botTexts } from '../bot-texts.js';
import { findInput, type FoundInput, type MessageLike, messageBody } from '../message-input.js';
import { type CommandDeps, chatLanguage, enqueueDigest, isGroup, replyHtml } from './command-context.js';

/** True when the message @mentions the bot (a `mention` entity with its username). */
export function mentionsBot(message: MessageLike, username: string): boolean {
  const { text, entities } = messageBody(message);
  const handle = `@${username}`.toLowerCase();
  return entities.some((entity) => entity.type === 'mention' && text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === handle);
}

/**
 * Group messages that are not commands. With privacy mode on Telegram only delivers replies to the
 * bot and mentions; with /autosummary on (bot admin or privacy off) every link is digested. Plain
 * chatter is never answered, so a group is not flooded with hints.
 */
export function registerGroupMessages(bot: Telegraf, deps: CommandDeps): void {
  bot.on('message', async (ctx, next) => {
    if (!isGroup(ctx)) return next();
    const message = ctx.message as typeof ctx.message & MessageLike;
    const { entities } = messageBody(message);
    // Commands meant for other bots, or ones we do not know.
    if (entities.some((entity) => entity.type === 'bot_command' && entity.offset === 0)) return;

    const repliedToBot = message.reply_to_message !== undefined && (ctx.message as { reply_to_message?: { from?: { id: number } } }).reply_to_message?.from?.id === deps.botId();
    const mentioned = mentionsBot(message, deps.botUsername());
    let found: FoundInput | null = null;
    if (mentioned || repliedToBot) {
      found = findInput(message);
      // "@KabarBot" as a reply to someone's link: digest that link.
      if (!found && mentioned && message.reply_to_message) found = findInput(message.reply_to_message);
    } else {
      const settings = await deps.store.chatSettings.get(ctx.chat.id);
      if (!settings.autoSummary) return;
      found = findInput(message);
      // Autosummary answers links only: long pasted chatter in a busy group is not a request.
      if (found?.kind !== 'url') return;
    }
    const language = await chatLanguage(deps, ctx);
    if (!found) {
      if (mentioned) replyHtml(deps, ctx, botTexts(language).hint);
      return;
    }
    await enqueueDigest(deps, ctx, message, language, found);
  });
}
