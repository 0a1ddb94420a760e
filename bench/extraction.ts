// Main-text extraction benchmark: npx tsx bench/extraction.ts [sharedFixturesDir]
// (1) extraction-en: trafilatura's eval (whitespace-normalised, case-sensitive substring match of `with` / `without`
//     snippets); (2) extraction-id: word-level precision/recall/F1 against ground-truth.json and surviving boilerplate;
// (3) pages per second and ms per page (median, p90), and the same for reading a page as the bot does
//     (Ingestor.fromHtml: extraction, clean-up, thin-page check) on extraction-en; (4) the same figures for two
//     baselines: plain Readability (parse() → textContent, no clean-up, no fallbacks) and the whole page text
//     (document.body.textContent).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { isAppError } from '../src/errors/app-error.js';
import { cleanArticleText } from '../src/ingest/clean-text.js';
import { extractArticle } from '../src/ingest/extract.js';
import { createIngestor } from '../src/ingest/article-reader.js';

const ROOT = resolve(import.meta.dirname, '..');
const shared = resolve(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? join(ROOT, '../shared/fixtures'));
const verbose = process.argv.includes('--verbose');
// Set on the child run under the bot's own V8 flags (see the end of this file): only the page-reading figure.
const readingOnly = process.argv.includes('--reading-only');

interface EnItem {
  file: string;
  with: string[];
  without: string[];
}
interface IdItem {
  url: string;
  title: string;
  content: string;
}

/** Pages are stored as bytes; a few old ones are Latin-1, which a strict UTF-8 decode rejects. */
function readPage(path: string): string {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const norm = (text: string) => text.replace(/\s+/g, ' ').trim();
const pct = (value: number) => `${(100 * value).toFixed(1)}%`;
const num = (value: number) => value.toFixed(3);

function wholePageText(html: string): string {
  const { document } = parseHTML(html) as unknown as {
    document: { body: { textContent: string | null } | null; querySelectorAll(s: string): ArrayLike<{ remove(): void }> };
  };
  // Script and style bodies are not page text; everything else (menus, footers, comments) stays.
  const scripts = document.querySelectorAll('script, style, noscript, template');
  for (let i = scripts.length - 1; i >= 0; i--) scripts[i]?.remove();
  return document.body?.textContent ?? '';
}

/** Plain Readability, as a library user would call it: parse() → textContent, no clean-up, no fallbacks. */
function readabilityAlone(html: string): string {
  const { document } = parseHTML(html) as unknown as { document: unknown };
  try {
    return new Readability(document as never).parse()?.textContent ?? '';
  } catch {
    return '';
  }
}

const ours = (html: string, url: string | null) => cleanArticleText(extractArticle(html, url).text);
type Extractor = (html: string, url: string | null) => string;

// ---- (1) extraction-en
const enDir = join(shared, 'extraction-en');
const enData = JSON.parse(readFileSync(join(enDir, 'evaldata-en.json'), 'utf8')) as Record<string, EnItem>;
const enPages = Object.entries(enData).map(([url, item]) => ({ url, item, html: readPage(join(enDir, 'html', item.file)) }));

function scoreEn(extract: Extractor) {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  const misses: string[] = [];
  for (const { url, item, html } of enPages) {
    const text = norm(extract(html, url));
    for (const snippet of item.with) {
      if (text.includes(norm(snippet))) tp++;
      else {
        fn++;
        misses.push(`${item.file}: missing  ${norm(snippet).slice(0, 80)}`);
      }
    }
    for (const snippet of item.without) {
      if (text.includes(norm(snippet))) {
        fp++;
        misses.push(`${item.file}: kept     ${norm(snippet).slice(0, 80)}`);
      } else tn++;
    }
  }
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return {
    withFound: tp / (tp + fn),
    withoutAbsent: tn / (tn + fp),
    accuracy: (tp + tn) / (tp + tn + fp + fn),
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall || 1),
    misses,
  };
}

// ---- (2) extraction-id
const idDir = join(shared, 'extraction-id');
const idTruth = JSON.parse(readFileSync(join(idDir, 'ground-truth.json'), 'utf8')) as Record<string, IdItem>;
const idPages = Object.entries(idTruth).map(([file, item]) => ({ file, item, html: readPage(join(idDir, 'html', file)) }));
const BOILERPLATE = /baca juga|editor\s*:|pewarta\s*:|penerjemah\s*:|copyright/i;

