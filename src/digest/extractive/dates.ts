/** A calendar day without time zone (the article's own calendar). */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** A date found in text, normalised against the article date. */
export interface DateMention {
  /** The words as written ("Selasa", "17 Januari", "May 6, 2025", "yesterday"). */
  text: string;
  start: number;
  end: number;
  /** YYYY-MM-DD. */
  date: string;
  kind: 'weekday' | 'day-month' | 'relative';
}

/** Day names (EN, ID) → 0 = Sunday. */
export const WEEKDAYS: Record<string, number> = {
  minggu: 0, ahad: 0, senin: 1, selasa: 2, rabu: 3, kamis: 4, jumat: 5, "jum'at": 5, sabtu: 6,
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
};

/** Month names and abbreviations (EN, ID) → 1–12. */
export const MONTHS: Record<string, number> = {
  januari: 1, februari: 2, maret: 3, april: 4, mei: 5, juni: 6, juli: 7, agustus: 8, september: 9, oktober: 10, november: 11, desember: 12,
  january: 1, february: 2, march: 3, may: 5, june: 6, july: 7, august: 8, october: 10, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, agu: 8, agt: 8, aug: 8, sep: 9, sept: 9, okt: 10, oct: 10, nov: 11, des: 12, dec: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

export function formatDay(d: CalendarDay): string {
  return `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}`;
}

const toUtc = (d: CalendarDay) => Date.UTC(d.year, d.month - 1, d.day);
const fromUtc = (ms: number): CalendarDay => {
  const x = new Date(ms);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
};
const addDays = (d: CalendarDay, n: number) => fromUtc(toUtc(d) + n * 86_400_000);
const isValid = (d: CalendarDay) => {
  const back = fromUtc(toUtc(d));
  return back.year === d.year && back.month === d.month && back.day === d.day;
};

/**
 * The calendar day of an ISO timestamp as the publisher wrote it: "2025-05-06T23:30:00+07:00" is 6 May,
 * even though it is 5 May in UTC, because day names in the text follow the newsroom's calendar.
 */
export function dayOfIso(iso: string): CalendarDay | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(iso.trim());
  if (m) {
    const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    return isValid(d) ? d : null;
  }
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : fromUtc(t);
}

export function dayOfDate(date: Date): CalendarDay {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** A day/month without a year: the anchor's year, or the year before when that would be after the anchor. */
function inferYear(month: number, day: number, anchor: CalendarDay | null): CalendarDay | null {
  if (!anchor) return null;
  const same = { year: anchor.year, month, day };
  if (!isValid(same)) return null;
  return toUtc(same) > toUtc(anchor) ? { year: anchor.year - 1, month, day } : same;
}

// Days relative to the publication day; parts of today ("this afternoon", "sore ini") are today.
const RELATIVE: Record<string, number> = {
  kemarin: -1, yesterday: -1, 'last night': -1, semalam: -1, 'tadi malam': -1, 'hari ini': 0, today: 0, tonight: 0,
  'this morning': 0, 'this afternoon': 0, 'this evening': 0, 'earlier today': 0, 'pagi ini': 0, 'siang ini': 0,
  'sore ini': 0, 'malam ini': 0, 'pagi tadi': 0, 'siang tadi': 0, besok: 1, tomorrow: 1, lusa: 2,
};
const RELATIVE_WORDS = Object.keys(RELATIVE)
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/ /gu, '\\s+'))
  .join('|');
const WEEKDAY_WORDS = Object.keys(WEEKDAYS).map((w) => w.replace("'", "['’]?")).join('|');
const MONTH_WORDS = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

