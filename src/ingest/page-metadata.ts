import { parsePublishedDate } from './published-date.js';
import { type DomDocument, elementsByTag } from './page-dom.js';

/** What a page says about itself: meta tags, JSON-LD, title, date, language and declared types. */

/**
 * Every `<meta>` of a page, read in one walk. A look-up by key then costs a map read instead of a walk of
 * the whole document per key and attribute (a date look-up tries 19 keys × 3 attributes).
 */
export interface MetaTags {
  /** Content of the first non-empty `meta[property|name|itemprop="key"]`, keys in order of preference. */
  get(...keys: string[]): string | null;
}

const META_KEY_ATTRIBUTES = ['property', 'name', 'itemprop'] as const;

export function metaTags(document: DomDocument): MetaTags {
  // Keyed "attribute=value" → content of the FIRST such element, as `querySelector('meta[attribute="value"]')`
  // would find it (an empty first element hides a later one, as before).
  const first = new Map<string, string>();
  // By tag, not by CSS selector: css-select's matching cost more than the walk itself.
  const elements = elementsByTag(document, 'meta');
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    if (!element) continue;
    for (const attribute of META_KEY_ATTRIBUTES) {
      const value = element.getAttribute(attribute);
      const key = `${attribute}=${value}`;
      if (value !== null && !first.has(key)) first.set(key, element.getAttribute('content')?.trim() ?? '');
    }
  }
  return {
    get(...keys) {
      for (const key of keys) {
        for (const attribute of META_KEY_ATTRIBUTES) {
          const content = first.get(`${attribute}=${key}`);
          if (content) return content;
        }
      }
      return null;
    },
  };
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function jsonLdBlocks(document: DomDocument): Json[] {
  const blocks: Json[] = [];
  const scripts = elementsByTag(document, 'script');
  for (let i = 0; i < scripts.length; i++) {
    if (scripts[i]?.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    // Sites wrap JSON-LD in CDATA comments or leave trailing commas; a block that does not parse is skipped.
    const raw = (scripts[i]?.textContent ?? '').replace(/^\s*(<!\[CDATA\[|\/\/\s*<!\[CDATA\[)/, '').replace(/(\]\]>|\/\/\s*\]\]>)\s*$/, '');
    try {
      blocks.push(JSON.parse(raw) as Json);
    } catch {
      // Not JSON: ignore this block.
    }
  }
  return blocks;
}

/** Depth-first search through JSON-LD (arrays, @graph, nested objects) for the first usable value. */
export function findInJsonLd<T>(nodes: Json[], pick: (node: { [key: string]: Json }) => T | null): T | null {
  const stack = [...nodes].reverse();
  let guard = 0;
  while (stack.length > 0 && guard++ < 5000) {
    const node = stack.pop();
    if (node === null || node === undefined || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i] as Json);
      continue;
    }
    const found = pick(node);
    if (found !== null) return found;
    for (const value of Object.values(node).reverse()) if (value !== null && typeof value === 'object') stack.push(value);
  }
  return null;
}

export const asText = (value: Json | undefined): string | null => {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (Array.isArray(value)) return asText(value[0]);
  return null;
};

/** A page title longer than this is a keyword dump or an attack; headlines are far shorter. */
export const PAGE_TITLE_MAX_CHARS = 300;
const TITLE_SEPARATOR = /\s+[-–—|·•:»]{1,2}\s+/;

