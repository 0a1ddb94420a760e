import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import {
  dueSlots,
  inQuietHours,
  isValidTimeZone,
  nextAllowedTime,
  nextSlotTime,
  normalizeTimeZone,
  parseQuietHours,
  parseScheduleCommand,
  ScheduleSchema,
  type DueSlot,
} from '../../src/subscriptions/schedule.js';

const at = (iso: string) => new Date(iso);

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/**
 * A controllable clock that checks every `stepMinutes` like the scheduler loop does, storing `now`
 * as lastRunAt after each check, and collects what fired.
 */
function runClock(options: { slots: string[]; timeZone: string; from: string; to: string; stepMinutes: number; lastRunAt?: string | null }): DueSlot[] {
  const fired: DueSlot[] = [];
  let lastRunAt: Date | null = options.lastRunAt === undefined ? at(options.from) : options.lastRunAt === null ? null : at(options.lastRunAt);
  for (let t = Date.parse(options.from); t <= Date.parse(options.to); t += options.stepMinutes * 60_000) {
    const now = new Date(t);
    fired.push(...dueSlots({ slots: options.slots, timeZone: options.timeZone, lastRunAt, now }));
    lastRunAt = now;
  }
  return fired;
}

describe('parseScheduleCommand', () => {
  it('reads instant, daily and multiple-slot schedules', () => {
    expect(parseScheduleCommand('instant')).toEqual({ mode: 'instant' });
    expect(parseScheduleCommand(' Instan ')).toEqual({ mode: 'instant' });
    expect(parseScheduleCommand('daily 07:30')).toEqual({ mode: 'slots', slots: ['07:30'] });
    expect(parseScheduleCommand('harian 7.30')).toEqual({ mode: 'slots', slots: ['07:30'] });
    expect(parseScheduleCommand('19:00 07:30 19:00')).toEqual({ mode: 'slots', slots: ['07:30', '19:00'] });
    expect(ScheduleSchema.parse(parseScheduleCommand('07:30, 12:00'))).toEqual({ mode: 'slots', slots: ['07:30', '12:00'] });
  });

  it('refuses anything else with INVALID_INPUT and a usage line', () => {
    for (const bad of ['', 'daily', 'weekly 07:30', '24:00', '7:3', '25:61', 'instant 07:30', 'now']) {
      const error = errorOf(() => parseScheduleCommand(bad));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain('/schedule daily 07:30');
    }
    const tooMany = Array.from({ length: 13 }, (_, i) => `${String(i).padStart(2, '0')}:00`).join(' ');
    expect(errorOf(() => parseScheduleCommand(tooMany)).message).toContain('At most 12');
  });
});

describe('parseQuietHours', () => {
  it('reads a window, including one that crosses midnight, and "off"', () => {
    expect(parseQuietHours('22:00-06:00')).toEqual({ start: '22:00', end: '06:00' });
    expect(parseQuietHours('13.00 – 14.30')).toEqual({ start: '13:00', end: '14:30' });
    expect(parseQuietHours('off')).toBeNull();
    expect(parseQuietHours('mati')).toBeNull();
  });

  it('refuses malformed or empty windows', () => {
    for (const bad of ['22:00', '22:00-', '22-06', '22:00-22:00', '22:00-06:00-07:00', 'tonight']) {
      expect(errorOf(() => parseQuietHours(bad)).code).toBe('INVALID_INPUT');
    }
  });
});

describe('time zones', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isValidTimeZone('Asia/Jakarta')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('WIB')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(normalizeTimeZone('asia/jakarta')).toBe('Asia/Jakarta');
    expect(normalizeTimeZone('Nowhere/City')).toBeNull();
  });
});

