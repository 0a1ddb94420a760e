import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Digest } from '../../src/digest/schema.js';
import type { Store } from '../../src/store/repositories.js';
import type { StoryRepository } from '../../src/subscriptions/story-repository.js';
import { sampleDigest } from '../support/sample-digest.js';
import { describeEachBackend } from './backends.js';

const DAY = 86_400_000;

function item(itemKey: string, storyId: string, at: number) {
  return { itemKey, storyId, at, title: `Title ${itemKey}`, summary: `Summary ${itemKey}`, language: 'en' };
}

const digest = (who: { name: string; country: string | null }[], countries: string[]): Digest => ({
  ...sampleDigest,
  who: who.map((p) => ({ ...p, role: null })),
  countries,
});

describeEachBackend('Story repository contract', (backend) => {
  let store: Store;
  let repo: StoryRepository;
  beforeEach(async () => {
    store = await backend.open({ now: () => 1_000 });
    repo = store.stories;
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores items under their story, extends the story and keeps an item on its first story', async () => {
    await repo.assigning((tx) => tx.add([item('a', 's1', 1_000), item('b', 's1', 5_000)], 30 * DAY));
    await repo.assigning((tx) => tx.add([{ ...item('a', 's2', 9_000) }], 30 * DAY));
    const story = await repo.getStory('s1', 2_000);
    expect(story).toMatchObject({ id: 's1', headline: 'Title a', firstAt: 1_000, lastAt: 5_000, expiresAt: 5_000 + 30 * DAY });
    expect(await repo.storyOfItem('a')).toBe('s1');
    const since = await repo.assigning((tx) => tx.itemsSince(0, 0));
    expect(since.map((s) => s.itemKey)).toEqual(['a', 'b']);
    const after = await repo.assigning((tx) => tx.itemsSince(since[0]!.seq, 0));
    expect(after.map((s) => s.itemKey)).toEqual(['b']);
    expect(await repo.assigning((tx) => tx.itemsSince(0, 2_000))).toHaveLength(1);
    expect(await repo.assigning((tx) => tx.storiesOf(['a', 'b', 'zz']))).toEqual(new Map([['a', 's1'], ['b', 's1']]));
  });

  it('follows up to the cap, lists live followed stories and unfollows', async () => {
    await repo.assigning((tx) => tx.add([item('a', 's1', 1_000), item('b', 's2', 2_000), item('c', 's3', 3_000)], DAY));
    expect(await repo.follow(7, 's1', 1_000, 2)).toBe('followed');
    expect(await repo.follow(7, 's1', 1_000, 2)).toBe('already');
    expect(await repo.follow(7, 's2', 1_000, 2)).toBe('followed');
    expect(await repo.follow(7, 's3', 1_000, 2)).toBe('cap');
    expect(await repo.follow(8, 's3', 1_000, 2)).toBe('followed');
    expect((await repo.followedBy(7, 1_000)).map((s) => s.id)).toEqual(['s2', 's1']);
    expect(await repo.followersOf(['s1', 's3', 'none'])).toEqual(new Map([['s1', [7]], ['s3', [8]]]));
    expect(await repo.unfollow(7, 's2')).toBe(true);
    expect(await repo.unfollow(7, 's2')).toBe(false);
    // s1 has expired by then: it no longer counts or shows.
    expect((await repo.followedBy(7, 1_000 + DAY + 1)).map((s) => s.id)).toEqual([]);
  });

  it('records the digests a chat received and merges their entities into the story', async () => {
    await repo.assigning((tx) => tx.add([item('a', 's1', 1_000)], DAY));
    expect(await repo.received(7, 's1')).toBe(false);
    const first = digest([{ name: 'Sugiono', country: 'Indonesia' }, { name: 'Kaja Kallas', country: 'EU' }], ['Indonesia']);
    await repo.recordDigest({ chatId: 7, storyId: 's1', ref: 's1', headline: 'First', url: 'https://a.example/1', messageId: 42, digest: first, sentAt: 2_000 });
    await repo.recordDigest({ chatId: 7, storyId: 's1', ref: 's1+9', headline: 'Second', url: null, messageId: null, digest: null, sentAt: 3_000 });
    expect(await repo.received(7, 's1')).toBe(true);
    expect(await repo.received(8, 's1')).toBe(false);
    const digests = await repo.digestsOf(7, 's1');
    expect(digests.map((d) => [d.ref, d.headline, d.messageId])).toEqual([['s1', 'First', 42], ['s1+9', 'Second', null]]);
    expect(digests[0]?.digest?.countries).toEqual(['Indonesia']);
    expect((await repo.getStory('s1', 1_000))?.entities).toEqual({ people: ['Sugiono', 'Kaja Kallas'], countries: ['Indonesia'], organisations: ['EU'] });
  });

  it('moves a group\'s followed stories and received digests to its supergroup', async () => {
    await repo.assigning((tx) => tx.add([item('a', 's1', 1_000)], DAY));
    await repo.follow(-5, 's1', 1_000, 5);
    await repo.recordDigest({ chatId: -5, storyId: 's1', ref: 's1', headline: 'First', url: null, messageId: 3, digest: null, sentAt: 2_000 });
    await store.subscriptions.migrateChat(-5, -1005);
    expect((await repo.followedBy(-1005, 1_000)).map((s) => s.id)).toEqual(['s1']);
    expect(await repo.received(-1005, 's1')).toBe(true);
    expect(await repo.followedBy(-5, 1_000)).toEqual([]);
    expect(await repo.received(-5, 's1')).toBe(false);
  });

  it('expires quiet stories with their items, follows and digests', async () => {
    await repo.assigning((tx) => tx.add([item('a', 'old', 1_000), item('b', 'live', 10 * DAY)], 5 * DAY));
    await repo.follow(7, 'old', 1_000, 5);
    await repo.recordDigest({ chatId: 7, storyId: 'old', ref: 'old', headline: 'Old', url: null, messageId: 1, digest: null, sentAt: 1_000 });
    expect(await repo.expire(7 * DAY)).toBe(1);
    expect(await repo.getStory('old', 0)).toBeUndefined();
    expect(await repo.storyOfItem('a')).toBeUndefined();
    expect(await repo.received(7, 'old')).toBe(false);
    expect(await repo.followersOf(['old'])).toEqual(new Map());
    expect(await repo.getStory('live', 7 * DAY)).toBeDefined();
  });
});
