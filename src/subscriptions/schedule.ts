import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A local wall-clock time "HH:MM" (24-hour). */
export const SlotTimeSchema = z.string().regex(HHMM, 'a time is HH:MM, 00:00–23:59');
export type SlotTime = z.infer<typeof SlotTimeSchema>;

export const MAX_SLOTS = 12;

/** How a chat receives items: each on its own as it arrives, or batched at local times of day. */
export const ScheduleSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('instant') }),
  z.object({ mode: z.literal('slots'), slots: z.array(SlotTimeSchema).min(1).max(MAX_SLOTS) }),
]);
export type Schedule = z.infer<typeof ScheduleSchema>;

/** A local time window with no deliveries; `end` before `start` crosses midnight. */
export const QuietHoursSchema = z.object({ start: SlotTimeSchema, end: SlotTimeSchema }).refine((q) => q.start !== q.end, 'quiet hours cannot start and end at the same time');
export type QuietHours = z.infer<typeof QuietHoursSchema>;

const SCHEDULE_USAGE = 'Use "/schedule instant", "/schedule daily 07:30" or "/schedule 07:30 19:00" (24-hour times).';

/** "7:30", "07.30" (the Indonesian way of writing times) or "07:30" → "07:30"; null when not a time. */
export function parseSlotTime(raw: string): SlotTime | null {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(raw.trim());
  if (!match) return null;
  const text = `${match[1]!.padStart(2, '0')}:${match[2]}`;
  return HHMM.test(text) ? text : null;
}

/**
 * Parses the arguments of /schedule: "instant" (also "instan", "langsung"), "daily 07:30"
 * (also "harian"), or one or more times "07:30 19:00". Slots come back sorted and unique.
 * Throws AppError INVALID_INPUT with a usage line otherwise.
 */
export function parseScheduleCommand(args: string): Schedule {
  const words = args.trim().toLowerCase().split(/[\s,]+/).filter(Boolean);
  if (words.length === 1 && ['instant', 'instan', 'langsung'].includes(words[0]!)) return { mode: 'instant' };
  const times = words[0] === 'daily' || words[0] === 'harian' ? words.slice(1) : words;
  if (times.length === 0) throw new AppError('INVALID_INPUT', `No schedule given. ${SCHEDULE_USAGE}`);
  const slots: string[] = [];
  for (const word of times) {
    const slot = parseSlotTime(word);
    if (!slot) throw new AppError('INVALID_INPUT', `"${word}" is not a time of day. ${SCHEDULE_USAGE}`, { details: { value: word } });
    if (!slots.includes(slot)) slots.push(slot);
  }
  if (slots.length > MAX_SLOTS) throw new AppError('INVALID_INPUT', `At most ${MAX_SLOTS} delivery times a day.`, { details: { count: slots.length } });
  return { mode: 'slots', slots: slots.sort() };
}

/**
 * Parses /quiet arguments: "22:00-06:00" (may cross midnight), or "off" / "none" / "mati" for no
 * quiet hours (null). Throws AppError INVALID_INPUT otherwise.
 */
export function parseQuietHours(args: string): QuietHours | null {
  const text = args.trim().toLowerCase();
  if (['off', 'none', 'mati', 'tidak'].includes(text)) return null;
  const match = /^(\S+)\s*[-–—]\s*(\S+)$/.exec(text);
  const start = match ? parseSlotTime(match[1]!) : null;
  const end = match ? parseSlotTime(match[2]!) : null;
  if (!start || !end) throw new AppError('INVALID_INPUT', 'Quiet hours are written as "/quiet 22:00-06:00" (24-hour times), or "/quiet off".');
  if (start === end) throw new AppError('INVALID_INPUT', 'Quiet hours cannot start and end at the same time.');
  return { start, end };
}

/** Whether `tz` is an IANA time zone name this runtime knows ("Asia/Jakarta", "UTC"). */
export function isValidTimeZone(tz: string): boolean {
  return typeof tz === 'string' && tz.trim() !== '' && IANAZone.isValidZone(tz.trim());
}

/** The canonical spelling of a time zone ("asia/jakarta" → "Asia/Jakarta"), or null if unknown. */
export function normalizeTimeZone(tz: string): string | null {
  if (!isValidTimeZone(tz)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: tz.trim() }).resolvedOptions().timeZone;
}

/** One batched delivery owed to a chat. */
export interface DueSlot {
  /** Unique per local date, slot and zone ("2025-05-06T07:30@Asia/Jakarta"): the outbox's dedupe key. */
  slotKey: string;
  /** The instant the slot's local time occurred. */
  at: Date;
}