describe('dueSlots', () => {
  it('fires a 07:30 WIB slot exactly once when checked every minute through the day', () => {
    const fired = runClock({ slots: ['07:30'], timeZone: 'Asia/Jakarta', from: '2025-05-05T17:00:00Z', to: '2025-05-06T16:59:00Z', stepMinutes: 1 });
    expect(fired).toEqual([{ slotKey: '2025-05-06T07:30@Asia/Jakarta', at: at('2025-05-06T00:30:00Z') }]);
  });

  it('fires each of several slots once a day', () => {
    const fired = runClock({ slots: ['07:30', '19:00'], timeZone: 'Asia/Jakarta', from: '2025-05-05T17:00:00Z', to: '2025-05-07T16:59:00Z', stepMinutes: 7 });
    expect(fired.map((slot) => slot.slotKey)).toEqual([
      '2025-05-06T07:30@Asia/Jakarta',
      '2025-05-06T19:00@Asia/Jakarta',
      '2025-05-07T07:30@Asia/Jakarta',
      '2025-05-07T19:00@Asia/Jakarta',
    ]);
  });

  it('owes a slot missed while the bot was down for days once, at its latest occurrence', () => {
    const due = dueSlots({ slots: ['07:30'], timeZone: 'Asia/Jakarta', lastRunAt: at('2025-05-03T12:00:00Z'), now: at('2025-05-06T05:00:00Z') });
    expect(due).toEqual([{ slotKey: '2025-05-06T07:30@Asia/Jakarta', at: at('2025-05-06T00:30:00Z') }]);
    // The restart's check becomes lastRunAt: the next check owes nothing more.
    expect(dueSlots({ slots: ['07:30'], timeZone: 'Asia/Jakarta', lastRunAt: at('2025-05-06T05:00:00Z'), now: at('2025-05-06T05:01:00Z') })).toEqual([]);
  });

  it('owes yesterday’s slot after a restart before today’s slot time', () => {
    const due = dueSlots({ slots: ['07:30', '19:00'], timeZone: 'Asia/Jakarta', lastRunAt: at('2025-05-05T10:00:00Z'), now: at('2025-05-05T23:00:00Z') });
    expect(due.map((slot) => slot.slotKey)).toEqual(['2025-05-05T19:00@Asia/Jakarta']);
  });

  it('owes nothing to a schedule that has never been checked, and nothing when the clock goes backwards', () => {
    expect(dueSlots({ slots: ['07:30'], timeZone: 'Asia/Jakarta', lastRunAt: null, now: at('2025-05-06T05:00:00Z') })).toEqual([]);
    expect(dueSlots({ slots: ['07:30'], timeZone: 'Asia/Jakarta', lastRunAt: at('2025-05-06T05:00:00Z'), now: at('2025-05-06T04:00:00Z') })).toEqual([]);
    expect(dueSlots({ slots: ['07:30'], timeZone: 'Not/AZone', lastRunAt: at('2025-05-05T00:00:00Z'), now: at('2025-05-06T05:00:00Z') })).toEqual([]);
  });

  it('fires a 02:30 slot that does not exist on the Berlin spring-forward day once, at 03:30 CEST', () => {
    const fired = runClock({ slots: ['02:30'], timeZone: 'Europe/Berlin', from: '2025-03-29T12:00:00Z', to: '2025-03-31T12:00:00Z', stepMinutes: 5 });
    expect(fired).toEqual([
      { slotKey: '2025-03-30T02:30@Europe/Berlin', at: at('2025-03-30T01:30:00Z') },
      { slotKey: '2025-03-31T02:30@Europe/Berlin', at: at('2025-03-31T00:30:00Z') },
    ]);
  });

  it('fires a 01:30 slot that occurs twice on the New York fall-back day once', () => {
    const fired = runClock({ slots: ['01:30'], timeZone: 'America/New_York', from: '2025-11-01T12:00:00Z', to: '2025-11-03T12:00:00Z', stepMinutes: 5 });
    expect(fired.map((slot) => slot.slotKey)).toEqual(['2025-11-02T01:30@America/New_York', '2025-11-03T01:30@America/New_York']);
    expect(fired[0]?.at).toEqual(at('2025-11-02T06:30:00Z'));
  });

  it('fires a 02:30 slot that does not exist on the New York spring-forward day once', () => {
    const fired = runClock({ slots: ['02:30'], timeZone: 'America/New_York', from: '2025-03-08T12:00:00Z', to: '2025-03-09T23:00:00Z', stepMinutes: 3 });
    expect(fired).toEqual([{ slotKey: '2025-03-09T02:30@America/New_York', at: at('2025-03-09T07:30:00Z') }]);
  });

  it('fires the twice-occurring 02:30 slot once on the Berlin fall-back day even when checked every minute', () => {
    const fired = runClock({ slots: ['01:30', '02:30'], timeZone: 'Europe/Berlin', from: '2025-10-25T20:00:00Z', to: '2025-10-26T06:00:00Z', stepMinutes: 1 });
    expect(fired.map((slot) => slot.slotKey)).toEqual(['2025-10-26T01:30@Europe/Berlin', '2025-10-26T02:30@Europe/Berlin']);
  });
});

