import type { Telegraf } from 'telegraf';
import { botTexts } from '../bot-texts.js';
import { type CommandDeps, chatLanguage, isGroup, replyHtml } from './command-context.js';

const ON = new Set(['on', 'enable', 'yes', 'aktif', 'nyala', 'hidup']);
const OFF = new Set(['off', 'disable', 'no', 'nonaktif', 'mati']);

/**
 * `/autosummary on|off` (group admins): summarize every link posted in the group. `/autosummary`
 * alone shows the state to anyone; only changing it is admin-only.
 */
export function registerAutoSummary(bot: Telegraf, deps: CommandDeps): void {
  bot.command('autosummary', async (ctx) => {
    const language = await chatLanguage(deps, ctx);
    const texts = botTexts(language);
    if (!isGroup(ctx)) {
      replyHtml(deps, ctx, texts.autoSummaryPrivate);
      return;
    }
    const word = ctx.payload.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const wanted = ON.has(word) ? true : OFF.has(word) ? false : null;
    if (wanted === null) {
      const settings = await deps.store.chatSettings.get(ctx.chat.id);
      replyHtml(deps, ctx, texts.autoSummaryState(settings.autoSummary));
      return;
    }
    if (!(await deps.admin.canChangeSettings(ctx.message))) {
      replyHtml(deps, ctx, texts.adminOnly);
      return;
    }
    await deps.store.chatSettings.setAutoSummary(ctx.chat.id, wanted);
    deps.logger.info({ updateId: ctx.update.update_id, chatId: ctx.chat.id, autoSummary: wanted }, 'autosummary set');
    replyHtml(deps, ctx, texts.autoSummarySet(wanted));
  });
}