/** Input of {@link dueSlots}. */
export interface DueSlotsInput {
  slots: readonly string[];
  timeZone: string;
  /** The `now` of the previous check; null for a schedule that has never been checked. */
  lastRunAt: Date | null;
  now: Date;
}

/**
 * The instant `slot` falls on `date` in `zone`. A time skipped by a DST jump (02:30 on a spring-forward
 * day) moves forward by the jump (03:30); a time that occurs twice (01:30 on a fall-back day) is
 * taken once, at its later occurrence (luxon's rule) — so either way the slot fires exactly once.
 */
function slotInstant(date: DateTime, slot: string): DateTime {
  const [hour, minute] = slot.split(':').map(Number) as [number, number];
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone: date.zone });
}

function keyOf(date: DateTime, slot: string, timeZone: string): string {
  return `${date.toFormat('yyyy-MM-dd')}T${slot}@${timeZone}`;
}

/** The latest occurrence of `slot` at or before `now`, with the local date it belongs to. */
function latestOccurrence(slot: string, timeZone: string, now: DateTime): { date: DateTime; at: DateTime } {
  const today = now.setZone(timeZone).startOf('day');
  const at = slotInstant(today, slot);
  if (at <= now) return { date: today, at };
  const yesterday = today.minus({ days: 1 });
  return { date: yesterday, at: slotInstant(yesterday, slot) };
}

/**
 * The slots whose local time passed in (lastRunAt, now]. A slot missed over several days (the bot
 * was down) is owed once, at its most recent occurrence, not once per missed day. The caller stores
 * `now` as the next `lastRunAt` after every check (due or not); with consecutive checks each slotKey
 * is returned at most once, and the outbox's unique slotKey guards against a crash in between.
 * A never-checked schedule (lastRunAt null) owes nothing: its first slot is the next one to come.
 */
export function dueSlots(input: DueSlotsInput): DueSlot[] {
  if (!input.lastRunAt || !isValidTimeZone(input.timeZone)) return [];
  const now = DateTime.fromJSDate(input.now);
  const last = DateTime.fromJSDate(input.lastRunAt);
  if (now <= last) return [];
  const due: DueSlot[] = [];
  for (const slot of new Set(input.slots)) {
    if (!HHMM.test(slot)) continue;
    const { date, at } = latestOccurrence(slot, input.timeZone, now);
    if (at > last) due.push({ slotKey: keyOf(date, slot, input.timeZone), at: at.toJSDate() });
  }
  return due.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The next instant after `now` at which one of `slots` falls (for sleeping until then), or null if no slots. */
export function nextSlotTime(slots: readonly string[], timeZone: string, now: Date): Date | null {
  if (!isValidTimeZone(timeZone)) return null;
  const current = DateTime.fromJSDate(now);
  let best: DateTime | null = null;
  for (const slot of slots) {
    if (!HHMM.test(slot)) continue;
    const { date } = latestOccurrence(slot, timeZone, current);
    // The next occurrence is on one of the two following local days (a DST shift can push today's past now).
    for (const days of [1, 2]) {
      const at = slotInstant(date.plus({ days }), slot);
      if (at > current) {
        if (!best || at < best) best = at;
        break;
      }
    }
  }
  return best ? best.toJSDate() : null;
}

function minutesOf(slot: string): number {
  const [hour, minute] = slot.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

/** Whether `now` falls inside the quiet hours, read in the chat's time zone. No quiet hours → false. */
export function inQuietHours(quiet: QuietHours | null, timeZone: string, now: Date): boolean {
  if (!quiet || !isValidTimeZone(timeZone)) return false;
  const local = DateTime.fromJSDate(now).setZone(timeZone);
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** `now` when deliveries are allowed, else the instant the current quiet hours end. */
export function nextAllowedTime(quiet: QuietHours | null, timeZone: string, now: Date): Date {
  if (!quiet || !inQuietHours(quiet, timeZone, now)) return now;
  const local = DateTime.fromJSDate(now).setZone(timeZone);
  const today = local.startOf('day');
  const endToday = slotInstant(today, quiet.end);
  const end = endToday > local ? endToday : slotInstant(today.plus({ days: 1 }), quiet.end);
  return end.toJSDate();
}

/** Time zone of chats that never ran /timezone, when the caller does not pass DEFAULT_TIMEZONE. */
export const FALLBACK_TIME_ZONE = 'Asia/Jakarta';
