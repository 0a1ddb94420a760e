import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Article } from './article.js';
import { attribute } from './attribution.js';
import { displayHost } from './urls.js';
import { detectLanguage } from './language.js';
import { looksLikeFeedDocument } from './feed-sniff.js';
import { assertNestingDepth } from './nesting-depth.js';

// The project compiles without the DOM lib, so linkedom's and Readability's DOM types resolve to `any`.
// These are the few members extraction reads, typed on purpose.
interface DomNode {
  readonly nodeType: number;
  readonly childNodes: ArrayLike<DomNode>;
  readonly textContent: string | null;
}
interface DomElement extends DomNode {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}
interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/** Everything `extractPage` learns about a page; the Ingestor uses the extra facts to refuse thin pages. */
export interface ExtractedPage {
  /** Main text before clean-up (paragraphs separated by a blank line) plus metadata. */
  article: Article;
  /** Primary subtag of `<html lang>`, e.g. "id" for "id-ID"; null when absent. */
  languageHint: string | null;
  /** False when Readability found no article body at all. */
  readable: boolean;
  /** The document is an RSS/Atom feed (a list of headlines), not a page. */
  feed: boolean;
  /** Text of each link inside the main-text block, so the thin-page check can tell headline links from prose. */
  linkTexts: string[];
  /** What the page says it is: top-level JSON-LD `@type`s (not those nested in lists) and `og:type`. */
  declaredTypes: string[];
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** Elements that end a paragraph; everything else is inline and joins the current paragraph. */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CENTER', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'BUTTON', 'SELECT', 'TEXTAREA']);

const MIN_CAPTION_TEXT = 140;

// Containers whose text is nearly all links are related-article lists, tag clouds or menus left inside the body.
const LINK_LIST_TAGS = new Set(['UL', 'OL', 'NAV', 'ASIDE', 'DIV', 'SECTION', 'TABLE', 'DL']);

function isLinkList(element: DomElement): boolean {
  const links = element.querySelectorAll('a');
  if (links.length < 3) return false;
  const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (text.length === 0) return false;
  let linkText = 0;
  for (let i = 0; i < links.length; i++) linkText += (links[i]?.textContent ?? '').replace(/\s+/g, ' ').trim().length;
  return linkText / text.length >= 0.8 && text.length / links.length < 120;
}

/** Splits an element's text into paragraphs at block boundaries (lists and quotes keep their text); `<br>` becomes a newline. */
function blockParagraphs(root: DomNode, skip: ReadonlySet<string> = SKIPPED_TAGS): string[] {
  const paragraphs: string[] = [];
  let buffer = '';
  const flush = () => {
    // <br> lines stay together as one paragraph with single newlines; clean-up decides whether they are
    // hard-wrapped sentences (press releases) or separate items ("Pewarta: …<br>Editor: …").
    const lines = buffer
      .split('\n')
      .map((line) => line.replace(/[\s\u00a0\u200b]+/g, ' ').trim())
      .filter((line) => line !== '');
    if (lines.length > 0) paragraphs.push(lines.join('\n'));
    buffer = '';
  };
  const walk = (node: DomNode) => {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child) continue;
      if (child.nodeType === TEXT_NODE) {
        buffer += child.textContent ?? '';
        continue;
      }
      if (child.nodeType !== ELEMENT_NODE) continue;
      const tag = (child as DomElement).tagName.toUpperCase();
      if (skip.has(tag)) continue;
      if (tag === 'BR') {
        buffer += '\n';
        continue;
      }
      // A one-line figure caption describes a photo, not the story; galleries whose captions are the text keep them.
      if (tag === 'FIGCAPTION' && (child.textContent ?? '').replace(/\s+/g, ' ').trim().length < MIN_CAPTION_TEXT) continue;
      const block = BLOCK_TAGS.has(tag);
      if (LINK_LIST_TAGS.has(tag) && isLinkList(child as DomElement)) {
        flush();
        continue;
      }
      if (block) flush();
      walk(child);
      if (block) flush();
    }
  };
  walk(root);
  flush();
  return paragraphs;
}

