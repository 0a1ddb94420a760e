import type { SendQueue } from '../infra/send-queue.js';
import type { DigestService } from '../digest/digest-service.js';
import { renderDigestHtml } from '../digest/render/html.js';
import type { Digest, Language } from '../digest/schema.js';
import type { DeliveryRecord, DeliverySettings, FeedItemRecord, FeedRecord, SubscriptionRepository } from './repositories.js';
import {
  type CitedItem,
  hostOf,
  pickPrimary,
  renderBatch,
  renderStoryFallback,
  renderStoryMessage,
  slotHeading,
  type StoryGroup,
} from './batch-render.js';
import { dueSlots, inQuietHours } from './schedule.js';
import { matchingTopics, parseTopic, type Topic } from './topics.js';

/** pino-compatible logger subset. */
export interface DeliveryServiceLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** What the delivery service needs of a Bot API client (telegraf's Telegram fits). */
export interface DeliveryTelegram {
  sendMessage(chatId: number, text: string, extra: { parse_mode: 'HTML'; link_preview_options: { is_disabled: boolean } }): Promise<{ message_id: number }>;
}

/** Dependencies of {@link createDeliveryService}. */
export interface DeliveryServiceDeps {
  repo: SubscriptionRepository;
  digestService: DigestService;
  telegram: DeliveryTelegram;
  /** The bot's rate-limited sender (group 20/min, global 30/s, 429 → retry_after). */
  sender: SendQueue;
  /** Epoch ms. */
  now: () => number;
  defaultLanguage: Language;
  /** Ids of the preset feeds: topic-only chats follow every one of them. */
  presetFeedIds: () => Promise<number[]>;
  logger: DeliveryServiceLogger;
  /** Timer period of start(). Default 2 s. */
  tickMs?: number;
  /** A pending delivery older than this is dropped (marked failed) instead of sent: day-old news after a long block or outage. Default 24 h. */
  maxAgeMs?: number;
  /** Failed sends (other than 403/429/migration) before a delivery is given up. Default 5. */
  maxAttempts?: number;
  /** Chats sent to at the same time; the send queue does the pacing, this only keeps it fed. Default 50. */
  concurrency?: number;
  /** Pending deliveries claimed per tick: few enough to send within one lease at 30 msg/s. Default 500. */
  batchSize?: number;
  /** This instance's name in delivery claims (unique per instance when several share one database). Default 'local'. */
  owner?: string;
  /** How long a claim keeps other instances off a chat; renewed every leaseMs/3 while a run lasts. Default 60 s. */
  leaseMs?: number;
  /** Counts sent deliveries for /metrics. */
  metrics?: { deliverySent(): void };
}

/** Pushes new feed items to the chats that want them, through a persistent outbox. */
export interface DeliveryService {
  /**
   * Routes a feed's new items (story ids already assigned by the feed service) to the chats that get
   * them: instant chats get a pending 'story' delivery, slot chats a place in their next batch.
   */
  handleNewItems(feed: FeedRecord, items: FeedItemRecord[]): Promise<void>;
  /** Sends the newest item of a feed just subscribed to (instant chats) or queues it for the next slot. Never throws for a send failure. */
  sendPreview(chatId: number, item: FeedItemRecord): Promise<void>;
  /** Creates the deliveries of due slots, then sends pending deliveries oldest first. Overlapping calls share one run. */
  tick(): Promise<void>;
  start(): void;
  /** Stops the timer, waits for the running tick (which sends no further chat once stopping) and releases this instance's claims. */
  stop(): Promise<void>;
  /** Pending deliveries of every instance, claimed or not (the deliveries-pending gauge). */
  pendingCount(): Promise<number>;
  /** 403: the bot was kicked or blocked; subscriptions are kept, nothing is sent. */
  chatBlocked(chatId: number): Promise<void>;
  /** The bot was added back: deliveries resume (the ones that went stale meanwhile are dropped). */
  chatUnblocked(chatId: number): Promise<void>;
}

const DAY_MS = 24 * 3_600_000;

interface ApiErrorInfo {
  code: number | null;
  description: string;
  migrateTo: number | null;
}

/** The Bot API error in any of the shapes telegraf and raw clients use. */
function apiErrorOf(error: unknown): ApiErrorInfo {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    error_code?: unknown;
    description?: unknown;
    message?: unknown;
    parameters?: { migrate_to_chat_id?: unknown };
    response?: { error_code?: unknown; description?: unknown; parameters?: { migrate_to_chat_id?: unknown } };
  };
  const code = e.response?.error_code ?? e.error_code ?? e.code;
  const migrateTo = e.response?.parameters?.migrate_to_chat_id ?? e.parameters?.migrate_to_chat_id;
  const description = e.response?.description ?? e.description ?? e.message;
  return {
    code: typeof code === 'number' ? code : null,
    description: typeof description === 'string' ? description : String(error),
    migrateTo: typeof migrateTo === 'number' ? migrateTo : null,
  };
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

/**
 * The outbox: every message owed to a chat is a delivery row, written as pending before the send and
 * marked sent after Telegram accepted every part. A crash in between leaves it pending, so it is sent
 * on the next start; the (chat, kind, ref) unique key makes a second row for the same story or slot
 * impossible. The one window left is a crash after Telegram accepted the message and before the mark:
 * that message is sent again on restart (at-least-once for that instant, exactly-once otherwise).
 *
 * Story ids come from the feed service's in-memory clusterer and are persisted on the items; after a
 * restart a wire rewrite of a story seen before the restart may start a new story (and be sent once more).
 */
export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const { repo, digestService, telegram, sender, now, logger } = deps;
  const tickMs = deps.tickMs ?? 2000;
  const maxAgeMs = deps.maxAgeMs ?? DAY_MS;
  const maxAttempts = deps.maxAttempts ?? 5;
  const concurrency = Math.max(1, deps.concurrency ?? 50);
  const batchSize = deps.batchSize ?? 500;
  const owner = deps.owner ?? 'local';
  const leaseMs = deps.leaseMs ?? 60_000;
  // Deliveries being sent right now (a preview racing the ticker must not be sent twice).
  const sending = new Set<number>();
  // Deliveries this process marked sent or failed since the current run claimed its batch: a preview sent
  // while a run holds a stale copy of its (then pending) row must not be sent again by that run.
  const settled = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopping = false;

  const languageOf = (settings: DeliverySettings): Language => settings.language ?? deps.defaultLanguage;

  /** Per run: one digest (or one failure) per URL and language, and each feed read once. */
  function createRunMemo() {
    const digests = new Map<string, Promise<Digest | null>>();
    const feeds = new Map<number, Promise<FeedRecord | undefined>>();
    return {
      digest(url: string, language: Language): Promise<Digest | null> {
        const key = `${language}|${url}`;
        let job = digests.get(key);
        if (!job) {
          job = digestService.digest({ input: { kind: 'url', url }, language }).then(
            (outcome) => outcome.digest,
            (error: unknown) => {
              logger.warn({ url, language, err: error instanceof Error ? error.message : String(error) }, 'feed item could not be digested; sending its feed summary');
              return null;
            },
          );
          digests.set(key, job);
        }
        return job;
      },
      feed(feedId: number) {
        let job = feeds.get(feedId);
        if (!job) {
          job = repo.getFeed(feedId);
          feeds.set(feedId, job);
        }
        return job;
      },
    };
  }
  type RunMemo = ReturnType<typeof createRunMemo>;

  async function cite(items: readonly FeedItemRecord[], memo: RunMemo): Promise<CitedItem[]> {
    return Promise.all(
      items.map(async (item) => {
        const feed = await memo.feed(item.feedId);
        return { item, source: feed?.title ?? hostOf(item.url) ?? hostOf(feed?.url) ?? '' };
      }),
    );
  }

  /** The message parts of a delivery, or null when there is nothing left to send (its items are gone). */
  async function render(delivery: DeliveryRecord, language: Language, memo: RunMemo): Promise<string[] | null> {
    if (delivery.kind === 'slot') {
      const stories: StoryGroup[] = [];
      for (const storyId of delivery.storyIds) {
        const cited = await cite(await repo.itemsOfStory(storyId), memo);
        if (cited.length > 0) stories.push(cited);
      }
      const parts = renderBatch({ language, heading: slotHeading(delivery.ref, language), stories });
      return parts.length > 0 ? parts : null;
    }
    const storyId = delivery.storyIds[0] ?? delivery.ref;
    const cited = await cite(await repo.itemsOfStory(storyId), memo);
    // A preview leads with the very item the chat subscribed to.
    const previewId = delivery.kind === 'preview' ? Number(delivery.ref.replace(/^item:/, '')) : Number.NaN;
    const primary = cited.find((c) => c.item.id === previewId) ?? pickPrimary(cited, language);
    if (!primary) return null;
    const digest = primary.item.url ? await memo.digest(primary.item.url, language) : null;
    return digest ? renderStoryMessage(renderDigestHtml(digest), cited, primary, language) : renderStoryFallback(cited, primary, language);
  }

  async function sendParts(chatId: number, parts: readonly string[]): Promise<void> {
    for (const part of parts) {
      await sender.run(chatId, () => telegram.sendMessage(chatId, part, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } }));
    }
  }

  type Outcome = 'sent' | 'blocked' | 'failed' | 'retry' | 'migrated';

  async function mark(id: number, status: 'sent' | 'failed'): Promise<void> {
    await repo.markDelivery(id, status, now());
    settled.add(id);
  }

  async function deliver(delivery: DeliveryRecord, settings: DeliverySettings, memo: RunMemo, migrations = 0): Promise<Outcome> {
    if (settled.has(delivery.id)) return 'sent';
    if (sending.has(delivery.id)) return 'retry';
    sending.add(delivery.id);
    const chatId = delivery.chatId;
    try {
      const parts = await render(delivery, languageOf(settings), memo);
      if (!parts) {
        logger.warn({ deliveryId: delivery.id, chatId, ref: delivery.ref }, 'delivery has no items left to send; dropped');
        await mark(delivery.id, 'failed');
        return 'failed';
      }
      await sendParts(chatId, parts);
      await mark(delivery.id, 'sent');
      deps.metrics?.deliverySent();
      return 'sent';
    } catch (error) {
      const api = apiErrorOf(error);
      if (api.code === 403) {
        // Kicked, blocked or lost posting rights: keep everything, send nothing until re-added.
        logger.info({ chatId, description: api.description }, 'chat refused delivery (403); subscriptions paused until the bot is back');
        await chatBlocked(chatId);
        return 'blocked';
      }
      if (api.migrateTo !== null && migrations === 0) {
        logger.info({ chatId, to: api.migrateTo }, 'group migrated to a supergroup; moving its subscriptions');
        await repo.migrateChat(chatId, api.migrateTo);
        sending.delete(delivery.id);
        // The outbox row moved with the chat (new row id): send that one to the new id, once we hold the new chat.
        const moved = (await repo.claimDeliveries(owner, now(), leaseMs, batchSize, api.migrateTo)).find(
          (d) => d.chatId === api.migrateTo && d.kind === delivery.kind && d.ref === delivery.ref,
        );
        if (moved) await deliver(moved, await repo.getDeliverySettings(moved.chatId), memo, migrations + 1);
        return 'migrated';
      }
      await repo.bumpDeliveryAttempts(delivery.id);
      // Any other 400 (chat not found, bad HTML) will not get better by retrying.
      const permanent = api.code === 400 || delivery.attempts + 1 >= maxAttempts;
      logger.warn({ chatId, deliveryId: delivery.id, code: api.code, err: api.description, permanent }, 'delivery failed');
      if (permanent) await mark(delivery.id, 'failed');
      return permanent ? 'failed' : 'retry';
    } finally {
      sending.delete(delivery.id);
    }
  }

  /** Creates the 'slot' deliveries that are due and advances every scheduled chat's check time. */
  async function runSlots(): Promise<void> {
    for (const settings of await repo.scheduledChats()) {
      if (stopping) return;
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

  /**
   * Sends pending deliveries, oldest first, one chat at a time in order, many chats at once. The batch is
   * claimed whole chats at a time, so with several instances each chat is sent by one of them, in order.
   */
  async function sendPending(): Promise<void> {
    settled.clear();
    let pending = await repo.claimDeliveries(owner, now(), leaseMs, batchSize);
    if (pending.length === 0) return;
    // A long run (slow chats, 429s) keeps its claims; a crashed instance stops renewing and its chats are taken over.
    const renewal = setInterval(() => {
      repo.renewDeliveryClaims(owner, now(), leaseMs).catch((error: unknown) => {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'renewing delivery claims failed');
      });
    }, Math.max(1, Math.floor(leaseMs / 3)));
    renewal.unref();
    // Batch after batch until the outbox is drained: a batch is what one lease covers, a tick sends all.
    // Rows left pending (quiet hours, retries, blocked chats) come back with our claims; they get one try
    // per tick, so a claim that brings nothing new ends the run.
    const seen = new Set<number>();
    try {
      while (!stopping) {
        const fresh = pending.filter((delivery) => !seen.has(delivery.id));
        if (fresh.length === 0) return;
        for (const delivery of fresh) seen.add(delivery.id);
        await sendClaimed(fresh);
        if (stopping) return;
        pending = await repo.claimDeliveries(owner, now(), leaseMs, batchSize);
      }
    } finally {
      clearInterval(renewal);
    }
  }

  async function sendClaimed(pending: DeliveryRecord[]): Promise<void> {
    const byChat = new Map<number, DeliveryRecord[]>();
    for (const delivery of pending) {
      const list = byChat.get(delivery.chatId);
      if (list) list.push(delivery);
      else byChat.set(delivery.chatId, [delivery]);
    }
    const memo = createRunMemo();
    const chats = [...byChat.entries()];
    let next = 0;

    async function worker(): Promise<void> {
      while (!stopping) {
        const entry = chats[next++];
        if (!entry) return;
        const [chatId, deliveries] = entry;
        const settings = await repo.getDeliverySettings(chatId);
        for (const delivery of deliveries) {
          if (stopping) return;
          const at = now();
          if (at - delivery.createdAt > maxAgeMs) {
            logger.info({ chatId, deliveryId: delivery.id, ref: delivery.ref }, 'pending delivery went stale; dropped');
            await mark(delivery.id, 'failed');
            continue;
          }
          if (settings.blocked || settings.paused) break;
          // Quiet hours hold instant digests; a slot is a time the chat chose, so it goes out.
          if (delivery.kind === 'story' && inQuietHours(settings.quiet, settings.timeZone, new Date(at))) continue;
          const outcome = await deliver(delivery, settings, memo);
          if (outcome === 'blocked' || outcome === 'migrated') break;
        }
      }
    }

    await Promise.all(Array.from({ length: Math.min(concurrency, chats.length) }, () => worker()));
  }

  async function chatBlocked(chatId: number): Promise<void> {
    await repo.updateDeliverySettings(chatId, { blocked: true });
  }

  const service: DeliveryService = {
    async handleNewItems(feed, items) {
      if (items.length === 0) return;
      const stories = new Map<string, FeedItemRecord[]>();
      for (const item of items) {
        const list = stories.get(item.storyId);
        if (list) list.push(item);
        else stories.set(item.storyId, [item]);
      }
      let presetIds: number[] = [];
      try {
        presetIds = await deps.presetFeedIds();
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'preset feeds unavailable; topic-only chats skipped');
      }
      const chats = new Set(await repo.subscribersOf(feed.id));
      if (presetIds.includes(feed.id)) for (const chatId of await repo.topicOnlyChats()) chats.add(chatId);

      const at = now();
      let queued = 0;
      for (const chatId of chats) {
        const settings = await repo.getDeliverySettings(chatId);
        if (settings.paused || settings.blocked) continue;
        const topics = safeTopics((await repo.topicsOf(chatId)).map((topic) => topic.label));
        for (const [storyId, storyItems] of stories) {
          if (topics.length > 0 && !storyItems.some((item) => matchingTopics(topics, `${item.title}\n${item.summary ?? ''}`).length > 0)) continue;
          if (settings.schedule.mode === 'slots') {
            await repo.queueForSlot(chatId, storyId, at);
          } else {
            // Unique per (chat, story): the same story from a second feed is not sent again.
            await repo.createDelivery({ chatId, kind: 'story', ref: storyId, storyIds: [storyId] }, at);
          }
          queued += 1;
        }
      }
      logger.debug({ feedId: feed.id, items: items.length, stories: stories.size, chats: chats.size, queued }, 'new feed items routed');
    },

    async sendPreview(chatId, item) {
      const settings = await repo.getDeliverySettings(chatId);
      if (settings.schedule.mode === 'slots') {
        await repo.queueForSlot(chatId, item.storyId, now());
        return;
      }
      const delivery = await repo.createDelivery({ chatId, kind: 'preview', ref: `item:${item.id}`, storyIds: [item.storyId] }, now());
      if (!delivery) return;
      // The chat just asked for this feed: no quiet-hours wait. A failure leaves it to the outbox.
      try {
        // Another instance's tick may hold this chat: then the preview waits its turn in the outbox, so
        // the chat's messages keep their order and the preview is not sent twice.
        const claimed = await repo.claimDeliveries(owner, now(), leaseMs, batchSize, chatId);
        const mine = claimed.find((d) => d.id === delivery.id);
        if (!mine) return;
        await deliver(mine, settings, createRunMemo());
      } catch (error) {
        logger.warn({ chatId, err: error instanceof Error ? error.message : String(error) }, 'preview not sent; left in the outbox');
      }
    },

    tick() {
      running ??= (async () => {
        try {
          await runSlots();
          await sendPending();
        } finally {
          running = undefined;
        }
      })();
      return running;
    },

    start() {
      if (timer) return;
      stopping = false;
      timer = setInterval(() => {
        if (running) return;
        service.tick().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'delivery tick failed'));
      }, tickMs);
      timer.unref();
    },

    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
      // Another instance takes over this one's chats at once instead of after the lease.
      await repo.releaseDeliveryClaims(owner).catch((error: unknown) => {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'releasing delivery claims failed');
      });
    },

    pendingCount() {
      return repo.countPendingDeliveries();
    },

    chatBlocked,

    async chatUnblocked(chatId) {
      await repo.updateDeliverySettings(chatId, { blocked: false });
    },
  };
  return service;
}
