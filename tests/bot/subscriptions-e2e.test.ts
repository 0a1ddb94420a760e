import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/create-bot.js';
import type { SubscriptionDeps } from '../../src/bot/commands/subscription-target.js';
import { createQuota } from '../../src/bot/quota.js';
import { createSendQueue } from '../../src/infra/send-queue.js';
import type { DigestService } from '../../src/digest/digest-service.js';
import { AppError } from '../../src/errors/app-error.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { FeedItemRecord, FeedRecord, SubscriptionRepository } from '../../src/subscriptions/repositories.js';
import type { Preset } from '../../src/subscriptions/presets.js';
import { createFeedFetcher } from '../../src/subscriptions/feed-fetcher.js';
import { createFeedService } from '../../src/subscriptions/feed-service.js';
import { callbackUpdate, type FakeBotApi, messageUpdate, parseTelegramHtml, startFakeBotApi, testUsers } from '../support/fake-bot-api.js';
import { launchForTest } from '../support/launch-bot.js';

const GROUP = -100555;
const CHANNEL = -100999;
const FEED_URL = 'https://news.example/rss.xml';
const PRESETS: Preset[] = [{ id: 'antara-en-world', name: 'ANTARA English — World', url: 'https://en.antaranews.example/rss/world.xml', language: 'en' }];

// The real SQLite subscription repository, from the same store the bot uses.
function repoOf(store: Store, _path?: string): SubscriptionRepository {
  return store.subscriptions;
}

// ---------------------------------------------------------------------------------------------
// Feed and delivery services as the bot sees them: the feed service validates, the delivery
// service sends the preview through the Bot API.

function fakeFeeds(repo: SubscriptionRepository) {
  const resolved: string[] = [];
  return {
    resolved,
    async resolveAndAdd(url: string) {
      resolved.push(url);
      if (url.includes('not-a-feed')) throw new AppError('UNSUPPORTED_CONTENT_TYPE', 'not a feed');
      if (url.includes('unreachable')) throw new AppError('FETCH_FAILED', 'connection refused');
      const feed = await repo.upsertFeed(url, { title: url === FEED_URL ? 'Example World News' : `Feed ${url}`, language: 'en' }, 0);
      const newest: FeedItemRecord = { id: 1, feedId: feed.id, identity: 'item-1', url: 'https://news.example/a/1', title: 'Leaders meet in Jakarta', summary: null, publishedAt: null, language: 'en', storyId: 's1', firstSeenAt: 0 };
      return { feed, newest };
    },
  };
}

