import { GAZETTEER } from '../digest/extractive/gazetteer.js';
import { AppError } from '../errors/app-error.js';

/**
 * One thing known under several names in English and Indonesian. `names` are what a watchlist
 * matches; `demonyms` ("Iranian", "Russian") only feed story clustering, because a topic is matched
 * on whole words: "Iran" does not match "Iranian" (a user who wants both adds both).
 */
export interface AliasGroup {
  key: string;
  names: readonly string[];
  demonyms: readonly string[];
}

/** Themes and regions the diplomatic desk watches that are not places or bodies in the gazetteer. */
const THEMES: ReadonlyArray<[key: string, names: string[]]> = [
  ['theme:foreign-minister', ['Menlu', 'Foreign Minister', 'Menteri Luar Negeri', 'Foreign Secretary', 'Minister of Foreign Affairs']],
  ['theme:nuclear', ['nuclear', 'nuklir']],
  ['theme:ceasefire', ['ceasefire', 'cease-fire', 'gencatan senjata']],
  ['theme:sanctions', ['sanctions', 'sanksi']],
  ['theme:summit', ['summit', 'KTT', 'konferensi tingkat tinggi']],
  ['theme:embassy', ['embassy', 'Kedutaan Besar', 'Kedubes']],
  ['theme:ambassador', ['ambassador', 'Duta Besar', 'Dubes']],
  ['theme:refugees', ['refugees', 'refugee', 'pengungsi']],
  ['theme:human-rights', ['human rights', 'hak asasi manusia', 'HAM']],
  ['theme:election', ['election', 'elections', 'pemilu', 'pemilihan umum']],
  ['theme:climate', ['climate', 'iklim']],
  ['theme:war', ['war', 'perang']],
  ['region:middle-east', ['Middle East', 'Timur Tengah']],
  ['region:southeast-asia', ['Southeast Asia', 'Asia Tenggara']],
  ['region:south-china-sea', ['South China Sea', 'Laut China Selatan', 'Laut Tiongkok Selatan', 'LCS']],
  ['region:west-bank', ['West Bank', 'Tepi Barat']],
  ['region:gaza', ['Gaza', 'Jalur Gaza', 'Gaza Strip']],
];

// "Latin America" / "Amerika Latin" would otherwise read as the United States.
const AMBIGUOUS_ALIASES = new Set(['America', 'Amerika']);

// English demonyms end like this ("Iranian", "Chinese", "British", "Omani", "Dutch", "Filipino");
// all-caps forms ("TEHRAN") are a place name shouted in a headline, never a demonym.
const DEMONYM_ENDING = /(?:ian|ean|ese|ish|an|i|ch|ino|ine)$/;
const isDemonym = (alias: string, names: readonly string[]) => {
  if (names.includes(alias) || alias === alias.toUpperCase()) return false;
  const last = alias.split(/\s+/).at(-1) ?? alias;
  return DEMONYM_ENDING.test(last);
};

/**
 * The EN/ID alias table shared by topic matching and story clustering: every country, body and city
 * of the extractive engine's gazetteer (Rusia↔Russia, PBB↔UN↔United Nations, DK PBB↔UN Security
 * Council, Türkiye↔Turki↔Turkey…) plus diplomatic themes and regions (Menlu↔Foreign Minister,
 * nuklir↔nuclear, Timur Tengah↔Middle East).
 */
export const TOPIC_ALIASES: readonly AliasGroup[] = [
  ...GAZETTEER.map((entry): AliasGroup => {
    const base = [entry.en, entry.id];
    const aliases = entry.aliases.filter((alias) => !AMBIGUOUS_ALIASES.has(alias));
    return {
      key: entry.key,
      names: unique(aliases.filter((alias) => !isDemonym(alias, base))),
      demonyms: unique(aliases.filter((alias) => isDemonym(alias, base))),
    };
  }),
  ...THEMES.map(([key, names]): AliasGroup => ({ key, names, demonyms: [] })),
];

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

// ---------------------------------------------------------------------------------------------
// Tokens

