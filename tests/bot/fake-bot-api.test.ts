import { afterEach, describe, expect, it } from 'vitest';
import { type FakeBotApi, parseTelegramHtml, startFakeBotApi } from '../support/fake-bot-api.js';

async function call(api: FakeBotApi, method: string, payload: object) {
  const res = await fetch(`${api.apiRoot}/bot${api.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  expect(res.headers.get('content-length')).not.toBeNull();
  return { status: res.status, body: (await res.json()) as { ok: boolean; result?: any; description?: string } };
}

describe('fake Bot API', () => {
  let api: FakeBotApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('accepts Telegram HTML and rejects unknown tags, unbalanced tags and a bare & or <', () => {
    expect(parseTelegramHtml('<b>Hi</b> &amp; <a href="https://x.example/?a=1&amp;b=2">link</a> &#127470;')).toBe('Hi & link 🇮');
    expect(() => parseTelegramHtml('<div>x</div>')).toThrow(/can't parse entities/);
    expect(() => parseTelegramHtml('<b><i>x</b></i>')).toThrow(/can't parse entities/);
    expect(() => parseTelegramHtml('<b>x')).toThrow(/can't parse entities/);
    expect(() => parseTelegramHtml('Tom & Jerry')).toThrow(/can't parse entities/);
    expect(() => parseTelegramHtml('1 < 2')).toThrow(/can't parse entities/);
  });

  it('answers 429 with retry_after once more messages than the global flood limit arrive within a second', async () => {
    api = await startFakeBotApi({ floodLimits: { globalPerSecond: 3 } });
    const results = [];
    for (let n = 0; n < 4; n++) results.push(await call(api, 'sendMessage', { chat_id: n + 1, text: 'hi' }));
    expect(results.slice(0, 3).every((r) => r.body.ok)).toBe(true);
    expect(results[3]).toMatchObject({ status: 429, body: { ok: false, parameters: { retry_after: 1 } } });
    expect((await call(api, 'getMe', {})).body.ok).toBe(true);
  });

  it('holds requests unrecorded until resume, and drops those whose client went away', async () => {
    api = await startFakeBotApi();
    api.hold();
    const kept = call(api, 'sendMessage', { chat_id: 1, text: 'kept' });
    const abort = new AbortController();
    const dropped = fetch(`${api.apiRoot}/bot${api.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: 2, text: 'dropped' }),
      signal: abort.signal,
    }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.calls).toHaveLength(0);
    abort.abort();
    expect(await dropped).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    api.resume();
    expect((await kept).body.ok).toBe(true);
    expect(api.sentTexts()).toEqual(['kept']);
  });

  it('rejects text over 4096 characters after entity parsing but counts &amp; as one', async () => {
    api = await startFakeBotApi();
    expect((await call(api, 'sendMessage', { chat_id: 1, text: '&amp;'.repeat(4096), parse_mode: 'HTML' })).body.ok).toBe(true);
    const tooLong = await call(api, 'sendMessage', { chat_id: 1, text: 'a'.repeat(4097) });
    expect(tooLong).toMatchObject({ status: 400, body: { ok: false, description: 'Bad Request: message is too long' } });
  });

  it('rejects callback_data over 64 bytes and an edit that changes nothing', async () => {
    api = await startFakeBotApi();
    const button = (data: string) => ({ inline_keyboard: [[{ text: 'x', callback_data: data }]] });
    expect((await call(api, 'sendMessage', { chat_id: 1, text: 'a', reply_markup: button('é'.repeat(33)) })).status).toBe(400);
    const sent = await call(api, 'sendMessage', { chat_id: 1, text: 'a' });
    const edit = { chat_id: 1, message_id: sent.body.result.message_id, text: 'a' };
    expect((await call(api, 'editMessageText', edit)).body.description).toMatch(/message is not modified/);
    expect((await call(api, 'editMessageText', { ...edit, text: 'b' })).body.ok).toBe(true);
    expect(api.sentTexts(1)).toEqual(['b']);
  });

  it('holds getUpdates until an update arrives, and an offset confirms earlier updates', async () => {
    api = await startFakeBotApi();
    const held = call(api, 'getUpdates', { offset: 0, timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const id = api.pushUpdate({ message: { text: 'hi' } });
    expect((await held).body.result.map((u: { update_id: number }) => u.update_id)).toEqual([id]);
    expect((await call(api, 'getUpdates', { offset: id + 1 })).body.result).toEqual([]);
  });

  it('fails injected calls the given number of times, with retry_after', async () => {
    api = await startFakeBotApi();
    api.injectError('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    expect(await call(api, 'sendMessage', { chat_id: 1, text: 'a' })).toMatchObject({ status: 429, body: { parameters: { retry_after: 1 } } });
    expect((await call(api, 'sendMessage', { chat_id: 1, text: 'a' })).body.ok).toBe(true);
  });
});
