import type { DigestCache, DigestInput } from '../digest/digest-service.js';
import type { Language } from '../digest/schema.js';
import type { SubscriptionRepository } from './subscription-repositories.js';

/** Per-chat settings chosen with /lang and /autosummary. */
export interface ChatSettings {
  chatId: number;
  /** null = not set: fall back to the user's Telegram language, then DEFAULT_LANGUAGE. */
  language: Language | null;
  /** Groups only: summarize every link posted, not just /summary. */
  autoSummary: boolean;
}

export interface ChatSettingsRepository {
  /** Returns defaults (language null, autoSummary false) for an unknown chat. */
  get(chatId: number): Promise<ChatSettings>;
  setLanguage(chatId: number, language: Language | null): Promise<void>;
  setAutoSummary(chatId: number, enabled: boolean): Promise<void>;
  /** Group → supergroup migration: move the settings to the new id. */
  migrateChat(fromChatId: number, toChatId: number): Promise<void>;
}

/**
 * Remembers what a digest was made from, under a short key that fits in Telegram's 64-byte
 * callback_data, so the "switch language" button works after a restart.
 */
export interface DigestRequestRepository {
  /** Returns a short, stable key (same input → same key). */
  save(input: DigestInput): Promise<string>;
  get(key: string): Promise<DigestInput | undefined>;
}

/** Counts digests per user for USER_DIGESTS_PER_HOUR. */
export interface QuotaRepository {
  /** Number of recorded uses by the user at or after `sinceMs` (epoch ms). */
  countSince(userId: number, sinceMs: number): Promise<number>;
  record(userId: number, atMs: number): Promise<void>;
}

/** All persistence the bot needs. SQLite today; another database implements the same interfaces. */
export interface Store {
  chatSettings: ChatSettingsRepository;
  digestCache: DigestCache;
  digestRequests: DigestRequestRepository;
  quota: QuotaRepository;
  /** Feeds, topics, delivery settings, seen items and the delivery outbox (issue 4). */
  subscriptions: SubscriptionRepository;
  close(): Promise<void>;
}
