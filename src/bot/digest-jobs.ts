import type { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { DigestInput, DigestService } from '../digest/digest-service.js';
import { renderDigestHtml, splitTelegramHtml, TELEGRAM_MESSAGE_LIMIT } from '../digest/render/index.js';
import type { Language } from '../digest/schema.js';
import { AppError, toAppError } from '../errors/app-error.js';
import { userMessage } from '../errors/user-messages.js';
import type { Store } from '../store/repositories.js';
import { escapeHtml } from '../digest/render/index.js';
import { botTexts, otherLanguage } from './bot-texts.js';
import type { KabarMetrics } from './metrics.js';

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
  /** Queues the job and returns at once; the job reports its own errors to the chat. */
  enqueue(job: DigestJob): void;
  /**
   * Runs a small task (a command's reply) without holding up the update handler, counted by
   * `idle()`. Not chained per chat: a /help answer must not wait behind a slow digest.
   */
  background(label: string, task: () => Promise<unknown>): void;
  /** Jobs queued or running. */
  pending(): number;
  /** Resolves when no job is pending, or after `timeoutMs` (bounded shutdown). */
  idle(timeoutMs?: number): Promise<void>;
}

// Telegram shows "typing…" for about 5 s; refresh it while a slow digest is being made.
const TYPING_REFRESH_MS = 4500;

export function createDigestJobs(deps: DigestJobsDeps): DigestJobs {
  const { telegram, sender, logger } = deps;
  const chains = new Map<number, Promise<void>>();
  let pendingCount = 0;
  let idleWaiters: Array<() => void> = [];

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

  async function runNew(job: Extract<DigestJob, { kind: 'new' }>) {
    const { chatId, language, updateId, threadId } = job;
    const texts = botTexts(language);
    const stopTyping = typing(chatId, threadId);
    try {
      // A cached digest goes out at once: no placeholder, and no edit that Telegram's ~1 message/s
      // per chat would make wait. Cached digests are also free of quota (so are language switches).
      const cached = await deps.digestService.peek({ input: job.input, language }).catch(() => undefined);
      let placeholderId: number | undefined;
      if (!cached) {
        try {
          const placeholder = await send(chatId, escapeHtml(texts.placeholder), htmlExtra(job.replyToMessageId, threadId));
          placeholderId = placeholder.message_id;
        } catch (error) {
          // 403 (blocked, kicked) and the like: nothing can be shown in this chat.
          logger.warn({ updateId, chatId, err: describe(error) }, 'could not send the placeholder; job dropped');
          return;
        }
      }

      let rendered: Awaited<ReturnType<typeof render>>;
      try {
        // Checked before any work so a user over quota never costs a fetch or a model call.
        if (job.userId !== null && !cached) {
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
        { updateId, chatId, engine: rendered.outcome.digest.engine, cached: rendered.outcome.cached, parts: rendered.parts.length },
        'digest delivered',
      );
      await deliver(
        chatId,
        rendered.parts,
        rendered.markup,
        { ...(placeholderId !== undefined ? { editMessageId: placeholderId } : {}), replyTo: job.replyToMessageId, threadId },
        language,
        updateId,
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

  function settle() {
    pendingCount--;
    if (pendingCount === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  return {
    enqueue(job) {
      pendingCount++;
      const previous = chains.get(job.chatId) ?? Promise.resolve();
      const next = previous
        .then(() => (job.kind === 'new' ? runNew(job) : runSwitch(job)))
        .catch((error: unknown) => logger.error({ updateId: job.updateId, chatId: job.chatId, err: describe(error) }, 'digest job crashed'))
        .finally(() => {
          if (chains.get(job.chatId) === next) chains.delete(job.chatId);
          settle();
        });
      chains.set(job.chatId, next);
    },
    background(label, task) {
      pendingCount++;
      void Promise.resolve()
        .then(task)
        .catch((error: unknown) => logger.warn({ task: label, err: describe(error) }, 'background task failed'))
        .finally(settle);
    },
    pending: () => pendingCount,
    idle(timeoutMs) {
      if (pendingCount === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        if (timeoutMs !== undefined) setTimeout(resolve, timeoutMs).unref();
      });
    },
  };
}

/** An error as one log-safe string (telegraf already redacts the token from request errors). */
function describe(error: unknown): string {
  if (error === undefined) return 'undefined';
  if (error instanceof Error) return error.message;
  return String(error);
}
