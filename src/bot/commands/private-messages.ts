import type { Telegraf } from 'telegraf';
import { botTexts } from '../bot-texts.js';
import { findInput, isForwardedPost, type MessageLike } from '../message-input.js';
import { type CommandDeps, chatLanguage, enqueueDigest, replyHtml } from './command-context.js';

const USER_CONTENT = ['text', 'caption', 'photo', 'video', 'document', 'sticker', 'voice', 'audio', 'animation'];

/**
 * Private chats: a link, a forwarded channel post or a pasted article → digest; anything else
 * a user sends (a greeting, a sticker) → a one-line hint. Service messages are ignored.
 */
export function registerPrivateMessages(bot: Telegraf, deps: CommandDeps): void {
  bot.on('message', async (ctx, next) => {
    if (ctx.chat.type !== 'private') return next();
    const message = ctx.message as typeof ctx.message & MessageLike;
    const forwarded = isForwardedPost(message);
    if (!forwarded && !USER_CONTENT.some((field) => field in message)) return;
    const language = await chatLanguage(deps, ctx);
    // A forwarded post was chosen on purpose: let the ingestor judge even a short one.
    const found = findInput(message, { acceptShortText: forwarded });
    if (!found) {
      replyHtml(deps, ctx, botTexts(language).hint);
      return;
    }
    await enqueueDigest(deps, ctx, message, language, found);
  });
}
