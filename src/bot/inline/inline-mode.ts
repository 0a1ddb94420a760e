import type { Telegraf, Telegram } from 'telegraf';
import type { InlineKeyboardMarkup, InlineQueryResult } from 'telegraf/types';
import { describeError } from '../../core/logger.js';
import type { DigestInput, DigestService } from '../../digest/digest-service.js';
import { escapeHtml } from '../../digest/render/index.js';
import type { Digest, Language } from '../../digest/schema.js';
import { AppError } from '../../errors/app-error.js';
import { userMessage } from '../../errors/user-messages.js';
import { botTexts } from '../bot-texts.js';
import { resolveLanguage } from '../chat-language.js';
import { answerButton, type CommandDeps } from '../commands/command-context.js';
import { parseSwitchCallbackData, SWITCH_DATA } from '../jobs/callback-data.js';
import type { DigestQuota } from '../jobs/runner.js';
import { linksIn } from '../message-input.js';
import type { MessageSender } from '../telegram-outbound.js';
import { digestResult, helpResult, inlineDigestHtml, inlineKeyboard, parseResultId, pendingResult, refusalResult } from './inline-results.js';
import { inlineTexts } from './inline-texts.js';

/** What inline mode needs besides the command deps. */
export interface InlineDeps {
  commands: CommandDeps;
  digestService: DigestService;
  quota: DigestQuota;
  /** Edits by inline_message_id (outbound edits take a chat id, which an inline message has not). */
  telegram: Pick<Telegram, 'editMessageText'>;
  /** The send queue; an inline edit is paced under the user's id, the one chat it is known to come from. */
  sender: MessageSender;
  /** How long a query waits for an uncached digest before offering "Summarize this link" (Telegram allows ~10 s). */
  budgetMs: number;
}

/** Answers are per user (quota, language) and short-lived: a digest made a moment later must be offered then. */
const CACHE_TIME_S = 5;
/** A finished inline digest (or its failure) is kept this long for the chosen result to pick up. */
const KEEP_RESULT_MS = 120_000;

type Outcome = { digest: Digest } | { error: unknown };

