import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { cleanText, shortenAtWord } from '../digest/render/escape.js';
import { AppError } from '../errors/app-error.js';
import { capLength, htmlToText } from './feed-html-text.js';

export { decodeHtmlEntities, htmlToText, HTML_INPUT_MAX_CHARS } from './feed-html-text.js';

/** One entry of a feed, reduced to what a digest and a headline list need. */
export const FeedItemSchema = z.object({
  /** The feed's own id for the item (RSS guid, RDF about, Atom id, JSON Feed id), if any. */
  guid: z.string().min(1).nullable(),
  /** Absolute http(s) URL of the article (at most LINK_MAX_CHARS), or null when the feed gives none usable. */
  link: z.url({ protocol: /^https?$/ }).nullable(),
  /** Plain text, entities decoded, tags stripped; never empty; at most TITLE_MAX_CHARS. */
  title: z.string().min(1),
  /** Plain-text description/summary/content, at most SUMMARY_MAX_CHARS. */
  summary: z.string(),
  /** ISO 8601 instant, or null when the feed has no date or an unreadable one. */
  publishedAt: z.iso.datetime({ offset: true }).nullable(),
  author: z.string().min(1).optional(),
});
export type FeedItem = z.infer<typeof FeedItemSchema>;

export const FeedFormatSchema = z.enum(['rss', 'rdf', 'atom', 'json']);
export type FeedFormat = z.infer<typeof FeedFormatSchema>;

/** A parsed feed: its metadata and items (newest first when every item is dated, else document order). */
export const ParsedFeedSchema = z.object({
  format: FeedFormatSchema,
  /** Feed title (at most TITLE_MAX_CHARS), or the feed URL's host name when the feed has none. */
  title: z.string().min(1),
  /** The site the feed belongs to (absolute http(s)), if declared. */
  link: z.url({ protocol: /^https?$/ }).nullable(),
  /** The feed's declared language tag, lower-cased ("id", "en-us"), or null. */
  language: z.string().min(1).nullable(),
  items: z.array(FeedItemSchema),
});
export type ParsedFeed = z.infer<typeof ParsedFeedSchema>;

/** Options of {@link parseFeed}; the defaults suit the bot. */
export interface ParseFeedOptions {
  /** Items kept; a feed may carry thousands (archives), a digest needs the newest few. Default 200. */
  maxItems?: number;
  /**
   * UTC offset in minutes for dates written without a zone ("2025-05-06 10:00:00"). Default: +420
   * (WIB) when the feed declares Indonesian, else 0 — Indonesian outlets write local WIB times.
   */
  defaultUtcOffsetMinutes?: number;
}

export const MAX_FEED_ITEMS = 200;
export const SUMMARY_MAX_CHARS = 500;
// Fields are shortened here, at parse time, so every reply, store row and cache entry downstream gets
// bounded text: a 5,600-character feed title once made /subscribe fail with "message is too long".
/** Feed and item titles: shortened at a word boundary with "…". */
export const TITLE_MAX_CHARS = 200;
/** Links (item, feed site) longer than this are dropped, not cut: a cut URL points elsewhere. */
export const LINK_MAX_CHARS = 2048;
/** A longer guid is ignored; the item is then known by its link (or title and date). */
export const GUID_MAX_CHARS = 512;
const AUTHOR_MAX_CHARS = 100;
/** Raw metadata (author, language, date) read before any regex: they are short in every real feed. */
const RAW_META_MAX_CHARS = 1024;
const TITLE_FROM_SUMMARY_CHARS = 120;

type Node = Record<string, unknown>;

const ARRAY_TAGS = new Set(['item', 'entry', 'link', 'author', 'dc:creator', 'category']);

// Entity expansion stays within fast-xml-parser's limits (DOCTYPE entities are capped, a "billion
// laughs" body is left unexpanded); HTML entities are decoded afterwards by our own small decoder,
// because feeds routinely double-escape HTML inside <description>.
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (tagName) => ARRAY_TAGS.has(tagName),
});

/**
 * Parses an RSS 2.0 / 0.9x, RDF (RSS 1.0), Atom 1.0 or JSON Feed 1.x body, detected by content.
 * Throws AppError INVALID_INPUT when the body is none of these (an HTML page, other XML, bad JSON).
 * Never throws on a bad item: unreadable dates become null, unusable links null.
 */
export function parseFeed(body: string, feedUrl: string, options: ParseFeedOptions = {}): ParsedFeed {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  const maxItems = options.maxItems ?? MAX_FEED_ITEMS;
  let feed: ParsedFeed | null;
  if (text.startsWith('{')) feed = parseJsonFeed(text, feedUrl, options);
  else if (text.startsWith('<')) feed = parseXmlFeed(text, feedUrl, options);
  else feed = null;
  if (!feed) throw new AppError('INVALID_INPUT', `${feedUrl} is not an RSS, Atom or JSON feed`, { details: { url: feedUrl } });
  return { ...feed, items: newestFirst(feed.items).slice(0, Math.max(0, maxItems)) };
}

