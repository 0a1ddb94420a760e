import type { Language } from '../digest/schema.js';
import type { QuietHours, Schedule } from './schedule.js';

/** A feed polled once for every chat that follows it. */
export interface FeedRecord {
  id: number;
  url: string;
  title: string | null;
  language: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Epoch ms of the next poll; the poller picks feeds whose time has come. */
  nextPollAt: number;
  consecutiveFailures: number;
  /** Set when the feed was disabled after repeated failures (its chats were told once). */
  disabledAt: number | null;
  lastError: string | null;
  /** Last successful fetch (epoch ms); null until the first one — that fetch is the back catalogue. */
  lastFetchedAt: number | null;
}

/** Where and how a chat receives digests. Chat ids are Telegram ids (channels: their -100… id). */
export interface DeliverySettings {
  chatId: number;
  schedule: Schedule;
  /** IANA zone, e.g. Asia/Jakarta. */
  timeZone: string;
  quiet: QuietHours | null;
  /** /pause by the chat. */
  paused: boolean;
  /** The bot was kicked/blocked (403): deliveries stop, subscriptions are kept. */
  blocked: boolean;
  /** Last time the slot scheduler looked at this chat (epoch ms), for missed-slot catch-up. */
  lastSlotCheckAt: number | null;
  /** Language of digests for this chat (falls back to DEFAULT_LANGUAGE). */
  language: Language | null;
}

export interface TopicRecord {
  id: number;
  chatId: number;
  /** What the user typed, for display. */
  label: string;
}

/** A feed item seen by the poller. */
export interface FeedItemRecord {
  id: number;
  feedId: number;
  /** guid, else canonical link, else title+date (see itemIdentity). Unique per feed. */
  identity: string;
  url: string | null;
  title: string;
  summary: string | null;
  publishedAt: string | null;
  language: string | null;
  /** Near-duplicate cluster: the same story from several feeds shares one story id. */
  storyId: string;
  firstSeenAt: number;
}

/** One message owed to one chat: written as pending before sending, marked sent after Telegram accepts it. */
export interface DeliveryRecord {
  id: number;
  chatId: number;
  /** 'story' = one instant digest; 'slot' = one batched message for a schedule slot; 'preview' = first item on subscribe; 'reminder' = a next step come due (ref = reminder id). */
  kind: 'story' | 'slot' | 'preview' | 'reminder';
  /** Story id or slot key; (chatId, kind, ref) is unique, so a second delivery of the same thing is impossible. */
  ref: string;
  /** Story ids included (one for 'story', several for 'slot'). */
  storyIds: string[];
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  createdAt: number;
  sentAt: number | null;
}

