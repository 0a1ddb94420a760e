/**
 * Story clustering on a labelled set of feed items (issue 13): pairwise precision, recall and F1,
 * B-cubed precision/recall/F1, and the time per item, for src/subscriptions/story-clusters.ts.
 * Items are assigned in publication order, as feeds would deliver them.
 * The last row runs the production path: the story service on SQLite (persisted, follow-ups on), with a restart half-way.
 *
 * "Before" is the clusterer of git revision --baseline (default: the commit before issue 13's work),
 * loaded from git into a temporary file, so the comparison stays honest as the clusterer changes.
 *
 *   npm run bench:stories
 *   options: --set tests/fixtures/stories/labelled.jsonl --baseline 9b3a59c
 *            --threshold 0.5 --window 36 --follow-up 240 --follow-up-threshold 0.6
 *            --errors (list the wrong merges and missed pairs of the current clusterer, follow-ups on)
 *            --background 5000 (also time the set, re-dated to one day, after that many unrelated
 *            items of the previous 5 days: the cost of an item when the memory is full)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { createStoryClusterer, FOLLOW_UP_WINDOW_HOURS, type StoryClustererOptions, type StoryItem } from '../src/subscriptions/story-clusters.js';
import { createStoryService } from '../src/subscriptions/story-service.js';

type Clusterer = { assign(item: StoryItem): { storyId: string } };
type CreateClusterer = (options: StoryClustererOptions) => Clusterer;

interface LabelledItem extends StoryItem {
  feed: string;
  publishedAt: string;
  story: string;
}

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'tests/fixtures/stories/labelled.jsonl' },
    threshold: { type: 'string' },
    window: { type: 'string' },
    'follow-up': { type: 'string' },
    'follow-up-threshold': { type: 'string' },
    baseline: { type: 'string', default: '9b3a59c' },
    background: { type: 'string', default: '0' },
    errors: { type: 'boolean', default: false },
  },
});

const items: LabelledItem[] = readFileSync(values.set, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledItem)
  .sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));

interface Scores {
  precision: number;
  recall: number;
  f1: number;
}
const f1 = (precision: number, recall: number) => (precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));

/** Pairwise: every pair of items put in one cluster is a positive. */
function pairwise(gold: readonly string[], predicted: readonly string[]): Scores & { truePairs: number; predictedPairs: number; goldPairs: number } {
  let both = 0;
  let inPredicted = 0;
  let inGold = 0;
  for (let i = 0; i < gold.length; i += 1) {
    for (let j = i + 1; j < gold.length; j += 1) {
      const g = gold[i] === gold[j];
      const p = predicted[i] === predicted[j];
      if (g) inGold += 1;
      if (p) inPredicted += 1;
      if (g && p) both += 1;
    }
  }
  const precision = inPredicted === 0 ? 1 : both / inPredicted;
  const recall = inGold === 0 ? 1 : both / inGold;
  return { precision, recall, f1: f1(precision, recall), truePairs: both, predictedPairs: inPredicted, goldPairs: inGold };
}

/** B-cubed: per item, the share of its predicted cluster that is its story, and of its story that is in its cluster. */
function bcubed(gold: readonly string[], predicted: readonly string[]): Scores {
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < gold.length; i += 1) {
    let sameBoth = 0;
    let samePredicted = 0;
    let sameGold = 0;
    for (let j = 0; j < gold.length; j += 1) {
      const g = gold[i] === gold[j];
      const p = predicted[i] === predicted[j];
      if (g) sameGold += 1;
      if (p) samePredicted += 1;
      if (g && p) sameBoth += 1;
    }
    precision += sameBoth / samePredicted;
    recall += sameBoth / sameGold;
  }
  precision /= gold.length;
  recall /= gold.length;
  return { precision, recall, f1: f1(precision, recall) };
}

