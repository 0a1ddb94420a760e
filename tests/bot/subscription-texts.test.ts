import { describe, expect, it } from 'vitest';
import { LABEL_MAX_CHARS, subscriptionTexts } from '../../src/bot/subscription-texts.js';
import { parseTelegramHtml } from '../support/fake-bot-api.js';

const hugeTitle = 'Ferry & <b>corridor</b> talks '.repeat(200);

describe('subscription texts with feed-controlled text', () => {
  it('shortens a huge feed title with an ellipsis and keeps the reply valid Telegram HTML', () => {
    for (const language of ['en', 'id'] as const) {
      const texts = subscriptionTexts(language);
      for (const html of [texts.subscribed(hugeTitle, true), texts.alreadySubscribed(hugeTitle), texts.unsubscribed(hugeTitle)]) {
        const plain = parseTelegramHtml(html);
        expect(plain).toContain('Ferry & <b>corridor</b> talks');
        expect(plain).toContain('…');
        expect(plain.length).toBeLessThan(LABEL_MAX_CHARS + 120);
      }
    }
  });

  it('links a disabled feed only through a safe, reasonably short URL', () => {
    const texts = subscriptionTexts('en');
    const normal = texts.feedDisabled(hugeTitle, 'https://wire.example/rss?a=1&b="2"');
    expect(normal).toContain('<a href="https://wire.example/rss?a=1&amp;b=&quot;2&quot;">Ferry &amp; &lt;b&gt;corridor');
    expect(parseTelegramHtml(normal).length).toBeLessThan(LABEL_MAX_CHARS + 120);
    expect(texts.feedDisabled('Wire', `https://wire.example/${'x'.repeat(5000)}`)).not.toContain('<a ');
    expect(texts.feedDisabled('Wire', 'javascript:alert(1)')).not.toContain('<a ');
  });

  it('removes control and bidi characters from a feed title', () => {
    expect(subscriptionTexts('en').subscribed('World\u202Esnoitaler\u0007 News', false)).toBe('Subscribed to <b>Worldsnoitaler News</b>. New items will appear here.');
  });
});
