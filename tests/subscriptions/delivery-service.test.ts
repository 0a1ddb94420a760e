import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegram } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { createSendQueue } from '../../src/infra/send-queue.js';
import { createTelegramChatSender, createTelegramOutbound } from '../../src/bot/telegram-outbound.js';
import type { ChatSender } from '../../src/subscriptions/chat-sender.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import type { DigestEngine, EngineRequest } from '../../src/digest/engine.js';
import { createMemoryDigestCache } from '../../src/digest/memory-cache.js';
import { AppError } from '../../src/errors/app-error.js';
import type { Article } from '../../src/ingest/article.js';
import type { Ingestor } from '../../src/ingest/ingestor.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { FeedItemRecord, FeedRecord, SubscriptionRepository } from '../../src/subscriptions/repositories.js';
import { createDeliveryService, type DeliveryService } from '../../src/subscriptions/delivery-service.js';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api.js';
import { emptyDraft } from '../support/sample-digest.js';

const ARTICLE_TEXT =
  'Presiden Rusia Vladimir Putin dan Presiden Iran Masoud Pezeshkian membahas kerja sama bilateral melalui telepon.\n\n' +
  'Kedua pemimpin sepakat memperkuat hubungan praktis Rusia-Iran, sebut Kremlin dalam pernyataan, Selasa.';

