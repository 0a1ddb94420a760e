import { isDateOnly, isHeadlineLike } from './clean-text.js';

/** What the thin-page check looks at: the page's main text before and after clean-up, its links and what it declares. */
export interface ThinPageFacts {
  /** Main text as extracted, before clean-up (wall prompts are often removed by clean-up). */
  rawText: string;
  /** Main text after `cleanArticleText`. */
  text: string;
  /** False when Readability found no article body. */
  readable: boolean;
  /** Text of each link inside the main-text block. */
  linkTexts?: readonly string[];
  /** Top-level JSON-LD `@type`s and `og:<type>` (see extract.ts). */
  declaredTypes?: readonly string[];
  /** The document is an RSS/Atom feed. */
  feed?: boolean;
}

/** Why a page is not an article. */
export type ThinPageReason = 'no-article' | 'too-short' | 'wall' | 'section-front';

/** Limits of the thin-page check. */
export interface ThinPageOptions {
  /** Below this many characters of cleaned text, a page needs at least two paragraphs of real sentences. */
  minChars: number;
}

/** The page-shape figures behind a section-front verdict. */
export interface PageShape {
  paragraphs: number;
  /** Headline items: a headline link, or an unlinked headline whose item ends in a date or "read more" line. */
  items: number;
  /** Share of the text made of headline links, their one-paragraph teasers and date lines, 0–1. */
  itemShare: number;
  /** Share of the text inside links, 0–1. */
  linkShare: number;
  /** Characters of the longest run of consecutive prose paragraphs (sentences, not links). */
  longestProseRun: number;
  /** Characters of the longest such run with at least two paragraphs before the first item: a story that opens the page. */
  openingProse: number;
}