function fakeDelivery(repo: SubscriptionRepository, api: FakeBotApi) {
  const previews: Array<{ chatId: number; item: FeedItemRecord }> = [];
  return {
    previews,
    async sendPreview(chatId: number, item: FeedItemRecord) {
      previews.push({ chatId, item });
      await fetch(`${api.apiRoot}/bot${api.token}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: chatId, text: `PREVIEW ${item.title}` }),
      });
    },
    chatBlocked: (chatId: number) => repo.updateDeliverySettings(chatId, { blocked: true }),
    chatUnblocked: (chatId: number) => repo.updateDeliverySettings(chatId, { blocked: false }),
  };
}

// ---------------------------------------------------------------------------------------------
// Harness: the real createBot + telegraf polling against the fake Bot API.

interface Running {
  api: FakeBotApi;
  repo: SubscriptionRepository;
  feeds: ReturnType<typeof fakeFeeds>;
  delivery: ReturnType<typeof fakeDelivery>;
  stop(): Promise<void>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startBot(
  options: { api?: FakeBotApi; dbPath?: string; limits?: SubscriptionDeps['limits']; feeds?: (repo: SubscriptionRepository) => SubscriptionDeps['feeds'] } = {},
): Promise<Running> {
  const api = options.api ?? (await startFakeBotApi());
  if (!options.api) cleanups.push(() => api.close());
  const dbPath = options.dbPath ?? ':memory:';
  const store = openSqliteStore(dbPath);
  const repo = repoOf(store, dbPath);
  const sender = createSendQueue({ privateMinGapMs: 10, groupMinGapMs: 10 });
  const feeds = fakeFeeds(repo);
  const delivery = fakeDelivery(repo, api);
  const noLogger = { info() {}, warn() {}, error() {}, debug() {} };
  const service: DigestService = {
    digest: () => Promise.reject(new Error('not used')),
    peek: async () => undefined,
    read: () => Promise.reject(new Error('not used')),
  };
  const { bot, idle } = createBot({
    token: api.token,
    apiRoot: api.apiRoot,
    digestService: service,
    store,
    sender,
    quota: createQuota({ repo: store.quota, limitPerHour: 100, now: () => Date.now() }),
    defaultLanguage: 'en',
    logger: noLogger,
    botUsername: api.botUsername,
    subscriptions: { repo, feeds: options.feeds?.(repo) ?? feeds, delivery, presets: PRESETS, limits: options.limits ?? { feedsPerChat: 20, topicsPerChat: 20 } },
  });
  const stopPolling = launchForTest(bot);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopPolling();
    await idle(5000);
    await sender.stop(1000);
    await store.close();
  };
  cleanups.push(stop);
  return { api, repo, feeds, delivery, stop };
}

/** Pushes the update, then a private /help marker; once the marker is answered the update was handled. */
async function settle(running: Running, update: object): Promise<void> {
  running.api.pushUpdate(update);
  const marker = messageUpdate({ chatId: 9999, text: '/help' });
  running.api.pushUpdate(marker);
  await running.api.waitFor('sendMessage', (p) => p.chat_id === 9999 && p.reply_parameters?.message_id === marker.message.message_id);
}

/** Sends a command and returns the bot's reply text to it. */
async function command(running: Running, chatId: number, text: string, from = testUsers.admin): Promise<string> {
  const update = messageUpdate({ chatId, text, from });
  const after = running.api.calls.length;
  running.api.pushUpdate(update);
  const reply = await running.api.waitFor('sendMessage', (p) => p.chat_id === chatId && p.reply_parameters?.message_id === update.message.message_id, 10_000, after);
  return reply.payload.text as string;
}

// ---------------------------------------------------------------------------------------------

describe('subscribing a group', () => {
  it('subscribes a group when an admin asks, then sends the newest item as a preview after the confirmation', async () => {
    const running = await startBot();
    running.api.setChatMemberStatus(GROUP, testUsers.admin.id, 'administrator');
    const reply = await command(running, GROUP, `/subscribe ${FEED_URL}`);
    expect(reply).toBe('Subscribed to <b>Example World News</b>. Here is the latest item as a preview:');
    await running.api.waitFor('sendMessage', (p) => p.chat_id === GROUP && p.text === 'PREVIEW Leaders meet in Jakarta');
    expect(running.api.sentTexts(GROUP)).toEqual([reply, 'PREVIEW Leaders meet in Jakarta']);
    expect((await running.repo.feedsOf(GROUP)).map((f) => f.url)).toEqual([FEED_URL]);
  });

  it('refuses a group member who is not an admin and saves nothing', async () => {
    const running = await startBot();
    const reply = await command(running, GROUP, `/subscribe ${FEED_URL}`, testUsers.alice);
    expect(reply).toBe('Only group admins can change subscriptions.');
    expect(running.feeds.resolved).toEqual([]);
    expect(await running.repo.feedsOf(GROUP)).toEqual([]);
  });

  it('accepts an anonymous admin posting as the group', async () => {
    const running = await startBot();
    const update = messageUpdate({ chatId: GROUP, text: '/subscribe antara-en-world', from: testUsers.groupAnonymousBot, senderChat: { id: GROUP, type: 'supergroup', title: 'Test group' } });
    running.api.pushUpdate(update);
    const reply = await running.api.waitFor('sendMessage', (p) => p.chat_id === GROUP && p.reply_parameters?.message_id === update.message.message_id);
    expect(reply.payload.text).toContain('Subscribed to');
    expect(running.feeds.resolved).toEqual([PRESETS[0]?.url]);
  });

  it('explains a link that is not a feed and one that cannot be reached, saving nothing', async () => {
    const running = await startBot();
    expect(await command(running, testUsers.alice.id, '/subscribe https://news.example/not-a-feed', testUsers.alice)).toMatch(/^That link is not a news feed/);
    expect(await command(running, testUsers.alice.id, '/subscribe https://unreachable.example/rss', testUsers.alice)).not.toMatch(/Subscribed/);
    expect(await running.repo.feedsOf(testUsers.alice.id)).toEqual([]);
  });

  it('answers in Indonesian to an Indonesian user and names an unknown source', async () => {
    const running = await startBot();
    const reply = await command(running, testUsers.budi.id, '/subscribe kompas-dunia', testUsers.budi);
    expect(reply).toContain('Saya tidak mengenal sumber bernama <code>kompas-dunia</code>');
  });

  it('refuses a feed past the per-chat limit with a clear message', async () => {
    const running = await startBot({ limits: { feedsPerChat: 1, topicsPerChat: 1 } });
    const chat = testUsers.alice.id;
    await command(running, chat, `/subscribe ${FEED_URL}`, testUsers.alice);
    expect(await command(running, chat, '/subscribe https://other.example/feed', testUsers.alice)).toBe(
      'This chat already follows 1 feeds, the most allowed. Remove one with /unsubscribe first.',
    );
    await command(running, chat, '/subscribe topic Iran', testUsers.alice);
    expect(await command(running, chat, '/subscribe topic ASEAN', testUsers.alice)).toMatch(/already watches 1 topics/);
  });
});

describe('topics and the subscription list', () => {
  it('adds a topic, lists it with a remove button, and removes it when the button is pressed', async () => {
    const running = await startBot();
    const chat = testUsers.alice.id;
    expect(await command(running, chat, '/subscribe topic Menlu Sugiono', testUsers.alice)).toMatch(/^Watching <b>Menlu Sugiono<\/b>/);
    expect(await command(running, chat, '/subscribe topic a<b', testUsers.alice)).toMatch(/not <code>&lt;<\/code>/);
    await command(running, chat, `/subscribe ${FEED_URL}`, testUsers.alice);

    const listUpdate = messageUpdate({ chatId: chat, text: '/subscriptions', from: testUsers.alice });
    running.api.pushUpdate(listUpdate);
    const list = await running.api.waitFor('sendMessage', (p) => p.chat_id === chat && p.reply_parameters?.message_id === listUpdate.message.message_id);
    expect(list.payload.text).toContain('1. <a href="https://news.example/rss.xml">Example World News</a>');
    expect(list.payload.text).toContain('2. Menlu Sugiono');
    const buttons = list.payload.reply_markup.inline_keyboard.flat();
    expect(buttons.map((b: { text: string }) => b.text)).toEqual(['✖ 1', '✖ 2']);

    const listMessage = running.api.sentMessages(chat).find((m) => m.text === list.payload.text);
    const topicId = (await running.repo.topicsOf(chat))[0]?.id;
    expect(buttons[1].callback_data).toBe(`unsub:t:${topicId}`);
    const after = running.api.calls.length;
    running.api.pushUpdate(callbackUpdate({ from: testUsers.alice, message: { chatId: chat, messageId: listMessage?.messageId ?? 0 }, data: buttons[1].callback_data }));
    const answer = await running.api.waitFor('answerCallbackQuery', () => true, 10_000, after);
    expect(answer.payload.text).toBe('Removed.');
    expect(await running.repo.topicsOf(chat)).toEqual([]);
    const edit = await running.api.waitFor('editMessageText', (p) => p.chat_id === chat, 10_000, after);
    expect(edit.payload.text).not.toContain('Menlu Sugiono');
  });

  it('does not let a group member remove a subscription with the button', async () => {
    const running = await startBot();
    running.api.setChatMemberStatus(GROUP, testUsers.admin.id, 'administrator');
    await command(running, GROUP, '/subscribe topic Iran');
    const topicId = (await running.repo.topicsOf(GROUP))[0]?.id;
    const after = running.api.calls.length;
    running.api.pushUpdate(callbackUpdate({ from: testUsers.alice, message: { chatId: GROUP, messageId: 1 }, data: `unsub:t:${topicId}` }));
    const answer = await running.api.waitFor('answerCallbackQuery', () => true, 10_000, after);
    expect(answer.payload.text).toBe('Only group admins can change subscriptions.');
    expect(await running.repo.topicsOf(GROUP)).toHaveLength(1);
  });

  it('unsubscribes by number, by link and all at once', async () => {
    const running = await startBot();
    const chat = testUsers.alice.id;
    await command(running, chat, `/subscribe ${FEED_URL}`, testUsers.alice);
    await command(running, chat, '/subscribe antara-en-world', testUsers.alice);
    await command(running, chat, '/subscribe topic nuclear', testUsers.alice);
    expect(await command(running, chat, `/unsubscribe ${FEED_URL}/`, testUsers.alice)).toBe('Unsubscribed from <b>Example World News</b>.');
    expect(await command(running, chat, '/unsubscribe 2', testUsers.alice)).toBe('Unsubscribed from <b>nuclear</b>.');
    expect(await command(running, chat, '/unsubscribe 7', testUsers.alice)).toMatch(/has no subscription 7/);
    expect(await command(running, chat, '/unsubscribe all', testUsers.alice)).toBe('Removed all 1 subscriptions of this chat.');
    expect(await command(running, chat, '/subscriptions', testUsers.alice)).toMatch(/no subscriptions yet/);
  });

  it('lists the curated sources with id, name and language', async () => {
    const running = await startBot();
    expect(await command(running, testUsers.budi.id, '/sources', testUsers.budi)).toContain('<code>antara-en-world</code> — ANTARA English — World (Inggris)');
  });
});

describe('schedule settings', () => {
  it('persists schedule, time zone, quiet hours and pause across a restart on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kabar-subs-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'bot.sqlite');
    const api = await startFakeBotApi();
    cleanups.push(() => api.close());
    const first = await startBot({ api, dbPath });
    const chat = testUsers.alice.id;
    expect(await command(first, chat, '/schedule daily 7.30', testUsers.alice)).toBe('Delivery: Daily at 07:30 (Asia/Jakarta).');
    expect(await command(first, chat, '/timezone WITA', testUsers.alice)).toBe('Time zone: Asia/Makassar. Delivery: Daily at 07:30 (Asia/Makassar).');
    expect(await command(first, chat, '/quiet 22:00-06:00', testUsers.alice)).toMatch(/^Quiet hours: 22:00–06:00 \(Asia\/Makassar\)/);
    expect(await command(first, chat, '/pause', testUsers.alice)).toMatch(/^Paused/);
    expect(await command(first, chat, '/timezone Mars/Olympus', testUsers.alice)).toMatch(/is not a time zone I know/);
    expect(await command(first, chat, '/schedule 25:00', testUsers.alice)).toMatch(/^Use <code>\/schedule instant<\/code>/);
    await first.stop();

    const second = await startBot({ api, dbPath });
    expect(await second.repo.getDeliverySettings(chat)).toMatchObject({
      schedule: { mode: 'slots', slots: ['07:30'] },
      timeZone: 'Asia/Makassar',
      quiet: { start: '22:00', end: '06:00' },
      paused: true,
    });
    expect(await command(second, chat, '/schedule', testUsers.alice)).toMatch(/^Delivery: Daily at 07:30 \(Asia\/Makassar\)/);
    expect(await command(second, chat, '/resume', testUsers.alice)).toMatch(/^Resumed/);
    expect(await command(second, chat, '/schedule 07:30 19:00', testUsers.alice)).toBe('Delivery: Daily at 07:30 and 19:00 (Asia/Makassar).');
    expect((await second.repo.getDeliverySettings(chat)).paused).toBe(false);
  });

  it('lets anyone see the schedule in a group but only admins change it', async () => {
    const running = await startBot();
    expect(await command(running, GROUP, '/schedule', testUsers.alice)).toMatch(/^Delivery: Instant/);
    expect(await command(running, GROUP, '/schedule instant', testUsers.alice)).toBe('Only group admins can change subscriptions.');
    expect(await command(running, GROUP, '/pause', testUsers.alice)).toBe('Only group admins can change subscriptions.');
    expect((await running.repo.getDeliverySettings(GROUP)).paused).toBe(false);
  });
});

describe('chat membership and migration', () => {
  const memberUpdate = (chatId: number, status: string) => ({
    my_chat_member: {
      chat: { id: chatId, type: 'supergroup', title: 'Test group' },
      from: testUsers.admin,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: status === 'kicked' ? 'member' : 'kicked', user: { id: 123456789, is_bot: true, first_name: 'Kabar' } },
      new_chat_member: { status, user: { id: 123456789, is_bot: true, first_name: 'Kabar' } },
    },
  });

  it('marks the chat blocked when the bot is kicked, keeps its subscriptions, and unblocks it when re-added', async () => {
    const running = await startBot();
    running.api.setChatMemberStatus(GROUP, testUsers.admin.id, 'administrator');
    await command(running, GROUP, `/subscribe ${FEED_URL}`);
    await settle(running, memberUpdate(GROUP, 'kicked'));
    expect((await running.repo.getDeliverySettings(GROUP)).blocked).toBe(true);
    expect(await running.repo.feedsOf(GROUP)).toHaveLength(1);
    await settle(running, memberUpdate(GROUP, 'member'));
    expect((await running.repo.getDeliverySettings(GROUP)).blocked).toBe(false);
  });

  it('moves subscriptions and settings to the supergroup when a group migrates', async () => {
    const running = await startBot();
    const OLD = -4242;
    const NEW = -1004242;
    const update = messageUpdate({ chatId: OLD, chatType: 'group', text: `/subscribe ${FEED_URL}`, from: testUsers.admin });
    running.api.setChatMemberStatus(OLD, testUsers.admin.id, 'creator');
    running.api.pushUpdate(update);
    await running.api.waitFor('sendMessage', (p) => p.chat_id === OLD && p.reply_parameters?.message_id === update.message.message_id);
    await command(running, OLD, '/subscribe topic ASEAN');
    await settle(running, messageUpdate({ chatId: OLD, chatType: 'group', extra: { migrate_to_chat_id: NEW } }));
    expect((await running.repo.feedsOf(NEW)).map((f) => f.url)).toEqual([FEED_URL]);
    expect((await running.repo.topicsOf(NEW)).map((t) => t.label)).toEqual(['ASEAN']);
    expect(await running.repo.feedsOf(OLD)).toEqual([]);
  });
});

describe('linking a channel from a private chat', () => {
  it('subscribes the channel when the user and the bot are its admins, and posts the preview there', async () => {
    const running = await startBot();
    running.api.addChat({ id: CHANNEL, type: 'channel', title: 'Desk news', username: 'desknews' });
    running.api.setChatMemberStatus(CHANNEL, testUsers.alice.id, 'administrator');
    running.api.setChatMemberStatus(CHANNEL, 123456789, 'administrator', { can_post_messages: true });
    const reply = await command(running, testUsers.alice.id, `/subscribe @desknews ${FEED_URL}`, testUsers.alice);
    expect(reply).toBe('@desknews is now subscribed to <b>Example World News</b>. I posted the latest item there as a preview.');
    await running.api.waitFor('sendMessage', (p) => p.chat_id === CHANNEL && p.text === 'PREVIEW Leaders meet in Jakarta');
    expect((await running.repo.feedsOf(CHANNEL)).map((f) => f.url)).toEqual([FEED_URL]);
    expect(await running.repo.feedsOf(testUsers.alice.id)).toEqual([]);
    expect(await command(running, testUsers.alice.id, '/schedule @desknews daily 06:00', testUsers.alice)).toBe('Delivery: Daily at 06:00 (Asia/Jakarta).');
  });

  it('refuses when the user is not an admin of the channel, or the bot cannot post there', async () => {
    const running = await startBot();
    running.api.addChat({ id: CHANNEL, type: 'channel', title: 'Desk news', username: 'desknews' });
    expect(await command(running, testUsers.alice.id, `/subscribe @desknews ${FEED_URL}`, testUsers.alice)).toBe('Only admins of @desknews can change its subscriptions.');
    running.api.setChatMemberStatus(CHANNEL, testUsers.alice.id, 'creator');
    running.api.setChatMemberStatus(CHANNEL, 123456789, 'administrator', { can_post_messages: false });
    expect(await command(running, testUsers.alice.id, `/subscribe @desknews ${FEED_URL}`, testUsers.alice)).toMatch(/^I need to be an admin of @desknews/);
    expect(await command(running, testUsers.alice.id, `/subscribe @nosuchchannel ${FEED_URL}`, testUsers.alice)).toMatch(/^I can't find @nosuchchannel/);
    expect(running.feeds.resolved).toEqual([]);
  });

  it('asks for a private chat when a channel is linked from a group', async () => {
    const running = await startBot();
    running.api.setChatMemberStatus(GROUP, testUsers.admin.id, 'administrator');
    expect(await command(running, GROUP, `/subscribe @desknews ${FEED_URL}`)).toBe('To link a channel, send this command to me in a private chat.');
  });
});

// ---------------------------------------------------------------------------------------------
// Feed- and page-controlled text of any length must not make a reply too long to send.

/** An invented title of about `chars` characters, with characters that need escaping. */
const longTitle = (chars: number, word = 'Harbour') => `${`${word} & <Ministers> talks `.repeat(Math.ceil(chars / 25))}`.slice(0, chars);

/** An RSS feed served from 127.0.0.1 whose channel title is `title`. */
async function startLongTitleFeed(title: string): Promise<{ url: string; close(): Promise<void> }> {
  const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const server = createServer((_req, res) => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${xml(title)}</title><link>http://127.0.0.1/</link><description>x</description>
<item><title>Envoys agree on a ferry corridor</title><link>http://127.0.0.1/news/1</link><guid>n1</guid><pubDate>Tue, 06 May 2025 10:00:00 GMT</pubDate></item>
</channel></rss>`;
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  return { url, close: () => new Promise<void>((done) => server.close(() => done())) };
}

const failedSends = (api: FakeBotApi) => api.calls.filter((c) => (c.method === 'sendMessage' || c.method === 'editMessageText') && c.ok === false);

describe('long feed titles', () => {
  it('confirms, lists and unsubscribes a feed whose title is 5,600 characters, served from a local page', async () => {
    const title = longTitle(5600);
    const site = await startLongTitleFeed(title);
    cleanups.push(() => site.close());
    const noLogger = { info() {}, warn() {}, debug() {} };
    const running = await startBot({
      feeds: (repo) =>
        createFeedService({
          repo,
          fetcher: createFeedFetcher({ timeoutMs: 5000, maxBytes: 1_000_000, allowPrivate: ['127.0.0.1'] }),
          now: () => Date.now(),
          pollIntervalSec: 3600,
          logger: noLogger,
        }),
    });
    const chat = testUsers.alice.id;

    const confirmation = await command(running, chat, `/subscribe ${site.url}`, testUsers.alice);
    expect(confirmation).toMatch(/^Subscribed to <b>Harbour &amp; .*…<\/b>\. Here is the latest item/);
    expect(parseTelegramHtml(confirmation).length).toBeLessThan(300);

    const list = await command(running, chat, '/subscriptions', testUsers.alice);
    expect(list).toContain(`1. <a href="${site.url}">Harbour &amp; `);
    expect(parseTelegramHtml(list).length).toBeLessThan(400);

    expect(await command(running, chat, '/unsubscribe 1', testUsers.alice)).toMatch(/^Unsubscribed from <b>Harbour .*…<\/b>\.$/);
    expect(await running.repo.feedsOf(chat)).toEqual([]);
    expect(failedSends(running.api)).toEqual([]);
  });

  it('sends a list too long for one message in several, buttons on the last, and redraws it after a press', async () => {
    const running = await startBot();
    const chat = testUsers.alice.id;
    // Stored titles as long as a feed likes (saved before any parse-time cap, or by another version).
    for (let n = 0; n < 20; n++) {
      const feed = await running.repo.upsertFeed(`https://wire${n}.example/rss.xml`, { title: longTitle(5600, `Wire${n}`), language: 'en' }, 0);
      await running.repo.subscribe(chat, feed.id, 0);
    }
    for (const word of ['Iran', 'ASEAN', 'Menlu Sugiono']) await command(running, chat, `/subscribe topic ${word}`, testUsers.alice);

    const listUpdate = messageUpdate({ chatId: chat, text: '/subscriptions', from: testUsers.alice });
    running.api.pushUpdate(listUpdate);
    const first = await running.api.waitFor('sendMessage', (p) => p.chat_id === chat && p.reply_parameters?.message_id === listUpdate.message.message_id);
    const last = await running.api.waitFor('sendMessage', (p) => p.chat_id === chat && p.reply_markup?.inline_keyboard !== undefined);
    expect(first.payload.reply_markup).toBeUndefined();
    expect(first.payload.text).toContain('1. <a href="https://wire0.example/rss.xml">Wire0 &amp;');
    expect(last.payload.text).toContain('23. Menlu Sugiono');
    expect(last.payload.reply_markup.inline_keyboard.flat()).toHaveLength(23);

    const listMessage = running.api.sentMessages(chat).find((m) => m.text === last.payload.text);
    const after = running.api.calls.length;
    running.api.pushUpdate(callbackUpdate({ from: testUsers.alice, message: { chatId: chat, messageId: listMessage?.messageId ?? 0 }, data: last.payload.reply_markup.inline_keyboard[0][0].callback_data }));
    await running.api.waitFor('editMessageText', (p) => p.chat_id === chat && p.text === 'This list has changed; the updated one follows.', 10_000, after);
    const redrawn = await running.api.waitFor('sendMessage', (p) => p.chat_id === chat && p.reply_markup?.inline_keyboard !== undefined, 10_000, after);
    expect(redrawn.payload.reply_markup.inline_keyboard.flat()).toHaveLength(22);
    expect(await running.repo.feedsOf(chat)).toHaveLength(19);

    expect(await command(running, chat, '/unsubscribe https://wire5.example/rss.xml', testUsers.alice)).toMatch(/^Unsubscribed from <b>Wire5 &amp; .*…<\/b>\.$/);
    expect(failedSends(running.api)).toEqual([]);
  });

  it('echoes at most a short piece of a long unknown source name or subscription', async () => {
    const running = await startBot();
    const chat = testUsers.alice.id;
    const typed = 'no-such-source '.repeat(270).trim();
    expect(parseTelegramHtml(await command(running, chat, `/subscribe ${typed}`, testUsers.alice)).length).toBeLessThan(250);
    expect(parseTelegramHtml(await command(running, chat, `/unsubscribe ${typed}`, testUsers.alice)).length).toBeLessThan(250);
    expect(failedSends(running.api)).toEqual([]);
  });
});
