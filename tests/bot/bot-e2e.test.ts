import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { botTexts } from '../../src/bot/bot-texts.js';
import { registerCommands } from '../../src/bot/commands-menu.js';
import { createBot } from '../../src/bot/create-bot.js';
import type { MessageSender } from '../../src/bot/telegram-outbound.js';
import type { DigestInput, DigestRequest, DigestService } from '../../src/digest/digest-service.js';
import type { DigestEngine } from '../../src/digest/engine.js';
import type { Digest, Language } from '../../src/digest/schema.js';
import { AppError } from '../../src/errors/app-error.js';
import { createQuota } from '../../src/bot/quota.js';
import { createSendQueue } from '../../src/infra/send-queue.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { callbackUpdate, type FakeBotApi, messageUpdate, startFakeBotApi, testMessage, testUsers } from '../support/fake-bot-api.js';
import { launchForTest } from '../support/launch-bot.js';

const ARTICLE_TEXT = readFileSync(new URL('../fixtures/antara-putin-pezeshkian-id.txt', import.meta.url), 'utf8');
const PRIVATE = 5001;
const PRIVATE_B = 5002;
const GROUP = -100777;


// ---------------------------------------------------------------------------------------------
// The real store, send queue (with test-friendly spacing) and quota.

function openTestStore(path: string): Store {
  return openSqliteStore(path);
}

function testSender(): MessageSender & { stop?(timeoutMs?: number): Promise<void> } {
  return createSendQueue({ privateMinGapMs: 50, groupMinGapMs: 50 });
}

function testQuota(store: Store, limitPerHour: number) {
  return createQuota({ repo: store.quota, limitPerHour, now: () => Date.now() });
}

// ---------------------------------------------------------------------------------------------
// A deterministic digest service: counts calls, caches per input+language, can be held or fail.

function digestFor(request: DigestRequest, options: { long?: boolean } = {}): Digest {
  const id = request.language === 'id';
  const url = request.input.kind === 'url' ? request.input.url : null;
  return {
    headline: id ? 'Putin dan Pezeshkian bahas kerja sama' : 'Putin and Pezeshkian discuss cooperation',
    summary: id ? 'Presiden Rusia dan Iran membahas kerja sama bilateral.' : 'The presidents of Russia and Iran discussed bilateral cooperation.',
    who: [{ name: 'Vladimir Putin', role: id ? 'Presiden Rusia' : 'President of Russia', country: 'Russia' }],
    countries: id ? ['Rusia', 'Iran'] : ['Russia', 'Iran'],
    what: id ? 'Percakapan telepon' : 'A phone call',
    when: '2025-05-06',
    where: id ? 'Melalui telepon' : 'By phone',
    agreements: [{ text: id ? 'Memperkuat kerja sama' : 'Strengthen cooperation', evidence: 'Para presiden sepakat untuk meningkatkan kerja sama' }],
    nextSteps: [],
    keyPoints: [],
    background: options.long
      ? Array.from({ length: 60 }, (_, n) => `Background item ${n} & more context about the long history of Russia–Iran relations, treaties and talks.`)
      : [],
    language: request.language,
    engine: 'extractive',
    model: 'fake',
    source: { url, title: 'Putin dan Pezeshkian', publisher: url ? 'ANTARA' : null, publishedAt: '2025-05-06T10:00:00Z', language: 'id' },
    notes: [],
  };
}

interface FakeService extends DigestService {
  calls: DigestRequest[];
}

function fakeService(options: { long?: boolean; hold?: (request: DigestRequest) => Promise<void> | undefined; fail?: (request: DigestRequest) => unknown } = {}): FakeService {
  const calls: DigestRequest[] = [];
  const cache = new Set<string>();
  return {
    calls,
    async digest(request) {
      calls.push(request);
      await options.hold?.(request);
      const failure = options.fail?.(request);
      if (failure !== undefined) throw failure;
      const key = JSON.stringify([request.input, request.language]);
      const cached = cache.has(key);
      cache.add(key);
      return { digest: digestFor(request, options), cached };
    },
    async peek(request) {
      return cache.has(JSON.stringify([request.input, request.language])) ? digestFor(request, options) : undefined;
    },
    async read() {
      throw new Error('not used');
    },
  };
}

