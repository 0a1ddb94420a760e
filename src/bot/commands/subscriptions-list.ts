import type { Telegraf } from 'telegraf';
import { splitTelegramHtml } from '../../digest/render/index.js';
import { parseRemoveCallbackData, REMOVE_DATA, removeCallbackData } from '../jobs/callback-data.js';
import { subscriptionTexts } from '../subscription-texts.js';
import type { CommandDeps } from './command-context.js';
import { buttonRows, onRemoveButton, type RemovableList, replyWithList } from './removable-list.js';
import { isAdmin, type NumberedEntry, numberedEntries, resolveTarget, type SubscriptionDeps } from './subscription-target.js';

/**
 * The list and its "✖ n" buttons. Many feeds with long titles do not fit one message, so the list
 * comes as `parts` (each within Telegram's limit); the buttons go with the last one.
 */
export function renderList(entries: readonly NumberedEntry[], language: 'en' | 'id', channel: string | null, targetChatId?: number): RemovableList {
  const texts = subscriptionTexts(language);
  if (entries.length === 0) return { parts: [texts.listEmpty], keyboard: [] };
  const keyboard = buttonRows(entries.map((entry) => ({ text: texts.removeButton(entry.n), callback_data: removeCallbackData(entry, targetChatId) })));
  return { parts: splitTelegramHtml(texts.list(entries, channel)), keyboard };
}

/** /subscriptions lists a chat's feeds and topics, numbered, with a remove button for each. */
export function registerSubscriptionsList(bot: Telegraf, deps: CommandDeps, subs: SubscriptionDeps): void {
  bot.command('subscriptions', async (ctx) => {
    const target = await resolveTarget(deps, ctx, ctx.payload, false);
    if (!target) return;
    const entries = await numberedEntries(subs.repo, target.chatId);
    const list = renderList(entries, target.language, target.channel, target.channel ? target.chatId : undefined);
    replyWithList(deps, ctx, 'subscriptions', list);
  });

  // A channel's list (pressed in a private chat with the bot) is changed only by the channel's admins.
  const ofChannel = (parsed: { targetChatId: number | null }, chatId: number) => parsed.targetChatId !== null && parsed.targetChatId !== chatId;
  const targetOf = (parsed: { targetChatId: number | null }, message: { chat: { id: number } }) => parsed.targetChatId ?? message.chat.id;
  onRemoveButton(bot, deps, {
    data: REMOVE_DATA,
    parse: parseRemoveCallbackData,
    texts: subscriptionTexts,
    allowed: (parsed, message, from) =>
      ofChannel(parsed, message.chat.id) ? isAdmin(deps, targetOf(parsed, message), from.id) : deps.admin.canChangeSettings({ chat: message.chat, from }),
    remove: async ({ parsed, message, texts }, updateId) => {
      const targetChatId = targetOf(parsed, message);
      const removed = parsed.kind === 'feed' ? await subs.repo.unsubscribe(targetChatId, parsed.id) : await subs.repo.removeTopic(targetChatId, parsed.id);
      deps.logger.info({ updateId, chatId: targetChatId, kind: parsed.kind, id: parsed.id, removed }, 'unsubscribe button');
      return removed ? texts.removed : texts.alreadyRemoved;
    },
    render: async ({ parsed, message, language }) => {
      const targetChatId = targetOf(parsed, message);
      const channel = ofChannel(parsed, message.chat.id) ? String(targetChatId) : null;
      return renderList(await numberedEntries(subs.repo, targetChatId), language, channel, parsed.targetChatId ?? undefined);
    },
    job: 'unsub-edit',
    redrawFailed: 'list redraw failed',
  });
}