// Cookie walls, consent screens and paywall teasers, in English and Indonesian.
const WALL =
  /\b(?:subscribe (?:now )?to (?:continue|read|keep reading|unlock)|subscribers? only|already a subscriber|become a (?:member|subscriber) to|sign in to (?:continue|read)|log ?in to (?:continue|read)|register (?:for free )?to (?:continue|read)|create a free account to|you(?:'ve| have) reached your (?:free )?(?:article )?limit|accept (?:all )?cookies|we use cookies|this (?:site|website) uses cookies|cookie (?:policy|settings|consent|preferences)|manage (?:your )?consent|berlangganan untuk (?:membaca|melanjutkan|mengakses)|khusus (?:untuk )?(?:pelanggan|member)|masuk untuk (?:membaca|melanjutkan)|login untuk (?:membaca|melanjutkan)|kami menggunakan cookie|situs ini menggunakan cookie|terima (?:semua )?cookie|setujui (?:penggunaan )?cookie)/i;

const WALL_MAX_PROSE = 1200;

const SENTENCE_END = /[.!?…]["”’)\]]?$|[.!?]["”’)]?\s/;

/** A paragraph made of at least one real sentence (not a headline, label or link). */
export function isSubstantive(paragraph: string): boolean {
  return paragraph.split(/\s+/).length >= 6 && SENTENCE_END.test(paragraph);
}

/** A paragraph that is mostly link text and short enough to be a headline. */
const HEADLINE_LINK_SHARE = 0.6;
const HEADLINE_MAX_CHARS = 200;
/** A teaser under a headline link: one short paragraph that is not itself a link. */
const TEASER_MAX_CHARS = 320;
/**
 * Connected prose: a run of consecutive sentence paragraphs this long is a story, whatever surrounds it.
 * Index-page teasers are single paragraphs under their own headline, so they never form such a run.
 */
const LONG_PROSE_RUN = 600;
/** A short story (two paragraphs or more) above the first item: a brief with a related-headlines block under it. */
const OPENING_PROSE = 300;
/** Section fronts are nearly all items (0.99–1.0 in the dev sets); the dev-set articles stay at or below 0.52. */
const ITEM_SHARE = 0.75;
/** A page that declares itself a collection needs less; one that declares an article needs more. */
const ITEM_SHARE_COLLECTION = 0.6;
const ITEM_SHARE_ARTICLE = 0.9;
const LINK_SHARE = 0.6;

// og:type is left out on purpose: many CMSs print og:type=article on every page, index pages included.
const ARTICLE_TYPES = /^(?:\w*Article|BlogPosting|LiveBlogPosting|Report|ReportageNews)$/;
const COLLECTION_TYPES = /^(?:CollectionPage|ItemList|SearchResultsPage)$/;

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** How much of a paragraph sits inside links, and what is left of it once the link text is taken out. */
interface LinkCover {
  share: number;
  rest: string;
}

const PREFIX = 3;
const MAX_CANDIDATES = 32;
const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/**
 * Link cover of each paragraph: the whole paragraph when it is a link's text (or one paragraph of a card link),
 * else the links found in it at word starts. Links are indexed by their first characters, so the work grows with the text, not with
 * paragraphs × links (a hostile page may carry tens of thousands of both).
 */
function linkCovers(paragraphs: string[], linkTexts: readonly string[]): LinkCover[] {
  const links = [...new Set(linkTexts.map(squash).filter((link) => link.length >= PREFIX))].sort((a, b) => b.length - a.length);
  const exact = new Set(links);
  const byPrefix = new Map<string, string[]>();
  for (const link of links) {
    const bucket = byPrefix.get(link.slice(0, PREFIX));
    if (!bucket) byPrefix.set(link.slice(0, PREFIX), [link]);
    else if (bucket.length < MAX_CANDIDATES) bucket.push(link);
  }
  return paragraphs.map((paragraph) => {
    if (links.length === 0) return { share: 0, rest: paragraph };
    if (exact.has(paragraph)) return { share: 1, rest: '' };
    let inside = 0;
    let rest = '';
    let i = 0;
    while (i < paragraph.length) {
      const candidates = i === 0 || !isWordChar(paragraph[i - 1]) ? byPrefix.get(paragraph.slice(i, i + PREFIX)) : undefined;
      const found = candidates?.find((link) => paragraph.startsWith(link, i));
      if (found) {
        inside += found.length;
        rest += ' ';
        i += found.length;
      } else {
        rest += paragraph[i];
        i++;
      }
    }
    return { share: Math.min(1, inside / paragraph.length), rest };
  });
}

/** The line that closes an index item: its date, a "read more" link, or both. */
function isItemMarker(paragraph: string, cover: LinkCover): boolean {
  if (paragraph.length > 90) return false;
  // "Read more", "Selengkapnya": a link of one to three words.
  if (isDateOnly(paragraph) || (cover.share >= HEADLINE_LINK_SHARE && paragraph.split(' ').length <= 3)) return true;
  if (cover.share === 0) return false;
  const rest = cover.rest.replace(/[\s|·•–—-]+/g, ' ').trim();
  return rest !== '' && isDateOnly(rest);
}

/** Measures how much of the text is headline items and how much is connected prose. */
export function pageShape(paragraphs: string[], linkTexts: readonly string[]): PageShape {
  const covers = linkCovers(paragraphs, linkTexts);
  const shares = covers.map((cover) => cover.share);
  const marker = (i: number) => paragraphs[i] !== undefined && covers[i] !== undefined && isItemMarker(paragraphs[i] as string, covers[i]);
  const teaser = (i: number) =>
    paragraphs[i] !== undefined && (shares[i] ?? 0) < HEADLINE_LINK_SHARE && (paragraphs[i] as string).length <= TEASER_MAX_CHARS && !marker(i);
  const charsOf = (from: number, to: number) => paragraphs.slice(from, to + 1).reduce((sum, p) => sum + p.length, 0);
  const total = paragraphs.reduce((sum, p) => sum + p.length, 0);
  let linkChars = 0;
  let run = 0;
  let runParagraphs = 0;
  let longestProseRun = 0;
  const runsBefore: number[] = [];
  for (let i = 0; i < paragraphs.length; i++) {
    const paragraph = paragraphs[i] as string;
    const share = shares[i] ?? 0;
    linkChars += share * paragraph.length;
    const prose = isSubstantive(paragraph) && share < 0.5;
    run = prose ? run + paragraph.length : 0;
    runParagraphs = prose ? runParagraphs + 1 : 0;
    longestProseRun = Math.max(longestProseRun, run);
    runsBefore.push(runParagraphs >= 2 ? run : 0);
  }
  /** Last paragraph of the item headed by paragraph `i`; -1 for an unlinked headline that closes no item; null for no headline. */
  const itemEnd = (i: number): number | null => {
    const paragraph = paragraphs[i] as string;
    if (paragraph.length > HEADLINE_MAX_CHARS) return null;
    // A headline link, and the one-paragraph teaser under it.
    if ((shares[i] ?? 0) >= HEADLINE_LINK_SHARE && !marker(i)) return teaser(i + 1) ? i + 1 : i;
    if (!isHeadlineLike(paragraph) || isSubstantive(paragraph)) return null;
    // An unlinked headline counts only when its item ends in a date or "read more" line: FAQ and glossary
    // pages also alternate short headings and short paragraphs, but without them.
    return marker(i + 1) ? i + 1 : teaser(i + 1) && marker(i + 2) ? i + 2 : -1;
  };
  let firstItem = paragraphs.length;
  let items = 0;
  let itemChars = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    const end = itemEnd(i);
    if (end === null) {
      if (marker(i)) itemChars += (paragraphs[i] as string).length;
    } else if (end >= 0) {
      firstItem = Math.min(firstItem, i);
      items++;
      itemChars += charsOf(i, end);
      i = end;
    }
  }
  return {
    paragraphs: paragraphs.length,
    items,
    itemShare: total > 0 ? itemChars / total : 0,
    linkShare: total > 0 ? linkChars / total : 0,
    longestProseRun,
    openingProse: runsBefore.slice(0, firstItem).reduce((max, run) => Math.max(max, run), 0),
  };
}

