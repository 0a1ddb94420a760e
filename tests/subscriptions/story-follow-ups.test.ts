import { afterEach, expect, it } from 'vitest';
import { createDigestService } from '../../src/digest/digest-service.js';
import type { DigestEngine } from '../../src/digest/engine.js';
import { createMemoryDigestCache } from '../../src/digest/memory-cache.js';
import type { DigestDraft } from '../../src/digest/schema.js';
import type { Ingestor } from '../../src/ingest/ingestor.js';
import type { Store } from '../../src/store/repositories.js';
import type { ChatButton, ChatSender } from '../../src/subscriptions/chat-sender.js';
import { parseFollowCallbackData } from '../../src/subscriptions/delivery-follow-up.js';
import { createDeliveryService } from '../../src/subscriptions/delivery-service.js';
import { itemKey } from '../../src/subscriptions/feed-item-records.js';
import type { FeedRecord } from '../../src/subscriptions/repositories.js';
import { createStoryService } from '../../src/subscriptions/story-service.js';
import { describeEachBackend } from '../store/backends.js';
import { emptyDraft } from '../support/sample-digest.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-06-01T03:00:00Z');
const silent = { info() {}, warn() {}, debug() {} };

const signed = { text: 'Indonesia and Japan signed a maritime security agreement.', evidence: 'The two ministers signed a maritime security agreement in Tokyo.' };
const patrols = { text: 'The navies will hold joint patrols.', evidence: 'Both navies agreed to hold joint patrols in the Natuna Sea.' };
const sugiono = { name: 'Sugiono', role: 'Foreign Minister', country: 'Indonesia' };
const iwaya = { name: 'Takeshi Iwaya', role: 'Foreign Minister', country: 'Japan' };

/** Per article URL: its text (the evidence must be in it) and what the fake engine writes. */
const ARTICLES: Record<string, { text: string; draft: DigestDraft }> = {
  'https://news.example/first': {
    text: `${signed.evidence} Foreign Minister Sugiono attended.`,
    draft: { ...emptyDraft, headline: 'Indonesia and Japan sign maritime pact', summary: 'A pact was signed.', who: [sugiono], countries: ['Indonesia', 'Japan'], agreements: [signed] },
  },
  'https://news.example/follow-up': {
    text: `${signed.evidence} ${patrols.evidence} Takeshi Iwaya spoke.`,
    draft: { ...emptyDraft, headline: 'Japan and Indonesia add joint patrols to maritime pact', summary: 'Patrols were added.', who: [sugiono, iwaya], countries: ['Japan', 'Indonesia'], agreements: [signed, patrols] },
  },
  'https://news.example/repeat': {
    text: `${signed.evidence} Sugiono said.`,
    draft: { ...emptyDraft, headline: 'Maritime pact signed in Tokyo', summary: 'Same news.', who: [sugiono], countries: ['Indonesia'], agreements: [signed] },
  },
};

function digestService() {
  const engine: DigestEngine = {
    name: 'extractive',
    model: 'fake-1',
    async generate(request) {
      return { notes: [], draft: ARTICLES[request.article.url ?? '']?.draft ?? { ...emptyDraft, headline: 'Other', summary: 'Other.' } };
    },
  };
  const ingestor: Ingestor = {
    async fromUrl(url) {
      return { url, title: 'Article', publisher: 'Example News', publishedAt: '2026-06-01', language: 'en', text: ARTICLES[url]?.text ?? 'Nothing here at all.' };
    },
    fromHtml: () => Promise.reject(new Error('not used')),
    fromText: () => Promise.reject(new Error('not used')),
  };
  return createDigestService({ ingestor, engines: { extractive: engine }, defaultEngine: 'extractive', cache: createMemoryDigestCache(), promptVersion: 't1' });
}

interface Sent {
  chatId: number;
  text: string;
  messageId: number;
  replyTo?: number | undefined;
  buttons?: ChatButton[][] | undefined;
}

function fakeChat() {
  const sent: Sent[] = [];
  let next = 100;
  const chat: ChatSender = {
    async sendHtml(chatId, text, options = {}) {
      const messageId = next++;
      sent.push({ chatId, text, messageId, replyTo: options.replyTo, buttons: options.buttons });
      return { messageId };
    },
  };
  return { chat, sent };
}

const items = {
  first: { identity: 'first', title: 'Indonesia and Japan sign maritime security agreement in Tokyo', url: 'https://news.example/first' },
  followUp: { identity: 'follow-up', title: 'Indonesia and Japan sign maritime security agreement in Tokyo, add joint patrols', url: 'https://news.example/follow-up' },
  repeat: { identity: 'repeat', title: 'Indonesia, Japan sign maritime security agreement in Tokyo', url: 'https://news.example/repeat' },
  repeatSoon: { identity: 'repeat-soon', title: 'Indonesia and Japan sign a maritime security agreement in Tokyo', url: 'https://news.example/repeat' },
};

