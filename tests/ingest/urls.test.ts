import { describe, expect, it } from 'vitest';
import { absoluteHttpUrl, canonicalizeUrl, displayHost, findUrls, isHttpUrl, LINK_MAX_CHARS, parseHttpUrl, resolveUrl, safeCanonicalUrl, sameSubscriptionUrl } from '../../src/ingest/urls.js';

describe('canonicalizeUrl', () => {
  it('strips tracking parameters and the fragment but keeps real ones', () => {
    expect(canonicalizeUrl('https://WWW.Antaranews.com/berita/123?utm_source=tw&id=5&fbclid=x#top')).toBe(
      'https://www.antaranews.com/berita/123?id=5',
    );
  });

  it('drops an empty query left after stripping', () => {
    expect(canonicalizeUrl('https://example.com/a?utm_medium=social')).toBe('https://example.com/a');
  });
});

describe('findUrls', () => {
  it('finds links inside a message without trailing punctuation', () => {
    expect(findUrls('Lihat (https://example.com/a?b=1), dan https://example.org/x.')).toEqual([
      'https://example.com/a?b=1',
      'https://example.org/x',
    ]);
  });

  it('keeps a parenthesis that belongs to the URL and drops duplicates', () => {
    expect(findUrls('https://en.wikipedia.org/wiki/ASEAN_(bloc) https://en.wikipedia.org/wiki/ASEAN_(bloc)')).toEqual([
      'https://en.wikipedia.org/wiki/ASEAN_(bloc)',
    ]);
  });

  it('ignores text without links', () => {
    expect(findUrls('Presiden Rusia Vladimir Putin')).toEqual([]);
  });
});

describe('URL helpers shared by ingest, feeds, digests and the bot', () => {
  it('reads only http(s) URLs, resolving relative ones against a base', () => {
    expect(parseHttpUrl('/a?b=1', 'https://x.example.com/feed')?.href).toBe('https://x.example.com/a?b=1');
    expect(parseHttpUrl('javascript:alert(1)')).toBeNull();
    expect(parseHttpUrl('not a url')).toBeNull();
    expect(isHttpUrl('ftp://x.example.com/')).toBe(false);
  });

  it('names a host as a reader writes it', () => {
    expect(displayHost('https://WWW.Example.org/path')).toBe('example.org');
    expect(displayHost('mailto:a@example.org')).toBeNull();
  });

  it('keeps feed links absolute, credential-free and at most LINK_MAX_CHARS long', () => {
    expect(absoluteHttpUrl(' /news/1 ', 'https://x.example.com/rss')).toBe('https://x.example.com/news/1');
    expect(absoluteHttpUrl('https://user:pw@x.example.com/', 'https://x.example.com/')).toBeNull();
    expect(absoluteHttpUrl(`https://x.example.com/${'a'.repeat(LINK_MAX_CHARS)}`, 'https://x.example.com/')).toBeNull();
    expect(resolveUrl('/base/', 'https://x.example.com/feed')).toBe('https://x.example.com/base/');
    expect(resolveUrl('http://[bad', 'https://x.example.com/feed')).toBe('https://x.example.com/feed');
  });

  it('falls back to the URL itself when it cannot be canonicalised', () => {
    expect(safeCanonicalUrl('https://x.example.com/a?utm_source=x#top')).toBe('https://x.example.com/a');
    expect(safeCanonicalUrl('not a url')).toBe('not a url');
  });

  it('treats case of the host and a trailing slash as the same subscription', () => {
    expect(sameSubscriptionUrl('https://Example.com/feed/', 'https://example.com/feed')).toBe(true);
    expect(sameSubscriptionUrl('https://example.com/feed?a=1', 'https://example.com/feed')).toBe(false);
  });
});