export interface SubscriptionRepository {
  /** Creates the feed row if needed. */
  upsertFeed(url: string, meta: { title: string | null; language: string | null }, nextPollAt: number): Promise<FeedRecord>;
  getFeed(feedId: number): Promise<FeedRecord | undefined>;
  /** Feeds with at least one active subscriber whose nextPollAt <= now and not disabled. */
  dueFeeds(now: number, limit: number): Promise<FeedRecord[]>;
  /**
   * Takes the polling lease of one feed for `owner` until now + leaseMs: true when the feed was free,
   * its lease had expired (a dead instance's feed is taken over) or `owner` already held it.
   * Several instances can then share one feed table and still poll each feed once.
   */
  claimFeed(feedId: number, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /** Gives the lease back after the poll (no-op when another owner holds it). */
  releaseFeed(feedId: number, owner: string): Promise<void>;
  updateFeedPoll(feedId: number, update: Partial<Pick<FeedRecord, 'etag' | 'lastModified' | 'nextPollAt' | 'consecutiveFailures' | 'disabledAt' | 'lastError' | 'title' | 'lastFetchedAt'>>): Promise<void>;

  /** Returns false when the chat already follows the feed. */
  subscribe(chatId: number, feedId: number, now: number): Promise<boolean>;
  unsubscribe(chatId: number, feedId: number): Promise<boolean>;
  unsubscribeAll(chatId: number): Promise<number>;
  feedsOf(chatId: number): Promise<FeedRecord[]>;
  /** Chats following a feed (blocked/paused included; the caller filters). */
  subscribersOf(feedId: number): Promise<number[]>;

  addTopic(chatId: number, label: string, now: number): Promise<boolean>;
  removeTopic(chatId: number, topicId: number): Promise<boolean>;
  topicsOf(chatId: number): Promise<TopicRecord[]>;
  /** Chats with topics but no feeds of their own: they follow every preset feed, filtered by topics. */
  topicOnlyChats(): Promise<number[]>;

  getDeliverySettings(chatId: number): Promise<DeliverySettings>;
  updateDeliverySettings(chatId: number, update: Partial<Omit<DeliverySettings, 'chatId'>>): Promise<void>;
  /** Chats with a slot schedule and at least one subscription or topic. */
  scheduledChats(): Promise<DeliverySettings[]>;

  /** Inserts unseen items; returns only the ones that were new. */
  addItems(feedId: number, items: Omit<FeedItemRecord, 'id' | 'feedId'>[], options?: { routed?: boolean }): Promise<FeedItemRecord[]>;
  /**
   * Items stored but not yet routed to chats (a crash came between), oldest first. New items are
   * unrouted unless added with `routed: true` (the back catalogue on subscribe).
   */
  unroutedItems(limit: number): Promise<FeedItemRecord[]>;
  markItemsRouted(itemIds: number[]): Promise<void>;
  itemsOfStory(storyId: string): Promise<FeedItemRecord[]>;
  /** A stored item by its identity within a feed (the preview of a feed that was already known). */
  getItem(feedId: number, identity: string): Promise<FeedItemRecord | undefined>;
  /** Stories waiting for a chat's next slot. */
  queueForSlot(chatId: number, storyId: string, now: number): Promise<void>;
  takeSlotQueue(chatId: number): Promise<string[]>;

  /** Inserts a pending delivery; returns undefined when (chatId, kind, ref) already exists. */
  createDelivery(delivery: Pick<DeliveryRecord, 'chatId' | 'kind' | 'ref' | 'storyIds'>, now: number): Promise<DeliveryRecord | undefined>;
  /** Pending deliveries, oldest first (after a restart these are sent again — each exactly once). */
  pendingDeliveries(limit: number): Promise<DeliveryRecord[]>;
  /**
   * Atomically claims pending deliveries for `owner` until now + leaseMs, oldest first, whole chats at
   * a time: a chat whose pending deliveries another owner holds under a live claim is skipped, so one
   * chat's messages are sent by one instance, in order. Deliveries `owner` already holds are returned
   * again (and renewed); expired claims of a dead instance are taken over. PostgreSQL uses
   * `FOR UPDATE SKIP LOCKED` under a transaction-level advisory lock; SQLite an IMMEDIATE transaction.
   * With `chatId`, only that chat's deliveries (a preview sent right after /subscribe).
   */
  claimDeliveries(owner: string, now: number, leaseMs: number, limit: number, chatId?: number): Promise<DeliveryRecord[]>;
  /** Extends every live claim of `owner` to now + leaseMs (a long send run). */
  renewDeliveryClaims(owner: string, now: number, leaseMs: number): Promise<void>;
  /** Drops every claim of `owner` (graceful shutdown: another instance takes over at once). */
  releaseDeliveryClaims(owner: string): Promise<void>;
  /** Pending deliveries, claimed or not (the deliveries-pending gauge). */
  countPendingDeliveries(): Promise<number>;
  markDelivery(id: number, status: 'sent' | 'failed', now: number): Promise<void>;
  bumpDeliveryAttempts(id: number): Promise<void>;

  /** Group → supergroup: subscriptions, topics, settings and pending deliveries move to the new id. */
  migrateChat(fromChatId: number, toChatId: number): Promise<void>;
}

/** The claim methods, implemented per dialect in *-coordination.ts and mixed in by each store. */
export type SubscriptionClaimMethods = 'claimFeed' | 'releaseFeed' | 'claimDeliveries' | 'renewDeliveryClaims' | 'releaseDeliveryClaims' | 'countPendingDeliveries';
