import { describeError, type Logger } from '../core/logger.js';
import type { Language } from '../digest/schema.js';
import { type ChatButton, type ChatSender, chatSendFailureOf } from './chat-sender.js';
import { followButtons } from './delivery-follow-up.js';
import { createRunMemo, type DeliveryRenderDeps, renderDelivery, type RenderedDelivery, type RunMemo } from './delivery-render.js';
import type { DeliveryRecord, DeliverySettings } from './repositories.js';
import { inQuietHours } from './schedule.js';
import type { ReminderOffer, ReminderService } from './reminders-service.js';

/** What sending the outbox needs (the delivery service's settings, resolved). */
export interface OutboxDeps extends DeliveryRenderDeps {
  chat: ChatSender;
  now: () => number;
  defaultLanguage: Language;
  logger: Pick<Logger, 'info' | 'warn'>;
  maxAgeMs: number;
  maxAttempts: number;
  concurrency: number;
  batchSize: number;
  owner: string;
  leaseMs: number;
  metrics?: { deliverySent(): void };
  /** True once the service is stopping: no further chat is started. */
  stopping: () => boolean;
  /** Renders 'reminder' rows and the Remind-me buttons under story digests; without it reminders are dropped. */
  reminders?: OutboxReminders;
}

/** What the outbox needs of the reminder service (src/subscriptions/reminders-service.ts). */
export type OutboxReminders = Pick<ReminderService, 'render' | 'offers'> & { buttons(offers: ReminderOffer[], language: Language): ChatButton[][] };

type Outcome = 'sent' | 'blocked' | 'failed' | 'retry' | 'migrated';

/** Sends claimed outbox rows: one chat at a time in order, many chats at once. */
export interface Outbox {
  /** Sends pending deliveries, oldest first, batch after batch until nothing new is claimed. */
  sendPending(): Promise<void>;
  /** Sends one claimed delivery now (a preview). */
  deliver(delivery: DeliveryRecord, settings: DeliverySettings): Promise<void>;
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const { repo, chat, now, logger, owner, leaseMs, batchSize } = deps;
  // Deliveries being sent right now (a preview racing the ticker must not be sent twice).
  const sending = new Set<number>();
  // Deliveries this process marked sent or failed since the current run claimed its batch: a preview sent
  // while a run holds a stale copy of its (then pending) row must not be sent again by that run.
  const settled = new Set<number>();

  const languageOf = (settings: DeliverySettings): Language => settings.language ?? deps.defaultLanguage;

  async function mark(id: number, status: 'sent' | 'failed'): Promise<void> {
    await repo.markDelivery(id, status, now());
    settled.add(id);
  }

  /** Remind-me buttons under the one digest a delivery shows; a failure only costs the buttons. */
  async function reminderButtons(delivery: DeliveryRecord, rendered: RenderedDelivery, language: Language): Promise<ChatButton[][]> {
    const story = rendered.shown.length === 1 ? rendered.shown[0] : undefined;
    if (!deps.reminders || delivery.kind === 'slot' || !story?.digest) return [];
    try {
      return deps.reminders.buttons(await deps.reminders.offers(delivery.chatId, story.digest, story.storyId), language);
    } catch (error) {
      logger.warn({ deliveryId: delivery.id, err: describeError(error) }, 'reminder buttons left out');
      return [];
    }
  }

  /** What the chat received, for its follow-ups; a failure only costs them (the message is out). */
  async function recordShown(delivery: DeliveryRecord, rendered: RenderedDelivery, messageId: number | null): Promise<void> {
    if (!deps.stories) return;
    for (const story of rendered.shown) {
      await deps.stories
        .recordDigest({ chatId: delivery.chatId, ref: delivery.ref, messageId, sentAt: now(), ...story })
        .catch((error: unknown) => logger.warn({ deliveryId: delivery.id, err: describeError(error) }, 'delivered story not recorded'));
    }
  }

