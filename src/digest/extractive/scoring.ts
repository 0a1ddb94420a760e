import { stripDateline } from './sentences.js';

// Function words of Indonesian and English: they carry no topic, so they do not count as overlap.
const STOPWORDS = new Set(
  (
    'yang dan di ke dari untuk dengan pada ini itu dalam tidak akan juga ada atau oleh karena sebagai ' +
    'adalah bahwa telah sudah masih bisa dapat para saat seperti setelah sebelum lebih kata ia dia mereka ' +
    'kami kita saya anda tersebut secara hingga sampai agar namun tetapi tapi serta jika kalau maka pun ' +
    'hal harus menjadi lagi baru antara bagi tak belum sangat hanya lalu kini tengah satu dua tiga ' +
    'sejumlah beberapa banyak semua setiap masing yakni yaitu ujar ujarnya katanya menurut mengatakan ' +
    'nya lain sendiri atas bawah sementara sedang ketika kepada terhadap demikian begitu apa siapa ' +
    'the a an and or of to in on at for with by from as is are was were be been being has have had ' +
    'it its this that these those he she they we i you his her their our not no but if than then so ' +
    'will would can could said says also into about after before over more most which who whom what ' +
    'there here when where while do does did up out new one two three'
  ).split(/\s+/u),
);

/** Lower-cased word tokens; punctuation-only pieces are dropped. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Tokens that carry meaning (no stopwords, no one-letter pieces). */
export function contentTerms(text: string): string[] {
  return tokenize(text).filter((t) => t.length > 1 && !STOPWORDS.has(t));
}

/** Weights of the lead-aware sentence scorer; the defaults were tuned on the IndoSum dev sample (bench/rouge.ts). */
export interface ScoringParams {
  /** Weight of the position prior 1/(1+i)^positionDecay. */
  position: number;
  positionDecay: number;
  /** Weight of the cosine overlap with the rest of the article. */
  centrality: number;
  /** Weight of the share of title terms the sentence contains. */
  title: number;
  /** Only the first `window` sentences are candidates: news puts the event first. */
  window: number;
  /** Penalty for a sentence that opens with a quotation mark (a quote rarely summarises). */
  quotePenalty: number;
  /** Penalty for questions and exclamations. */
  questionPenalty: number;
  /** Sentences shorter than this many tokens get `shortPenalty`. */
  minTokens: number;
  shortPenalty: number;
  /** Sentences longer than this many tokens get `longPenalty`. */
  maxTokens: number;
  longPenalty: number;
  /** MMR weight against overlap with sentences already chosen. */
  redundancy: number;
  /** Stop adding sentences once the summary has this many tokens. */
  tokenBudget: number;
  /** A further sentence must score at least this share of the best one. */
  minRelativeScore: number;
}

export const DEFAULT_SCORING_PARAMS: ScoringParams = {
  position: 1.5,
  positionDecay: 0.5,
  centrality: 1,
  title: 0.5,
  window: 5,
  quotePenalty: 0.6,
  questionPenalty: 0.4,
  minTokens: 10,
  shortPenalty: 0.4,
  maxTokens: 40,
  longPenalty: 0.1,
  redundancy: 0.5,
  tokenBudget: 50,
  minRelativeScore: 0.2,
};

/** Options for choosing summary sentences. */
export interface SummaryOptions {
  /** The article title; its terms raise the sentences that repeat them. */
  title?: string | null;
  /** At most this many sentences (the digest allows 1–3). */
  maxSentences?: number;
  params?: Partial<ScoringParams>;
}

/** The chosen sentences, in article order. */
export interface SummaryChoice {
  indices: number[];
  /** The chosen sentences for display: the lead's dateline removed. */
  sentences: string[];
}

/** Term counts of a sentence. */
export type Vector = Map<string, number>;

export function vectorOf(terms: readonly string[]): Vector {
  const v: Vector = new Map();
  for (const t of terms) v.set(t, (v.get(t) ?? 0) + 1);
  return v;
}

/** Cosine similarity of two term-count vectors (0 when either is empty). */
export function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, x] of a) {
    na += x * x;
    const y = b.get(t);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

const QUOTE_START = /^["'“‘«]/u;

/** Scores every sentence (higher is more summary-worthy). Exposed for tests and the benchmark. */
export function scoreSentences(sentences: readonly string[], options: SummaryOptions = {}): number[] {
  const p = { ...DEFAULT_SCORING_PARAMS, ...options.params };
  const texts = sentences.map((s, i) => (i === 0 ? stripDateline(s) : s));
  const terms = texts.map(contentTerms);
  const lengths = texts.map((t) => tokenize(t).length);
  const doc: Vector = new Map();
  for (const ts of terms) for (const t of ts) doc.set(t, (doc.get(t) ?? 0) + 1);
  const titleTerms = new Set(contentTerms(options.title ?? ''));

  return texts.map((text, i) => {
    const own = vectorOf(terms[i]!);
    const rest: Vector = new Map(doc);
    for (const [t, x] of own) rest.set(t, (rest.get(t) ?? 0) - x);
    let score = p.position / Math.pow(1 + i, p.positionDecay) + p.centrality * cosine(own, rest);
    if (titleTerms.size > 0) {
      let hit = 0;
      for (const t of titleTerms) if (own.has(t)) hit++;
      score += (p.title * hit) / titleTerms.size;
    }
    const trimmed = text.trim();
    if (QUOTE_START.test(trimmed)) score -= p.quotePenalty;
    if (/[?!]["'”’)]*$/u.test(trimmed)) score -= p.questionPenalty;
    const length = lengths[i]!;
    if (length < p.minTokens) score -= p.shortPenalty;
    if (length > p.maxTokens) score -= p.longPenalty;
    return score;
  });
}

/**
 * Picks 1–3 summary sentences: lead-aware scores, then greedy selection with a redundancy penalty
 * until a token budget is filled, returned in article order. The engine and bench/rouge.ts both use this.
 */
export function chooseSummarySentences(sentences: readonly string[], options: SummaryOptions = {}): SummaryChoice {
  const p = { ...DEFAULT_SCORING_PARAMS, ...options.params };
  const max = Math.max(1, options.maxSentences ?? 3);
  if (sentences.length === 0) return { indices: [], sentences: [] };
  const scores = scoreSentences(sentences, options);
  const texts = sentences.map((s, i) => (i === 0 ? stripDateline(s) : s));
  const vectors = texts.map((t) => vectorOf(contentTerms(t)));
  const lengths = texts.map((t) => tokenize(t).length);
  const window = Math.min(sentences.length, Math.max(1, p.window));
  const candidates = Array.from({ length: window }, (_, i) => i).filter((i) => lengths[i]! > 0);
  if (candidates.length === 0) candidates.push(0);

  const chosen: number[] = [];
  let tokens = 0;
  let best = -Infinity;
  while (chosen.length < max && tokens < p.tokenBudget) {
    let pick = -1;
    let pickScore = -Infinity;
    for (const i of candidates) {
      if (chosen.includes(i)) continue;
      let overlap = 0;
      for (const c of chosen) overlap = Math.max(overlap, cosine(vectors[i]!, vectors[c]!));
      const s = scores[i]! - p.redundancy * overlap;
      if (s > pickScore) {
        pickScore = s;
        pick = i;
      }
    }
    if (pick < 0) break;
    if (chosen.length > 0 && pickScore < best * p.minRelativeScore) break;
    if (chosen.length === 0) best = pickScore;
    chosen.push(pick);
    tokens += lengths[pick]!;
  }
  chosen.sort((a, b) => a - b);
  return { indices: chosen, sentences: chosen.map((i) => texts[i]!) };
}
