import type { Telegraf } from 'telegraf';
import type { Language } from '../../digest/schema.js';
import { botTexts } from '../bot-texts.js';
import { parseLanguageWord } from '../chat-language.js';
import { type CommandDeps, chatLanguage, isGroup, replyHtml } from './command-context.js';

const RESET_WORDS = new Set(['auto', 'reset', 'default', 'otomatis']);

/** `/lang en|id|auto` sets the chat's digest language (admins only in groups); `/lang` shows it. */
export function registerLang(bot: Telegraf, deps: CommandDeps): void {
  bot.command('lang', async (ctx) => {
    const word = ctx.payload.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const settings = await deps.store.chatSettings.get(ctx.chat.id);
    const current = await chatLanguage(deps, ctx);
    let chosen: Language | null;
    if (RESET_WORDS.has(word)) chosen = null;
    else {
      const parsed = parseLanguageWord(word);
      if (parsed === null) {
        // No or unknown argument: show the setting and how to change it.
        replyHtml(deps, ctx, botTexts(current).langCurrent(settings.language));
        return;
      }
      chosen = parsed;
    }
    if (isGroup(ctx) && !(await deps.admin.canChangeSettings(ctx.message))) {
      replyHtml(deps, ctx, botTexts(current).adminOnly);
      return;
    }
    await deps.store.chatSettings.setLanguage(ctx.chat.id, chosen);
    // Subscription digests follow the chat's language too.
    await deps.store.subscriptions.updateDeliverySettings(ctx.chat.id, { language: chosen });
    deps.logger.info({ updateId: ctx.update.update_id, chatId: ctx.chat.id, language: chosen }, 'chat language set');
    replyHtml(deps, ctx, botTexts(await chatLanguage(deps, ctx)).langSet(chosen));
  });
}