/** A word of a text: `surface` keeps case (accents stripped), `folded` is lower-cased too. */
export interface Token {
  surface: string;
  folded: string;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Removes accents: "Türkiye" → "Turkiye", "Pezeshkian" unchanged. */
export function stripAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** Words of `text` split on everything but letters and digits (so "Iran's" is "Iran" + "s", "U.S." is "U" + "S"). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const match of stripAccents(text).matchAll(WORD)) out.push({ surface: match[0], folded: match[0].toLowerCase() });
  return out;
}

/**
 * Short all-caps words ("AS", "US", "UN", "HAM") are acronyms only when written in capitals:
 * "as" and "us" are everyday English, "ham" is food.
 */
function isCaseSensitiveWord(word: string): boolean {
  return /^\p{Lu}{1,3}$/u.test(word);
}

/** A token sequence a topic matches; a case-sensitive position must match `surface` exactly. */
export interface TopicVariant {
  words: readonly string[];
  caseSensitive: readonly boolean[];
}

function variantOf(tokens: readonly Token[]): TopicVariant {
  return {
    words: tokens.map((t) => (isCaseSensitiveWord(t.surface) ? t.surface : t.folded)),
    caseSensitive: tokens.map((t) => isCaseSensitiveWord(t.surface)),
  };
}

interface AliasPhrase {
  group: AliasGroup;
  variant: TopicVariant;
  folded: readonly string[];
}

const phrasesByFirstWord = new Map<string, AliasPhrase[]>();
for (const group of TOPIC_ALIASES) {
  for (const name of group.names) {
    const tokens = tokenize(name);
    const first = tokens[0];
    if (!first) continue;
    const phrase: AliasPhrase = { group, variant: variantOf(tokens), folded: tokens.map((t) => t.folded) };
    const list = phrasesByFirstWord.get(first.folded) ?? [];
    list.push(phrase);
    phrasesByFirstWord.set(first.folded, list);
  }
}
for (const list of phrasesByFirstWord.values()) list.sort((a, b) => b.folded.length - a.folded.length);

