import type { Telegraf } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { splitTelegramHtml } from '../../digest/render/index.js';
import { CALLBACK_DATA_MAX_BYTES, htmlExtra } from '../digest-jobs.js';
import { subscriptionTexts } from '../subscription-texts.js';
import { type CommandDeps, chatLanguage, topicOf } from './shared.js';
import { isAdmin, type NumberedEntry, numberedEntries, resolveTarget, type SubscriptionDeps } from './subscriptions-shared.js';

const BUTTONS_PER_ROW = 5;

/**
 * Button data: `unsub:f:<feedId>` / `unsub:t:<topicId>`, plus `:<chatId>` when the list is of a
 * channel shown in a private chat. At most 8 + 20 + 1 + 20 bytes, well under Telegram's 64.
 */
export function removeCallbackData(entry: Pick<NumberedEntry, 'kind' | 'id'>, targetChatId?: number): string {
  const data = `unsub:${entry.kind === 'feed' ? 'f' : 't'}:${entry.id}${targetChatId !== undefined ? `:${targetChatId}` : ''}`;
  if (Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) throw new Error('callback data too long');
  return data;
}

const REMOVE_DATA = /^unsub:(f|t):(\d+)(?::(-?\d+))?$/;

export function parseRemoveCallbackData(data: string): { kind: 'feed' | 'topic'; id: number; targetChatId: number | null } | null {
  const match = REMOVE_DATA.exec(data);
  if (!match) return null;
  return { kind: match[1] === 'f' ? 'feed' : 'topic', id: Number(match[2]), targetChatId: match[3] !== undefined ? Number(match[3]) : null };
}

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
    const extra = {
      ...htmlExtra(index === 0 ? where.replyTo : undefined, where.threadId),
      ...(last && list.keyboard.length > 0 ? { reply_markup: { inline_keyboard: list.keyboard } } : {}),
    };
    await deps.sender.run(chatId, () => deps.telegram.sendMessage(chatId, part, extra));
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
    // Always answer, or the user's client shows a spinner on the button for a while.
    const answer = (text?: string) =>
      ctx.answerCbQuery(text).catch((error: unknown) =>
        deps.logger.warn({ updateId: ctx.update.update_id, err: error instanceof Error ? error.message : String(error) }, 'answerCallbackQuery failed'),
      );
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
      await deps.sender
        .run(message.chat.id, () =>
          deps.telegram.editMessageText(message.chat.id, message.message_id, undefined, text, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(single && list.keyboard.length > 0 ? { reply_markup: { inline_keyboard: list.keyboard } } : {}),
          }),
        )
        .catch((error: unknown) => deps.logger.debug({ err: error instanceof Error ? error.message : String(error) }, 'list redraw failed'));
      if (!single) await sendList(deps, message.chat.id, list, { threadId: topicOf(message) });
    });
  });
}
