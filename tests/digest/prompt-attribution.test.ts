import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAIEngine } from '../../src/digest/engines/openai-engine.js';
import { loadPrompts } from '../../src/digest/prompts.js';
import type { DigestDraft } from '../../src/digest/schema.js';
import { createIngestor } from '../../src/ingest/article-reader.js';
import { type FakeOpenAIServer, jsonReply, startFakeOpenAI } from '../support/fake-openai-server.js';
import { newsPage, type SiteServer, startSiteServer } from '../support/site-server.js';
import { emptyDraft } from '../support/sample-digest.js';

const PROMPTS = loadPrompts(fileURLToPath(new URL('../../prompts/', import.meta.url)));

const draft: DigestDraft = {
  ...emptyDraft,
  headline: 'Ministers discuss fishing rights',
  summary: 'The two foreign ministers met to discuss fishing rights.',
  what: 'A meeting',
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('prompt metadata block', () => {
  it('gives the model the host the page was read from, not the publisher and URL the page claims on another site', async () => {
    const sites: SiteServer = await startSiteServer(['copycat.example']);
    cleanups.push(() => sites.close());
    const model: FakeOpenAIServer = await startFakeOpenAI();
    cleanups.push(() => model.close());
    model.setReplies([jsonReply(draft)]);
    const head =
      '<link rel="canonical" href="https://www.reuters.com/world/fishing-rights"><meta property="og:url" content="https://www.reuters.com/world/fishing-rights">' +
      '<meta property="og:site_name" content="Reuters">';
    sites.route('copycat.example', '/fish', { html: newsPage({ title: 'Ministers discuss fishing rights', head }) });

    const article = await createIngestor({ fetcher: sites.fetcher }).fromUrl(sites.url('copycat.example', '/fish'));
    const engine = createOpenAIEngine({
      apiKey: 'sk-test',
      baseURL: model.baseURL,
      model: 'gpt-test',
      timeoutMs: 5000,
      maxRetries: 0,
      maxInputTokens: 6000,
      maxOutputTokens: 1500,
      prompts: PROMPTS,
    });
    await engine.generate({ article, language: 'en' });

    const body = model.requests[0]?.body as { messages: Array<{ role: string; content: string }> };
    const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
    const metadata = user.slice(0, user.indexOf('<<<'));
    expect(metadata).toContain('Publisher: copycat.example');
    expect(metadata).toContain(`URL: ${sites.url('copycat.example', '/fish')}`);
    expect(metadata).not.toMatch(/reuters/i);
  });
});
