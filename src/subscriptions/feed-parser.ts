import type { AnyFeed } from 'feedsmith';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { cleanText, shortenAtWord } from '../digest/render/escape.js';
import { AppError } from '../errors/app-error.js';
import { defaultUtcOffsetMinutes, parsePublishedDate } from '../ingest/published-date.js';
import { absoluteHttpUrl, displayHost, LINK_MAX_CHARS, resolveUrl } from '../ingest/urls.js';
import { capLength, decodeHtmlEntities, htmlToText } from './feed-html-text.js';

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
  /** UTC offset in minutes for dates written without a zone. Default: WIB when the feed declares Indonesian, else UTC. */
  defaultUtcOffsetMinutes?: number;
}

export const MAX_FEED_ITEMS = 200;
export const SUMMARY_MAX_CHARS = 500;
// Fields are shortened here, at parse time, so every reply, store row and cache entry downstream gets
// bounded text: a 5,600-character feed title once made /subscribe fail with "message is too long".
/** Feed and item titles: shortened at a word boundary with "…". */
export const TITLE_MAX_CHARS = 200;
export { LINK_MAX_CHARS };
/** A longer guid is ignored; the item is then known by its link (or title and date). */
export const GUID_MAX_CHARS = 512;
const AUTHOR_MAX_CHARS = 100;
/** Raw metadata (author, language, date) read before any regex: they are short in every real feed. */
const RAW_META_MAX_CHARS = 1024;
const TITLE_FROM_SUMMARY_CHARS = 120;

// feedsmith (about 3 MB of heap) is loaded by the first feed parsed, not at start-up; through require (its
// CommonJS build) so that parseFeed stays synchronous.
let feedsmith: typeof import('feedsmith') | undefined;
const parseAnyFeed = (body: string): AnyFeed => (feedsmith ??= createRequire(import.meta.url)('feedsmith') as typeof import('feedsmith')).parseFeed(body);

type Feed<F extends AnyFeed['format']> = Extract<AnyFeed, { format: F }>['feed'];
type RssLikeItem = NonNullable<Feed<'rss'>['items']>[number] & NonNullable<Feed<'rdf'>['items']>[number];

/**
 * Parses an RSS 2.0 / 0.9x, RDF (RSS 1.0), Atom 1.0 or JSON Feed 1.x body with feedsmith, which neither
 * expands DOCTYPE entities (no billion laughs) nor runs async. What stays ours is the mapping: field
 * preferences, Indonesian dates and the WIB default, caps, HTML-to-text and link safety.
 * Throws AppError INVALID_INPUT when the body is none of these (an HTML page, other XML, bad JSON).
 * Never throws on a bad item: unreadable dates become null, unusable links null.
 */
export function parseFeed(body: string, feedUrl: string, options: ParseFeedOptions = {}): ParsedFeed {
  let parsed: AnyFeed;
  try {
    parsed = parseAnyFeed(body.replace(/^\uFEFF/, '').trimStart());
  } catch (cause) {
    throw new AppError('INVALID_INPUT', `${feedUrl} is not an RSS, Atom or JSON feed`, { details: { url: feedUrl }, cause });
  }
  const feed = mapFeed(parsed, body, feedUrl, options);
  return { ...feed, items: newestFirst(feed.items).slice(0, Math.max(0, options.maxItems ?? MAX_FEED_ITEMS)) };
}

function mapFeed(parsed: AnyFeed, body: string, feedUrl: string, options: ParseFeedOptions): ParsedFeed {
  switch (parsed.format) {
    case 'rss':
    case 'rdf': {
      const { feed } = parsed;
      const language = normalizeLanguage(('language' in feed ? feed.language : undefined) ?? feed.dc?.languages?.[0]);
      const origLinks = parsed.format === 'rss' ? feedBurnerOrigLinks(body, feed.items?.length ?? 0) : [];
      const items = (feed.items ?? []).map((item, i) => rssItem(item as RssLikeItem, origLinks[i], feedUrl, offsetFor(language, options)));
      return { format: parsed.format, title: feedTitle(feed.title, feedUrl), link: absoluteHttpUrl(feed.link ?? '', feedUrl), language, items: present(items) };
    }
    case 'atom': {
      const { feed } = parsed;
      const language = normalizeLanguage(feed.xml?.lang);
      const base = resolveUrl(feed.xml?.base, feedUrl);
      const items = (feed.entries ?? []).map((entry) => {
        const entryBase = resolveUrl(entry.xml?.base, base);
        return buildItem({
          guid: entry.id, links: atomLinks(entry.links ?? []), base: entryBase, title: entry.title?.value, summary: entry.summary?.value || entry.content?.value,
          date: entry.published || entry.updated, author: entry.authors?.find((a) => a.name)?.name, offset: offsetFor(language, options),
        });
      });
      const link = atomLinks(feed.links ?? []).map((href) => absoluteHttpUrl(href, base)).find(Boolean) ?? null;
      return { format: 'atom', title: feedTitle(feed.title?.value, feedUrl), link, language, items: present(items) };
    }
    case 'json': {
      const { feed } = parsed;
      const language = normalizeLanguage(feed.language);
      const items = (feed.items ?? []).map((item) => {
        const legacyAuthor = (item as { author?: { name?: string } }).author;
        return buildItem({
          guid: String(item.id ?? ''), links: [item.url, item.external_url], base: feedUrl, title: item.title, summary: item.summary || item.content_text || item.content_html,
          date: item.date_published || item.date_modified, author: [...(item.authors ?? []), legacyAuthor].find((a) => a?.name)?.name, offset: offsetFor(language, options),
        });
      });
      return { format: 'json', title: feedTitle(feed.title, feedUrl), link: absoluteHttpUrl(feed.home_page_url ?? '', feedUrl), language, items: present(items) };
    }
  }
}

