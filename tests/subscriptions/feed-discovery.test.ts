import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../../src/ingest/nesting-depth.js';
import { discoverFeedLinks } from '../../src/subscriptions/feed-discovery.js';

describe('discoverFeedLinks', () => {
  it('finds RSS, Atom and JSON Feed alternates and resolves them against the page URL', () => {
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/rss+xml" title="Dunia" href="/rss/dunia.xml">
      <link rel="alternate" type="application/atom+xml" href="https://cdn.example.id/atom.xml">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" hreflang="en" href="https://example.id/en/">
      <link rel="canonical" href="https://example.id/dunia">
    </head><body><a rel="alternate" type="application/rss+xml" href="/not-a-head-link.xml">RSS</a></body></html>`;
    expect(discoverFeedLinks(html, 'https://example.id/berita/dunia')).toEqual([
      'https://example.id/rss/dunia.xml',
      'https://cdn.example.id/atom.xml',
      'https://example.id/berita/feed.json',
    ]);
  });

  it('honours <base href>, mixed-case attributes, type parameters and multi-valued rel', () => {
    const html = `<html><head><base href="https://static.example.com/news/">
      <LINK REL="Alternate Home" TYPE="Application/RSS+XML; charset=utf-8" HREF="world.rss">
      <link rel="alternate" type="application/json" href="world.json">
    </head></html>`;
    expect(discoverFeedLinks(html, 'https://example.com/')).toEqual([
      'https://static.example.com/news/world.rss',
      'https://static.example.com/news/world.json',
    ]);
  });

  it('drops duplicates and non-http links', () => {
    const html = `<head>
      <link rel="alternate" type="application/rss+xml" href="/rss">
      <link rel="alternate" type="application/rss+xml" href="https://example.com/rss">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="application/rss+xml" href="ftp://example.com/rss">
    </head>`;
    expect(discoverFeedLinks(html, 'https://example.com/page')).toEqual(['https://example.com/rss']);
  });

  it('returns nothing for a page without feed links', () => {
    expect(discoverFeedLinks('<html><head><title>x</title></head><body>hi</body></html>', 'https://example.com/')).toEqual([]);
    expect(discoverFeedLinks('', 'https://example.com/')).toEqual([]);
  });

  it('does not parse a page nested deeper than MAX_NESTING_DEPTH, so it advertises no feed', () => {
    const head = '<head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>';
    const body = (levels: number) => `<body>${'<div>'.repeat(levels)}x${'</div>'.repeat(levels)}</body>`;
    expect(discoverFeedLinks(`<html>${head}${body(10)}</html>`, 'https://example.com/')).toEqual(['https://example.com/rss.xml']);
    expect(discoverFeedLinks(`<html>${head}${body(MAX_NESTING_DEPTH)}</html>`, 'https://example.com/')).toEqual([]);
  });
});
