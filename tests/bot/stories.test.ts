import { afterEach, expect, it } from 'vitest';
import { createBot } from '../../src/bot/create-bot.js';
import { createTelegramChatSender, createTelegramOutbound } from '../../src/bot/telegram-outbound.js';
import type { DigestService } from '../../src/digest/digest-service.js';
import type { Digest } from '../../src/digest/schema.js';
import { createSendQueue } from '../../src/infra/send-queue.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { createDeliveryService } from '../../src/subscriptions/delivery-service.js';
import { itemKey } from '../../src/subscriptions/feed-item-records.js';
import { createStoryService } from '../../src/subscriptions/story-service.js';
import { callbackUpdate, messageUpdate, startFakeBotApi, type StoredMessage, testUsers } from '../support/fake-bot-api.js';
import { launchForTest } from '../support/launch-bot.js';
import { sampleDigest } from '../support/sample-digest.js';

const PRIVATE = 7401;
const GROUP = -100_7402;
const silent = { info() {}, warn() {}, error() {}, debug() {} };

const digestOf = (url: string, headline: string): Digest => ({
  ...sampleDigest,
  headline,
  summary: `${headline}. The foreign ministers met in Tokyo.`,
  source: { url, title: headline, publisher: 'News', publishedAt: '2026-06-01T01:00:00Z', language: 'en' },
});
const DIGESTS: Record<string, Digest> = {
  'https://news.example/pact': digestOf('https://news.example/pact', 'Indonesia and Japan sign maritime security pact in Tokyo'),
  'https://news.example/quake': digestOf('https://news.example/quake', 'Strong earthquake shakes Sulawesi without tsunami warning'),
  'https://news.example/pact-2': digestOf('https://news.example/pact-2', 'Indonesia and Japan maritime security pact in Tokyo adds patrols'),
};

