import { describeError, type Logger } from '../core/logger.js';
import { createPeriodicWorker } from '../core/periodic-worker.js';
import { AppError } from '../errors/app-error.js';
import type { FeedItemRecord, FeedRecord, SubscriptionRepository } from './repositories.js';
import type { FeedFetcher } from './feed-fetcher.js';
import { createItemRecords } from './feed-item-records.js';
import { parseFeed } from './feed-parser.js';
import { resolveFeed } from './feed-resolver.js';
import type { StoryClusterer } from './story-clusters.js';
import type { StoryService } from './story-service.js';

/** Dependencies of {@link createFeedService}. */
export interface FeedServiceDeps {
  repo: SubscriptionRepository;
  fetcher: FeedFetcher;
  /** Epoch ms. */
  now: () => number;
  /** FEED_POLL_INTERVAL: seconds between polls of a healthy feed. */
  pollIntervalSec: number;
  /** Consecutive failed polls before a feed is disabled. Default 5. */
  maxFailures?: number;
  /** Longest back-off after failures, in seconds. Default 6 h. */
  maxBackoffSec?: number;
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>;
  /**
   * Preset feeds, polled even without subscribers while some chat follows topics only (those chats
   * read every preset through their topic filter).
   */
  presetFeedIds?: () => Promise<number[]>;
  /** Assigns near-duplicate items from several feeds to one story. Default: one story per item. */
  clusterer?: StoryClusterer;
  /** Persisted stories shared by instances (issue 13); when set, it assigns the story ids instead of `clusterer`. */
  stories?: Pick<StoryService, 'assignAll'>;
  /** Feeds polled per pollDue call. Default 50. */
  batchSize?: number;
  /** Feeds fetched at the same time. Default 4. */
  concurrency?: number;
  /** Timer period of start(). Default 5 s. */
  tickMs?: number;
  /** This instance's name in feed leases (unique per instance when several share one database). Default 'local'. */
  owner?: string;
  /** How long a feed's polling lease lasts: longer than a poll can take, so a dead instance's feed is freed after it. Default 60 s. */
  leaseMs?: number;
}

export type NewItemsListener = (feed: FeedRecord, items: FeedItemRecord[]) => Promise<void>;
export type FeedDisabledListener = (feed: FeedRecord, chatIds: number[]) => Promise<void>;

/** Resolves, stores and polls feeds; one poll per feed URL however many chats follow it. */
export interface FeedService {
  /**
   * Fetches and validates a feed URL (or a page advertising one via <link rel="alternate">), stores
   * the feed and its current items as seen (the back catalogue), and returns the newest item for
   * the preview. Throws AppError: INVALID_INPUT when neither a feed nor a page advertising one, and
   * the fetcher's codes (BLOCKED_ADDRESS, FETCH_FAILED, HTTP_STATUS…) when it cannot be fetched.
   * Re-enables a feed that was disabled.
   */
  resolveAndAdd(url: string): Promise<{ feed: FeedRecord; newest: FeedItemRecord | null }>;
  /** Polls the feeds that are due and not leased by another instance, once each; returns how many this instance polled. */
  pollDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  /** Called with a feed's unseen items, oldest first, after they are stored as seen. */
  onNewItems(listener: NewItemsListener): void;
  /** Called once when a feed is disabled after repeated failures, with the chats that follow it. */
  onFeedDisabled(listener: FeedDisabledListener): void;
}

const DEFAULT_MAX_BACKOFF_SEC = 6 * 3600;

