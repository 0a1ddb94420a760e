import type { Context, Telegraf } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { describeError } from '../../core/logger.js';
import { cleanText, escapeHtml, labelsFor, shortenAtWord } from '../../digest/render/index.js';
import type { Digest, Language } from '../../digest/schema.js';
import type { ChatButton } from '../../subscriptions/chat-sender.js';
import type { ReminderRecord } from '../../subscriptions/reminders.js';
import { dueText, type ReminderOffer, type ReminderService } from '../../subscriptions/reminders-service.js';
import { parseRemindCallbackData, parseUnremindCallbackData, REMIND_DATA, remindCallbackData, UNREMIND_DATA, unremindCallbackData } from '../jobs/callback-data.js';
import { answerButton, type CommandDeps, chatLanguage, topicOf } from './command-context.js';

const BUTTONS_PER_ROW = 5;
/** A next step in the list is cut here; the reminder itself carries it whole. */
const STEP_CHARS = 160;

/** What the bot says about reminders, in both languages. */
export function reminderTexts(language: Language) {
  const en = language === 'en';
  return {
    set: (due: string) => (en ? `Reminder set for ${due}. /reminders lists them.` : `Pengingat dipasang untuk ${due}. /reminders menampilkan daftarnya.`),
    exists: en ? 'This reminder is already set.' : 'Pengingat ini sudah dipasang.',
    cap: (cap: number) => (en
      ? `This chat already has ${cap} reminders, the most it can have. Remove one with /reminders first.`
      : `Obrolan ini sudah punya ${cap} pengingat, batas maksimumnya. Hapus satu lewat /reminders dulu.`),
    unknown: en ? 'This button has expired; summarize the article again.' : 'Tombol ini sudah kedaluwarsa; ringkas artikelnya lagi.',
    past: en ? 'That day has already passed.' : 'Hari itu sudah lewat.',
    adminOnly: en ? 'Only group admins can set or remove reminders here.' : 'Hanya admin grup yang bisa memasang atau menghapus pengingat di sini.',
    removed: en ? 'Reminder removed.' : 'Pengingat dihapus.',
    alreadyRemoved: en ? 'Already removed or sent.' : 'Sudah dihapus atau sudah dikirim.',
    empty: en
      ? 'No reminders. Press “Remind me” under a digest whose next step has a date.'
      : 'Belum ada pengingat. Tekan “Ingatkan saya” di bawah ringkasan yang langkah selanjutnya bertanggal.',
    heading: en ? 'Reminders of this chat' : 'Pengingat obrolan ini',
    removeButton: (n: number) => `✖ ${n}`,
  };
}

/** One button row per dated next step: "⏰ Remind me · 12 June 2026". Keys that do not fit are left out. */
export function reminderButtons(offers: readonly ReminderOffer[], language: Language): ChatButton[][] {
  return offers.flatMap((offer) => {
    const data = remindCallbackData(offer.key);
    return data ? [[{ text: `⏰ ${labelsFor(language).remindMe} · ${dueText(offer.due, language)}`, data }]] : [];
  });
}

/** The Remind-me rows under a bot digest (runner's `digestButtons`). */
export function digestReminderButtons(reminders: Pick<ReminderService, 'offers'>) {
  return async (chatId: number, digest: Digest, language: Language): Promise<InlineKeyboardButton[][]> =>
    reminderButtons(await reminders.offers(chatId, digest), language).map((row) => row.map((b) => ({ text: b.text, callback_data: b.data })));
}

/** The /reminders list and its "✖ n" buttons. */
export function renderReminderList(list: readonly ReminderRecord[], language: Language) {
  const texts = reminderTexts(language);
  if (list.length === 0) return { html: escapeHtml(texts.empty), keyboard: [] as InlineKeyboardButton[][] };
  const lines = list.map((reminder, i) => {
    const { candidate } = reminder;
    return `${i + 1}. <b>${escapeHtml(dueText(candidate.due, language))}</b> — ${escapeHtml(shortenAtWord(cleanText(candidate.step), STEP_CHARS))}`;
  });
  const buttons = list.map((reminder, i) => ({ text: texts.removeButton(i + 1), callback_data: unremindCallbackData(reminder.id) }));
  const keyboard: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) keyboard.push(buttons.slice(i, i + BUTTONS_PER_ROW));
  return { html: `<b>${escapeHtml(texts.heading)}</b>\n${lines.join('\n')}`, keyboard };
}

/** In groups only admins set or remove reminders: each one is a message to the whole group. */
async function mayChange(deps: CommandDeps, ctx: Context, chat: { id: number; type: string }): Promise<boolean> {
  return deps.admin.canChangeSettings({ chat: chat as never, from: ctx.from });
}

/** /reminders, the Remind-me button and the remove buttons. */
export function registerReminders(bot: Telegraf, deps: CommandDeps, reminders: ReminderService): void {
  bot.command('reminders', async (ctx) => {
    const language = await chatLanguage(deps, ctx);
    const { html, keyboard } = renderReminderList(await reminders.list(ctx.chat.id), language);
    const chatId = ctx.chat.id;
    const where = { replyTo: ctx.message.message_id, threadId: topicOf(ctx.message) };
    deps.jobs.background(`reminders:${ctx.update.update_id}`, async () => {
      await deps.outbound.sendHtml(chatId, html, { ...where, keyboard: keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined });
    });
  });

  bot.action(REMIND_DATA, async (ctx) => {
    const query = ctx.callbackQuery;
    const parsed = 'data' in query ? parseRemindCallbackData(query.data) : null;
    const chat = query.message?.chat;
    const language = await chatLanguage(deps, ctx);
    const texts = reminderTexts(language);
    if (!parsed || !chat) return answerButton(deps, ctx);
    if (!(await mayChange(deps, ctx, chat))) return answerButton(deps, ctx, texts.adminOnly);
    const { outcome, reminder } = await reminders.remind(chat.id, parsed.key);
    deps.logger.info({ updateId: ctx.update.update_id, chatId: chat.id, outcome, reminderId: reminder?.id }, 'remind-me button');
    const answer = {
      added: reminder ? texts.set(dueText(reminder.candidate.due, language)) : texts.exists,
      exists: texts.exists,
      cap: texts.cap(reminders.cap),
      unknown: texts.unknown,
      past: texts.past,
    }[outcome];
    await answerButton(deps, ctx, answer);
  });

  bot.action(UNREMIND_DATA, async (ctx) => {
    const query = ctx.callbackQuery;
    const parsed = 'data' in query ? parseUnremindCallbackData(query.data) : null;
    const message = query.message;
    const language = await chatLanguage(deps, ctx);
    const texts = reminderTexts(language);
    if (!parsed || !message) return answerButton(deps, ctx);
    if (!(await mayChange(deps, ctx, message.chat))) return answerButton(deps, ctx, texts.adminOnly);
    const removed = await reminders.remove(message.chat.id, parsed.reminderId);
    deps.logger.info({ updateId: ctx.update.update_id, chatId: message.chat.id, reminderId: parsed.reminderId, removed }, 'reminder remove button');
    await answerButton(deps, ctx, removed ? texts.removed : texts.alreadyRemoved);
    // Redraw so the numbers and buttons match what is left.
    const { html, keyboard } = renderReminderList(await reminders.list(message.chat.id), language);
    deps.jobs.background(`unrem-edit:${ctx.update.update_id}`, async () => {
      await deps.outbound.editHtml(message.chat.id, message.message_id, html, { keyboard: keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined })
        .catch((error: unknown) => deps.logger.debug({ err: describeError(error) }, 'reminder list redraw failed'));
    });
  });
}