describe('nextSlotTime', () => {
  it('gives the next local slot instant, rolling over to tomorrow', () => {
    expect(nextSlotTime(['07:30', '19:00'], 'Asia/Jakarta', at('2025-05-06T05:00:00Z'))).toEqual(at('2025-05-06T12:00:00Z'));
    expect(nextSlotTime(['07:30', '19:00'], 'Asia/Jakarta', at('2025-05-06T12:00:00Z'))).toEqual(at('2025-05-07T00:30:00Z'));
    expect(nextSlotTime([], 'Asia/Jakarta', at('2025-05-06T05:00:00Z'))).toBeNull();
  });
});

describe('quiet hours', () => {
  const night = { start: '22:00', end: '06:00' };
  const lunch = { start: '12:00', end: '13:00' };

  it('tells whether a moment is inside quiet hours in the chat’s zone, across midnight', () => {
    expect(inQuietHours(night, 'Asia/Jakarta', at('2025-05-06T15:30:00Z'))).toBe(true); // 22:30 WIB
    expect(inQuietHours(night, 'Asia/Jakarta', at('2025-05-05T22:59:00Z'))).toBe(true); // 05:59 WIB
    expect(inQuietHours(night, 'Asia/Jakarta', at('2025-05-05T23:00:00Z'))).toBe(false); // 06:00 WIB
    expect(inQuietHours(night, 'Asia/Jakarta', at('2025-05-06T14:59:00Z'))).toBe(false); // 21:59 WIB
    expect(inQuietHours(lunch, 'Asia/Jakarta', at('2025-05-06T05:30:00Z'))).toBe(true); // 12:30 WIB
    expect(inQuietHours(lunch, 'Asia/Jakarta', at('2025-05-06T06:00:00Z'))).toBe(false); // 13:00 WIB
    expect(inQuietHours(null, 'Asia/Jakarta', at('2025-05-06T15:30:00Z'))).toBe(false);
  });

  it('gives the end of the current quiet hours as the next allowed time', () => {
    expect(nextAllowedTime(night, 'Asia/Jakarta', at('2025-05-06T15:30:00Z'))).toEqual(at('2025-05-06T23:00:00Z'));
    expect(nextAllowedTime(night, 'Asia/Jakarta', at('2025-05-05T20:00:00Z'))).toEqual(at('2025-05-05T23:00:00Z'));
    expect(nextAllowedTime(lunch, 'Asia/Jakarta', at('2025-05-06T05:30:00Z'))).toEqual(at('2025-05-06T06:00:00Z'));
    const outside = at('2025-05-06T08:00:00Z');
    expect(nextAllowedTime(night, 'Asia/Jakarta', outside)).toBe(outside);
  });

  it('ends quiet hours at the local end time across a DST change', () => {
    // 23:00 CET on 29 March → quiet until 06:00 CEST on 30 March (04:00Z, after the spring-forward).
    expect(nextAllowedTime(night, 'Europe/Berlin', at('2025-03-29T22:00:00Z'))).toEqual(at('2025-03-30T04:00:00Z'));
  });
});
