import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/subscriptions/feed-parser.js';
import { createStoryClusterer, DEFAULT_STORY_THRESHOLD, FOLLOW_UP_WINDOW_HOURS, similarity, type StoryItem } from '../../src/subscriptions/story-clusters.js';

const TUESDAY = '2025-05-06T08:00:00.000Z';
const hoursLater = (hours: number) => new Date(Date.parse(TUESDAY) + hours * 3_600_000).toISOString();

const wireEn: StoryItem = {
  id: 'wire:1',
  title: 'Putin, Pezeshkian discuss Middle East in phone call',
  summary: 'Russian President Vladimir Putin and Iranian President Masoud Pezeshkian discussed the situation in the Middle East in a phone call on Tuesday, the Kremlin said.',
  publishedAt: TUESDAY,
  language: 'en',
};
const antaraId: StoryItem = {
  id: 'antara-id:1',
  title: 'Putin dan Pezeshkian bahas situasi Timur Tengah via telepon',
  summary: 'Presiden Rusia Vladimir Putin dan Presiden Iran Masoud Pezeshkian membahas situasi di Timur Tengah dalam percakapan telepon pada Selasa, kata Kremlin.',
  publishedAt: hoursLater(2),
  language: 'id',
};
const antaraEn: StoryItem = {
  id: 'antara-en:1',
  title: 'Putin And Pezeshkian Discuss Middle East Situation By Phone',
  summary: 'Moscow (ANTARA) - Russian President Vladimir Putin held a telephone conversation with his Iranian counterpart Masoud Pezeshkian on Tuesday.',
  publishedAt: hoursLater(5),
  language: 'en',
};
const quake: StoryItem = {
  id: 'wire:2',
  title: 'Earthquake of magnitude 5.6 strikes southern Iran',
  summary: "A 5.6-magnitude earthquake struck Iran's Hormozgan province on Tuesday, killing two people, state media reported.",
  publishedAt: hoursLater(1),
  language: 'en',
};
const omanTalks: StoryItem = {
  id: 'wire:3',
  title: 'Iran and Oman hold talks on nuclear programme in Muscat',
  summary: "Iranian Foreign Minister Abbas Araghchi met Omani officials in Muscat on Tuesday to discuss Tehran's nuclear programme.",
  publishedAt: hoursLater(3),
  language: 'en',
};
const omanTalksId: StoryItem = {
  id: 'antara-id:2',
  title: 'Menlu Iran Araghchi bertemu pejabat Oman di Muskat bahas program nuklir',
  summary: 'Menteri Luar Negeri Iran Abbas Araghchi bertemu pejabat Oman di Muskat pada Selasa untuk membahas program nuklir Teheran.',
  publishedAt: hoursLater(4),
  language: 'id',
};
const executions: StoryItem = {
  id: 'wire:4',
  title: 'Iran hangs protester despite international outcry',
  summary: 'Iranian authorities executed a man arrested during protests in Tehran, rights groups said on Tuesday.',
  publishedAt: hoursLater(6),
  language: 'en',
};

describe('similarity', () => {
  it('scores the same meeting in English and Indonesian as the same story', () => {
    expect(similarity(wireEn, antaraId)).toBeGreaterThanOrEqual(DEFAULT_STORY_THRESHOLD);
    expect(similarity(omanTalks, omanTalksId)).toBeGreaterThanOrEqual(DEFAULT_STORY_THRESHOLD);
    expect(similarity(wireEn, antaraEn)).toBeGreaterThanOrEqual(DEFAULT_STORY_THRESHOLD);
  });

  it('scores different stories about the same country below the threshold', () => {
    for (const [a, b] of [
      [quake, omanTalks],
      [quake, executions],
      [omanTalks, executions],
      [omanTalksId, executions],
      [wireEn, omanTalks],
      [wireEn, quake],
    ] as const) {
      expect(similarity(a, b)).toBeLessThan(DEFAULT_STORY_THRESHOLD);
    }
  });

  it('compares English and Indonesian wording through the glossary, not only names', () => {
    // One shared name only ("Sulawesi"): the rest must meet through "earthquake"/"gempa" and "tsunami".
    const quakeEn = { title: 'Strong earthquake hits Sulawesi, no tsunami warning', summary: 'A strong earthquake struck Sulawesi on Thursday, the agency said.', language: 'en' };
    const quakeId = { title: 'Gempa kuat guncang Sulawesi, tidak berpotensi tsunami', summary: 'Gempa mengguncang Sulawesi pada Kamis.', language: 'id' };
    const talksId = { title: 'Delegasi Sulawesi bahas perdagangan di Jakarta', summary: 'Pejabat Sulawesi membahas perdagangan dan investasi.', language: 'id' };
    expect(similarity(quakeEn, quakeId)).toBeGreaterThanOrEqual(DEFAULT_STORY_THRESHOLD);
    expect(similarity(quakeEn, talksId)).toBeLessThan(DEFAULT_STORY_THRESHOLD);
  });

  it('is symmetric and 1 for an identical item', () => {
    expect(similarity(wireEn, antaraId)).toBeCloseTo(similarity(antaraId, wireEn), 10);
    expect(similarity(quake, quake)).toBe(1);
  });
});

