import type { DigestInput } from '../digest/digest-service.js';
import { findUrls, isHttpUrl } from '../ingest/urls.js';

/** The entity fields this module reads (url, text_link, bot_command, mention…). */
export interface EntityLike {
  type: string;
  offset: number;
  length: number;
  url?: string;
}

/**
 * The parts of a Telegram message this module reads. Structural on purpose: it accepts
 * telegraf's Message types and the older forward_* fields that newer typings dropped.
 */
export interface MessageLike {
  message_id?: number;
  text?: string;
  caption?: string;
  entities?: EntityLike[];
  caption_entities?: EntityLike[];
  forward_origin?: { type: string };
  forward_from_chat?: { id: number; type?: string };
  reply_to_message?: MessageLike;
  /** An uploaded file (Telegram's Document). */
  document?: UploadedFile;
}

/** The fields of a Telegram Document this bot reads. */
export interface UploadedFile {
  file_id: string;
  /** The same for the same file, whoever sends it: the digest cache key. */
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

/** What to digest, as found in a message. */
export type FoundInput =
  | { kind: 'url'; url: string; /** All links in order; only the first is digested. */ urls: string[] }
  | { kind: 'text'; text: string }
  /** An uploaded file: digested whatever its caption says (the caption may carry `/summary id`). */
  | { kind: 'file'; file: UploadedFile };

/** Pasted text shorter than this, or with fewer sentences, is a chat message, not an article. */
export const MIN_ARTICLE_CHARS = 400;
export const MIN_ARTICLE_SENTENCES = 3;
/**
 * Pasted articles often carry "Baca juga: <link>" trailers pointing to OTHER stories, so text
 * this long is digested as text even when it contains links.
 */
export const TEXT_WINS_OVER_LINKS_CHARS = 800;

/** The message's text or caption, with its entities. */
export function messageBody(message: MessageLike): { text: string; entities: EntityLike[] } {
  if (typeof message.text === 'string') return { text: message.text, entities: message.entities ?? [] };
  if (typeof message.caption === 'string') return { text: message.caption, entities: message.caption_entities ?? [] };
  return { text: '', entities: [] };
}

/** True for a post forwarded from a channel or group (forward_origin, or the older forward_from_chat). */
export function isForwardedPost(message: MessageLike): boolean {
  const type = message.forward_origin?.type;
  return type === 'channel' || type === 'chat' || message.forward_from_chat !== undefined;
}

/** Counts sentence ends (., !, ? or a line break after some words). */
export function countSentences(text: string): number {
  return text.split(/(?<=[.!?…])["'”’)]*\s+|\n+/).filter((part) => part.trim().split(/\s+/).length >= 3).length;
}

/** Long enough, and made of enough sentences, to be an article rather than a chat line. */
export function looksLikeArticle(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length >= MIN_ARTICLE_CHARS && countSentences(trimmed) >= MIN_ARTICLE_SENTENCES;
}

/**
 * Links in order of appearance: `text_link` entities (the link hides behind other words),
 * `url` entities, then anything findUrls spots that Telegram did not mark. Text from `from`
 * (UTF-16 index, as entity offsets are) onward only.
 */
export function linksIn(text: string, entities: EntityLike[], from = 0): string[] {
  const found: Array<{ at: number; url: string }> = [];
  for (const entity of entities) {
    if (entity.offset < from) continue;
    if (entity.type === 'text_link' && entity.url) found.push({ at: entity.offset, url: entity.url });
    if (entity.type === 'url') {
      const raw = text.slice(entity.offset, entity.offset + entity.length);
      // Telegram marks "example.com/news" as a url entity without a scheme.
      const withScheme = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
      for (const url of findUrls(withScheme)) found.push({ at: entity.offset, url });
    }
  }
  const rest = text.slice(from);
  for (const match of findUrls(rest)) {
    const at = from + Math.max(0, rest.indexOf(match.replace(/\/$/, '')));
    found.push({ at, url: match });
  }
  found.sort((a, b) => a.at - b.at);
  const urls: string[] = [];
  for (const { url } of found) {
    if (!isHttpUrl(url)) continue;
    const normalized = new URL(url).toString();
    if (!urls.includes(normalized)) urls.push(normalized);
  }
  return urls;
}

/** Removes URLs so the length test measures the words around them. */
const withoutUrls = (text: string) => text.replace(/https?:\/\/\S+/gi, ' ').trim();

export interface FindInputOptions {
  /** Skip the text before this UTF-16 index (the `/summary` command and its language word). */
  from?: number;
  /** Accept any non-empty text (forwarded posts, explicit /summary); the ingestor judges it. */
  acceptShortText?: boolean;
}

/** The link or article text in one message (text or caption), or null when there is none. */
export function findInput(message: MessageLike, options: FindInputOptions = {}): FoundInput | null {
  if (message.document) return { kind: 'file', file: message.document };
  const { text, entities } = messageBody(message);
  const from = options.from ?? 0;
  const body = text.slice(from).trim();
  if (body === '') return null;
  const urls = linksIn(text, entities, from);
  const prose = withoutUrls(body);
  if (prose.length >= TEXT_WINS_OVER_LINKS_CHARS && looksLikeArticle(prose)) return { kind: 'text', text: body };
  const first = urls[0];
  if (first !== undefined) return { kind: 'url', url: first, urls };
  if (looksLikeArticle(body)) return { kind: 'text', text: body };
  if (options.acceptShortText && prose.length > 0) return { kind: 'text', text: body };
  return null;
}

/** Where the bot_command at offset 0 ends (0 when the message is not a command). */
export function commandEnd(message: MessageLike): number {
  const { entities } = messageBody(message);
  const command = entities.find((entity) => entity.type === 'bot_command' && entity.offset === 0);
  return command ? command.length : 0;
}

/** Turns what was found into the digest service's input. */
export function toDigestInput(found: FoundInput): Extract<DigestInput, { kind: 'url' | 'text' | 'upload' }> {
  if (found.kind === 'file') {
    const { file } = found;
    return { kind: 'upload', fileId: file.file_id, contentId: file.file_unique_id, fileName: file.file_name ?? null, mimeType: file.mime_type ?? null, size: file.file_size ?? null };
  }
  return found.kind === 'url' ? { kind: 'url', url: found.url } : { kind: 'text', text: found.text };
}