// 2025-05-06 07:00 WIB (Asia/Jakarta is UTC+7, no DST).
const START = Date.parse('2025-05-06T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

const silent = { info() {}, warn() {}, debug() {} };

/** A fake engine behind the real digest service and cache: counts model calls per language. */
function digestStack() {
  const engineCalls: EngineRequest[] = [];
  const reads: string[] = [];
  const engine: DigestEngine = {
    name: 'extractive',
    model: 'fake-1',
    async generate(request) {
      engineCalls.push(request);
      return {
        notes: [],
        draft: {
          ...emptyDraft,
          headline: request.language === 'id' ? 'Putin dan Pezeshkian bahas kerja sama' : 'Putin and Pezeshkian discuss cooperation',
          summary: request.language === 'id' ? 'Kedua presiden membahas kerja sama.' : 'The two presidents discussed cooperation.',
          what: 'A phone call',
        },
      };
    },
  };
  const ingestor: Ingestor = {
    async fromUrl(url) {
      reads.push(url);
      if (url.includes('broken')) throw new AppError('FETCH_FAILED', `${url} is unreachable`);
      const article: Article = { url, title: 'Putin dan Pezeshkian', publisher: 'ANTARA', publishedAt: '2025-05-06', language: 'id', text: ARTICLE_TEXT };
      return article;
    },
    fromHtml: () => {
      throw new Error('not used');
    },
    fromText: () => {
      throw new Error('not used');
    },
  };
  const digestService = createDigestService({ ingestor, engines: { extractive: engine }, defaultEngine: 'extractive', cache: createMemoryDigestCache(), promptVersion: 't1' });
  return { digestService, engineCalls, reads };
}

/** Records sends; `fail` decides per call whether the send throws (and what). */
function fakeTelegram(fail?: (chatId: number, index: number) => unknown) {
  const sent: Array<{ chatId: number; text: string }> = [];
  let calls = 0;
  const telegram: ChatSender = {
    async sendHtml(chatId, text) {
      const error = fail?.(chatId, calls++);
      if (error) throw error;
      sent.push({ chatId, text });
    },
  };
  return { telegram, sent, textsFor: (chatId: number) => sent.filter((s) => s.chatId === chatId).map((s) => s.text) };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface Harness {
  store: Store;
  repo: SubscriptionRepository;
  clock: { t: number };
  dbPath: string;
  service: DeliveryService;
  stack: ReturnType<typeof digestStack>;
  /** A fresh service instance on a reopened database, as after a restart. */
  restart(telegram: ChatSender): Harness;
}

function harness(options: { telegram: ChatSender; presetIds?: number[]; dbPath?: string; clock?: { t: number } }): Harness {
  let dbPath = options.dbPath;
  if (!dbPath) {
    const dir = mkdtempSync(join(tmpdir(), 'kabar-delivery-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    dbPath = join(dir, 'kabar.sqlite');
  }
  const store = openSqliteStore(dbPath, { defaultTimeZone: 'Asia/Jakarta' });
  const clock = options.clock ?? { t: START };
  const stack = digestStack();
  const service = createDeliveryService({
    repo: store.subscriptions,
    digestService: stack.digestService,
    chat: options.telegram,
    now: () => clock.t,
    defaultLanguage: 'en',
    presetFeedIds: async () => options.presetIds ?? [],
    logger: silent,
  });
  cleanups.push(async () => {
    await service.stop();
    await store.close();
  });
  const self: Harness = {
    store,
    repo: store.subscriptions,
    clock,
    dbPath,
    service,
    stack,
    restart: (telegram) => harness({ ...options, telegram, dbPath, clock }),
  };
  return self;
}

let itemCounter = 0;
async function addItem(
  repo: SubscriptionRepository,
  feed: FeedRecord,
  overrides: Partial<Omit<FeedItemRecord, 'id' | 'feedId'>> = {},
): Promise<FeedItemRecord> {
  itemCounter += 1;
  const [item] = await repo.addItems(feed.id, [
    {
      identity: `guid-${itemCounter}`,
      url: `https://news.example/a/${itemCounter}`,
      title: 'Putin and Pezeshkian discuss cooperation by phone',
      summary: 'The presidents of Russia and Iran spoke by phone.',
      publishedAt: null,
      language: 'en',
      storyId: `story-${itemCounter}`,
      firstSeenAt: START,
      ...overrides,
    },
  ]);
  if (!item) throw new Error('item not added');
  return item;
}

async function feedWithChats(repo: SubscriptionRepository, url: string, chatIds: number[], title = 'World News') {
  const feed = await repo.upsertFeed(url, { title, language: 'en' }, 0);
  for (const chatId of chatIds) await repo.subscribe(chatId, feed.id, START);
  return feed;
}

describe('delivery service: instant stories', () => {
  it('digests one item once per language for 1,000 chats and sends each chat its digest', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const chats = Array.from({ length: 1000 }, (_, i) => -1000 - i);
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', chats);
    for (const chatId of chats.slice(0, 400)) await h.repo.updateDeliverySettings(chatId, { language: 'id' });
    const item = await addItem(h.repo, feed);

    await h.service.handleNewItems(feed, [item]);
    await h.service.tick();

    expect(tg.sent).toHaveLength(1000);
    expect(new Set(tg.sent.map((s) => s.chatId)).size).toBe(1000);
    expect(h.stack.engineCalls.map((c) => c.language).sort()).toEqual(['en', 'id']);
    expect(tg.textsFor(-1000)[0]).toContain('Kedua presiden membahas kerja sama.');
    expect(tg.textsFor(-1999)[0]).toContain('The two presidents discussed cooperation.');
    // Delivered means done: the next tick sends nothing.
    await h.service.tick();
    expect(tg.sent).toHaveLength(1000);
  });

  it('gives a chat with topics only the items matching one of them', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-1, -2]);
    await h.repo.addTopic(-1, 'ASEAN', START);
    const iran = await addItem(h.repo, feed, { title: 'Iran and Russia sign energy deal', summary: 'Tehran and Moscow agreed on gas.' });
    const asean = await addItem(h.repo, feed, { title: 'Menlu RI hadiri pertemuan', summary: 'Pertemuan para menteri luar negeri ASEAN di Kuala Lumpur.' });

    await h.service.handleNewItems(feed, [iran, asean]);
    await h.service.tick();

    expect(tg.textsFor(-1)).toHaveLength(1);
    expect(tg.textsFor(-2)).toHaveLength(2);
    const pending = await h.repo.pendingDeliveries(10);
    expect(pending).toEqual([]);
  });

  it('sends preset items to chats that follow topics only, filtered, and not items of other feeds', async () => {
    const tg = fakeTelegram();
    const preset = { id: 0 };
    const h = harness({ telegram: tg.telegram, presetIds: [] });
    const presetFeed = await h.repo.upsertFeed('https://antara.example/world.xml', { title: 'ANTARA World', language: 'en' }, 0);
    preset.id = presetFeed.id;
    const other = await feedWithChats(h.repo, 'https://other.example/rss', [-5]);
    await h.repo.addTopic(-7, 'Iran', START);
    const service = createDeliveryService({
      repo: h.repo,
      digestService: h.stack.digestService,
      chat: tg.telegram,
      now: () => h.clock.t,
      defaultLanguage: 'en',
      presetFeedIds: async () => [presetFeed.id],
      logger: silent,
    });
    const iran = await addItem(h.repo, presetFeed, { title: 'Iran and Russia sign energy deal' });
    const chile = await addItem(h.repo, presetFeed, { title: 'Chile elects a new president', summary: 'Santiago votes.' });
    const otherIran = await addItem(h.repo, other, { title: 'Iran talks in Oman' });

    await service.handleNewItems(presetFeed, [iran, chile]);
    await service.handleNewItems(other, [otherIran]);
    await service.tick();

    expect(tg.textsFor(-7)).toHaveLength(1);
    expect(tg.textsFor(-5)).toHaveLength(1);
  });

  it('skips paused and blocked chats and keeps their subscriptions', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-1, -2, -3]);
    await h.repo.updateDeliverySettings(-1, { paused: true });
    await h.repo.updateDeliverySettings(-2, { blocked: true });

    await h.service.handleNewItems(feed, [await addItem(h.repo, feed)]);
    await h.service.tick();

    expect(tg.sent.map((s) => s.chatId)).toEqual([-3]);
    expect(await h.repo.subscribersOf(feed.id)).toEqual([-3, -2, -1]);
  });

  it('sends the same story from an English and an Indonesian feed once, citing both sources', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const reuters = await feedWithChats(h.repo, 'https://reuters.example/world.xml', [-1], 'Reuters World');
    const antara = await feedWithChats(h.repo, 'https://antaranews.example/dunia.xml', [-1], 'ANTARA Dunia');
    const wire = await feedWithChats(h.repo, 'https://wire.example/rss', [-1], 'Wire');
    const en = await addItem(h.repo, reuters, { storyId: 'putin-iran', url: 'https://reuters.example/putin-iran' });
    const id = await addItem(h.repo, antara, {
      storyId: 'putin-iran',
      url: 'https://antaranews.example/berita/putin-iran',
      title: 'Putin dan Pezeshkian bahas kerja sama lewat telepon',
      language: 'id',
    });

    await h.service.handleNewItems(reuters, [en]);
    await h.service.handleNewItems(antara, [id]);
    await h.service.tick();
    // A third feed reports it after the digest went out: not sent again.
    await h.service.handleNewItems(wire, [await addItem(h.repo, wire, { storyId: 'putin-iran' })]);
    await h.service.tick();

    const texts = tg.textsFor(-1);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('The two presidents discussed cooperation.');
    expect(texts[0]).toContain('<i>Also reported by:</i> <a href="https://antaranews.example/berita/putin-iran">ANTARA Dunia</a>');
    expect(h.stack.engineCalls).toHaveLength(1);
  });

  it('falls back to the feed’s title, summary and link when the article cannot be read, fetching it once', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-1, -2]);
    const item = await addItem(h.repo, feed, { url: 'https://news.example/broken', title: 'Ceasefire talks <resume>' });

    await h.service.handleNewItems(feed, [item]);
    await h.service.tick();

    expect(tg.sent).toHaveLength(2);
    expect(tg.sent[0]?.text).toContain('<a href="https://news.example/broken">Ceasefire talks &lt;resume&gt;</a>');
    expect(tg.sent[0]?.text).toContain('The full article could not be read');
    expect(h.stack.reads).toEqual(['https://news.example/broken']);
  });

  it('holds instant digests during quiet hours and sends them when the quiet hours end', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-1]);
    // 06:00–08:00 WIB; the clock is 07:00 WIB.
    await h.repo.updateDeliverySettings(-1, { quiet: { start: '06:00', end: '08:00' } });

    await h.service.handleNewItems(feed, [await addItem(h.repo, feed)]);
    await h.service.tick();
    expect(tg.sent).toHaveLength(0);

    h.clock.t = START + HOUR + MIN;
    await h.service.tick();
    expect(tg.sent).toHaveLength(1);
  });
});