describeEachBackend('Story follow-ups', (backend) => {
  let store: Store;
  const clock = { t: START };
  afterEach(async () => {
    await store.close();
    clock.t = START;
  });

  /** One instance: story service and delivery service on the store (a new call is a restart). */
  function instance(chat: ChatSender, presetIds: number[] = []) {
    const stories = createStoryService({ repo: store.stories, now: () => clock.t, quietMs: 30 * DAY, followCap: 20 });
    const delivery = createDeliveryService({
      repo: store.subscriptions, digestService: digestService(), chat, now: () => clock.t, defaultLanguage: 'en',
      presetFeedIds: async () => presetIds, logger: silent, stories: store.stories,
    });
    /** What the feed service does with a new item: story id from the story table, stored, routed, sent. */
    async function publish(feed: FeedRecord, item: (typeof items)[keyof typeof items]) {
      const key = itemKey(feed.id, item.identity);
      const summary = 'Foreign ministers of Indonesia and Japan signed a maritime security agreement in Tokyo.';
      const [storyId] = await stories.assignAll([{ id: key, title: item.title, summary, publishedAt: new Date(clock.t).toISOString(), language: 'en' }]);
      const added = await store.subscriptions.addItems(feed.id, [
        { identity: item.identity, url: item.url, title: item.title, summary, publishedAt: new Date(clock.t).toISOString(), language: 'en', storyId: storyId as string, firstSeenAt: clock.t },
      ]);
      await delivery.handleNewItems(feed, added);
      await delivery.tick();
      return storyId as string;
    }
    return { stories, delivery, publish };
  }

  it('sends a follow-up with the new agreement under What\'s new as a reply, then a repeat as "nothing new", across a restart', async () => {
    store = await backend.open({ defaultTimeZone: 'Asia/Jakarta' });
    const feed = await store.subscriptions.upsertFeed('https://news.example/rss', { title: 'Example News', language: 'en' }, 0);
    await store.subscriptions.subscribe(1, feed.id, 0);
    const { chat, sent } = fakeChat();

    const storyId = await instance(chat).publish(feed, items.first);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain('Indonesia and Japan sign maritime pact');
    expect(sent[0]?.text).not.toContain("What's new");
    const follow = sent[0]?.buttons?.flat().find((b) => b.text.includes('Follow this story'));
    expect(parseFollowCallbackData(follow?.data ?? '')).toEqual({ storyId, follow: true });

    clock.t += 2 * DAY;
    expect(await instance(chat).publish(feed, items.followUp)).toBe(storyId);
    expect(sent).toHaveLength(2);
    const followUp = sent[1] as Sent;
    const whatsNew = followUp.text.slice(0, followUp.text.indexOf('</b>', followUp.text.indexOf("What's new") + 20) + 200);
    expect(followUp.text.indexOf("What's new")).toBeLessThan(followUp.text.indexOf('Japan and Indonesia add joint patrols'));
    expect(whatsNew).toContain(patrols.text);
    expect(followUp.text.split(signed.text)).toHaveLength(2); // the old agreement only in the digest itself, not under What's new
    expect(followUp.text).toContain('Takeshi Iwaya');
    expect(followUp.text).toContain('Earlier:</i> <a href="https://news.example/first">Indonesia and Japan sign maritime pact</a>');
    expect(followUp.replyTo).toBe(sent[0]?.messageId);

    // A restart: a new story service and delivery service on the same database.
    clock.t += DAY;
    expect(await instance(chat).publish(feed, items.repeat)).toBe(storyId);
    expect(sent).toHaveLength(3);
    expect(sent[2]?.text).toContain('Nothing new beyond “Japan and Indonesia add joint patrols to maritime pact”.');
    expect(sent[2]?.text).not.toContain("What's new");
    expect(sent[2]?.replyTo).toBe(followUp.messageId);
    expect((await store.stories.digestsOf(1, storyId)).map((d) => d.headline)).toHaveLength(3);
    // Another wire copy an hour later adds nothing: folded into the message just sent, not sent again.
    clock.t += HOUR;
    expect(await instance(chat).publish(feed, items.repeatSoon)).toBe(storyId);
    expect(sent).toHaveLength(3);
  });

  it('delivers a followed story from a preset source to a chat that does not subscribe to it, in the chat\'s language', async () => {
    store = await backend.open({ defaultTimeZone: 'Asia/Jakarta' });
    const preset = await store.subscriptions.upsertFeed('https://preset.example/rss', { title: 'Preset', language: 'en' }, 0);
    await store.subscriptions.subscribe(1, preset.id, 0);
    const { chat, sent } = fakeChat();
    const one = instance(chat, [preset.id]);
    const storyId = await one.publish(preset, items.first);
    // Chat 2 (a private chat, no feeds) follows the story; chat 3 has no tie to it.
    await store.subscriptions.updateDeliverySettings(2, { language: 'id' });
    expect(await one.stories.follow(2, storyId, 555)).toBe('followed');
    clock.t += DAY;
    await one.publish(preset, items.followUp);
    const toTwo = sent.filter((s) => s.chatId === 2);
    expect(toTwo).toHaveLength(1);
    expect(toTwo[0]?.text).toContain('Japan and Indonesia add joint patrols');
    expect(toTwo[0]?.buttons?.flat().some((b) => b.text.includes('Ikuti berita ini'))).toBe(true);
    // The message the Follow button was pressed under is the earlier one it replies to.
    expect(toTwo[0]?.replyTo).toBe(555);
    expect(toTwo[0]?.text).toContain('Sebelumnya:</i> Indonesia and Japan sign maritime security agreement in Tokyo');
    expect(sent.filter((s) => s.chatId === 3)).toHaveLength(0);
    // Chat 2 now had it: the repeat comes as "nothing new" (in Indonesian).
    clock.t += DAY;
    await one.publish(preset, items.repeat);
    expect(sent.filter((s) => s.chatId === 2).at(-1)?.text).toContain('Tidak ada yang baru selain');
  });
});
