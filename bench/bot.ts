/**
 * Bot benchmark (figures, not a test): `npx tsx bench/bot.ts [seed.txt] [--updates 300] [--chats 100] [--job-queue database|memory]
 * [--sequential 100] [--pause-ms 50] [--cold-chats 100] [--model-ms 0] [--slow-model-ms 2500] [--only all|warm|burst]`.
 *
 * Everything runs on 127.0.0.1: the fake Bot API (tests/support/fake-bot-api.ts), a page server with
 * the seed article as HTML, and the real app (src/main.ts startApp) in polling mode with the
 * extractive engine. Telegram's limits are not enforced by the fake, so they are checked from the
 * recorded call times: the most sends in any 1-second window (Telegram: ~30/s) and the shortest gap
 * between two sends to one chat (Telegram: ~1/s), which is where a real server would answer 429.
 *
 * The cold burst (issue 14) runs a second app against a fake Bot API that does enforce 30 messages/s
 * (429 beyond it) and a fake OpenAI-compatible model: COLD_CHATS private chats send one new article at
 * once. Its floor is one message per chat at 30/s; the wall time runs from the updates to the last digest.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Telegram } from 'telegraf';
import { createSendQueue } from '../src/infra/send-queue.js';
import { startApp } from '../src/main.js';
import { type FakeBotApi, type RecordedCall, messageUpdate, startFakeBotApi } from '../tests/support/fake-bot-api.js';
import { jsonReply, startFakeOpenAI } from '../tests/support/fake-openai-server.js';
import { emptyDraft } from '../tests/support/sample-digest.js';

const DEFAULT_SEED = resolve(import.meta.dirname, '../../shared/fixtures/seed/antara-putin-pezeshkian-id.txt');
const SENDS = new Set(['sendMessage', 'editMessageText']);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    updates: { type: 'string', default: '300' },
    chats: { type: 'string', default: '100' },
    sequential: { type: 'string', default: '100' },
    // Gap between warm-path updates in the light-load run: longer than the send queue's 33 ms global spacing.
    'pause-ms': { type: 'string', default: '50' },
    'broadcast-chats': { type: 'string', default: '100' },
    // database (the default) or memory: what storing each request before its update is confirmed costs.
    'job-queue': { type: 'string', default: 'database' },
    'cold-chats': { type: 'string', default: '100' },
    // The fake model's answer time in the cold burst; the slow run shows the placeholder rule under load.
    'model-ms': { type: 'string', default: '0' },
    'slow-model-ms': { type: 'string', default: '2500' },
    // all (default), warm (the first app: cold digests, warm path, burst, broadcast) or burst (the cold bursts only).
    only: { type: 'string', default: 'all' },
  },
});
const seedPath = resolve(positionals[0] ?? DEFAULT_SEED);
const UPDATES = Number(values.updates);
const CHATS = Number(values.chats);
const SEQUENTIAL = Number(values.sequential);
const PAUSE_MS = Number(values['pause-ms']);
const BROADCAST_CHATS = Number(values['broadcast-chats']);
const COLD_CHATS = Number(values['cold-chats']);
/** Telegram's global limit: the burst's floor is one message per chat at this rate. */
const TELEGRAM_PER_SECOND = 30;
const PLACEHOLDER_TEXT = /Reading the article|Sedang membaca/;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function startPageServer(text: string): Promise<{ url: string; server: Server; hits: () => number }> {
  const [title = 'Article', ...paragraphs] = text.split(/\n+/).map((line) => line.trim()).filter(Boolean);
  const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><article><h1>${escape(
    title.slice(0, 120),
  )}</h1>${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('')}</article></body></html>`;
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
    res.end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/berita/putin-pezeshkian`, server, hits: () => hits };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Telegram-limit check over successful sends/edits: window max, rate, per-chat spacing, would-be 429s. */
function sendStats(calls: RecordedCall[]) {
  const sends = calls.filter((call) => SENDS.has(call.method) && call.ok === true).sort((a, b) => a.at - b.at);
  let windowMax = 0;
  let globalOver = 0;
  let start = 0;
  for (let end = 0; end < sends.length; end++) {
    while ((sends[end] as RecordedCall).at - (sends[start] as RecordedCall).at >= 1000) start++;
    const inWindow = end - start + 1;
    windowMax = Math.max(windowMax, inWindow);
    if (inWindow > 30) globalOver++;
  }
  const lastByChat = new Map<number, number>();
  let minGap = Number.POSITIVE_INFINITY;
  let chatOver = 0;
  for (const call of sends) {
    const chatId = Number(call.payload.chat_id);
    const previous = lastByChat.get(chatId);
    if (previous !== undefined) {
      minGap = Math.min(minGap, call.at - previous);
      if (call.at - previous < 1000) chatOver++;
    }
    lastByChat.set(chatId, call.at);
  }
  const spanSec = sends.length > 1 ? ((sends.at(-1) as RecordedCall).at - (sends[0] as RecordedCall).at) / 1000 : 0;
  return {
    sends: sends.length,
    rate: spanSec > 0 ? (sends.length - 1) / spanSec : Number.NaN,
    windowMax,
    minChatGapMs: Number.isFinite(minGap) ? minGap : Number.NaN,
    would429: globalOver + chatOver,
    real429: calls.filter((call) => call.ok === false && SENDS.has(call.method)).length,
  };
}

