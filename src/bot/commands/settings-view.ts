import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Language } from '../../digest/schema.js';
import type { ChatSettings } from '../../store/repositories.js';
import type { DeliverySettings } from '../../subscriptions/repositories.js';
import { type SettingsAction, settingsCallbackData } from '../jobs/callback-data.js';
import { subscriptionTexts } from '../subscription-texts.js';
import { settingsTexts } from './settings-texts.js';

/** Daily times offered by the picker; /schedule sets any others. */
export const DAILY_TIMES = ['06:00', '07:00', '08:00', '12:00', '18:00', '20:00'] as const;
/** "Twice daily": morning and evening. */
export const TWICE_DAILY = ['07:00', '19:00'] as const;
/** The quiet hours the toggle turns on; /quiet sets any others. */
export const DEFAULT_QUIET = { start: '22:00', end: '06:00' } as const;
/** Indonesia's three zones, as the buttons name them. */
export const ZONE_BUTTONS = [
  ['WIB', 'Asia/Jakarta', 'tz-wib'],
  ['WITA', 'Asia/Makassar', 'tz-wita'],
  ['WIT', 'Asia/Jayapura', 'tz-wit'],
] as const;

/** Everything the menu shows. */
export interface SettingsState {
  chatId: number;
  group: boolean;
  /** The language the menu is written in. */
  language: Language;
  chat: ChatSettings;
  delivery: DeliverySettings;
}

/** Which screen of the menu: the main one, the daily time picker, or the main one with the /timezone hint. */
export type SettingsScreen = 'main' | 'daily' | 'tz-other';

const mark = (on: boolean, text: string) => (on ? `✓ ${text}` : text);

export function renderSettings(state: SettingsState, screen: SettingsScreen): { html: string; keyboard: InlineKeyboardMarkup } {
  const t = settingsTexts(state.language);
  const sub = subscriptionTexts(state.language);
  const { chat, delivery } = state;
  const button = (text: string, action: SettingsAction): InlineKeyboardButton => ({ text, callback_data: settingsCallbackData(action, state.chatId) });
  const lines = [
    t.title,
    t.language(chat.language),
    ...(state.group ? [t.autoSummary(chat.autoSummary)] : []),
    sub.scheduleState(delivery.schedule, delivery.timeZone),
    sub.timeZoneState(delivery.timeZone),
    sub.quietState(delivery.quiet, delivery.timeZone),
    sub.pauseState(delivery.paused),
    t.subscriptionsPointer,
  ];
  if (screen === 'daily') {
    const slots = delivery.schedule.mode === 'slots' ? delivery.schedule.slots : [];
    const times = DAILY_TIMES.map((time) => button(mark(slots.length === 1 && slots[0] === time, time), `at-${time.replace(':', '')}`));
    return { html: [...lines, '', t.pickTime].join('\n'), keyboard: { inline_keyboard: [times.slice(0, 3), times.slice(3), [button(t.buttons.back, 'menu')]] } };
  }
  const slots = delivery.schedule.mode === 'slots' ? delivery.schedule.slots : null;
  const twice = slots !== null && slots.length === 2 && slots[0] === TWICE_DAILY[0] && slots[1] === TWICE_DAILY[1];
  const knownZone = ZONE_BUTTONS.some(([, zone]) => zone === delivery.timeZone);
  const rows: InlineKeyboardButton[][] = [
    [button(mark(chat.language === 'en', 'EN'), 'lang-en'), button(mark(chat.language === 'id', 'ID'), 'lang-id'), button(mark(chat.language === null, t.buttons.auto), 'lang-auto')],
    ...(state.group ? [[button(t.buttons.autoSummary(chat.autoSummary), chat.autoSummary ? 'auto-off' : 'auto-on')]] : []),
    [
      button(mark(slots === null, t.buttons.instant), 'instant'),
      button(mark(slots !== null && slots.length === 1, t.buttons.daily), 'daily'),
      button(mark(twice, t.buttons.twice), 'twice'),
    ],
    [...ZONE_BUTTONS.map(([name, zone, action]) => button(mark(delivery.timeZone === zone, name), action)), button(mark(!knownZone, t.buttons.other), 'tz-other')],
    [button(t.buttons.quiet(delivery.quiet !== null), delivery.quiet ? 'quiet-off' : 'quiet-on'), button(t.buttons.pause(delivery.paused), delivery.paused ? 'resume' : 'pause')],
  ];
  return { html: [...lines, ...(screen === 'tz-other' ? ['', t.otherZone] : [])].join('\n'), keyboard: { inline_keyboard: rows } };
}