// Order matters: the fuller forms are tried first at each position.
const DATE_RE = new RegExp(
  [
    // "6 Mei 2025", "17 Januari", "6 May 2025"
    String.raw`(?<dmDay>\d{1,2})\s+(?<dmMonth>${MONTH_WORDS})\.?(?:,?\s+(?<dmYear>\d{4}))?`,
    // "May 6, 2025", "May 6"
    String.raw`(?<mdMonth>${MONTH_WORDS})\.?\s+(?<mdDay>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?<mdYear>\d{4}))?`,
    // "Sabtu (19/11)": Indonesian sites put day/month after the day name.
    // "Senin (16/10/17)", "Minggu waktu setempat (27/11)".
    String.raw`(?<wd>${WEEKDAY_WORDS})(?:(?:\s+waktu\s+setempat)?\s*\(\s*(?<wdDay>\d{1,2})\s*\/\s*(?<wdMonth>\d{1,2})(?:\s*\/\s*(?<wdYear>\d{4}|\d{2}))?\s*\))?`,
    String.raw`(?<rel>${RELATIVE_WORDS})`,
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'giu',
);


/** A date phrase as written, resolved when the text itself or the anchor allows it. */
export interface DatePhrase extends Omit<DateMention, 'date'> {
  /** YYYY-MM-DD, or null when only a publication date could tell (a day name, "17 Januari", "kemarin"). */
  date: string | null;
  /** 0 = Sunday, for a day name. */
  weekday: number | null;
  /** 1–12 and 1–31, for a day and month. */
  month: number | null;
  day: number | null;
}

/**
 * Dates in `text`, resolved against `anchor` (the article's publication day): a day name is the most
 * recent such day on or before the anchor; a day and month without a year take the anchor's year.
 * Phrases that cannot be resolved (no anchor) are left out.
 */
export function findDates(text: string, anchor: CalendarDay | null): DateMention[] {
  return findDatePhrases(text, anchor).flatMap((p) => (p.date === null ? [] : [{ text: p.text, start: p.start, end: p.end, date: p.date, kind: p.kind }]));
}

/** Every date phrase in `text`, including those `findDates` cannot resolve without an anchor. */
export function findDatePhrases(text: string, anchor: CalendarDay | null): DatePhrase[] {
  const out: DatePhrase[] = [];
  for (const m of text.matchAll(DATE_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    // Word boundaries by hand: \b does not know Unicode letters.
    if (/[\p{L}\p{N}]/u.test(text[start - 1] ?? '') || /[\p{L}\p{N}]/u.test(text[end] ?? '')) continue;
    const g = m.groups ?? {};
    let day: CalendarDay | null = null;
    let kind: DateMention['kind'] = 'day-month';
    let weekday: number | null = null;
    let monthDay: { month: number; day: number } | null = null;
    if (g['dmDay'] || g['mdDay']) {
      const month = MONTHS[(g['dmMonth'] ?? g['mdMonth'] ?? '').toLowerCase()];
      const dd = Number(g['dmDay'] ?? g['mdDay']);
      const yearText = g['dmYear'] ?? g['mdYear'];
      if (month === undefined) continue;
      if (yearText && !isValid({ year: Number(yearText), month, day: dd })) continue;
      if (isValid({ year: 2000, month, day: dd })) monthDay = { month, day: dd };
      // "May" alone is also an English modal verb; only "May 6" style forms reach here.
      if (yearText) {
        const d = { year: Number(yearText), month, day: dd };
        day = isValid(d) ? d : null;
      } else {
        day = inferYear(month, dd, anchor);
      }
    } else if (g['wd']) {
      kind = 'weekday';
      if (g['wdDay'] && g['wdMonth']) {
        const month = Number(g['wdMonth']);
        const dd = Number(g['wdDay']);
        const yearText = g['wdYear'];
        const year = yearText ? (yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText)) : null;
        day = year !== null ? (isValid({ year, month, day: dd }) ? { year, month, day: dd } : null) : inferYear(month, dd, anchor);
        if (isValid({ year: 2000, month, day: dd })) monthDay = { month, day: dd };
        kind = 'day-month';
      } else {
        const target = WEEKDAYS[g['wd'].toLowerCase().replace('’', "'")];
        if (target === undefined) continue;
        weekday = target;
      }
      if (kind === 'weekday' && anchor && weekday !== null) {
        const target = weekday;
        const current = new Date(toUtc(anchor)).getUTCDay();
        day = addDays(anchor, -((current - target + 7) % 7));
      }
      // Indonesian day names are capitalised; "minggu" in lower case means "week".
      if (/^minggu$/u.test(g['wd'])) continue;
    } else if (g['rel']) {
      kind = 'relative';
      const offset = RELATIVE[g['rel'].toLowerCase().replace(/\s+/gu, ' ')];
      if (offset !== undefined && anchor) day = addDays(anchor, offset);
    }
    if (day === null && weekday === null && monthDay === null && kind !== 'relative') continue;
    out.push({
      text: m[0],
      start,
      end,
      date: day ? formatDay(day) : null,
      kind,
      weekday,
      month: monthDay?.month ?? null,
      day: monthDay?.day ?? null,
    });
  }
  return out;
}

const WEEKDAY_NAMES = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  id: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
} as const;
const MONTH_NAMES = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
} as const;

/**
 * A date phrase the text alone cannot pin down, said in `language` without inventing a year:
 * "Selasa" → "Tuesday", "17 Januari" → "17 January". null for relative words ("kemarin"), which
 * mean nothing without the publication date.
 */
export function describeUnresolved(phrase: DatePhrase, language: 'en' | 'id'): string | null {
  if (phrase.weekday !== null) return WEEKDAY_NAMES[language][phrase.weekday] ?? null;
  if (phrase.month !== null && phrase.day !== null) {
    const month = MONTH_NAMES[language][phrase.month - 1];
    return month ? `${phrase.day} ${month}` : null;
  }
  return null;
}

