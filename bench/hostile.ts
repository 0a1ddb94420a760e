/**
 * Hostile-input benchmark (figures, not a test): `npm run bench:hostile [-- --threads 2 --time-limit 5000 --skip-in-process]`.
 *
 * Starts the real bot as `tsx src/main.ts` (what `npm start` runs) in a child process, against the fake Bot API
 * (tests/support/fake-bot-api.ts) and a page server in this process, everything on 127.0.0.1. Each hostile input
 * (tests/fixtures/hostile plus two pages that are still slow after the linear fixes) is sent from its own chat — a
 * link to the page served locally, or `/subscribe <feed>` — while other chats are probed: `/start` every 250 ms,
 * a normal digest (a fresh URL, so never cached) every 1.5 s, and GET /healthz every 100 ms. Per input it prints
 * the worst probe latencies and the time until the hostile chat got a digest or a clear error; per mode the
 * latency of normal digests on an idle bot. Modes: WORKER_THREADS=N (default 2) and WORKER_THREADS=0 (the
 * event loop, as before). Every wait is bounded; the bot is stopped (SIGTERM, then SIGKILL) at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config/config.js';
import { createMemoryDigestCache } from '../src/digest/memory-cache.js';
import { createCpuPool } from '../src/infra/cpu-pool.js';
import { createPipeline } from '../src/pipeline.js';
import { type FakeBotApi, type RecordedCall, messageUpdate, startFakeBotApi } from '../tests/support/fake-bot-api.js';
import { HOSTILE_INPUTS, SLOW_HOSTILE_INPUTS } from '../tests/fixtures/hostile/generate.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const SEED = join(ROOT, 'tests/fixtures/antara-putin-pezeshkian-id.txt');
const SENDS = new Set(['sendMessage', 'editMessageText']);
const PLACEHOLDER = /Reading the article|Sedang membaca/;

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' },
    'time-limit': { type: 'string' },
    'baseline-digests': { type: 'string', default: '8' },
    'skip-in-process': { type: 'boolean', default: false },
    'pipeline-digests': { type: 'string', default: '20' },
    /** Pause between inputs, so a worker killed by one input is replaced (module loading) before the next. */
    settle: { type: 'string', default: '0' },
    only: { type: 'string' },
  },
});
const THREADS = Number(values.threads);
const BASELINE = Number(values['baseline-digests']);
/** No answer within this long counts as a freeze (the bot is then restarted for the next input). */
const ANSWER_CAP_MS = 60_000;

interface BenchInput {
  name: string;
  kind: 'html' | 'text' | 'feed';
  contentType: string;
  body: string;
  note: string;
}

