import { describe, expect, it } from 'vitest';
import { createDigestService, type DigestInput, type DigestServiceDeps } from '../../src/digest/digest-service.js';
import type { DigestEngine, EngineRequest } from '../../src/digest/engine.js';
import { createMemoryDigestCache } from '../../src/digest/memory-cache.js';
import type { DigestDraft } from '../../src/digest/schema.js';
import { AppError } from '../../src/errors/app-error.js';
import type { Article } from '../../src/ingest/article.js';
import type { Ingestor } from '../../src/ingest/ingestor.js';

const ARTICLE_TEXT =
  'Presiden Rusia Vladimir Putin dan Presiden Iran Masoud Pezeshkian membahas kerja sama bilateral.\n\n' +
  '"Para presiden sepakat untuk meningkatkan kerja sama dalam rangka memperkuat hubungan praktis Rusia-Iran," lanjut pernyataan tersebut.';

function fakeIngestor(reads: DigestInput[] = []): Ingestor {
  const article = (url: string | null): Article => ({
    url,
    title: 'Putin dan Pezeshkian bahas kerja sama',
    publisher: url ? 'ANTARA News' : null,
    publishedAt: '2025-05-06T10:00:00Z',
    language: 'id',
    text: ARTICLE_TEXT,
  });
  return {
    async fromUrl(url) {
      reads.push({ kind: 'url', url });
      // The page declares a canonical URL without tracking parameters.
      return article('https://www.antaranews.com/berita/1');
    },
    fromHtml: (html, url) => (reads.push({ kind: 'html', html, url }), article(url)),
    fromText: (text) => (reads.push({ kind: 'text', text }), article(null)),
  };
}

function draft(overrides: Partial<DigestDraft> = {}): DigestDraft {
  return {
    headline: 'Putin and Pezeshkian discuss cooperation',
    summary: 'The presidents of Russia and Iran discussed bilateral cooperation.',
    who: [{ name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' }],
    countries: [],
    what: 'A phone call',
    when: '2025-05-06',
    where: 'By phone',
    agreements: [
      { text: 'Strengthen cooperation', evidence: 'Para presiden sepakat untuk meningkatkan kerja sama' },
      { text: 'Build a nuclear plant', evidence: 'kedua negara sepakat membangun reaktor nuklir baru' },
    ],
    nextSteps: [],
    keyPoints: [],
    background: [],
    ...overrides,
  };
}

function fakeEngine(name: 'openai' | 'extractive', behaviour: (request: EngineRequest) => Promise<DigestDraft>) {
  const calls: EngineRequest[] = [];
  const engine: DigestEngine & { calls: EngineRequest[] } = {
    name,
    model: name === 'openai' ? 'test-model' : 'extractive-test',
    calls,
    async generate(request) {
      calls.push(request);
      return { draft: await behaviour(request), notes: [] };
    },
  };
  return engine;
}

/** The real service over a fake ingestor and the given engines, with an in-memory cache. */
function serviceWith(engines: DigestServiceDeps['engines'], ingestor: Ingestor = fakeIngestor()) {
  return createDigestService({ ingestor, engines, defaultEngine: 'auto', cache: createMemoryDigestCache(), promptVersion: 'test.v1' });
}

describe('digest service', () => {
  it('drops an agreement whose evidence is not in the article and says so in the notes', async () => {
    const service = serviceWith({ extractive: fakeEngine('extractive', async () => draft()) });
    const { digest } = await service.digest({ input: { kind: 'text', text: ARTICLE_TEXT }, language: 'en' });
    expect(digest.agreements.map((item) => item.text)).toEqual(['Strengthen cooperation']);
    expect(digest.notes.join(' ')).toMatch(/1 item was removed/);
    expect(digest.source.language).toBe('id');
    expect(digest.engine).toBe('extractive');
  });

  it('costs one engine call when the same article is asked twice, even with tracking parameters', async () => {
    const engine = fakeEngine('openai', async () => draft());
    const reads: DigestInput[] = [];
    const service = serviceWith({ extractive: fakeEngine('extractive', async () => draft()), openai: engine }, fakeIngestor(reads));
    const first = await service.digest({ input: { kind: 'url', url: 'https://www.antaranews.com/berita/1?utm_source=x' }, language: 'en' });
    const second = await service.digest({ input: { kind: 'url', url: 'https://www.antaranews.com/berita/1' }, language: 'en' });
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(engine.calls).toHaveLength(1);
    expect(reads).toHaveLength(1);
  });

  it('shares one engine call between two simultaneous requests for the same article', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine = fakeEngine('openai', async () => (await gate, draft()));
    const service = serviceWith({ extractive: fakeEngine('extractive', async () => draft()), openai: engine });
    const request = { input: { kind: 'text', text: ARTICLE_TEXT } as const, language: 'id' as const };
    const both = Promise.all([service.digest(request), service.digest(request)]);
    release();
    const [a, b] = await both;
    expect(engine.calls).toHaveLength(1);
    expect(a.digest).toEqual(b.digest);
  });

  it('caches per language and engine', async () => {
    const extractive = fakeEngine('extractive', async () => draft());
    const service = serviceWith({ extractive });
    const input = { kind: 'text', text: ARTICLE_TEXT } as const;
    await service.digest({ input, language: 'en' });
    await service.digest({ input, language: 'id' });
    await service.digest({ input, language: 'id' });
    expect(extractive.calls.map((call) => call.language)).toEqual(['en', 'id']);
  });

  it('falls back to the extractive digest with a visible note when the model fails in auto mode', async () => {
    const openai = fakeEngine('openai', async () => {
      throw new AppError('MODEL_UNAVAILABLE', 'HTTP 503 from the model');
    });
    const extractive = fakeEngine('extractive', async () => draft({ agreements: [] }));
    const service = serviceWith({ extractive, openai });
    const input = { kind: 'text', text: ARTICLE_TEXT } as const;
    const { digest } = await service.digest({ input, language: 'id' });
    expect(digest.engine).toBe('extractive');
    expect(digest.notes[0]).toMatch(/Model AI tidak tersedia/);

    // The fallback is not cached under the model's key: the next request tries the model again.
    await service.digest({ input, language: 'id' });
    expect(openai.calls).toHaveLength(2);
  });

  it('reports the model failure when the model was asked for explicitly', async () => {
    const openai = fakeEngine('openai', async () => {
      throw new AppError('MODEL_REFUSED', 'refused');
    });
    const service = serviceWith({ extractive: fakeEngine('extractive', async () => draft()), openai });
    await expect(
      service.digest({ input: { kind: 'text', text: ARTICLE_TEXT }, language: 'en', engine: 'openai' }),
    ).rejects.toMatchObject({ code: 'MODEL_REFUSED' });
  });

  it('refuses the openai engine when no model is configured', async () => {
    const service = serviceWith({ extractive: fakeEngine('extractive', async () => draft()) });
    await expect(
      service.digest({ input: { kind: 'text', text: ARTICLE_TEXT }, language: 'en', engine: 'openai' }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
