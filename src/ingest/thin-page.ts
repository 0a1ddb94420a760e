import { isDateOnly, isHeadlineLike } from './clean-text.js';

/** What the thin-page check looks at: the page's main text before and after clean-up, and how link-heavy it is. */
export interface ThinPageFacts {
  /** Main text as extracted, before clean-up (wall prompts are often removed by clean-up). */
  rawText: string;
  /** Main text after `cleanArticleText`. */
  text: string;
  /** False when Readability found no article body. */
  readable: boolean;
  /** Share of the main text inside links, 0–1. */
  linkDensity: number;
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

// Cookie walls, consent screens and paywall teasers, in English and Indonesian.
const WALL =
  /\b(?:subscribe (?:now )?to (?:continue|read|keep reading|unlock)|subscribers? only|already a subscriber|become a (?:member|subscriber) to|sign in to (?:continue|read)|log ?in to (?:continue|read)|register (?:for free )?to (?:continue|read)|create a free account to|you(?:'ve| have) reached your (?:free )?(?:article )?limit|accept (?:all )?cookies|we use cookies|this (?:site|website) uses cookies|cookie (?:policy|settings|consent|preferences)|manage (?:your )?consent|berlangganan untuk (?:membaca|melanjutkan|mengakses)|khusus (?:untuk )?(?:pelanggan|member)|masuk untuk (?:membaca|melanjutkan)|login untuk (?:membaca|melanjutkan)|kami menggunakan cookie|situs ini menggunakan cookie|terima (?:semua )?cookie|setujui (?:penggunaan )?cookie)/i;

const WALL_MAX_PROSE = 1200;

const SENTENCE_END = /[.!?…]["”’)\]]?$|[.!?]["”’)]?\s/;

/** A paragraph made of at least one real sentence (not a headline, label or link). */
export function isSubstantive(paragraph: string): boolean {
  return paragraph.split(/\s+/).length >= 6 && SENTENCE_END.test(paragraph);
}

/**
 * Decides whether a page is a cookie wall, paywall teaser, section front or too short to be an article.
 * Returns null for a page that reads like an article. Short photo stories (one or two captioned sentences)
 * pass: news sites publish them as articles.
 */
export function thinPageReason(facts: ThinPageFacts, options: ThinPageOptions): ThinPageReason | null {
  const paragraphs = facts.text.split(/\n{2,}/).filter((p) => p.trim() !== '');
  if (facts.feed) return 'section-front';
  if (!facts.readable || paragraphs.length === 0) return 'no-article';

  const substantive = paragraphs.filter(isSubstantive);
  const substantiveChars = substantive.reduce((sum, p) => sum + p.length, 0);
  const totalChars = paragraphs.reduce((sum, p) => sum + p.length, 0);

  // A paywall teaser shows two or three paragraphs; a full story that merely mentions subscribing has more.
  if (WALL.test(facts.rawText) && substantiveChars < WALL_MAX_PROSE) return 'wall';
  // Section fronts: mostly links, or a long run of headlines with little running text between them.
  if (facts.linkDensity >= 0.5) return 'section-front';
  if (paragraphs.length >= 10 && substantiveChars < 0.5 * totalChars) return 'section-front';
  // Index pages alternate headline and one-sentence teaser, each item with its own timestamp.
  const headlines = paragraphs.filter(isHeadlineLike).length;
  const meanSubstantive = substantive.length > 0 ? substantiveChars / substantive.length : 0;
  if (paragraphs.length >= 8 && headlines >= 0.5 * paragraphs.length && meanSubstantive < 150 && facts.linkDensity >= 0.15) return 'section-front';
  const timestamps = facts.rawText.split('\n').filter((line) => isDateOnly(line.trim())).length;
  if (timestamps >= 2 && headlines >= 2 && substantiveChars < 1500) return 'section-front';
  if (substantiveChars < 120) return 'too-short';
  if (totalChars < options.minChars && substantive.length < 2) return 'too-short';
  return null;
}

/** A log/CLI line for each refusal; the chat wording lives in errors/user-messages.ts. */
export function thinPageMessage(reason: ThinPageReason): string {
  switch (reason) {
    case 'wall':
      return 'The page shows a cookie wall or paywall instead of the article; paste the article text instead.';
    case 'section-front':
      return 'The page is a list of headlines (a section front), not one article; send the article link or paste its text.';
    case 'too-short':
      return 'The page has too little article text to summarize; paste the article text instead.';
    case 'no-article':
      return 'No article text was found on the page; paste the article text instead.';
  }
}
