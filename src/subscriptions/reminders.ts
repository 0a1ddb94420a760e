import type { NextStepDate } from '../digest/next-step-dates.js';

/**
 * What a "Remind me" button stands for: one dated next step of one digest, saved server-side under a
 * short key because callback_data holds 64 bytes. Everything the reminder shows is copied here, so it
 * still reads right when the digest has left the cache.
 */
export interface ReminderCandidate {
  /** The next step as the digest wrote it. */
  step: string;
  /** The verbatim quote the date was read from. */
  evidence: string;
  /** The day it comes due, in the time zone it was resolved in. */
  due: NextStepDate;
  /** The article the next step comes from. */
  sourceUrl: string | null;
  sourceTitle: string;
  /** The story (feed items' story id) the article belongs to, when a feed carried it. */
  storyId: string | null;
  /** Epoch ms of the digest: what the sources published after this is "since". */
  since: number;
}

/** A reminder a chat set. */
export interface ReminderRecord {
  id: number;
  chatId: number;
  candidateKey: string;
  candidate: ReminderCandidate;
  /** pending = not due yet; queued = its delivery is in the outbox; missed = came due too long ago to send. */
  status: 'pending' | 'queued' | 'missed';
  createdAt: number;
}

/** Reminders and their candidates, on either database (src/store/reminders.ts). */
export interface ReminderRepository {
  /** Saves a candidate under a stable key (same candidate → same key; the first `since` is kept). */
  saveCandidate(candidate: ReminderCandidate, now: number): Promise<string>;
  getCandidate(key: string): Promise<ReminderCandidate | undefined>;
  /**
   * Sets a reminder for a chat: 'exists' when the chat already has this one pending, 'cap' when it has
   * `cap` pending reminders already (checked in the same transaction as the insert).
   */
  add(chatId: number, key: string, candidate: ReminderCandidate, now: number, cap: number): Promise<{ outcome: 'added' | 'exists' | 'cap'; reminder?: ReminderRecord }>;
  /** The chat's reminders not yet due, soonest first. */
  pendingOf(chatId: number): Promise<ReminderRecord[]>;
  /** Removes a pending reminder of the chat; false when there was none (already removed or sent). */
  remove(chatId: number, id: number): Promise<boolean>;
  /** Pending reminders of every chat due on or before `date` (YYYY-MM-DD), soonest first. */
  pendingDueBy(date: string, limit: number): Promise<ReminderRecord[]>;
  /** Moves a pending reminder on; false when it was not pending (another instance got there first). */
  setStatus(id: number, status: 'queued' | 'missed'): Promise<boolean>;
  get(id: number): Promise<ReminderRecord | undefined>;
  /** The story id of the feed item at `url`, if a feed carried that article. */
  storyOfUrl(url: string): Promise<string | null>;
}
