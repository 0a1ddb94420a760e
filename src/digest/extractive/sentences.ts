/** A sentence of the article with its exact position, so evidence can be copied verbatim. */
export interface SentenceSpan {
  /** `article.text.slice(start, end)`: the sentence exactly as written. */
  text: string;
  start: number;
  end: number;
  /** Index of the paragraph (newline-separated block) the sentence belongs to. */
  paragraph: number;
}

// Lower-cased, without the final period. A period after one of these never ends a sentence.
const ABBREVIATIONS = new Set([
  // titles (EN/ID)
  'dr', 'dra', 'drs', 'prof', 'ir', 'h', 'hj', 'kh', 'st', 'mr', 'mrs', 'ms', 'jr', 'sr', 'sdr', 'sdri', 'bpk',
  'gen', 'lt', 'col', 'capt', 'gov', 'sen', 'rep', 'rev', 'mt', 'mgr', 'pdt', 'mr', 'ust',
  // Indonesian administrative and everyday abbreviations
  'no', 'jl', 'jln', 'kab', 'kec', 'kel', 'rp', 'dll', 'dsb', 'dst', 'tsb', 'yth', 'tgl', 'hlm', 'kp',
  'a.n', 'u.p', 'u.b', 's.h', 'm.si', 's.e', 's.pd', 's.sos', 's.ip', 's.kom', 'm.h', 'm.m', 'm.a', 'ph.d', 'm.sc', 'b.sc',
  // English
  'u.s', 'u.n', 'u.k', 'e.u', 'e.g', 'i.e', 'vs', 'inc', 'ltd', 'co', 'corp', 'approx', 'dept', 'est', 'fig', 'vol',
  // months (EN/ID)
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'agu', 'agt', 'agust', 'sep', 'sept', 'oct', 'okt', 'nov', 'dec', 'des',
]);

const CLOSERS = `"'”’»)]`;
const OPENERS = `"'“‘«([`;

