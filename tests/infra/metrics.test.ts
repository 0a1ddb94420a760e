import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramError } from 'telegraf';
import { createBot } from '../../src/bot/create-bot.js';
import { telegramErrorCode } from '../../src/bot/telegram-errors.js';
import { type HttpServer, createHttpServer } from '../../src/infra/http-server.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { createQuota } from '../../src/bot/quota.js';
import { createSendQueue } from '../../src/infra/send-queue.js';
import type { DigestRequest, DigestService } from '../../src/digest/digest-service.js';
import type { Digest } from '../../src/digest/schema.js';
import { AppError } from '../../src/errors/app-error.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { messageUpdate, startFakeBotApi } from '../support/fake-bot-api.js';
import { launchForTest } from '../support/launch-bot.js';
import { emptyDraft } from '../support/sample-digest.js';

const PRIVATE = 5001;
const OTHER = 5002;
const NOT_AN_ARTICLE = 'https://www.antaranews.com/tag/diplomasi';

function digestFor(request: DigestRequest): Digest {
  return {
    ...emptyDraft,
    headline: 'Putin and Pezeshkian discuss cooperation',
    summary: 'The presidents of Russia and Iran discussed bilateral cooperation.',
    what: 'A phone call',
    when: '2025-05-06',
    where: 'By phone',
    language: request.language,
    engine: 'extractive',
    model: 'fake',
    source: { url: null, title: 'Putin dan Pezeshkian', publisher: null, publishedAt: null, language: 'id' },
    notes: [],
  };
}

/** Caches per input+language; refuses one URL as not an article. */
function fakeService(): DigestService {
  const cache = new Set<string>();
  const key = (request: DigestRequest) => JSON.stringify([request.input, request.language]);
  return {
    async digest(request) {
      if (request.input.kind === 'url' && request.input.url === NOT_AN_ARTICLE) throw new AppError('NOT_AN_ARTICLE', 'a tag page');
      const cached = cache.has(key(request));
      cache.add(key(request));
      return { digest: digestFor(request), cached };
    },
    async peek(request) {
      return cache.has(key(request)) ? digestFor(request) : undefined;
    },
    async read() {
      throw new Error('not used');
    },
  };
}

function get(port: number, path: string): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function serve(metrics?: ReturnType<typeof createMetrics>): Promise<number> {
  const server: HttpServer = createHttpServer({ port: 0, host: '127.0.0.1', health: () => ({ ok: true }), ...(metrics ? { metrics } : {}) });
  const { port } = await server.listen();
  cleanups.push(() => server.close());
  return port;
}

describe('GET /metrics', () => {
  it('counts updates, digests by engine and outcome, cache hits and a Telegram 429 after real bot traffic', async () => {
    const api = await startFakeBotApi();
    cleanups.push(() => api.close());
    const store = openSqliteStore(':memory:');
    cleanups.push(() => store.close());
    const metrics = createMetrics();
    const queue = createSendQueue({ privateMinGapMs: 50, groupMinGapMs: 50, onRetry: metrics.onSendRetry });
    cleanups.push(() => queue.stop(1000));
    const sender = metrics.instrumentSender(queue, telegramErrorCode);
    metrics.watchSendQueue(sender);
    const logger = { info() {}, warn() {}, error() {}, debug() {} };
    const { bot, idle } = createBot({
      token: api.token,
      apiRoot: api.apiRoot,
      digestService: fakeService(),
      store,
      sender,
      quota: createQuota({ repo: store.quota, limitPerHour: 100, now: () => Date.now() }),
      defaultLanguage: 'en',
      logger,
      botUsername: api.botUsername,
      metrics,
    });
    const stopPolling = launchForTest(bot);
    cleanups.push(async () => {
      await stopPolling();
      await idle(5000);
    });

    // The first answer (the digest itself: it is ready before a placeholder is due) meets a flood 429
    // and is retried after retry_after.
    api.injectError('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const link = 'https://www.antaranews.com/berita/1';
    api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: link }));
    await api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE && String(p.text).includes('Putin'), 10_000);
    const mark = api.calls.length;
    api.pushUpdate(messageUpdate({ chatId: PRIVATE, text: link }));
    await api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE && String(p.text).includes('Putin'), 10_000, mark);
    const beforeRefusal = api.calls.length;
    api.pushUpdate(messageUpdate({ chatId: OTHER, text: NOT_AN_ARTICLE }));
    await api.waitFor('sendMessage', (p) => p.chat_id === OTHER, 10_000, beforeRefusal);
    await idle(10_000);

    const port = await serve(metrics);
    const reply = await get(port, '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(reply.text).toMatch(/^kabar_updates_total 3$/m);
    expect(reply.text).toMatch(/^kabar_digests_total\{engine="extractive",outcome="ok"\} 1$/m);
    expect(reply.text).toMatch(/^kabar_digests_total\{engine="extractive",outcome="cached"\} 1$/m);
    expect(reply.text).toMatch(/^kabar_digests_total\{engine="none",outcome="NOT_AN_ARTICLE"\} 1$/m);
    expect(reply.text).toMatch(/^kabar_cache_hits_total 1$/m);
    expect(reply.text).toMatch(/^kabar_telegram_errors_total\{code="429"\} 1$/m);
    expect(reply.text).toMatch(/^kabar_send_queue_depth 0$/m);
    expect(reply.text).toContain('process_cpu_user_seconds_total');
  });

  it('counts a Bot API error that escapes the send queue by its code', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const sender = metrics.instrumentSender(createSendQueue({ maxRetries: 0, onRetry: metrics.onSendRetry }), telegramErrorCode);
    const forbidden = new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(sender.run(7, () => Promise.reject(forbidden))).rejects.toBe(forbidden);
    expect(await metrics.render()).toMatch(/^kabar_telegram_errors_total\{code="403"\} 1$/m);
  });

  it('reports the shared backlog of deliveries and digest jobs on every scrape', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let pending = 3;
    metrics.watchBacklog({ deliveriesPending: async () => pending, jobsPending: async () => 2 });
    expect(await metrics.render()).toMatch(/^kabar_deliveries_pending 3$/m);
    pending = 0;
    const text = await metrics.render();
    expect(text).toMatch(/^kabar_deliveries_pending 0$/m);
    expect(text).toMatch(/^kabar_digest_jobs_pending 2$/m);
  });

  it('keeps the last backlog figure when the database count fails', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let fail = false;
    metrics.watchBacklog({ deliveriesPending: async () => (fail ? Promise.reject(new Error('db down')) : 5) });
    expect(await metrics.render()).toMatch(/^kabar_deliveries_pending 5$/m);
    fail = true;
    expect(await metrics.render()).toMatch(/^kabar_deliveries_pending 5$/m);
  });

  it('times model requests and adds up the tokens a JSON answer reports', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const answer = { choices: [], usage: { prompt_tokens: 1200, completion_tokens: 300 } };
    const modelFetch = metrics.instrumentModelFetch(async () => Response.json(answer));
    const response = await modelFetch('http://127.0.0.1/v1/chat/completions', { method: 'POST' });
    expect(await response.json()).toEqual(answer);
    await new Promise((resolve) => setImmediate(resolve));
    const text = await metrics.render();
    expect(text).toMatch(/^kabar_model_latency_seconds_count 1$/m);
    expect(text).toMatch(/^kabar_model_tokens_total\{kind="prompt"\} 1200$/m);
    expect(text).toMatch(/^kabar_model_tokens_total\{kind="completion"\} 300$/m);
  });

  it('is not served when the server has no metrics', async () => {
    const port = await serve();
    expect((await get(port, '/metrics')).status).toBe(404);
  });
});
