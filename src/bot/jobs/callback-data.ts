import type { Language } from '../../core/language.js';

/**
 * The codec of every inline button's callback_data. Telegram caps it at 64 bytes; each kind has a
 * pattern that `bot.action(…)` routes on, so a button's handler never sees another kind's data.
 */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** "Switch language" under a digest: `lang:<target>:<request key>`, `:n` when the digest had several parts. */
export const SWITCH_DATA = /^lang:(en|id):([A-Za-z0-9_-]+)(:n)?$/;

/** "✖ n" under /subscriptions: `unsub:f:<feedId>` / `unsub:t:<topicId>`, plus `:<chatId>` for a channel's list. */
export const REMOVE_DATA = /^unsub:(f|t):(\d+)(?::(-?\d+))?$/;

const fits = (data: string) => Buffer.byteLength(data) <= CALLBACK_DATA_MAX_BYTES;

/** "Follow this story" (`sf:<story id>`) and "Stop following" (`su:<story id>`): the codec lives with the deliveries that send it. */
export { FOLLOW_DATA, UNFOLLOW_DATA, followCallbackData, parseFollowCallbackData } from '../../subscriptions/delivery-follow-up.js';

/** "Remind me" under a digest: `rem:<candidate key>` (12 base64url characters, the candidate is stored). */
export const REMIND_DATA = /^rem:([A-Za-z0-9_-]{1,40})$/;
/** "✖ n" under /reminders: `unrem:<reminder id>`. */
export const UNREMIND_DATA = /^unrem:(\d{1,15})$/;

/** The Remind-me button's data, or null when the key would make it invalid or too long (the button is left out). */
export function remindCallbackData(key: string): string | null {
  const data = `rem:${key}`;
  return REMIND_DATA.test(data) && fits(data) ? data : null;
}

export function parseRemindCallbackData(data: string): { key: string } | null {
  const match = REMIND_DATA.exec(data);
  return match ? { key: match[1] as string } : null;
}

export function unremindCallbackData(reminderId: number): string {
  const data = `unrem:${reminderId}`;
  if (!UNREMIND_DATA.test(data)) throw new Error(`invalid reminder id ${reminderId}`);
  return data;
}

export function parseUnremindCallbackData(data: string): { reminderId: number } | null {
  const match = UNREMIND_DATA.exec(data);
  return match ? { reminderId: Number(match[1]) } : null;
}

/** The switch button's data, or null when the key makes it invalid or too long (the button is then left out). */
export function switchCallbackData(target: Language, key: string, multipart: boolean): string | null {
  const data = `lang:${target}:${key}${multipart ? ':n' : ''}`;
  return SWITCH_DATA.test(data) && fits(data) ? data : null;
}

export function parseSwitchCallbackData(data: string): { target: Language; key: string; multipart: boolean } | null {
  const match = SWITCH_DATA.exec(data);
  if (!match) return null;
  return { target: match[1] as Language, key: match[2] as string, multipart: match[3] !== undefined };
}

/** At most 8 + 20 + 1 + 20 bytes, well under 64; the check guards against a change of format. */
export function removeCallbackData(entry: { kind: 'feed' | 'topic'; id: number }, targetChatId?: number): string {
  const data = `unsub:${entry.kind === 'feed' ? 'f' : 't'}:${entry.id}${targetChatId !== undefined ? `:${targetChatId}` : ''}`;
  if (!fits(data)) throw new Error('callback data too long');
  return data;
}

export function parseRemoveCallbackData(data: string): { kind: 'feed' | 'topic'; id: number; targetChatId: number | null } | null {
  const match = REMOVE_DATA.exec(data);
  if (!match) return null;
  return { kind: match[1] === 'f' ? 'feed' : 'topic', id: Number(match[2]), targetChatId: match[3] !== undefined ? Number(match[3]) : null };
}

/** What a /settings button does; `menu` redraws, `daily` opens the time picker, `tz-other` explains /timezone. */
export type SettingsAction =
  | 'menu' | 'lang-en' | 'lang-id' | 'lang-auto' | 'auto-on' | 'auto-off' | 'instant' | 'daily' | 'twice'
  | 'tz-wib' | 'tz-wita' | 'tz-wit' | 'tz-other' | 'quiet-on' | 'quiet-off' | 'pause' | 'resume'
  | `at-${string}`;

/**
 * A /settings button: `cfg:<action>:<chat id>`. The chat id is checked against the chat the press comes from,
 * so data copied or forged for another chat changes nothing. At most 4 + 8 + 1 + 15 bytes.
 */
export const SETTINGS_DATA = /^cfg:([a-z]+(?:-[a-z]+)?|at-\d{4}):(-?\d{1,15})$/;

export function settingsCallbackData(action: SettingsAction, chatId: number): string {
  const data = `cfg:${action}:${chatId}`;
  if (!SETTINGS_DATA.test(data) || !fits(data)) throw new Error(`invalid settings callback data ${data}`);
  return data;
}

export function parseSettingsCallbackData(data: string): { action: SettingsAction; chatId: number } | null {
  const match = SETTINGS_DATA.exec(data);
  return match ? { action: match[1] as SettingsAction, chatId: Number(match[2]) } : null;
}
