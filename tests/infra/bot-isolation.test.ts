import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { botTexts } from '../../src/bot/bot-texts.js';
import { AppError } from '../../src/errors/app-error.js';
import { userMessage } from '../../src/errors/user-messages.js';
import { type RunningApp, startApp } from '../../src/main.js';
import { type FakeBotApi, messageUpdate, startFakeBotApi, testUsers } from '../support/fake-bot-api.js';

// 50,000 sibling paragraphs with links (4.9 MB): Readability needs tens of seconds for it on any machine.
const FLAT_PAGE = `<!doctype html><html lang="en"><body>${'<div><p>Delegates compared notes on river treaties and ports. <a href="/next">next</a></p></div>'.repeat(50_000)}</body></html>`;

let api: FakeBotApi | undefined;
let app: RunningApp | undefined;
let pages: Server | undefined;
let dir: string | undefined;

afterEach(async () => {
  await app?.stop();
  await api?.close();
  await new Promise<void>((done) => (pages ? pages.close(() => done()) : done()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = api = pages = dir = undefined;
});

describe('the bot with worker threads', { timeout: 90_000 }, () => {
  it('answers a page that runs past JOB_TIME_LIMIT_MS with the clear error while it keeps serving other chats and /healthz', async () => {
    pages = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(FLAT_PAGE);
    });
    await new Promise<void>((done) => pages?.listen(0, '127.0.0.1', done));
    const pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/world/river-talks`;
    api = await startFakeBotApi();
    dir = mkdtempSync(join(tmpdir(), 'kabar-isolation-'));
    app = await startApp(
      {
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.apiRoot,
        DATABASE_PATH: join(dir, 'bot.sqlite'),
        SUMMARIZER: 'extractive',
        FETCH_ALLOW_PRIVATE: '127.0.0.1',
        WORKER_THREADS: '1',
        JOB_TIME_LIMIT_MS: '300',
        LOG_LEVEL: 'silent',
      },
      { port: 0, host: '127.0.0.1', drainTimeoutMs: 2000 },
    );

    api.pushUpdate(messageUpdate({ chatId: testUsers.alice.id, from: testUsers.alice, text: pageUrl }));
    // The hostile job is under way once "typing…" is out (a placeholder only follows after 1.5 s).
    await api.waitFor('sendChatAction', (payload) => payload.chat_id === testUsers.alice.id, 30_000);

    // Another chat and the health check are answered while the page is still being read.
    api.pushUpdate(messageUpdate({ chatId: testUsers.budi.id, from: testUsers.budi, text: '/start' }));
    const health = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(health.status).toBe(200);
    const healthAnsweredAt = api.calls.length;
    await api.waitFor('sendMessage', (payload) => payload.chat_id === testUsers.budi.id, 30_000);

    const timeout = userMessage(new AppError('PROCESSING_TIMEOUT', 'test'), 'en');
    const isFinal = (payload: { chat_id: number; text: string }) => payload.chat_id === testUsers.alice.id && payload.text.includes(timeout);
    // The error replaces the placeholder if one was due by then, else it is the first reply.
    await Promise.any([api.waitFor('editMessageText', isFinal, 60_000), api.waitFor('sendMessage', isFinal, 60_000)]);

    const index = (predicate: (call: (typeof api & {})['calls'][number]) => boolean) => api?.calls.findIndex(predicate) ?? -1;
    const budiAnswer = index((call) => call.method === 'sendMessage' && call.payload.chat_id === testUsers.budi.id);
    const aliceAnswer = index((call) => (call.method === 'editMessageText' || call.method === 'sendMessage') && isFinal(call.payload));
    // Order, not time: the other chat and /healthz were served before the hostile job ended.
    expect(api.calls[budiAnswer]?.payload.text).toBe(botTexts('id').welcome);
    expect(budiAnswer).toBeLessThan(aliceAnswer);
    expect(healthAnsweredAt).toBeLessThanOrEqual(aliceAnswer);
  });
});
