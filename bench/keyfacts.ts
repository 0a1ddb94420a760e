/**
 * Key-facts benchmark of the built-in (extractive) engine against hand-made gold.
 *
 *   npm run bench:keyfacts [-- --verbose] [-- --shared /path/to/shared]
 *
 * Sets: ../shared/fixtures/diplomatic-en (38 English texts), ../shared/fixtures/diplomatic-id (9 Indonesian
 * texts, a spot check) and the seed (printed, not scored). The shared folder is ../shared beside the repo
 * root, or KABAR_SHARED_DIR, or --shared. Each text becomes an Article the way pasted text does (clean-up,
 * language detection), with publishedAt from the fixture date: diplomatic-en `date` (null when "unknown"
 * or only a month), diplomatic-id `url_date`, else the UTC day of `id_timestamp_utc`.
 *
 * Scores, per set:
 * - people: a gold name is found when an engine name equals it (case, accents and dots ignored) or has the
 *   same surname and the same first letter (a one-word name on either side needs only the surname);
 *   precision is over the names the engine outputs.
 * - countries: recall of gold countries among the engine's `countries` and who[].country, compared by gazetteer entry
 *   (Türkiye = Turkey, Turki), else by normalised name. A who entry whose name is its country is a state
 *   acting where no person is named: it counts for countries, not as a person.
 * - agreements: share of no-agreement texts with a claimed agreement; share of agreement texts with ≥ 1 found.
 * - where / when: only where gold has one. when: the ISO date equal. where: the engine's place (inside
 *   "By phone (…)" too, or its first comma-part) equals a comma-part of the gold place (bracketed notes
 *   dropped), case-insensitive, or names the same gazetteer entry.
 * - evidence verbatim: every agreement / next-step evidence is an exact substring of the article text.
 * - ms per article: the engine's generate() alone, after one warm-up pass.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { DigestDraft, Language } from '../src/digest/schema.js';
import { createExtractiveEngine } from '../src/digest/extractive/extractive-engine.js';
import { lookupPlace } from '../src/digest/extractive/gazetteer.js';
import type { Article } from '../src/ingest/article.js';
import { cleanArticleText } from '../src/ingest/clean-text.js';
import { createIngestor } from '../src/ingest/article-reader.js';
import { detectLanguage } from '../src/ingest/language.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { verbose: { type: 'boolean' }, shared: { type: 'string' } }, allowPositionals: true });
const SHARED = resolve(values.shared ?? process.env['KABAR_SHARED_DIR'] ?? join(ROOT, '../shared'));
const FIXTURES = join(SHARED, 'fixtures');
const verbose = values.verbose ?? false;

interface GoldPerson {
  name: string;
  role: string | null;
  country: string | null;
}
interface Gold {
  id: string;
  people: GoldPerson[];
  countries: string[];
  event_date: string | null;
  where: string | null;
  agreements: string[];
}
interface Case {
  id: string;
  article: Article;
  gold: Gold;
}

const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);

const FULL_DAY = /^\d{4}-\d{2}-\d{2}$/u;

function loadSet(dir: string, dateOf: (row: Record<string, unknown>) => string | null): Case[] {
  const gold = new Map(readJsonl<Gold>(join(dir, 'gold.jsonl')).map((g) => [g.id, g]));
  return readJsonl<Record<string, unknown>>(join(dir, 'articles.jsonl')).map((row) => {
    const id = String(row['id']);
    const g = gold.get(id);
    if (!g) throw new Error(`${dir}: no gold for ${id}`);
    const text = cleanArticleText(String(row['text']));
    const title = typeof row['title'] === 'string' ? row['title'] : null;
    const article: Article = {
      url: typeof row['url'] === 'string' ? row['url'] : typeof row['source_url'] === 'string' ? row['source_url'] : null,
      title,
      publisher: null,
      publishedAt: dateOf(row),
      language: detectLanguage(title ? `${title}\n\n${text}` : text),
      text,
    };
    return { id, article, gold: g };
  });
}

const enDate = (row: Record<string, unknown>) => (typeof row['date'] === 'string' && FULL_DAY.test(row['date']) ? row['date'] : null);
const idDate = (row: Record<string, unknown>) => {
  if (typeof row['url_date'] === 'string' && FULL_DAY.test(row['url_date'])) return row['url_date'];
  return typeof row['id_timestamp_utc'] === 'string' ? row['id_timestamp_utc'].slice(0, 10) : null;
};

// ---- matching ----

const SUFFIX = /^(?:jr|sr|ii|iii|iv|vi)$/u;
const nameWords = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.,]/gu, ' ')
    .split(/\s+/u)
    .filter((w) => w !== '' && !SUFFIX.test(w));

export function sameName(a: string, b: string): boolean {
  const x = nameWords(a);
  const y = nameWords(b);
  if (x.length === 0 || y.length === 0) return false;
  if (x.join(' ') === y.join(' ')) return true;
  if (x[x.length - 1] !== y[y.length - 1]) return false;
  return x.length === 1 || y.length === 1 || x[0]![0] === y[0]![0];
}

const normal = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/^the\s+/u, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const placeKey = (s: string) => lookupPlace(s.trim())?.key ?? lookupPlace(s.trim().replace(/^the\s+/iu, ''))?.key ?? `name:${normal(s)}`;

function samePlace(engine: string, gold: string): boolean {
  // "By phone (Washington)" / "Melalui telepon (Washington)": the place is in the brackets. The engine's
  // most specific part counts ("Jakarta" of "Jakarta, Indonesia"); gold notes in brackets do not.
  const inner = /\(([^)]+)\)\s*$/u.exec(engine)?.[1] ?? engine;
  const candidates = [engine, inner, inner.split(',')[0]!.trim()];
  const parts = gold.replace(/\([^)]*\)/gu, '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  return candidates.some((c) => parts.some((p) => normal(c) === normal(p) || placeKey(c) === placeKey(p)));
}

// ---- scoring ----

interface Tally {
  n: number;
  goldPeople: number;
  foundPeople: number;
  enginePeople: number;
  correctPeople: number;
  goldCountries: number;
  foundCountries: number;
  noAgreementTexts: number;
  overClaimed: number;
  agreementTexts: number;
  agreementFound: number;
  whereGold: number;
  whereRight: number;
  whenGold: number;
  whenRight: number;
  evidence: number;
  verbatim: number;
  ms: number;
}

const emptyTally = (): Tally => ({
  n: 0, goldPeople: 0, foundPeople: 0, enginePeople: 0, correctPeople: 0, goldCountries: 0, foundCountries: 0,
  noAgreementTexts: 0, overClaimed: 0, agreementTexts: 0, agreementFound: 0, whereGold: 0, whereRight: 0,
  whenGold: 0, whenRight: 0, evidence: 0, verbatim: 0, ms: 0,
});

function score(c: Case, draft: DigestDraft, ms: number, t: Tally): string[] {
  const misses: string[] = [];
  t.n++;
  t.ms += ms;
  // A `who` entry named after its country is a state acting (no person named): a country, not a person.
  const names = draft.who.filter((p) => p.name !== p.country).map((p) => p.name);
  t.goldPeople += c.gold.people.length;
  t.enginePeople += names.length;
  for (const p of c.gold.people) {
    if (names.some((n) => sameName(n, p.name))) t.foundPeople++;
    else misses.push(`missed person ${p.name}`);
  }
  for (const n of names) {
    if (c.gold.people.some((p) => sameName(n, p.name))) t.correctPeople++;
    else misses.push(`extra person ${n}`);
  }
  const countryKeys = new Set([...draft.countries, ...draft.who.flatMap((p) => (p.country ? [p.country] : []))].map(placeKey));
  t.goldCountries += c.gold.countries.length;
  for (const country of c.gold.countries) {
    if (countryKeys.has(placeKey(country))) t.foundCountries++;
    else misses.push(`missed country ${country}`);
  }
  if (c.gold.agreements.length === 0) {
    t.noAgreementTexts++;
    if (draft.agreements.length > 0) {
      t.overClaimed++;
      misses.push(`over-claimed agreement: ${draft.agreements[0]!.evidence.slice(0, 90)}`);
    }
  } else {
    t.agreementTexts++;
    if (draft.agreements.length > 0) t.agreementFound++;
    else misses.push('no agreement found');
  }
  if (c.gold.where) {
    t.whereGold++;
    if (draft.where && samePlace(draft.where, c.gold.where)) t.whereRight++;
    else misses.push(`where ${JSON.stringify(draft.where)} ≠ ${JSON.stringify(c.gold.where)}`);
  }
  if (c.gold.event_date) {
    t.whenGold++;
    if (draft.when === c.gold.event_date) t.whenRight++;
    else misses.push(`when ${JSON.stringify(draft.when)} ≠ ${c.gold.event_date}`);
  }
  for (const item of [...draft.agreements, ...draft.nextSteps]) {
    t.evidence++;
    if (c.article.text.includes(item.evidence)) t.verbatim++;
    else misses.push(`evidence not verbatim: ${item.evidence.slice(0, 90)}`);
  }
  return misses;
}

const engine = createExtractiveEngine({ now: () => new Date('2026-01-01T00:00:00Z') });

async function runSet(name: string, cases: Case[], language: Language): Promise<Tally> {
  for (const c of cases) await engine.generate({ article: c.article, language }); // warm-up
  const t = emptyTally();
  for (const c of cases) {
    const started = performance.now();
    const { draft } = await engine.generate({ article: c.article, language });
    const misses = score(c, draft, performance.now() - started, t);
    if (verbose && misses.length > 0) console.log(`${name} ${c.id}\n  ${misses.join('\n  ')}`);
  }
  return t;
}

const ratio = (a: number, b: number) => (b === 0 ? '  n/a' : (a / b).toFixed(2).padStart(5));
const share = (a: number, b: number) => (b === 0 ? '   n/a' : `${((100 * a) / b).toFixed(0).padStart(4)}%`);

async function main(): Promise<void> {
  const sets: [string, Case[], Language][] = [
    ['diplomatic-en', loadSet(join(FIXTURES, 'diplomatic-en'), enDate), 'en'],
    ['diplomatic-id', loadSet(join(FIXTURES, 'diplomatic-id'), idDate), 'id'],
  ];
  const rows: [string, Tally][] = [];
  for (const [name, cases, language] of sets) rows.push([name, await runSet(name, cases, language)]);

  console.log(`Key facts of the built-in engine (${engine.model}) — fixtures from ${FIXTURES}\n`);
  const header = ['set', 'texts', 'people R', 'people P', 'countries R', 'no-agr claimed', 'agr found', 'where', 'when', 'evidence', 'ms/article'];
  const table = rows.map(([name, t]) => [
    name,
    String(t.n),
    ratio(t.foundPeople, t.goldPeople),
    ratio(t.correctPeople, t.enginePeople),
    ratio(t.foundCountries, t.goldCountries),
    `${share(t.overClaimed, t.noAgreementTexts)} (${t.overClaimed}/${t.noAgreementTexts})`,
    `${ratio(t.agreementFound, t.agreementTexts)} (${t.agreementFound}/${t.agreementTexts})`,
    `${ratio(t.whereRight, t.whereGold)} (${t.whereRight}/${t.whereGold})`,
    `${ratio(t.whenRight, t.whenGold)} (${t.whenRight}/${t.whenGold})`,
    `${share(t.verbatim, t.evidence)} (${t.verbatim}/${t.evidence})`,
    (t.ms / Math.max(1, t.n)).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.trim().length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.trim().padEnd(widths[i]!) : c.trim().padStart(widths[i]!))).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of table) console.log(line(r));
  console.log(`\npeople: ${rows.map(([n, t]) => `${n} ${t.foundPeople}/${t.goldPeople} gold found, ${t.correctPeople}/${t.enginePeople} output right`).join('; ')}`);

  // Seed: a spot check of the Indonesian readout every test starts from; printed, not scored.
  const seedPath = join(FIXTURES, 'seed', 'antara-putin-pezeshkian-id.txt');
  const seedArticle = createIngestor({ fetcher: { fetchPage: () => Promise.reject(new Error('offline')) } }).fromText(readFileSync(seedPath, 'utf8'));
  const { draft } = await engine.generate({ article: seedArticle, language: 'id' });
  console.log(`\nseed (${seedPath}, pasted text, no publication date):`);
  console.log(`  who:   ${draft.who.map((p) => `${p.name} (${p.role ?? '?'}, ${p.country ?? '?'})`).join('; ') || '—'}`);
  console.log(`  when:  ${draft.when ?? '—'}`);
  console.log(`  where: ${draft.where ?? '—'}`);
}

await main();
