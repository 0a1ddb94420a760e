import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandEnd, findInput, isForwardedPost, linksIn, looksLikeArticle } from '../../src/bot/message-input.js';
import { parseSummaryArgs } from '../../src/bot/commands/summary.js';

const ARTICLE = readFileSync(new URL('../fixtures/antara-putin-pezeshkian-id.txt', import.meta.url), 'utf8');

describe('message input', () => {
  it('takes the link behind a text_link entity, whose visible text is not a URL', () => {
    const text = 'Read this story please';
    const found = findInput({ text, entities: [{ type: 'text_link', offset: 10, length: 5, url: 'https://example.com/news/1' }] });
    expect(found).toEqual({ kind: 'url', url: 'https://example.com/news/1', urls: ['https://example.com/news/1'] });
  });

  it('adds a scheme to a url entity Telegram marked without one', () => {
    expect(linksIn('see example.com/a', [{ type: 'url', offset: 4, length: 13 }])).toEqual(['https://example.com/a']);
  });

  it('lists several links in order and digests the first', () => {
    const found = findInput({ text: 'one https://a.example/x and two https://b.example/y' });
    expect(found).toMatchObject({ kind: 'url', url: 'https://a.example/x', urls: ['https://a.example/x', 'https://b.example/y'] });
  });

  it('reads a photo caption with caption_entities', () => {
    const found = findInput({ caption: 'Berita hari ini', caption_entities: [{ type: 'text_link', offset: 0, length: 6, url: 'https://antaranews.com/berita/1' }] });
    expect(found).toMatchObject({ kind: 'url', url: 'https://antaranews.com/berita/1' });
  });

  it('treats a pasted article as text even when it carries links to other stories', () => {
    const text = `${ARTICLE}\nBaca juga: https://www.antaranews.com/berita/lain`;
    expect(findInput({ text })).toMatchObject({ kind: 'text' });
  });

  it('finds nothing in a short chat line without a link', () => {
    expect(findInput({ text: 'halo, apa kabar?' })).toBeNull();
    expect(looksLikeArticle('Hi. How are you. Fine.')).toBe(false);
  });

  it('accepts a short text when asked to (forwarded posts, explicit /summary)', () => {
    expect(findInput({ text: 'short post' }, { acceptShortText: true })).toEqual({ kind: 'text', text: 'short post' });
  });

  it('recognises channel posts forwarded with forward_origin or the older forward_from_chat', () => {
    expect(isForwardedPost({ forward_origin: { type: 'channel' } })).toBe(true);
    expect(isForwardedPost({ forward_from_chat: { id: -100 } })).toBe(true);
    expect(isForwardedPost({ forward_origin: { type: 'user' } })).toBe(false);
  });

  it('skips the command and a one-off language word before the input', () => {
    const text = '/summary@KabarTestBot id https://example.com/a';
    const message = { text, entities: [{ type: 'bot_command', offset: 0, length: 21 }] };
    const args = parseSummaryArgs(text, commandEnd(message));
    expect(args.language).toBe('id');
    expect(findInput(message, { from: args.inputFrom })).toMatchObject({ url: 'https://example.com/a' });
  });

  it('does not take an article that starts with "Indonesia" for a language choice', () => {
    const text = '/summary Indonesia dan Rusia sepakat';
    expect(parseSummaryArgs(text, 8).language).toBeNull();
  });
});