/** The outcome if `promise` settles within `ms`, else null. */
async function within(promise: Promise<Digest>, ms: number): Promise<Outcome | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.then((digest) => ({ digest }), (error: unknown) => ({ error })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `@bot <link>` in any chat. A cached digest is offered at once; otherwise the digest starts (charged to the
 * user's quota, one at a time per user) and is offered if ready within the budget, else a "Summarize this link"
 * result is offered, and choosing it (chosen_inline_result, inline feedback on in BotFather) edits it into the
 * digest by inline_message_id. The link goes through the same safe fetcher as a chat message.
 */
export function registerInline(bot: Telegraf, deps: InlineDeps): void {
  const { commands } = deps;
  const { logger } = commands;
  /** Digests started from inline queries, by user|language|request key. */
  const running = new Map<string, Promise<Digest>>();
  /** Users with an inline digest in progress: typing a link fires a query per keystroke, so only one starts. */
  const busy = new Set<number>();

  function start(userId: number, input: DigestInput, language: Language, runKey: string): Promise<Digest> {
    const promise = deps.digestService.digest({ input, language }).then((outcome) => outcome.digest);
    running.set(runKey, promise);
    busy.add(userId);
    const done = promise.then(
      () => undefined,
      (error: unknown) => logger.info({ userId, err: describeError(error) }, 'inline digest refused'),
    );
    commands.jobs.background(`inline:${runKey}`, () =>
      done.finally(() => {
        busy.delete(userId);
        setTimeout(() => running.delete(runKey), KEEP_RESULT_MS).unref();
      }),
    );
    return promise;
  }

  /** The running digest, the cached one, or a new one if the quota allows; a refusal throws. */
  async function obtain(userId: number, input: DigestInput, language: Language, key: string): Promise<Digest> {
    const runKey = `${userId}|${language}|${key}`;
    const existing = running.get(runKey);
    if (existing) return existing;
    const cached = await deps.digestService.peek({ input, language }).catch(() => undefined);
    if (cached) return cached;
    const verdict = await deps.quota.tryConsume(userId);
    if (!verdict.allowed) throw new AppError('QUOTA_EXCEEDED', `User digest quota reached; retry in ${verdict.retryAfterSec}s`, { details: { retryAfterSec: verdict.retryAfterSec } });
    return start(userId, input, language, runKey);
  }

  async function answerQuery(userId: number, query: string, language: Language): Promise<InlineQueryResult> {
    const url = linksIn(query, [])[0];
    if (url === undefined) return helpResult(language, commands.botUsername());
    const input: DigestInput = { kind: 'url', url };
    const key = await commands.store.digestRequests.save(input);
    const runKey = `${userId}|${language}|${key}`;
    // Another link is still being read for this user: offer the placeholder; choosing it starts this one.
    if (!running.has(runKey) && busy.has(userId)) {
      const cached = await deps.digestService.peek({ input, language }).catch(() => undefined);
      return cached ? digestResult(cached, language, key) : pendingResult(language, key, url);
    }
    let outcome: Outcome | null;
    try {
      outcome = await within(obtain(userId, input, language, key), deps.budgetMs);
    } catch (error) {
      outcome = { error };
    }
    if (outcome === null) return pendingResult(language, key, url);
    if ('digest' in outcome) return digestResult(outcome.digest, language, key);
    const line = userMessage(outcome.error, language);
    return refusalResult('refused', line, line);
  }

  async function editInline(userId: number, inlineMessageId: string, html: string, keyboard?: InlineKeyboardMarkup): Promise<void> {
    const extra = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) };
    await deps.sender.run(userId, () => deps.telegram.editMessageText(undefined, undefined, inlineMessageId, html, extra));
  }

  /** The digest of stored request `key` into the inline message, or the line saying why not. */
  async function fillInline(userId: number, inlineMessageId: string, key: string, language: Language, charge: boolean): Promise<void> {
    const input = await commands.store.digestRequests.get(key);
    if (!input) return editInline(userId, inlineMessageId, escapeHtml(botTexts(language).switchExpired));
    try {
      // Language switches are free, as in chats: the article was paid for when it was asked for.
      const digest = charge ? await obtain(userId, input, language, key) : (await deps.digestService.digest({ input, language })).digest;
      await editInline(userId, inlineMessageId, inlineDigestHtml(digest), inlineKeyboard(language, key));
    } catch (error) {
      logger.info({ userId, err: describeError(error) }, 'inline digest not delivered');
      await editInline(userId, inlineMessageId, escapeHtml(userMessage(error, language)));
    }
  }

  bot.on('inline_query', async (ctx) => {
    const { from, query } = ctx.inlineQuery;
    const language = resolveLanguage({ userLanguageCode: from.language_code ?? null, defaultLanguage: commands.defaultLanguage });
    const result = await answerQuery(from.id, query, language);
    await ctx.answerInlineQuery([result], { is_personal: true, cache_time: CACHE_TIME_S });
  });

  bot.on('chosen_inline_result', async (ctx) => {
    const chosen = ctx.chosenInlineResult;
    const parsed = parseResultId(chosen.result_id);
    const inlineMessageId = chosen.inline_message_id;
    if (!parsed?.pending || inlineMessageId === undefined) return;
    commands.jobs.background(`inline-chosen:${inlineMessageId}`, () => fillInline(chosen.from.id, inlineMessageId, parsed.key, parsed.language, true));
  });

  // The language button under an inline message: no chat, so it is edited here by inline_message_id.
  bot.action(SWITCH_DATA, async (ctx, next) => {
    const query = ctx.callbackQuery;
    const inlineMessageId = query.inline_message_id;
    if (inlineMessageId === undefined) return next();
    const parsed = 'data' in query ? parseSwitchCallbackData(query.data) : null;
    if (!parsed) return answerButton(commands, ctx);
    await answerButton(commands, ctx, botTexts(parsed.target).switching);
    commands.jobs.background(`inline-switch:${ctx.update.update_id}`, () => fillInline(query.from.id, inlineMessageId, parsed.key, parsed.target, false));
  });
}