type Button = { text: string; callback_data: string };
const buttons = (message: StoredMessage): Button[] => ((message.replyMarkup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The real bot with stories against the fake Bot API; digests come from a stub service. */
async function start(cap = 20) {
  const api = await startFakeBotApi();
  const store: Store = openSqliteStore(':memory:', { defaultTimeZone: 'Asia/Jakarta' });
  const clock = { now: Date.parse('2026-06-01T03:00:00Z') };
  const now = () => clock.now;
  const sender = createSendQueue({ privateMinGapMs: 5, groupMinGapMs: 5 });
  const service: DigestService = {
    digest: async (request) => ({ digest: DIGESTS[(request.input as { url: string }).url] ?? sampleDigest, cached: false }),
    peek: async () => undefined,
    read: async () => {
      throw new Error('not used');
    },
  };
  const stories = createStoryService({ repo: store.stories, now, quietMs: 30 * 86_400_000, followCap: cap });
  const { bot, idle } = createBot({
    token: api.token, apiRoot: api.apiRoot, digestService: service, store, sender, defaultLanguage: 'en', logger: silent, botUsername: api.botUsername,
    quota: { tryConsume: async () => ({ allowed: true, retryAfterSec: 0 }) },
    stories,
  });
  const preset = await store.subscriptions.upsertFeed('https://preset.example/rss', { title: 'Preset News', language: 'en' }, 0);
  const delivery = createDeliveryService({
    repo: store.subscriptions, digestService: service, now, defaultLanguage: 'en', presetFeedIds: async () => [preset.id], logger: silent,
    chat: createTelegramChatSender(createTelegramOutbound(bot.telegram, sender)), stories: store.stories,
  });
  const stop = launchForTest(bot);
  close = async () => {
    await delivery.stop();
    await stop();
    await idle(5000);
    await sender.stop?.(1000);
    await api.close();
    await store.close();
  };
  const handle = async (update: object, method: string, predicate: (payload: any) => boolean) => {
    const after = api.calls.length;
    api.pushUpdate(update);
    await api.waitFor(method, predicate, 10_000, after);
    await idle(5000);
  };
  const press = (message: StoredMessage, data: string, from = testUsers.admin) => {
    const update = callbackUpdate({ from, message: { chatId: message.chatId, messageId: message.messageId }, data });
    return handle(update, 'answerCallbackQuery', (p) => p.callback_query_id === update.callback_query.id).then(
      () => api.calls.filter((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === update.callback_query.id).at(-1)?.payload.text as string | undefined,
    );
  };
  /** Sends a link and returns the digest message once it carries its Follow button. */
  const digestMessage = async (chatId: number, url: string): Promise<StoredMessage> => {
    await handle(messageUpdate({ chatId, text: url }), 'sendMessage', (p) => p.chat_id === chatId && p.reply_markup);
    for (let i = 0; i < 200; i++) {
      const found = api.sentMessages(chatId).find((m) => m.text.includes(DIGESTS[url]!.headline) && buttons(m).some((b) => b.callback_data.startsWith('sf:')));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('no digest with a Follow button');
  };
  return { api, store, clock, delivery, stories, preset, handle, press, digestMessage };
}

const followData = (message: StoredMessage) => buttons(message).find((b) => b.callback_data.startsWith('sf:'))!.callback_data;

it('puts Follow this story under a bot digest, follows on a press, lists it in /stories and stops following with its button', async () => {
  const k = await start();
  const message = await k.digestMessage(PRIVATE, 'https://news.example/pact');
  const follow = buttons(message).find((b) => b.callback_data.startsWith('sf:'))!;
  expect(follow.text).toBe('➕ Follow this story');
  expect(buttons(message).at(-1)?.callback_data).toMatch(/^lang:/);
  expect(Buffer.byteLength(follow.callback_data)).toBeLessThanOrEqual(64);
  expect(await k.press(message, follow.callback_data)).toMatch(/^Following this story/);
  expect(await k.press(message, follow.callback_data)).toBe('This chat already follows this story.');
  expect(await k.press(message, 'sf:nosuchstory')).toMatch(/expired/);

  await k.handle(messageUpdate({ chatId: PRIVATE, text: '/stories' }), 'sendMessage', (p) => p.chat_id === PRIVATE && /Stories this chat follows/.test(p.text));
  const list = k.api.sentMessages(PRIVATE).find((m) => m.text.startsWith('<b>Stories this chat follows')) as StoredMessage;
  expect(list.text).toBe('<b>Stories this chat follows</b>\n1. Indonesia and Japan sign maritime security pact in Tokyo');
  const stop = buttons(list)[0]!;
  expect(stop.text).toBe('✖ 1 · Stop following');
  expect(await k.press(list, stop.callback_data)).toBe('Stopped following.');
  await k.api.waitFor('editMessageText', (p) => p.message_id === list.messageId);
  expect(k.api.sentMessages(PRIVATE).find((m) => m.messageId === list.messageId)?.text).toMatch(/^No followed stories/);
  expect(await k.stories.followed(PRIVATE)).toEqual([]);
});

it('refuses to follow over the cap with a clear message, and a group member who is not an admin', async () => {
  const k = await start(1);
  const pact = await k.digestMessage(PRIVATE, 'https://news.example/pact');
  const quake = await k.digestMessage(PRIVATE, 'https://news.example/quake');
  expect(followData(pact)).not.toBe(followData(quake));
  await k.press(pact, followData(pact));
  expect(await k.press(quake, followData(quake))).toBe('This chat already follows 1 stories, the most it can. Stop following one with /stories first.');

  k.api.setChatMemberStatus(GROUP, testUsers.alice.id, 'member');
  expect(await k.press({ ...pact, chatId: GROUP }, followData(pact), testUsers.alice)).toBe('Only group admins can follow or stop following stories here.');
  expect(await k.stories.followed(GROUP)).toEqual([]);
});

it('sends a private chat that followed a story from a bot digest the follow-up from a preset source, as a reply to that digest', async () => {
  const k = await start();
  const message = await k.digestMessage(PRIVATE, 'https://news.example/pact');
  await k.press(message, followData(message));
  const storyId = followData(message).slice(3);

  k.clock.now += 2 * 86_400_000;
  const item = { identity: 'pact-2', url: 'https://news.example/pact-2', title: DIGESTS['https://news.example/pact-2']!.headline };
  const [assigned] = await k.stories.assignAll([{ id: itemKey(k.preset.id, item.identity), title: item.title, summary: DIGESTS[item.url]!.summary, publishedAt: new Date(k.clock.now).toISOString(), language: 'en' }]);
  expect(assigned).toBe(storyId);
  const added = await k.store.subscriptions.addItems(k.preset.id, [
    { ...item, summary: null, publishedAt: new Date(k.clock.now).toISOString(), language: 'en', storyId, firstSeenAt: k.clock.now },
  ]);
  const after = k.api.calls.length;
  await k.delivery.handleNewItems((await k.store.subscriptions.getFeed(k.preset.id))!, added);
  await k.delivery.tick();
  const call = await k.api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE && String(p.text).includes('adds patrols'), 10_000, after);
  expect(call.payload.reply_parameters).toMatchObject({ message_id: message.messageId });
  expect(call.payload.text).toContain('Earlier:</i> Indonesia and Japan sign maritime security pact in Tokyo');
});