const inputs: BenchInput[] = [
  ...[...HOSTILE_INPUTS, ...SLOW_HOSTILE_INPUTS].map((input) => ({ name: input.name, kind: input.kind, contentType: input.contentType, body: input.build(), note: input.attacks })),
].filter((input) => !values.only || values.only.split(',').includes(input.name));

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function normalPage(): string {
  const [title = 'Article', ...paragraphs] = readFileSync(SEED, 'utf8').split(/\n+/).map((line) => line.trim()).filter(Boolean);
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><article><h1>${escape(
    title.slice(0, 120),
  )}</h1>${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('')}</article></body></html>`;
}

async function startPageServer(): Promise<{ base: string; server: Server }> {
  const normal = normalPage();
  const byName = new Map(inputs.map((input) => [input.name, input]));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const hostile = path.startsWith('/hostile/') ? byName.get(decodeURIComponent(path.slice('/hostile/'.length))) : undefined;
    if (hostile) {
      res.writeHead(200, { 'content-type': hostile.contentType, 'content-length': Buffer.byteLength(hostile.body) });
      res.end(hostile.body);
      return;
    }
    if (path.startsWith('/berita/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(normal) });
      res.end(normal);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** The bot as `npm start` runs it, in its own process. */
interface BotProcess {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function startBot(api: FakeBotApi, threads: number, dir: string): Promise<BotProcess> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    DATABASE_PATH: join(dir, `bot-${Date.now()}.sqlite`),
    PORT: String(port),
    SUMMARIZER: 'extractive',
    FETCH_ALLOW_PRIVATE: '127.0.0.1',
    USER_DIGESTS_PER_HOUR: '0',
    LOG_LEVEL: 'warn',
    WORKER_THREADS: String(threads),
    ...(values['time-limit'] ? { JOB_TIME_LIMIT_MS: values['time-limit'] } : {}),
  };
  const child = spawn(process.execPath, [TSX_CLI, 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bot exited at start: ${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok && api.calls.some((call) => call.method === 'getUpdates')) break;
    if (Date.now() > deadline) throw new Error(`the bot did not start within 60 s: ${stderr}`);
    await sleep(100);
  }
  return {
    child,
    port,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => false), sleep(15_000).then(() => true)]);
      if (killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

interface Answer {
  at: number;
  digest: boolean;
  text: string;
}

/** The chat's final answer after `from` (the first send or edit that is not the "Reading…" placeholder), if any yet. */
function answerOf(api: FakeBotApi, chatId: number, fromIndex: number): Answer | undefined {
  for (let i = fromIndex; i < api.calls.length; i++) {
    const call = api.calls[i] as RecordedCall;
    if (!SENDS.has(call.method) || call.ok !== true || Number(call.payload.chat_id) !== chatId) continue;
    if (call.method === 'sendMessage' && PLACEHOLDER.test(String(call.payload.text))) continue;
    return { at: call.at, digest: Boolean(call.payload.reply_markup), text: String(call.payload.text) };
  }
  return undefined;
}

let nextChat = 700_000;
const newChat = () => (nextChat += 1);
let nextPage = 0;

function push(api: FakeBotApi, chatId: number, text: string): { chatId: number; at: number; fromIndex: number } {
  const fromIndex = api.calls.length;
  const at = Date.now();
  api.pushUpdate(messageUpdate({ chatId, text, from: { id: chatId, is_bot: false, first_name: 'Bench', language_code: 'en' } }));
  return { chatId, at, fromIndex };
}

async function waitAnswer(api: FakeBotApi, sent: { chatId: number; fromIndex: number }, capMs: number): Promise<Answer | undefined> {
  const deadline = Date.now() + capMs;
  for (;;) {
    const answer = answerOf(api, sent.chatId, sent.fromIndex);
    if (answer || Date.now() > deadline) return answer;
    await sleep(10);
  }
}

async function normalDigestLatencies(api: FakeBotApi, base: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const sent = push(api, newChat(), `${base}/berita/normal-${(nextPage += 1)}`);
    const answer = await waitAnswer(api, sent, 30_000);
    if (!answer?.digest) throw new Error(`a normal digest failed: ${answer?.text ?? 'no answer in 30 s'}`);
    latencies.push(answer.at - sent.at);
  }
  return latencies.sort((a, b) => a - b);
}

interface HostileRow {
  input: string;
  answerMs: number | null;
  answer: string;
  healthzMaxMs: number;
  startMaxMs: number;
  digestMaxMs: number;
  probes: string;
}

/** Sends one hostile input while probing; returns the figures and whether the bot must be restarted (no answer). */
async function hostileRun(api: FakeBotApi, bot: BotProcess, base: string, input: BenchInput): Promise<{ row: HostileRow; frozen: boolean }> {
  const url = `${base}/hostile/${encodeURIComponent(input.name)}`;
  const chat = newChat();
  const hostile = push(api, chat, input.kind === 'feed' ? `/subscribe ${url}` : url);
  const healthz: number[] = [];
  let healthzPending = new Set<number>();
  const starts: Array<{ chatId: number; at: number; fromIndex: number }> = [];
  const digests: Array<{ chatId: number; at: number; fromIndex: number }> = [];
  let probing = true;

  const healthzLoop = (async () => {
    while (probing) {
      const started = Date.now();
      healthzPending.add(started);
      void fetch(`http://127.0.0.1:${bot.port}/healthz`, { signal: AbortSignal.timeout(ANSWER_CAP_MS + 30_000) })
        .then((r) => r.arrayBuffer(), () => undefined)
        .finally(() => {
          healthzPending.delete(started);
          healthz.push(Date.now() - started);
        });
      await sleep(100);
    }
  })();
  const startLoop = (async () => {
    while (probing) {
      starts.push(push(api, newChat(), '/start'));
      await sleep(250);
    }
  })();
  const digestLoop = (async () => {
    while (probing) {
      digests.push(push(api, newChat(), `${base}/berita/probe-${(nextPage += 1)}`));
      await sleep(1500);
    }
  })();

  const answer = await waitAnswer(api, hostile, ANSWER_CAP_MS);
  // Keep probing a second more: a killed worker is being replaced (module loading) right then.
  await sleep(1000);
  probing = false;
  await Promise.all([healthzLoop, startLoop, digestLoop]);
  const end = Date.now();
  const worst = async (sent: typeof starts, capMs: number) => {
    const deadline = Date.now() + capMs;
    let max = 0;
    for (const probe of sent) {
      const got = await waitAnswer(api, probe, Math.max(0, deadline - Date.now()));
      max = Math.max(max, (got?.at ?? Date.now()) - probe.at);
    }
    return max;
  };
  const frozen = answer === undefined;
  const startMaxMs = await worst(starts, frozen ? 0 : 20_000);
  const digestMaxMs = await worst(digests, frozen ? 0 : 30_000);
  const waitHealthz = Date.now() + (frozen ? 0 : 10_000);
  while (healthzPending.size > 0 && Date.now() < waitHealthz) await sleep(20);
  const healthzMaxMs = Math.max(0, ...healthz, ...[...healthzPending].map((at) => end - at));
  healthzPending = new Set();
  // A digest is HTML with bold headings (and the language button on its last part); an error is one plain line.
  const isDigest = answer !== undefined && input.kind !== 'feed' && (answer.digest || answer.text.includes('<b>'));
  const kind = !answer ? `no answer in ${ANSWER_CAP_MS / 1000} s` : isDigest ? 'digest' : `“${answer.text.replace(/\s+/g, ' ').slice(0, 70)}”`;
  return {
    frozen,
    row: {
      input: input.name,
      answerMs: answer ? answer.at - hostile.at : null,
      answer: kind,
      healthzMaxMs,
      startMaxMs,
      digestMaxMs,
      probes: `${healthz.length}/${starts.length}/${digests.length}`,
    },
  };
}

