import { describe, expect, it } from 'vitest';
import { cleanText, escapeHtml, escapeHtmlAttribute, linkableUrl, shortenAtWord } from '../../../src/digest/render/escape.js';

describe('escapeHtml', () => {
  it('escapes &, < and > in text, ampersand first so nothing is double-escaped', () => {
    expect(escapeHtml('a & b <c> &amp;')).toBe('a &amp; b &lt;c&gt; &amp;amp;');
    expect(escapeHtml('"quoted"')).toBe('"quoted"');
  });

  it('also escapes double quotes in attributes', () => {
    expect(escapeHtmlAttribute('https://x.example/?q="a"&b=<c>')).toBe('https://x.example/?q=&quot;a&quot;&amp;b=&lt;c&gt;');
  });
});

describe('cleanText', () => {
  it('strips control characters and bidi overrides and collapses whitespace', () => {
    expect(cleanText(' a\u0000b\u001b[31m red \u202Eevil\n\n  next\t ')).toBe('ab[31m red evil next');
    expect(cleanText(null)).toBe('');
  });
});

describe('shortenAtWord', () => {
  it('keeps short text as is', () => {
    expect(shortenAtWord('short quote', 200)).toBe('short quote');
  });

  it('cuts at a word boundary and adds an ellipsis within the limit', () => {
    const text = 'alpha beta gamma, delta epsilon';
    expect(shortenAtWord(text, 20)).toBe('alpha beta gamma…');
    expect(shortenAtWord(text, 20).length).toBeLessThanOrEqual(20);
  });

  it('cuts a word without spaces without splitting an emoji', () => {
    const shortened = shortenAtWord('😀'.repeat(20), 10);
    expect(shortened).toBe(`${'😀'.repeat(4)}…`);
  });
});

describe('linkableUrl', () => {
  it('accepts only http(s) URLs without credentials', () => {
    expect(linkableUrl('https://example.com/a?b=1&c="2"')).toBe('https://example.com/a?b=1&c="2"');
    expect(linkableUrl(' http://example.com/ ')).toBe('http://example.com/');
    expect(linkableUrl('javascript:alert(1)')).toBeNull();
    expect(linkableUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(linkableUrl('data:text/html,<b>x</b>')).toBeNull();
    expect(linkableUrl('https://user:pass@example.com/')).toBeNull();
    expect(linkableUrl('/relative/path')).toBeNull();
    expect(linkableUrl(null)).toBeNull();
  });

  it('normalizes a URL with embedded newlines instead of linking the raw string', () => {
    expect(linkableUrl('https://exa\nmple.com/a b')).toBe('https://example.com/a%20b');
  });
});
