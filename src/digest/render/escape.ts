/**
 * Text hygiene for rendering. Digest content comes from untrusted articles and a model, so every
 * string is cleaned and escaped here before it reaches Telegram or a terminal.
 */

/** Escapes text content for Telegram HTML: its parser rejects a bare `<`, `>` or `&`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}

/** Escapes a double-quoted attribute value (`&quot;` is one of the four named entities Telegram knows). */
export function escapeHtmlAttribute(value: string): string {
  return escapeHtml(value).replace(/"/g, '&quot;');
}

// C0/C1 controls (terminal escape sequences, NUL…) and bidi overrides/isolates, which can make a
// quote or a link name display as something other than what it is.
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** One clean line: control characters removed, all whitespace (newlines too) collapsed to one space. */
export function cleanText(text: string | null | undefined): string {
  if (!text) return '';
  return text.replace(UNSAFE_CHARS, '').replace(/\s+/g, ' ').trim();
}

/**
 * Shortens `text` to at most `max` UTF-16 units (ellipsis included), cutting at a word boundary when
 * one is reasonably close, never inside a surrogate pair.
 */
export function shortenAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  // Do not leave half of an emoji or other astral character behind.
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  const head = text.slice(0, cut);
  const space = head.lastIndexOf(' ');
  // A word boundary far back would throw away most of the quote; cut mid-word instead.
  const kept = space >= cut * 0.6 ? head.slice(0, space) : head;
  return `${kept.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

export { linkableUrl } from '../../ingest/urls.js';
