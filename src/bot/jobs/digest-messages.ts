import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Logger } from '../../core/logger.js';
import { describeError } from '../../core/logger.js';
import { type DigestInput, type DigestOutcome, type DigestService, sourceKey } from '../../digest/digest-service.js';
import { renderDigestHtml, splitTelegramHtml, TELEGRAM_MESSAGE_LIMIT } from '../../digest/render/index.js';
import type { Digest, Language } from '../../digest/schema.js';
import { toAppError } from '../../errors/app-error.js';
import type { KabarMetrics } from '../../infra/metrics.js';
import type { Store } from '../../store/repositories.js';
import { botTexts, otherLanguage } from '../bot-texts.js';
import { switchCallbackData } from './callback-data.js';

/** What turning a request into Telegram messages needs (a subset of the runner's dependencies). */
export interface DigestMessagesDeps {
  digestService: DigestService;
  store: Store;
  logger: Pick<Logger, 'warn'>;
  metrics?: Pick<KabarMetrics, 'digest' | 'cacheHit'>;
  /** Rows of buttons a digest gets in a chat besides the language button (Remind me); a failure only costs the buttons. */
  digestButtons?: (chatId: number, digest: Digest, language: Language) => Promise<InlineKeyboardButton[][]>;
}

/** A digest ready to send: its outcome, its message parts and its language button. */
export interface RenderedDigest {
  outcome: DigestOutcome;
  parts: string[];
  markup: InlineKeyboardMarkup | undefined;
}

/** Language-button keys remembered per source, so a warm answer does not write the same row again. */
const REQUEST_KEYS_KEPT = 1000;

// The same digest object (a memory-cache hit, or one model call shared by a burst) is rendered once.
const renderedParts = new WeakMap<Digest, string[]>();
function telegramParts(digest: Digest): string[] {
  let parts = renderedParts.get(digest);
  if (!parts) {
    parts = splitTelegramHtml(renderDigestHtml(digest), TELEGRAM_MESSAGE_LIMIT);
    renderedParts.set(digest, parts);
  }
  return parts;
}

/** Makes (or finds) a digest and renders it as Telegram messages with its buttons. */
export function createDigestMessages(deps: DigestMessagesDeps) {
  const { logger } = deps;
  /** sourceKey → language-button key already saved (digest_requests rows are never deleted). */
  const requestKeys = new Map<string, string>();

  async function requestKeyOf(input: DigestInput): Promise<string> {
    const source = sourceKey(input);
    const known = requestKeys.get(source);
    if (known !== undefined) return known;
    const key = await deps.store.digestRequests.save(input);
    requestKeys.set(source, key);
    if (requestKeys.size > REQUEST_KEYS_KEPT) requestKeys.delete(requestKeys.keys().next().value as string);
    return key;
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

  return {
    /** The digest as Telegram messages and its language button; `cached` is a digest peek() already found. */
    async render(input: DigestInput, language: Language, options: { requestKey?: string; cached?: Digest } = {}): Promise<RenderedDigest> {
      let outcome: DigestOutcome;
      try {
        outcome = options.cached ? { digest: options.cached, cached: true } : await deps.digestService.digest({ input, language });
      } catch (error) {
        deps.metrics?.digest('none', toAppError(error).code);
        throw error;
      }
      deps.metrics?.digest(outcome.digest.engine, outcome.cached ? 'cached' : 'ok');
      if (outcome.cached) deps.metrics?.cacheHit();
      const parts = telegramParts(outcome.digest);
      const key = options.requestKey ?? (await requestKeyOf(input));
      return { outcome, parts, markup: keyboard(language, key, parts.length > 1) };
    },

    /** The language button's markup with the digest's other buttons above it. */
    async withDigestButtons(markup: InlineKeyboardMarkup | undefined, chatId: number, digest: Digest, language: Language) {
      const rows = deps.digestButtons
        ? await deps.digestButtons(chatId, digest, language).catch((error: unknown) => {
            logger.warn({ chatId, err: describeError(error) }, 'digest buttons left out');
            return [];
          })
        : [];
      return rows.length > 0 ? { inline_keyboard: [...rows, ...(markup?.inline_keyboard ?? [])] } : markup;
    },
  };
}