function newestFirst(items: FeedItem[]): FeedItem[] {
  if (items.length === 0 || items.some((item) => item.publishedAt === null)) return items;
  // Array.prototype.sort is stable: items with the same date keep document order.
  return [...items].sort((a, b) => Date.parse(b.publishedAt as string) - Date.parse(a.publishedAt as string));
}

// ---------------------------------------------------------------------------------------------
// XML formats

function parseXmlFeed(text: string, feedUrl: string, options: ParseFeedOptions): ParsedFeed | null {
  let doc: Node;
  try {
    doc = xmlParser.parse(text) as Node;
  } catch {
    return null;
  }
  for (const [key, value] of Object.entries(doc)) {
    if (!isNode(value)) continue;
    const local = localName(key);
    if (local === 'rss' || (local === 'channel' && key === 'channel')) {
      const channel = local === 'rss' ? firstNode(value, 'channel') : value;
      if (!channel) return null;
      return parseRss('rss', channel, asArray(channel.item), feedUrl, options);
    }
    if (local === 'RDF') {
      const channel = firstNode(value, 'channel') ?? {};
      // RSS 1.0 puts items beside the channel; some producers nest them anyway.
      const items = [...asArray(value.item), ...asArray(channel.item)];
      if (!firstNode(value, 'channel') && items.length === 0) return null;
      return parseRss('rdf', channel, items, feedUrl, options);
    }
    if (local === 'feed') return parseAtom(value, key.includes(':') ? `${key.split(':')[0]}:` : '', feedUrl, options);
  }
  return null;
}

function parseRss(format: 'rss' | 'rdf', channel: Node, rawItems: unknown[], feedUrl: string, options: ParseFeedOptions): ParsedFeed {
  const language = normalizeLanguage(textOf(channel.language) || textOf(channel['dc:language']));
  const offset = defaultOffset(language, options);
  const items: FeedItem[] = [];
  for (const raw of rawItems) {
    if (!isNode(raw)) continue;
    const guidText = textOf(raw.guid) || attr(raw, 'rdf:about');
    const linkCandidates = [
      // FeedBurner rewrites <link> to a click-tracking redirect and keeps the article URL here.
      textOf(raw['feedburner:origLink']),
      ...asArray(raw.link).map(textOf),
      ...asArray(raw['atom:link']).filter((l) => isNode(l) && (attr(l, 'rel') || 'alternate') === 'alternate').map((l) => attr(l, 'href')),
      // A permalink guid is the article URL when <link> is missing (RSS 2.0 §guid).
      ...(isNode(raw.guid) && attr(raw.guid, 'isPermaLink').toLowerCase() === 'false' ? [] : [guidText]),
    ];
    const item = buildItem({
      guid: guidText,
      links: linkCandidates,
      base: feedUrl,
      title: textOf(raw.title),
      summary: textOf(raw.description) || textOf(raw['content:encoded']) || textOf(raw['media:description']),
      date: textOf(raw.pubDate) || textOf(raw['dc:date']) || textOf(raw.published) || textOf(raw.updated),
      author: rssAuthor(raw),
      offset,
    });
    if (item) items.push(item);
  }
  return {
    format,
    title: feedTitle(textOf(channel.title), feedUrl),
    link: absoluteHttpUrl(asArray(channel.link).map(textOf).find(Boolean) ?? '', feedUrl),
    language,
    items,
  };
}

function rssAuthor(raw: Node): string {
  const creator = asArray(raw['dc:creator']).map(textOf).find(Boolean);
  if (creator) return creator;
  const author = capLength(asArray(raw.author).map(textOf).find(Boolean) ?? '', RAW_META_MAX_CHARS);
  // RSS 2.0 <author> is "editor@example.com (Jane Doe)": keep the name, never the address.
  const named = /\(([^)]+)\)/.exec(author)?.[1];
  if (named) return named;
  return author.includes('@') ? '' : author;
}

