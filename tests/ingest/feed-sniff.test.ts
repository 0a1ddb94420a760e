import { describe, expect, it } from 'vitest';
import { extractPage } from '../../src/ingest/extract.js';
import { looksLikeFeedDocument } from '../../src/ingest/feed-sniff.js';
import { HOSTILE_INPUTS } from '../fixtures/hostile/generate.js';

describe('looksLikeFeedDocument', () => {
  it('recognises RSS, Atom and RDF documents behind declarations, stylesheets and comments', () => {
    expect(looksLikeFeedDocument('<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<!-- feed -->\n<rss version="2.0">')).toBe(true);
    expect(looksLikeFeedDocument('\uFEFF  <feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
    expect(looksLikeFeedDocument('<rdf:RDF xmlns:rdf="x">')).toBe(true);
  });

  it('does not take a page, a feed named in text, or an unclosed comment for a feed', () => {
    expect(looksLikeFeedDocument('<!DOCTYPE html><html><body><rss>')).toBe(false);
    expect(looksLikeFeedDocument('<rssfeed>')).toBe(false);
    expect(looksLikeFeedDocument('<!-- never closed <rss>')).toBe(false);
  });

  it('reads past many leading empty comments in one scan', () => {
    expect(looksLikeFeedDocument(`${'<!---->'.repeat(500)}<rss>`)).toBe(true);
    expect(looksLikeFeedDocument(`${'<!---->'.repeat(500)}<html>`)).toBe(false);
  });
});

describe('extractPage on a page behind empty comments', () => {
  it('extracts the article behind 60 leading empty comments and does not call it a feed', () => {
    const html = HOSTILE_INPUTS.find((input) => input.name === 'comment-prefixed-page')!.build();
    const page = extractPage(html, 'https://pages.example.test/patrols');
    expect(page.feed).toBe(false);
    expect(page.article.title).toBe('Indonesia and Norway extend maritime patrols');
    expect(page.article.text).toContain('agreed on Tuesday to extend joint maritime patrols');
  });
});
