import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, findUrls } from '../../src/ingest/urls.js';

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
