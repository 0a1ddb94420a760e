import { describeError, type Logger } from '../core/logger.js';

/** Telegram's service account that anonymous group admins post as. */
export const GROUP_ANONYMOUS_BOT_ID = 1087968824;

/** The one Bot API call the admin check needs (telegraf's `Telegram` satisfies it). */
export interface ChatMemberLookup {
  getChatMember(chatId: number, userId: number): Promise<{ status: string }>;
}

/** Who sent a message, as far as the admin check cares. */
export interface SenderInfo {
  chat: { id: number; type: string };
  from?: { id: number } | undefined;
  sender_chat?: { id: number } | undefined;
}

export interface AdminCheckDeps {
  telegram: ChatMemberLookup;
  logger: Pick<Logger, 'warn'>;
}

/** Decides whether the sender may change a chat's settings. */
export interface AdminCheck {
  /** Private chats: always. Groups: creator/administrator, or an anonymous admin posting as the group. */
  canChangeSettings(sender: SenderInfo): Promise<boolean>;
}

export function createAdminCheck(deps: AdminCheckDeps): AdminCheck {
  return {
    async canChangeSettings(sender) {
      const { chat } = sender;
      if (chat.type === 'private') return true;
      // Anonymous admins post as the group itself; only admins can do that. GroupAnonymousBot
      // alone proves nothing: without sender_chat naming this group it is not this group's admin.
      if (sender.sender_chat?.id === chat.id) return true;
      // A channel posting into its linked discussion group is not a group admin.
      if (!sender.from || sender.sender_chat) return false;
      try {
        const member = await deps.telegram.getChatMember(chat.id, sender.from.id);
        return member.status === 'creator' || member.status === 'administrator';
      } catch (error) {
        deps.logger.warn({ chatId: chat.id, err: describeError(error) }, 'getChatMember failed');
        return false;
      }
    },
  };
}