function parseAtom(feed: Node, prefix: string, feedUrl: string, options: ParseFeedOptions): ParsedFeed {
  const get = (node: Node, name: string) => node[`${prefix}${name}`];
  const language = normalizeLanguage(attr(feed, 'xml:lang'));
  const offset = defaultOffset(language, options);
  const base = resolveBase(attr(feed, 'xml:base'), feedUrl);
  const items: FeedItem[] = [];
  for (const raw of asArray(get(feed, 'entry'))) {
    if (!isNode(raw)) continue;
    const entryBase = resolveBase(attr(raw, 'xml:base'), base);
    const author = asArray(get(raw, 'author')).map((a) => (isNode(a) ? textOf(get(a, 'name')) : textOf(a))).find(Boolean) ?? '';
    const item = buildItem({
      guid: textOf(get(raw, 'id')),
      links: atomLinks(asArray(get(raw, 'link'))),
      base: entryBase,
      title: textOf(get(raw, 'title')),
      summary: textOf(get(raw, 'summary')) || textOf(get(raw, 'content')),
      date: textOf(get(raw, 'published')) || textOf(get(raw, 'updated')),
      author,
      offset,
    });
    if (item) items.push(item);
  }
  return {
    format: 'atom',
    title: feedTitle(textOf(get(feed, 'title')), feedUrl),
    link: atomLinks(asArray(get(feed, 'link'))).map((href) => absoluteHttpUrl(href, base)).find(Boolean) ?? null,
    language,
    items,
  };
}

/** Atom links in preference order: rel="alternate" (or no rel) first, then the rest but never "self"/"enclosure". */
function atomLinks(links: unknown[]): string[] {
  const nodes = links.filter(isNode);
  const alternate = nodes.filter((l) => (attr(l, 'rel') || 'alternate') === 'alternate');
  const others = nodes.filter((l) => !['alternate', '', 'self', 'enclosure', 'edit'].includes(attr(l, 'rel')));
  return [...alternate, ...others].map((l) => attr(l, 'href')).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// JSON Feed

function parseJsonFeed(text: string, feedUrl: string, options: ParseFeedOptions): ParsedFeed | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isNode(doc) || !Array.isArray(doc.items)) return null;
  const version = typeof doc.version === 'string' ? doc.version : '';
  if (!/jsonfeed\.org\/version\/1/i.test(version)) return null;
  const language = normalizeLanguage(str(doc.language));
  const offset = defaultOffset(language, options);
  const items: FeedItem[] = [];
  for (const raw of doc.items) {
    if (!isNode(raw)) continue;
    const authors = [...(Array.isArray(raw.authors) ? raw.authors : []), raw.author];
    const author = authors.map((a) => (isNode(a) ? str(a.name) : '')).find(Boolean) ?? '';
    const id = typeof raw.id === 'number' ? String(raw.id) : str(raw.id);
    const item = buildItem({
      guid: id,
      links: [str(raw.url), str(raw.external_url)],
      base: feedUrl,
      title: str(raw.title),
      summary: str(raw.summary) || str(raw.content_text) || str(raw.content_html),
      date: str(raw.date_published) || str(raw.date_modified),
      author,
      offset,
    });
    if (item) items.push(item);
  }
  return {
    format: 'json',
    title: feedTitle(str(doc.title), feedUrl),
    link: absoluteHttpUrl(str(doc.home_page_url), feedUrl),
    language,
    items,
  };
}

// ---------------------------------------------------------------------------------------------
// Items

interface RawItem {
  guid: string;
  links: string[];
  base: string;
  title: string;
  summary: string;
  date: string;
  author: string;
  offset: number;
}

function buildItem(raw: RawItem): FeedItem | null {
  const summary = shortenAtWord(htmlToText(raw.summary), SUMMARY_MAX_CHARS);
  // Titles are optional in RSS and JSON Feed (microblogs): fall back to the start of the summary.
  const title = shortenAtWord(htmlToText(raw.title), TITLE_MAX_CHARS) || shortenAtWord(summary, TITLE_FROM_SUMMARY_CHARS);
  if (!title) return null;
  const guid = raw.guid.length > 2 * GUID_MAX_CHARS ? '' : cleanText(raw.guid);
  const link = raw.links.map((href) => absoluteHttpUrl(href, raw.base)).find((url) => url !== null) ?? null;
  const author = shortenAtWord(htmlToText(capLength(raw.author, RAW_META_MAX_CHARS)), AUTHOR_MAX_CHARS);
  return {
    guid: guid === '' || guid.length > GUID_MAX_CHARS ? null : guid,
    link,
    title,
    summary,
    publishedAt: parseFeedDate(capLength(raw.date, RAW_META_MAX_CHARS), raw.offset),
    ...(author ? { author } : {}),
  };
}

function defaultOffset(language: string | null, options: ParseFeedOptions): number {
  if (options.defaultUtcOffsetMinutes !== undefined) return options.defaultUtcOffsetMinutes;
  return language === 'id' || language?.startsWith('id-') ? 7 * 60 : 0;
}

function feedTitle(raw: string, feedUrl: string): string {
  return shortenAtWord(htmlToText(raw), TITLE_MAX_CHARS) || hostOf(feedUrl);
}

