import type { InlineKeyboardMarkup, InlineQueryResult } from 'telegraf/types';
import { escapeHtml, renderDigestHtml, splitTelegramHtml } from '../../digest/render/index.js';
import type { Digest, Language } from '../../digest/schema.js';
import { botTexts, otherLanguage } from '../bot-texts.js';
import { switchCallbackData } from '../jobs/callback-data.js';
import { inlineTexts } from './inline-texts.js';

/**
 * Result ids (at most 64 bytes) say what a chosen result needs: `d:<lang>:<key>` a digest, `p:<lang>:<key>` a
 * placeholder to edit into the digest of stored request <key>, `help` and `quota` nothing.
 */
const RESULT_ID = /^([dp]):(en|id):([A-Za-z0-9_-]{1,40})$/;

export function parseResultId(id: string): { pending: boolean; language: Language; key: string } | null {
  const match = RESULT_ID.exec(id);
  return match ? { pending: match[1] === 'p', language: match[2] as Language, key: match[3] as string } : null;
}

/** The language switch under an inline digest (the same button and handler data as in chats). */
export function inlineKeyboard(language: Language, key: string): InlineKeyboardMarkup | undefined {
  const target = otherLanguage(language);
  const data = switchCallbackData(target, key, false);
  return data ? { inline_keyboard: [[{ text: botTexts(target).switchButton, callback_data: data }]] } : undefined;
}

/** An inline message holds one message's worth (4096 characters after parsing): the digest's first part. */
export function inlineDigestHtml(digest: Digest): string {
  return splitTelegramHtml(renderDigestHtml(digest))[0] ?? escapeHtml(digest.headline);
}

const article = (id: string, title: string, description: string, html: string, keyboard?: InlineKeyboardMarkup): InlineQueryResult => ({
  type: 'article',
  id,
  title: title.slice(0, 120),
  description,
  input_message_content: { message_text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
  ...(keyboard ? { reply_markup: keyboard } : {}),
});

export function helpResult(language: Language, botUsername: string): InlineQueryResult {
  const t = inlineTexts(language);
  return article('help', t.helpTitle, t.helpDescription, t.helpMessage(escapeHtml(botUsername)));
}

export function digestResult(digest: Digest, language: Language, key: string): InlineQueryResult {
  return article(`d:${language}:${key}`, digest.headline, inlineTexts(language).digestDescription, inlineDigestHtml(digest), inlineKeyboard(language, key));
}

/**
 * "Summarize this link": chosen, it is edited into the digest. It carries the switch button because Telegram gives
 * a chosen result an inline_message_id (needed for the edit) only when the message has an inline keyboard.
 */
export function pendingResult(language: Language, key: string, url: string): InlineQueryResult {
  const t = inlineTexts(language);
  return article(`p:${language}:${key}`, t.pendingTitle, t.pendingDescription(url), escapeHtml(t.pendingMessage), inlineKeyboard(language, key));
}

/** A refusal (over quota, a private address…) as the only result, so the user sees why before choosing. */
export function refusalResult(id: string, title: string, line: string): InlineQueryResult {
  return article(id, title, line.slice(0, 200), escapeHtml(line));
}