const tokens = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function wordScores(extracted: string, truth: string) {
  const counts = new Map<string, number>();
  const truthTokens = tokens(truth);
  for (const token of truthTokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  const extractedTokens = tokens(extracted);
  let overlap = 0;
  for (const token of extractedTokens) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      overlap++;
      counts.set(token, left - 1);
    }
  }
  const precision = extractedTokens.length ? overlap / extractedTokens.length : 0;
  const recall = truthTokens.length ? overlap / truthTokens.length : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

function scoreId(extract: Extractor) {
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  const boilerplate: string[] = [];
  const perPage: string[] = [];
  for (const { file, item, html } of idPages) {
    const text = extract(html, item.url);
    const scores = wordScores(text, item.content);
    precision += scores.precision;
    recall += scores.recall;
    f1 += scores.f1;
    if (BOILERPLATE.test(text)) boilerplate.push(file);
    perPage.push(`${file}: P ${num(scores.precision)} R ${num(scores.recall)} F1 ${num(scores.f1)}`);
  }
  const n = idPages.length;
  return { precision: precision / n, recall: recall / n, f1: f1 / n, boilerplate, perPage };
}

// ---- refusals by the Ingestor (thin-page check)
function refusals() {
  const ingestor = createIngestor({
    fetcher: {
      fetchPage: () => Promise.reject(new Error('the benchmark never fetches')),
    },
  });
  const refused = (html: string, url: string | null) => {
    try {
      ingestor.fromHtml(html, url);
      return null;
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_AN_ARTICLE') return String(error.details['reason']);
      throw error;
    }
  };
  const mainpages = ['antara', 'detik', 'kapanlagi', 'kompas', 'liputan6', 'okezone', 'republika', 'tempo', 'tempoen', 'viva'].map(
    (site) => `${site}-mainpage.html`,
  );
  const frontsRefused = mainpages.filter((file) => refused(readPage(join(idDir, 'html', file)), null) !== null);
  const idRefused = idPages.flatMap(({ file, item, html }) => {
    const reason = refused(html, item.url);
    return reason ? [`${file} (${reason})`] : [];
  });
  const enRefused = enPages.flatMap(({ url, item, html }) => {
    const reason = refused(html, url);
    return reason ? [`${item.file} (${reason})`] : [];
  });
  return { mainpages, frontsRefused, idRefused, enRefused };
}

