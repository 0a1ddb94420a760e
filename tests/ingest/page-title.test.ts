import { describe, expect, it } from 'vitest';
import { extractPage } from '../../src/ingest/extract.js';
import { HOSTILE_INPUTS } from '../fixtures/hostile/generate.js';

describe('extractPage titles', () => {
  it('collapses a run of 40,000 spaces inside og:title before looking for a site-name separator', () => {
    const html = HOSTILE_INPUTS.find((input) => input.name === 'spaced-og-title-page')!.build();
    expect(extractPage(html, 'https://pages.example.test/patrols').article.title).toBe('Indonesia and Norway extend maritime patrols');
  });

  it('caps a page title at 300 characters', () => {
    const words = 'Kementerian Luar Negeri menggelar pertemuan bilateral '.repeat(40);
    const html = `<html><head><meta property="og:title" content="${words}"></head><body><p>Body text.</p></body></html>`;
    const title = extractPage(html, 'https://pages.example.test/a').article.title!;
    expect(title.length).toBeLessThanOrEqual(300);
    expect(words.startsWith(title)).toBe(true);
  });
});
