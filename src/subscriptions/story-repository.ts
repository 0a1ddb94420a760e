import type { Digest } from '../digest/schema.js';

/** One item as the story table keeps it: enough to rebuild the clusterer's fingerprint after a restart. */
export interface StoredStoryItem {
  /** Insertion order across instances: a service reads only what was added since it last looked. */
  seq: number;
  /** The feed item's key (itemKey), or `url:<hash>` for an article digested outside the feeds. */
  itemKey: string;
  storyId: string;
  /** Epoch ms of the item (published, else first seen). */
  at: number;
  title: string;
  summary: string;
  language: string | null;
}

/** A persisted story: its time span, when it expires and the entities its delivered digests named. */
export interface StoryRecord {
  id: string;
  firstAt: number;
  lastAt: number;
  /** lastAt + the quiet period: after this the story, its follows and its digests are deleted. */
  expiresAt: number;
  headline: string;
  entities: StoryEntities;
}

/** People, countries and organisations a story's delivered digests named. */
export interface StoryEntities {
  people: string[];
  countries: string[];
  organisations: string[];
}

/** A digest of a story a chat received: for "Earlier: <headline>", the reply and the diff. */
export interface DeliveredStoryDigest {
  chatId: number;
  storyId: string;
  /** The delivery's ref (unique per chat and story). */
  ref: string;
  headline: string;
  url: string | null;
  /** The first message of the delivery, for reply_parameters; null when Telegram's answer gave none. */
  messageId: number | null;
  /** The digest as sent, or null when the feed's own summary was sent instead. */
  digest: Digest | null;
  sentAt: number;
}

/** What the assignment transaction may do; every call runs under one lock shared by all instances. */
export interface StoryAssignment {
  /** Items added after `afterSeq` whose time is at or after `minAt`, oldest first. */
  itemsSince(afterSeq: number, minAt: number): Promise<StoredStoryItem[]>;
  /** Stored story ids of the given item keys (an item assigned before keeps its story). */
  storiesOf(itemKeys: readonly string[]): Promise<Map<string, string>>;
  /** Stores items and creates or extends their stories (lastAt, expiresAt). */
  add(items: readonly Omit<StoredStoryItem, 'seq'>[], expiresAfterMs: number): Promise<void>;
}

/** Persisted stories, their items, follows and the digests each chat received (store/stories.ts). */
export interface StoryRepository {
  /**
   * Runs `work` exclusively across instances (SQLite: IMMEDIATE transaction, PostgreSQL: advisory
   * transaction lock), so two instances assigning items of one new story at once make one story.
   */
  assigning<T>(work: (tx: StoryAssignment) => Promise<T>): Promise<T>;
  getStory(storyId: string, now: number): Promise<StoryRecord | undefined>;
  /** The story a stored item (feed item key or article key) belongs to. */
  storyOfItem(itemKey: string): Promise<string | undefined>;

  /** 'cap' when the chat already follows `cap` stories; 'already' when it follows this one. */
  follow(chatId: number, storyId: string, now: number, cap: number): Promise<'followed' | 'already' | 'cap'>;
  unfollow(chatId: number, storyId: string): Promise<boolean>;
  /** Live followed stories of a chat, newest activity first. */
  followedBy(chatId: number, now: number): Promise<StoryRecord[]>;
  /** For each story id, the chats following it. */
  followersOf(storyIds: readonly string[]): Promise<Map<string, number[]>>;

  recordDigest(entry: DeliveredStoryDigest): Promise<void>;
  /** The digests of a story a chat received, oldest first. */
  digestsOf(chatId: number, storyId: string): Promise<DeliveredStoryDigest[]>;
  /** Whether the chat received any digest of the story. */
  received(chatId: number, storyId: string): Promise<boolean>;

  /** Deletes stories whose expiresAt passed, with their items, follows and digests; returns how many. */
  expire(now: number): Promise<number>;
}
