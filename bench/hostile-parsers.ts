// Parser timings on the hostile corpus (issue 10): npm run bench:hostile-parsers [-- --timeout 120] [-- name…]
// Every input of tests/fixtures/hostile runs in its own child process, killed after --timeout seconds, through
// the parsers its kind reaches: feeds → parseFeed; text → cleanArticleText, the Ingestor, the extractive engine
// and the evidence check; HTML → extractPage, the Ingestor, the extractive engine and the evidence check.
// The bot-level benchmark (event loop, /healthz) is separate; this one times the synchronous work alone.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { checkEvidence } from '../src/digest/evidence.js';
import { createExtractiveEngine } from '../src/digest/extractive/extractive-engine.js';
import type { DigestDraft } from '../src/digest/schema.js';
import { isAppError } from '../src/errors/app-error.js';
import { cleanArticleText } from '../src/ingest/clean-text.js';
import { extractPage } from '../src/ingest/extract.js';
import { createIngestor } from '../src/ingest/article-reader.js';
import type { Article } from '../src/ingest/article.js';
import { parseFeed } from '../src/subscriptions/feed-parser.js';
import { HOSTILE_INPUTS, type HostileInput } from '../tests/fixtures/hostile/generate.js';

interface StageResult {
  stage: string;
  ms: number;
  outcome: string;
}

const ingestor = createIngestor({ fetcher: { fetchPage: () => Promise.reject(new Error('offline')) } });
const engine = createExtractiveEngine({ now: () => new Date('2025-05-06T12:00:00Z') });

/** Runs one stage and prints its result at once, so a stage that is killed still leaves the earlier ones. */
async function stage<T>(results: StageResult[], name: string, run: () => T | Promise<T>, describe: (value: T) => string): Promise<T | null> {
  const start = performance.now();
  let value: T | null = null;
  let outcome: string;
  try {
    value = await run();
    outcome = describe(value);
  } catch (error) {
    outcome = isAppError(error) ? `AppError ${error.code}` : `CRASH ${String(error)}`;
  }
  const result = { stage: name, ms: performance.now() - start, outcome };
  results.push(result);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return value;
}

/** The longest paragraph as the evidence of one agreement: the direct attack on the evidence check. */
function longestParagraphDraft(text: string): DigestDraft {
  const longest = text.split(/\n+/).reduce((a, b) => (b.length > a.length ? b : a), '');
  return {
    headline: 'h', summary: 's', who: [], countries: [], what: 'w', when: null, where: null,
    agreements: [{ text: 'Agreement', evidence: longest }], nextSteps: [], keyPoints: [], background: [],
  };
}

async function runOne(input: HostileInput): Promise<StageResult[]> {
  const body = input.build();
  const results: StageResult[] = [];
  if (input.kind === 'feed') {
    await stage(results, 'parseFeed', () => parseFeed(body, 'https://feeds.example.test/feed.xml'), (feed) => `${feed.items.length} items, title ${feed.title.length} chars`);
    return results;
  }
  let article: Article | null;
  if (input.kind === 'text') {
    await stage(results, 'cleanArticleText', () => cleanArticleText(body), (text) => `${text.length} chars`);
    await stage(results, 'checkEvidence(longest paragraph)', () => checkEvidence(longestParagraphDraft(body), body), (r) => `kept ${r.draft.agreements.length}`);
    article = await stage(results, 'ingest fromText', () => ingestor.fromText(body), (a) => `${a.text.length} chars, ${a.language}`);
  } else {
    await stage(results, 'extractPage', () => extractPage(body, 'https://pages.example.test/a'), (page) => `${page.article.text.length} chars`);
    article = await stage(results, 'ingest fromHtml', () => ingestor.fromHtml(body, 'https://pages.example.test/a'), (a) => `${a.text.length} chars, ${a.language}`);
  }
  if (!article) return results;
  const generated = await stage(results, 'extractive engine', () => engine.generate({ article, language: 'en' }), (r) => `${r.draft.agreements.length} agreements`);
  if (generated) {
    await stage(results, 'checkEvidence(draft)', () => checkEvidence(generated.draft, article.text), (r) => `kept ${r.draft.agreements.length}/${generated.draft.agreements.length}`);
  }
  return results;
}

async function child(name: string): Promise<void> {
  const input = HOSTILE_INPUTS.find((candidate) => candidate.name === name);
  if (!input) throw new Error(`no hostile input named ${name}`);
  await runOne(input);
}

/** Parent: one child process per input, each killed after --timeout seconds. */
function parent(): void {
  const args = process.argv.slice(2);
  const timeoutAt = args.indexOf('--timeout');
  const timeoutSeconds = timeoutAt === -1 ? 120 : Number(args[timeoutAt + 1]);
  const names = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--timeout');
  const inputs = names.length > 0 ? HOSTILE_INPUTS.filter((input) => names.includes(input.name)) : HOSTILE_INPUTS;
  console.log(`hostile parsers (each input in its own process, killed after ${timeoutSeconds} s)`);
  for (const input of inputs) {
    const bytes = Buffer.byteLength(input.build());
    const start = performance.now();
    const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', input.name], {
      encoding: 'utf8',
      timeout: timeoutSeconds * 1000,
      maxBuffer: 1024 * 1024,
    });
    const wall = ((performance.now() - start) / 1000).toFixed(1);
    console.log(`\n${input.name} (${(bytes / 1024).toFixed(0)} KB, expected ${JSON.stringify(input.expected)}) — process ${wall} s`);
    const results = (run.stdout ?? '')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as StageResult);
    for (const r of results) console.log(`  ${r.stage.padEnd(34)} ${r.ms.toFixed(1).padStart(10)} ms  ${r.outcome}`);
    if (run.error || run.status !== 0) {
      console.log(`  next stage did not finish: ${run.error ? `killed after ${timeoutSeconds} s` : `exit ${run.status}: ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`}`);
    }
  }
}

if (process.argv.includes('--child')) await child(process.argv[process.argv.indexOf('--child') + 1] ?? '');
else parent();
