import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Logger } from '../../core/logger.js';
import { describeError } from '../../core/logger.js';
import type { DigestService } from '../../digest/digest-service.js';
import { escapeHtml } from '../../digest/render/index.js';
import type { Digest, Language } from '../../digest/schema.js';
import { AppError, toAppError } from '../../errors/app-error.js';
import { userMessage } from '../../errors/user-messages.js';
import type { KabarMetrics } from '../../infra/metrics.js';
import type { Store } from '../../store/repositories.js';
import { botTexts } from '../bot-texts.js';
import type { HtmlOptions, TelegramOutbound } from '../telegram-outbound.js';
import { createDigestMessages, type RenderedDigest } from './digest-messages.js';
import type { DigestJob } from './job-schema.js';
import {
  DEFAULT_PLACEHOLDER_DELAY_MS,
  DEFAULT_PLACEHOLDER_MAX_QUEUE_DEPTH,
  type PlaceholderPolicy,
  realTimers,
  type RunnerTimers,
  stillRunningAfter,
} from './placeholder-policy.js';

/** Per-user hourly digest quota. */
export interface DigestQuota {
  tryConsume(userId: number): Promise<{ allowed: boolean; retryAfterSec: number }>;
}

/** What running a digest job needs; both queues take these. */
export interface DigestJobsDeps {
  /** Every send and edit goes through it (and so through the send queue). */
  outbound: TelegramOutbound;
  digestService: DigestService;
  store: Store;
  quota: DigestQuota;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** Digest outcomes for /metrics. */
  metrics?: Pick<KabarMetrics, 'digest' | 'cacheHit'>;
  /** When the "Reading…" placeholder is sent (default: after 1.5 s, and not while the send queue is backlogged). */
  placeholder?: PlaceholderPolicy;
  /** Placeholder delay and typing refresh; tests inject their own. */
  timers?: RunnerTimers;
  /** Rows of buttons a digest gets in a chat besides the language button (Remind me); a failure only costs the buttons. */
  digestButtons?: (chatId: number, digest: Digest, language: Language) => Promise<InlineKeyboardButton[][]>;
}

/** How one run starts and reports its placeholder (the database queue persists it for a take-over). */
export interface DigestRunOptions {
  /** The "Reading…" message an earlier, dead run already sent: edited instead of sending another. */
  placeholderId?: number;
  /** Called once the placeholder is sent, before the digest is made; a failure is logged, not fatal. */
  onPlaceholder?(messageId: number): Promise<void>;
}

/** Executes digest jobs (placeholder, quota, digest, delivery, error lines); both queues use it. */
export interface DigestRunner {
  /** Runs the job to the end; reports failures to the chat and never rejects for a digest error. */
  run(job: DigestJob, options?: DigestRunOptions): Promise<void>;
  /** A job given up without running: its placeholder, or else a reply, becomes the generic error line. */
  giveUp(job: DigestJob, placeholderId: number | undefined): Promise<void>;
}

type NewJob = Extract<DigestJob, { kind: 'new' }>;
type SwitchJob = Extract<DigestJob, { kind: 'switch' }>;
/** Where a digest goes: into an edited message (placeholder, pressed digest) or replying to one. */
interface Target {
  editMessageId?: number;
  replyTo: number;
  threadId: number | undefined;
}

// Telegram shows "typing…" for about 5 s; refresh it while a slow digest is being made.
export const TYPING_REFRESH_MS = 4500;
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

