import { createRequire } from 'node:module';
import { htmlNestingDepth, MAX_NESTING_DEPTH } from '../ingest/nesting-depth.js';
import { absoluteHttpUrl } from '../ingest/urls.js';

// The project compiles without the DOM lib, so linkedom's DOM types resolve to `any`: name what we use.
interface DomElement {
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
}
interface DomDocument {
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

// linkedom (about 5 MB of heap) is loaded by the first page that has to be searched for a feed, not at start-up;
// through require (its CommonJS build) so that discoverFeedLinks stays synchronous.
let linkedom: typeof import('linkedom') | undefined;
const loadLinkedom = () => (linkedom ??= createRequire(import.meta.url)('linkedom') as typeof import('linkedom'));

/** Feed media types a page may advertise; `application/json` only counts as a feed in a rel=alternate link. */
const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
]);

/**
 * The feed URLs a page advertises with `<link rel="alternate" type="…rss+xml|atom+xml|feed+json|json">`,
 * absolute (against `<base href>` when present, else the page URL), http(s) only, in document order,
 * without duplicates. None for a page nested deeper than MAX_NESTING_DEPTH (it is not parsed).
 */
export function discoverFeedLinks(html: string, pageUrl: string): string[] {
  // linkedom alone spends seconds on a page nested tens of thousands deep (9 s at 50,000): such a page
  // advertises nothing.
  if (htmlNestingDepth(html) > MAX_NESTING_DEPTH) return [];
  const document = loadLinkedom().parseHTML(html).document as DomDocument;
  const baseHref = Array.from(document.querySelectorAll('base')).map((el) => attribute(el, 'href')).find(Boolean) ?? '';
  const base = (baseHref && absoluteHttpUrl(baseHref, pageUrl)) || pageUrl;
  const found: string[] = [];
  for (const link of Array.from(document.querySelectorAll('link'))) {
    const rel = attribute(link, 'rel').toLowerCase().split(/\s+/);
    if (!rel.includes('alternate')) continue;
    // Parameters such as "; charset=utf-8" occasionally ride along in the type attribute.
    const type = attribute(link, 'type').toLowerCase().split(';')[0]?.trim() ?? '';
    if (!FEED_TYPES.has(type)) continue;
    const url = absoluteHttpUrl(attribute(link, 'href'), base);
    if (url && !found.includes(url)) found.push(url);
  }
  return found;
}

// linkedom keeps attribute names as written ("HREF"), while HTML treats them case-insensitively.
function attribute(element: DomElement, name: string): string {
  for (const attr of Array.from(element.attributes)) if (attr.name.toLowerCase() === name) return attr.value.trim();
  return '';
}