function rssItem(raw: RssLikeItem, origLink: string | undefined, feedUrl: string, offset: number): FeedItem | null {
  const guid = raw.guid?.value || raw.rdf?.about;
  return buildItem({
    guid,
    links: [
      // FeedBurner rewrites <link> to a click-tracking redirect and keeps the article URL in origLink.
      origLink,
      raw.link,
      ...(raw.atom?.links ?? []).filter((l) => (l.rel || 'alternate') === 'alternate').map((l) => l.href),
      // A permalink guid is the article URL when <link> is missing (RSS 2.0 §guid).
      ...(raw.guid?.isPermaLink === false ? [] : [guid]),
    ],
    base: feedUrl,
    title: raw.title,
    summary: raw.description || raw.content?.encoded || raw.media?.description?.value,
    date: raw.pubDate || raw.dc?.dates?.[0] || raw.atom?.published || raw.atom?.updated,
    author: raw.dc?.creators?.[0] || rssAuthor(raw.authors?.find((a) => a.name)?.name ?? ''),
    offset,
  });
}

// RSS 2.0 <author> is "editor@example.com (Jane Doe)": keep the name, never the address.
function rssAuthor(raw: string): string {
  const author = capLength(raw, RAW_META_MAX_CHARS);
  const named = /\(([^)]+)\)/.exec(author)?.[1];
  if (named) return named;
  return author.includes('@') ? '' : author;
}

/**
 * feedburner:origLink of each <item>, in document order, read by one indexOf scan (feedsmith drops unknown
 * namespaces). Used only when the scan finds as many items as feedsmith did, so no link lands on the wrong item.
 */
function feedBurnerOrigLinks(body: string, itemCount: number): Array<string | undefined> {
  if (!body.includes('<feedburner:origLink>')) return [];
  const links: Array<string | undefined> = [];
  for (let at = body.indexOf('<item'); at !== -1; at = body.indexOf('<item', at + 5)) {
    if (!/[\s>]/.test(body[at + 5] ?? '')) continue;
    const end = body.indexOf('</item>', at);
    const open = body.indexOf('<feedburner:origLink>', at);
    const close = open === -1 ? -1 : body.indexOf('</feedburner:origLink>', open);
    links.push(open !== -1 && close !== -1 && (end === -1 || close < end) ? xmlText(body.slice(open + 21, close)) : undefined);
  }
  return links.length === itemCount ? links : [];
}

/** Text content of a raw XML element body: CDATA unwrapped, else entities decoded. */
function xmlText(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(raw);
  return cdata ? cdata[1]! : decodeHtmlEntities(raw);
}

/** Atom links in preference order: rel="alternate" (or no rel) first, then the rest but never "self"/"enclosure". */
function atomLinks(links: Array<{ href?: string; rel?: string }>): string[] {
  const alternate = links.filter((l) => (l.rel || 'alternate') === 'alternate');
  const others = links.filter((l) => !['alternate', '', 'self', 'enclosure', 'edit'].includes(l.rel ?? ''));
  return [...alternate, ...others].map((l) => l.href ?? '').filter(Boolean);
}

function newestFirst(items: FeedItem[]): FeedItem[] {
  if (items.length === 0 || items.some((item) => item.publishedAt === null)) return items;
  // Array.prototype.sort is stable: items with the same date keep document order.
  return [...items].sort((a, b) => Date.parse(b.publishedAt as string) - Date.parse(a.publishedAt as string));
}

const present = (items: Array<FeedItem | null>): FeedItem[] => items.filter((item) => item !== null);

interface RawItem {
  guid: string | undefined;
  links: Array<string | undefined>;
  base: string;
  title: string | undefined;
  summary: string | undefined;
  date: string | undefined;
  author: string | undefined;
  offset: number;
}

function buildItem(raw: RawItem): FeedItem | null {
  // htmlToText caps its input at HTML_INPUT_MAX_CHARS (32 KB) before any scan.
  const summary = shortenAtWord(htmlToText(raw.summary ?? ''), SUMMARY_MAX_CHARS);
  // Titles are optional in RSS and JSON Feed (microblogs): fall back to the start of the summary.
  const title = shortenAtWord(htmlToText(raw.title ?? ''), TITLE_MAX_CHARS) || shortenAtWord(summary, TITLE_FROM_SUMMARY_CHARS);
  if (!title) return null;
  const rawGuid = raw.guid ?? '';
  const guid = rawGuid.length > 2 * GUID_MAX_CHARS ? '' : cleanText(rawGuid);
  const link = raw.links.map((href) => (href ? absoluteHttpUrl(href, raw.base) : null)).find((url) => url !== null) ?? null;
  const author = shortenAtWord(htmlToText(capLength(raw.author ?? '', RAW_META_MAX_CHARS)), AUTHOR_MAX_CHARS);
  return {
    guid: guid === '' || guid.length > GUID_MAX_CHARS ? null : guid,
    link,
    title,
    summary,
    publishedAt: parsePublishedDate(capLength(raw.date ?? '', RAW_META_MAX_CHARS), raw.offset),
    ...(author ? { author } : {}),
  };
}

function offsetFor(language: string | null, options: ParseFeedOptions): number {
  return options.defaultUtcOffsetMinutes ?? defaultUtcOffsetMinutes(language);
}

function feedTitle(raw: string | undefined, feedUrl: string): string {
  return shortenAtWord(htmlToText(raw ?? ''), TITLE_MAX_CHARS) || displayHost(feedUrl) || feedUrl;
}

function normalizeLanguage(raw: string | undefined): string | null {
  const tag = cleanText(capLength(raw ?? '', RAW_META_MAX_CHARS)).toLowerCase().replace(/_/g, '-');
  return /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(tag) ? tag : null;
}
