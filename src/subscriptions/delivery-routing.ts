import type { Logger } from '../core/logger.js';
import { describeError } from '../core/logger.js';
import type { FeedItemRecord, FeedRecord, SubscriptionRepository } from './repositories.js';
import { type DeliveryStories, followUpRef } from './delivery-follow-up.js';
import { dueSlots } from './schedule.js';
import { matchingTopics, parseTopic, type Topic } from './topics.js';

/** What routing new items needs. */
export interface DeliveryRoutingDeps {
  repo: SubscriptionRepository;
  now: () => number;
  presetFeedIds: () => Promise<number[]>;
  logger: Pick<Logger, 'warn' | 'debug'>;
  /** The story table: follow-ups for chats that had a story, and chats following a story. */
  stories?: Pick<DeliveryStories, 'received' | 'followersOf'>;
}

function safeTopics(labels: readonly string[]): Topic[] {
  const topics: Topic[] = [];
  for (const label of labels) {
    try {
      topics.push(parseTopic(label));
    } catch {
      // A stored topic that no longer parses (rules tightened since) filters nothing rather than everything.
    }
  }
  return topics;
}

function groupByStory(items: readonly FeedItemRecord[]): Map<string, FeedItemRecord[]> {
  const stories = new Map<string, FeedItemRecord[]>();
  for (const item of items) {
    const list = stories.get(item.storyId);
    if (list) list.push(item);
    else stories.set(item.storyId, [item]);
  }
  return stories;
}

/**
 * Routes a feed's new items to the chats that get them: instant chats get a pending 'story'
 * delivery, slot chats a place in their next batch. Chats with topics get only matching stories.
 */
export async function routeNewItems(deps: DeliveryRoutingDeps, feed: FeedRecord, items: readonly FeedItemRecord[]): Promise<void> {
  const { repo, logger } = deps;
  if (items.length === 0) return;
  const stories = groupByStory(items);
  let presetIds: number[] = [];
  try {
    presetIds = await deps.presetFeedIds();
  } catch (error) {
    logger.warn({ err: describeError(error) }, 'preset feeds unavailable; topic-only chats skipped');
  }
  const chats = new Set(await repo.subscribersOf(feed.id));
  const isPreset = presetIds.includes(feed.id);
  if (isPreset) for (const chatId of await repo.topicOnlyChats()) chats.add(chatId);
  // Chats that read this feed (subscribers, topic-only chats on a preset), before followers are added.
  const readers = new Set(chats);
  // Followed stories reach their followers from the chat's own feeds and from every preset source,
  // whatever the chat's topics.
  const followers = deps.stories ? await deps.stories.followersOf([...stories.keys()]) : new Map<string, number[]>();
  const follows = (chatId: number, storyId: string) => followers.get(storyId)?.includes(chatId) ?? false;
  if (isPreset) for (const list of followers.values()) for (const chatId of list) chats.add(chatId);

  const at = deps.now();
  let queued = 0;
  for (const chatId of chats) {
    const settings = await repo.getDeliverySettings(chatId);
    if (settings.paused || settings.blocked) continue;
    const topics = safeTopics((await repo.topicsOf(chatId)).map((topic) => topic.label));
    const subscribed = readers.has(chatId);
    for (const [storyId, storyItems] of stories) {
      const followed = follows(chatId, storyId);
      // A follower that reached here only through a preset feed gets only the stories it follows.
      if (!subscribed && !followed) continue;
      if (!followed && topics.length > 0 && !storyItems.some((item) => matchingTopics(topics, `${item.title}\n${item.summary ?? ''}`).length > 0)) continue;
      if (settings.schedule.mode === 'slots') {
        await repo.queueForSlot(chatId, storyId, at);
      } else if (deps.stories && (await deps.stories.received(chatId, storyId))) {
        // The chat had this story: the newest item comes as a follow-up that says what it adds.
        const newest = storyItems.at(-1) as FeedItemRecord;
        await repo.createDelivery({ chatId, kind: 'story', ref: followUpRef(storyId, newest.id), storyIds: [storyId] }, at);
      } else {
        // Unique per (chat, story): the same story from a second feed is not sent again.
        await repo.createDelivery({ chatId, kind: 'story', ref: storyId, storyIds: [storyId] }, at);
      }
      queued += 1;
    }
  }
  logger.debug({ feedId: feed.id, items: items.length, stories: stories.size, chats: chats.size, queued }, 'new feed items routed');
}

/** Creates the 'slot' deliveries that are due and advances every scheduled chat's check time. */
export async function createDueSlotDeliveries(
  repo: SubscriptionRepository,
  now: () => number,
  stopping: () => boolean,
): Promise<void> {
  for (const settings of await repo.scheduledChats()) {
    if (stopping()) return;
    if (settings.schedule.mode !== 'slots') continue;
    const at = now();
    // Paused or blocked: the queue is kept for the first slot after they come back.
    if (!settings.paused && !settings.blocked) {
      const due = dueSlots({
        slots: settings.schedule.slots,
        timeZone: settings.timeZone,
        lastRunAt: settings.lastSlotCheckAt === null ? null : new Date(settings.lastSlotCheckAt),
        now: new Date(at),
      });
      for (const slot of due) {
        const storyIds = await repo.takeSlotQueue(settings.chatId);
        if (storyIds.length === 0) continue;
        const created = await repo.createDelivery({ chatId: settings.chatId, kind: 'slot', ref: slot.slotKey, storyIds }, at);
        if (!created) {
          // This slot was already written before a crash: these stories wait for the next slot.
          for (const storyId of storyIds) await repo.queueForSlot(settings.chatId, storyId, at);
        }
      }
    }
    // Always, even when nothing was due: a never-checked schedule owes nothing until its next slot.
    await repo.updateDeliverySettings(settings.chatId, { lastSlotCheckAt: at });
  }
}
