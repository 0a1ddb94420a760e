import type { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { DigestInput, DigestService } from '../digest/digest-service.js';
import { renderDigestHtml, splitTelegramHtml, TELEGRAM_MESSAGE_LIMIT } from '../digest/render/index.js';
import type { Language } from '../digest/schema.js';
import { AppError, toAppError } from '../errors/app-error.js';
import { userMessage } from '../errors/user-messages.js';
import type { DigestJobRepository, Store, StoredDigestJob } from '../store/repositories.js';
import { escapeHtml } from '../digest/render/index.js';
import { botTexts, otherLanguage } from './bot-texts.js';
import type { KabarMetrics } from '../infra/metrics.js';

/** pino-compatible logger subset used across the bot. */
export interface BotLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Every Bot API send/edit goes through this (the send queue: rate limits, 429 retry_after). */
export interface MessageSender {
  run<T>(chatId: number, call: () => Promise<T>): Promise<T>;
}

/** Per-user hourly digest quota. */
export interface DigestQuota {
  tryConsume(userId: number): Promise<{ allowed: boolean; retryAfterSec: number }>;
}

/** Message options every bot message uses: HTML, no link preview, threaded when replying. */
export function htmlExtra(replyToMessageId?: number, threadId?: number) {
  return {
    parse_mode: 'HTML' as const,
    link_preview_options: { is_disabled: true },
    ...(replyToMessageId !== undefined ? { reply_parameters: { message_id: replyToMessageId, allow_sending_without_reply: true } } : {}),
    ...(threadId !== undefined ? { message_thread_id: threadId } : {}),
  };
}

/** Telegram's answer when an edit would change nothing (a double press, the same language). */
export function isNotModifiedError(error: unknown): boolean {
  const description = (error as { description?: unknown } | null)?.description ?? (error instanceof Error ? error.message : '');
  return typeof description === 'string' && description.includes('message is not modified');
}

/** Telegram caps callback_data at 64 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
const SWITCH_DATA = /^lang:(en|id):([A-Za-z0-9_-]+)(:n)?$/;

/**
 * Callback data of the "switch language" button: `lang:<target>:<request key>`, with `:n` when the
 * digest had several parts (then the switch is sent as new messages instead of editing one part).
 */
export function switchCallbackData(target: Language, key: string, multipart: boolean): string | null {
  const data = `lang:${target}:${key}${multipart ? ':n' : ''}`;
  return SWITCH_DATA.test(data) && Buffer.byteLength(data) <= CALLBACK_DATA_MAX_BYTES ? data : null;
}

export function parseSwitchCallbackData(data: string): { target: Language; key: string; multipart: boolean } | null {
  const match = SWITCH_DATA.exec(data);
  if (!match) return null;
  return { target: match[1] as Language, key: match[2] as string, multipart: match[3] !== undefined };
}

/** A digest request from a chat message (`new`) or a language-button press (`switch`). */
export type DigestJob =
  | {
      kind: 'new';
      updateId: number;
      chatId: number;
      /** The requester, for the quota; null when Telegram gives none (channel posts). */
      userId: number | null;
      language: Language;
      input: DigestInput;
      /** The user's message the placeholder and digest reply to. */
      replyToMessageId: number;
      /** Forum topic, so the answer lands in the same topic. */
      threadId?: number;
    }
  | {
      kind: 'switch';
      updateId: number;
      chatId: number;
      language: Language;
      /** Key from store.digestRequests. */
      requestKey: string;
      /** The digest message whose button was pressed. */
      messageId: number;
      /** The pressed digest had several parts: answer with new messages instead of editing. */
      multipart: boolean;
      threadId?: number;
    };

export interface DigestJobsDeps {
  telegram: Pick<Telegram, 'sendMessage' | 'editMessageText' | 'sendChatAction'>;
  digestService: DigestService;
  store: Store;
  sender: MessageSender;
  quota: DigestQuota;
  logger: BotLogger;
  /** Digest outcomes for /metrics (src/bot/metrics.ts). */
  metrics?: Pick<KabarMetrics, 'digest' | 'cacheHit'>;
}

/** Runs digest work outside telegraf's update handler, one job at a time per chat. */
export interface DigestJobs {
  /**
   * Queues the job; the job reports its own errors to the chat. The memory queue resolves at once;
   * the database queue resolves once the job is stored, so a webhook is answered, and a polled update's
   * offset confirmed (telegraf awaits the handler before the next getUpdates), only when it is durable.
   */
  enqueue(job: DigestJob): Promise<void>;
  /**
   * Runs a small task (a command's reply) without holding up the update handler, counted by
   * `idle()`. Not chained per chat: a /help answer must not wait behind a slow digest.
   */
  background(label: string, task: () => Promise<unknown>): void;
  /** Jobs queued or running in this instance. */
  pending(): number;
  /** Resolves when no job is pending, or after `timeoutMs` (bounded shutdown). */
  idle(timeoutMs?: number): Promise<void>;
}

/** How one run starts and reports its placeholder (the shared queue persists it for a take-over). */
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

// Telegram shows "typing…" for about 5 s; refresh it while a slow digest is being made.
const TYPING_REFRESH_MS = 4500;

export function createDigestRunner(deps: DigestJobsDeps): DigestRunner {
  const { telegram, sender, logger } = deps;

  function typing(chatId: number, threadId: number | undefined): () => void {
    // Chat actions are not messages and do not count toward flood limits, so they skip the send queue.
    const send = () =>
      void telegram
        .sendChatAction(chatId, 'typing', threadId !== undefined ? { message_thread_id: threadId } : {})
        .catch((error: unknown) => logger.debug({ chatId, err: describe(error) }, 'sendChatAction failed'));
    send();
    const timer = setInterval(send, TYPING_REFRESH_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  function keyboard(language: Language, key: string, multipart: boolean): InlineKeyboardMarkup | undefined {
    const target = otherLanguage(language);
    const data = switchCallbackData(target, key, multipart);
    if (data === null) {
      logger.warn({ keyLength: key.length }, 'digest request key too long for callback_data; button omitted');
      return undefined;
    }
    return { inline_keyboard: [[{ text: botTexts(target).switchButton, callback_data: data }]] };
  }

  async function render(input: DigestInput, language: Language, requestKey?: string) {
    let outcome: Awaited<ReturnType<DigestService['digest']>>;
    try {
      outcome = await deps.digestService.digest({ input, language });
    } catch (error) {
      deps.metrics?.digest('none', toAppError(error).code);
      throw error;
    }
    deps.metrics?.digest(outcome.digest.engine, outcome.cached ? 'cached' : 'ok');
    if (outcome.cached) deps.metrics?.cacheHit();
    const parts = splitTelegramHtml(renderDigestHtml(outcome.digest), TELEGRAM_MESSAGE_LIMIT);
    const key = requestKey ?? (await deps.store.digestRequests.save(input));
    return { outcome, parts, markup: keyboard(language, key, parts.length > 1) };
  }

  const send = (chatId: number, text: string, extra: object) => sender.run(chatId, () => telegram.sendMessage(chatId, text, extra));
  const edit = (chatId: number, messageId: number, text: string, extra: object) =>
    sender.run(chatId, () => telegram.editMessageText(chatId, messageId, undefined, text, extra));

  /** Replaces the placeholder with an error line; if that edit fails, sends the line as a new message. */
  async function showError(chatId: number, placeholderId: number, replyTo: number, threadId: number | undefined, text: string) {
    try {
      await edit(chatId, placeholderId, text, htmlExtra());
    } catch (editError) {
      if (isNotModifiedError(editError)) return;
      logger.warn({ chatId, err: describe(editError) }, 'editing the placeholder into an error failed');
      await send(chatId, text, htmlExtra(replyTo, threadId)).catch((error: unknown) =>
        logger.error({ chatId, err: describe(error) }, 'could not report an error to the chat'),
      );
    }
  }

  async function runNew(job: Extract<DigestJob, { kind: 'new' }>, options: DigestRunOptions) {
    const { chatId, language, updateId, threadId } = job;
    const texts = botTexts(language);
    const stopTyping = typing(chatId, threadId);
    // A take-over: the dead run sent this placeholder and, right after, charged the quota.
    const resumed = options.placeholderId !== undefined;
    try {
      // A cached digest goes out at once: no placeholder, and no edit that Telegram's ~1 message/s
      // per chat would make wait. Cached digests are also free of quota (so are language switches).
      const cached = await deps.digestService.peek({ input: job.input, language }).catch(() => undefined);
      let placeholderId = options.placeholderId;
      if (!cached && placeholderId === undefined) {
        try {
          const placeholder = await send(chatId, escapeHtml(texts.placeholder), htmlExtra(job.replyToMessageId, threadId));
          placeholderId = placeholder.message_id;
        } catch (error) {
          // 403 (blocked, kicked) and the like: nothing can be shown in this chat.
          logger.warn({ updateId, chatId, err: describe(error) }, 'could not send the placeholder; job dropped');
          return;
        }
        if (options.onPlaceholder) {
          await options.onPlaceholder(placeholderId).catch((error: unknown) =>
            logger.warn({ updateId, chatId, err: describe(error) }, 'could not record the placeholder'),
          );
        }
      }

      let rendered: Awaited<ReturnType<typeof render>>;
      try {
        // Checked before any work so a user over quota never costs a fetch or a model call.
        if (job.userId !== null && !cached && !resumed) {
          const verdict = await deps.quota.tryConsume(job.userId);
          if (!verdict.allowed) {
            deps.metrics?.digest('none', 'QUOTA_EXCEEDED');
            throw new AppError('QUOTA_EXCEEDED', `User digest quota reached; retry in ${verdict.retryAfterSec}s`, {
              details: { retryAfterSec: verdict.retryAfterSec },
            });
          }
        }
        rendered = await render(job.input, language);
      } catch (error) {
        logFailure(updateId, chatId, error);
        const line = escapeHtml(userMessage(error, language));
        if (placeholderId !== undefined) await showError(chatId, placeholderId, job.replyToMessageId, threadId, line);
        else await send(chatId, line, htmlExtra(job.replyToMessageId, threadId)).catch(() => undefined);
        return;
      }

      logger.info(
        { updateId, chatId, engine: rendered.outcome.digest.engine, cached: rendered.outcome.cached, parts: rendered.parts.length, resumed },
        'digest delivered',
      );
      await deliver(
        chatId,
        rendered.parts,
        rendered.markup,
        { ...(placeholderId !== undefined ? { editMessageId: placeholderId } : {}), replyTo: job.replyToMessageId, threadId },
        language,
        updateId,
        // A digest sent without a placeholder is recorded like one: a take-over then edits it
        // (Telegram answers "not modified") instead of sending the digest a second time.
        placeholderId === undefined ? options.onPlaceholder : undefined,
      );
    } finally {
      stopTyping();
    }
  }

  // Language switches skip the quota: the user already paid for this article.
  async function runSwitch(job: Extract<DigestJob, { kind: 'switch' }>) {
    const { chatId, language, updateId, threadId } = job;
    const stopTyping = typing(chatId, threadId);
    try {
      const input = await deps.store.digestRequests.get(job.requestKey);
      let rendered: Awaited<ReturnType<typeof render>>;
      try {
        if (!input) throw new AppError('INVALID_INPUT', `Unknown digest request key ${job.requestKey}`);
        rendered = await render(input, language, job.requestKey);
      } catch (error) {
        logFailure(updateId, chatId, error);
        // Keep the digest that is there; explain below it.
        const text = input ? userMessage(error, language) : botTexts(language).switchExpired;
        await send(chatId, escapeHtml(text), htmlExtra(job.messageId, threadId)).catch((sendError: unknown) =>
          logger.error({ updateId, chatId, err: describe(sendError) }, 'could not report an error to the chat'),
        );
        return;
      }
      // Editing one message only makes sense when the old and the new digest are both one message.
      const editInPlace = !job.multipart && rendered.parts.length === 1;
      await deliver(
        chatId,
        rendered.parts,
        rendered.markup,
        editInPlace ? { editMessageId: job.messageId, replyTo: job.messageId, threadId } : { replyTo: job.messageId, threadId },
        language,
        updateId,
      );
    } finally {
      stopTyping();
    }
  }

  /** First part into the edited message (or a new one), further parts as new messages; button on the last. */
  async function deliver(
    chatId: number,
    parts: string[],
    markup: InlineKeyboardMarkup | undefined,
    target: { editMessageId?: number; replyTo: number; threadId: number | undefined },
    language: Language,
    updateId: number,
    onFirstSent?: (messageId: number) => Promise<void>,
  ) {
    const withMarkup = (index: number) => (index === parts.length - 1 && markup ? { reply_markup: markup } : {});
    let previousId = target.replyTo;
    for (const [index, part] of parts.entries()) {
      try {
        if (index === 0 && target.editMessageId !== undefined) {
          try {
            await edit(chatId, target.editMessageId, part, { ...htmlExtra(), ...withMarkup(index) });
          } catch (error) {
            if (!isNotModifiedError(error)) throw error;
          }
          previousId = target.editMessageId;
        } else {
          const message = await send(chatId, part, { ...htmlExtra(previousId, target.threadId), ...withMarkup(index) });
          previousId = message.message_id;
          if (index === 0 && onFirstSent) {
            await onFirstSent(message.message_id).catch((error: unknown) =>
              logger.warn({ updateId, chatId, err: describe(error) }, 'could not record the sent digest'),
            );
          }
        }
      } catch (error) {
        // A renderer bug (Telegram rejects the HTML) must not leave the placeholder hanging.
        logger.error({ updateId, chatId, part: index, err: describe(error) }, 'delivering the digest failed');
        const line = escapeHtml(userMessage(new AppError('INTERNAL', 'delivery failed', { cause: error }), language));
        if (index === 0 && target.editMessageId !== undefined) {
          await showError(chatId, target.editMessageId, target.replyTo, target.threadId, line);
        } else {
          await send(chatId, line, htmlExtra(previousId, target.threadId)).catch(() => undefined);
        }
        return;
      }
    }
  }

  function logFailure(updateId: number, chatId: number, error: unknown) {
    const appError = toAppError(error);
    const entry = { updateId, chatId, code: appError.code, err: appError.message };
    if (appError.code === 'INTERNAL') logger.error({ ...entry, stack: appError.stack, cause: describe(appError.cause) }, 'digest failed');
    else logger.info(entry, 'digest refused');
  }

  return {
    run: (job, options = {}) => (job.kind === 'new' ? runNew(job, options) : runSwitch(job)),
    async giveUp(job, placeholderId) {
      const line = escapeHtml(userMessage(new AppError('INTERNAL', 'digest job given up'), job.language));
      const replyTo = job.kind === 'new' ? job.replyToMessageId : job.messageId;
      if (placeholderId !== undefined) return showError(job.chatId, placeholderId, replyTo, job.threadId, line);
      // No placeholder was recorded (a language switch, or a crash before it was sent): the user still hears back.
      await send(job.chatId, line, htmlExtra(replyTo, job.threadId)).catch((error: unknown) =>
        logger.error({ updateId: job.updateId, chatId: job.chatId, err: describe(error) }, 'could not report an error to the chat'),
      );
    },
  };
}

/** Counts this instance's running work and wakes `idle()` waiters when it drops to zero. */
function createWorkCounter() {
  let count = 0;
  let waiters: Array<() => void> = [];
  return {
    add() {
      count++;
    },
    done() {
      count--;
      if (count === 0) {
        const wake = waiters;
        waiters = [];
        for (const resolve of wake) resolve();
      }
    },
    count: () => count,
    idle(timeoutMs?: number): Promise<void> {
      if (count === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (timeoutMs !== undefined) setTimeout(resolve, timeoutMs).unref();
      });
    },
  };
}

/** `background()` for both queues: a task counted by idle() that only logs its failure. */
function runBackground(counter: ReturnType<typeof createWorkCounter>, logger: BotLogger, label: string, task: () => Promise<unknown>) {
  counter.add();
  void Promise.resolve()
    .then(task)
    .catch((error: unknown) => logger.warn({ task: label, err: describe(error) }, 'background task failed'))
    .finally(() => counter.done());
}

/** JOB_QUEUE=memory: jobs chained per chat in this process only (lost on a crash). */
export function createDigestJobs(deps: DigestJobsDeps): DigestJobs {
  const { logger } = deps;
  const runner = createDigestRunner(deps);
  const chains = new Map<number, Promise<void>>();
  const counter = createWorkCounter();

  return {
    async enqueue(job) {
      counter.add();
      const previous = chains.get(job.chatId) ?? Promise.resolve();
      const next = previous
        .then(() => runner.run(job))
        .catch((error: unknown) => logger.error({ updateId: job.updateId, chatId: job.chatId, err: describe(error) }, 'digest job crashed'))
        .finally(() => {
          if (chains.get(job.chatId) === next) chains.delete(job.chatId);
          counter.done();
        });
      chains.set(job.chatId, next);
    },
    background: (label, task) => runBackground(counter, logger, label, task),
    pending: () => counter.count(),
    idle: (timeoutMs) => counter.idle(timeoutMs),
  };
}

/** Options of the shared queue (JOB_QUEUE=database). */
export interface SharedDigestJobsOptions {
  repo: DigestJobRepository;
  /** This run's id in claims, unique per process: `<INSTANCE_ID or hostname>/<pid>/<random>` (instance-owner.ts). */
  owner: string;
  /** How long a claim lives without renewal: a dead instance's jobs are taken over after this. */
  leaseMs: number;
  now?: () => number;
  /** How often to look for claimable jobs (expired claims, chats freed elsewhere); default 1000. */
  pollMs?: number;
  /** Jobs running at once in this instance; default 50. */
  maxRunning?: number;
  /** Claims of one job before it is given up (its instance died each time); default 3. */
  maxAttempts?: number;
}

/** The shared queue plus its lifecycle: `start()` begins claiming, `stop()` drains and hands the rest over. */
export interface SharedDigestJobs extends DigestJobs {
  start(): void;
  /** No new claims; waits for running jobs (at most `timeoutMs`), then releases this instance's claims. */
  stop(timeoutMs?: number): Promise<void>;
}

/** A stored payload back into a job; null when it is not one (a bug or a foreign row). */
function parseJobPayload(payload: string): DigestJob | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  const job = value as Partial<Record<string, unknown>> | null;
  if (typeof job !== 'object' || job === null || typeof job.chatId !== 'number' || typeof job.updateId !== 'number') return null;
  if (job.language !== 'en' && job.language !== 'id') return null;
  if (job.kind === 'new' && typeof job.input === 'object' && job.input !== null && typeof job.replyToMessageId === 'number') return value as DigestJob;
  if (job.kind === 'switch' && typeof job.requestKey === 'string' && typeof job.messageId === 'number') return value as DigestJob;
  return null;
}

/**
 * The durable queue (JOB_QUEUE=database, the default): a job is stored before its update is confirmed,
 * so a crash loses nothing; with several instances behind a load balancer any instance stores a job
 * and any started instance claims and runs it. The repository hands out one job per chat at a time (the
 * oldest update first), so a chat's replies keep update order even across instances.
 */
export function createSharedDigestJobs(deps: DigestJobsDeps & SharedDigestJobsOptions): SharedDigestJobs {
  const { repo, owner, leaseMs, logger } = deps;
  const now = deps.now ?? Date.now;
  const pollMs = deps.pollMs ?? 1000;
  const maxRunning = deps.maxRunning ?? 50;
  const maxAttempts = deps.maxAttempts ?? 3;
  const runner = createDigestRunner(deps);
  const counter = createWorkCounter();
  /** Claimed jobs running here, by id. */
  const running = new Set<number>();
  /** Jobs done here whose finish() failed: still ours, retried on every poll. */
  const unfinished = new Set<number>();
  let started = false;
  let stopping = false;
  /** After stop() released our claims, another instance may run our leftovers: finishing them would break its order. */
  let released = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let pumping: Promise<void> | undefined;
  let pumpAgain = false;
  let stopped: Promise<void> | undefined;

  /** One claim pass at a time; a request during a pass runs another right after it. */
  function pump(): void {
    if (!started || stopping) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumpAgain = false;
    pumping = claimPass().finally(() => {
      pumping = undefined;
      // Checked only once `pumping` is cleared, so a request made while the pass was ending is not lost.
      if (pumpAgain) pump();
    });
  }

  async function claimPass(): Promise<void> {
    const free = maxRunning - running.size;
    if (free <= 0) return;
    let claimed: StoredDigestJob[];
    try {
      claimed = await repo.claim(owner, now(), leaseMs, free);
    } catch (error) {
      logger.error({ owner, err: describe(error) }, 'claiming digest jobs failed');
      return;
    }
    for (const stored of claimed) launch(stored);
  }

  function launch(stored: StoredDigestJob): void {
    // Our own claim expired (a stalled event loop) and we claimed the job again: it is already running.
    if (running.has(stored.id) || unfinished.has(stored.id)) return;
    running.add(stored.id);
    counter.add();
    renewWhileRunning();
    void execute(stored).finally(async () => {
      if (!released) {
        try {
          await repo.finish(stored.id);
        } catch (error) {
          unfinished.add(stored.id);
          logger.error({ jobId: stored.id, err: describe(error) }, 'finishing a digest job failed; retrying');
        }
      }
      running.delete(stored.id);
      counter.done();
      renewWhileRunning();
      // The chat's next job (maybe stored by another instance) is claimable only now.
      pump();
    });
  }

  async function execute(stored: StoredDigestJob): Promise<void> {
    const job = parseJobPayload(stored.payload);
    if (!job) {
      logger.error({ jobId: stored.id, chatId: stored.chatId, updateId: stored.updateId }, 'unreadable digest job payload; dropped');
      return;
    }
    const placeholderId = stored.placeholderMessageId ?? undefined;
    const entry = { jobId: stored.id, updateId: job.updateId, chatId: job.chatId, attempts: stored.attempts };
    try {
      if (stored.attempts > maxAttempts) {
        // Each earlier claim ended with its instance dying: do not let this job kill another one.
        logger.error(entry, 'digest job given up after repeated crashes');
        await runner.giveUp(job, placeholderId);
        return;
      }
      if (stored.attempts > 1) logger.warn(entry, 'taking over a digest job from an instance that stopped');
      await runner.run(job, {
        ...(placeholderId !== undefined ? { placeholderId } : {}),
        onPlaceholder: (messageId) => repo.setPlaceholder(stored.id, messageId),
      });
    } catch (error) {
      logger.error({ ...entry, err: describe(error) }, 'digest job crashed');
    }
  }

  /** Keeps our claims alive while anything runs (leaseMs/3: two renewals may fail before one expires). */
  function renewWhileRunning(): void {
    if (running.size > 0 && !released && renewTimer === undefined) {
      renewTimer = setInterval(() => {
        repo.renew(owner, now(), leaseMs).catch((error: unknown) => logger.warn({ owner, err: describe(error) }, 'renewing digest job claims failed'));
      }, Math.max(1, Math.floor(leaseMs / 3)));
      renewTimer.unref();
    } else if ((running.size === 0 || released) && renewTimer !== undefined) {
      clearInterval(renewTimer);
      renewTimer = undefined;
    }
  }

  async function retryUnfinished(): Promise<void> {
    for (const id of [...unfinished]) {
      try {
        await repo.finish(id);
        unfinished.delete(id);
      } catch (error) {
        logger.warn({ jobId: id, err: describe(error) }, 'finishing a digest job failed again');
        return;
      }
    }
  }

  return {
    async enqueue(job) {
      let added: boolean;
      try {
        added = await repo.add({ chatId: job.chatId, updateId: job.updateId, payload: JSON.stringify(job) }, now());
      } catch (error) {
        // Not stored = not answered: the webhook must fail so Telegram delivers the update again.
        const reason = error instanceof Error ? error.message : String(error);
        throw new AppError('STORE_UNAVAILABLE', `The digest request could not be queued: ${reason}`, { cause: error });
      }
      // Telegram redelivers a webhook update it thinks failed: the first copy is the one that runs.
      if (!added) logger.info({ updateId: job.updateId, chatId: job.chatId }, 'update already queued; duplicate ignored');
      pump();
    },
    background: (label, task) => runBackground(counter, logger, label, task),
    pending: () => counter.count(),
    idle: (timeoutMs) => counter.idle(timeoutMs),
    start() {
      if (started || stopping) return;
      started = true;
      pollTimer = setInterval(() => {
        if (unfinished.size > 0) void retryUnfinished().finally(pump);
        else pump();
      }, pollMs);
      pollTimer.unref();
      pump();
    },
    stop(timeoutMs) {
      stopped ??= (async () => {
        stopping = true;
        if (pollTimer !== undefined) clearInterval(pollTimer);
        // A claim in flight may still hand us jobs: they start, and are waited for, like the others.
        await pumping;
        await counter.idle(timeoutMs);
        await retryUnfinished();
        // Whatever still runs (the timeout passed) is handed over now rather than after its lease.
        released = true;
        renewWhileRunning();
        if (running.size > 0) logger.warn({ owner, running: running.size }, 'stopping with digest jobs still running; handing them over');
        await repo.release(owner).catch((error: unknown) => logger.error({ owner, err: describe(error) }, 'releasing digest job claims failed'));
      })();
      return stopped;
    },
  };
}

/** An error as one log-safe string (telegraf already redacts the token from request errors). */
function describe(error: unknown): string {
  if (error === undefined) return 'undefined';
  if (error instanceof Error) return error.message;
  return String(error);
}
