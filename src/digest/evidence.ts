import { shortenAtWord } from './render/escape.js';
import type { DigestDraft, EvidencedItem } from './schema.js';

/** Outcome of the evidence check: the draft without unsupported items, and how many were dropped. */
export interface EvidenceCheckResult {
  draft: DigestDraft;
  dropped: { agreements: number; nextSteps: number };
}

/**
 * Below this many normalised characters a quote proves nothing: "Rusia" or "sepakat" occur in
 * almost any article about the event.
 */
const MIN_EVIDENCE_CHARS = 12;
/** Each piece of an elided quote ("A ... B") must still say something on its own. */
const MIN_FRAGMENT_CHARS = 4;
/**
 * Longest evidence kept, in characters. A quote proves one item; a longer one is a whole paragraph (or a
 * hostile 100 KB "sentence"). The whole quote is still checked (linear: normalisation and indexOf), so an
 * invented tail cannot hide behind the cut; a supported quote is then trimmed at a word boundary to its first
 * MAX_EVIDENCE_CHARS with "…" — still a verbatim prefix — before it is stored, cached and rendered (readers see
 * at most EVIDENCE_DISPLAY_CHARS of it anyway).
 */
export const MAX_EVIDENCE_CHARS = 600;

const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u301D\u301E\u301F\uFF02]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u2039\u203A\u0060\u00B4]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
// Invisible format characters (Unicode Cf: soft hyphens, zero-width spaces and joiners, bidi marks,
// BOMs…) hide inside copied web text and break substring search. All of them, because the prompt
// shows the model the article without them (stripFormatChars in prompts.ts) and its quotes must verify.
const INVISIBLE = /\p{Cf}/gu;
// Quote marks, punctuation and spaces trimmed from both ends of each fragment. Trimmed by a scan, not by a
// regex: `[…]+$` restarts at every character of a long run of such characters, which made a 100 KB sentence
// of " - - -" take seconds.
const EDGE_CHARS = new Set([...' "\'.,;:!?()[]{}-']);

function trimEdges(fragment: string): string {
  let start = 0;
  let end = fragment.length;
  while (start < end && EDGE_CHARS.has(fragment[start] as string)) start++;
  while (end > start && EDGE_CHARS.has(fragment[end - 1] as string)) end--;
  return fragment.slice(start, end);
}

/**
 * Folds the differences a faithful quote may still have from the page: Unicode compatibility
 * forms, typographic quotes and dashes, the ellipsis character, whitespace and line breaks, case.
 */
export function normalizeForEvidence(s: string): string {
  return s
    // Before NFKC, as in the prompt: a joiner between a letter and its accent blocks composition.
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .replace(DOUBLE_QUOTES, '"')
    .replace(SINGLE_QUOTES, "'")
    .replace(DASHES, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .trim();
}

/** Splits a normalised quote at its elisions and strips the quote marks and punctuation around each piece. */
function fragmentsOf(evidence: string): string[] {
  return normalizeForEvidence(evidence)
    .split(/\.{3,}|\[\.{3,}\]|\(\.{3,}\)/)
    .map(trimEdges)
    .filter((fragment) => fragment !== '');
}

/** True when every fragment of the quote is found in the normalised source, in order. */
function isSupported(evidence: string, normalizedSource: string): boolean {
  const fragments = fragmentsOf(evidence);
  if (fragments.length === 0) return false;
  if (fragments.join(' ').length < MIN_EVIDENCE_CHARS) return false;
  if (fragments.some((fragment) => fragment.length < MIN_FRAGMENT_CHARS)) return false;
  let from = 0;
  for (const fragment of fragments) {
    const at = normalizedSource.indexOf(fragment, from);
    if (at === -1) return false;
    from = at + fragment.length;
  }
  return true;
}

/** The item with its evidence trimmed to MAX_EVIDENCE_CHARS (the same object when it is short enough). */
function capEvidence(item: EvidencedItem): EvidencedItem {
  if (item.evidence.length <= MAX_EVIDENCE_CHARS) return item;
  return { ...item, evidence: shortenAtWord(item.evidence, MAX_EVIDENCE_CHARS) };
}

/**
 * Keeps only agreements and next steps whose `evidence` is a verbatim quote of the source, so the
 * digest never states an agreement the article does not contain.
 */
export function checkEvidence(draft: DigestDraft, sourceText: string): EvidenceCheckResult {
  const source = normalizeForEvidence(sourceText);
  const keep = (items: EvidencedItem[]) => items.filter((item) => isSupported(item.evidence, source)).map(capEvidence);
  const agreements = keep(draft.agreements);
  const nextSteps = keep(draft.nextSteps);
  return {
    draft: { ...draft, agreements, nextSteps },
    dropped: {
      agreements: draft.agreements.length - agreements.length,
      nextSteps: draft.nextSteps.length - nextSteps.length,
    },
  };
}
