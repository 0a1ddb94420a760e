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
