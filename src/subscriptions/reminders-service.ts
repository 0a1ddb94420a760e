import { DateTime } from 'luxon';
import type { Logger } from '../core/logger.js';
import { datedNextSteps, type NextStepDate } from '../digest/next-step-dates.js';
import { cleanText, creditName, escapeHtml, formatDate, labelsFor, linkableUrl, splitTelegramHtml } from '../digest/render/index.js';
import type { Digest, Language } from '../digest/schema.js';
import type { ReminderCandidate, ReminderRecord, ReminderRepository } from './reminders.js';
import type { DeliveryRecord, DeliverySettings, SubscriptionRepository } from './repositories.js';
import { nextAllowedTime } from './schedule.js';

/** Dependencies of {@link createReminderService}. */
export interface ReminderServiceDeps {
  reminders: ReminderRepository;
  repo: SubscriptionRepository;
  /** Epoch ms. */
  now: () => number;
  /** The preset feeds: with the chat's own feeds, the sources whose headlines a reminder lists. */
  presetFeedIds: () => Promise<number[]>;
  /** REMINDERS_PER_CHAT: pending reminders a chat may have. */
  cap: number;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Local hour a reminder is sent on its day (outside quiet hours). Default 9. */
  hour?: number;
  /** A reminder whose time passed longer ago than this (the bot was down) is marked missed, not sent. Default 3 days. */
  graceMs?: number;
}

/** A Remind-me button: the candidate's key and what the button says. */
export interface ReminderOffer {
  key: string;
  due: NextStepDate;
  step: string;
}

export type RemindOutcome = 'added' | 'exists' | 'cap' | 'unknown' | 'past';

/** Next-step reminders: buttons under digests, setting and removing them, and sending them when due. */
export interface ReminderService {
  /** Pending reminders a chat may have (REMINDERS_PER_CHAT). */
  readonly cap: number;
  /** The Remind-me buttons of a digest shown in `chatId` (dates in the chat's time zone); none for vague next steps. */
  offers(chatId: number, digest: Digest, storyId?: string | null): Promise<ReminderOffer[]>;
  /** A button press: sets the reminder of candidate `key` for the chat. */
  remind(chatId: number, key: string): Promise<{ outcome: RemindOutcome; reminder?: ReminderRecord }>;
  list(chatId: number): Promise<ReminderRecord[]>;
  remove(chatId: number, id: number): Promise<boolean>;
  /** Puts reminders whose time has come into the outbox (kind 'reminder', ref = id): once, whichever instance. */
  queueDue(): Promise<number>;
  /** The reminder message of an outbox row; null when the reminder is gone (removed meanwhile). */
  render(delivery: DeliveryRecord, language: Language): Promise<string[] | null>;
}

/** Buttons under one digest: more would bury the language button. */
const MAX_OFFERS = 3;
/** Reminders looked at per tick. */
const DUE_BATCH = 200;
const DAY_MS = 24 * 3_600_000;

