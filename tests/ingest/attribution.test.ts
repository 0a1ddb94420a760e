import { afterEach, describe, expect, it } from 'vitest';
import { attribute, sameSite, siteNameAgrees, siteOf } from '../../src/ingest/attribution.js';
import { createIngestor } from '../../src/ingest/article-reader.js';
import { newsPage, type SiteServer, startSiteServer } from '../support/site-server.js';

const servers: SiteServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function sites(...hosts: string[]): Promise<SiteServer> {
  const server = await startSiteServer(hosts);
  servers.push(server);
  return server;
}

describe('sites and site names', () => {
  it('treats subdomains of one registrable domain as one site and other domains as others', () => {
    expect(siteOf('https://en.antaranews.com/news/1')).toBe('antaranews.com');
    expect(sameSite('https://www.antaranews.com/a', 'https://en.antaranews.com/b')).toBe(true);
    expect(sameSite('https://news.bbc.co.uk/a', 'https://www.bbc.co.uk/b')).toBe(true);
    // co.uk is a public suffix: two companies under it are two sites.
    expect(sameSite('https://alpha.co.uk/a', 'https://beta.co.uk/a')).toBe(false);
    // Blogs on one platform belong to different people.
    expect(sameSite('https://mallory.github.io/a', 'https://alice.github.io/a')).toBe(false);
    expect(sameSite('https://copycat.example/a', 'https://www.reuters.com/a')).toBe(false);
    expect(sameSite('javascript:alert(1)', 'javascript:alert(1)')).toBe(false);
  });

  it('accepts a site name that spells the host’s domain, with generic words or the suffix after it', () => {
    expect(siteNameAgrees('ANTARA News', 'https://en.antaranews.com/x')).toBe(true);
    expect(siteNameAgrees('Reuters', 'https://www.reuters.com/x')).toBe(true);
    expect(siteNameAgrees('BBC News', 'https://www.bbc.co.uk/x')).toBe(true);
    expect(siteNameAgrees('The Daily Ledger', 'https://dailyledger.example/x')).toBe(true);
    expect(siteNameAgrees('Harian Pagi.com', 'https://www.harianpagi.com/x')).toBe(true);
    expect(siteNameAgrees('warta News', 'https://warta.example/x')).toBe(true);
    expect(siteNameAgrees('kabarfinance', 'https://finance.kabar.example/x')).toBe(true);
    expect(siteNameAgrees('Suara News', 'https://www.suaranewsonline.example/x')).toBe(true);
    expect(siteNameAgrees('lifestyle.harianpagi.example', 'https://www.harianpagi.example/x')).toBe(true);
    expect(siteNameAgrees('North Sea Courier', 'https://www.nsc.example/x')).toBe(true);
    expect(siteNameAgrees('Harbour Times', 'https://htimes.example/x')).toBe(true);
  });

  it('refuses a site name that belongs to another site or only shares its first letters', () => {
    expect(siteNameAgrees('Reuters', 'https://copycat.example/x')).toBe(false);
    expect(siteNameAgrees('Reuters', 'https://reu.example/x')).toBe(false);
    expect(siteNameAgrees('Copycat Reuters', 'https://copycat.example/x')).toBe(false);
    expect(siteNameAgrees('World Health Organization', 'https://world.example/x')).toBe(false);
    expect(siteNameAgrees('www.reuters.com', 'https://copycat.example/x')).toBe(false);
    // Initials need a label of three letters or more.
    expect(siteNameAgrees('Reuters News', 'https://rn.example/x')).toBe(false);
    expect(siteNameAgrees('North Sea Courier Reuters', 'https://nsc.example/x')).toBe(false);
    expect(siteNameAgrees('ANTARA News', 'http://127.0.0.1:8080/x')).toBe(false);
  });

  it('credits nothing it cannot check when the page has no URL of its own', () => {
    expect(attribute(null, { canonical: 'https://www.reuters.com/a', ogUrl: null, siteName: 'Reuters' })).toEqual({ url: null, publisher: null });
  });
});

describe('attribution of fetched pages', () => {
  it('ignores a canonical URL, og:url and site name of another host and credits the host the page came from', async () => {
    const server = await sites('copycat.example');
    const head =
      '<link rel="canonical" href="https://www.reuters.com/world/asia/talks-1"><meta property="og:url" content="https://www.reuters.com/world/asia/talks-1">' +
      '<meta property="og:site_name" content="Reuters">';
    server.route('copycat.example', '/story?utm_source=chat', { html: newsPage({ title: 'Ministers discuss fishing rights', head }) });
    const article = await createIngestor({ fetcher: server.fetcher }).fromUrl(server.url('copycat.example', '/story?utm_source=chat'));
    expect(article.url).toBe(server.url('copycat.example', '/story'));
    expect(article.publisher).toBe('copycat.example');
    expect(article.fetchedUrl).toBe(server.url('copycat.example', '/story?utm_source=chat'));
  });

  it('keeps a canonical URL and site name that belong to the same site', async () => {
    const server = await sites('m.harianpagi.example');
    const head = '<link rel="canonical" href="https://www.harianpagi.example/berita/77?utm_medium=x"><meta property="og:site_name" content="Harian Pagi">';
    server.route('m.harianpagi.example', '/77', { html: newsPage({ title: 'Ministers discuss fishing rights', head }) });
    const article = await createIngestor({ fetcher: server.fetcher }).fromUrl(server.url('m.harianpagi.example', '/77'));
    expect(article.url).toBe('https://www.harianpagi.example/berita/77');
    expect(article.publisher).toBe('Harian Pagi');
  });

  it('credits the final URL of a redirect, not the link that was sent', async () => {
    const server = await sites('short.example', 'wire.example');
    server.route('short.example', '/x7', { redirect: server.url('wire.example', '/2026/talks') });
    server.route('wire.example', '/2026/talks', { html: newsPage({ title: 'Ministers discuss fishing rights', head: '<meta property="og:site_name" content="Wire">' }) });
    const article = await createIngestor({ fetcher: server.fetcher }).fromUrl(server.url('short.example', '/x7'));
    expect(article.url).toBe(server.url('wire.example', '/2026/talks'));
    expect(article.publisher).toBe('Wire');
  });
});
