/**
 * Throughput and latency of 1 vs 2 bot instances in webhook mode sharing PostgreSQL and Redis
 * (issue 5). Everything runs on 127.0.0.1: a fake Bot API enforcing Telegram's 30 msg/s, a page
 * server, and bot processes started from src/main.ts exactly as in production.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test TEST_REDIS_URL=redis://127.0.0.1:6379 npm run bench:cluster
 *   options: --chats 200 (one request each, each a distinct article) --instances 1,2 --no-kill
 */
import { parseArgs } from 'node:util';
import { startArticleServer } from '../tests/support/article-server.js';
import { type BotInstance, createTestSchema, deleteBotLimitKeys, maxPerSecond, randomBotToken, startBotInstance } from '../tests/support/cluster.js';
import { messageUpdate, startFakeBotApi } from '../tests/support/fake-bot-api.js';

const { values } = parseArgs({
  options: {
    chats: { type: 'string', default: '200' },
    instances: { type: 'string', default: '1,2' },
    /** Also run 2 instances and SIGKILL one when half the updates are posted (LEASE_MS=5000). */
    kill: { type: 'boolean', default: true },
  },
});
const CHATS = Number(values.chats);
const INSTANCE_COUNTS = values.instances.split(',').map(Number);
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SENDS = new Set(['sendMessage', 'editMessageText']);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

async function run(instanceCount: number, killOne = false) {
  const botApi = await startFakeBotApi({ token: randomBotToken(), floodLimits: { globalPerSecond: 30 } });
  const pages = await startArticleServer();
  const schema = await createTestSchema(DATABASE_URL, 'bench');
  const env = {
    DATABASE_URL: schema.url,
    REDIS_URL,
    SUMMARIZER: 'extractive',
    FETCH_ALLOW_PRIVATE: '127.0.0.1',
    USER_DIGESTS_PER_HOUR: '0',
    LOG_LEVEL: 'error',
    LEASE_MS: '5000',
  };
  const instances: BotInstance[] = [];
  try {
    for (let i = 0; i < instanceCount; i++) instances.push(await startBotInstance(`bench-${i}`, botApi, env));
    const postedAt = new Map<number, number>();
    const start = Date.now();
    let next = 0;
    let alive = instances.slice();
    const poster = async () => {
      for (;;) {
        const n = next++;
        if (n >= CHATS) return;
        const chatId = 800_000 + n;
        postedAt.set(chatId, Date.now());
        const update = { update_id: 50_000 + n, ...messageUpdate({ chatId, text: `summary please ${pages.url(n + 1)}` }) };
        // The load balancer: round-robin over live instances; a failed POST is delivered again (Telegram retries).
        for (let attempt = 0; ; attempt++) {
          const instance = alive[(n + attempt) % alive.length] as BotInstance;
          if ((await instance.postUpdate(update)) === 200) break;
          if (attempt > 20) throw new Error('webhook keeps failing');
        }
        if (killOne && n === Math.floor(CHATS / 2) && alive.length > 1) {
          const victim = alive[1] as BotInstance;
          alive = [alive[0] as BotInstance];
          await victim.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, poster));
    const answeredAt = new Map<number, number>();
    const deadline = Date.now() + 10 * 60_000;
    while (answeredAt.size < CHATS && Date.now() < deadline) {
      for (const call of botApi.calls) {
        if (call.ok !== true || !SENDS.has(call.method)) continue;
        const chatId = Number(call.payload.chat_id);
        if (!String(call.payload.text).includes('ARTICLE-')) continue;
        if (answeredAt.has(chatId)) continue;
        answeredAt.set(chatId, call.at);
      }
      await new Promise((done) => setTimeout(done, 50));
    }
    const wall = (Math.max(...answeredAt.values()) - start) / 1000;
    const latencies = [...answeredAt.entries()].map(([chatId, at]) => at - (postedAt.get(chatId) as number)).sort((x, y) => x - y);
    const sends = botApi.calls.filter((call) => SENDS.has(call.method));
    // Placeholders edited into digests count as one; a digest sent as a new message twice is a duplicate.
    const placeholders = new Map<number, number>();
    for (const message of botApi.sentMessages()) {
      if (message.text.includes('ARTICLE-')) placeholders.set(message.chatId, (placeholders.get(message.chatId) ?? 0) + 1);
    }
    return {
      instances: killOne ? `${instanceCount}, one killed at half` : String(instanceCount),
      duplicateDigests: [...placeholders.values()].filter((count) => count > 1).length,
      digests: answeredAt.size,
      wallSeconds: Number(wall.toFixed(2)),
      digestsPerSecond: Number((answeredAt.size / wall).toFixed(1)),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      messages: sends.filter((call) => call.ok === true).length,
      maxMessagesInOneSecond: maxPerSecond(sends.filter((call) => call.ok === true).map((call) => call.at)),
      // Every attempt, 429s included, by arrival at the fake Bot API: what Telegram counts.
      maxAttemptsInOneSecond: maxPerSecond(sends.map((call) => call.at)),
      flood429: sends.filter((call) => call.ok === false).length,
      articleFetches: [...pages.hits.values()].reduce((x, y) => x + y, 0),
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await botApi.close();
    await pages.close();
    await schema.drop();
    await deleteBotLimitKeys(REDIS_URL, botApi.token);
  }
}

const results = [];
for (const count of INSTANCE_COUNTS) {
  const result = await run(count);
  results.push(result);
  console.log(JSON.stringify(result));
}
if (values.kill) {
  const result = await run(2, true);
  results.push(result);
  console.log(JSON.stringify(result));
}
console.log(`\n${CHATS} chats, each asking for a different article (extractive engine: fetch + extract + summarize), webhook mode, PostgreSQL + Redis`);
console.log('instances | answered | duplicates | wall s | digests/s | p50 ms | p99 ms | messages | max msg/s | max sends/s (429s too) | 429s');
for (const r of results) {
  console.log(
    `${r.instances} | ${r.digests}/${CHATS} | ${r.duplicateDigests} | ${r.wallSeconds} | ${r.digestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.messages} | ${r.maxMessagesInOneSecond} | ${r.maxAttemptsInOneSecond} | ${r.flood429}`,
  );
}
