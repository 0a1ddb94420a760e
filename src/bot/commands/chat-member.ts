import type { Telegraf } from 'telegraf';
import type { CommandDeps } from './command-context.js';
import type { SubscriptionDeps } from './subscription-target.js';

const GONE = new Set(['kicked', 'left']);
const PRESENT = new Set(['member', 'administrator', 'creator']);

/**
 * my_chat_member: the bot was removed from a group or channel, or a user blocked it (kicked/left)
 * → deliveries to that chat stop, its subscriptions are kept; added back (member/administrator)
 * → they resume. Telegram sends this update by default (no allowed_updates needed).
 */
export function registerChatMemberEvents(bot: Telegraf, deps: CommandDeps, subs: SubscriptionDeps): void {
  bot.on('my_chat_member', async (ctx) => {
    const update = ctx.myChatMember;
    const chatId = update.chat.id;
    const status = update.new_chat_member.status;
    if (GONE.has(status)) {
      await subs.delivery.chatBlocked(chatId);
      deps.logger.info({ updateId: ctx.update.update_id, chatId, status }, 'bot removed: deliveries paused');
    } else if (PRESENT.has(status)) {
      await subs.delivery.chatUnblocked(chatId);
      deps.logger.info({ updateId: ctx.update.update_id, chatId, status }, 'bot added: deliveries resumed');
    }
  });
}