function meta(document: DomDocument, ...keys: string[]): string | null {
  for (const key of keys) {
    for (const attribute of ['property', 'name', 'itemprop']) {
      const element = document.querySelector(`meta[${attribute}="${key}"]`);
      const content = element?.getAttribute('content')?.trim();
      if (content) return content;
    }
  }
  return null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function jsonLdBlocks(document: DomDocument): Json[] {
  const blocks: Json[] = [];
  const scripts = document.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) {
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
function findInJsonLd<T>(nodes: Json[], pick: (node: { [key: string]: Json }) => T | null): T | null {
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

const asText = (value: Json | undefined): string | null => {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (Array.isArray(value)) return asText(value[0]);
  return null;
};

/** Normalises a page's date to ISO 8601: UTC when the source has an offset, local wall time when it has none. */
export function normalizeDate(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const plausible = (date: Date) => !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1990 && date.getUTCFullYear() <= 2100;
  if (typeof raw === 'number' || /^\d{10}(\d{3})?$/.test(String(raw).trim())) {
    const value = Number(raw);
    const date = new Date(value < 1e11 ? value * 1000 : value);
    return plausible(date) ? date.toISOString() : null;
  }
  const text = raw.trim();
  const local = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s, zone] = local;
    const pad = (part: string | undefined) => (part ?? '0').padStart(2, '0');
    const day = `${y}-${pad(mo)}-${pad(d)}`;
    const time = h === undefined ? '' : `T${pad(h)}:${pad(mi)}:${pad(s)}`;
    if (zone) {
      const offset = /^(UTC|GMT|Z)$/i.test(zone) ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
      const date = new Date(`${day}${time || 'T00:00:00'}${offset}`);
      return plausible(date) ? date.toISOString() : null;
    }
    return plausible(new Date(`${day}T00:00:00Z`)) ? `${day}${time}` : null;
  }
  // RFC 2822 and other forms Date understands ("Tue, 06 May 2025 14:32:10 +0700").
  if (/\d{4}/.test(text) && /[+-]\d{4}|GMT|UTC|Z\b/.test(text)) {
    const date = new Date(text);
    if (plausible(date)) return date.toISOString();
  }
  return null;
}

/** A page title longer than this is a keyword dump or an attack; headlines are far shorter. */
const PAGE_TITLE_MAX_CHARS = 300;
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

function publishedAt(document: DomDocument, jsonLd: Json[], readabilityDate: string | null | undefined): string | null {
  const candidates: Array<string | null> = [
    meta(document, 'article:published_time', 'og:published_time', 'published_time', 'datePublished'),
    findInJsonLd(jsonLd, (node) => asText(node['datePublished'])),
    meta(
      document,
      'pubdate', 'publishdate', 'publish-date', 'publish_date', 'date', 'dc.date', 'dc.date.issued', 'DC.date.issued',
      'dcterms.created', 'sailthru.date', 'parsely-pub-date', 'article.published', 'content_PublishedDate', 'dateCreated',
    ),
    document.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
    readabilityDate ?? null,
    findInJsonLd(jsonLd, (node) => asText(node['dateCreated']) ?? asText(node['uploadDate'])),
  ];
  for (const candidate of candidates) {
    const normalized = normalizeDate(candidate);
    if (normalized) return normalized;
  }
  return null;
}

function jsonLdPublisher(jsonLd: Json[]): string | null {
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

function languageHintOf(document: DomDocument): string | null {
  const raw = document.documentElement?.getAttribute('lang') ?? meta(document, 'og:locale', 'language', 'content-language');
  const primary = raw?.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary || !/^[a-z]{2,3}$/.test(primary)) return null;
  // "in" is the withdrawn ISO code for Indonesian that older CMSs still emit.
  return primary === 'in' ? 'id' : primary;
}

/** Text of each link, split where the text splits into paragraphs (a card link holds headline, teaser and date). */
function linkTexts(root: DomElement): string[] {
  const texts: string[] = [];
  const links = root.querySelectorAll('a');
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (!link) continue;
    for (const paragraph of blockParagraphs(link)) for (const line of paragraph.split('\n')) if (line !== '') texts.push(line);
  }
  return texts;
}

/** Top-level JSON-LD `@type`s (arrays and `@graph` opened, nested items not) plus `og:type`. */
function declaredTypes(document: DomDocument, jsonLd: Json[]): string[] {
  const types: string[] = [];
  const add = (node: Json | undefined) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const type = node['@type'];
    for (const value of Array.isArray(type) ? type : [type]) if (typeof value === 'string') types.push(value);
    if (Array.isArray(node['@graph'])) for (const inner of node['@graph']) add(inner);
  };
  for (const block of jsonLd) for (const node of Array.isArray(block) ? block : [block]) add(node);
  const ogType = meta(document, 'og:type');
  if (ogType) types.push(`og:${ogType.toLowerCase()}`);
  return types;
}