/** Matches each pushed update to its final answer (per chat, in order): the edited placeholder or a cached digest. */
function tracker(api: FakeBotApi) {
  const pushedAt = new Map<number, number[]>();
  const latencies: number[] = [];
  let cursor = 0;
  let lastDoneAt = 0;
  let failures = 0;
  return {
    push(chatId: number, text: string) {
      const queue = pushedAt.get(chatId) ?? [];
      queue.push(Date.now());
      pushedAt.set(chatId, queue);
      api.pushUpdate(messageUpdate({ chatId, text, from: { id: chatId, is_bot: false, first_name: 'Bench', language_code: 'en' } }));
    },
    scan() {
      for (; cursor < api.calls.length; cursor++) {
        const call = api.calls[cursor] as RecordedCall;
        // The final answer: the edited placeholder, or a cached digest sent at once (no placeholder).
        const isPlaceholder = call.method === 'sendMessage' && !call.payload.reply_markup && /Reading the article|Sedang membaca/.test(String(call.payload.text));
        if (!SENDS.has(call.method) || isPlaceholder) continue;
        if (call.ok === undefined) break; // not answered yet: look again on the next scan
        if (!call.ok) continue;
        const queue = pushedAt.get(Number(call.payload.chat_id));
        const at = queue?.shift();
        if (at === undefined) continue;
        // A digest carries the language button; an error line does not.
        if (!call.payload.reply_markup) failures += 1;
        latencies.push(call.at - at);
        lastDoneAt = Math.max(lastDoneAt, call.at);
      }
      return latencies.length;
    },
    async waitFor(count: number, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (this.scan() < count) {
        if (Date.now() > deadline) throw new Error(`only ${latencies.length} of ${count} updates answered within ${timeoutMs} ms`);
        await new Promise((done) => setTimeout(done, 5));
      }
    },
    latencies: () => [...latencies].sort((a, b) => a - b),
    lastDoneAt: () => lastDoneAt,
    failures: () => failures,
    reset() {
      this.scan();
      latencies.length = 0;
      failures = 0;
    },
  };
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

const TOKEN = '123456789:AAHkabarBenchmarkToken_abcdefghijkl';

/**
 * COLD_CHATS private chats send the same new article at once (cold cache) to an app whose Bot API
 * enforces 30 messages/s and whose model answers after `modelMs`. Returns the rows to print.
 */
async function coldBurst(seed: string, modelMs: number, label: string): Promise<Array<[string, string]>> {
  const dir = mkdtempSync(join(tmpdir(), 'kabar-bench-burst-'));
  const api = await startFakeBotApi({ token: TOKEN, floodLimits: { globalPerSecond: TELEGRAM_PER_SECOND } });
  const page = await startPageServer(seed);
  const model = await startFakeOpenAI(async () => {
    if (modelMs > 0) await new Promise((done) => setTimeout(done, modelMs));
    return jsonReply({
      ...emptyDraft,
      headline: 'Putin and Pezeshkian discuss cooperation',
      summary: 'The presidents of Russia and Iran discussed bilateral cooperation by phone.',
      who: [{ name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' }],
      what: 'A phone call',
    });
  });
  const app = await startApp(
    {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      SUMMARIZER: 'openai',
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_MAX_RETRIES: '0',
      FETCH_ALLOW_PRIVATE: '127.0.0.1',
      USER_DIGESTS_PER_HOUR: '0',
      JOB_QUEUE: values['job-queue'],
      LOG_LEVEL: 'warn',
    },
    { port: 0, host: '127.0.0.1', logDestination: { write: () => undefined } },
  );
  const isDigest = (call: RecordedCall) => SENDS.has(call.method) && call.ok === true && Boolean(call.payload.reply_markup);
  const chatsAnswered = (from: number, chats: Set<number>) => new Set(api.calls.slice(from).filter((c) => isDigest(c) && chats.has(Number(c.payload.chat_id))).map((c) => Number(c.payload.chat_id))).size;
  async function waitForDigests(from: number, chats: Set<number>, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (chatsAnswered(from, chats) < chats.size) {
      if (Date.now() > deadline) throw new Error(`${label}: only ${chatsAnswered(from, chats)} of ${chats.size} chats got a digest`);
      await new Promise((done) => setTimeout(done, 5));
    }
  }
  const push = (chatId: number, text: string) =>
    api.pushUpdate(messageUpdate({ chatId, text, from: { id: chatId, is_bot: false, first_name: 'Bench', language_code: 'en' } }));
  try {
    // Warm the worker threads and the model client on another URL, so the burst measures a cold cache only.
    const warm = new Set([1]);
    push(1, `${page.url}-warm-up`);
    await waitForDigests(0, warm, 30_000);
    // Let the warm-up's sends leave the 1-second window the fake Bot API counts.
    await new Promise((done) => setTimeout(done, 1100));
    const modelCallsBefore = model.requests.length;
    const pageHitsBefore = page.hits();

    const from = api.calls.length;
    const chats = new Set(Array.from({ length: COLD_CHATS }, (_, i) => 40_000 + i));
    const start = Date.now();
    for (const chatId of chats) push(chatId, page.url);
    await waitForDigests(from, chats, 120_000);
    const calls = api.calls.slice(from);
    const digests = calls.filter((c) => isDigest(c) && chats.has(Number(c.payload.chat_id)));
    const firstAt = Math.min(...digests.map((c) => c.at));
    const lastAt = Math.max(...digests.map((c) => c.at));
    const wallSec = (lastAt - start) / 1000;
    const floorSec = COLD_CHATS / TELEGRAM_PER_SECOND;
    const messages = calls.filter((c) => SENDS.has(c.method) && c.ok === true);
    const placeholders = messages.filter((c) => c.method === 'sendMessage' && PLACEHOLDER_TEXT.test(String(c.payload.text)));
    const flood = calls.filter((c) => c.errorCode === 429).length;
    return [
      [`${label}: wall time to the last digest s, ratio to the floor (${COLD_CHATS} msgs at 30/s = ${fmt(floorSec, 2)} s)`, `${fmt(wallSec, 2)}, ${fmt(wallSec / floorSec, 2)}`],
      [`${label}: first digest after ms, then all sent within s`, `${fmt(firstAt - start)}, ${fmt((lastAt - firstAt) / 1000, 2)}`],
      [`${label}: Bot API messages (sends+edits), placeholders, 429s`, `${messages.length}, ${placeholders.length}, ${flood}`],
      [`${label}: model calls, article fetches`, `${model.requests.length - modelCallsBefore}, ${page.hits() - pageHitsBefore}`],
    ];
  } finally {
    await app.stop();
    await new Promise<void>((done) => page.server.close(() => done()));
    await model.close();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const seed = readFileSync(seedPath, 'utf8');
  const rows: Array<[string, string]> = [];
  if (values.only !== 'burst') rows.push(...(await firstApp(seed)));
  if (values.only !== 'warm') {
    rows.push(...(await coldBurst(seed, Number(values['model-ms']), `cold burst, ${COLD_CHATS} chats, model ${values['model-ms']} ms`)));
    rows.push(...(await coldBurst(seed, Number(values['slow-model-ms']), `cold burst, ${COLD_CHATS} chats, model ${values['slow-model-ms']} ms`)));
  }
  print(rows);
}

/** Cold digests, the warm path, a warm burst and a broadcast against a fake Bot API that enforces no limits. */
async function firstApp(seed: string): Promise<Array<[string, string]>> {
  const dir = mkdtempSync(join(tmpdir(), 'kabar-bench-'));
  // Digits, a colon and exactly 35 characters, as TELEGRAM_TOKEN_PATTERN requires.
  const api = await startFakeBotApi({ token: TOKEN });
  const page = await startPageServer(seed);
  let logLines = 0;
  const app = await startApp(
    {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      SUMMARIZER: 'extractive',
      FETCH_ALLOW_PRIVATE: '127.0.0.1',
      USER_DIGESTS_PER_HOUR: '0',
      JOB_QUEUE: values['job-queue'],
      LOG_LEVEL: 'warn',
    },
    { port: 0, host: '127.0.0.1', logDestination: { write: () => void (logLines += 1) } },
  );
  const rows: Array<[string, string]> = [];
  try {
    const track = tracker(api);

    // Warm the cache: one digest of the article (fetch + extractive engine).
    const warmStart = Date.now();
    track.push(1, `Tolong ringkas ${page.url}`);
    await track.waitFor(1, 30_000);
    if (track.failures() > 0) throw new Error(`warm-up failed: ${api.sentTexts(1).join(' | ')}`);
    rows.push(['cold digest right after start (fetch + extractive; worker threads still loading), ms', fmt(Date.now() - warmStart)]);
    track.reset();
    // The same page under another URL: a cold digest once the workers are warm, what a user meets later on.
    const secondStart = Date.now();
    track.push(2, `${page.url}-kedua`);
    await track.waitFor(1, 30_000);
    rows.push(['cold digest, warm workers (another URL, same page), ms', fmt(Date.now() - secondStart)]);
    track.reset();

    // (a1) Warm path: one update at a time, each from a new chat, cached digest. Back to back, each answer
    // also waits out the send queue's global spacing (1000/30 ≈ 33 ms after the previous send), so that
    // figure is the queue's; PAUSE_MS apart (a light load) it is what the bot itself adds.
    for (const [label, pauseMs] of [['back to back', 0], [`${PAUSE_MS} ms apart`, PAUSE_MS]] as const) {
      for (let i = 0; i < SEQUENTIAL; i++) {
        if (pauseMs > 0) await new Promise((done) => setTimeout(done, pauseMs));
        track.push((pauseMs > 0 ? 25_000 : 20_000) + i, page.url);
        await track.waitFor(i + 1, 30_000);
      }
      const light = track.latencies();
      rows.push([`warm path: cached digest, ${SEQUENTIAL} updates ${label}: added latency p50 / p99, ms`, `${fmt(percentile(light, 50))} / ${fmt(percentile(light, 99))}`]);
      track.reset();
    }

    // (a2) Burst: UPDATES private messages from CHATS chats with the same link, all at once.
    const callsBefore = api.calls.length;
    const burstStart = Date.now();
    for (let i = 0; i < UPDATES; i++) track.push(10_000 + (i % CHATS), page.url);
    await track.waitFor(UPDATES, 300_000);
    const burst = track.latencies();
    const burstSec = (track.lastDoneAt() - burstStart) / 1000;
    const burstSends = sendStats(api.calls.slice(callsBefore));
    rows.push([`burst, ${UPDATES} updates from ${CHATS} chats: updates handled/s`, fmt(UPDATES / burstSec, 1)]);
    rows.push(['burst: latency p50 / p99, ms', `${fmt(percentile(burst, 50))} / ${fmt(percentile(burst, 99))}`]);
    rows.push(['burst: sends+edits, rate/s, max in any 1 s', `${burstSends.sends}, ${fmt(burstSends.rate, 1)}, ${burstSends.windowMax}`]);
    rows.push(['burst: min gap in one chat ms, would-be 429s', `${fmt(burstSends.minChatGapMs)}, ${burstSends.would429}`]);
    rows.push(['burst: digests that ended in an error line', String(track.failures())]);
    rows.push(['article fetches (page server hits; one per cold digest)', String(page.hits())]);

    // (b) Broadcast: one message to each of BROADCAST_CHATS chats at once through the send queue.
    const telegram = new Telegram(api.token, { apiRoot: api.apiRoot });
    const queue = createSendQueue();
    const broadcastBefore = api.calls.length;
    const broadcastStart = Date.now();
    await Promise.all(
      Array.from({ length: BROADCAST_CHATS }, (_, i) => queue.run(30_000 + i, () => telegram.sendMessage(30_000 + i, `Kabar broadcast ${i + 1}`))),
    );
    const broadcastSec = (Date.now() - broadcastStart) / 1000;
    await queue.stop();
    const broadcast = sendStats(api.calls.slice(broadcastBefore));
    rows.push([`broadcast to ${BROADCAST_CHATS} chats: total s, achieved rate/s`, `${fmt(broadcastSec, 2)}, ${fmt(broadcast.rate, 1)}`]);
    rows.push(['broadcast: max sends in any 1 s, would-be 429s, 429s', `${broadcast.windowMax}, ${broadcast.would429}, ${broadcast.real429}`]);
  } finally {
    await app.stop();
    await api.close();
    await new Promise<void>((done) => page.server.close(() => done()));
    rmSync(dir, { recursive: true, force: true });
  }

  rows.push([`(first app: log lines at warn or above)`, String(logLines)]);
  return rows;
}

function print(rows: Array<[string, string]>) {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\nKabar bot benchmark — node ${process.version}, seed ${seedPath}, JOB_QUEUE=${values['job-queue']}`);
  console.log(`${'measure'.padEnd(width)}  value`);
  console.log(`${'-'.repeat(width)}  -----`);
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  console.log(`(the first app's fake Bot API enforces no limits — "would-be 429s" counts >30 sends in a 1 s window plus sends <1 s apart in one chat; the cold bursts' fake Bot API answers 429 past 30/s)`);
}

await main();