/** The clusterer module of an earlier revision, its relative imports pointed at today's files. */
async function loadBaseline(revision: string): Promise<CreateClusterer> {
  const source = execFileSync('git', ['show', `${revision}:src/subscriptions/story-clusters.ts`], { encoding: 'utf8' });
  const dir = mkdtempSync(join(tmpdir(), 'kabar-stories-'));
  const file = join(dir, 'story-clusters.ts');
  const srcDir = resolve('src/subscriptions');
  writeFileSync(file, source.replace(/from '\.\/([\w-]+)\.js'/gu, (_, name: string) => `from '${pathToFileURL(join(srcDir, `${name}.ts`)).href}'`));
  try {
    const module = (await import(pathToFileURL(file).href)) as { createStoryClusterer: CreateClusterer };
    return module.createStoryClusterer;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(label: string, create: CreateClusterer, options: StoryClustererOptions) {
  const rounds = 20;
  let predicted: string[] = [];
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) {
    const clusterer = create(options);
    predicted = items.map((item) => clusterer.assign(item).storyId);
  }
  const msPerItem = (performance.now() - started) / (rounds * items.length);
  const gold = items.map((item) => item.story);
  const pairs = pairwise(gold, predicted);
  const b3 = bcubed(gold, predicted);
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  console.log(
    `${label.padEnd(34)} pairwise P ${pct(pairs.precision)} R ${pct(pairs.recall)} F1 ${pct(pairs.f1)}` +
      `  (${pairs.truePairs}/${pairs.predictedPairs} predicted, ${pairs.goldPairs} gold)` +
      `  B³ P ${pct(b3.precision)} R ${pct(b3.recall)} F1 ${pct(b3.f1)}` +
      `  clusters ${new Set(predicted).size}  ${(msPerItem * 1000).toFixed(0)} µs/item`,
  );
  return predicted;
}

function listErrors(predicted: readonly string[]): void {
  const title = (i: number) => `[${items[i]?.language}] ${items[i]?.title.slice(0, 70)}`;
  for (let i = 0; i < items.length; i += 1) {
    for (let j = i + 1; j < items.length; j += 1) {
      const g = items[i]?.story === items[j]?.story;
      const p = predicted[i] === predicted[j];
      if (g && !p) console.log(`  missed  ${items[i]?.story}: ${title(i)}  ~  ${title(j)}`);
      if (p && !g) console.log(`  merged  ${items[i]?.story} + ${items[j]?.story}: ${title(i)}  ~  ${title(j)}`);
    }
  }
}

const stories = new Set(items.map((item) => item.story));
const multi = [...stories].filter((story) => items.filter((item) => item.story === story).length > 1).length;
const languages = [...new Set(items.map((item) => item.language))].map((l) => `${l}: ${items.filter((item) => item.language === l).length}`).join(', ');
console.log(`${items.length} items (${languages}) from ${new Set(items.map((i) => i.feed)).size} feeds, ${stories.size} stories (${multi} with more than one item)\n`);

const custom: StoryClustererOptions = {
  ...(values.threshold ? { threshold: Number(values.threshold) } : {}),
  ...(values.window ? { windowHours: Number(values.window) } : {}),
  ...(values['follow-up'] ? { followUpWindowHours: Number(values['follow-up']) } : {}),
  ...(values['follow-up-threshold'] ? { followUpThreshold: Number(values['follow-up-threshold']) } : {}),
};
run(`before (${values.baseline})`, await loadBaseline(values.baseline), {});
/** Unrelated items: titles of pseudo-words drawn with a Zipf-like skew, so they overlap among themselves. */
function backgroundItems(count: number, end: number): StoryItem[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const syllables = ['ka', 'lo', 'mi', 'ra', 'tu', 'zen', 'vor', 'pel', 'dar', 'qui', 'sol', 'bex'];
  const word = () => {
    const rank = Math.floor(20_000 * random() ** 3);
    let text = '';
    for (let n = rank + 1; n > 0; n = Math.floor(n / syllables.length)) text += syllables[n % syllables.length];
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  return Array.from({ length: count }, (_, i) => ({
    id: `bg:${i}`,
    title: Array.from({ length: 8 }, word).join(' '),
    summary: Array.from({ length: 20 }, word).join(' '),
    publishedAt: new Date(end - 5 * 86_400_000 + (i * 5 * 86_400_000) / count).toISOString(),
    language: 'en',
  }));
}

function timeUnderLoad(label: string, create: CreateClusterer, count: number, options: StoryClustererOptions = {}): void {
  const day = Date.parse('2030-01-01T00:00:00Z');
  const clusterer = create(options);
  for (const item of backgroundItems(count, day)) clusterer.assign(item);
  const started = performance.now();
  items.forEach((item, i) => clusterer.assign({ ...item, id: `load:${item.id}`, publishedAt: new Date(day + i * 60_000).toISOString() }));
  console.log(`${label.padEnd(34)} after ${count} background items: ${((1000 * (performance.now() - started)) / items.length).toFixed(0)} µs/item`);
}

run('now (defaults: follow-ups off)', createStoryClusterer, {});
const withFollowUps = { followUpWindowHours: FOLLOW_UP_WINDOW_HOURS, ...custom };
const predicted = run(`now ${JSON.stringify(withFollowUps)}`, createStoryClusterer, withFollowUps);
if (values.errors) listErrors(predicted);
if (Number(values.background) > 0) {
  timeUnderLoad(`before (${values.baseline})`, await loadBaseline(values.baseline), Number(values.background));
  timeUnderLoad('now (follow-ups on)', createStoryClusterer, Number(values.background), { followUpWindowHours: FOLLOW_UP_WINDOW_HOURS });
}

/**
 * The production path: the story service (persisted stories, follow-ups on) on an in-memory SQLite
 * database, one item per assignment (a poll finding one new item), with a restart half-way (a new
 * service reads the table). Same clusters as the follow-ups row means the table loses nothing.
 */
async function runPersisted(): Promise<void> {
  const store = openSqliteStore(':memory:', {});
  let clock = 0;
  const service = () => createStoryService({ repo: store.stories, now: () => clock, quietMs: 30 * 86_400_000, followCap: 20 });
  let stories = service();
  const predicted: string[] = [];
  const started = performance.now();
  for (const [index, item] of items.entries()) {
    if (index === Math.floor(items.length / 2)) stories = service();
    clock = Date.parse(item.publishedAt);
    predicted.push((await stories.assignAll([item]))[0] as string);
  }
  const msPerItem = (performance.now() - started) / items.length;
  await store.close();
  const gold = items.map((item) => item.story);
  const pairs = pairwise(gold, predicted);
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  console.log(
    `${'story service, SQLite, restart at ½'.padEnd(34)} pairwise P ${pct(pairs.precision)} R ${pct(pairs.recall)} F1 ${pct(pairs.f1)}` +
      `  clusters ${new Set(predicted).size}  ${(msPerItem * 1000).toFixed(0)} µs/item (one transaction each)`,
  );
}
await runPersisted();
