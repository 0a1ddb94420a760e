import { canonicalizeUrl } from '../ingest/urls.js';
import type { FeedItem } from './feed-parser.js';

/**
 * A stable key for "have we seen this item?", scoped by the caller to one feed: the feed's guid,
 * else the canonical link (tracking parameters and fragment stripped), else the normalized title
 * and date. Prefixed by kind so a guid can never collide with a link or a title. The string may be
 * long (a guid is whatever the feed says); hash it if a fixed-size key is needed.
 */
export function itemIdentity(item: Pick<FeedItem, 'guid' | 'link' | 'title' | 'publishedAt'>): string {
  const guid = item.guid?.trim();
  if (guid) return `guid:${guid}`;
  if (item.link) {
    try {
      return `link:${canonicalizeUrl(item.link)}`;
    } catch {
      // An unparseable link cannot identify the item; fall through to the title.
    }
  }
  return `title:${normalizeTitle(item.title)}|${item.publishedAt ?? ''}`;
}

// Feeds re-publish the same item with different whitespace, quotes or case in the title.
function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}
