import { afterEach, expect, it } from 'vitest';
import { createBot } from '../../src/bot/create-bot.js';
import { reminderButtons } from '../../src/bot/commands/reminders.js';
import { parseRemindCallbackData, parseUnremindCallbackData, remindCallbackData, unremindCallbackData } from '../../src/bot/jobs/callback-data.js';
import { createTelegramChatSender, createTelegramOutbound } from '../../src/bot/telegram-outbound.js';
import type { DigestService } from '../../src/digest/digest-service.js';
import type { Digest } from '../../src/digest/schema.js';
import { createSendQueue } from '../../src/infra/send-queue.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { createDeliveryService } from '../../src/subscriptions/delivery-service.js';
import { createReminderService } from '../../src/subscriptions/reminders-service.js';
import { callbackUpdate, type FakeBotApi, messageUpdate, startFakeBotApi, type StoredMessage, testUsers } from '../support/fake-bot-api.js';
import { launchForTest } from '../support/launch-bot.js';
import { sampleDigest } from '../support/sample-digest.js';

const PRIVATE = 7301;
const GROUP = -100_7302;
const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** Two dated next steps and a vague one; the article is of 1 June 2026. */
const digest: Digest = {
  ...sampleDigest,
  source: { url: 'https://news.example/talks', title: 'Talks to resume', publisher: 'News', publishedAt: '2026-06-01T01:00:00Z', language: 'en' },
  nextSteps: [
    { text: 'Talks resume in Geneva.', evidence: 'Talks will resume in Geneva on 12 June.' },
    { text: 'A summit follows.', evidence: 'A summit is planned for next month.' },
    { text: 'They will meet again.', evidence: 'They will meet again soon.' },
  ],
};

