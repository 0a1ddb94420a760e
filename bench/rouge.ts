/**
 * ROUGE benchmark of the extractive engine's sentence choice against LEAD-3 and the oracle.
 *
 *   npx tsx bench/rouge.ts [path/to/indosum.jsonl]
 *
 * Default data: ../shared/fixtures/indosum-sample/indosum-dev-sample.jsonl beside the repo root.
 * Uses the dataset's own sentence split and scores with src/digest/extractive/scoring.ts, the same
 * code the engine runs. ROUGE is computed here: lower-cased whitespace tokens, punctuation-only
 * tokens dropped; are clipped n-gram overlap F1, R-L is summary-level LCS F1.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chooseSummarySentences, type ScoringParams } from '../src/digest/extractive/scoring.js';
import { stripDateline } from '../src/digest/extractive/sentences.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PATH = resolve(repoRoot, '../shared/fixtures/indosum-sample/indosum-dev-sample.jsonl');

/** One benchmark article, normalised from either IndoSum layout (token lists or strings). */
export interface BenchArticle {
  id: string;
  sentences: string[];
  reference: string[];
  gold: number[];
  /** Words of the URL slug: the only trace of the headline IndoSum keeps. */
  slugTitle: string | null;
}

type Tokens = string | string[];
const joinTokens = (t: Tokens): string => (Array.isArray(t) ? t.join(' ') : t);

export function loadIndoSum(path: string): BenchArticle[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as {
        id: string;
        source_url?: string;
        article_sentences?: Tokens[];
        article_paragraphs?: (Tokens | Tokens[])[];
        paragraphs?: Tokens[][];
        summary?: Tokens | Tokens[];
        summary_sentences?: Tokens[];
        gold_extractive_sentence_idx?: number[];
      };
      let sentences: string[];
      if (row.article_sentences) sentences = row.article_sentences.map(joinTokens);
      else {
        const paragraphs = row.article_paragraphs ?? row.paragraphs ?? [];
        // Original IndoSum: paragraph → sentence → token.
        sentences = paragraphs.flatMap((p) => (Array.isArray(p) && Array.isArray(p[0]) ? (p as string[][]).map(joinTokens) : [joinTokens(p as Tokens)]));
      }
      const summary = row.summary_sentences ?? (Array.isArray(row.summary) && Array.isArray(row.summary[0]) ? (row.summary as string[][]) : [row.summary as Tokens]);
      const slug = /-([a-z0-9]+(?:-[a-z0-9]+)+)\/?$/u.exec(row.source_url ?? '')?.[1] ?? /^\d+-(.+)$/u.exec(row.id)?.[1] ?? null;
      return {
        id: row.id,
        sentences,
        reference: summary.map(joinTokens),
        gold: row.gold_extractive_sentence_idx ?? [],
        slugTitle: slug ? slug.replace(/-/gu, ' ') : null,
      };
    });
}

export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/u)
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

const f1 = (overlap: number, candidate: number, reference: number) =>
  overlap === 0 || candidate === 0 || reference === 0 ? 0 : (2 * overlap) / (candidate + reference);

function rougeN(candidate: string[], reference: string[], n: number): number {
  const c = ngrams(candidate, n);
  const r = ngrams(reference, n);
  let overlap = 0;
  let cTotal = 0;
  let rTotal = 0;
  for (const x of c.values()) cTotal += x;
  for (const [k, x] of r) {
    rTotal += x;
    overlap += Math.min(x, c.get(k) ?? 0);
  }
  return f1(overlap, cTotal, rTotal);
}

function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

/** ROUGE-1/2/L F1 (0–1) of a candidate summary against a reference. */
export function rouge(candidate: string, reference: string): { r1: number; r2: number; rl: number } {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return { r1: rougeN(c, r, 1), r2: rougeN(c, r, 2), rl: f1(lcs(c, r), c.length, r.length) };
}

/** A way to pick summary sentences for a benchmark article. */
export type Picker = (article: BenchArticle) => string[];