describe('delivery service: scheduled batches', () => {
  async function dailyChat(h: Harness) {
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-1]);
    await h.repo.updateDeliverySettings(-1, { schedule: { mode: 'slots', slots: ['07:30'] } });
    return feed;
  }

  it('sends one batch at 07:30 WIB with the stories queued since the last one, and only once', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await dailyChat(h);
    await h.service.tick(); // first sight at 07:00: nothing owed yet

    const a = await addItem(h.repo, feed, { title: 'ASEAN ministers meet in Kuala Lumpur' });
    const b = await addItem(h.repo, feed, { title: 'Iran nuclear talks resume in Oman' });
    await h.service.handleNewItems(feed, [a, b]);
    h.clock.t = START + 29 * MIN;
    await h.service.tick();
    expect(tg.sent).toHaveLength(0);

    h.clock.t = START + 31 * MIN;
    await h.service.tick();
    h.clock.t = START + 35 * MIN;
    await h.service.tick();

    expect(tg.sent).toHaveLength(1);
    const text = tg.sent[0]?.text ?? '';
    expect(text).toContain('News digest · 6 May 2025, 07:30');
    expect(text).toContain('ASEAN ministers meet in Kuala Lumpur');
    expect(text).toContain('Iran nuclear talks resume in Oman');
    // Batches are headlines: no model call.
    expect(h.stack.engineCalls).toHaveLength(0);
  });

  it('sends a slot missed while the bot was down once after the restart, never twice', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await dailyChat(h);
    await h.service.tick();
    await h.service.handleNewItems(feed, [await addItem(h.repo, feed, { title: 'ASEAN ministers meet' })]);
    await h.service.stop();

    // Down from 07:00 to 09:00 WIB.
    h.clock.t = START + 2 * HOUR;
    const tg2 = fakeTelegram();
    const second = h.restart(tg2.telegram);
    await second.service.tick();
    await second.service.tick();
    const tg3 = fakeTelegram();
    const third = second.restart(tg3.telegram);
    h.clock.t += MIN;
    await third.service.tick();

    expect(tg.sent).toHaveLength(0);
    expect(tg2.sent).toHaveLength(1);
    expect(tg2.sent[0]?.text).toContain('ASEAN ministers meet');
    expect(tg3.sent).toHaveLength(0);
  });

  it('queues a story for a daily chat instead of sending it at once', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await dailyChat(h);
    const item = await addItem(h.repo, feed);
    await h.service.handleNewItems(feed, [item]);
    await h.service.sendPreview(-1, item);
    await h.service.tick();
    expect(tg.sent).toHaveLength(0);
    expect(await h.repo.takeSlotQueue(-1)).toEqual([item.storyId]);
  });
});

