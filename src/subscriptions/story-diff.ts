import type { Digest, EvidencedItem, Person } from '../digest/schema.js';
import { findAliasKeys, stripAccents, tokenize } from './topics.js';

/** What a follow-up digest adds to the digests of the same story a chat already received. */
export interface StoryDiff {
  /** Agreements whose evidence none of the earlier digests carried. */
  agreements: EvidencedItem[];
  /** Next steps whose evidence none of the earlier digests carried. */
  nextSteps: EvidencedItem[];
  /** People not named in the earlier digests. */
  people: Person[];
  /** Countries not listed in the earlier digests, as the current digest writes them. */
  countries: string[];
  /** There were earlier digests and the current one adds none of the above: "nothing new beyond …". */
  isRepeat: boolean;
}

/** Token Jaccard from which two quotes are the same quote reworded or re-punctuated. */
export const SAME_QUOTE_JACCARD = 0.8;

/**
 * Lower case, no accents, one quote style, no punctuation, single spaces: "“Agreed,” he said" and
 * "\"agreed\" he said" are one quote.
 */
export function normalizeQuote(text: string): string {
  return stripAccents(text)
    .toLowerCase()
    .replace(/[‘’‚‛`´]/gu, "'")
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/** A normalised quote, with its words for the Jaccard test. */
interface Quote {
  text: string;
  words: string[];
}

const quoteOf = (text: string): Quote => {
  const normal = normalizeQuote(text);
  return { text: normal, words: normal.split(' ').filter(Boolean) };
};

/** Known when equal, contained in a known quote (a shorter cut of it), or a near-equal rewording. */
function isKnownQuote(quote: Quote, known: readonly Quote[]): boolean {
  if (quote.words.length === 0) return true;
  return known.some((k) => k.text === quote.text || ` ${k.text} `.includes(` ${quote.text} `) || jaccard(quote.words, k.words) >= SAME_QUOTE_JACCARD);
}

const primaryLanguage = (language: string | null | undefined) => (language ?? '').toLowerCase().split(/[-_]/u)[0] ?? '';

// Titles written before a name in either language; they do not tell people apart.
const NAME_TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'sir', 'prof', 'h', 'hj', 'bapak', 'ibu', 'pak', 'bu', 'president', 'presiden', 'minister', 'menteri', 'king', 'raja', 'prince', 'pangeran', 'sheikh', 'syekh']);

function nameTokens(name: string): string[] {
  const words = tokenize(name).map((t) => t.folded);
  const start = words.findIndex((w) => !NAME_TITLES.has(w));
  return start < 0 ? [] : words.slice(start).filter((w) => w.length > 1 || words.length === 1);
}

/**
 * One person under two spellings: the same words; a single name that is the first or last word of a
 * full name ("Putin" ~ "Vladimir Putin", "Xi" ~ "Xi Jinping", "Prabowo" ~ "Prabowo Subianto"); or full
 * names with the same last word and first initial ("Joe Biden" ~ "Joseph R. Biden").
 */
export function isSamePerson(a: string, b: string): boolean {
  const x = nameTokens(a);
  const y = nameTokens(b);
  if (x.length === 0 || y.length === 0) return false;
  if (x.join(' ') === y.join(' ')) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length === 1) return short[0] === long[0] || short[0] === long.at(-1);
  return short.at(-1) === long.at(-1) && short[0]?.[0] === long[0]?.[0];
}

/** A country's language-independent key ("Rusia" and "Russia" give one key), else its folded name. */
function countryKey(name: string): string {
  const tokens = tokenize(name);
  const { keys, covered } = findAliasKeys(tokens);
  if (keys.size === 1 && covered.size === tokens.length) return `k:${[...keys][0]}`;
  return tokens.map((t) => t.folded).join(' ');
}

/**
 * What `current` adds to `earlier` (the digests of the same story the chat already received), with
 * no model call:
 * - agreements and next steps by their evidence quote, normalised (case, accents, whitespace,
 *   punctuation, quote style). A quote is known when it equals, is contained in, or is a near-equal
 *   rewording (token Jaccard ≥ {@link SAME_QUOTE_JACCARD}) of a quote of an earlier agreement or next
 *   step (a planned signing later reported as signed with the same words is not new).
 * - Quotes are verbatim in the article's language, so they are compared only with earlier digests
 *   of a source in the same language. When no earlier digest shares it (an Indonesian wire after an
 *   English one), the item's `text` — written in the digest language — is compared the same way
 *   with the earlier items' texts in that digest language; otherwise the item counts as new.
 * - people by name ({@link isSamePerson}) and countries through the EN/ID alias table: entities
 *   compare across languages.
 */
export function diffStory(current: Digest, earlier: readonly Digest[]): StoryDiff {
  const sourceLanguage = primaryLanguage(current.source.language);
  const sameSource = earlier.filter((d) => sourceLanguage !== '' && sourceLanguage !== 'und' && primaryLanguage(d.source.language) === sourceLanguage);
  const sameDigestLanguage = earlier.filter((d) => d.language === current.language);
  const itemsOf = (digests: readonly Digest[]) => digests.flatMap((d) => [...d.agreements, ...d.nextSteps]);
  const knownQuotes = itemsOf(sameSource).map((item) => quoteOf(item.evidence));
  const knownTexts = itemsOf(sameDigestLanguage).map((item) => quoteOf(item.text));
  const isNewItem = (item: EvidencedItem) =>
    sameSource.length > 0 ? !isKnownQuote(quoteOf(item.evidence), knownQuotes) : !isKnownQuote(quoteOf(item.text), knownTexts);

  const knownPeople = earlier.flatMap((d) => d.who.map((p) => p.name));
  const knownCountries = new Set(earlier.flatMap((d) => d.countries.map(countryKey)));
  const seenCountries = new Set<string>();
  const diff = {
    agreements: current.agreements.filter(isNewItem),
    nextSteps: current.nextSteps.filter(isNewItem),
    people: current.who.filter((p) => !knownPeople.some((name) => isSamePerson(p.name, name))),
    countries: current.countries.filter((name) => {
      const key = countryKey(name);
      if (knownCountries.has(key) || seenCountries.has(key)) return false;
      seenCountries.add(key);
      return true;
    }),
  };
  const addsNothing = diff.agreements.length + diff.nextSteps.length + diff.people.length + diff.countries.length === 0;
  return { ...diff, isRepeat: earlier.length > 0 && addsNothing };
}