// ---- (3) speed
const allPages = [...enPages.map((p) => ({ html: p.html, url: p.url })), ...idPages.map((p) => ({ html: p.html, url: p.item.url }))];
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Pages per second over `pages` after a warm-up, and ms per page (median, p90) over the same runs. */
function speedOf(extract: Extractor, pages = allPages, rounds = 1) {
  for (const page of pages.slice(0, 20)) extract(page.html, page.url);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const page of pages) {
      const start = performance.now();
      extract(page.html, page.url);
      times.push(performance.now() - start);
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((sum, ms) => sum + ms, 0);
  return { pagesPerSecond: times.length / (total / 1000), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

/** Reading a page as the bot does: extraction, clean-up and the thin-page check (Ingestor.fromHtml). */
const readingIngestor = createIngestor({ fetcher: { fetchPage: () => Promise.reject(new Error('the benchmark never fetches')) } });
const readPageFully: Extractor = (html, url) => {
  try {
    return readingIngestor.fromHtml(html, url).text;
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_AN_ARTICLE') return '';
    throw error;
  }
};

const baseline: Extractor = (html) => wholePageText(html);

const ms = (s: { median: number; p90: number }) => `median ${s.median.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms per page`;
if (readingOnly) {
  const reading = speedOf(readPageFully, enPages, 3);
  console.log(`${ms(reading)}, ${reading.pagesPerSecond.toFixed(1)} pages/s`);
  process.exit(0);
}

const en = scoreEn(ours);
const enReadability = scoreEn(readabilityAlone);
const enBase = scoreEn(baseline);
const id = scoreId(ours);
const idReadability = scoreId(readabilityAlone);
const idBase = scoreId(baseline);
const refused = refusals();
const speed = speedOf(ours);
const readabilitySpeed = speedOf(readabilityAlone);
const baseSpeed = speedOf(baseline);
// The machine may be shared: three rounds over extraction-en, so the median is not one noisy pass.
const enReading = speedOf(readPageFully, enPages, 3);
const enReadabilitySpeed = speedOf(readabilityAlone, enPages, 3);

console.log(`Fixtures: ${shared}`);
console.log(`\n(1) extraction-en: ${enPages.length} pages, trafilatura-style snippet check`);
console.log('                      with found  without absent  accuracy  precision  recall  F1');
for (const [name, s] of [['Kabar (Readability+clean)', en], ['Readability alone', enReadability], ['whole page text', enBase]] as const) {
  console.log(`  ${name.padEnd(26)} ${pct(s.withFound).padStart(6)}  ${pct(s.withoutAbsent).padStart(13)}  ${num(s.accuracy).padStart(8)}  ${num(s.precision).padStart(9)}  ${num(s.recall).padStart(6)}  ${num(s.f1)}`);
}
console.log(`\n(2) extraction-id: ${idPages.length} article pages, word-level (lower-case, punctuation stripped), mean per page`);
console.log('                              precision  recall  F1     pages with boilerplate left');
for (const [name, s] of [['Kabar (Readability+clean)', id], ['Readability alone', idReadability], ['whole page text', idBase]] as const) {
  console.log(`  ${name.padEnd(26)} ${num(s.precision).padStart(9)}  ${num(s.recall).padStart(6)}  ${num(s.f1)}  ${s.boilerplate.length}/${idPages.length}`);
}
if (id.boilerplate.length) console.log(`  boilerplate left in: ${id.boilerplate.join(', ')}`);
const asFront = (list: string[]) => list.filter((entry) => entry.endsWith('(section-front)'));
const listed = (list: string[]) => (list.length ? ` — ${list.join(', ')}` : '');
const falseFronts = [...asFront(refused.enRefused), ...asFront(refused.idRefused)];
console.log('\n    Thin-page check (Ingestor.fromHtml):');
console.log(`  section fronts refused: ${refused.frontsRefused.length}/${refused.mainpages.length}${listed(refused.mainpages.filter((file) => !refused.frontsRefused.includes(file)).map((file) => `${file} accepted`))}`);
console.log(`  article pages refused as section fronts (false refusals): ${falseFronts.length}/${enPages.length + idPages.length} (extraction-en ${asFront(refused.enRefused).length}, extraction-id ${asFront(refused.idRefused).length})${listed(falseFronts)}`);
console.log(`  Indonesian article pages refused for any reason: ${refused.idRefused.length}/${idPages.length}${listed(refused.idRefused)}`);
console.log(`  English article pages refused for any reason: ${refused.enRefused.length}/${enPages.length}${listed(refused.enRefused)}`);
console.log(`\n(3) speed over ${allPages.length} pages after a warm-up: ${speed.pagesPerSecond.toFixed(1)} pages/s, ${ms(speed)} (Readability alone: ${readabilitySpeed.pagesPerSecond.toFixed(1)} pages/s, ${ms(readabilitySpeed)}; whole page text: ${baseSpeed.pagesPerSecond.toFixed(1)} pages/s, ${ms(baseSpeed)})`);
console.log(`    reading a page (Ingestor.fromHtml: extraction, clean-up, checks), extraction-en ×3: ${ms(enReading)}, ${enReading.pagesPerSecond.toFixed(1)} pages/s (linkedom + Readability alone: ${ms(enReadabilitySpeed)})`);
// `npm start` runs node with a 1 MB young generation (--max-semi-space-size=1, for idle memory). V8 flags hold for
// the whole process, worker threads included, so pages are read under it in the bot: measured in a fresh process.
const underBotFlags = spawnSync(process.execPath, [...process.execArgv, '--max-semi-space-size=1', process.argv[1] as string, shared, '--reading-only'], {
  encoding: 'utf8',
});
console.log(`    the same, in a fresh process with npm start's --max-semi-space-size=1: ${underBotFlags.stdout.trim() || `failed: ${underBotFlags.stderr.trim().split('\n')[0]}`}`);
if (verbose) {
  console.log('\nPer-page extraction-id:');
  for (const line of id.perPage) console.log(`  ${line}`);
  console.log('\nextraction-en misses:');
  for (const line of en.misses) console.log(`  ${line}`);
}