export function createDigestRunner(deps: DigestJobsDeps): DigestRunner {
  const { outbound, logger } = deps;
  const timers = deps.timers ?? realTimers;
  const placeholderDelayMs = deps.placeholder?.delayMs ?? DEFAULT_PLACEHOLDER_DELAY_MS;
  const maxQueueDepth = deps.placeholder?.maxQueueDepth ?? DEFAULT_PLACEHOLDER_MAX_QUEUE_DEPTH;
  function typing(chatId: number, threadId: number | undefined): () => void {
    const send = () => void outbound.sendTyping(chatId, threadId).catch((error: unknown) => logger.debug({ chatId, err: describeError(error) }, 'sendChatAction failed'));
    send();
    return timers.every(TYPING_REFRESH_MS, send);
  }

  const { render, withDigestButtons } = createDigestMessages(deps);

  /** A line the chat must see; a failure to send it is only logged. */
  const tell = (chatId: number, text: string, options: HtmlOptions) =>
    outbound.sendHtml(chatId, text, options).then(
      () => undefined,
      (error: unknown) => logger.error({ chatId, err: describeError(error) }, 'could not report an error to the chat'),
    );

  /** Replaces the placeholder with an error line; if that edit fails, sends the line as a new message. */
  async function showError(chatId: number, placeholderId: number, replyTo: number, threadId: number | undefined, text: string) {
    try {
      await outbound.editHtml(chatId, placeholderId, text);
    } catch (editError) {
      logger.warn({ chatId, err: describeError(editError) }, 'editing the placeholder into an error failed');
      await tell(chatId, text, { replyTo, threadId });
    }
  }

  /** Sends the "Reading…" placeholder; null when the chat cannot be written to (403, kicked). */
  async function placeholder(job: NewJob, options: DigestRunOptions): Promise<number | null> {
    const { chatId, updateId, threadId } = job;
    try {
      const sent = await outbound.sendHtml(chatId, escapeHtml(botTexts(job.language).placeholder), { replyTo: job.replyToMessageId, threadId });
      await options.onPlaceholder?.(sent.messageId).catch((error: unknown) => logger.warn({ updateId, chatId, err: describeError(error) }, 'could not record the placeholder'));
      return sent.messageId;
    } catch (error) {
      logger.warn({ updateId, chatId, err: describeError(error) }, 'could not send the placeholder; job dropped');
      return null;
    }
  }

  /** Quota, then the digest. Checked before any work so a user over quota never costs a fetch or a model call. */
  async function produce(job: NewJob, cached: Digest | undefined, resumed: boolean) {
    if (job.userId !== null && !cached && !resumed) {
      const verdict = await deps.quota.tryConsume(job.userId);
      if (!verdict.allowed) {
        deps.metrics?.digest('none', 'QUOTA_EXCEEDED');
        throw new AppError('QUOTA_EXCEEDED', `User digest quota reached; retry in ${verdict.retryAfterSec}s`, { details: { retryAfterSec: verdict.retryAfterSec } });
      }
    }
    return render(job.input, job.language, cached ? { cached } : {});
  }

  /** A placeholder only for a slow digest and an idle send queue; under a backlog "typing…" carries the wait. */
  async function placeholderIfSlow(job: NewJob, options: DigestRunOptions, work: Promise<unknown>): Promise<number | null | undefined> {
    if (!(await stillRunningAfter(work, placeholderDelayMs, timers))) return undefined;
    const depth = outbound.queueDepth?.() ?? 0;
    if (depth > maxQueueDepth) {
      logger.debug({ updateId: job.updateId, chatId: job.chatId, depth }, 'send queue backlogged; no placeholder');
      return undefined;
    }
    return placeholder(job, options);
  }

  async function runNew(job: NewJob, options: DigestRunOptions) {
    const { chatId, language, updateId, threadId } = job;
    // A take-over of a run that got as far as its placeholder: that run charged the quota already
    // (before the placeholder; with delayMs 0 right after it).
    const resumed = options.placeholderId !== undefined;
    // A cached digest goes out at once: no placeholder, and no edit that Telegram's ~1 message/s
    // per chat would make wait. Cached digests are also free of quota (so are language switches).
    const cached = await deps.digestService.peek({ input: job.input, language }).catch(() => undefined);
    let placeholderId = options.placeholderId;
    const wantsPlaceholder = !cached && placeholderId === undefined;
    // delayMs 0: the placeholder goes out before any work, whatever the queue holds.
    if (wantsPlaceholder && placeholderDelayMs <= 0) {
      const sent = await placeholder(job, options);
      if (sent === null) return;
      placeholderId = sent;
    }
    const work = settle(produce(job, cached, resumed));
    if (wantsPlaceholder && placeholderDelayMs > 0) {
      const sent = await placeholderIfSlow(job, options, work);
      // The chat cannot be written to: the digest still finishes (and is cached), nobody is told.
      if (sent === null) return;
      placeholderId = sent;
    }

    const settled = await work;
    if (!settled.ok) {
      const { error } = settled;
      logFailure(updateId, chatId, error);
      const line = escapeHtml(userMessage(error, language));
      if (placeholderId !== undefined) await showError(chatId, placeholderId, job.replyToMessageId, threadId, line);
      else await outbound.sendHtml(chatId, line, { replyTo: job.replyToMessageId, threadId }).catch(() => undefined);
      return;
    }

    const { outcome, parts } = settled.value;
    const markup = await withDigestButtons(settled.value.markup, chatId, outcome.digest, language);
    logger.info({ updateId, chatId, engine: outcome.digest.engine, cached: outcome.cached, parts: parts.length, resumed }, 'digest delivered');
    const target = { ...(placeholderId !== undefined ? { editMessageId: placeholderId } : {}), replyTo: job.replyToMessageId, threadId };
    // A digest sent without a placeholder is recorded like one: a take-over then edits it
    // (Telegram answers "not modified") instead of sending the digest a second time.
    await deliver(job, parts, markup, target, placeholderId === undefined ? options.onPlaceholder : undefined);
  }

  // Language switches skip the quota: the user already paid for this article.
  async function runSwitch(job: SwitchJob) {
    const { chatId, language, updateId, threadId } = job;
    const input = await deps.store.digestRequests.get(job.requestKey);
    let rendered: RenderedDigest;
    try {
      if (!input) throw new AppError('INVALID_INPUT', `Unknown digest request key ${job.requestKey}`);
      rendered = await render(input, language, { requestKey: job.requestKey });
    } catch (error) {
      logFailure(updateId, chatId, error);
      // Keep the digest that is there; explain below it.
      const text = input ? userMessage(error, language) : botTexts(language).switchExpired;
      await tell(chatId, escapeHtml(text), { replyTo: job.messageId, threadId });
      return;
    }
    // Editing one message only makes sense when the old and the new digest are both one message.
    const editInPlace = !job.multipart && rendered.parts.length === 1;
    const target = editInPlace ? { editMessageId: job.messageId, replyTo: job.messageId, threadId } : { replyTo: job.messageId, threadId };
    await deliver(job, rendered.parts, await withDigestButtons(rendered.markup, chatId, rendered.outcome.digest, language), target);
  }

  /** First part into the edited message (or a new one), further parts as new messages; button on the last. */
  async function deliver(job: DigestJob, parts: string[], markup: InlineKeyboardMarkup | undefined, target: Target, onFirstSent?: (messageId: number) => Promise<void>) {
    const { chatId, updateId } = job;
    const keyboardOf = (index: number) => (index === parts.length - 1 ? markup : undefined);
    let previousId = target.replyTo;
    for (const [index, part] of parts.entries()) {
      try {
        if (index === 0 && target.editMessageId !== undefined) {
          await outbound.editHtml(chatId, target.editMessageId, part, { keyboard: keyboardOf(index) });
          previousId = target.editMessageId;
        } else {
          const sent = await outbound.sendHtml(chatId, part, { replyTo: previousId, threadId: target.threadId, keyboard: keyboardOf(index) });
          previousId = sent.messageId;
          if (index === 0) {
            await onFirstSent?.(sent.messageId).catch((error: unknown) => logger.warn({ updateId, chatId, err: describeError(error) }, 'could not record the sent digest'));
          }
        }
      } catch (error) {
        // A renderer bug (Telegram rejects the HTML) must not leave the placeholder hanging.
        logger.error({ updateId, chatId, part: index, err: describeError(error) }, 'delivering the digest failed');
        const line = escapeHtml(userMessage(new AppError('INTERNAL', 'delivery failed', { cause: error }), job.language));
        if (index === 0 && target.editMessageId !== undefined) await showError(chatId, target.editMessageId, target.replyTo, target.threadId, line);
        else await outbound.sendHtml(chatId, line, { replyTo: previousId, threadId: target.threadId }).catch(() => undefined);
        return;
      }
    }
  }

  function logFailure(updateId: number, chatId: number, error: unknown) {
    const appError = toAppError(error);
    const entry = { updateId, chatId, code: appError.code, err: appError.message };
    if (appError.code === 'INTERNAL') logger.error({ ...entry, stack: appError.stack, cause: describeError(appError.cause) }, 'digest failed');
    else logger.info(entry, 'digest refused');
  }

  return {
    async run(job, options = {}) {
      const stopTyping = typing(job.chatId, job.threadId);
      try {
        await (job.kind === 'new' ? runNew(job, options) : runSwitch(job));
      } finally {
        stopTyping();
      }
    },
    async giveUp(job, placeholderId) {
      const line = escapeHtml(userMessage(new AppError('INTERNAL', 'digest job given up'), job.language));
      const replyTo = job.kind === 'new' ? job.replyToMessageId : job.messageId;
      if (placeholderId !== undefined) return showError(job.chatId, placeholderId, replyTo, job.threadId, line);
      // No placeholder was recorded (a language switch, or a crash before it was sent): the user still hears back.
      await tell(job.chatId, line, { replyTo, threadId: job.threadId });
    },
  };
}
