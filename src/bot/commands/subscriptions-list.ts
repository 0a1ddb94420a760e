import type { Telegraf } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { splitTelegramHtml } from '../../digest/render/index.js';
import { describeError } from '../../core/logger.js';
import { parseRemoveCallbackData, REMOVE_DATA, removeCallbackData } from '../jobs/callback-data.js';
import { subscriptionTexts } from '../subscription-texts.js';
import { answerButton, type CommandDeps, chatLanguage, topicOf } from './command-context.js';
import { isAdmin, type NumberedEntry, numberedEntries, resolveTarget, type SubscriptionDeps } from './subscription-target.js';

const BUTTONS_PER_ROW = 5;

/**
 * The list and its "✖ n" buttons. Many feeds with long titles do not fit one message, so the list
 * comes as `parts` (each within Telegram's limit); the buttons go with the last one.
 */
export function renderList(entries: readonly NumberedEntry[], language: 'en' | 'id', channel: string | null, targetChatId?: number) {
  const texts = subscriptionTexts(language);
  if (entries.length === 0) return { parts: [texts.listEmpty], keyboard: [] as InlineKeyboardButton[][] };
  const buttons: InlineKeyboardButton[] = entries.map((entry) => ({ text: texts.removeButton(entry.n), callback_data: removeCallbackData(entry, targetChatId) }));
  const keyboard: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) keyboard.push(buttons.slice(i, i + BUTTONS_PER_ROW));
  return { parts: splitTelegramHtml(texts.list(entries, channel)), keyboard };
}

/** Sends the list's parts in order (in the forum topic, if any), the first replying to `replyTo`, the buttons on the last. */
async function sendList(deps: CommandDeps, chatId: number, list: ReturnType<typeof renderList>, where: { replyTo?: number; threadId?: number | undefined }): Promise<void> {
  for (const [index, part] of list.parts.entries()) {
    const last = index === list.parts.length - 1;
    await deps.outbound.sendHtml(chatId, part, {
      replyTo: index === 0 ? where.replyTo : undefined,
      threadId: where.threadId,
      keyboard: last && list.keyboard.length > 0 ? { inline_keyboard: list.keyboard } : undefined,
    });
  }
}

/** /subscriptions lists a chat's feeds and topics, numbered, with a remove button for each. */
export function registerSubscriptionsList(bot: Telegraf, deps: CommandDeps, subs: SubscriptionDeps): void {
  bot.command('subscriptions', async (ctx) => {
    const target = await resolveTarget(deps, ctx, ctx.payload, false);
    if (!target) return;
    const entries = await numberedEntries(subs.repo, target.chatId);
    const list = renderList(entries, target.language, target.channel, target.channel ? target.chatId : undefined);
    const chatId = ctx.chat.id;
    const where = { replyTo: ctx.message.message_id, threadId: topicOf(ctx.message) };
    deps.jobs.background(`subscriptions:${ctx.update.update_id}`, () => sendList(deps, chatId, list, where));
  });

  bot.action(REMOVE_DATA, async (ctx) => {
    const query = ctx.callbackQuery;
    const parsed = 'data' in query ? parseRemoveCallbackData(query.data) : null;
    const message = query.message;
    const language = await chatLanguage(deps, ctx);
    const texts = subscriptionTexts(language);
    const answer = (text?: string) => answerButton(deps, ctx, text);
    if (!parsed || !message) {
      await answer();
      return;
    }
    const targetChatId = parsed.targetChatId ?? message.chat.id;
    const allowed =
      parsed.targetChatId !== null && parsed.targetChatId !== message.chat.id
        ? await isAdmin(deps, targetChatId, ctx.from.id)
        : await deps.admin.canChangeSettings({ chat: message.chat, from: ctx.from });
    if (!allowed) {
      await answer(texts.adminOnly);
      return;
    }
    const removed = parsed.kind === 'feed' ? await subs.repo.unsubscribe(targetChatId, parsed.id) : await subs.repo.removeTopic(targetChatId, parsed.id);
    deps.logger.info({ updateId: ctx.update.update_id, chatId: targetChatId, kind: parsed.kind, id: parsed.id, removed }, 'unsubscribe button');
    await answer(removed ? texts.removed : texts.alreadyRemoved);
    // Redraw the list so the numbers and buttons match what is left.
    const entries = await numberedEntries(subs.repo, targetChatId);
    const channel = parsed.targetChatId !== null && parsed.targetChatId !== message.chat.id ? String(targetChatId) : null;
    const list = renderList(entries, language, channel, parsed.targetChatId ?? undefined);
    // One message: edited in place. Several: the pressed one (and its stale buttons) gives way to a fresh list.
    const single = list.parts.length === 1;
    const text = single ? (list.parts[0] as string) : texts.listMoved;
    deps.jobs.background(`unsub-edit:${ctx.update.update_id}`, async () => {
      await deps.outbound
        .editHtml(message.chat.id, message.message_id, text, { keyboard: single && list.keyboard.length > 0 ? { inline_keyboard: list.keyboard } : undefined })
        .catch((error: unknown) => deps.logger.debug({ err: describeError(error) }, 'list redraw failed'));
      if (!single) await sendList(deps, message.chat.id, list, { threadId: topicOf(message) });
    });
  });
}