/**
 * linkedom does not synthesise the <html> root a browser would: a page that starts with `<head>` or a bare
 * fragment ends up with several root elements and an empty `document.body`, so Readability sees nothing.
 */
function withHtmlRoot(html: string): string {
  if (/<html[\s>]/i.test(html)) return html;
  const doctype = /^\s*(<!doctype[^>]*>)/i.exec(html);
  const rest = doctype ? html.slice(doctype[0].length) : html;
  const wrapped = /<(head|body)[\s>]/i.test(rest) ? rest : `<body>${rest}</body>`;
  return `${doctype?.[1] ?? '<!DOCTYPE html>'}<html>${wrapped}</html>`;
}

interface ParentedElement extends DomElement {
  readonly parentElement: ParentedElement | null;
}

/** The block of paragraphs found by paragraph density, read before Readability mutates the document. */
interface ContentCandidate {
  paragraphs: string[];
  /** Text of the links inside, read before Readability moves nodes around. */
  links: string[];
}
interface DensityCandidate extends ContentCandidate {
  /** Text of the paragraphs that voted for the block, to compare with what Readability kept. */
  votes: string[];
}

const MIN_VOTING_PARAGRAPH = 40;
const SENTENCE_END = /[.!?…:]["”’)\]]?$/;
const MAX_CLIMB = 4;
// Navigation, forms and page furniture inside the chosen block are not story text.
const CANDIDATE_SKIPPED_TAGS = new Set([...SKIPPED_TAGS, 'NAV', 'ASIDE', 'FOOTER', 'FORM']);
const OUTSIDE_STORY = 'nav, aside, footer, form, [role="navigation"], [role="complementary"], [role="contentinfo"]';

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * A second opinion on where the story is: every paragraph of 40+ characters votes for its parent, the parent
 * with the most paragraph text wins, and the winner grows to an ancestor while that adds much more paragraph text
 * (stories split into several blocks by ads). Readability scores by commas and class names, so it sometimes
 * settles on a comma-heavy list, a table or a disclosure box instead.
 */
function densityCandidate(document: DomDocument): DensityCandidate | null {
  const totals = new Map<ParentedElement, number>();
  const nodes = document.querySelectorAll('p') as ArrayLike<ParentedElement & { closest(selector: string): DomElement | null }>;
  const voters: Array<{ node: ParentedElement; text: string }> = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node?.parentElement) continue;
    const text = squash(node.textContent);
    // Only sentences vote: a long list of names or table-like lines is not where the story is.
    if (text.length < MIN_VOTING_PARAGRAPH || !SENTENCE_END.test(text) || node.closest(OUTSIDE_STORY)) continue;
    voters.push({ node, text });
    totals.set(node.parentElement, (totals.get(node.parentElement) ?? 0) + text.length);
  }
  let best: ParentedElement | null = null;
  let bestTotal = 0;
  for (const [parent, total] of totals) {
    if (total > bestTotal) {
      best = parent;
      bestTotal = total;
    }
  }
  if (!best) return null;
  const within = (ancestor: ParentedElement) => {
    const inside: string[] = [];
    for (const { node, text } of voters) {
      for (let up: ParentedElement | null = node.parentElement; up; up = up.parentElement) {
        if (up === ancestor) {
          inside.push(text);
          break;
        }
      }
    }
    return inside;
  };
  let votes = within(best);
  let ancestor = best.parentElement;
  for (let level = 0; level < MAX_CLIMB && ancestor && ancestor.tagName !== 'BODY'; level++, ancestor = ancestor.parentElement) {
    const wider = within(ancestor);
    const widerTotal = wider.reduce((sum, text) => sum + text.length, 0);
    // Climb only when the ancestor is still mostly paragraphs and holds clearly more of them.
    if (widerTotal >= 1.25 * bestTotal && widerTotal >= 0.6 * squash(ancestor.textContent).length) {
      best = ancestor;
      bestTotal = widerTotal;
      votes = wider;
    }
  }
  return { paragraphs: blockParagraphs(best, CANDIDATE_SKIPPED_TAGS), links: linkTexts(best), votes };
}

/** Prose: paragraphs of running text rather than names, labels or table cells. */
function proseLength(paragraphs: string[]): number {
  let total = 0;
  for (const paragraph of paragraphs) if (paragraph.split(/\s+/).length >= 8 && SENTENCE_END.test(paragraph)) total += paragraph.length;
  return total;
}