  async function deliver(delivery: DeliveryRecord, settings: DeliverySettings, memo: RunMemo, migrations = 0): Promise<Outcome> {
    if (settled.has(delivery.id)) return 'sent';
    if (sending.has(delivery.id)) return 'retry';
    sending.add(delivery.id);
    const chatId = delivery.chatId;
    try {
      const language = languageOf(settings);
      const reminder = delivery.kind === 'reminder' ? await deps.reminders?.render(delivery, language) : undefined;
      const rendered: RenderedDelivery | null = delivery.kind === 'reminder'
        ? (reminder ? { parts: reminder, replyTo: null, shown: [] } : null)
        : await renderDelivery(repo, delivery, language, memo, deps.stories);
      if (!rendered) {
        logger.warn({ deliveryId: delivery.id, chatId, ref: delivery.ref }, 'delivery has no items left to send; dropped');
        await mark(delivery.id, 'failed');
        return 'failed';
      }
      const { parts, replyTo } = rendered;
      if (parts.length === 0) {
        // A repeat of a story the chat had hours ago: folded into that message, nothing to send.
        logger.info({ deliveryId: delivery.id, chatId, ref: delivery.ref }, 'repeat of a story folded into the earlier message');
        await mark(delivery.id, 'sent');
        return 'sent';
      }
      // One story's digest gets "Follow this story" (a slot lists several: they are followed from their own digests).
      const followed = delivery.kind !== 'slot' && deps.stories && rendered.shown.length === 1 ? followButtons(rendered.shown[0]!.storyId, language) : [];
      const buttons = [...(await reminderButtons(delivery, rendered, language)), ...followed];
      let firstMessageId: number | null = null;
      for (const [index, part] of parts.entries()) {
        const sent = await chat.sendHtml(chatId, part, {
          ...(index === 0 && replyTo !== null ? { replyTo } : {}),
          ...(index === parts.length - 1 && buttons.length > 0 ? { buttons } : {}),
        });
        if (index === 0) firstMessageId = sent?.messageId ?? null;
      }
      await mark(delivery.id, 'sent');
      await recordShown(delivery, rendered, firstMessageId);
      deps.metrics?.deliverySent();
      return 'sent';
    } catch (error) {
      const failure = chatSendFailureOf(error);
      if (failure.kind === 'blocked') {
        // Kicked, blocked or lost posting rights: keep everything, send nothing until re-added.
        logger.info({ chatId, description: failure.description }, 'chat refused delivery (403); subscriptions paused until the bot is back');
        await repo.updateDeliverySettings(chatId, { blocked: true });
        return 'blocked';
      }
      if (failure.kind === 'migrated' && migrations === 0) {
        logger.info({ chatId, to: failure.to }, 'group migrated to a supergroup; moving its subscriptions');
        await repo.migrateChat(chatId, failure.to);
        sending.delete(delivery.id);
        // The outbox row moved with the chat (new row id): send that one to the new id, once we hold the new chat.
        const moved = (await repo.claimDeliveries(owner, now(), leaseMs, batchSize, failure.to)).find(
          (d) => d.chatId === failure.to && d.kind === delivery.kind && d.ref === delivery.ref,
        );
        if (moved) await deliver(moved, await repo.getDeliverySettings(moved.chatId), memo, migrations + 1);
        return 'migrated';
      }
      await repo.bumpDeliveryAttempts(delivery.id);
      // Any other 400 (chat not found, bad HTML) will not get better by retrying.
      const permanent = failure.kind === 'rejected' || failure.kind === 'migrated' || delivery.attempts + 1 >= deps.maxAttempts;
      logger.warn({ chatId, deliveryId: delivery.id, failure: failure.kind, err: failure.description, permanent }, 'delivery failed');
      if (permanent) await mark(delivery.id, 'failed');
      return permanent ? 'failed' : 'retry';
    } finally {
      sending.delete(delivery.id);
    }
  }

  async function sendChat(deliveries: readonly DeliveryRecord[], memo: RunMemo): Promise<void> {
    const chatId = (deliveries[0] as DeliveryRecord).chatId;
    const settings = await repo.getDeliverySettings(chatId);
    for (const delivery of deliveries) {
      if (deps.stopping()) return;
      const at = now();
      if (at - delivery.createdAt > deps.maxAgeMs) {
        logger.info({ chatId, deliveryId: delivery.id, ref: delivery.ref }, 'pending delivery went stale; dropped');
        await mark(delivery.id, 'failed');
        continue;
      }
      if (settings.blocked || settings.paused) return;
      // Quiet hours hold instant digests and reminders; a slot is a time the chat chose, so it goes out.
      if ((delivery.kind === 'story' || delivery.kind === 'reminder') && inQuietHours(settings.quiet, settings.timeZone, new Date(at))) continue;
      const outcome = await deliver(delivery, settings, memo);
      if (outcome === 'blocked' || outcome === 'migrated') return;
    }
  }

  async function sendClaimed(pending: readonly DeliveryRecord[]): Promise<void> {
    const byChat = new Map<number, DeliveryRecord[]>();
    for (const delivery of pending) {
      const list = byChat.get(delivery.chatId);
      if (list) list.push(delivery);
      else byChat.set(delivery.chatId, [delivery]);
    }
    const memo = createRunMemo(deps);
    const chats = [...byChat.values()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!deps.stopping()) {
        const deliveries = chats[next++];
        if (!deliveries) return;
        await sendChat(deliveries, memo);
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.concurrency, chats.length) }, worker));
  }

  return {
    /**
     * The batch is claimed whole chats at a time, so with several instances each chat is sent by one
     * of them, in order. Rows left pending (quiet hours, retries, blocked chats) come back with our
     * claims; they get one try per run, so a claim that brings nothing new ends the run.
     */
    async sendPending() {
      settled.clear();
      const seen = new Set<number>();
      let pending = await repo.claimDeliveries(owner, now(), leaseMs, batchSize);
      while (!deps.stopping()) {
        const fresh = pending.filter((delivery) => !seen.has(delivery.id));
        if (fresh.length === 0) return;
        for (const delivery of fresh) seen.add(delivery.id);
        await sendClaimed(fresh);
        if (deps.stopping()) return;
        pending = await repo.claimDeliveries(owner, now(), leaseMs, batchSize);
      }
    },
    async deliver(delivery, settings) {
      await deliver(delivery, settings, createRunMemo(deps));
    },
  };
}
