import type { DigestCache, DigestInput } from '../digest/digest-service.js';
import type { Language } from '../digest/schema.js';
import type { SubscriptionRepository } from '../subscriptions/repositories.js';
import type { StoryRepository } from '../subscriptions/story-repository.js';
import type { ReminderRepository } from '../subscriptions/reminders.js';
import type { ClaimRepository, LeaseRepository } from '../core/leases.js';

export type { ClaimRepository, LeaseRepository } from '../core/leases.js';

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

/** A digest request waiting in the shared queue (JOB_QUEUE=database). */
export interface StoredDigestJob {
  id: number;
  chatId: number;
  /** Telegram's update_id: unique, so a webhook update Telegram delivers twice is queued once. */
  updateId: number;
  /** The job as JSON (src/bot/digest-jobs.ts DigestJob); the store does not interpret it. */
  payload: string;
  /** The "Reading…" message already sent for this job, so a take-over edits it instead of sending another. */
  placeholderMessageId: number | null;
  /** Times the job was claimed (a job that keeps killing its instance is given up). */
  attempts: number;
  createdAt: number;
}

/**
 * The durable digest queue for several instances behind a load balancer: whichever instance receives
 * an update stores the job; any instance runs it. One chat's jobs run one at a time, in update order.
 */
export interface DigestJobRepository {
  /** Queues a job; false when this update_id is already queued. */
  add(job: { chatId: number; updateId: number; payload: string }, now: number): Promise<boolean>;
  /**
   * Claims, for `owner` until now + leaseMs, the oldest job (lowest update_id) of every chat that has
   * no job under a live claim, up to `limit` chats; bumps their attempts. Expired claims are free.
   */
  claim(owner: string, now: number, leaseMs: number, limit: number): Promise<StoredDigestJob[]>;
  /** Extends every live claim of `owner` to now + leaseMs. */
  renew(owner: string, now: number, leaseMs: number): Promise<void>;
  setPlaceholder(id: number, messageId: number): Promise<void>;
  /** The job is done (answered or given up): removes it. */
  finish(id: number): Promise<void>;
  /** Drops every claim of `owner` (graceful shutdown). */
  release(owner: string): Promise<void>;
  /** Jobs queued or running. */
  countPending(): Promise<number>;
}

/** All persistence the bot needs: SQLite (embedded default) or PostgreSQL (several instances), same interfaces. */
export interface Store {
  chatSettings: ChatSettingsRepository;
  digestCache: DigestCache;
  digestRequests: DigestRequestRepository;
  quota: QuotaRepository;
  /** Feeds, topics, delivery settings, seen items and the delivery outbox (issue 4). */
  subscriptions: SubscriptionRepository;
  leases: LeaseRepository;
  jobs: DigestJobRepository;
  /** Next-step reminders set with the Remind-me button (issue 13). */
  reminders: ReminderRepository;
  /** Claims and leases by owner: a restart takes back its own (src/infra/instance-owner.ts). */
  claims: ClaimRepository;
  /** Persisted stories, follows and the digests each chat received (issue 13). */
  stories: StoryRepository;
  /** 'sqlite' or 'postgres': for logs and /healthz. */
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}