/** Drops a " - ANTARA News" / "Kompas.com | " style site name from either end of a title. */
export function stripSiteSuffix(title: string, siteNames: Array<string | null>): string {
  const names = siteNames
    .filter((name): name is string => Boolean(name))
    .map((name) => name.toLowerCase().replace(/^www\./, ''));
  if (names.length === 0) return title;
  const matches = (part: string) => {
    const lowered = part.trim().toLowerCase().replace(/^www\./, '');
    return names.some(
      (name) =>
        lowered === name ||
        lowered === name.replace(/\.[a-z]{2,}(\.[a-z]{2})?$/, '') ||
        name.startsWith(`${lowered}.`) ||
        // "Kompas.com Regional", "Okezone Lifestyle": the site name plus a section.
        (lowered.startsWith(`${name} `) && lowered.split(/\s+/).length <= 4),
    );
  };
  // "KapanLagi.com: Judul" puts the site name first with a bare colon.
  const colon = /^([^:]{2,40}):\s+(.+)$/.exec(title);
  if (colon?.[1] && colon[2] && matches(colon[1])) return colon[2].trim();
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2) return title;
  const last = parts.at(-1) ?? '';
  if (matches(last)) {
    const index = title.lastIndexOf(last);
    return title.slice(0, index).replace(/\s+[-–—|·•:»]{1,2}\s*$/, '').trim() || title;
  }
  const first = parts[0] ?? '';
  if (matches(first)) return title.slice(first.length).replace(/^\s*[-–—|·•:»]{1,2}\s+/, '').trim() || title;
  return title;
}

/**
 * The page's publication date from its metadata, as a UTC instant; a zone-less date is read at
 * `defaultOffsetMinutes` (WIB for Indonesian pages: see published-date.ts).
 */
export function publishedAt(
  document: DomDocument,
  metas: MetaTags,
  jsonLd: Json[],
  readabilityDate: string | null | undefined,
  defaultOffsetMinutes: number,
): string | null {
  const candidates: Array<string | null> = [
    metas.get('article:published_time', 'og:published_time', 'published_time', 'datePublished'),
    findInJsonLd(jsonLd, (node) => asText(node['datePublished'])),
    metas.get(
      'pubdate', 'publishdate', 'publish-date', 'publish_date', 'date', 'dc.date', 'dc.date.issued', 'DC.date.issued',
      'dcterms.created', 'sailthru.date', 'parsely-pub-date', 'article.published', 'content_PublishedDate', 'dateCreated',
    ),
    document.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
    readabilityDate ?? null,
    findInJsonLd(jsonLd, (node) => asText(node['dateCreated']) ?? asText(node['uploadDate'])),
  ];
  for (const candidate of candidates) {
    const normalized = parsePublishedDate(candidate, defaultOffsetMinutes);
    if (normalized) return normalized;
  }
  return null;
}

export function jsonLdPublisher(jsonLd: Json[]): string | null {
  return findInJsonLd(jsonLd, (node) => {
    const publisher = node['publisher'];
    if (publisher && typeof publisher === 'object' && !Array.isArray(publisher)) return asText(publisher['name']);
    if (Array.isArray(publisher)) {
      const first = publisher[0];
      if (first && typeof first === 'object' && !Array.isArray(first)) return asText(first['name']);
    }
    return null;
  });
}

export function languageHintOf(document: DomDocument, metas: MetaTags): string | null {
  const raw = document.documentElement?.getAttribute('lang') ?? metas.get('og:locale', 'language', 'content-language');
  const primary = raw?.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary || !/^[a-z]{2,3}$/.test(primary)) return null;
  // "in" is the withdrawn ISO code for Indonesian that older CMSs still emit.
  return primary === 'in' ? 'id' : primary;
}

/** Top-level JSON-LD `@type`s (arrays and `@graph` opened, nested items not) plus `og:type`. */
export function declaredTypes(metas: MetaTags, jsonLd: Json[]): string[] {
  const types: string[] = [];
  const add = (node: Json | undefined) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const type = node['@type'];
    for (const value of Array.isArray(type) ? type : [type]) if (typeof value === 'string') types.push(value);
    if (Array.isArray(node['@graph'])) for (const inner of node['@graph']) add(inner);
  };
  for (const block of jsonLd) for (const node of Array.isArray(block) ? block : [block]) add(node);
  const ogType = metas.get('og:type');
  if (ogType) types.push(`og:${ogType.toLowerCase()}`);
  return types;
}