/** The alias groups whose name starts at `tokens[index]`, longest name first, with its length. */
function aliasAt(tokens: readonly Token[], index: number): { group: AliasGroup; length: number } | null {
  const first = tokens[index];
  if (!first) return null;
  for (const phrase of phrasesByFirstWord.get(first.folded) ?? []) {
    if (phrase.folded.every((word, offset) => tokens[index + offset]?.folded === word)) return { group: phrase.group, length: phrase.folded.length };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Topics

/** A watchlist entry, compiled for matching. Store `label`; rebuild with parseTopic when loading. */
export interface Topic {
  /** What the user typed, whitespace collapsed: shown in /subscriptions. */
  label: string;
  /** Case- and accent-folded words: two topics with the same key are the same topic. */
  key: string;
  /** Token sequences that match: the user's words, with known names replaced by each EN/ID alias. */
  variants: readonly TopicVariant[];
}

export const TOPIC_MAX_CHARS = 60;
const MAX_VARIANTS = 64;
const ALLOWED = /^[\p{L}\p{M}\p{N} '’.\-]+$/u;

/**
 * Validates and compiles a watchlist topic. 1–60 characters of letters, digits, spaces, hyphens,
 * apostrophes and dots; nothing the user types is ever interpreted as a pattern. Throws AppError
 * INVALID_INPUT with an English message otherwise.
 */
export function parseTopic(words: string): Topic {
  const label = words.replace(/\s+/g, ' ').trim();
  if (label.length === 0) throw new AppError('INVALID_INPUT', 'A topic cannot be empty: give one or more words, e.g. "Iran" or "Menlu Sugiono".');
  if (label.length > TOPIC_MAX_CHARS) throw new AppError('INVALID_INPUT', `A topic can be at most ${TOPIC_MAX_CHARS} characters long.`, { details: { length: label.length } });
  if (!ALLOWED.test(label)) {
    const bad = [...label].find((char) => !ALLOWED.test(char)) ?? '';
    throw new AppError('INVALID_INPUT', `A topic may contain only letters, digits, spaces, hyphens, apostrophes and dots, not "${bad}".`, { details: { character: bad } });
  }
  const tokens = tokenize(label);
  if (tokens.length === 0) throw new AppError('INVALID_INPUT', 'A topic needs at least one letter or digit.');
  return { label, key: tokens.map((t) => t.folded).join(' '), variants: expandVariants(tokens) };
}

/**
 * The user's words, plus every combination where a known name inside the topic is replaced by one
 * of its aliases: "Menlu Sugiono" also matches "Foreign Minister Sugiono".
 */
function expandVariants(tokens: readonly Token[]): TopicVariant[] {
  type Segment = TopicVariant[];
  const segments: Segment[] = [];
  for (let i = 0; i < tokens.length; ) {
    const alias = aliasAt(tokens, i);
    if (alias) {
      // The alias table's own spelling decides case: a user typing "us" means the acronym "US".
      segments.push(alias.group.names.map((name) => variantOf(tokenize(name))));
      i += alias.length;
    } else {
      segments.push([variantOf(tokens.slice(i, i + 1))]);
      i += 1;
    }
  }
  let combos: TopicVariant[] = [{ words: [], caseSensitive: [] }];
  for (const options of segments) {
    const next: TopicVariant[] = [];
    for (const head of combos) {
      for (const option of options) {
        if (next.length >= MAX_VARIANTS) break;
        next.push({ words: [...head.words, ...option.words], caseSensitive: [...head.caseSensitive, ...option.caseSensitive] });
      }
    }
    combos = next;
  }
  const seen = new Set<string>();
  return combos.filter((variant) => {
    const id = variant.words.map((word, i) => (variant.caseSensitive[i] ? `=${word}` : word)).join(' ');
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function variantAt(variant: TopicVariant, tokens: readonly Token[], index: number): boolean {
  return variant.words.every((word, offset) => {
    const token = tokens[index + offset];
    if (!token) return false;
    return variant.caseSensitive[offset] ? token.surface === word : token.folded === word;
  });
}

function matchesTokens(topic: Topic, tokens: readonly Token[]): boolean {
  for (const variant of topic.variants) {
    for (let i = 0; i + variant.words.length <= tokens.length; i += 1) if (variantAt(variant, tokens, i)) return true;
  }
  return false;
}

/**
 * Whether `text` (an item's title and summary) mentions the topic: whole words in sequence,
 * case- and accent-insensitive except for short acronyms, through EN/ID aliases.
 */
export function matchesTopic(topic: Topic, text: string): boolean {
  return matchesTokens(topic, tokenize(text));
}

/** The topics `text` matches, in the given order; the text is tokenized once. */
export function matchingTopics(topics: readonly Topic[], text: string): Topic[] {
  const tokens = tokenize(text);
  return topics.filter((topic) => matchesTokens(topic, tokens));
}

/**
 * Alias-group keys mentioned in `tokens`, with names and demonyms (for story clustering: "Rusia" and
 * "Russian" both give "RU"). Returns the keys and the token indexes they covered.
 */
export function findAliasKeys(tokens: readonly Token[]): { keys: Set<string>; covered: Set<number> } {
  const keys = new Set<string>();
  const covered = new Set<number>();
  for (let i = 0; i < tokens.length; ) {
    const match = anchorAliasAt(tokens, i);
    if (match) {
      keys.add(match.key);
      for (let j = i; j < i + match.length; j += 1) covered.add(j);
      i += match.length;
    } else {
      i += 1;
    }
  }
  return { keys, covered };
}

const anchorPhrases = new Map<string, Array<{ key: string; variant: TopicVariant }>>();
for (const group of TOPIC_ALIASES) {
  for (const name of [...group.names, ...group.demonyms]) {
    const tokens = tokenize(name);
    const first = tokens[0];
    if (!first) continue;
    const list = anchorPhrases.get(first.folded) ?? [];
    list.push({ key: group.key, variant: variantOf(tokens) });
    anchorPhrases.set(first.folded, list);
  }
}
for (const list of anchorPhrases.values()) list.sort((a, b) => b.variant.words.length - a.variant.words.length);

function anchorAliasAt(tokens: readonly Token[], index: number): { key: string; length: number } | null {
  const first = tokens[index];
  if (!first) return null;
  for (const phrase of anchorPhrases.get(first.folded) ?? []) {
    if (variantAt(phrase.variant, tokens, index)) return { key: phrase.key, length: phrase.variant.words.length };
  }
  return null;
}
