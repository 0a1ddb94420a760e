import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DigestService } from '../../src/digest/digest-service.js';
import { startArticleServer, type ArticleServer } from '../support/article-server.js';
import { inlineCallbackUpdate, inlineQueryUpdate, testUsers } from '../support/fake-bot-api.js';
import { startTestKabar, type TestKabar } from '../support/bot-harness.js';

let kabar: TestKabar | undefined;
let articles: ArticleServer | undefined;
afterEach(async () => {
  await kabar?.close();
  await articles?.close();
  kabar = undefined;
  articles = undefined;
});

/** Sends an inline query and returns what the bot answered. */
async function ask(k: TestKabar, query: string, from = testUsers.alice) {
  const update = inlineQueryUpdate({ query, from });
  k.api.pushUpdate(update);
  const answer = await k.api.waitFor('answerInlineQuery', (p) => p.inline_query_id === update.inline_query.id);
  return { queryId: update.inline_query.id, payload: answer.payload, result: answer.payload.results[0] };
}

/** Holds every digest until `release()`, counting calls. */
function gated() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const counts = { digest: 0 };
  const wrap = (service: DigestService): DigestService => ({
    ...service,
    async digest(request) {
      counts.digest++;
      await gate;
      return service.digest(request);
    },
  });
  return { wrap, release, counts };
}

describe('inline mode', () => {
  it('offers a cached digest at once, personal and briefly cached, with the language button', async () => {
    articles = await startArticleServer();
    kabar = await startTestKabar({ allowPrivate: ['127.0.0.1'] });
    await kabar.service.digest({ input: { kind: 'url', url: articles.url(1) }, language: 'en' });
    const { payload, result } = await ask(kabar, `${articles.url(1)}`);
    expect(payload.is_personal).toBe(true);
    expect(payload.cache_time).toBeLessThanOrEqual(10);
    expect(result.id).toMatch(/^d:en:/);
    expect(result.input_message_content.parse_mode).toBe('HTML');
    expect(result.input_message_content.message_text).toMatch(/ARTICLE-1/);
    expect(result.reply_markup.inline_keyboard[0][0].text).toBe('🇮🇩 Bahasa Indonesia');
    expect(articles.hits.get(1)).toBe(1);
  });

  it('answers an uncached link late with "Summarize this link", and edits the chosen result into the digest by inline_message_id', async () => {
    articles = await startArticleServer();
    const gate = gated();
    kabar = await startTestKabar({ allowPrivate: ['127.0.0.1'], wrapService: gate.wrap, inlineBudgetMs: 100 });
    const { queryId, result } = await ask(kabar, articles.url(2));
    expect(result.title).toBe('Summarize this link');
    expect(result.id).toMatch(/^p:en:/);
    expect(gate.counts.digest).toBe(1); // started at once, before anything was chosen

    const inlineMessageId = kabar.api.chooseInlineResult({ queryId, resultId: result.id, query: articles.url(2) });
    expect(inlineMessageId).toBeDefined();
    gate.release();
    const edit = await kabar.api.waitFor('editMessageText', (p) => p.inline_message_id === inlineMessageId);
    expect(edit.payload.text).toMatch(/ARTICLE-2/);
    expect(kabar.api.inlineMessages().get(inlineMessageId as string)?.text).toMatch(/ARTICLE-2/);
    // One digest for the query and the choice, one quota use.
    expect(gate.counts.digest).toBe(1);
    expect(await kabar.store.quota.countSince(testUsers.alice.id, 0)).toBe(1);

    // The button under the inline message rewrites it in Indonesian, in place.
    kabar.api.pushUpdate(inlineCallbackUpdate({ inlineMessageId: inlineMessageId as string, data: edit.payload.reply_markup.inline_keyboard[0][0].callback_data }));
    const switched = await kabar.api.waitFor('editMessageText', (p) => p.inline_message_id === inlineMessageId && p.reply_markup?.inline_keyboard?.[0]?.[0]?.text === '🇬🇧 English');
    expect(switched.payload.text).not.toBe(edit.payload.text);
  });

  it('answers an empty query or plain words with a short help result', async () => {
    kabar = await startTestKabar();
    for (const query of ['', 'what is this']) {
      const { result } = await ask(kabar, query, testUsers.budi);
      expect(result.id).toBe('help');
      expect(result.title).toBe('Ringkas tautan berita');
      expect(result.input_message_content.message_text).toContain('@KabarTestBot');
    }
  });

  it('refuses a link to a private address without requesting it, as a message would be', async () => {
    const hits: string[] = [];
    const internal = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('secret');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.2', resolve));
    try {
      kabar = await startTestKabar({ allowPrivate: ['127.0.0.1'] });
      const { result } = await ask(kabar, `http://127.0.0.2:${(internal.address() as AddressInfo).port}/admin`);
      expect(result.input_message_content.message_text).toMatch(/private or local address/);
      expect(result.reply_markup).toBeUndefined();
      expect(hits).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => internal.close(() => resolve()));
    }
  });

  it('charges inline digests to the user\'s hourly quota and says so when it is used up', async () => {
    articles = await startArticleServer();
    kabar = await startTestKabar({ allowPrivate: ['127.0.0.1'], quotaPerHour: 1 });
    expect((await ask(kabar, articles.url(3))).result.id).toMatch(/^d:en:/);
    const { result } = await ask(kabar, articles.url(4));
    expect(result.input_message_content.message_text).toMatch(/limit|hour/i);
    expect(articles.hits.get(4)).toBeUndefined();
  });
});
