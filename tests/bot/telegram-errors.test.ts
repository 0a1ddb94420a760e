import { Telegram, TelegramError } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { isRejectedToken, telegramFailure } from '../../src/bot/telegram-errors.js';
import { createTelegramChatSender, createTelegramOutbound, TelegramCallError } from '../../src/bot/telegram-outbound.js';
import { ChatSendError } from '../../src/subscriptions/chat-sender.js';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api.js';

const direct = { run: <T>(_chatId: number, call: () => Promise<T>) => call() };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function api(): Promise<{ api: FakeBotApi; telegram: Telegram }> {
  const fake = await startFakeBotApi();
  cleanups.push(() => fake.close());
  return { api: fake, telegram: new Telegram(fake.token, { apiRoot: fake.apiRoot, webhookReply: false }) };
}

/** The error telegraf throws for an injected Bot API error body. */
async function errorFor(body: Parameters<FakeBotApi['injectError']>[1]): Promise<unknown> {
  const { api: fake, telegram } = await api();
  fake.injectError('sendMessage', body);
  return telegram.sendMessage(1, 'x').then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('Telegram errors', () => {
  it('reads a 429 retry_after and a migration from real Bot API answers', async () => {
    const flood = await errorFor({ error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    expect(flood).toBeInstanceOf(TelegramError);
    expect(telegramFailure(flood)).toMatchObject({ code: 429, retryAfter: 3, migrateTo: null, blocked: false, notModified: false });
    const moved = await errorFor({ error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -100555 } });
    expect(telegramFailure(moved)).toMatchObject({ code: 400, migrateTo: -100555, retryAfter: null });
  });

  it('marks 403 as blocked and reads nothing from errors that are not Bot API answers', async () => {
    const kicked = await errorFor({ error_code: 403, description: 'Forbidden: bot was kicked from the group chat' });
    expect(telegramFailure(kicked)).toMatchObject({ code: 403, blocked: true, description: 'Forbidden: bot was kicked from the group chat' });
    // A hand-made look-alike is not trusted: only telegraf's TelegramError is a Bot API answer.
    expect(telegramFailure(Object.assign(new Error('x'), { response: { error_code: 403 } }))).toBeNull();
    expect(telegramFailure(new Error('socket hang up'))).toBeNull();
  });

  it('recognises a rejected token at start-up', async () => {
    const unauthorized = await errorFor({ error_code: 401, description: 'Unauthorized' });
    expect(isRejectedToken(unauthorized)).toBe(true);
    expect(isRejectedToken(await errorFor({ error_code: 400, description: 'Bad Request: chat not found' }))).toBe(false);
  });
});

describe('the outbound adapter', () => {
  it('treats "message is not modified" as an edit that changed nothing', async () => {
    const { telegram } = await api();
    const outbound = createTelegramOutbound(telegram, direct);
    const { messageId } = await outbound.sendHtml(42, '<b>Same</b>');
    expect(await outbound.editHtml(42, messageId, '<b>Changed</b>')).toBe(true);
    // The fake Bot API answers an identical edit with Telegram's real 400 "message is not modified".
    expect(await outbound.editHtml(42, messageId, '<b>Changed</b>')).toBe(false);
  });

  it('sends every message through the send queue, and fails with the error read once', async () => {
    const { api: fake, telegram } = await api();
    const queued: number[] = [];
    const outbound = createTelegramOutbound(telegram, { run: (chatId, call) => (queued.push(chatId), call()) });
    await outbound.sendHtml(5, 'one', { replyTo: 1, threadId: 2 });
    fake.injectError('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    const error = await outbound.sendHtml(6, 'two').catch((e: unknown) => e);
    expect(queued).toEqual([5, 6]);
    expect(error).toBeInstanceOf(TelegramCallError);
    expect((error as TelegramCallError).failure).toMatchObject({ code: 400, description: 'Bad Request: chat not found' });
  });

  it('gives the subscriptions a typed reason for each failure', async () => {
    const { api: fake, telegram } = await api();
    const chat = createTelegramChatSender(createTelegramOutbound(telegram, direct));
    const reasons: unknown[] = [];
    const bodies = [
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      { error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -1009 } },
      { error_code: 429, description: 'Too Many Requests: retry after 5', parameters: { retry_after: 5 } },
      { error_code: 400, description: "Bad Request: can't parse entities" },
      { error_code: 500, description: 'Internal Server Error' },
    ];
    for (const body of bodies) {
      fake.injectError('sendMessage', body);
      const error = await chat.sendHtml(-9, 'x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatSendError);
      reasons.push((error as ChatSendError).failure.kind === 'migrated' ? { kind: 'migrated', to: (error as ChatSendError & { failure: { to: number } }).failure.to } : (error as ChatSendError).failure.kind);
    }
    expect(reasons).toEqual(['blocked', { kind: 'migrated', to: -1009 }, 'rate-limited', 'rejected', 'other']);
    await chat.sendHtml(-9, 'fine');
    expect(fake.sentTexts(-9)).toEqual(['fine']);
  });
});
