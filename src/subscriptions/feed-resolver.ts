import { AppError } from '../errors/app-error.js';
import { discoverFeedLinks } from './feed-discovery.js';
import type { FeedFetcher, FeedFetchOk } from './feed-fetcher.js';
import { parseFeed, type ParsedFeed } from './feed-parser.js';

/** Candidate feeds tried when a page advertises several (RSS and Atom of the same section, comments…). */
const MAX_DISCOVERED = 3;

/** A feed found for a URL a user gave: the response it came from (its final URL, validators) and its items. */
export interface ResolvedFeed {
  page: FeedFetchOk;
  parsed: ParsedFeed;
}

function tryParse(page: FeedFetchOk): ParsedFeed | null {
  try {
    return parseFeed(page.body, page.url);
  } catch (error) {
    if (error instanceof AppError && error.code === 'INVALID_INPUT') return null;
    throw error;
  }
}

/**
 * Reads `url` as a feed, or as a page advertising one through `<link rel="alternate">` (the first of up to
 * three that parses). Throws INVALID_INPUT (details.reason `not_a_feed` or `advertised_feed_unreadable`) when
 * neither, and the fetcher's codes when the URL cannot be fetched.
 */
export async function resolveFeed(fetcher: FeedFetcher, url: string): Promise<ResolvedFeed> {
  const first = await fetcher.fetchFeed(url, { etag: null, lastModified: null });
  if (first.status !== 200) throw new AppError('FETCH_FAILED', `${url} answered 304 to a request without validators`);
  const parsed = tryParse(first);
  if (parsed) return { page: first, parsed };
  const candidates = discoverFeedLinks(first.body, first.url).slice(0, MAX_DISCOVERED);
  if (candidates.length === 0) {
    throw new AppError('INVALID_INPUT', `${first.url} is not an RSS, Atom or JSON feed, and the page does not advertise one`, {
      details: { url: first.url, reason: 'not_a_feed' },
    });
  }
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      const page = await fetcher.fetchFeed(candidate, { etag: null, lastModified: null });
      if (page.status !== 200) continue;
      const found = tryParse(page);
      if (found) return { page, parsed: found };
    } catch (error) {
      lastError = error;
    }
  }
  throw new AppError('INVALID_INPUT', `${first.url} advertises a feed (${candidates[0]}), but it could not be read as one`, {
    ...(lastError === undefined ? {} : { cause: lastError }),
    details: { url: first.url, feedUrl: candidates[0] ?? null, reason: 'advertised_feed_unreadable' },
  });
}
