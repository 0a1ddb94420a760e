import { describe, expect, it } from 'vitest';
import { type CitedItem, renderBatch } from '../../src/subscriptions/batch-render.js';
import { followCallbackData, followUpRef, parseFollowCallbackData, parseFollowUpRef, renderFollowUp } from '../../src/subscriptions/delivery-follow-up.js';
import type { FeedItemRecord } from '../../src/subscriptions/repositories.js';
import type { DeliveredStoryDigest } from '../../src/subscriptions/story-repository.js';
import { sampleDigest } from '../support/sample-digest.js';

const item = (id: number, title: string, url: string | null = `https://news.example/${id}`): CitedItem => ({
  item: { id, feedId: 1, identity: String(id), url, title, summary: `${title} summary.`, publishedAt: null, language: 'en', storyId: 's', firstSeenAt: 0 } as FeedItemRecord,
  source: 'Example News',
});

const deal = { text: 'A trade deal was signed.', evidence: 'The ministers signed a trade deal.' };
const visit = { text: 'The president will visit Jakarta.', evidence: 'The president will visit Jakarta in July.' };
const earlier = (digest: DeliveredStoryDigest['digest'], messageId: number | null = 11): DeliveredStoryDigest => ({
  chatId: 1, storyId: 's', ref: 's', headline: 'Ministers sign trade deal', url: 'https://news.example/1', messageId, digest, sentAt: 0,
});

describe('follow-up rendering', () => {
  it('opens with What\'s new listing only the new next step, links back and replies to the earlier message', () => {
    const before = { ...sampleDigest, agreements: [deal] };
    const now = { ...sampleDigest, headline: 'Visit to Jakarta announced', agreements: [deal], nextSteps: [visit] };
    const message = renderFollowUp({ digest: now, primary: item(2, 'Visit announced'), others: [], earlier: [earlier(before)], language: 'en' });
    const text = message.parts.join('\n');
    const whatsNew = text.slice(0, text.indexOf('Visit to Jakarta announced'));
    expect(whatsNew).toContain("What's new");
    expect(whatsNew).toContain('Next steps: The president will visit Jakarta.');
    expect(whatsNew).not.toContain(deal.text);
    expect(text).toContain('<i>Earlier:</i> <a href="https://news.example/1">Ministers sign trade deal</a>');
    expect(message).toMatchObject({ replyTo: 11, isRepeat: false });
  });

  it('says "nothing new beyond" in one line for a repeat, in Indonesian for an Indonesian chat', () => {
    const before = { ...sampleDigest, agreements: [deal] };
    const message = renderFollowUp({ digest: { ...before, headline: 'Trade deal signed' }, primary: item(3, 'Deal signed'), others: [], earlier: [earlier(before, null)], language: 'id' });
    expect(message.parts).toEqual(['<b><a href="https://news.example/3">Trade deal signed</a></b> — <i>Example News</i>\n<i>Tidak ada yang baru selain “Ministers sign trade deal”.</i>']);
    expect(message).toMatchObject({ replyTo: null, isRepeat: true });
  });

  it('folds a repeat within hours of the earlier message into it (nothing to send), and sends a later one', () => {
    const before = { ...sampleDigest, agreements: [deal] };
    const repeat = { digest: before, primary: item(5, 'Deal signed'), others: [], earlier: [{ ...earlier(before), sentAt: 1_000_000 }], language: 'en' as const };
    expect(renderFollowUp({ ...repeat, at: 1_000_000 + 3_600_000 }).parts).toEqual([]);
    expect(renderFollowUp({ ...repeat, at: 1_000_000 + 7 * 3_600_000 }).parts).toHaveLength(1);
  });

  it('sends the feed summary with the link back when the article could not be digested', () => {
    const message = renderFollowUp({ digest: null, primary: item(4, 'Talks go on'), others: [], earlier: [earlier(null)], language: 'en' });
    expect(message.parts.at(-1)).toMatch(/Earlier:<\/i> <a href="https:\/\/news.example\/1">Ministers sign trade deal<\/a>$/);
    expect(message.isRepeat).toBe(false);
  });
});

describe('story refs and buttons', () => {
  it('round-trips follow-up refs and follow/unfollow button data within 64 bytes', () => {
    expect(parseFollowUpRef(followUpRef('AbC-_12', 42))).toEqual({ storyId: 'AbC-_12', itemId: 42 });
    expect(parseFollowUpRef('AbC-_12')).toBeNull();
    const data = followCallbackData('url:AbC-_12') as string;
    expect(parseFollowCallbackData(data)).toEqual({ storyId: 'url:AbC-_12', follow: true });
    expect(parseFollowCallbackData(followCallbackData('x', false) as string)).toEqual({ storyId: 'x', follow: false });
    expect(followCallbackData('x'.repeat(70))).toBeNull();
  });
});

describe('daily batch', () => {
  it('folds a story the chat already had into one line with its earlier headline', () => {
    const parts = renderBatch({
      language: 'en',
      heading: null,
      stories: [[item(1, 'Fresh story')], [item(2, 'Deal text published'), item(3, 'Deal text out')]],
      earlier: [null, 'Ministers sign trade deal'],
    });
    const text = parts.join('\n');
    expect(text).toContain('1. <b><a href="https://news.example/1">Fresh story</a></b> — <i>Example News</i>\nFresh story summary.');
    expect(text).toContain('2. <b><a href="https://news.example/2">Deal text published</a></b> — <i>Example News</i> · <i>Earlier: Ministers sign trade deal</i>');
    expect(text).not.toContain('Deal text published summary.');
  });
});