export const pickers = {
  lead3: (a: BenchArticle) => a.sentences.slice(0, 3),
  lead2: (a: BenchArticle) => a.sentences.slice(0, 2),
  lead3NoDateline: (a: BenchArticle) => a.sentences.slice(0, 3).map((s, i) => (i === 0 ? stripDateline(s) : s)),
  oracle: (a: BenchArticle) => a.gold.map((i) => a.sentences[i] ?? ''),
  engine: (params?: Partial<ScoringParams>, maxSentences?: number) => (a: BenchArticle) =>
    chooseSummarySentences(a.sentences, { params, ...(maxSentences ? { maxSentences } : {}) }).sentences,
  engineWithTitle: (params?: Partial<ScoringParams>) => (a: BenchArticle) =>
    chooseSummarySentences(a.sentences, { title: a.slugTitle, params }).sentences,
};

export interface Score {
  r1: number;
  r2: number;
  rl: number;
  sentences: number;
  tokens: number;
}

export function evaluate(articles: readonly BenchArticle[], pick: Picker): Score {
  const total = { r1: 0, r2: 0, rl: 0, sentences: 0, tokens: 0 };
  for (const a of articles) {
    const chosen = pick(a);
    const candidate = chosen.join(' ');
    const s = rouge(candidate, a.reference.join(' '));
    total.r1 += s.r1;
    total.r2 += s.r2;
    total.rl += s.rl;
    total.sentences += chosen.length;
    total.tokens += rougeTokens(candidate).length;
  }
  const n = Math.max(1, articles.length);
  return { r1: total.r1 / n, r2: total.r2 / n, rl: total.rl / n, sentences: total.sentences / n, tokens: total.tokens / n };
}

function main(): void {
  const path = resolve(process.argv[2] ?? DEFAULT_PATH);
  const articles = loadIndoSum(path);
  // Halves by position: the defaults were tuned looking at half A; half B shows whether that overfits.
  const halfA = articles.filter((_, i) => i % 2 === 0);
  const halfB = articles.filter((_, i) => i % 2 === 1);
  const rows: [string, Picker][] = [
    ['LEAD-3', pickers.lead3],
    ['LEAD-3, dateline removed', pickers.lead3NoDateline],
    ['extractive engine (no title)', pickers.engine()],
    ['extractive engine (+ URL-slug title)', pickers.engineWithTitle()],
    // The engine's setting when key points carry the remaining facts; compare with LEAD-2.
    ['LEAD-2', pickers.lead2],
    ['extractive engine, max 2 sentences', pickers.engine(undefined, 2)],
    ['Oracle (gold extractive)', pickers.oracle],
  ];
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  console.log(`IndoSum ROUGE F1 ×100 — ${articles.length} articles from ${path}`);
  console.log(`half A = even rows (${halfA.length}, used for tuning), half B = odd rows (${halfB.length}, held out)\n`);
  console.log(
    `${'system'.padEnd(34)} | ${'all: R-1   R-2   R-L'} | ${'A: R-1   R-2   R-L'} | ${'B: R-1   R-2   R-L'} | sents tokens`,
  );
  console.log('-'.repeat(122));
  for (const [name, pick] of rows) {
    const all = evaluate(articles, pick);
    const a = evaluate(halfA, pick);
    const b = evaluate(halfB, pick);
    console.log(
      `${name.padEnd(34)} | ${pct(all.r1)} ${pct(all.r2)} ${pct(all.rl)} | ${pct(a.r1)} ${pct(a.r2)} ${pct(a.rl)} | ${pct(b.r1)} ${pct(b.r2)} ${pct(b.rl)} | ${all.sentences.toFixed(2).padStart(5)} ${all.tokens.toFixed(1).padStart(6)}`,
    );
  }
  const reference = articles.reduce((n, a) => n + rougeTokens(a.reference.join(' ')).length, 0) / Math.max(1, articles.length);
  console.log(`\nreference summaries: ${reference.toFixed(1)} tokens on average`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
