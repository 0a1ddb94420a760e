/** Query parameters that only track the reader; stripping them makes one article one cache key. */
const TRACKING_PARAMS = [/^utm_/i, /^fbclid$/i, /^gclid$/i, /^dclid$/i, /^msclkid$/i, /^mc_(cid|eid)$/i, /^igshid$/i, /^ref_?src$/i, /^_ga$/i, /^yclid$/i, /^spm$/i, /^cmpid$/i, /^ocid$/i];

/** Canonical form of a URL for caching: no fragment, no tracking parameters, lower-case host, no default port. */
export function canonicalizeUrl(raw: string): string {
  const url = new URL(raw);
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.some((pattern) => pattern.test(key))) url.searchParams.delete(key);
  }
  url.searchParams.sort();
  const text = url.toString();
  return url.search === '' ? text.replace(/\?$/, '') : text;
}

// Telegram and chat users wrap links in brackets, quotes and sentence punctuation.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`«»“”‘’]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>]+$/;

/** The http(s) URLs inside a message, in order, without duplicates or trailing punctuation. */
export function findUrls(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    let candidate = match[0];
    // Keep a closing parenthesis that belongs to the URL (Wikipedia-style links).
    while (TRAILING_PUNCTUATION.test(candidate)) {
      const last = candidate.at(-1);
      if (last === ')' && (candidate.match(/\(/g)?.length ?? 0) >= (candidate.match(/\)/g)?.length ?? 0)) break;
      candidate = candidate.slice(0, -1);
    }
    try {
      const normalized = new URL(candidate).toString();
      if (!found.includes(normalized)) found.push(normalized);
    } catch {
      // Not a parseable URL: ignore, the text may still be an article.
    }
  }
  return found;
}

/** The canonical form of `url` (see canonicalizeUrl), or `url` itself when it does not parse. */
export function safeCanonicalUrl(url: string): string {
  try {
    return canonicalizeUrl(url);
  } catch {
    return url;
  }
}

/** `raw` (resolved against `base` when given) as a URL when it is http(s), else null. */
export function parseHttpUrl(raw: string | null | undefined, base?: string | null): URL | null {
  if (!raw) return null;
  try {
    const url = base ? new URL(raw.trim(), base) : new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** True when `value` is an absolute http(s) URL. */
export const isHttpUrl = (value: string): boolean => parseHttpUrl(value) !== null;

/** The host name as a reader would write it: "www.example.org" → "example.org"; null when not http(s). */
export function displayHost(url: string | null | undefined): string | null {
  const parsed = parseHttpUrl(url);
  return parsed ? parsed.hostname.replace(/^www\./i, '') || null : null;
}

/**
 * The URL to link to, or null when it must not be linked: only absolute http(s) URLs without
 * credentials. Returns the source's own string (trimmed) so the link is exactly what the source had.
 */
export function linkableUrl(url: string | null | undefined): string | null {
  const trimmed = url?.trim();
  const parsed = parseHttpUrl(trimmed);
  if (!trimmed || !parsed || parsed.username || parsed.password) return null;
  // The URL parser silently drops tabs/newlines; a string containing them is not what we would link.
  if (/[\s\u0000-\u001F\u007F-\u009F]/.test(trimmed)) return parsed.href;
  return trimmed;
}

/** Links (feed items, feed sites) longer than this are dropped, not cut: a cut URL points elsewhere. */
export const LINK_MAX_CHARS = 2048;

/** `href` resolved against `base`, if the result is an http(s) URL without credentials, at most LINK_MAX_CHARS long. */
export function absoluteHttpUrl(href: string, base: string): string | null {
  // Checked before any work on it: the field may be megabytes long.
  if (href.length > 2 * LINK_MAX_CHARS) return null;
  // As cleanText: control and bidi-override characters removed, white space collapsed.
  const trimmed = href.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  if (!trimmed || trimmed.length > LINK_MAX_CHARS) return null;
  const url = parseHttpUrl(trimmed, base);
  if (!url || url.username || url.password) return null;
  return url.href.length > LINK_MAX_CHARS ? null : url.href;
}

/** `href` resolved against `base` (an xml:base against the feed URL), or `base` when it does not resolve. */
export function resolveUrl(href: string | null | undefined, base: string): string {
  if (!href) return base;
  try {
    return new URL(href, base).href;
  } catch {
    return base;
  }
}

/** "https://Example.com/feed/" and "https://example.com/feed" are the same subscription to a user. */
export function sameSubscriptionUrl(a: string, b: string): boolean {
  const norm = (url: string) => {
    try {
      const parsed = new URL(url);
      return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
    } catch {
      return url.trim();
    }
  };
  return norm(a) === norm(b);
}
