import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { userMessage } from '../../src/errors/user-messages.js';
import type { FetchedPage, PageFetcher } from '../../src/ingest/page-fetcher.js';
import { createIngestor } from '../../src/ingest/article-reader.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const page = (name: string) => readFileSync(join(FIXTURES, 'pages', name), 'utf8');
const seed = readFileSync(join(FIXTURES, 'antara-putin-pezeshkian-id.txt'), 'utf8');

/** A PageFetcher that serves canned pages by URL and records what it was asked for. */
function fakeFetcher(pages: Record<string, Omit<FetchedPage, 'status'>>): PageFetcher & { requested: string[] } {
  const requested: string[] = [];
  return {
    requested,
    async fetchPage(url: string) {
      requested.push(url);
      const found = pages[url];
      if (!found) throw new AppError('HTTP_STATUS', `404 for ${url}`, { details: { status: 404 } });
      return { status: 200, ...found };
    },
  };
}

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const noFetcher = fakeFetcher({});

describe('createIngestor', () => {
  it('fetches a page, extracts and cleans it and takes the final URL as the page origin', async () => {
    const fetcher = fakeFetcher({
      'https://antara.example/s/abc': {
        url: 'https://www.antaranews.com/berita/4825301/ri-dan-vietnam?utm_source=telegram',
        contentType: 'text/html',
        body: page('antara-like-article.html'),
      },
    });
    const article = await createIngestor({ fetcher }).fromUrl('https://antara.example/s/abc');
    expect(fetcher.requested).toEqual(['https://antara.example/s/abc']);
    expect(article).toMatchObject({
      url: 'https://www.antaranews.com/berita/4825301/ri-dan-vietnam-sepakati-percepatan-perundingan-batas-zee',
      title: 'RI dan Vietnam sepakati percepatan perundingan batas ZEE',
      publisher: 'ANTARA News',
      publishedAt: '2025-05-13T07:05:00.000Z',
      language: 'id',
    });
    expect(article.text.split('\n\n')).toHaveLength(7);
    expect(article.text).not.toMatch(/Baca juga|Pewarta|Copyright|Share on/);
  });

  it('treats a text/plain page as pasted text with the host as publisher', async () => {
    const fetcher = fakeFetcher({
      'https://wire.example/story.txt?utm_medium=x': { url: 'https://www.wire.example/story.txt?utm_medium=x', contentType: 'text/plain', body: seed },
    });
    const article = await createIngestor({ fetcher }).fromUrl('https://wire.example/story.txt?utm_medium=x');
    expect(article.url).toBe('https://www.wire.example/story.txt');
    expect(article.publisher).toBe('wire.example');
    expect(article.publishedAt).toBeNull();
    expect(article.language).toBe('id');
    expect(article.text).not.toContain('Baca juga');
  });

  it('passes the fetcher’s AppError through unchanged', async () => {
    await expect(createIngestor({ fetcher: noFetcher }).fromUrl('https://nowhere.example/')).rejects.toMatchObject({ code: 'HTTP_STATUS' });
  });

  it('refuses a news section front as not an article', () => {
    const error = thrown(() => createIngestor({ fetcher: noFetcher }).fromHtml(page('kompas-mainpage.html'), 'http://indeks.kompas.com/'));
    expect(error.code).toBe('NOT_AN_ARTICLE');
    expect(error.details['reason']).toBe('section-front');
  });

  it('refuses an RSS feed served where an article was expected', () => {
    const item = (n: number) =>
      `<item><title>Berita nomor ${n} tentang kerja sama bilateral</title><link>https://news.example/berita/${n}</link><description>Presiden dan menteri luar negeri membahas kerja sama bilateral di bidang perdagangan dan energi pada pertemuan hari ini.</description></item>`;
    const rss = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Berita Terkini</title>${[1, 2, 3, 4, 5, 6].map(item).join('')}</channel></rss>`;
    const error = thrown(() => createIngestor({ fetcher: noFetcher }).fromHtml(rss, 'https://news.example/rss'));
    expect(error.code).toBe('NOT_AN_ARTICLE');
    expect(error.details['reason']).toBe('section-front');
  });

  it('refuses a cookie wall and asks for the article text', () => {
    const error = thrown(() => createIngestor({ fetcher: noFetcher }).fromHtml(page('cookie-wall.html'), 'https://planet.example/summit'));
    expect(error.code).toBe('NOT_AN_ARTICLE');
    expect(error.details['reason']).toBe('wall');
    expect(userMessage(error, 'en')).toMatch(/paste the article text/i);
  });

  it('refuses a page with only a line or two of text', () => {
    const html = '<html><body><article><h1>Page not found</h1><p>Sorry, we could not find that page.</p></article></body></html>';
    const error = thrown(() => createIngestor({ fetcher: noFetcher }).fromHtml(html, 'https://news.example/missing'));
    expect(error.code).toBe('NOT_AN_ARTICLE');
  });

  it('accepts a real ANTARA article page and drops its title repeated as the first paragraph', () => {
    const article = createIngestor({ fetcher: noFetcher }).fromHtml(page('antara-singlepage.html'), 'http://www.antaranews.com/berita/527615/29-penerbangan');
    expect(article.language).toBe('id');
    expect(article.text.startsWith('Mataram, NTB (ANTARA News) - Sebanyak 29 penerbangan')).toBe(true);
  });

  it('cleans pasted text and leaves url, title, publisher and date empty', () => {
    const article = createIngestor({ fetcher: noFetcher }).fromText(seed);
    expect(article).toMatchObject({ url: null, title: null, publisher: null, publishedAt: null, language: 'id' });
    expect(article.text.split('\n\n')).toHaveLength(10);
    expect(article.text).not.toMatch(/Baca juga|Penerjemah|Editor:|Copyright|Sumber: Sputnik/);
  });

  it('takes a short first line without a final period as the title of pasted text', () => {
    const article = createIngestor({ fetcher: noFetcher }).fromText(`Putin dan Pezeshkian bahas kerja sama bilateral\n${seed}`);
    expect(article.title).toBe('Putin dan Pezeshkian bahas kerja sama bilateral');
    expect(article.text.startsWith('Moskow (ANTARA)')).toBe(true);
  });

  it('refuses pasted text that is too short to be an article', () => {
    const error = thrown(() => createIngestor({ fetcher: noFetcher }).fromText('Putin dan Pezeshkian berbicara melalui telepon pada Selasa.'));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/too short to be an article/);
  });

  it('refuses long pasted text that is a single sentence', () => {
    const error = thrown(() => createIngestor({ fetcher: noFetcher }).fromText(`Presiden ${'dan menteri '.repeat(40)}bertemu di Jakarta`));
    expect(error.code).toBe('INVALID_INPUT');
  });
});