const p50 = (sorted: number[]) => sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
const p90 = (sorted: number[]) => sorted[Math.ceil(0.9 * sorted.length) - 1] ?? Number.NaN;

/**
 * The bot's figure is dominated by Telegram pacing (the digest edits the placeholder ≥ 1 s after sending it), so
 * the digest work itself is also timed without the bot: fetch + extraction + engine through createPipeline,
 * in-process and pooled, alternating, each URL fresh (never cached).
 */
async function pipelineLatencies(base: string, count: number, threads: number) {
  const config = parseConfig({ SUMMARIZER: 'extractive', FETCH_ALLOW_PRIVATE: '127.0.0.1', ...(values['time-limit'] ? { JOB_TIME_LIMIT_MS: values['time-limit'] } : {}) });
  const workers = createCpuPool({ threads, timeLimitMs: config.workers.jobTimeLimitMs });
  const inProcess = createPipeline(config, { cache: createMemoryDigestCache() });
  const pooled = createPipeline(config, { cache: createMemoryDigestCache(), workers });
  const times = { inProcess: [] as number[], pooled: [] as number[] };
  try {
    for (let i = -2; i < count; i++) {
      for (const [name, service] of [['inProcess', inProcess], ['pooled', pooled]] as const) {
        const started = performance.now();
        await service.digest({ input: { kind: 'url', url: `${base}/berita/pipeline-${name}-${i}` }, language: 'en' });
        // The first two rounds warm the JIT and the workers.
        if (i >= 0) times[name].push(performance.now() - started);
      }
    }
  } finally {
    await workers.close();
  }
  return { inProcess: times.inProcess.sort((a, b) => a - b), pooled: times.pooled.sort((a, b) => a - b) };
}

