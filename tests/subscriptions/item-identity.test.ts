import { describe, expect, it } from 'vitest';
import { itemIdentity } from '../../src/subscriptions/item-identity.js';

const base = { guid: null, link: null, title: 'Menlu bertemu Lavrov', publishedAt: '2025-05-06T03:00:00.000Z' };

describe('itemIdentity', () => {
  it('uses the guid when the feed gives one', () => {
    expect(itemIdentity({ ...base, guid: ' 12345 ', link: 'https://x.example.com/a' })).toBe('guid:12345');
  });

  it('uses the canonical link without tracking parameters or fragment when there is no guid', () => {
    const a = itemIdentity({ ...base, link: 'https://X.example.com/a?utm_source=rss&id=2&b=1#top' });
    const b = itemIdentity({ ...base, link: 'https://x.example.com/a?b=1&id=2', title: 'Another title' });
    expect(a).toBe('link:https://x.example.com/a?b=1&id=2');
    expect(b).toBe(a);
  });

  it('falls back to the normalized title and date', () => {
    const a = itemIdentity(base);
    expect(a).toBe('title:menlu bertemu lavrov|2025-05-06T03:00:00.000Z');
    expect(itemIdentity({ ...base, title: '  MENLU   bertemu Lavrov ' })).toBe(a);
    expect(itemIdentity({ ...base, publishedAt: '2025-05-07T03:00:00.000Z' })).not.toBe(a);
    expect(itemIdentity({ ...base, publishedAt: null })).toBe('title:menlu bertemu lavrov|');
  });

  it('never lets a guid collide with a link of the same text', () => {
    const url = 'https://x.example.com/a';
    expect(itemIdentity({ ...base, guid: url })).not.toBe(itemIdentity({ ...base, link: url }));
  });
});
