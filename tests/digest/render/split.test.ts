import { describe, expect, it } from 'vitest';
import { renderDigestHtml } from '../../../src/digest/render/html.js';
import {
  splitTelegramHtml,
  TELEGRAM_MESSAGE_LIMIT,
  telegramPlainText,
  telegramTextLength,
} from '../../../src/digest/render/split.js';
import type { Digest } from '../../../src/digest/schema.js';

/** An independent reading of Telegram HTML: strip tags, decode the entities the Bot API knows. */
function visibleText(html: string): string {
  return html
    .replace(/<\/?[a-zA-Z][\w-]*(?:"[^"]*"|'[^']*'|[^'">])*>/g, '')
    .replace(/&(lt|gt|amp|quot|#\d+);/g, (_, name: string) =>
      name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : { lt: '<', gt: '>', amp: '&', quot: '"' }[name]!,
    );
}

/** Tag names in nesting order that are still open at the end; throws on a mis-nested close. */
function openTagsAtEnd(html: string): string[] {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*>/g)) {
    if (match[1]) {
      const top = stack.pop();
      if (top !== match[2]) throw new Error(`mis-nested </${match[2]}> in ${html.slice(0, 80)}`);
    } else stack.push(match[2]!);
  }
  return stack;
}

const hasBrokenEntity = (html: string) => /&(?!(?:amp|lt|gt|quot|#\d+);)/.test(html.replace(/<[^>]*>/g, ''));

function bigDigest(): Digest {
  const items = Array.from({ length: 30 }, (_, i) => ({
    text: `Item ${i}: the parties agreed on point ${i} of the road map & its <annex>, "in full".`,
    evidence: `Kedua pihak sepakat soal butir ${i} & lampirannya ${'serta kerja sama lanjutan '.repeat(6)}.`,
  }));
  return {
    headline: 'A long digest & its <many> items',
    summary: 'Summary sentence with an ampersand & some text. '.repeat(20),
    who: [{ name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' }],
    countries: [],
    what: 'A very long meeting.',
    when: '2025-05-06',
    where: 'Moscow',
    agreements: items,
    nextSteps: items.slice(0, 10),
    keyPoints: ['Trade & energy projects.'.repeat(3)],
    background: ['Earlier treaty & talks.'.repeat(5)],
    language: 'en',
    engine: 'extractive',
    model: 'extractive-1',
    source: { url: 'https://example.com/a?b=1&c=2', title: null, publisher: 'Example', publishedAt: null, language: 'en' },
    notes: ['A note.'],
  };
}

describe('telegramTextLength', () => {
  it('counts text after entity parsing, in UTF-16 code units', () => {
    expect(telegramTextLength('<b>a</b> &amp; <a href="https://x.example/?a=1&amp;b=2">link</a>')).toBe(8);
    expect(telegramTextLength('&lt;&gt;&quot;&#65;&#x42;')).toBe(5);
    expect(telegramTextLength('😀 &#128512;')).toBe(5);
    expect(telegramTextLength('<blockquote expandable>quote</blockquote>')).toBe(5);
  });

  it('exposes the decoded text', () => {
    expect(telegramPlainText('<i>Q&amp;A</i> &lt;b&gt; &#x1F600;')).toBe('Q&A <b> 😀');
  });
});

describe('splitTelegramHtml', () => {
  it('returns a message that fits as a single chunk unchanged', () => {
    const html = renderDigestHtml({ ...bigDigest(), agreements: [], nextSteps: [], summary: 'Short.' });
    expect(splitTelegramHtml(html)).toEqual([html]);
  });

  it('splits a 10,000-character digest into valid chunks within the limit that add up to the original text', () => {
    const html = renderDigestHtml(bigDigest());
    expect(telegramTextLength(html)).toBeGreaterThan(10_000);
    const chunks = splitTelegramHtml(html);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(telegramTextLength(chunk)).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(openTagsAtEnd(chunk)).toEqual([]);
      expect(hasBrokenEntity(chunk)).toBe(false);
      expect(visibleText(chunk).trim()).not.toBe('');
    }
    expect(chunks.map(visibleText).join('')).toBe(visibleText(html));
  });

  it('prefers paragraph boundaries, then line boundaries', () => {
    const paragraph = (char: string) => `${char.repeat(30)}\n${char.repeat(30)}`;
    const html = [paragraph('a'), paragraph('b'), paragraph('c')].join('\n\n');
    expect(splitTelegramHtml(html, 130)).toEqual([`${paragraph('a')}\n\n${paragraph('b')}\n\n`, paragraph('c')]);
    expect(splitTelegramHtml(html, 70)).toEqual([`${paragraph('a')}\n\n`, `${paragraph('b')}\n\n`, paragraph('c')]);
    expect(splitTelegramHtml(html, 40)).toEqual([
      `${'a'.repeat(30)}\n`,
      `${'a'.repeat(30)}\n\n`,
      `${'b'.repeat(30)}\n`,
      `${'b'.repeat(30)}\n\n`,
      `${'c'.repeat(30)}\n`,
      'c'.repeat(30),
    ]);
  });

  it('splits a single 5,000-character paragraph at word boundaries', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `w${String(i).padStart(3, '0')}`);
    const html = words.join(' ');
    expect(html.length).toBe(4999);
    const chunks = splitTelegramHtml(html);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]!.length).toBeLessThanOrEqual(4096);
    expect(chunks[0]!.endsWith(' ')).toBe(true);
    expect(chunks[1]!.startsWith('w')).toBe(true);
    expect(chunks.join('')).toBe(html);
    for (const chunk of chunks) expect(chunk.trim().split(' ').every((word) => /^w\d{3}$/.test(word))).toBe(true);
  });

  it('closes and reopens elements that a cut falls inside', () => {
    const body = 'kata '.repeat(1200).trim();
    const html = `<b>Title</b>\n\n<blockquote expandable>Quote &amp; ${body}</blockquote>\n\n<i>end</i>`;
    const chunks = splitTelegramHtml(html);
    expect(chunks).toHaveLength(2);
    const quoted = chunks.filter((chunk) => chunk.includes('kata'));
    expect(quoted.length).toBeGreaterThanOrEqual(2);
    for (const chunk of quoted) {
      expect(chunk).toMatch(/<blockquote expandable>/);
      expect(chunk).toMatch(/<\/blockquote>/);
    }
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(4096);
      expect(openTagsAtEnd(chunk)).toEqual([]);
    }
    expect(chunks.map(visibleText).join('')).toBe(visibleText(html));
  });

  it('does not send a short heading alone when the paragraph after it must be split anyway', () => {
    const html = `<b>Title</b>\n\n${'kata '.repeat(1200)}`;
    const chunks = splitTelegramHtml(html);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]!.startsWith('<b>Title</b>\n\nkata ')).toBe(true);
  });

  it('keeps a quote on the same chunk as the line that introduces it', () => {
    const item = (i: number) => `• item ${i} ${'x'.repeat(80)}\n<blockquote expandable>“quote ${i} ${'y'.repeat(60)}”</blockquote>`;
    const html = Array.from({ length: 10 }, (_, i) => item(i)).join('\n');
    const chunks = splitTelegramHtml(html, 300);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk).toMatch(/^• item \d+ x+\n<blockquote expandable>/);
    expect(chunks.join('')).toBe(html);
  });

  it('reopens a link with its href', () => {
    const html = `<a href="https://example.com/?a=1&amp;b=2">${'tautan '.repeat(20)}</a>`;
    const chunks = splitTelegramHtml(html, 80);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.startsWith('<a href="https://example.com/?a=1&amp;b=2">')).toBe(true);
      expect(chunk.endsWith('</a>')).toBe(true);
      expect(chunk.length).toBeLessThanOrEqual(80);
    }
  });

  it('never cuts inside an entity or a tag, even mid-word', () => {
    const html = `<b>${'&amp;'.repeat(300)}</b><i>${'x&lt;'.repeat(300)}</i>`;
    const chunks = splitTelegramHtml(html, 100);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(100);
      expect(hasBrokenEntity(chunk)).toBe(false);
      expect(openTagsAtEnd(chunk)).toEqual([]);
      expect(chunk).not.toMatch(/<[^>]*$|^[^<]*>/);
    }
    expect(chunks.map(visibleText).join('')).toBe(visibleText(html));
  });

  it('never cuts an emoji in half', () => {
    const html = '😀'.repeat(100);
    const chunks = splitTelegramHtml(html, 51);
    expect(chunks.map((chunk) => chunk.length)).toEqual([50, 50, 50, 50]);
    expect(chunks.join('')).toBe(html);
  });

  it('keeps a close tag that follows the cut in the same chunk instead of leaving an empty element', () => {
    const html = `<i>${'a'.repeat(20)}\n\n</i><b>${'b'.repeat(20)}</b>`;
    expect(splitTelegramHtml(html, 40)).toEqual([`<i>${'a'.repeat(20)}\n\n</i>`, `<b>${'b'.repeat(20)}</b>`]);
  });
});
