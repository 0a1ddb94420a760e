/**
 * Memory benchmark (figures, not a test):
 * `npm run bench:memory [-- --groups 1000] [--idle-ms 10000] [--settle-ms 65000] [--no-tsx] [--no-modules] [--node-flags="--optimize-for-size"] [--workers 1]`.
 *
 * Starts the bot as `npm start` runs it (`node <its flags> dist/main.js`, built first) against the fake Bot API on 127.0.0.1
 * with a temp SQLite DATABASE_PATH and the built-in engine, and prints the RSS of the bot's processes (npm's
 * own process not counted; Linux /proc):
 *   - idle: started, nothing to do, after --idle-ms (worker threads start on demand, so none is running);
 *   - with N groups: N groups subscribed to one feed (written to the same SQLite file while the bot runs),
 *     after one poll found a new item and the digest was delivered to every group; then again once the worker
 *     thread that read the article has exited (60 s idle timeout; --settle-ms, 0 to skip).
 * The same for the tsx runtime (`tsx src/main.ts`: tsx's wrapper process plus its node child), and the
 * compiled bot with WORKER_THREADS=0 (no worker pool at all). For the compiled bot a preload
 * (--import, written to a temp file) answers SIGUSR2 with process.memoryUsage() and V8's heap spaces, before
 * and after a full GC (retained vs garbage). Last, the load cost of each package dist/ imports, at start or lazily (heap, RSS
 * and ms, each in a fresh process), and of the compiled entry points, to show what is worth loading lazily.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { freePort } from '../tests/support/cluster.js';
import { type FakeBotApi, startFakeBotApi } from '../tests/support/fake-bot-api.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const SHARED_SEED = resolve(ROOT, '../shared/fixtures/seed/antara-putin-pezeshkian-id.txt');
const SEED = existsSync(SHARED_SEED) ? SHARED_SEED : join(ROOT, 'tests/fixtures/antara-putin-pezeshkian-id.txt');
const { values } = parseArgs({
  options: {
    groups: { type: 'string', default: '1000' },
    'idle-ms': { type: 'string', default: '10000' },
    /** After delivering: how long to wait for the worker threads' idle exit before measuring again (0: skip). */
    'settle-ms': { type: 'string', default: '65000' },
    'no-tsx': { type: 'boolean', default: false },
    'no-modules': { type: 'boolean', default: false },
    /** Extra node flags for the compiled runs (V8 heap settings to try). */
    'node-flags': { type: 'string', default: '' },
    /** WORKER_THREADS for the compiled and tsx runs (default: the bot's own default). */
    workers: { type: 'string' },
  },
});
const GROUPS = Number(values.groups);
const IDLE_MS = Number(values['idle-ms']);
const SETTLE_MS = Number(values['settle-ms']);
const MB = 2 ** 20;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------
// RSS of a process tree, from /proc.

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** Each process of the tree rooted at pid with its RSS (threads share their process's RSS). */
function treeRss(pid: number): Array<{ pid: number; rss: number }> {
  return [{ pid, rss: rssOf(pid) }, ...childrenOf(pid).flatMap(treeRss)];
}
const total = (tree: Array<{ rss: number }>) => tree.reduce((sum, p) => sum + p.rss, 0);

// ---------------------------------------------------------------------------------------------
// The preload that reports the main thread's memory on SIGUSR2 (bench code: it may read its own pid).

const PROBE_DIR = mkdtempSync(join(tmpdir(), 'kabar-memory-'));
const PROBE = join(PROBE_DIR, 'probe.mjs');
writeFileSync(
  PROBE,
  `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
const snapshot = () => ({ memory: process.memoryUsage(), spaces: v8.getHeapSpaceStatistics().map((s) => ({ name: s.space_name, used: s.space_used_size })) });
process.on('SIGUSR2', () => {
  const before = snapshot();
  v8.setFlagsFromString('--expose-gc');
  vm.runInNewContext('gc')();
  writeFileSync(join(${JSON.stringify(PROBE_DIR)}, 'probe-' + process.pid + '.json'), JSON.stringify({ before, after: snapshot() }));
});
`,
);

interface ProbeReport {
  before: { memory: NodeJS.MemoryUsage; spaces: Array<{ name: string; used: number }> };
  after: { memory: NodeJS.MemoryUsage; spaces: Array<{ name: string; used: number }> };
}

async function probe(pid: number): Promise<ProbeReport | undefined> {
  const file = join(PROBE_DIR, `probe-${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 50 && !existsSync(file); i++) await sleep(100);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ProbeReport) : undefined;
}

// ---------------------------------------------------------------------------------------------
// A feed and the article it points at, on 127.0.0.1.

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const [title = 'Article', ...paragraphs] = readFileSync(SEED, 'utf8').split(/\n+/).map((line) => line.trim()).filter(Boolean);
const page = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><article><h1>${escape(title)}</h1>${paragraphs
  .map((p) => `<p>${escape(p)}</p>`)
  .join('')}</article></body></html>`;
const { createServer } = await import('node:http');
const site = createServer((req, res) => {
  const origin = `http://127.0.0.1:${port()}`;
  const body = req.url?.startsWith('/rss')
    ? `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench feed</title><link>${origin}/</link><description>bench</description><item><title>${escape(
        title,
      )}</title><link>${origin}/berita/1</link><guid>bench-item-1</guid><pubDate>${new Date().toUTCString()}</pubDate></item></channel></rss>`
    : page;
  res.writeHead(200, { 'content-type': req.url?.startsWith('/rss') ? 'application/rss+xml' : 'text/html; charset=utf-8' });
  res.end(body);
});
await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
const port = () => (site.address() as { port: number }).port;

// ---------------------------------------------------------------------------------------------
// One bot run: idle, then N groups and a delivered poll.

interface Runtime {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** Only the idle figure (no groups). */
  idleOnly?: boolean;
  /** The main-thread probe is preloaded (compiled runs only: tsx's wrapper would swallow the flag). */
  probe?: boolean;
}

interface RunResult {
  idle: Array<{ pid: number; rss: number }>;
  idleProbe?: ProbeReport | undefined;
  loaded?: Array<{ pid: number; rss: number }>;
  loadedProbe?: ProbeReport | undefined;
  settled?: Array<{ pid: number; rss: number }>;
  peak?: number;
  deliverSec?: number;
}

/** Runs one bot; `onIdle` hears the idle figures at once (a run that fails later still reports them). */
async function runBot(runtime: Runtime, onIdle: (result: RunResult) => void): Promise<RunResult> {
  const api: FakeBotApi = await startFakeBotApi();
  const dir = mkdtempSync(join(tmpdir(), 'kabar-memory-bot-'));
  const databasePath = join(dir, 'bot.sqlite');
  const botPort = await freePort();
  let output = '';
  const [command, ...args] = runtime.command as [string, ...string[]];
  const bot: ChildProcess = spawn(command, args, {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DATABASE_PATH: databasePath,
      PORT: String(botPort),
      SUMMARIZER: 'extractive',
      FETCH_ALLOW_PRIVATE: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...startEnv,
      // MALLOC_ARENA_MAX given to the benchmark wins over npm start's (to measure glibc's default: MALLOC_ARENA_MAX=).
      ...(process.env.MALLOC_ARENA_MAX !== undefined ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
      ...runtime.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  bot.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const pid = bot.pid as number;
  const mainPid = () => {
    // tsx runs the bot in a child process; the probe (compiled runs) is in the process itself.
    const tree = treeRss(pid);
    return (tree.at(-1) ?? tree[0])?.pid ?? pid;
  };
  try {
    const started = Date.now();
    for (;;) {
      if (bot.exitCode !== null) throw new Error(`${runtime.name}: the bot exited during start-up:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${botPort}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() - started > 60_000) throw new Error(`${runtime.name}: no /healthz after 60 s:\n${output}`);
      await sleep(100);
    }
    await sleep(IDLE_MS);
    const result: RunResult = { idle: treeRss(pid) };
    if (runtime.probe) result.idleProbe = await probe(mainPid());
    onIdle(result);
    if (runtime.idleOnly) return result;

    // N groups follow one feed whose last poll was a minute ago; the bot's next tick polls it and finds one item.
    const store = openSqliteStore(databasePath);
    const feed = await store.subscriptions.upsertFeed(`http://127.0.0.1:${port()}/rss`, { title: 'Bench feed', language: 'id' }, Date.now());
    await store.subscriptions.updateFeedPoll(feed.id, { lastFetchedAt: Date.now() - 60_000 });
    for (let i = 0; i < GROUPS; i++) await store.subscriptions.subscribe(-1001000000000 - i, feed.id, Date.now());
    await store.close();
    const sentToGroups = () => new Set(api.calls.filter((c) => c.method === 'sendMessage' && c.ok && Number(c.payload.chat_id) < 0).map((c) => c.payload.chat_id)).size;
    const deliverStarted = Date.now();
    let peak = 0;
    while (sentToGroups() < GROUPS) {
      if (bot.exitCode !== null) throw new Error(`${runtime.name}: the bot exited:\n${output}`);
      if (Date.now() - deliverStarted > 180_000) throw new Error(`${runtime.name}: ${sentToGroups()} of ${GROUPS} groups served after 180 s:\n${output}`);
      peak = Math.max(peak, total(treeRss(pid)));
      await sleep(250);
    }
    result.deliverSec = (Date.now() - deliverStarted) / 1000;
    await sleep(3000);
    result.loaded = treeRss(pid);
    result.peak = Math.max(peak, total(result.loaded));
    if (runtime.probe) result.loadedProbe = await probe(mainPid());
    if (SETTLE_MS > 0) {
      await sleep(SETTLE_MS);
      result.settled = treeRss(pid);
    }
    return result;
  } finally {
    if (bot.exitCode === null) {
      const exited = new Promise((done) => bot.once('exit', done));
      bot.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (bot.exitCode === null) bot.kill('SIGKILL');
    }
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// What each package costs to load, each in a fresh process.

function importCost(specifier: string): { ms: number; heap: number; rss: number } | string {
  const script = `const gc = globalThis.gc; gc(); const m0 = process.memoryUsage(); const t0 = performance.now();
await import(${JSON.stringify(specifier)}); const ms = performance.now() - t0; gc(); const m1 = process.memoryUsage();
console.log(JSON.stringify({ ms, heap: m1.heapUsed - m0.heapUsed, rss: m1.rss - m0.rss }));`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) return (run.stderr.split('\n').find((line) => line.includes('Error')) ?? 'failed').slice(0, 100);
  return JSON.parse(run.stdout) as { ms: number; heap: number; rss: number };
}

/** Bare package names imported by the compiled files, with how many files import each. */
function importedPackages(): Map<string, number> {
  const counts = new Map<string, number>();
  const dist = join(ROOT, 'dist');
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const code = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    // Static imports, import('x') and createRequire(…)('x') (the lazily loaded ones).
    for (const match of code.matchAll(/(?:^|\n)\s*import\s[^'"]*?['"]([^'".][^'"]*)['"]|import\(\s*['"]([^'".][^'"]*)['"]\)|\)\(\s*['"]([^'".][^'"]*)['"]\)/g)) {
      const spec = (match[1] ?? match[2] ?? match[3]) as string;
      if (spec.startsWith('node:')) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------

const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
if (build.status !== 0) console.warn(`tsc reported errors (measuring the JavaScript it emitted anyway):\n${build.stdout}${build.stderr}`);

// The node flags `npm start` runs the bot with (package.json), then any given here.
const startScript = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
const startCommand = /^((?:\w+=\S*\s+)*)node\s+(.*?)\s*dist\/main\.js/.exec(startScript);
const startFlags = startCommand?.[2]?.split(/\s+/).filter(Boolean) ?? [];
// Environment assignments in front of node (MALLOC_ARENA_MAX): the bot is measured with them, as npm start runs it.
const startEnv = Object.fromEntries((startCommand?.[1] ?? '').split(/\s+/).filter(Boolean).map((pair) => pair.split('=', 2) as [string, string]));
const nodeFlags = [...startFlags, ...values['node-flags'].split(/\s+/).filter(Boolean)];
const compiled = [process.execPath, ...nodeFlags, '--import', pathToFileURL(PROBE).href, join(ROOT, 'dist/main.js')];
const workers: Record<string, string> = values.workers === undefined ? {} : { WORKER_THREADS: values.workers };
const runtimes: Runtime[] = [
  { name: `compiled: ${Object.entries(startEnv).map(([k, v]) => `${k}=${v} `).join('')}node ${[...nodeFlags, 'dist/main.js'].join(' ')}${values.workers ? `, WORKER_THREADS=${values.workers}` : ''}`, command: compiled, env: workers, probe: true },
  ...(values['no-tsx'] ? [] : [{ name: 'tsx: tsx src/main.ts (wrapper + bot)', command: [process.execPath, TSX_CLI, join(ROOT, 'src/main.ts')], env: workers }]),
  {
    name: 'compiled, WORKER_THREADS=0',
    command: compiled,
    env: { WORKER_THREADS: '0' },
    idleOnly: true,
    probe: true,
  },
];

const processes = (tree: Array<{ pid: number; rss: number }>) => (tree.length > 1 ? ` (${tree.map((p) => mb(p.rss)).join(' + ')})` : '');
const describeProbe = (label: string, report: ProbeReport | undefined) => {
  if (!report) return;
  const { before, after } = report;
  console.log(
    `    main thread ${label}: heap used ${mb(before.memory.heapUsed)} → ${mb(after.memory.heapUsed)} after a full GC (heap total ${mb(after.memory.heapTotal)}), external ${mb(after.memory.external)}, array buffers ${mb(after.memory.arrayBuffers)}, RSS after GC ${mb(after.memory.rss)}`,
  );
  const spaces = after.spaces.filter((s) => s.used > MB / 2).map((s) => `${s.name.replace('_space', '')} ${mb(s.used)}`);
  console.log(`      heap spaces after GC: ${spaces.join(', ')}`);
};

console.log(`Kabar memory — node ${process.version}, built-in engine, SQLite, fake Bot API on 127.0.0.1; load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
for (const runtime of runtimes) {
  const result = await runBot(runtime, (idle) => {
    console.log(`\n${runtime.name}`);
    console.log(`  idle (${IDLE_MS / 1000} s after /healthz)          RSS ${mb(total(idle.idle))}${processes(idle.idle)}`);
    describeProbe('idle', idle.idleProbe);
  });
  if (result.loaded) {
    console.log(
      `  ${GROUPS} groups, one poll delivered        RSS ${mb(total(result.loaded))}${processes(result.loaded)}; peak while delivering ${mb(result.peak ?? 0)}; delivered in ${result.deliverSec?.toFixed(1)} s`,
    );
    describeProbe(`with ${GROUPS} groups`, result.loadedProbe);
    if (result.settled) console.log(`  ${GROUPS} groups, ${SETTLE_MS / 1000} s later (idle workers exited) RSS ${mb(total(result.settled))}${processes(result.settled)}`);
  }
}

if (!values['no-modules']) {
  console.log('\nLoad cost, each in a fresh node process (heap retained after GC, RSS growth, import time):');
  const packages = [...importedPackages()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  const entries = ['dist/main.js', 'dist/cli/run-cli.js', 'dist/infra/cpu-tasks.js'].map((file) => ({ label: file, spec: pathToFileURL(join(ROOT, file)).href }));
  const rows = [...entries, ...packages.map((name) => ({ label: name, spec: name }))].map(({ label, spec }) => ({ label, cost: importCost(spec) }));
  const measured = rows.filter((row) => typeof row.cost !== 'string') as Array<{ label: string; cost: { ms: number; heap: number; rss: number } }>;
  const ordered = [...measured.filter((r) => r.label.startsWith('dist/')), ...measured.filter((r) => !r.label.startsWith('dist/')).sort((a, b) => b.cost.rss - a.cost.rss)];
  for (const { label, cost } of ordered) {
    console.log(`  ${label.padEnd(28)} heap ${(cost.heap / MB).toFixed(1).padStart(5)} MB   RSS +${(cost.rss / MB).toFixed(1).padStart(5)} MB   ${cost.ms.toFixed(0).padStart(5)} ms`);
  }
  for (const row of rows.filter((r) => typeof r.cost === 'string')) console.log(`  ${row.label.padEnd(28)} not measured: ${row.cost as string}`);
}

await new Promise((done) => site.close(done));
rmSync(PROBE_DIR, { recursive: true, force: true });
