import { afterEach, describe, expect, it } from 'vitest';
import { createDigestService } from '../../src/digest/digest-service.js';
import type { DigestEngine, EngineRequest } from '../../src/digest/engine.js';
import { createMemoryDigestCache } from '../../src/digest/memory-cache.js';
import type { Article } from '../../src/ingest/article.js';
import { createIngestor } from '../../src/ingest/article-reader.js';
import type { Ingestor } from '../../src/ingest/ingestor.js';
import { newsPage, type SiteServer, startSiteServer } from '../support/site-server.js';
import { emptyDraft } from '../support/sample-digest.js';

/** An engine whose headline is the article's title, so a digest shows which page it was made from. */
function titleEngine(): DigestEngine & { calls: EngineRequest[] } {
  const calls: EngineRequest[] = [];
  return {
    name: 'extractive',
    model: 'title-echo',
    calls,
    async generate(request) {
      calls.push(request);
      return {
        notes: [],
        draft: {
          ...emptyDraft,
          headline: request.article.title ?? 'untitled',
          summary: 'A summary.',
          what: 'A meeting',
        },
      };
    },
  };
}

const servers: SiteServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function serviceOver(ingestor: Ingestor, cache = createMemoryDigestCache()) {
  const engine = titleEngine();
  const service = createDigestService({ ingestor, engines: { extractive: engine }, defaultEngine: 'extractive', cache, promptVersion: 't1' });
  return { service, engine };
}

describe('digest cache keys', () => {
  it('does not let a page that declares another site’s canonical URL plant its digest under that URL', async () => {
    const server = await startSiteServer(['copycat.example', 'wire.example']);
    servers.push(server);
    const realUrl = server.url('wire.example', '/world/summit-talks');
    server.route('copycat.example', '/planted', {
      html: newsPage({
        title: 'Planted story about secret deals',
        head: `<link rel="canonical" href="${realUrl}"><meta property="og:url" content="${realUrl}"><meta property="og:site_name" content="Wire">`,
      }),
    });
    server.route('wire.example', '/world/summit-talks', { html: newsPage({ title: 'Summit talks end without a deal', head: '<meta property="og:site_name" content="Wire">' }) });
    const { service, engine } = serviceOver(createIngestor({ fetcher: server.fetcher }));

    const planted = await service.digest({ input: { kind: 'url', url: server.url('copycat.example', '/planted') }, language: 'en' });
    expect(planted.digest.source.url).toBe(server.url('copycat.example', '/planted'));
    expect(planted.digest.source.publisher).toBe('copycat.example');

    const real = await service.digest({ input: { kind: 'url', url: realUrl }, language: 'en' });
    expect(server.requests).toContain('wire.example/world/summit-talks');
    expect(real.cached).toBe(false);
    expect(real.digest.headline).toBe('Summit talks end without a deal');
    expect(real.digest.source).toMatchObject({ url: realUrl, publisher: 'Wire' });
    expect(engine.calls).toHaveLength(2);
  });

  it('does not serve one page’s digest for another page of the same site that it names as canonical', async () => {
    // A same-site canonical is credited, but on a site where anyone can publish (comments, user pages)
    // it must not decide which digest another URL gets.
    const reads: string[] = [];
    const page = (url: string, title: string): Article => ({
      url: 'https://forum.example/official-statement',
      fetchedUrl: url,
      title,
      publisher: 'forum.example',
      publishedAt: null,
      language: 'en',
      text: 'Text.',
    });
    const ingestor: Ingestor = {
      async fromUrl(url) {
        reads.push(url);
        return url.endsWith('/user-post') ? page(url, 'A user post') : { ...page(url, 'The official statement'), url };
      },
      fromHtml: () => {
        throw new Error('not used');
      },
      fromText: () => {
        throw new Error('not used');
      },
    };
    const { service } = serviceOver(ingestor);
    await service.digest({ input: { kind: 'url', url: 'https://forum.example/user-post' }, language: 'en' });
    const official = await service.digest({ input: { kind: 'url', url: 'https://forum.example/official-statement' }, language: 'en' });
    expect(reads).toEqual(['https://forum.example/user-post', 'https://forum.example/official-statement']);
    expect(official.digest.headline).toBe('The official statement');
  });

  it('files a digest under the final URL of a redirect, so asking for that URL costs no second read', async () => {
    const server = await startSiteServer(['short.example', 'wire.example']);
    servers.push(server);
    server.route('short.example', '/x1', { redirect: server.url('wire.example', '/2026/ports?utm_source=short') });
    server.route('wire.example', '/2026/ports?utm_source=short', { html: newsPage({ title: 'Port fees cut for fishing boats' }) });
    const { service, engine } = serviceOver(createIngestor({ fetcher: server.fetcher }));

    const first = await service.digest({ input: { kind: 'url', url: server.url('short.example', '/x1') }, language: 'en' });
    expect(first.digest.source.url).toBe(server.url('wire.example', '/2026/ports'));
    const second = await service.digest({ input: { kind: 'url', url: server.url('wire.example', '/2026/ports') }, language: 'en' });
    expect(second.cached).toBe(true);
    expect(engine.calls).toHaveLength(1);
    expect(server.requests).toEqual(['short.example/x1', 'wire.example/2026/ports?utm_source=short']);
  });

  it('reads the article again once the cached digest has outlived its time to live', async () => {
    const clock = { t: Date.parse('2026-03-01T00:00:00Z') };
    const reads: string[] = [];
    const ingestor: Ingestor = {
      async fromUrl(url) {
        reads.push(url);
        return { url, fetchedUrl: url, title: `Version ${reads.length}`, publisher: 'wire.example', publishedAt: null, language: 'en', text: 'Text.' };
      },
      fromHtml: () => {
        throw new Error('not used');
      },
      fromText: () => {
        throw new Error('not used');
      },
    };
    const { service } = serviceOver(ingestor, createMemoryDigestCache({ ttlMs: 60 * 60 * 1000, now: () => clock.t }));
    const request = { input: { kind: 'url', url: 'https://wire.example/live' } as const, language: 'en' as const };
    expect((await service.digest(request)).digest.headline).toBe('Version 1');
    clock.t += 59 * 60 * 1000;
    expect(await service.peek(request)).toBeDefined();
    expect((await service.digest(request)).cached).toBe(true);
    clock.t += 60 * 1000;
    expect(await service.peek(request)).toBeUndefined();
    const again = await service.digest(request);
    expect(again.cached).toBe(false);
    expect(again.digest.headline).toBe('Version 2');
    expect(reads).toHaveLength(2);
  });
});