/** When a reminder due on `date` is sent: `hour`:00 that day in the chat's zone, or the end of quiet hours then. */
export function reminderTime(date: string, settings: Pick<DeliverySettings, 'timeZone' | 'quiet'>, hour = 9): Date {
  const at = DateTime.fromISO(date, { zone: settings.timeZone }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  const start = at.isValid ? at : DateTime.fromISO(date, { zone: 'UTC' }).set({ hour });
  return nextAllowedTime(settings.quiet, settings.timeZone, start.toJSDate());
}

/** The due day as a button or heading says it: "12 June 2026", "week of 8 June 2026", "July 2026". */
export function dueText(due: NextStepDate, language: Language): string {
  if (due.precision === 'month') return formatDate(due.date.slice(0, 7), language);
  const day = formatDate(due.date, language);
  return due.precision === 'week' ? `${language === 'id' ? 'pekan mulai' : 'week of'} ${day}` : day;
}

export function createReminderService(deps: ReminderServiceDeps): ReminderService {
  const { reminders, repo, now, logger } = deps;
  const hour = deps.hour ?? 9;
  const graceMs = deps.graceMs ?? 3 * DAY_MS;

  // The same digest object (a warm cache hit) offers the same buttons in a zone on a day: saved once.
  const offered = new WeakMap<Digest, Map<string, Promise<ReminderOffer[]>>>();

  async function offers(chatId: number, digest: Digest, storyId?: string | null): Promise<ReminderOffer[]> {
    if (digest.nextSteps.length === 0) return [];
    const { timeZone } = await repo.getDeliverySettings(chatId);
    const key = `${timeZone}|${storyId ?? ''}|${DateTime.fromMillis(now(), { zone: timeZone }).toISODate()}`;
    let byKey = offered.get(digest);
    if (!byKey) offered.set(digest, (byKey = new Map()));
    let job = byKey.get(key);
    if (!job) {
      job = offersIn(timeZone, digest, storyId);
      byKey.set(key, job);
      // A failed save is tried again next time, not remembered.
      job.catch(() => byKey.delete(key));
    }
    return job;
  }

  async function offersIn(timeZone: string, digest: Digest, storyId?: string | null): Promise<ReminderOffer[]> {
    const at = now();
    // An undated page is read as of now; a step already past in the chat's zone gets no button.
    const source = { ...digest.source, publishedAt: digest.source.publishedAt ?? new Date(at).toISOString() };
    const today = DateTime.fromMillis(at, { zone: timeZone }).toISODate() ?? '';
    const dated = datedNextSteps({ nextSteps: digest.nextSteps, source }, timeZone).filter((d) => d.due.date >= today).slice(0, MAX_OFFERS);
    if (dated.length === 0) return [];
    const url = linkableUrl(digest.source.url) ?? null;
    const story = storyId ?? (url ? await reminders.storyOfUrl(url) : null);
    const sourceTitle = cleanText(digest.source.title) || creditName(digest.source, digest.language);
    return Promise.all(dated.map(async ({ step, due }) => {
      const candidate: ReminderCandidate = { step: step.text, evidence: step.evidence, due, sourceUrl: url, sourceTitle, storyId: story, since: at };
      return { key: await reminders.saveCandidate(candidate, at), due, step: step.text };
    }));
  }

  async function queueDue(): Promise<number> {
    const at = now();
    // Due dates are local days: every zone's today is at most tomorrow in UTC.
    const horizon = DateTime.fromMillis(at, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? '';
    let queued = 0;
    for (const reminder of await reminders.pendingDueBy(horizon, DUE_BATCH)) {
      const settings = await repo.getDeliverySettings(reminder.chatId);
      const time = reminderTime(reminder.candidate.due.date, settings, hour).getTime();
      if (time > at) continue;
      if (at - time > graceMs) {
        if (await reminders.setStatus(reminder.id, 'missed')) logger.info({ chatId: reminder.chatId, reminderId: reminder.id }, 'reminder came due while the bot was away; not sent');
        continue;
      }
      // The outbox row first: its (chat, kind, ref) key makes a second one impossible, so an instance
      // dying between the two statements leaves a pending reminder that is simply queued again.
      const storyIds = reminder.candidate.storyId ? [reminder.candidate.storyId] : [];
      await repo.createDelivery({ chatId: reminder.chatId, kind: 'reminder', ref: String(reminder.id), storyIds }, at);
      if (await reminders.setStatus(reminder.id, 'queued')) queued += 1;
    }
    return queued;
  }

  /** One line per item the chat's or the preset sources published on the story after the digest. */
  async function reportedSince(chatId: number, candidate: ReminderCandidate): Promise<string[]> {
    if (!candidate.storyId) return [];
    const [own, presets] = await Promise.all([repo.feedsOf(chatId), deps.presetFeedIds().catch(() => [] as number[])]);
    const feeds = new Map(own.map((feed) => [feed.id, feed.title ?? '']));
    const allowed = new Set([...feeds.keys(), ...presets]);
    const items = (await repo.itemsOfStory(candidate.storyId))
      .filter((item) => item.firstSeenAt > candidate.since && allowed.has(item.feedId) && item.url !== candidate.sourceUrl);
    const seen = new Set<string>();
    return items.filter((item) => !seen.has(item.url ?? item.title) && seen.add(item.url ?? item.title)).slice(-10).map((item) => {
      const title = escapeHtml(cleanText(item.title) || item.url || '?');
      const url = linkableUrl(item.url);
      return `• ${url ? `<a href="${escapeHtml(url)}">${title}</a>` : title}`;
    });
  }

  async function render(delivery: DeliveryRecord, language: Language): Promise<string[] | null> {
    const reminder = await reminders.get(Number(delivery.ref));
    if (!reminder || reminder.chatId !== delivery.chatId) return null;
    const { candidate } = reminder;
    const labels = labelsFor(language);
    const url = linkableUrl(candidate.sourceUrl);
    const source = escapeHtml(cleanText(candidate.sourceTitle) || labels.webPage);
    const since = await reportedSince(delivery.chatId, candidate);
    const html = [
      `⏰ <b>${escapeHtml(labels.reminder)}</b> · ${escapeHtml(dueText(candidate.due, language))}`,
      `<b>${escapeHtml(labels.nextStep)}:</b> ${escapeHtml(cleanText(candidate.step))}`,
      `<i>“${escapeHtml(cleanText(candidate.evidence))}”</i>`,
      `<b>${escapeHtml(labels.source)}:</b> ${url ? `<a href="${escapeHtml(url)}">${source}</a>` : source}`,
      '',
      since.length > 0 ? `<b>${escapeHtml(labels.reportedSince)}:</b>\n${since.join('\n')}` : `<i>${escapeHtml(labels.nothingReportedYet)}.</i>`,
    ].join('\n');
    return splitTelegramHtml(html);
  }

  return {
    cap: deps.cap,
    offers,
    async remind(chatId, key) {
      const candidate = await reminders.getCandidate(key);
      if (!candidate) return { outcome: 'unknown' };
      const { timeZone, quiet } = await repo.getDeliverySettings(chatId);
      // A button pressed after its day (an old message) would fire a reminder about the past at once.
      if (reminderTime(candidate.due.date, { timeZone, quiet }, hour).getTime() + DAY_MS < now()) return { outcome: 'past' };
      return reminders.add(chatId, key, candidate, now(), deps.cap);
    },
    list: (chatId) => reminders.pendingOf(chatId),
    remove: (chatId, id) => reminders.remove(chatId, id),
    queueDue,
    render,
  };
}
