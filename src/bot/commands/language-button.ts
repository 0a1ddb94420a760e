import type { Telegraf } from 'telegraf';
import { botTexts } from '../bot-texts.js';
import { parseSwitchCallbackData } from '../digest-jobs.js';
import { type CommandDeps, topicOf } from './shared.js';

/**
 * The "🇮🇩 Bahasa Indonesia" / "🇬🇧 English" button under a digest. The request is looked up in the
 * store by the key in callback_data, so the button keeps working after a restart.
 */
export function registerLanguageButton(bot: Telegraf, deps: CommandDeps): void {
  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const parsed = 'data' in query ? parseSwitchCallbackData(query.data) : null;
    const message = query.message;
    // Always answer, or the user's client shows a spinner on the button for a while.
    const answer = (text?: string) =>
      ctx.answerCbQuery(text).catch((error: unknown) =>
        deps.logger.warn({ updateId: ctx.update.update_id, err: error instanceof Error ? error.message : String(error) }, 'answerCallbackQuery failed'),
      );
    if (!parsed || !message) {
      await answer();
      return;
    }
    await answer(botTexts(parsed.target).switching);
    const threadId = topicOf(message);
    await deps.jobs.enqueue({
      kind: 'switch',
      updateId: ctx.update.update_id,
      chatId: message.chat.id,
      language: parsed.target,
      requestKey: parsed.key,
      messageId: message.message_id,
      multipart: parsed.multipart,
      ...(threadId !== undefined ? { threadId } : {}),
    });
  });
}