/** The real pipeline: safe fetcher → ingestor → extractive engine (+ an optional model engine). */
async function realService(options: { allowPrivate?: string[]; openai?: DigestEngine } = {}): Promise<DigestService> {
  const { createDigestService } = await import('../../src/digest/digest-service.js');
  const { createExtractiveEngine } = await import('../../src/digest/extractive/extractive-engine.js');
  const { createIngestor } = await import('../../src/ingest/article-reader.js');
  const { createSafeFetcher } = await import('../../src/ingest/safe-fetch.js');
  const extractive = createExtractiveEngine({ now: () => new Date('2025-05-07T00:00:00Z') });
  return createDigestService({
    ingestor: createIngestor({ fetcher: createSafeFetcher({ timeoutMs: 5000, maxBytes: 1_000_000, allowPrivate: options.allowPrivate ?? [] }) }),
    engines: options.openai ? { extractive, openai: options.openai } : { extractive },
    defaultEngine: options.openai ? 'auto' : 'extractive',
    cache: openTestStore(':memory:').digestCache,
    promptVersion: 'test',
  });
}

// ---------------------------------------------------------------------------------------------
// Harness: the real createBot + telegraf polling against the fake Bot API.

interface Running {
  api: FakeBotApi;
  store: Store;
  logs: Array<{ level: string; obj: object; msg?: string }>;
  idle(): Promise<void>;
  stopBot(): Promise<void>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startBot(options: {
  api?: FakeBotApi;
  store?: Store;
  service?: DigestService;
  quotaPerHour?: number;
  sender?: MessageSender;
  defaultLanguage?: Language;
}): Promise<Running> {
  const api = options.api ?? (await startFakeBotApi());
  if (!options.api) cleanups.push(() => api.close());
  const store = options.store ?? openTestStore(':memory:');
  if (!options.store) cleanups.push(() => store.close());
  const sender = options.sender ?? testSender();
  if (!options.sender) cleanups.push(async () => void (await (sender as { stop?(ms: number): Promise<unknown> }).stop?.(1000)));
  const logs: Running['logs'] = [];
  const log = (level: string) => (obj: any, msg?: string) => void logs.push({ level, obj, ...(msg !== undefined ? { msg } : {}) });
  const logger = { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };
  const { bot, idle } = createBot({
    token: api.token,
    apiRoot: api.apiRoot,
    digestService: options.service ?? fakeService(),
    store,
    sender,
    quota: testQuota(store, options.quotaPerHour ?? 100),
    defaultLanguage: options.defaultLanguage ?? 'en',
    logger,
    botUsername: api.botUsername,
  });
  const stopPolling = launchForTest(bot);
  const stopBot = async () => {
    await stopPolling();
    await idle(5000);
  };
  cleanups.push(stopBot);
  return { api, store, logs, idle: () => idle(10_000), stopBot };
}

const PLACEHOLDERS = new Set([botTexts('en').placeholder, botTexts('id').placeholder]);

/**
 * The chat's answer to a digest request (recorded from call index `after` on): the digest or error line
 * sent as one message, or a placeholder edited into it. `message_id` is the message that shows it.
 */
async function waitForDigest(api: FakeBotApi, chatId: number, predicate: (text: string) => boolean = () => true, after = 0) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const call = api.calls
      .slice(after)
      .find((c) => c.ok && (c.method === 'sendMessage' || c.method === 'editMessageText') && c.payload.chat_id === chatId && !PLACEHOLDERS.has(c.payload.text) && predicate(c.payload.text));
    if (call) {
      const messageId = call.method === 'editMessageText' ? call.payload.message_id : api.sentMessages(chatId).find((m) => m.text === call.payload.text)?.messageId;
      return { ...call.payload, message_id: messageId };
    }
    if (Date.now() > deadline) throw new Error(`no answer in chat ${chatId}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const replies = (api: FakeBotApi, chatId: number) => api.calls.filter((c) => c.ok && (c.method === 'sendMessage' || c.method === 'editMessageText') && c.payload.chat_id === chatId);

/** Pushes `update` and then a private /help as a marker; when the marker is answered, `update` was handled. */
async function pushAndSettle(running: Running, update: object) {
  running.api.pushUpdate(update);
  const marker = messageUpdate({ chatId: 9999, text: '/help' });
  running.api.pushUpdate(marker);
  await running.api.waitFor('sendMessage', (p) => p.chat_id === 9999 && p.reply_parameters?.message_id === marker.message.message_id);
  await running.idle();
}

// ---------------------------------------------------------------------------------------------

describe('bot in a private chat', () => {
  it('answers a digest ready at once with one HTML message and a language button, threaded to the user\'s link, without a placeholder', async () => {
    const service = fakeService();
    const running = await startBot({ service });
    const update = messageUpdate({ chatId: PRIVATE, text: 'https://www.antaranews.com/berita/1?utm_source=tg' });
    running.api.pushUpdate(update);

    const final = await waitForDigest(running.api, PRIVATE);
    expect(final).toMatchObject({
      reply_parameters: { message_id: update.message.message_id, allow_sending_without_reply: true },
      link_preview_options: { is_disabled: true },
    });
    await running.idle();
    expect(running.api.calls.filter((c) => c.payload.chat_id === PRIVATE && c.method !== 'sendChatAction').map((c) => c.method)).toEqual(['sendMessage']);
    expect(running.api.calls.some((c) => c.method === 'sendChatAction' && c.payload.chat_id === PRIVATE && c.payload.action === 'typing')).toBe(true);
    expect(final.parse_mode).toBe('HTML');
    expect(final.text).toContain('<b>Putin and Pezeshkian discuss cooperation</b>');
    expect(final.text).toContain('Agreements');
    expect(final.reply_markup.inline_keyboard[0][0]).toMatchObject({ text: '🇮🇩 Bahasa Indonesia', callback_data: expect.stringMatching(/^lang:id:/) });
    expect(running.api.sentTexts(PRIVATE)).toHaveLength(1);
    expect(service.calls[0]?.input).toEqual({ kind: 'url', url: 'https://www.antaranews.com/berita/1?utm_source=tg' });
  });

  it('digests the link of a forwarded channel post', async () => {
    const service = fakeService();
    const running = await startBot({ service });
    running.api.pushUpdate(
      messageUpdate({
        chatId: PRIVATE,
        text: 'Putin dan Pezeshkian bahas kerja sama. Selengkapnya',
        entities: [{ type: 'text_link', offset: 40, length: 11, url: 'https://www.antaranews.com/berita/2' }],
        extra: { forward_origin: { type: 'channel', chat: { id: -1001, type: 'channel', title: 'ANTARA' }, message_id: 7, date: 1 } },
      }),
    );
    await waitForDigest(running.api, PRIVATE);
    expect(service.calls[0]?.input).toEqual({ kind: 'url', url: 'https://www.antaranews.com/berita/2' });
  });

  it('digests pasted article text with the real pipeline, in the user\'s Telegram language', async () => {
    const service = await realService();
    const running = await startBot({ service });
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, from: testUsers.budi, text: ARTICLE_TEXT }));
    const final = await waitForDigest(running.api, PRIVATE);
    expect(final.text).toContain('Putin');
    expect(final.text).toContain('Latar belakang');
    expect(final.reply_markup.inline_keyboard[0][0].text).toBe('🇬🇧 English');
  });

  it('answers a short chat line with a one-line hint and no digest', async () => {
    const service = fakeService();
    const running = await startBot({ service });
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, from: testUsers.budi, text: 'halo' }));
    const hint = await running.api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE);
    expect(hint.payload.text).toMatch(/^Kirimkan tautan artikel berita/);
    expect(hint.payload.text).not.toContain('\n');
    expect(service.calls).toHaveLength(0);
  });

  it('welcomes with /start in the user\'s language and an example link', async () => {
    const running = await startBot({});
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, from: testUsers.budi, text: '/start' }));
    const welcome = await running.api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE);
    expect(welcome.payload.text).toContain('Halo! Saya Kabar.');
    expect(welcome.payload.text).toContain('https://www.antaranews.com/');
  });
});

describe('bot in a group', () => {
  it('stays silent on a group message with a link but no command', async () => {
    const service = fakeService();
    const running = await startBot({ service });
    await pushAndSettle(running, messageUpdate({ chatId: GROUP, text: 'look https://www.antaranews.com/berita/3' }));
    expect(replies(running.api, GROUP)).toEqual([]);
    expect(service.calls).toHaveLength(0);
  });

  it('digests the link of the replied-to message on /summary, including a caption text link', async () => {
    const service = fakeService();
    const running = await startBot({ service });
    const original = testMessage({
      chatId: GROUP,
      caption: 'Foto: pertemuan hari ini',
      entities: [{ type: 'text_link', offset: 0, length: 4, url: 'https://www.antaranews.com/berita/4' }],
      extra: { photo: [{ file_id: 'x', file_unique_id: 'y', width: 1, height: 1 }] },
    });
    const command = messageUpdate({ chatId: GROUP, text: '/summary', replyTo: original });
    running.api.pushUpdate(command);
    const final = await waitForDigest(running.api, GROUP);
    expect(service.calls[0]?.input).toEqual({ kind: 'url', url: 'https://www.antaranews.com/berita/4' });
    expect(final.reply_parameters.message_id).toBe(command.message.message_id);
  });

  it('answers /summary@KabarTestBot and ignores /summary@OtherBot', async () => {
    const service = fakeService();
    const running = await startBot({ service });
    await pushAndSettle(running, messageUpdate({ chatId: GROUP, text: '/summary@OtherBot https://www.antaranews.com/berita/5' }));
    expect(replies(running.api, GROUP)).toEqual([]);
    running.api.pushUpdate(messageUpdate({ chatId: GROUP, text: '/summary@KabarTestBot https://www.antaranews.com/berita/6' }));
    await waitForDigest(running.api, GROUP);
    expect(service.calls.map((c) => c.input)).toEqual([{ kind: 'url', url: 'https://www.antaranews.com/berita/6' }]);
  });

  it('switches the chat to Indonesian labels after an admin\'s /lang id, and refuses a non-admin', async () => {
    const running = await startBot({});
    running.api.setChatMemberStatus(GROUP, testUsers.admin.id, 'administrator');
    running.api.pushUpdate(messageUpdate({ chatId: GROUP, from: testUsers.alice, text: '/lang id' }));
    const refusal = await running.api.waitFor('sendMessage', (p) => p.chat_id === GROUP);
    expect(refusal.payload.text).toBe('Only group admins can change this setting.');

    running.api.pushUpdate(messageUpdate({ chatId: GROUP, from: testUsers.admin, text: '/lang id' }));
    await running.api.waitFor('sendMessage', (p) => p.chat_id === GROUP && p.text.startsWith('Beres'));
    // Subscription digests for this chat follow the same setting.
    expect((await running.store.subscriptions.getDeliverySettings(GROUP)).language).toBe('id');
    running.api.pushUpdate(messageUpdate({ chatId: GROUP, from: testUsers.alice, text: '/summary https://www.antaranews.com/berita/7' }));
    const final = await waitForDigest(running.api, GROUP, (text) => text.includes('Kesepakatan'));
    expect(final.reply_markup.inline_keyboard[0][0].text).toBe('🇬🇧 English');
  });

  it('overrides the language once with /summary en', async () => {
    const service = fakeService();
    const running = await startBot({ service, defaultLanguage: 'id' });
    running.api.pushUpdate(messageUpdate({ chatId: GROUP, from: testUsers.budi, text: '/summary en https://www.antaranews.com/berita/8' }));
    const final = await waitForDigest(running.api, GROUP);
    expect(final.text).toContain('Agreements');
    expect(service.calls[0]?.language).toBe('en');
  });

  it('lets only admins turn autosummary on, anonymous admins included, and then digests every link', async () => {
    const service = fakeService();
    const running = await startBot({ service });
    running.api.setChatMemberStatus(GROUP, testUsers.admin.id, 'creator');
    running.api.pushUpdate(messageUpdate({ chatId: GROUP, from: testUsers.alice, text: '/autosummary on' }));
    await running.api.waitFor('sendMessage', (p) => p.chat_id === GROUP && p.text === 'Only group admins can change this setting.');
    expect((await running.store.chatSettings.get(GROUP)).autoSummary).toBe(false);

    running.api.pushUpdate(messageUpdate({ chatId: GROUP, from: testUsers.admin, text: '/autosummary on' }));
    await running.api.waitFor('sendMessage', (p) => p.chat_id === GROUP && p.text.startsWith('Autosummary is on'));
    expect((await running.store.chatSettings.get(GROUP)).autoSummary).toBe(true);

    running.api.pushUpdate(
      messageUpdate({ chatId: GROUP, from: testUsers.groupAnonymousBot, senderChat: { id: GROUP, type: 'supergroup', title: 'Test group' }, text: '/autosummary off' }),
    );
    await running.api.waitFor('sendMessage', (p) => p.chat_id === GROUP && p.text.startsWith('Autosummary is off'));
    expect((await running.store.chatSettings.get(GROUP)).autoSummary).toBe(false);
    expect(running.api.calls.filter((c) => c.method === 'getChatMember').map((c) => c.payload.user_id)).toEqual([testUsers.alice.id, testUsers.admin.id]);

    await running.store.chatSettings.setAutoSummary(GROUP, true);
    const mark = running.api.calls.length;
    running.api.pushUpdate(messageUpdate({ chatId: GROUP, text: 'news https://www.antaranews.com/berita/9' }));
    await waitForDigest(running.api, GROUP, () => true, mark);
    expect(service.calls.map((c) => c.input)).toEqual([{ kind: 'url', url: 'https://www.antaranews.com/berita/9' }]);
  });

  it('digests a link sent as a reply to the bot\'s own message', async () => {
    const service = fakeService();
    const running = await startBot({ service });
    const botMessage = testMessage({ chatId: GROUP, text: 'digest', from: { id: 123456789, is_bot: true, first_name: 'Kabar', username: 'KabarTestBot' } });
    running.api.pushUpdate(messageUpdate({ chatId: GROUP, text: 'and this one? https://www.antaranews.com/berita/10', replyTo: botMessage }));
    await waitForDigest(running.api, GROUP);
    expect(service.calls).toHaveLength(1);
  });

  it('moves the chat settings when the group becomes a supergroup', async () => {
    const running = await startBot({});
    await running.store.chatSettings.setLanguage(-42, 'id');
    await pushAndSettle(running, messageUpdate({ chatId: -42, chatType: 'group', extra: { migrate_to_chat_id: -100042 } }));
    expect((await running.store.chatSettings.get(-100042)).language).toBe('id');
  });
});

describe('language button', () => {
  it('rewrites the digest in the other language, also after a restart on the same database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kabar-bot-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'bot.sqlite');
    const api = await startFakeBotApi();
    cleanups.push(() => api.close());

    const store1 = openTestStore(dbPath);
    const first = await startBot({ api, store: store1 });
    api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: 'https://www.antaranews.com/berita/11' }));
    const english = await waitForDigest(api, PRIVATE);
    const messageId = english.message_id as number;
    const toIndonesian = english.reply_markup.inline_keyboard[0][0].callback_data as string;
    expect(Buffer.byteLength(toIndonesian)).toBeLessThanOrEqual(64);

    const press = callbackUpdate({ message: { messageId, chatId: PRIVATE }, data: toIndonesian });
    api.pushUpdate(press);
    const indonesian = await waitForDigest(api, PRIVATE, (text) => text.includes('Kesepakatan'));
    expect(indonesian.message_id).toBe(messageId);
    expect(api.calls.some((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === press.callback_query.id)).toBe(true);
    const toEnglish = indonesian.reply_markup.inline_keyboard[0][0];
    expect(toEnglish.text).toBe('🇬🇧 English');

    await first.stopBot();
    await store1.close();
    const store2 = openTestStore(dbPath);
    cleanups.push(() => store2.close());
    await startBot({ api, store: store2, service: fakeService() });
    const mark = api.calls.length;
    api.pushUpdate(callbackUpdate({ message: { messageId, chatId: PRIVATE }, data: toEnglish.callback_data }));
    const back = await api.waitFor('editMessageText', (p) => p.message_id === messageId, 10_000, mark);
    expect(back.payload.text).toContain('Agreements');
    expect(back.payload.reply_markup.inline_keyboard[0][0].text).toBe('🇮🇩 Bahasa Indonesia');
    expect(api.sentTexts(PRIVATE)).toHaveLength(1);
  });

  it('answers the press and keeps the digest when the edit would change nothing', async () => {
    const running = await startBot({});
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: 'https://www.antaranews.com/berita/12' }));
    const english = await waitForDigest(running.api, PRIVATE);
    // A stale button that asks for the language the message already has.
    const sameLanguage = (english.reply_markup.inline_keyboard[0][0].callback_data as string).replace('lang:id:', 'lang:en:');
    await pushAndSettle(running, callbackUpdate({ message: { messageId: english.message_id, chatId: PRIVATE }, data: sameLanguage }));
    expect(running.api.calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
    expect(running.api.sentTexts(PRIVATE)).toEqual([english.text]);
    expect(running.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('errors and limits', () => {
  it('refuses a link to a private address with one line, without requesting it', async () => {
    const hits: string[] = [];
    const internal = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('secret');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.2', resolve));
    cleanups.push(() => new Promise<void>((resolve) => internal.close(() => resolve())));
    const port = (internal.address() as AddressInfo).port;
    const service = await realService({ allowPrivate: ['127.0.0.1'] });
    const running = await startBot({ service });
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: `http://127.0.0.2:${port}/admin` }));
    const first = await waitForDigest(running.api, PRIVATE);
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE_B, text: 'http://169.254.169.254/latest/meta-data/' }));
    const second = await waitForDigest(running.api, PRIVATE_B);
    for (const reply of [first, second]) {
      expect(reply.text).toBe('That link points to a private or local address, so I will not open it. Send a public news link.');
      expect(reply.reply_markup).toBeUndefined();
    }
    expect(hits).toEqual([]);
  });

  it('falls back to the extractive digest with a note when the model is down (real pipeline, page on 127.0.0.1)', async () => {
    const paragraphs = ARTICLE_TEXT.split('\n').filter(Boolean).map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
    const page = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Putin dan Pezeshkian bahas kerja sama</title></head><body><article><h1>Putin dan Pezeshkian bahas kerja sama</h1>${paragraphs}</article></body></html>`;
    const pages: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
      res.end(page);
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => pages.close(() => resolve())));
    const modelDown: DigestEngine = {
      name: 'openai',
      model: 'gpt-test',
      async generate() {
        throw new AppError('MODEL_UNAVAILABLE', 'connection refused');
      },
    };
    const service = await realService({ allowPrivate: ['127.0.0.1'], openai: modelDown });
    const running = await startBot({ service });
    const url = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/berita/putin`;
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: url }));
    const final = await waitForDigest(running.api, PRIVATE);
    expect(final.text).toContain('The AI model was unavailable, so this digest was made by the built-in summarizer.');
    expect(final.text).toContain('Putin');
  });

  it('answers with a generic line when the digest throws something unexpected', async () => {
    const running = await startBot({ service: fakeService({ fail: () => new TypeError('boom at /internal/path.ts:12') }) });
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: 'https://www.antaranews.com/berita/13' }));
    const final = await waitForDigest(running.api, PRIVATE);
    expect(final.text).toBe('Something went wrong on my side. Please try again.');
    expect(running.logs.some((l) => l.level === 'error' && (l.obj as { updateId?: number }).updateId !== undefined)).toBe(true);
    expect(JSON.stringify(running.logs)).not.toContain(running.api.token);
  });

  it('waits out a Telegram 429 and delivers the message once', async () => {
    const running = await startBot({});
    running.api.injectError('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: 'https://www.antaranews.com/berita/14' }));
    await waitForDigest(running.api, PRIVATE);
    const sends = running.api.calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === PRIVATE);
    expect(sends.map((c) => c.ok)).toEqual([false, true]);
    expect((sends[1]?.at ?? 0) - (sends[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(running.api.sentTexts(PRIVATE)).toHaveLength(1);
  });

  it('splits a digest longer than 4096 characters into several accepted messages', async () => {
    const running = await startBot({ service: fakeService({ long: true }) });
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: 'https://www.antaranews.com/berita/15' }));
    await waitForDigest(running.api, PRIVATE);
    await running.idle();
    const texts = running.api.sentTexts(PRIVATE);
    expect(texts.length).toBeGreaterThan(1);
    expect(running.api.calls.filter((c) => c.payload.chat_id === PRIVATE && c.method !== 'sendChatAction').every((c) => c.ok)).toBe(true);
    const messages = running.api.sentMessages(PRIVATE);
    expect(messages.at(-1)?.replyMarkup).toMatchObject({ inline_keyboard: [[{ callback_data: expect.stringMatching(/^lang:id:.+:n$/) }]] });
    expect(messages[0]?.replyMarkup).toBeUndefined();
  });

  it('sends a cached digest straight away, without a placeholder and without using the quota', async () => {
    const service = fakeService();
    const running = await startBot({ service, quotaPerHour: 1 });
    const link = 'https://www.antaranews.com/berita/18';
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: link }));
    await waitForDigest(running.api, PRIVATE);
    const callsBefore = running.api.calls.length;
    await pushAndSettle(running, messageUpdate({ chatId: PRIVATE, text: link }));
    const later = running.api.calls.slice(callsBefore).filter((c) => c.ok && c.payload.chat_id === PRIVATE);
    const sends = later.filter((c) => c.method === 'sendMessage');
    expect(sends).toHaveLength(1);
    expect(sends[0]?.payload.text).toContain('<b>Putin and Pezeshkian discuss cooperation</b>');
    expect(later.some((c) => c.method === 'editMessageText')).toBe(false);
  });

  it('tells a user over the hourly quota so, in one line, without digesting', async () => {
    const service = fakeService();
    const running = await startBot({ service, quotaPerHour: 1 });
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: 'https://www.antaranews.com/berita/16' }));
    await waitForDigest(running.api, PRIVATE);
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: 'https://www.antaranews.com/berita/17' }));
    const refusal = await waitForDigest(running.api, PRIVATE, (text) => text.includes('limit'));
    expect(refusal.text).toBe('You have reached the hourly digest limit. Try again later.');
    expect(service.calls).toHaveLength(1);
  });

  it('keeps the chat settings across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kabar-bot-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'bot.sqlite');
    const api = await startFakeBotApi();
    cleanups.push(() => api.close());
    const store1 = openTestStore(dbPath);
    const first = await startBot({ api, store: store1 });
    api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: '/lang id' }));
    await api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE && p.text.startsWith('Beres'));
    await first.stopBot();
    await store1.close();

    const store2 = openTestStore(dbPath);
    cleanups.push(() => store2.close());
    await startBot({ api, store: store2 });
    api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: '/lang' }));
    const shown = await api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE && p.text.startsWith('Bahasa: Indonesia'));
    expect(shown.payload.text).toContain('/lang');
  });

  it('answers chat B while a slow digest in chat A is still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const service = fakeService({ hold: (request) => (request.input.kind === 'url' && request.input.url.endsWith('/slow') ? gate : undefined) });
    const running = await startBot({ service });
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: 'https://www.antaranews.com/slow' }));
    await running.api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE && p.text === 'Reading the article…');
    running.api.pushUpdate(messageUpdate({ chatId: PRIVATE_B, text: 'https://www.antaranews.com/fast' }));
    await waitForDigest(running.api, PRIVATE_B);
    expect(running.api.calls.some((c) => c.method === 'editMessageText' && c.payload.chat_id === PRIVATE)).toBe(false);
    release();
    await waitForDigest(running.api, PRIVATE);
  });
});