function normalizeLanguage(raw: string): string | null {
  const tag = cleanText(capLength(raw, RAW_META_MAX_CHARS)).toLowerCase().replace(/_/g, '-');
  return /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(tag) ? tag : null;
}

/** `href` resolved against `base`, if the result is an http(s) URL without credentials, at most LINK_MAX_CHARS long. */
export function absoluteHttpUrl(href: string, base: string): string | null {
  // Checked before any work on it: the field may be megabytes long.
  if (href.length > 2 * LINK_MAX_CHARS) return null;
  const trimmed = cleanText(href);
  if (!trimmed || trimmed.length > LINK_MAX_CHARS) return null;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return url.href.length > LINK_MAX_CHARS ? null : url.href;
  } catch {
    return null;
  }
}

function resolveBase(xmlBase: string, base: string): string {
  if (!xmlBase) return base;
  try {
    return new URL(xmlBase, base).href;
  } catch {
    return base;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || url;
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, peb: 2, mar: 3, apr: 4, may: 5, mei: 5, jun: 6, jul: 7, aug: 8, agu: 8, agt: 8,
  sep: 9, oct: 10, okt: 10, nov: 11, nop: 11, dec: 12, des: 12,
};

const ZONES: Record<string, number> = {
  GMT: 0, UT: 0, UTC: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360,
  PST: -480, PDT: -420, BST: 60, CET: 60, CEST: 120, WIB: 420, WITA: 480, WIT: 540, JST: 540, SGT: 480,
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// "Tue, 06 May 2025 10:00:00 +0700", "Sen, 06 Mei 2025 10:00 WIB", "6 Agustus 2025 09:15:00 GMT".
const RFC822_DATE = /^(?:[\p{L}.]+,?\s+)?(\d{1,2})[\s-]+([\p{L}]{3,})\.?[\s-]+(\d{2}|\d{4})(?:[\s,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?\s*([A-Z]{1,4}|[+-]\d{2}:?\d{2})?$/iu;

/**
 * A feed date as an ISO instant, or null: RFC 822 (English and Indonesian day/month names), ISO 8601
 * with or without zone or "T". A date without zone uses `defaultOffsetMinutes`. Never throws.
 */
export function parseFeedDate(raw: string | null | undefined, defaultOffsetMinutes = 0): string | null {
  const text = cleanText(raw);
  if (!text || text.length > 64) return null;
  let parts: { y: number; mo: number; d: number; h: number; mi: number; s: number; zone: string | undefined } | null = null;
  const iso = ISO_DATE.exec(text);
  if (iso) {
    parts = { y: +iso[1]!, mo: +iso[2]!, d: +iso[3]!, h: +(iso[4] ?? 0), mi: +(iso[5] ?? 0), s: +(iso[6] ?? 0), zone: iso[7] };
  } else {
    const rfc = RFC822_DATE.exec(text);
    const month = rfc ? MONTHS[rfc[2]!.slice(0, 3).toLowerCase()] : undefined;
    if (rfc && month) {
      let year = +rfc[3]!;
      if (rfc[3]!.length === 2) year += year < 70 ? 2000 : 1900;
      parts = { y: year, mo: month, d: +rfc[1]!, h: +(rfc[4] ?? 0), mi: +(rfc[5] ?? 0), s: +(rfc[6] ?? 0), zone: rfc[7] };
    }
  }
  if (!parts) return null;
  const { y, mo, d, h, mi, s } = parts;
  if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const offset = zoneOffset(parts.zone, defaultOffsetMinutes);
  const utc = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - offset * 60_000;
  // Date.UTC rolls 31 February over into March: reject days the month does not have.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d || !Number.isFinite(utc)) return null;
  return new Date(utc).toISOString();
}

function zoneOffset(zone: string | undefined, fallback: number): number {
  if (!zone) return fallback;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const minutes = +numeric[2]! * 60 + +(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toUpperCase()] ?? fallback;
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function firstNode(node: Node, key: string): Node | undefined {
  return asArray(node[key]).find(isNode);
}

function localName(key: string): string {
  const colon = key.indexOf(':');
  return colon === -1 ? key : key.slice(colon + 1);
}

function attr(node: unknown, name: string): string {
  if (!isNode(node)) return '';
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value.trim() : '';
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The text of an element: a plain string, its #text, or (Atom xhtml) all nested text in order. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(textOf).find((t) => t.trim() !== '') ?? '';
  if (!isNode(value)) return '';
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('@_')) continue;
    if (key === '#text') parts.unshift(textOf(child));
    else parts.push(...asArray(child).map(textOf));
  }
  return parts.filter(Boolean).join(' ');
}