/**
 * A section front (index page, tag page, teaser list) is mostly items of a headline link with at most a
 * one-paragraph teaser, and has no run of connected prose. Long link blocks after a story, lists of names,
 * tables and wiki navigation boxes do not make a page a section front: when in doubt, the page is summarized.
 */
export function isSectionFront(shape: PageShape, declaredTypes: readonly string[], dateLines: number): boolean {
  if (shape.longestProseRun >= LONG_PROSE_RUN || shape.openingProse >= OPENING_PROSE) return false;
  const declaresArticle = declaredTypes.some((type) => ARTICLE_TYPES.test(type));
  const declaresCollection = declaredTypes.some((type) => COLLECTION_TYPES.test(type));
  const threshold = declaresArticle ? ITEM_SHARE_ARTICLE : declaresCollection ? ITEM_SHARE_COLLECTION : ITEM_SHARE;
  // Two or three items make a front only with their own timestamps (a short "latest news" box); more are a list.
  const enoughItems = shape.items >= 4 || (shape.items >= 2 && dateLines >= 2);
  if (enoughItems && shape.itemShare >= threshold) return true;
  return !declaresArticle && shape.linkShare >= LINK_SHARE && shape.items >= 4;
}

/**
 * Decides whether a page is a cookie wall, paywall teaser, section front or too short to be an article.
 * Returns null for a page that reads like an article. Short photo stories (one or two captioned sentences)
 * pass: news sites publish them as articles.
 */
export function thinPageReason(facts: ThinPageFacts, options: ThinPageOptions): ThinPageReason | null {
  const paragraphs = facts.text
    .split(/\n{2,}/)
    .map(squash)
    .filter((p) => p !== '');
  if (facts.feed) return 'section-front';
  if (!facts.readable || paragraphs.length === 0) return 'no-article';

  const substantive = paragraphs.filter(isSubstantive);
  const substantiveChars = substantive.reduce((sum, p) => sum + p.length, 0);
  const totalChars = paragraphs.reduce((sum, p) => sum + p.length, 0);

  // A paywall teaser shows two or three paragraphs; a full story that merely mentions subscribing has more.
  if (WALL.test(facts.rawText) && substantiveChars < WALL_MAX_PROSE) return 'wall';
  const dateLines = facts.rawText.split('\n').filter((line) => isDateOnly(line.trim())).length;
  if (isSectionFront(pageShape(paragraphs, facts.linkTexts ?? []), facts.declaredTypes ?? [], dateLines)) return 'section-front';
  if (substantiveChars < 120) return 'too-short';
  if (totalChars < options.minChars && substantive.length < 2) return 'too-short';
  return null;
}

/** A log line for each refusal: what was seen. The words users read live in errors/user-messages.ts. */
export function thinPageMessage(reason: ThinPageReason): string {
  switch (reason) {
    case 'wall':
      return 'Cookie wall or paywall teaser: little article text next to a consent or subscription prompt.';
    case 'section-front':
      return 'Section front: the main text is mostly headline links and teasers, with no run of connected prose.';
    case 'too-short':
      return 'Too little article text to summarize.';
    case 'no-article':
      return 'No article body found on the page.';
  }
}
