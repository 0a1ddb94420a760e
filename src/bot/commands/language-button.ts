import type { Telegraf } from 'telegraf';
import { botTexts } from '../bot-texts.js';
import { parseSwitchCallbackData, SWITCH_DATA } from '../jobs/callback-data.js';
import { answerButton, type CommandDeps, topicOf } from './command-context.js';

/**
 * The "🇮🇩 Bahasa Indonesia" / "🇬🇧 English" button under a digest. The request is looked up in the
 * store by the key in callback_data, so the button keeps working after a restart.
 */
export function registerLanguageButton(bot: Telegraf, deps: CommandDeps): void {
  bot.action(SWITCH_DATA, async (ctx) => {
    const query = ctx.callbackQuery;
    const parsed = 'data' in query ? parseSwitchCallbackData(query.data) : null;
    const message = query.message;
    if (!parsed || !message) {
      await answerButton(deps, ctx);
      return;
    }
    await answerButton(deps, ctx, botTexts(parsed.target).switching);
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

/**
 * The last fallback, registered after every `bot.action`: a press no handler took (an old button of a
 * removed feature, forged data) is still answered, so the client stops its spinner.
 */
export function registerUnknownButtons(bot: Telegraf, deps: CommandDeps): void {
  bot.on('callback_query', (ctx) => answerButton(deps, ctx));
}