describe('delivery service: outbox', () => {
  it('delivers exactly once when the process dies between "pending" and "sent"', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-1, -2]);
    await h.service.handleNewItems(feed, [await addItem(h.repo, feed)]);
    expect(await h.repo.pendingDeliveries(10)).toHaveLength(2);
    // Crash: the deliveries are written, nothing was sent.
    await h.service.stop();

    const tg2 = fakeTelegram();
    const second = h.restart(tg2.telegram);
    await second.service.tick();
    await second.service.tick();
    const tg3 = fakeTelegram();
    await second.restart(tg3.telegram).service.tick();

    expect(tg.sent).toHaveLength(0);
    expect(tg2.sent.map((s) => s.chatId).sort((a, b) => a - b)).toEqual([-2, -1]);
    expect(tg3.sent).toHaveLength(0);
  });

  it('sends a preview right away, once, and not again from the outbox', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-1]);
    const item = await addItem(h.repo, feed);
    await h.service.sendPreview(-1, item);
    await h.service.sendPreview(-1, item);
    await h.service.tick();
    expect(tg.textsFor(-1)).toHaveLength(1);
    expect(tg.textsFor(-1)[0]).toContain('The two presidents discussed cooperation.');
  });

  it('retries a failed send on the next tick and gives up after the last attempt', async () => {
    const tg = fakeTelegram((chatId) => (chatId === -2 ? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) : undefined));
    const h = harness({ telegram: tg.telegram });
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-1, -2]);
    await h.service.handleNewItems(feed, [await addItem(h.repo, feed)]);
    for (let i = 0; i < 6; i++) await h.service.tick();
    expect(tg.textsFor(-1)).toHaveLength(1);
    expect(await h.repo.pendingDeliveries(10)).toEqual([]);
  });

  it('drops deliveries that went stale while the chat was blocked when it comes back', async () => {
    const tg = fakeTelegram();
    const h = harness({ telegram: tg.telegram });
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-1]);
    await h.service.handleNewItems(feed, [await addItem(h.repo, feed, { title: 'Old news' })]);
    await h.service.chatBlocked(-1);
    await h.service.tick();
    h.clock.t += 25 * HOUR;
    await h.service.chatUnblocked(-1);
    await h.service.handleNewItems(feed, [await addItem(h.repo, feed, { title: 'Fresh news about ASEAN' })]);
    await h.service.tick();
    expect(tg.sent).toHaveLength(1);
    expect(tg.sent[0]?.text).toContain('The two presidents');
    expect(await h.repo.pendingDeliveries(10)).toEqual([]);
  });
});

