import { describe, expect, it } from 'vitest';
import { telegramTextLength } from '../../src/digest/render/split.js';
import type { FeedItemRecord } from '../../src/subscriptions/repositories.js';
import {
  type CitedItem,
  pickPrimary,
  renderBatch,
  renderStoryFallback,
  renderStoryMessage,
  slotHeading,
} from '../../src/subscriptions/batch-render.js';
import { parseTelegramHtml } from '../support/fake-bot-api.js';

let nextId = 1;
function cited(source: string, overrides: Partial<FeedItemRecord> = {}): CitedItem {
  const id = nextId++;
  return {
    source,
    item: {
      id,
      feedId: id,
      identity: `item-${id}`,
      url: `https://news${id}.example/a/${id}`,
      title: `Headline ${id}`,
      summary: `Summary of item ${id}.`,
      publishedAt: null,
      language: 'en',
      storyId: `story-${id}`,
      firstSeenAt: 0,
      ...overrides,
    },
  };
}

describe('renderStoryMessage', () => {
  it('appends every other source of the story as links after the digest', () => {
    const antara = cited('ANTARA', { language: 'id', url: 'https://www.antaranews.com/berita/1' });
    const reuters = cited('Reuters', { url: 'https://www.reuters.com/world/1' });
    const [message] = renderStoryMessage('<b>Digest</b>', [antara, reuters], antara, 'en');
    expect(message).toContain('<b>Digest</b>');
    expect(message).toContain('<i>Also reported by:</i> <a href="https://www.reuters.com/world/1">Reuters</a>');
    expect(message).not.toContain('antaranews.com/berita/1">ANTARA');
  });

  it('uses the Indonesian label and adds nothing when there is only one source', () => {
    const a = cited('ANTARA');
    const b = cited('Kompas');
    expect(renderStoryMessage('x', [a, b], a, 'id')[0]).toContain('Juga diberitakan oleh');
    expect(renderStoryMessage('x', [a], a, 'id')).toEqual(['x']);
  });

  it('escapes source names and never links a non-http URL', () => {
    const a = cited('A');
    const evil = cited('<script>Evil & Co</script>', { url: 'javascript:alert(1)' });
    const [message] = renderStoryMessage('x', [a, evil], a, 'en');
    expect(message).toContain('&lt;script&gt;Evil &amp; Co&lt;/script&gt;');
    expect(message).not.toContain('javascript:');
    expect(() => parseTelegramHtml(message as string)).not.toThrow();
  });
});

describe('renderStoryFallback', () => {
  it('shows the feed item title, summary and link with a note that the article could not be read', () => {
    const item = cited('ANTARA', { title: 'Menlu bertemu <mitra>', summary: 'Ringkasan & isi.', url: 'https://antaranews.com/b/2' });
    const [message] = renderStoryFallback([item], item, 'id');
    expect(message).toContain('<a href="https://antaranews.com/b/2">Menlu bertemu &lt;mitra&gt;</a>');
    expect(message).toContain('Ringkasan &amp; isi.');
    expect(message).toContain('Artikel lengkapnya tidak dapat dibaca');
    expect(() => parseTelegramHtml(message as string)).not.toThrow();
  });
});

describe('pickPrimary', () => {
  it('leads with the item written in the reader’s language', () => {
    const en = cited('Reuters', { language: 'en' });
    const id = cited('ANTARA', { language: 'id' });
    expect(pickPrimary([en, id], 'id')).toBe(id);
    expect(pickPrimary([en, id], 'en')).toBe(en);
    expect(pickPrimary([en], 'id')).toBe(en);
  });
});

describe('slotHeading', () => {
  it('writes the slot date and time the way each language does', () => {
    expect(slotHeading('2025-05-06T07:30@Asia/Jakarta', 'en')).toBe('6 May 2025, 07:30');
    expect(slotHeading('2025-05-06T07:30@Asia/Jakarta', 'id')).toBe('6 Mei 2025, 07.30');
    expect(slotHeading('nonsense', 'en')).toBeNull();
  });
});

describe('renderBatch', () => {
  it('lists one headline per story with its summary, link and other sources', () => {
    const a1 = cited('ANTARA', { title: 'ASEAN ministers meet' });
    const a2 = cited('Reuters', { title: 'ASEAN foreign ministers gather' });
    const b = cited('Kompas', { title: 'Iran talks resume', summary: null });
    const [message, ...rest] = renderBatch({ language: 'en', heading: '6 May 2025, 07:30', stories: [[a1, a2], [b]] });
    expect(rest).toEqual([]);
    expect(message).toMatch(/^<b>News digest · 6 May 2025, 07:30<\/b>\n2 stories/);
    expect(message).toContain(`1. <b><a href="${a1.item.url}">ASEAN ministers meet</a></b> — <i>ANTARA</i>`);
    expect(message).toContain(`<i>Also reported by:</i> <a href="${a2.item.url}">Reuters</a>`);
    expect(message).toContain('2. <b>');
    expect(message).not.toContain('ASEAN foreign ministers gather');
  });

  it('cuts long batches between stories, each message within 4,096 characters and valid HTML', () => {
    const long = 'word '.repeat(60);
    const stories = Array.from({ length: 60 }, (_, i) => [cited(`Source ${i}`, { title: `Story number ${i} ${long}`, summary: long })]);
    const messages = renderBatch({ language: 'id', heading: null, stories });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(telegramTextLength(message)).toBeLessThanOrEqual(4096);
      expect(() => parseTelegramHtml(message)).not.toThrow();
    }
    // Every story appears whole in exactly one message.
    for (let i = 0; i < 60; i++) {
      expect(messages.filter((m) => m.includes(`Story number ${i} `)).length).toBe(1);
    }
    expect(messages[0]).toContain('60 berita');
    expect(messages[1]).toMatch(/^<i>\(lanjutan\)<\/i>/);
  });

  it('renders nothing for a batch without stories', () => {
    expect(renderBatch({ language: 'en', heading: null, stories: [] })).toEqual([]);
  });
});
