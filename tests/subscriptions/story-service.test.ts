import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/repositories.js';
import type { StoryItem } from '../../src/subscriptions/story-clusters.js';
import { createStoryService, type StoryService } from '../../src/subscriptions/story-service.js';
import { describeEachBackend } from '../store/backends.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T08:00:00Z');

const first: StoryItem = {
  id: 'antara-1',
  title: 'Indonesia and Japan sign maritime security agreement in Tokyo',
  summary: 'Foreign Minister Sugiono and his Japanese counterpart signed a maritime security agreement in Tokyo on Monday.',
  publishedAt: new Date(T0).toISOString(),
  language: 'en',
};
const rewrite: StoryItem = {
  id: 'reuters-7',
  title: 'Japan, Indonesia sign maritime security agreement during Tokyo talks',
  summary: 'Japan and Indonesia signed a maritime security agreement in Tokyo, the foreign ministers said on Monday.',
  publishedAt: new Date(T0 + 2 * 3_600_000).toISOString(),
  language: 'en',
};
const unrelated: StoryItem = {
  id: 'antara-2',
  title: 'Earthquake of magnitude 6.1 shakes Sulawesi, no tsunami warning',
  summary: 'A strong earthquake struck off Sulawesi on Monday; the agency issued no tsunami warning.',
  publishedAt: new Date(T0 + 3_600_000).toISOString(),
  language: 'en',
};

describeEachBackend('Story service', (backend) => {
  const open: Store[] = [];
  let clock = T0;
  const service = (store: Store, cap = 20): StoryService =>
    createStoryService({ repo: store.stories, now: () => clock, quietMs: 30 * DAY, followCap: cap });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    clock = T0;
  });

  it('puts a story reported by two feeds in one story and an unrelated item in another', async () => {
    const store = await backend.open();
    open.push(store);
    const stories = service(store);
    const [a, b] = await stories.assignAll([first, unrelated]);
    const [c] = await stories.assignAll([rewrite]);
    expect(c).toBe(a);
    expect(b).not.toBe(a);
    // Assigning a stored item again keeps its story.
    expect(await stories.assignAll([rewrite, first])).toEqual([a, a]);
  });

  it('keeps one story across a restart: a new service reads the table instead of starting a second cluster', async () => {
    const store = await backend.open();
    open.push(store);
    const [before] = await service(store).assignAll([first]);
    clock += 3_600_000;
    const [after] = await service(store).assignAll([rewrite]);
    expect(after).toBe(before);
  });

  it('makes one story when two instances assign items of one new story at the same time', async () => {
    const [one, two] = await backend.openTwins();
    open.push(one, two);
    const [a, b] = await Promise.all([service(one).assignAll([first]), service(two).assignAll([rewrite])]);
    expect(a?.[0]).toBe(b?.[0]);
    // Both instances keep seeing it as one story afterwards.
    const [later] = await service(one).assignAll([{ ...rewrite, id: 'kompas-3' }]);
    expect(later).toBe(a?.[0]);
  });

  it('lets a follow-up days later join its story (the follow-up window is on)', async () => {
    const store = await backend.open();
    open.push(store);
    const stories = service(store);
    const [story] = await stories.assignAll([first]);
    clock = T0 + 5 * DAY;
    const followUp: StoryItem = {
      id: 'antara-9',
      title: 'Indonesia and Japan ratify maritime security agreement signed in Tokyo',
      summary: 'Indonesia and Japan ratified the maritime security agreement their foreign ministers signed in Tokyo.',
      publishedAt: new Date(clock).toISOString(),
      language: 'en',
    };
    expect(await stories.assignAll([followUp])).toEqual([story]);
  });

  it('follows up to the cap, refuses unknown stories and expires quiet ones', async () => {
    const store = await backend.open();
    open.push(store);
    const stories = service(store, 1);
    const [a, b] = await stories.assignAll([first, unrelated]);
    expect(await stories.follow(5, a as string)).toBe('followed');
    expect(await stories.follow(5, b as string)).toBe('cap');
    expect(await stories.follow(5, 'nope')).toBe('unknown');
    expect((await stories.followed(5)).map((s) => s.headline)).toEqual([first.title]);
    clock = T0 + 31 * DAY;
    expect(await stories.expire()).toBe(2);
    expect(await stories.followed(5)).toEqual([]);
  });
});
