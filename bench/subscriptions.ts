/**
 * Subscription delivery benchmark (figures, not a test):
 * `npx tsx bench/subscriptions.ts [seed.txt] [--groups 1000]`.
 *
 * N groups follow one feed (SQLite in a temp file); one new item arrives, pointing at the seed
 * article served as HTML from 127.0.0.1. The real digest service (real ingestor and safe fetcher,
 * SQLite digest cache) runs a fake model engine that counts its calls; the real send queue (30/s
 * global, 20/min per group) sends through telegraf to the fake Bot API. Half the groups read
 * Indonesian, half English, so the model must run exactly twice. The fake does not enforce flood
 * limits, so they are checked from the recorded send times (where a real server would answer 429).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Telegram } from 'telegraf';
import { createSendQueue } from '../src/infra/send-queue.js';
import { createDigestService } from '../src/digest/digest-service.js';
import type { DigestEngine } from '../src/digest/engine.js';
import type { Language } from '../src/digest/schema.js';
import { createIngestor } from '../src/ingest/article-reader.js';
import { createSafeFetcher } from '../src/ingest/safe-fetch.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { createDeliveryService } from '../src/subscriptions/delivery-service.js';
import { createTelegramChatSender, createTelegramOutbound } from '../src/bot/telegram-outbound.js';
import { startFakeBotApi } from '../tests/support/fake-bot-api.js';
import { emptyDraft } from '../tests/support/sample-digest.js';

const DEFAULT_SEED = resolve(import.meta.dirname, '../../shared/fixtures/seed/antara-putin-pezeshkian-id.txt');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { groups: { type: 'string', default: '1000' } } });
const GROUPS = Number(values.groups);
const seedPath = positionals[0] ?? DEFAULT_SEED;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Memory: sampled while the benchmark runs.
let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
sample();
const sampler = setInterval(sample, 100);

// The article page.
const text = readFileSync(seedPath, 'utf8');
const [title = 'Article', ...paragraphs] = text.split(/\n+/).map((line) => line.trim()).filter(Boolean);
const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escape(title.slice(0, 120))}</title></head><body><article><h1>${escape(
  title.slice(0, 120),
)}</h1>${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('')}</article></body></html>`;
let pageHits = 0;
const pageServer = createServer((_req, res) => {
  pageHits += 1;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
});
await new Promise<void>((done) => pageServer.listen(0, '127.0.0.1', done));
const articleUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/berita/putin-pezeshkian`;

// A fake model: counts calls per language, answers with the article's own first sentences.
const modelCalls: Record<Language, number> = { en: 0, id: 0 };
const engine: DigestEngine = {
  name: 'openai',
  model: 'fake-model',
  async generate({ article, language }) {
    modelCalls[language] += 1;
    await new Promise((done) => setTimeout(done, 300)); // a model round trip
    const lead = article.text.split(/(?<=[.!?])\s+/).slice(0, 2).join(' ');
    return {
      notes: [],
      draft: {
        ...emptyDraft,
        headline: article.title ?? 'Digest',
        summary: lead,
        what: language === 'id' ? 'Pembicaraan telepon' : 'Phone call',
      },
    };
  },
};

const dir = mkdtempSync(join(tmpdir(), 'kabar-bench-subs-'));
const store = openSqliteStore(join(dir, 'kabar.sqlite'), { defaultTimeZone: 'Asia/Jakarta' });
const api = await startFakeBotApi();
const retries: number[] = [];
const sender = createSendQueue({ onRetry: (info) => retries.push(info.retryAfterSec) });
const digestService = createDigestService({
  ingestor: createIngestor({ fetcher: createSafeFetcher({ timeoutMs: 10_000, maxBytes: 5_000_000, allowPrivate: ['127.0.0.1'] }) }),
  engines: {
    extractive: { ...engine, name: 'extractive', generate: () => Promise.reject(new Error('extractive engine not expected')) },
    openai: engine,
  },
  defaultEngine: 'auto',
  cache: store.digestCache,
  promptVersion: 'bench',
});
const repo = store.subscriptions;
const delivery = createDeliveryService({
  repo,
  digestService,
  chat: createTelegramChatSender(createTelegramOutbound(new Telegram(api.token, { apiRoot: api.apiRoot, webhookReply: false }), sender)),
  now: Date.now,
  defaultLanguage: 'en',
  presetFeedIds: async () => [],
  logger: { info() {}, warn: (obj: unknown, msg?: unknown) => console.warn(msg, obj), debug() {} },
});

// Setup: N groups, half of them in Indonesian.
const setupStarted = performance.now();
const feed = await repo.upsertFeed('https://www.antaranews.example/rss/world.xml', { title: 'ANTARA News — World', language: 'id' }, 0);
const groups = Array.from({ length: GROUPS }, (_, i) => -1001000000000 - i);
for (const [i, chatId] of groups.entries()) {
  await repo.subscribe(chatId, feed.id, Date.now());
  await repo.updateDeliverySettings(chatId, { language: i % 2 === 0 ? 'id' : 'en' });
}
const setupMs = performance.now() - setupStarted;

// One new item → route → send everything.
const [item] = await repo.addItems(feed.id, [
  {
    identity: 'bench-item-1',
    url: articleUrl,
    title: title.slice(0, 120),
    summary: paragraphs[0] ?? null,
    publishedAt: new Date().toISOString(),
    language: 'id',
    storyId: 'bench-story-1',
    firstSeenAt: Date.now(),
  },
]);
if (!item) throw new Error('item not stored');
const started = performance.now();
await delivery.handleNewItems(feed, [item]);
const routedMs = performance.now() - started;
while ((await repo.pendingDeliveries(1)).length > 0) await delivery.tick();
const totalSec = (performance.now() - started) / 1000;
sample();

// Flood checks from the recorded calls.
const sends = api.calls.filter((call) => call.method === 'sendMessage');
const okTimes = sends.filter((call) => call.ok !== false).map((call) => call.at).sort((a, b) => a - b);
let maxInSecond = 0;
for (let i = 0, j = 0; i < okTimes.length; i++) {
  while ((okTimes[i] as number) - (okTimes[j] as number) >= 1000) j++;
  maxInSecond = Math.max(maxInSecond, i - j + 1);
}
const perChat = new Map<number, number>();
for (const call of sends) perChat.set(Number(call.payload.chat_id), (perChat.get(Number(call.payload.chat_id)) ?? 0) + 1);
const rejected = sends.filter((call) => call.ok === false).length;
const floorSec = GROUPS / 30;

console.log(`subscriptions: ${GROUPS} groups following one feed, one new item (seed: ${seedPath})`);
console.log(`  setup (subscribe + settings)   ${(setupMs / 1000).toFixed(2)} s`);
console.log(`  routing (handleNewItems)       ${routedMs.toFixed(0)} ms`);
console.log(`  model calls per language       en ${modelCalls.en}, id ${modelCalls.id} (must be 1 each)`);
console.log(`  article fetches                ${pageHits}`);
console.log(`  messages delivered             ${api.sentTexts().length} to ${perChat.size} groups (max ${Math.max(...perChat.values())} per group)`);
console.log(`  pending after run              ${(await repo.pendingDeliveries(10)).length}`);
console.log(`  time to deliver all            ${totalSec.toFixed(2)} s (floor at 30 msg/s: ${floorSec.toFixed(1)} s; ${(okTimes.length / totalSec).toFixed(1)} msg/s)`);
console.log(`  most sends in any 1 s          ${maxInSecond} (Telegram: ~30)`);
console.log(`  429s seen                      ${rejected} rejected by the API, ${retries.length} retries by the send queue`);
console.log(`  peak RSS / heap used           ${(peakRss / 2 ** 20).toFixed(0)} MB / ${(peakHeap / 2 ** 20).toFixed(0)} MB`);

clearInterval(sampler);
await delivery.stop();
await sender.stop(1000);
await api.close();
await new Promise((done) => pageServer.close(done));
await store.close();
rmSync(dir, { recursive: true, force: true });