describe('delivery service against the fake Bot API', () => {
  async function apiHarness() {
    const api: FakeBotApi = await startFakeBotApi();
    cleanups.push(() => api.close());
    const retries: number[] = [];
    const sender = createSendQueue({ onRetry: (info) => retries.push(info.retryAfterSec) });
    cleanups.push(() => sender.stop(1000));
    // The bot's real adapter: telegraf's TelegramError from the fake API's error bodies, through the send queue.
    const client = new Telegram(api.token, { apiRoot: api.apiRoot, webhookReply: false });
    const h = harness({ telegram: createTelegramChatSender(createTelegramOutbound(client, sender)) });
    return { api, h, retries };
  }

  it('marks a chat blocked on 403, keeps the delivery and sends it once the bot is added back', async () => {
    const { api, h } = await apiHarness();
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-100123]);
    await h.service.handleNewItems(feed, [await addItem(h.repo, feed)]);
    api.injectError('sendMessage', { error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' });

    await h.service.tick();
    expect((await h.repo.getDeliverySettings(-100123)).blocked).toBe(true);
    expect(await h.repo.pendingDeliveries(10)).toHaveLength(1);
    expect(await h.repo.subscribersOf(feed.id)).toEqual([-100123]);
    await h.service.tick();
    expect(api.sentTexts(-100123)).toHaveLength(0);

    await h.service.chatUnblocked(-100123);
    await h.service.tick();
    expect(api.sentTexts(-100123)).toHaveLength(1);
    expect(await h.repo.pendingDeliveries(10)).toEqual([]);
  });

  it('waits out a 429 retry_after and delivers the message once', async () => {
    const { api, h, retries } = await apiHarness();
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-100124]);
    await h.service.handleNewItems(feed, [await addItem(h.repo, feed)]);
    api.injectError('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });

    await h.service.tick();

    expect(retries).toEqual([1]);
    expect(api.sentTexts(-100124)).toHaveLength(1);
    expect(await h.repo.pendingDeliveries(10)).toEqual([]);
  });

  it('moves subscriptions to the supergroup on migrate_to_chat_id and delivers there', async () => {
    const { api, h } = await apiHarness();
    const feed = await feedWithChats(h.repo, 'https://news.example/rss', [-555]);
    await h.repo.addTopic(-555, 'Iran', START);
    await h.service.handleNewItems(feed, [await addItem(h.repo, feed, { title: 'Iran and Russia talk' })]);
    api.injectError('sendMessage', {
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -100555 },
    });

    await h.service.tick();

    expect(api.sentTexts(-100555)).toHaveLength(1);
    expect(api.sentTexts(-555)).toHaveLength(0);
    expect(await h.repo.subscribersOf(feed.id)).toEqual([-100555]);
    expect((await h.repo.topicsOf(-100555)).map((t) => t.label)).toEqual(['Iran']);
    expect(await h.repo.pendingDeliveries(10)).toEqual([]);
  });
});