async function runMode(threads: number, base: string, dir: string) {
  const api = await startFakeBotApi({ token: '123456789:AAHkabarHostileBenchToken_abcdefghi' });
  let bot = await startBot(api, threads, dir);
  const rows: HostileRow[] = [];
  let baseline: number[] = [];
  try {
    // Warm-up (JIT, warm workers), then normal digests one at a time on an idle bot.
    await normalDigestLatencies(api, base, 2);
    baseline = await normalDigestLatencies(api, base, BASELINE);
    for (const input of inputs) {
      await sleep(Number(values.settle));
      const { row, frozen } = await hostileRun(api, bot, base, input);
      rows.push(row);
      console.error(`  [WORKER_THREADS=${threads}] ${row.input}: ${row.answer} after ${row.answerMs ?? '–'} ms; worst /healthz ${row.healthzMaxMs} ms`);
      if (frozen) {
        await bot.stop();
        bot = await startBot(api, threads, dir);
      }
    }
  } finally {
    await bot.stop();
    await api.close();
  }
  return { threads, baseline, rows };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kabar-hostile-'));
  const page = await startPageServer();
  const modes: Awaited<ReturnType<typeof runMode>>[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  let pipeline: Awaited<ReturnType<typeof pipelineLatencies>> | undefined;
  try {
    if (THREADS > 0) pipeline = await pipelineLatencies(page.base, Number(values['pipeline-digests']), THREADS);
    modes.push(await runMode(THREADS, page.base, dir));
    if (!values['skip-in-process'] && THREADS > 0) modes.push(await runMode(0, page.base, dir));
  } finally {
    await new Promise<void>((done) => page.server.close(() => done()));
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\nKabar hostile-input benchmark — node ${process.version}, load average ${loadBefore.toFixed(1)} at start, ${loadavg()[0]?.toFixed(1)} at end`);
  if (pipeline) {
    const row = (label: string, t: number[]) => `${label.padEnd(36)} p50 ${p50(t).toFixed(0)} ms, p90 ${p90(t).toFixed(0)} ms, max ${Math.max(...t).toFixed(0)} ms`;
    console.log(`\nnormal digest work without the bot (createPipeline: fetch + extraction + engine, ${pipeline.pooled.length} fresh URLs each, alternating):`);
    console.log(row('  in-process (WORKER_THREADS=0)', pipeline.inProcess));
    console.log(row(`  in workers (WORKER_THREADS=${THREADS})`, pipeline.pooled));
  }
  for (const mode of modes) {
    const label = mode.threads > 0 ? `WORKER_THREADS=${mode.threads}, JOB_TIME_LIMIT_MS=${values['time-limit'] ?? '5000 (default)'}` : 'WORKER_THREADS=0 (on the event loop)';
    console.log(`\n${label}`);
    console.log(`normal digest on an idle bot (fetch + extraction + engine, ${mode.baseline.length} in a row): p50 ${p50(mode.baseline)} ms, max ${Math.max(...mode.baseline)} ms`);
    console.log('input                            | answered after | answer                                                            | worst /healthz | worst /start | worst normal digest | probes h/s/d');
    console.log('---------------------------------|----------------|-------------------------------------------------------------------|----------------|--------------|---------------------|-------------');
    for (const row of mode.rows) {
      console.log(
        `${row.input.padEnd(32)} | ${(row.answerMs === null ? '–' : `${(row.answerMs / 1000).toFixed(1)} s`).padStart(14)} | ${row.answer.padEnd(65).slice(0, 65)} | ${`${row.healthzMaxMs} ms`.padStart(14)} | ${`${row.startMaxMs} ms`.padStart(12)} | ${`${row.digestMaxMs} ms`.padStart(19)} | ${row.probes}`,
      );
    }
  }
  console.log('\nTargets: /healthz and other chats within 1 s throughout; each hostile input answered (digest or clear error) within 10 s; normal digests no slower with workers.');
  console.log('Inputs:');
  for (const input of inputs) console.log(`  ${input.name}: ${input.note}`);
}

await main();