export function createFeedService(deps: FeedServiceDeps): FeedService {
  const { repo, fetcher, now, logger } = deps;
  const itemRecords = createItemRecords({ clusterer: deps.clusterer, stories: deps.stories });
  const intervalMs = deps.pollIntervalSec * 1000;
  const maxFailures = deps.maxFailures ?? 5;
  const maxBackoffMs = (deps.maxBackoffSec ?? DEFAULT_MAX_BACKOFF_SEC) * 1000;
  const batchSize = deps.batchSize ?? 50;
  const concurrency = Math.max(1, deps.concurrency ?? 4);
  const tickMs = deps.tickMs ?? 5000;
  const owner = deps.owner ?? 'local';
  const leaseMs = deps.leaseMs ?? 60_000;
  const newItemsListeners: NewItemsListener[] = [];
  const disabledListeners: FeedDisabledListener[] = [];
  // A feed is never fetched twice at once, even when resolveAndAdd and the poller race.
  const inFlight = new Set<number>();
  let running: Promise<number> | undefined;

  /** Hands new items to the listeners; they are marked routed only when every listener succeeded. */
  async function notifyNewItems(feed: FeedRecord, items: FeedItemRecord[]): Promise<void> {
    let ok = true;
    for (const listener of newItemsListeners) {
      try {
        await listener(feed, items);
      } catch (error) {
        ok = false;
        logger.warn({ feedId: feed.id, items: items.length, err: describeError(error) }, 'new-items listener failed');
      }
    }
    if (ok) await repo.markItemsRouted(items.map((item) => item.id));
  }

  /** Items a crash (or a failed listener) left stored but unrouted are routed again; the outbox's unique keys stop doubles. */
  async function routeLeftovers(): Promise<void> {
    if (newItemsListeners.length === 0) return;
    const leftovers = await repo.unroutedItems(batchSize * 20);
    const byFeed = new Map<number, FeedItemRecord[]>();
    for (const item of leftovers) byFeed.set(item.feedId, [...(byFeed.get(item.feedId) ?? []), item]);
    for (const [feedId, items] of byFeed) {
      const feed = await repo.getFeed(feedId);
      if (feed) await notifyNewItems(feed, items);
    }
  }

  async function recordFailure(feed: FeedRecord, error: unknown): Promise<void> {
    const at = now();
    const failures = feed.consecutiveFailures + 1;
    const message = describeError(error).slice(0, 500);
    if (failures >= maxFailures) {
      await repo.updateFeedPoll(feed.id, { consecutiveFailures: failures, lastError: message, disabledAt: at });
      const disabled = (await repo.getFeed(feed.id)) ?? { ...feed, consecutiveFailures: failures, lastError: message, disabledAt: at };
      const chats = await repo.subscribersOf(feed.id);
      logger.warn({ feedId: feed.id, url: feed.url, failures, err: message }, 'feed disabled after repeated failures');
      for (const listener of disabledListeners) {
        try {
          await listener(disabled, chats);
        } catch (listenerError) {
          logger.warn({ feedId: feed.id, err: describeError(listenerError) }, 'feed-disabled listener failed');
        }
      }
      return;
    }
    // Exponential from the poll interval (2×, 4×, …), capped; a Retry-After asks for at least that long.
    let delay = Math.min(intervalMs * 2 ** failures, maxBackoffMs);
    const retryAfterSec = error instanceof AppError ? error.details.retryAfterSec : undefined;
    if (typeof retryAfterSec === 'number') delay = Math.max(delay, retryAfterSec * 1000);
    await repo.updateFeedPoll(feed.id, { consecutiveFailures: failures, lastError: message, nextPollAt: at + delay });
    logger.info({ feedId: feed.id, url: feed.url, failures, retryInMs: delay, err: message }, 'feed poll failed');
  }

  async function pollFeed(feed: FeedRecord): Promise<void> {
    // The next poll counts from when this one started, so a slow fetch does not push the schedule back
    // and a clock that moves during the fetch cannot skip a whole interval.
    const at = now();
    try {
      const result = await fetcher.fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified });
      if (result.status === 304) {
        const wait = Math.max(intervalMs, (result.retryAfterSec ?? 0) * 1000);
        await repo.updateFeedPoll(feed.id, { nextPollAt: at + wait, consecutiveFailures: 0, lastError: null });
        return;
      }
      const parsed = parseFeed(result.body, result.url);
      // A feed's first fetch (a preset row created for topic-only chats) is its back catalogue, not news.
      const firstFetch = feed.lastFetchedAt === null;
      const added = await repo.addItems(feed.id, await itemRecords.of(feed.id, parsed, at), { routed: firstFetch });
      const update = {
        etag: result.etag,
        lastModified: result.lastModified,
        lastFetchedAt: at,
        nextPollAt: at + intervalMs,
        consecutiveFailures: 0,
        lastError: null,
        ...(feed.title === null ? { title: parsed.title } : {}),
      };
      await repo.updateFeedPoll(feed.id, update);
      if (added.length > 0 && !firstFetch) {
        logger.debug({ feedId: feed.id, newItems: added.length }, 'new feed items');
        await notifyNewItems({ ...feed, ...update }, added);
      }
    } catch (error) {
      await recordFailure(feed, error);
    }
  }

  /**
   * Polls a feed only under its lease, so instances sharing one database fetch it once. Returns false
   * when another instance holds it (or the claim failed): that instance polls it.
   */
  async function pollClaimed(feed: FeedRecord): Promise<boolean> {
    let claimed: boolean;
    try {
      claimed = await repo.claimFeed(feed.id, owner, now(), leaseMs);
    } catch (error) {
      logger.warn({ feedId: feed.id, err: describeError(error) }, 'feed lease unavailable; poll skipped');
      return false;
    }
    if (!claimed) return false;
    try {
      // Another instance may have polled it between our due query and the claim: polling is due no longer.
      const current = await repo.getFeed(feed.id);
      if (!current || current.disabledAt !== null || current.nextPollAt > now()) return false;
      await pollFeed(current);
      return true;
    } finally {
      await repo.releaseFeed(feed.id, owner).catch((error: unknown) => logger.warn({ feedId: feed.id, err: describeError(error) }, 'releasing feed lease failed'));
    }
  }

  async function dueFeeds(at: number): Promise<FeedRecord[]> {
    const due = await repo.dueFeeds(at, batchSize);
    if (deps.presetFeedIds && due.length < batchSize && (await repo.topicOnlyChats()).length > 0) {
      const ids = new Set(due.map((feed) => feed.id));
      for (const id of await deps.presetFeedIds()) {
        if (ids.has(id)) continue;
        const feed = await repo.getFeed(id);
        if (feed && feed.disabledAt === null && feed.nextPollAt <= at) {
          due.push(feed);
          ids.add(id);
        }
      }
    }
    return due.filter((feed) => !inFlight.has(feed.id)).slice(0, batchSize);
  }

  async function pollDueOnce(): Promise<number> {
    await routeLeftovers().catch((error: unknown) => logger.warn({ err: describeError(error) }, 'routing left-over items failed'));
    const due = await dueFeeds(now());
    for (const feed of due) inFlight.add(feed.id);
    let next = 0;
    let polled = 0;
    const worker = async () => {
      while (next < due.length) {
        const feed = due[next++]!;
        try {
          if (await pollClaimed(feed)) polled += 1;
        } finally {
          inFlight.delete(feed.id);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    return polled;
  }

  function pollDue(): Promise<number> {
    // Overlapping calls (timer and a manual call) share one pass instead of polling twice.
    running ??= pollDueOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  const poller = createPeriodicWorker({ name: 'feed poll pass', intervalMs: tickMs, logger, run: pollDue });

  return {
    async resolveAndAdd(url) {
      const { page, parsed } = await resolveFeed(fetcher, url.trim());
      const at = now();
      const stored = await repo.upsertFeed(page.url, { title: parsed.title, language: parsed.language }, at + intervalMs);
      inFlight.add(stored.id);
      try {
        const records = await itemRecords.of(stored.id, parsed, at);
        // The back catalogue is seen, not news: only the newest goes out, as the preview.
        await repo.addItems(stored.id, records, { routed: true });
        // A re-subscription revives a disabled feed: it was just fetched successfully.
        const update = {
          etag: page.etag,
          lastModified: page.lastModified,
          lastFetchedAt: at,
          consecutiveFailures: 0,
          lastError: null,
          disabledAt: null,
          ...(stored.disabledAt !== null ? { nextPollAt: at + intervalMs } : {}),
        };
        await repo.updateFeedPoll(stored.id, update);
        const feed = (await repo.getFeed(stored.id)) ?? { ...stored, ...update };
        const newestRecord = records.at(-1);
        const newest = newestRecord ? ((await repo.getItem(stored.id, newestRecord.identity)) ?? null) : null;
        return { feed, newest };
      } finally {
        inFlight.delete(stored.id);
      }
    },

    pollDue,

    start: () => poller.start(),

    async stop() {
      await poller.stop();
      // A pass started by a manual pollDue() call is waited for too.
      await running?.catch(() => undefined);
    },

    onNewItems(listener) {
      newItemsListeners.push(listener);
    },
    onFeedDisabled(listener) {
      disabledListeners.push(listener);
    },
  };
}