type Button = { text: string; callback_data: string };
const buttons = (message: StoredMessage): Button[] => ((message.replyMarkup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The real bot with reminders against the fake Bot API; digests come from a stub service. */
async function start(cap = 20) {
  const api = await startFakeBotApi();
  const store: Store = openSqliteStore(':memory:', { defaultTimeZone: 'Asia/Jakarta' });
  const clock = { now: Date.parse('2026-06-01T03:00:00Z') };
  const now = () => clock.now;
  const sender = createSendQueue({ privateMinGapMs: 5, groupMinGapMs: 5 });
  const service: DigestService = {
    digest: async () => ({ digest, cached: false }),
    peek: async () => undefined,
    read: async () => {
      throw new Error('not used');
    },
  };
  const reminders = createReminderService({ reminders: store.reminders, repo: store.subscriptions, now, presetFeedIds: async () => [], cap, logger: silent });
  const { bot, idle } = createBot({
    token: api.token, apiRoot: api.apiRoot, digestService: service, store, sender, defaultLanguage: 'en', logger: silent, botUsername: api.botUsername,
    quota: { tryConsume: async () => ({ allowed: true, retryAfterSec: 0 }) },
    reminders,
  });
  const delivery = createDeliveryService({
    repo: store.subscriptions, digestService: service, now, defaultLanguage: 'en', presetFeedIds: async () => [], logger: silent,
    chat: createTelegramChatSender(createTelegramOutbound(bot.telegram, sender)),
    reminders: { ...reminders, buttons: reminderButtons },
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
  /** Pushes an update and waits until the bot answered `method` for it and its background work is done. */
  const handle = async (update: object, method: string, predicate: (payload: any) => boolean) => {
    const after = api.calls.length;
    api.pushUpdate(update);
    await api.waitFor(method, predicate, 10_000, after);
    await idle(5000);
  };
  return { api, store, clock, delivery, handle };
}

async function digestWithButtons(api: FakeBotApi, chatId: number): Promise<StoredMessage> {
  for (let i = 0; i < 200; i++) {
    const found = api.sentMessages(chatId).find((message) => buttons(message).some((b) => b.callback_data.startsWith('rem:')));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no digest with Remind-me buttons: ${JSON.stringify(api.sentMessages(chatId).map(buttons))}`);
}

const press = (k: Awaited<ReturnType<typeof start>>, message: StoredMessage, data: string, from = testUsers.admin) => {
  const update = callbackUpdate({ from, message: { chatId: message.chatId, messageId: message.messageId }, data });
  return k.handle(update, 'answerCallbackQuery', (p) => p.callback_query_id === update.callback_query.id).then(
    () => k.api.calls.filter((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === update.callback_query.id).at(-1)?.payload.text as string | undefined,
  );
};

it('puts a Remind-me button under a bot digest for each dated next step, sets the reminder on a press and delivers it on its day', async () => {
  const k = await start();
  await k.handle(messageUpdate({ chatId: PRIVATE, text: 'https://news.example/talks' }), 'sendMessage', (p) => p.chat_id === PRIVATE && p.reply_markup);
  const message = await digestWithButtons(k.api, PRIVATE);
  const remind = buttons(message).filter((b) => b.callback_data.startsWith('rem:'));
  // The vague "soon" gets none; the language button stays, below.
  expect(remind.map((b) => b.text)).toEqual(['⏰ Remind me · 12 June 2026', '⏰ Remind me · July 2026']);
  expect(buttons(message).at(-1)?.callback_data).toMatch(/^lang:/);
  expect(remind.every((b) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);

  expect(await press(k, message, remind[0]!.callback_data)).toBe('Reminder set for 12 June 2026. /reminders lists them.');
  expect(await press(k, message, remind[0]!.callback_data)).toBe('This reminder is already set.');
  expect(await press(k, message, 'rem:unknownkey12')).toMatch(/expired/);

  k.clock.now = Date.parse('2026-06-12T02:00:00Z');
  await k.delivery.tick();
  await k.delivery.tick();
  const reminders = k.api.sentTexts(PRIVATE).filter((text) => text.startsWith('⏰ <b>Reminder'));
  expect(reminders).toHaveLength(1);
  expect(reminders[0]).toBe([
    '⏰ <b>Reminder</b> · 12 June 2026',
    '<b>Next step:</b> Talks resume in Geneva.',
    '<i>“Talks will resume in Geneva on 12 June.”</i>',
    '<b>Source:</b> <a href="https://news.example/talks">Talks to resume</a>',
    '',
    '<i>Nothing reported yet.</i>',
  ].join('\n'));
});

it('lists reminders with /reminders and removes one with its button, redrawing the list', async () => {
  const k = await start();
  await k.handle(messageUpdate({ chatId: PRIVATE, text: 'https://news.example/talks' }), 'sendMessage', (p) => p.chat_id === PRIVATE && p.reply_markup);
  const message = await digestWithButtons(k.api, PRIVATE);
  for (const button of buttons(message).filter((b) => b.callback_data.startsWith('rem:'))) await press(k, message, button.callback_data);

  await k.handle(messageUpdate({ chatId: PRIVATE, text: '/reminders' }), 'sendMessage', (p) => p.chat_id === PRIVATE && /Reminders of this chat/.test(p.text));
  const list = k.api.sentMessages(PRIVATE).find((m) => m.text.startsWith('<b>Reminders of this chat')) as StoredMessage;
  expect(list.text).toBe('<b>Reminders of this chat</b>\n1. <b>12 June 2026</b> — Talks resume in Geneva.\n2. <b>July 2026</b> — A summit follows.');
  expect(buttons(list).map((b) => b.text)).toEqual(['✖ 1', '✖ 2']);

  const first = buttons(list)[0]!.callback_data;
  expect(await press(k, list, first)).toBe('Reminder removed.');
  await k.api.waitFor('editMessageText', (p) => p.message_id === list.messageId);
  const redrawn = k.api.sentMessages(PRIVATE).find((m) => m.messageId === list.messageId) as StoredMessage;
  expect(redrawn.text).toBe('<b>Reminders of this chat</b>\n1. <b>July 2026</b> — A summit follows.');
  // The stale button of the removed reminder (an old copy of the list) changes nothing.
  expect(await press(k, list, first)).toBe('Already removed or sent.');
  expect((await k.store.reminders.pendingOf(PRIVATE)).map((r) => r.candidate.step)).toEqual(['A summit follows.']);
});

it('refuses a reminder over the cap with a clear message, and a group member who is not an admin', async () => {
  const k = await start(1);
  await k.handle(messageUpdate({ chatId: PRIVATE, text: 'https://news.example/talks' }), 'sendMessage', (p) => p.chat_id === PRIVATE && p.reply_markup);
  const message = await digestWithButtons(k.api, PRIVATE);
  const [first, second] = buttons(message).filter((b) => b.callback_data.startsWith('rem:'));
  await press(k, message, first!.callback_data);
  expect(await press(k, message, second!.callback_data)).toBe('This chat already has 1 reminders, the most it can have. Remove one with /reminders first.');

  k.api.setChatMemberStatus(GROUP, testUsers.alice.id, 'member');
  const inGroup = { ...message, chatId: GROUP };
  expect(await press(k, inGroup, first!.callback_data, testUsers.alice)).toBe('Only group admins can set or remove reminders here.');
  expect(await k.store.reminders.pendingOf(GROUP)).toEqual([]);
});

it('codes the reminder buttons within 64 bytes and refuses data of another shape', () => {
  expect(parseRemindCallbackData(remindCallbackData('AbC-_12345xy') as string)).toEqual({ key: 'AbC-_12345xy' });
  expect(remindCallbackData('x'.repeat(61))).toBeNull();
  expect(remindCallbackData('no spaces')).toBeNull();
  expect(parseUnremindCallbackData(unremindCallbackData(123456789012))).toEqual({ reminderId: 123456789012 });
  expect(parseRemindCallbackData('unrem:5')).toBeNull();
  expect(parseUnremindCallbackData('unrem:-5')).toBeNull();
});