/** Share of `parts` (by length) found verbatim in `text`. */
function foundShare(parts: string[], text: string): number {
  let found = 0;
  let total = 0;
  for (const part of parts) {
    total += part.length;
    if (text.includes(part)) found += part.length;
  }
  return total === 0 ? 1 : found / total;
}

const FALLBACK_BELOW_CHARS = 250;

/**
 * Chooses between Readability's block and the paragraph-density block: the density block wins when Readability
 * found (almost) nothing, or when Readability's block holds under half of the density block's paragraphs and
 * less than half its prose (Readability settled on a list of names, a table or a disclosure box).
 */
function chooseContent(readability: ContentCandidate | null, density: DensityCandidate | null): ContentCandidate | null {
  if (!readability) return density;
  if (!density) return readability;
  const readabilityText = squash(readability.paragraphs.join(' '));
  const densityText = squash(density.paragraphs.join(' '));
  if (readabilityText.length < FALLBACK_BELOW_CHARS) return densityText.length > readabilityText.length ? density : readability;
  const readabilityProse = proseLength(readability.paragraphs);
  const densityProse = proseLength(density.paragraphs);
  if (densityProse > 2 * readabilityProse && foundShare(density.votes, readabilityText) < 0.5) return density;
  return readability;
}

/** HTML → main text (paragraphs kept, not yet cleaned) with title, publisher, date, canonical URL and language. */
export function extractPage(html: string, url: string | null): ExtractedPage {
  // Linear pre-check: a deeply nested page would keep linkedom and Readability busy for minutes.
  assertNestingDepth(html);
  const { document } = parseHTML(withHtmlRoot(html)) as unknown as { document: DomDocument };

  // Readability mutates the document, so every piece of metadata is read first.
  const jsonLd = jsonLdBlocks(document);
  const declaredSite = meta(document, 'og:site_name', 'application-name') ?? jsonLdPublisher(jsonLd);
  // Some sites put their home-page URL in og:site_name; the host name reads better.
  const siteName = declaredSite && /^https?:\/\//i.test(declaredSite) ? displayHost(declaredSite) : declaredSite;
  // What the page declares about itself is believed only where it agrees with the URL it was read from.
  const credit = attribute(url, {
    canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null,
    ogUrl: meta(document, 'og:url'),
    siteName: declaredSite,
  });
  const host = displayHost(url);
  const rawTitle =
    meta(document, 'og:title', 'twitter:title') ??
    findInJsonLd(jsonLd, (node) => asText(node['headline'])) ??
    (document.querySelector('title')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const languageHint = languageHintOf(document);
  const metaDate = publishedAt(document, jsonLd, null);

  const density = densityCandidate(document);

  let parsedArticle: ReturnType<Readability<DomElement>['parse']> = null;
  try {
    parsedArticle = new Readability<DomElement>(document as never, { serializer: (node) => node as unknown as DomElement }).parse();
  } catch {
    parsedArticle = null;
  }
  const readabilityContent = parsedArticle?.content ?? null;
  const chosen = chooseContent(
    readabilityContent ? { paragraphs: blockParagraphs(readabilityContent), links: linkTexts(readabilityContent) } : null,
    density,
  );
  const paragraphs = chosen?.paragraphs ?? [];
  const text = paragraphs.join('\n\n');

  // Collapsed and capped before the separator regexes: a run of 40,000 spaces in og:title made them quadratic.
  const titleSource = (rawTitle || parsedArticle?.title || '').replace(/\s+/g, ' ').trim().slice(0, PAGE_TITLE_MAX_CHARS).replace(/[\uD800-\uDBFF]$/, '') || null;
  const title = titleSource ? stripSiteSuffix(titleSource, [siteName, host]) : null;
  const detected = detectLanguage(text);

  return {
    article: {
      url: credit.url,
      fetchedUrl: credit.url === null ? null : url,
      title,
      publisher: credit.publisher,
      publishedAt: metaDate ?? normalizeDate(parsedArticle?.publishedTime ?? null),
      language: detected === 'und' && languageHint ? languageHint : detected,
      text,
    },
    languageHint,
    readable: chosen !== null && text.length > 0,
    linkTexts: chosen?.links ?? [],
    declaredTypes: declaredTypes(document, jsonLd),
    feed: looksLikeFeedDocument(html),
  };
}

/** HTML → Article with the raw main text (run `cleanArticleText` on `text` for news clean-up). */
export function extractArticle(html: string, url: string | null): Article {
  return extractPage(html, url).article;
}