function isBoundaryAfterPeriod(word: string): boolean {
  // `word` is the token that ends with the period, without that period.
  const bare = word.replace(/^[("'“‘«[]+/u, '');
  if (bare === '') return true;
  const lower = bare.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  // A single initial ("J. Smith") or a dotted acronym ("U.S", "S.H", "M.Si").
  if (/^\p{L}$/u.test(bare)) return false;
  if (/^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(bare)) return false;
  return true;
}

/** Splits one paragraph into sentences; `offset` is the paragraph's position in the whole text. */
function splitParagraph(text: string, offset: number, paragraph: number, out: SentenceSpan[]): void {
  let sentenceStart = 0;
  const push = (end: number) => {
    const raw = text.slice(sentenceStart, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== '') {
      const start = offset + sentenceStart + lead;
      out.push({ text: trimmed, start, end: start + trimmed.length, paragraph });
    }
    sentenceStart = end;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '…') continue;
    // Swallow runs like "?!" or "..." and closing quotes/brackets: `kata dia."` ends after the quote.
    let j = i + 1;
    while (j < text.length && '.!?…'.includes(text[j]!)) j++;
    while (j < text.length && CLOSERS.includes(text[j]!)) j++;
    if (j >= text.length) break;
    if (!/\s/u.test(text[j]!)) {
      i = j - 1;
      continue;
    }
    let k = j;
    while (k < text.length && /\s/u.test(text[k]!)) k++;
    if (k >= text.length) break;
    const next = text[k]!;
    // A new sentence starts with a capital, a digit or an opening quote; "dan lain-lain. kemudian" does not.
    if (!(/[\p{Lu}\p{N}]/u.test(next) || OPENERS.includes(next))) {
      i = k - 1;
      continue;
    }
    if (ch === '.' && j === i + 1) {
      let w = i;
      while (w > 0 && !/\s/u.test(text[w - 1]!)) w--;
      if (!isBoundaryAfterPeriod(text.slice(w, i))) {
        i = k - 1;
        continue;
      }
    }
    push(j);
    i = k - 1;
  }
  push(text.length);
}

/**
 * Splits article text into sentences (English and Indonesian). Newlines are hard boundaries,
 * because cleaned article text keeps one paragraph per line or block.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  const lineRe = /[^\n]+/g;
  let paragraph = 0;
  let lastEnd = 0;
  for (const match of text.matchAll(lineRe)) {
    const line = match[0];
    if (line.trim() === '') continue;
    const gap = text.slice(lastEnd, match.index);
    // A blank line starts a new paragraph; a single newline is only a line break (still a sentence boundary).
    if (out.length > 0 && /\n[^\S\n]*\n/u.test(gap)) paragraph++;
    splitParagraph(line, match.index, paragraph, out);
    lastEnd = match.index + line.length;
  }
  return out;
}

/** What a dateline ("Moskow (ANTARA) - ") says. */
export interface Dateline {
  /** The dateline exactly as written, including the dash. */
  raw: string;
  /** The place, as written ("Moskow", "WASHINGTON"); null when only the publisher is named. */
  city: string | null;
  publisher: string | null;
}

const KNOWN_PUBLISHERS =
  /^(?:antara(?: news)?|reuters|ap|afp|bernama|xinhua|sputnik|kompas(?:\.com)?|cnn(?: indonesia)?|pos kota|rimanews|suara\.com|merdeka\.com|detik(?:com|\.com)?|tempo(?:\.co)?|liputan6(?:\.com)?|okezone|republika|viva(?:\.co\.id)?|juara\.net|bolasport\.com|mata indo|kumparan|tribunnews(?:\.com)?|antaranews(?:\.com)?|bbc|the associated press|associated press|anadolu)$/iu;

/** Whether a dateline or title segment names a news outlet ("ANTARA", "KOMPAS.com", "Reuters"). */
export const looksLikePublisher = (segment: string) =>
  KNOWN_PUBLISHERS.test(segment) || /\.(?:com|net|id|co|org)\b/iu.test(segment);

const isCapitalised = (word: string) => /^[\p{Lu}\p{N}(]/u.test(word);

/**
 * Finds a news dateline at the start of a lead sentence: "Moskow (ANTARA) - ", "JAKARTA, KOMPAS.com -",
 * "WASHINGTON (Reuters) -", "Jakarta, CNN Indonesia - - ", "BEKASI (Pos Kota) ".
 */
export function parseDateline(sentence: string): Dateline | null {
  // The separator is a real dash: spaced ("JAKARTA - ", "Jakarta -- "), an en or em dash ("WASHINGTON—"), a hyphen
  // before a space ("JAKARTA- ") or after the agency ("(ANTARA)-"); never a hyphen inside a word ("Indonesian-Malaysian").
  const dashed = /^\s*([^\n]{2,70}?)(?:\s+[-–—]+|[-–—]+(?=\s)|[–—]+|(?<=\))-+)(?:\s*[-–—]+)*\s*(?=\S|$)/u.exec(sentence);
  const parenOnly = /^\s*(\p{Lu}[\p{Lu}\p{N} .,]*?\s*\(([^)]{2,30})\))\s+(?=\S)/u.exec(sentence);
  if (dashed) {
    const head = dashed[1]!;
    const rest = sentence.slice(dashed[0].length);
    const words = head.replace(/\([^)]*\)/gu, ' ( ) ').split(/[\s,]+/u).filter((w) => w !== '' && w !== '(' && w !== ')');
    const allCaps = /^[\p{Lu}\p{N}.]{3,}$/u.test(words[0] ?? '');
    const hasMarker = /[(,]/u.test(head) || head.split(/,/u).some((s) => looksLikePublisher(s.trim()));
    const shortName = words.length <= 3 && words.every(isCapitalised);
    // "Timnas U - 19 menang": a dash between a word and a number is not a dateline.
    const plausible = words.length >= 1 && words.length <= 7 && !/^\p{N}/u.test(rest) && words.every(isCapitalised);
    if (plausible && (allCaps || hasMarker || shortName)) return describe(dashed[0], head);
  }
  if (parenOnly && looksLikePublisher(parenOnly[2]!.trim()) ) return describe(parenOnly[0], parenOnly[1]!);
  return null;
}

function describe(raw: string, head: string): Dateline {
  let city: string | null = null;
  let publisher: string | null = null;
  const paren = /\(([^)]*)\)/u.exec(head);
  if (paren) publisher = paren[1]!.trim();
  const segments = head
    .replace(/\([^)]*\)/gu, ',')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const segment of segments) {
    // "May 6" in "LONDON, May 6 (Reuters)" is a date, not a place.
    if (/\p{N}/u.test(segment)) continue;
    if (looksLikePublisher(segment)) {
      publisher ??= segment;
    } else {
      city ??= segment;
    }
  }
  return { raw, city, publisher };
}

/** The sentence without its dateline, for display and scoring. */
export function stripDateline(sentence: string): string {
  const dateline = parseDateline(sentence);
  return dateline ? sentence.slice(dateline.raw.length).trimStart() : sentence;
}
