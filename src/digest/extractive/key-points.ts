import { asBullet, quotedCore, stripAttribution, truncateChars } from './clauses.js';
import { contentTerms, cosine, type Vector, vectorOf } from './scoring.js';
import { stripDateline } from './sentences.js';

/** Limits on the key points the built-in engine writes; together they keep the section to a few phone lines. */
export interface KeyPointLimits {
  /** At most this many items (the schema asks for at most 4). */
  maxItems: number;
  /** Each item is cut at a word boundary to this many characters. */
  maxItemChars: number;
  /** Items are added, best first, only while the section stays within this many characters. */
  maxTotalChars: number;
}

export const DEFAULT_KEY_POINT_LIMITS: KeyPointLimits = { maxItems: 4, maxItemChars: 160, maxTotalChars: 450 };

/** What kind of fact a sentence carries, with how much a reader gains from it as a key point. */
interface Cue {
  kind: 'discussion' | 'project' | 'position' | 'condolence' | 'congratulation' | 'thanks';
  weight: number;
  pattern: RegExp;
}

// Condolences name a loss (an event in its own right); congratulations and thanks are mostly courtesy.
const CUES: readonly Cue[] = [
  {
    kind: 'discussion',
    weight: 3,
    pattern:
      /(?<![\p{L}])(?:membahas|pembahasan|dibahas|berdiskusi|mendiskusikan|perhatian\s+khusus|discuss(?:ed|es|ing)?|talks\s+on|focused\s+on|special\s+attention)(?![\p{L}])/iu,
  },
  { kind: 'project', weight: 3, pattern: /(?<![\p{L}])(?:proyek(?:-proyek)?|projects?)(?![\p{L}])/iu },
  { kind: 'condolence', weight: 3, pattern: /(?<![\p{L}])(?:belasungkawa|duka\s+cita|condolences?|sympathy)(?![\p{L}])/iu },
  {
    kind: 'position',
    weight: 2,
    pattern:
      /(?<![\p{L}])(?:menegaskan|menekankan|menyatakan\s+kesiapan|kesiapan|menyatakan\s+dukungan|stressed|reaffirmed|reiterated|emphasi[sz]ed|underlined|expressed\s+(?:readiness|support)|readiness)(?![\p{L}])/iu,
  },
  {
    kind: 'congratulation',
    weight: 1.5,
    pattern: /(?<![\p{L}])(?:ucapan\s+selamat|mengucapkan\s+selamat|memberi\s+selamat|congratulat\w*)(?![\p{L}])/iu,
  },
  { kind: 'thanks', weight: 1, pattern: /(?<![\p{L}])(?:terima\s+kasih|berterima\s+kasih|thanked|thanks|gratitude)(?![\p{L}])/iu },
];

/** How much a sentence is worth as a key point (0: no cue, not a key point). Several kinds add a little. */
export function keyPointWeight(sentence: string): number {
  const weights = CUES.filter((cue) => cue.pattern.test(sentence)).map((cue) => cue.weight);
  if (weights.length === 0) return 0;
  return Math.max(...weights) + 0.25 * (weights.length - 1);
}

// "Perhatian khusus diberikan pada perluasan…" → "Perluasan…": the frame adds words, not facts.
const DISCUSSION_FRAME = /^(?:perhatian\s+khusus\s+(?:diberikan|ditujukan)\s+(?:pada|kepada|terhadap)|special\s+attention\s+was\s+(?:paid|given)\s+to)\s+/iu;

/** The sentence as a short stand-alone line: no dateline, quote marks, attribution or padding. */
export function keyPointText(sentence: string, maxChars: number = DEFAULT_KEY_POINT_LIMITS.maxItemChars): string {
  let text = quotedCore(stripDateline(sentence).trim());
  text = stripAttribution(text);
  text = text.replace(DISCUSSION_FRAME, '');
  return truncateChars(asBullet(text), maxChars);
}

const termVector = (text: string) => vectorOf(contentTerms(text));

// Above this share of shared content words a sentence repeats what the digest already says.
const REPEAT_SIMILARITY = 0.5;

/**
 * Key points: sentences that carry a discussion topic, a stated position, a courtesy (condolences,
 * congratulations, thanks) or a project, and are not already told elsewhere in the digest. `taken`
 * are the article sentences used by the summary, agreements, next steps and background (by index);
 * `told` are texts already in the digest. Best cues first within the limits, then in article order.
 */
export function chooseKeyPoints(
  sentences: readonly string[],
  taken: ReadonlySet<number>,
  told: readonly string[],
  limits: KeyPointLimits = DEFAULT_KEY_POINT_LIMITS,
): string[] {
  const toldVectors = told.map(termVector);
  const candidates = sentences
    .map((sentence, index) => ({ sentence, index, weight: keyPointWeight(sentence) }))
    .filter((c) => c.weight > 0 && !taken.has(c.index))
    .filter((c) => {
      const v = termVector(c.sentence);
      return toldVectors.every((t) => cosine(v, t) < REPEAT_SIMILARITY);
    })
    .sort((a, b) => b.weight - a.weight || a.index - b.index);

  const picked: { index: number; text: string; vector: Vector }[] = [];
  let total = 0;
  for (const c of candidates) {
    if (picked.length >= limits.maxItems) break;
    const text = keyPointText(c.sentence, limits.maxItemChars);
    if (text === '') continue;
    const vector = termVector(text);
    if (picked.some((p) => cosine(vector, p.vector) >= REPEAT_SIMILARITY)) continue;
    // A lower-ranked item that would overflow the section is skipped; a shorter one may still fit.
    if (total + text.length > limits.maxTotalChars) continue;
    picked.push({ index: c.index, text, vector });
    total += text.length;
  }
  return picked.sort((a, b) => a.index - b.index).map((p) => p.text);
}