describe('quota for messages sent on behalf of a chat', () => {
  const GROUP_A = -100801;
  const GROUP_B = -100802;
  const asGroup = (id: number) => ({ from: testUsers.groupAnonymousBot, senderChat: { id, type: 'supergroup', title: `Group ${id}` } });

  it('gives each group\'s anonymous admins their own hourly quota', async () => {
    const service = fakeService();
    const running = await startBot({ service, quotaPerHour: 1 });
    running.api.pushUpdate(messageUpdate({ chatId: GROUP_A, ...asGroup(GROUP_A), text: '/summary https://www.antaranews.com/berita/31' }));
    expect((await waitForDigest(running.api, GROUP_A)).text).toContain('Agreements');
    running.api.pushUpdate(messageUpdate({ chatId: GROUP_A, ...asGroup(GROUP_A), text: '/summary https://www.antaranews.com/berita/32' }));
    await waitForDigest(running.api, GROUP_A, (text) => text.includes('limit'));

    // Group B's anonymous admin shares `from` (GroupAnonymousBot) with group A's, not the quota.
    running.api.pushUpdate(messageUpdate({ chatId: GROUP_B, ...asGroup(GROUP_B), text: '/summary https://www.antaranews.com/berita/33' }));
    expect((await waitForDigest(running.api, GROUP_B)).text).toContain('Agreements');
    expect(service.calls.map((c) => c.input)).toEqual([
      { kind: 'url', url: 'https://www.antaranews.com/berita/31' },
      { kind: 'url', url: 'https://www.antaranews.com/berita/33' },
    ]);
  });

  it('charges a channel posting into a group to that channel, not to every channel', async () => {
    const service = fakeService();
    const running = await startBot({ service, quotaPerHour: 1 });
    const asChannel = (id: number) => ({ from: testUsers.channelBot, senderChat: { id, type: 'channel', title: `Channel ${id}` } });
    running.api.pushUpdate(messageUpdate({ chatId: GROUP_A, ...asChannel(-100901), text: '/summary https://www.antaranews.com/berita/34' }));
    await waitForDigest(running.api, GROUP_A, (text) => text.includes('Agreements'));
    running.api.pushUpdate(messageUpdate({ chatId: GROUP_A, ...asChannel(-100901), text: '/summary https://www.antaranews.com/berita/35' }));
    await waitForDigest(running.api, GROUP_A, (text) => text.includes('limit'));
    running.api.pushUpdate(messageUpdate({ chatId: GROUP_B, ...asChannel(-100902), text: '/summary https://www.antaranews.com/berita/36' }));
    expect((await waitForDigest(running.api, GROUP_B)).text).toContain('Agreements');
    expect(service.calls).toHaveLength(2);
  });

  it('ignores an anonymous-admin message that does not name its group, with a log line and no reply', async () => {
    const service = fakeService();
    const running = await startBot({ service });
    await pushAndSettle(running, messageUpdate({ chatId: GROUP_A, from: testUsers.groupAnonymousBot, text: '/autosummary on' }));
    await pushAndSettle(running, messageUpdate({ chatId: GROUP_A, from: testUsers.groupAnonymousBot, text: '/summary https://www.antaranews.com/berita/37' }));
    expect(replies(running.api, GROUP_A)).toEqual([]);
    expect(service.calls).toEqual([]);
    expect((await running.store.chatSettings.get(GROUP_A)).autoSummary).toBe(false);
    expect(running.logs.filter((l) => l.level === 'warn' && l.msg === 'service-account message without sender_chat ignored')).toHaveLength(2);
  });
});

describe('command menu', () => {
  it('registers the commands once by default and once with Indonesian descriptions', async () => {
    const running = await startBot({});
    const { Telegram } = await import('telegraf');
    await registerCommands(new Telegram(running.api.token, { apiRoot: running.api.apiRoot }));
    const calls = running.api.calls.filter((c) => c.method === 'setMyCommands');
    expect(calls).toHaveLength(2);
    expect(calls[0]?.payload.language_code).toBeUndefined();
    expect(calls[1]?.payload.language_code).toBe('id');
    expect(calls[1]?.payload.commands.find((c: { command: string }) => c.command === 'summary').description).toMatch(/Ringkas/);
  });
});
