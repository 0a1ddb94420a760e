import { createHash } from 'node:crypto';
import { createStoryClusterer, FOLLOW_UP_WINDOW_HOURS, type StoryClusterer, type StoryItem } from './story-clusters.js';
import type { StoryRecord, StoryRepository } from './story-repository.js';

/** Dependencies of {@link createStoryService}. */
export interface StoryServiceDeps {
  repo: StoryRepository;
  /** Epoch ms. */
  now: () => number;
  /** STORY_QUIET_DAYS in ms: a story without a new item for this long expires. */
  quietMs: number;
  /** MAX_FOLLOWED_STORIES_PER_CHAT. */
  followCap: number;
  /** The in-memory cache in front of the story table. Default: the clusterer with follow-ups on. */
  clusterer?: StoryClusterer;
}

/** What pressing "Follow this story" did. */
export type FollowOutcome = 'followed' | 'already' | 'cap' | 'unknown';

/** An article read outside the feeds (a link sent to the bot): what its story is looked up by. */
export interface ArticleForStory {
  url: string;
  title: string;
  summary: string;
  language: string | null;
  publishedAt: string | null;
}

/** Persisted stories: assignment shared by every instance, follows, expiry. */
export interface StoryService {
  /**
   * The story of each item, in order. An item stored before keeps its story; a new one joins the most
   * similar live story (see createStoryClusterer) or starts one named after it. One instance at a time
   * assigns (a lock in the database), after reading what the others added since it last looked, so
   * two instances polling two feeds of one new story make one story.
   */
  assignAll(items: readonly StoryItem[]): Promise<string[]>;
  /** The story of an article digested outside the feeds (a link sent to the bot), assigned like a feed item under its URL's key. */
  storyOfArticle(article: ArticleForStory): Promise<string>;
  /**
   * Follows a story. `messageId` is the message the button was under: when the chat has no delivered
   * digest of the story (a bot digest, a digest in another chat), it is recorded as the chat's earlier
   * message, so the first follow-up replies to it and says "Earlier: <headline>".
   */
  follow(chatId: number, storyId: string, messageId?: number | null): Promise<FollowOutcome>;
  unfollow(chatId: number, storyId: string): Promise<boolean>;
  followed(chatId: number): Promise<StoryRecord[]>;
  /** Deletes stories quiet for longer than the quiet period; returns how many. assignAll runs it at most hourly. */
  expire(): Promise<number>;
  /** MAX_FOLLOWED_STORIES_PER_CHAT, for the message at the cap. */
  readonly cap: number;
}

const EXPIRE_EVERY_MS = 3_600_000;

/** The story-table key of an article outside the feeds. */
export const articleKey = (url: string) => `url:${createHash('sha256').update(url).digest('base64url').slice(0, 16)}`;

export function createStoryService(deps: StoryServiceDeps): StoryService {
  const { repo, now } = deps;
  const clusterer = deps.clusterer ?? createStoryClusterer({ followUpWindowHours: FOLLOW_UP_WINDOW_HOURS, now: () => new Date(now()) });
  // story_items.seq this instance has read up to: the rest of the table is in the clusterer already.
  let seenSeq = 0;
  let lastExpiry = Number.NEGATIVE_INFINITY;

  const timeOf = (item: StoryItem): number => {
    const value = item.publishedAt instanceof Date ? item.publishedAt.getTime() : item.publishedAt ? Date.parse(item.publishedAt) : Number.NaN;
    return Number.isFinite(value) ? value : now();
  };

  async function assignAll(items: readonly StoryItem[]): Promise<string[]> {
    if (items.length === 0) return [];
    if (now() - lastExpiry >= EXPIRE_EVERY_MS) {
      lastExpiry = now();
      // A failed clean-up only leaves quiet stories a little longer.
      await repo.expire(now()).catch(() => 0);
    }
    return repo.assigning(async (tx) => {
      for (const stored of await tx.itemsSince(seenSeq, now() - clusterer.memoryMs)) {
        clusterer.remember({ id: stored.itemKey, title: stored.title, summary: stored.summary, language: stored.language, publishedAt: new Date(stored.at) }, stored.storyId);
        seenSeq = Math.max(seenSeq, stored.seq);
      }
      const known = await tx.storiesOf(items.map((item) => item.id));
      const added: { itemKey: string; storyId: string; at: number; title: string; summary: string; language: string | null }[] = [];
      const ids = items.map((item) => {
        const stored = known.get(item.id);
        if (stored) return stored;
        const { storyId } = clusterer.assign(item);
        known.set(item.id, storyId);
        added.push({ itemKey: item.id, storyId, at: timeOf(item), title: item.title, summary: item.summary, language: item.language });
        return storyId;
      });
      await tx.add(added, deps.quietMs);
      return ids;
    });
  }

  return {
    assignAll,

    async storyOfArticle(article) {
      const key = articleKey(article.url);
      const [storyId] = await assignAll([{ id: key, title: article.title, summary: article.summary, language: article.language, publishedAt: article.publishedAt }]);
      return storyId as string;
    },

    async follow(chatId, storyId, messageId = null) {
      const story = await repo.getStory(storyId, now());
      if (!story) return 'unknown';
      const outcome = await repo.follow(chatId, storyId, now(), deps.followCap);
      if (outcome === 'followed' && !(await repo.received(chatId, storyId))) {
        await repo.recordDigest({ chatId, storyId, ref: 'follow', headline: story.headline, url: null, messageId, digest: null, sentAt: now() });
      }
      return outcome;
    },
    unfollow: (chatId, storyId) => repo.unfollow(chatId, storyId),
    followed: (chatId) => repo.followedBy(chatId, now()),
    expire: () => repo.expire(now()),
    cap: deps.followCap,
  };
}
