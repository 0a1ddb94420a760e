import type { Logger } from '../core/logger.js';
import { describeError } from '../core/logger.js';
import { createPeriodicWorker } from '../core/periodic-worker.js';
import type { DigestService } from '../digest/digest-service.js';
import type { Language } from '../digest/schema.js';
import type { ChatSender } from './chat-sender.js';
import { createOutbox, type OutboxReminders } from './delivery-outbox.js';
import type { DeliveryStories } from './delivery-follow-up.js';
import { createDueSlotDeliveries, routeNewItems } from './delivery-routing.js';
import type { FeedItemRecord, FeedRecord, SubscriptionRepository } from './repositories.js';
import type { ReminderService } from './reminders-service.js';

/** Dependencies of {@link createDeliveryService}. */
export interface DeliveryServiceDeps {
  repo: SubscriptionRepository;
  digestService: DigestService;
  /** Sends to chats within Telegram's limits (group 20/min, global 30/s, 429 → retry_after); src/bot implements it. */
  chat: ChatSender;
  /** Epoch ms. */
  now: () => number;
  defaultLanguage: Language;
  /** Ids of the preset feeds: topic-only chats follow every one of them. */
  presetFeedIds: () => Promise<number[]>;
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>;
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
  /**
   * The story table (issue 13): a chat that had a story gets later items of it as follow-ups (What's
   * new, "Earlier: …"), followers get the stories they follow, and every digest has Follow this story.
   */
  stories?: DeliveryStories;
  /** Next-step reminders: queued into the outbox when due, rendered, and their buttons under story digests. */
  reminders?: OutboxReminders & Pick<ReminderService, 'queueDue'>;
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

/**
 * The outbox: every message owed to a chat is a delivery row, written as pending before the send and
 * marked sent after Telegram accepted every part. A crash in between leaves it pending, so it is sent
 * on the next start; the (chat, kind, ref) unique key makes a second row for the same story or slot
 * impossible. The one window left is a crash after Telegram accepted the message and before the mark:
 * that message is sent again on restart (at-least-once for that instant, exactly-once otherwise).
 *
 * Story ids come from the story table (story-service.ts) shared by every instance, so a wire rewrite
 * after a restart joins its story; a later item of a story the chat had comes as a follow-up (its own ref).
 */
export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const { repo, now, logger } = deps;
  const owner = deps.owner ?? 'local';
  const leaseMs = deps.leaseMs ?? 60_000;
  const batchSize = deps.batchSize ?? 500;
  let stopping = false;
  const outbox = createOutbox({
    ...deps,
    maxAgeMs: deps.maxAgeMs ?? DAY_MS,
    maxAttempts: deps.maxAttempts ?? 5,
    concurrency: Math.max(1, deps.concurrency ?? 50),
    batchSize,
    owner,
    leaseMs,
    stopping: () => stopping,
  });
  const worker = createPeriodicWorker({
    name: 'delivery tick',
    intervalMs: deps.tickMs ?? 2000,
    logger,
    run: async () => {
      await createDueSlotDeliveries(repo, now, () => stopping);
      await deps.reminders?.queueDue();
      await outbox.sendPending();
    },
    // A long run (slow chats, 429s) keeps its claims; a crashed instance stops renewing and its chats are taken over.
    renew: () => repo.renewDeliveryClaims(owner, now(), leaseMs),
    renewEveryMs: Math.max(1, Math.floor(leaseMs / 3)),
  });

  return {
    handleNewItems: (feed, items) => routeNewItems(deps, feed, items),

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
        if (mine) await outbox.deliver(mine, settings);
      } catch (error) {
        logger.warn({ chatId, err: describeError(error) }, 'preview not sent; left in the outbox');
      }
    },

    tick: () => worker.runNow(),
    start: () => worker.start(),

    async stop() {
      stopping = true;
      await worker.stop();
      // Another instance takes over this one's chats at once instead of after the lease.
      await repo.releaseDeliveryClaims(owner).catch((error: unknown) => {
        logger.warn({ err: describeError(error) }, 'releasing delivery claims failed');
      });
    },

    pendingCount: () => repo.countPendingDeliveries(),
    chatBlocked: (chatId) => repo.updateDeliverySettings(chatId, { blocked: true }),
    chatUnblocked: (chatId) => repo.updateDeliverySettings(chatId, { blocked: false }),
  };
}
