import type { Telegraf } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { cleanText, escapeHtml, labelsFor, shortenAtWord } from '../../digest/render/index.js';
import type { Digest, Language } from '../../digest/schema.js';
import type { ChatButton } from '../../subscriptions/chat-sender.js';
import type { ReminderRecord } from '../../subscriptions/reminders.js';
import { dueText, type ReminderOffer, type ReminderService } from '../../subscriptions/reminders-service.js';
import { parseRemindCallbackData, parseUnremindCallbackData, REMIND_DATA, remindCallbackData, UNREMIND_DATA, unremindCallbackData } from '../jobs/callback-data.js';
import { answerButton, type CommandDeps, chatLanguage } from './command-context.js';
import { inLanguage } from '../bilingual.js';
import { buttonRows, listPress, onRemoveButton, replyWithList } from './removable-list.js';

/** A next step in the list is cut here; the reminder itself carries it whole. */
const STEP_CHARS = 160;

/** What the bot says about reminders, each text in English and Indonesian side by side. */
const REMINDER_TEXTS = {
  set: {
    en: (due: string) => `Reminder set for ${due}. /reminders lists them.`,
    id: (due: string) => `Pengingat dipasang untuk ${due}. /reminders menampilkan daftarnya.`,
  },
  exists: { en: 'This reminder is already set.', id: 'Pengingat ini sudah dipasang.' },
  cap: {
    en: (cap: number) => `This chat already has ${cap} reminders, the most it can have. Remove one with /reminders first.`,
    id: (cap: number) => `Obrolan ini sudah punya ${cap} pengingat, batas maksimumnya. Hapus satu lewat /reminders dulu.`,
  },
  unknown: { en: 'This button has expired; summarize the article again.', id: 'Tombol ini sudah kedaluwarsa; ringkas artikelnya lagi.' },
  past: { en: 'That day has already passed.', id: 'Hari itu sudah lewat.' },
  adminOnly: { en: 'Only group admins can set or remove reminders here.', id: 'Hanya admin grup yang bisa memasang atau menghapus pengingat di sini.' },
  removed: { en: 'Reminder removed.', id: 'Pengingat dihapus.' },
  alreadyRemoved: { en: 'Already removed or sent.', id: 'Sudah dihapus atau sudah dikirim.' },
  empty: {
    en: 'No reminders. Press “Remind me” under a digest whose next step has a date.',
    id: 'Belum ada pengingat. Tekan “Ingatkan saya” di bawah ringkasan yang langkah selanjutnya bertanggal.',
  },
  heading: { en: 'Reminders of this chat', id: 'Pengingat obrolan ini' },
  removeButton: { en: removeButton, id: removeButton },
};

function removeButton(n: number): string {
  return `✖ ${n}`;
}

/** What the bot says about reminders, in one language. */
export function reminderTexts(language: Language) {
  return inLanguage(REMINDER_TEXTS, language);
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
  const keyboard = buttonRows(list.map((reminder, i) => ({ text: texts.removeButton(i + 1), callback_data: unremindCallbackData(reminder.id) })));
  return { html: `<b>${escapeHtml(texts.heading)}</b>\n${lines.join('\n')}`, keyboard };
}

/** /reminders, the Remind-me button and the remove buttons. */
export function registerReminders(bot: Telegraf, deps: CommandDeps, reminders: ReminderService): void {
  bot.command('reminders', async (ctx) => {
    const language = await chatLanguage(deps, ctx);
    const { html, keyboard } = renderReminderList(await reminders.list(ctx.chat.id), language);
    replyWithList(deps, ctx, 'reminders', { parts: [html], keyboard });
  });

  // In groups only admins set or remove reminders: each one is a message to the whole group.
  bot.action(REMIND_DATA, async (ctx) => {
    const pressed = await listPress(deps, ctx, parseRemindCallbackData, reminderTexts);
    if (!pressed) return;
    const { parsed, message: { chat }, language, texts } = pressed;
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

  onRemoveButton(bot, deps, {
    data: UNREMIND_DATA,
    parse: parseUnremindCallbackData,
    texts: reminderTexts,
    remove: async ({ parsed, message, texts }, updateId) => {
      const removed = await reminders.remove(message.chat.id, parsed.reminderId);
      deps.logger.info({ updateId, chatId: message.chat.id, reminderId: parsed.reminderId, removed }, 'reminder remove button');
      return removed ? texts.removed : texts.alreadyRemoved;
    },
    render: async ({ message, language }) => renderReminderList(await reminders.list(message.chat.id), language),
    job: 'unrem-edit', redrawFailed: 'reminder list redraw failed',
  });
}
