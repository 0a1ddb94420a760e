import { AppError } from '../errors/app-error.js';
import { charsetFromContentType, decodeBody } from '../ingest/charset.js';
import { createSafeRequester, mediaType, type SafeFetcherOptions, type SafeHeaders } from '../ingest/safe-fetch.js';

/** Conditional-GET validators remembered from the previous 200. */
export interface FeedValidators {
  etag: string | null;
  lastModified: string | null;
}

/** A feed body (or a page that may advertise one), decoded. */
export interface FeedFetchOk {
  status: 200;
  /** Final URL after redirects. */
  url: string;
  body: string;
  /** Media type without parameters ('' when the server sent none). */
  contentType: string;
  etag: string | null;
  lastModified: string | null;
}

/** The feed has not changed since the validators were issued. */
export interface FeedNotModified {
  status: 304;
  retryAfterSec?: number;
}

export type FeedFetchResult = FeedFetchOk | FeedNotModified;

/** Fetches feeds through the same SSRF-guarded GET as articles. */
export interface FeedFetcher {
  /**
   * GET with If-None-Match / If-Modified-Since. Throws AppError: HTTP_STATUS for other non-2xx
   * (429/503 carry `details.retryAfterSec` when the server sent Retry-After), UNSUPPORTED_CONTENT_TYPE
   * for bodies that can be neither a feed nor a page advertising one, and the safe fetcher's codes
   * (URL_NOT_ALLOWED, BLOCKED_ADDRESS, FETCH_FAILED, FETCH_TIMEOUT, TOO_LARGE, TOO_MANY_REDIRECTS).
   */
  fetchFeed(url: string, validators: FeedValidators): Promise<FeedFetchResult>;
}

/** Options of {@link createFeedFetcher}: those of the article fetcher, plus a clock for HTTP-date Retry-After. */
export interface FeedFetcherOptions extends SafeFetcherOptions {
  now?: () => number;
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, text/html;q=0.5, */*;q=0.1';

// HTML is accepted because /subscribe may be given a page that advertises its feed; text/plain and
// octet-stream because badly configured servers send feeds as either.
const ACCEPTED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
  'application/feed+json',
  'application/json',
  'text/html',
  'application/xhtml+xml',
  'text/plain',
  'application/octet-stream',
]);

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** A day: a longer Retry-After is treated as a misconfiguration, not an instruction. */
const MAX_RETRY_AFTER_SEC = 24 * 3600;

/** Retry-After as seconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  let seconds: number;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else {
    const at = Date.parse(text);
    if (!Number.isFinite(at)) return undefined;
    seconds = Math.ceil((at - now) / 1000);
  }
  return Math.min(Math.max(seconds, 0), MAX_RETRY_AFTER_SEC);
}

function isFeedType(type: string): boolean {
  return ACCEPTED_TYPES.has(type) || type.endsWith('+xml') || type.endsWith('+json');
}

/** Creates a {@link FeedFetcher}. Throws AppError CONFIG_INVALID for a bad allowPrivate entry. */
export function createFeedFetcher(options: FeedFetcherOptions): FeedFetcher {
  const request = createSafeRequester(options);
  const now = options.now ?? Date.now;

  return {
    async fetchFeed(url, validators) {
      const headers: Record<string, string> = {};
      if (validators.etag) headers['if-none-match'] = validators.etag;
      if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      const response = await request(url, {
        accept: ACCEPT,
        headers,
        beforeBody: ({ url: finalUrl, headers: responseHeaders }) => {
          const type = mediaType(responseHeaders.get('content-type'));
          if (type !== '' && !isFeedType(type)) {
            throw new AppError('UNSUPPORTED_CONTENT_TYPE', `${finalUrl.host} sent ${type}, not a feed`, {
              details: { host: finalUrl.host, contentType: type },
            });
          }
        },
      });
      const host = response.url.host;
      const retryAfterSec = parseRetryAfter(response.headers.get('retry-after'), now());
      if (response.status === 304) return retryAfterSec === undefined ? { status: 304 } : { status: 304, retryAfterSec };
      if (response.status < 200 || response.status > 299) {
        const details: Record<string, string | number> = { host, status: response.status };
        if (retryAfterSec !== undefined) details.retryAfterSec = retryAfterSec;
        const wait = retryAfterSec === undefined ? '' : ` (retry after ${retryAfterSec} s)`;
        throw new AppError('HTTP_STATUS', `${host} answered HTTP ${response.status}${wait}`, { details });
      }
      const header = response.headers.get('content-type');
      const contentType = mediaType(header);
      return {
        status: 200,
        url: response.url.href,
        // XML declares its encoding in the prolog; decodeBody only sniffs <meta> for HTML, so pass
        // the prolog's label when the header names none.
        body: decodeBody(
          response.body,
          charsetFromContentType(header) ? header : (xmlPrologCharset(response.body) ?? header),
          HTML_TYPES.has(contentType),
        ),
        contentType,
        etag: validatorOf(response.headers, 'etag'),
        lastModified: validatorOf(response.headers, 'last-modified'),
      };
    },
  };
}

function validatorOf(headers: SafeHeaders, name: string): string | null {
  const value = headers.get(name)?.trim();
  return value ? value : null;
}

/** `<?xml version="1.0" encoding="windows-1252"?>` → a Content-Type-like string naming the charset. */
function xmlPrologCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const match = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return match ? `application/xml; charset=${match[1]}` : null;
}
