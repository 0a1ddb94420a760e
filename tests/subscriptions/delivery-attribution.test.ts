import { afterEach, describe, expect, it } from 'vitest';
import type { ChatSender } from '../../src/subscriptions/chat-sender.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import type { DigestEngine } from '../../src/digest/engine.js';
import { createMemoryDigestCache } from '../../src/digest/memory-cache.js';
import { createIngestor } from '../../src/ingest/article-reader.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { createDeliveryService } from '../../src/subscriptions/delivery-service.js';
import { newsPage, type SiteServer, startSiteServer } from '../support/site-server.js';
import { emptyDraft } from '../support/sample-digest.js';

const START = Date.parse('2026-02-10T00:00:00Z');
const silent = { info() {}, warn() {}, debug() {} };

const engine: DigestEngine = {
  name: 'extractive',
  model: 'fake-1',
  async generate(request) {
    return {
      notes: [],
      draft: {
        ...emptyDraft,
        headline: request.article.title ?? 'untitled',
        summary: 'The ministers discussed fishing rights.',
        what: 'A meeting',
      },
    };
  },
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('subscription digest attribution', () => {
  it('links a feed item’s digest to the item that was read, not to the canonical URL its page claims on another site', async () => {
    const server: SiteServer = await startSiteServer(['copycat.example']);
    cleanups.push(() => server.close());
    const itemUrl = server.url('copycat.example', '/feed-item-9');
    const head =
      '<link rel="canonical" href="https://www.reuters.com/world/fishing-rights-talks"><meta property="og:site_name" content="Reuters">';
    server.route('copycat.example', '/feed-item-9', { html: newsPage({ title: 'Ministers discuss fishing rights', head }) });

    const store = openSqliteStore(':memory:', { defaultTimeZone: 'Asia/Jakarta' });
    const sent: string[] = [];
    const telegram: ChatSender = {
      async sendHtml(_chatId, text) {
        sent.push(text);
      },
    };
    const digestService = createDigestService({
      ingestor: createIngestor({ fetcher: server.fetcher }),
      engines: { extractive: engine },
      defaultEngine: 'extractive',
      cache: createMemoryDigestCache(),
      promptVersion: 't1',
    });
    const service = createDeliveryService({
      repo: store.subscriptions,
      digestService,
      chat: telegram,
      now: () => START,
      defaultLanguage: 'en',
      presetFeedIds: async () => [],
      logger: silent,
    });
    cleanups.push(async () => {
      await service.stop();
      await store.close();
    });

    const feed = await store.subscriptions.upsertFeed(server.url('copycat.example', '/rss'), { title: 'Copycat Wire', language: 'en' }, 0);
    await store.subscriptions.subscribe(-5, feed.id, START);
    const items = await store.subscriptions.addItems(feed.id, [
      {
        identity: 'guid-9',
        url: itemUrl,
        title: 'Ministers discuss fishing rights',
        summary: 'Fishing rights talks.',
        publishedAt: null,
        language: 'en',
        storyId: 'story-9',
        firstSeenAt: START,
      },
    ]);
    await service.handleNewItems(feed, items);
    await service.tick();

    expect(sent).toHaveLength(1);
    const message = sent[0] ?? '';
    expect(message).toContain('Ministers discuss fishing rights');
    expect(message).toContain(`<a href="${itemUrl}">copycat.example</a>`);
    expect(message).not.toContain('reuters.com');
    expect(message).not.toContain('Reuters');
  });
});
