import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArticleServer, type ArticleServer } from '../support/article-server.js';
import { type BotInstance, createTestSchema, deleteBotLimitKeys, maxPerSecond, randomBotToken, startBotInstance } from '../support/cluster.js';
import { type FakeBotApi, messageUpdate, startFakeBotApi } from '../support/fake-bot-api.js';
import { type FakeOpenAIServer, jsonReply, startFakeOpenAI } from '../support/fake-openai-server.js';
import { emptyDraft } from '../support/sample-digest.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL?.trim();
const REDIS_URL = process.env.TEST_REDIS_URL?.trim();
const enabled = Boolean(DATABASE_URL && REDIS_URL);
if (!enabled) console.log('[kabar] TEST_DATABASE_URL / TEST_REDIS_URL not set: the two-instance webhook test is skipped.');

const CHATS = 50;
const PER_CHAT = 4;
const ARTICLES = 4;
const SENDS = new Set(['sendMessage', 'editMessageText']);
const headline = (n: number) => `Digest of article ${n}`;
const articleFor = (chat: number, round: number) => ((chat + round) % ARTICLES) + 1;

async function waitUntil(check: () => boolean, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

// A slow model spreads the sends out; one that answers at once has both instances' digests ready
// together, the load that once pushed two instances to 34-35 sends in a second (flood 429s).
const MODELS = [
  { model: 'a model that answers after 400 ms', modelDelayMs: 400 },
  { model: 'a model that answers at once', modelDelayMs: 0 },
];

describe.skipIf(!enabled).each(MODELS)('two bot instances behind a load balancer (webhook, PostgreSQL, Redis) with $model', ({ modelDelayMs }) => {
  let botApi: FakeBotApi;
  let model: FakeOpenAIServer;
  let pages: ArticleServer;
  let schema: { url: string; drop(): Promise<void> };
  let a: BotInstance;
  let b: BotInstance;
  const modelCalls = new Map<number, number>();

  beforeAll(async () => {
    botApi = await startFakeBotApi({ token: randomBotToken(), floodLimits: { globalPerSecond: 30 } });
    model = await startFakeOpenAI(async (body) => {
      const text = JSON.stringify(body);
      const n = Number(/ARTICLE-(\d+)/.exec(text)?.[1] ?? 0);
      modelCalls.set(n, (modelCalls.get(n) ?? 0) + 1);
      // 400 ms: concurrent requests for one article overlap across the two instances.
      if (modelDelayMs > 0) await new Promise((done) => setTimeout(done, modelDelayMs));
      return jsonReply({
        ...emptyDraft,
        headline: headline(n),
        summary: `Presidents Putin and Pezeshkian spoke by phone (article ${n}).`,
        who: [{ name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' }],
        what: 'A phone call',
      });
    });
    pages = await startArticleServer();
    schema = await createTestSchema(DATABASE_URL as string, 'cluster');
    const env = {
      DATABASE_URL: schema.url,
      REDIS_URL: REDIS_URL as string,
      OPENAI_API_KEY: 'sk-test-cluster',
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_MAX_RETRIES: '0',
      SUMMARIZER: 'openai',
      FETCH_ALLOW_PRIVATE: '127.0.0.1',
      USER_DIGESTS_PER_HOUR: '0',
      LEASE_MS: '3000',
    };
    // One after the other: the second start finds the schema migrated (both would be safe too).
    a = await startBotInstance('a', botApi, env);
    b = await startBotInstance('b', botApi, env);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([botApi?.close(), model?.close(), pages?.close()]);
    await schema?.drop();
    if (botApi) await deleteBotLimitKeys(REDIS_URL as string, botApi.token);
  }, 60_000);

  it('answers 200 digest requests from 50 chats exactly once each, in order, with one model call per article, within 30 msg/s, and survives losing an instance', async () => {
    const updates: Array<{ chat: number; round: number; update: object }> = [];
    let updateId = 10_000;
    for (let round = 0; round < PER_CHAT; round++) {
      for (let chat = 0; chat < CHATS; chat++) {
        const chatId = 700_000 + chat;
        const update = { update_id: updateId++, ...messageUpdate({ chatId, text: `Please summarize ${pages.url(articleFor(chat, round))}` }) };
        updates.push({ chat, round, update });
      }
    }

    // The load balancer: round-robin while both are up; an update whose POST failed is delivered again
    // (Telegram retries a webhook that did not answer 200).
    let next = 0;
    const post = async (target: () => BotInstance) => {
      for (;;) {
        const item = updates[next++];
        if (!item) return;
        let status = await target().postUpdate(item.update);
        while (status !== 200) {
          status = await a.postUpdate(item.update);
          if (status !== 200) await new Promise((done) => setTimeout(done, 200));
        }
      }
    };
    let bAlive = true;
    const pick = () => (!bAlive || next % 2 === 0 ? a : b);
    const firstHalf = Promise.all(Array.from({ length: 8 }, () => post(pick)));
    await waitUntil(() => next >= updates.length / 2, 60_000, 'half of the updates to be posted');
    // Every article digested once (so the kill tests take-over of sends, not of a model call: a dead
    // holder's digest lease would make the others wait for its expiry, OPENAI_TIMEOUT_MS and more).
    const delivered = (n: number) => botApi.sentMessages().some((message) => message.text.includes(headline(n)));
    await waitUntil(() => Array.from({ length: ARTICLES }, (_, i) => delivered(i + 1)).every(Boolean), 60_000, 'a digest of every article');

    // Kill B mid-run at a point where every call Telegram accepted has been answered (see FakeBotApi.hold).
    botApi.hold();
    // Time for the instance to record what Telegram already answered (a placeholder's id), even on a busy machine.
    await new Promise((done) => setTimeout(done, 1000));
    bAlive = false;
    await b.kill();
    // Let the fake Bot API see the dead instance's connections close before it processes what it held:
    // Telegram never gets a request whose sender died before it was read, and the fake drops those only
    // once their sockets show as closed.
    await new Promise((done) => setTimeout(done, 500));
    botApi.resume();
    await firstHalf;
    await Promise.all(Array.from({ length: 8 }, () => post(() => a)));

    const digestCount = () =>
      botApi.sentMessages().filter((message) => /Digest of article \d+/.test(message.text)).length;
    await waitUntil(() => digestCount() >= CHATS * PER_CHAT, 120_000, () => `${CHATS * PER_CHAT} digests (have ${digestCount()})`);
    await new Promise((done) => setTimeout(done, 1500));

    for (let chat = 0; chat < CHATS; chat++) {
      const chatId = 700_000 + chat;
      const texts = botApi.sentMessages(chatId).map((message) => message.text);
      const expected = Array.from({ length: PER_CHAT }, (_, round) => headline(articleFor(chat, round)));
      // Exactly once each, in request order, and no placeholder left behind by the dead instance.
      expect(texts.map((text) => /Digest of article \d+/.exec(text)?.[0] ?? text)).toEqual(expected);
    }
    expect([...modelCalls.entries()].sort((x, y) => x[0] - y[0])).toEqual(Array.from({ length: ARTICLES }, (_, i) => [i + 1, 1]));
    // Telegram counts every attempt as it arrives, in any sliding second; the fake Bot API answers 429 beyond 30.
    const attempts = botApi.calls.filter((call) => SENDS.has(call.method));
    const floods = attempts.filter((call) => call.errorCode === 429);
    const figures = JSON.stringify({ maxInOneSecond: maxPerSecond(attempts.map((call) => call.at)), flood429: floods.length });
    expect(maxPerSecond(attempts.map((call) => call.at)), figures).toBeLessThanOrEqual(30);
    expect(floods.length, figures).toBe(0);
    expect(a.output()).not.toMatch(/"level":(50|60)/);
  }, 240_000);
});