describe('createStoryClusterer', () => {
  it('puts the same meeting reported in English and Indonesian into one story', () => {
    const clusterer = createStoryClusterer();
    expect(clusterer.assign(wireEn)).toEqual({ storyId: 'wire:1', isNew: true });
    expect(clusterer.assign(antaraId)).toEqual({ storyId: 'wire:1', isNew: false });
    expect(clusterer.assign(antaraEn)).toEqual({ storyId: 'wire:1', isNew: false });
  });

  it('keeps two different stories about Iran on the same day apart', () => {
    const clusterer = createStoryClusterer();
    const ids = [quake, omanTalks, omanTalksId, executions].map((item) => clusterer.assign(item));
    expect(ids).toEqual([
      { storyId: 'wire:2', isNew: true },
      { storyId: 'wire:3', isNew: true },
      { storyId: 'wire:3', isNew: false },
      { storyId: 'wire:4', isNew: true },
    ]);
  });

  it('treats the same title a week apart as two stories when follow-ups are off', () => {
    const clusterer = createStoryClusterer({ windowHours: 36, followUpWindowHours: 0 });
    clusterer.assign(wireEn);
    const weekLater = { ...wireEn, id: 'wire:99', publishedAt: hoursLater(7 * 24) };
    expect(clusterer.assign(weekLater)).toEqual({ storyId: 'wire:99', isNew: true });
    const withinWindow = { ...wireEn, id: 'wire:100', publishedAt: hoursLater(7 * 24 + 30) };
    expect(clusterer.assign(withinWindow)).toEqual({ storyId: 'wire:99', isNew: false });
  });

  it('joins a follow-up days later to its story, in either language, when follow-ups are on', () => {
    const clusterer = createStoryClusterer({ followUpWindowHours: FOLLOW_UP_WINDOW_HOURS });
    clusterer.assign(wireEn);
    clusterer.assign(antaraId);
    const visit: StoryItem = {
      id: 'wire:visit',
      title: "Iran's Pezeshkian to visit Moscow in June, Kremlin says",
      summary: 'Iranian President Masoud Pezeshkian will travel to Moscow in June for talks with Vladimir Putin, the Kremlin said on Saturday, days after the two leaders spoke by phone.',
      publishedAt: hoursLater(4 * 24),
      language: 'en',
    };
    expect(clusterer.assign(visit)).toEqual({ storyId: 'wire:1', isNew: false });
    // Off by default: the delivery outbox sends one message per (chat, story) until follow-ups are shown as news.
    const byDefault = createStoryClusterer();
    byDefault.assign(wireEn);
    expect(byDefault.assign(visit).isNew).toBe(true);
    // Beyond the follow-up window the story is over.
    expect(clusterer.assign({ ...visit, id: 'wire:much-later', publishedAt: hoursLater(20 * 24) }).isNew).toBe(true);
  });

  it('asks more of a follow-up than of a same-day report', () => {
    const sameDay = createStoryClusterer({ threshold: 0.4, followUpWindowHours: 240, followUpThreshold: 0.99 });
    sameDay.assign(omanTalks);
    expect(sameDay.assign({ ...omanTalksId, publishedAt: hoursLater(4) }).isNew).toBe(false);
    const daysLater = createStoryClusterer({ threshold: 0.4, followUpWindowHours: 240, followUpThreshold: 0.99 });
    daysLater.assign(omanTalks);
    expect(daysLater.assign({ ...omanTalksId, publishedAt: hoursLater(5 * 24) }).isNew).toBe(true);
  });

  it('gives the same answer when an item is assigned twice', () => {
    const clusterer = createStoryClusterer();
    clusterer.assign(wireEn);
    clusterer.assign(antaraId);
    expect(clusterer.assign(antaraId)).toEqual({ storyId: 'wire:1', isNew: false });
    expect(clusterer.assign(wireEn)).toEqual({ storyId: 'wire:1', isNew: false });
  });

  it('dates undated items by its clock', () => {
    let now = new Date(TUESDAY);
    const clusterer = createStoryClusterer({ now: () => now });
    clusterer.assign({ ...wireEn, publishedAt: null });
    now = new Date(hoursLater(300));
    expect(clusterer.assign({ ...antaraId, publishedAt: null }).isNew).toBe(true);
  });

  it('forgets stories older than twice the window', () => {
    const clusterer = createStoryClusterer({ windowHours: 10, followUpWindowHours: 0 });
    clusterer.assign(wireEn);
    clusterer.assign({ ...quake, publishedAt: hoursLater(15) });
    expect(clusterer.size()).toBe(2);
    clusterer.assign({ ...omanTalks, publishedAt: hoursLater(25) });
    expect(clusterer.size()).toBe(2);
  });

  it('forgets stories quiet for longer than the follow-up window', () => {
    const clusterer = createStoryClusterer({ windowHours: 10, followUpWindowHours: 48 });
    clusterer.assign(wireEn);
    clusterer.assign({ ...quake, publishedAt: hoursLater(30) });
    expect(clusterer.size()).toBe(2);
    clusterer.assign({ ...omanTalks, publishedAt: hoursLater(60) });
    expect(clusterer.size()).toBe(2);
  });

  it('respects a stricter threshold', () => {
    const clusterer = createStoryClusterer({ threshold: 0.99 });
    clusterer.assign(wireEn);
    expect(clusterer.assign(antaraEn).isNew).toBe(true);
  });

  it('keeps the unrelated headlines of a real BBC world feed apart', () => {
    const feed = parseFeed(readFileSync(join(import.meta.dirname, '../fixtures/feeds/bbc-world-2019-02-24.xml'), 'utf8'), 'https://feeds.bbci.co.uk/news/world/rss.xml');
    const clusterer = createStoryClusterer({ windowHours: 24 * 365 });
    const newStories = feed.items.filter((item, i) => clusterer.assign({ ...item, id: String(i), language: 'en' }).isNew).length;
    expect(newStories).toBeGreaterThanOrEqual(feed.items.length - 2);
  });
});
