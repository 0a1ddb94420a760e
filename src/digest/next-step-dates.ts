import { DateTime } from 'luxon';

import { MONTHS, WEEKDAYS } from './extractive/dates.js';
import type { Digest, EvidencedItem } from './schema.js';

/** When an announced next step is due: the day a "Remind me" reminder fires. */
export interface NextStepDate {
  /** YYYY-MM-DD in the chat's time zone. */
  date: string;
  /** How much the text said: a day ("12 June", "tomorrow"), a week ("next week") or a month ("in July"). */
  precision: 'day' | 'week' | 'month';
  /** The words of the evidence that gave the date, as written. */
  phrase: string;
}

/** What a next step's date is resolved against. */
export interface NextStepDateContext {
  /** The article's publication instant (ISO 8601); null when the page does not say. */
  articleDate: string | null;
  /** The chat's IANA time zone: the article's calendar day is taken there. */
  timeZone: string;
  /** The evidence's language ("en", "id"); phrases of both are tried for any other value. */
  language: string;
}

type Precision = NextStepDate['precision'];
type Anchor = DateTime | null;
interface Resolved {
  day: DateTime;
  precision: Precision;
}
interface Rule {
  languages: readonly ('en' | 'id')[];
  pattern: string;
  /** null when the phrase needs the article date and there is none, or names an impossible day. */
  resolve: (groups: Record<string, string | undefined>, anchor: Anchor) => Resolved | null;
}

const keysOf = (map: Record<string, number>) => Object.keys(map).sort((a, b) => b.length - a.length).join('|');
const MONTH = `(?:${keysOf(MONTHS)})`;
const WEEKDAY = `(?:${keysOf(WEEKDAYS).replace("'", "['’]?")})`;
const COUNTS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9, sepuluh: 10,
};
const count = (name: string) => `(?<${name}>\\d{1,2}|${keysOf(COUNTS)})`;
// "early July" is the 1st, "mid-July" the 15th, "late July" and "the end of July" the 21st (a reminder
// ahead of a deadline): a month-precision day inside the month.
const PART_DAY: Record<string, number> = {
  early: 1, 'beginning of': 1, 'start of': 1, mid: 15, 'middle of': 15, late: 21, 'end of': 21,
  awal: 1, pertengahan: 15, medio: 15, akhir: 21,
};

// Month names are capitalised in news text of both languages; "this may help" is not about May.
const monthOf = (name: string | undefined) => (/^\p{Lu}/u.test(name ?? '') ? MONTHS[(name ?? '').toLowerCase()] : undefined);
const weekdayOf = (name: string | undefined) => WEEKDAYS[(name ?? '').toLowerCase().replace('’', "'")];
const isoWeekday = (sundayZero: number) => (sundayZero === 0 ? 7 : sundayZero);

/** A day and month, with the year given or inferred (see {@link resolveNextStepDate}). */
function dayMonth(anchor: Anchor, dayText: string | undefined, monthText: string | undefined, yearText: string | undefined): Resolved | null {
  const month = monthOf(monthText);
  const day = Number(dayText);
  if (month === undefined) return null;
  if (yearText) return valid(DateTime.fromObject({ year: Number(yearText), month, day }, { zone: anchor?.zone ?? 'UTC' }), 'day');
  if (!anchor) return null;
  let candidate = DateTime.fromObject({ year: anchor.year, month, day }, { zone: anchor.zone });
  // "2 January" in a late-December article is next year; "3 May" in a 6 May article happened already.
  if (candidate.isValid && candidate < anchor.startOf('day') && anchor.diff(candidate, 'days').days > 183) candidate = candidate.plus({ years: 1 });
  return valid(candidate, 'day');
}

/** A month alone: the next such month after the article's own month. */
function monthAlone(anchor: Anchor, monthText: string | undefined, yearText: string | undefined, part: string | undefined): Resolved | null {
  const month = monthOf(monthText);
  if (month === undefined) return null;
  const day = PART_DAY[(part ?? '').toLowerCase().replace(/-$/u, '').replace(/^the\s+/u, '').replace(/\s+/gu, ' ')] ?? 1;
  if (yearText) return valid(DateTime.fromObject({ year: Number(yearText), month, day }, { zone: anchor?.zone ?? 'UTC' }), 'month');
  if (!anchor) return null;
  const year = month >= anchor.month ? anchor.year : anchor.year + 1;
  return valid(DateTime.fromObject({ year, month, day }, { zone: anchor.zone }), 'month');
}

/**
 * The first such weekday after the article day ("next Friday"), that weekday in the week after the
 * article's week ("Friday next week"), or — for "this Friday" — the article day itself when it is one
 * (then no reminder: the day is not after the article).
 */
function weekday(anchor: Anchor, name: string | undefined, inNextWeek: boolean, thisWeek = false): Resolved | null {
  const target = weekdayOf(name);
  if (!anchor || target === undefined) return null;
  const iso = isoWeekday(target);
  if (inNextWeek) return { day: anchor.startOf('week').plus({ weeks: 1 }).set({ weekday: iso as 1 }), precision: 'day' };
  const ahead = thisWeek ? (iso - anchor.weekday + 7) % 7 : ((iso - anchor.weekday + 6) % 7) + 1;
  return { day: anchor.plus({ days: ahead }), precision: 'day' };
}

function valid(day: DateTime, precision: Precision): Resolved | null {
  return day.isValid ? { day, precision } : null;
}

const relative = (days: number) => (_: Record<string, string | undefined>, anchor: Anchor) => (anchor ? { day: anchor.plus({ days }), precision: 'day' as const } : null);
const nextWeek = (_: Record<string, string | undefined>, anchor: Anchor) => (anchor ? { day: anchor.startOf('week').plus({ weeks: 1 }), precision: 'week' as const } : null);
const nextMonth = (_: Record<string, string | undefined>, anchor: Anchor) => (anchor ? { day: anchor.startOf('month').plus({ months: 1 }), precision: 'month' as const } : null);

function inSpan(countText: string | undefined, unitText: string | undefined, anchor: Anchor): Resolved | null {
  const count = /^\d+$/u.test(countText ?? '') ? Number(countText) : COUNTS[(countText ?? '').toLowerCase()];
  const unit = (unitText ?? '').toLowerCase();
  if (!anchor || !count) return null;
  if (/^(?:day|hari)/u.test(unit)) return { day: anchor.plus({ days: count }), precision: 'day' };
  if (/^(?:week|pekan|minggu)/u.test(unit)) return { day: anchor.plus({ weeks: count }), precision: 'week' };
  return { day: anchor.plus({ months: count }), precision: 'month' };
}

// Fuller forms first: at one position the first alternative that matches wins.
const RULES: readonly Rule[] = [
  // "12 June 2026", "on the 12th of June", "pada 17 Agustus", "tanggal 17 Agustus 2026"
  { languages: ['en', 'id'], pattern: `(?<d1>\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?<m1>${MONTH})\\.?(?:,?\\s+(?<y1>\\d{4}))?`, resolve: (g, a) => dayMonth(a, g['d1'], g['m1'], g['y1']) },
  // "June 12th", "June 12, 2026"
  { languages: ['en'], pattern: `(?<m2>${MONTH})\\.?\\s+(?<d2>\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(?<y2>\\d{4}))?`, resolve: (g, a) => dayMonth(a, g['d2'], g['m2'], g['y2']) },
  // "Tuesday next week", "Selasa pekan depan"
  { languages: ['en'], pattern: `(?<wd1>${WEEKDAY})\\s+(?:of\\s+)?next\\s+week`, resolve: (g, a) => weekday(a, g['wd1'], true) },
  { languages: ['id'], pattern: `(?:hari\\s+)?(?<wd2>${WEEKDAY})\\s+(?:pekan|minggu)\\s+(?:depan|mendatang)`, resolve: (g, a) => weekday(a, g['wd2'], true) },
  // "next Tuesday", "this Friday", "Selasa depan", "Jumat mendatang"
  { languages: ['en'], pattern: `(?<mod3>next|this(?:\\s+coming)?|coming)\\s+(?<wd3>${WEEKDAY})`, resolve: (g, a) => weekday(a, g['wd3'], false, g['mod3']?.toLowerCase() === 'this') },
  // Lower-case "minggu depan" is "next week", capitalised "Minggu depan" is "next Sunday".
  { languages: ['id'], pattern: `(?:hari\\s+)?(?<wd4>${WEEKDAY})\\s+(?<mod4>depan|mendatang|ini)`, resolve: (g, a) => (g['wd4'] === 'minggu' ? nextWeek(g, a) : weekday(a, g['wd4'], false, g['mod4']?.toLowerCase() === 'ini')) },
  // "in July", "in early July", "in mid-July 2026", "this July", "next July", "July 2026"
  {
    languages: ['en'],
    pattern: `(?:(?:in|during|this|next|by)\\s+(?:(?<p1>early|mid-?|late|(?:the\\s+)?(?:beginning|start|middle|end)\\s+of)\\s*)?(?<m3>${MONTH})(?:\\s+(?<y3>\\d{4}))?|(?<m4>${MONTH})\\s+(?<y4>\\d{4}))`,
    resolve: (g, a) => monthAlone(a, g['m3'] ?? g['m4'], g['y3'] ?? g['y4'], g['p1']),
  },
  // "pada bulan Juli", "bulan Juli", "awal Juli", "Juli mendatang", "Juli 2026"
  {
    languages: ['id'],
    pattern: `(?:(?:pada\\s+)?(?:bulan|(?<p2>awal|pertengahan|medio|akhir))(?:\\s+bulan)?\\s+(?<m5>${MONTH})(?:\\s+(?<y5>\\d{4}))?|(?<m6>${MONTH})\\s+(?:mendatang|nanti|depan|(?<y6>\\d{4})))`,
    resolve: (g, a) => monthAlone(a, g['m5'] ?? g['m6'], g['y5'] ?? g['y6'], g['p2']),
  },
  { languages: ['en'], pattern: 'the\\s+day\\s+after\\s+tomorrow', resolve: relative(2) },
  { languages: ['en'], pattern: 'tomorrow', resolve: relative(1) },
  { languages: ['id'], pattern: 'besok\\s+lusa|lusa', resolve: relative(2) },
  { languages: ['id'], pattern: 'besok|esok(?:\\s+hari)?', resolve: relative(1) },
  { languages: ['en'], pattern: 'next\\s+week|the\\s+coming\\s+week|the\\s+week\\s+after\\s+this', resolve: nextWeek },
  { languages: ['id'], pattern: '(?:pekan|minggu)\\s+(?:depan|mendatang)', resolve: nextWeek },
  { languages: ['en'], pattern: 'next\\s+month|the\\s+coming\\s+month', resolve: nextMonth },
  { languages: ['id'], pattern: 'bulan\\s+(?:depan|mendatang)', resolve: nextMonth },
  // "in two weeks", "in 10 days' time", "dalam dua pekan", "tiga hari lagi", "sepekan lagi"
  { languages: ['en'], pattern: `(?:in|within)\\s+${count('cEn')}\\s+(?<uEn>days?|weeks?|months?)`, resolve: (g, a) => inSpan(g['cEn'], g['uEn'], a) },
  { languages: ['id'], pattern: `(?:dalam\\s+(?:waktu\\s+)?)?${count('cId')}\\s+(?<uId>hari|pekan|minggu|bulan)\\s+(?:lagi|ke\\s+depan|mendatang)|dalam\\s+(?:waktu\\s+)?${count('cId2')}\\s+(?<uId2>hari|pekan|minggu|bulan)`, resolve: (g, a) => inSpan(g['cId'] ?? g['cId2'], g['uId'] ?? g['uId2'], a) },
  // "sepekan lagi": the count and the unit in one word.
  { languages: ['id'], pattern: '(?<se>se(?:minggu|pekan|bulan|hari))\\s+(?:lagi|ke\\s+depan|mendatang)', resolve: (g, a) => inSpan('1', g['se']?.slice(2), a) },
];

function compile(languages: readonly string[]): { re: RegExp; rules: Rule[] } {
  const rules = RULES.filter((rule) => rule.languages.some((l) => languages.includes(l)));
  // Group names must be unique across alternatives: each rule's groups are already distinct.
  const re = new RegExp(rules.map((rule, i) => `(?<r${i}>${rule.pattern})`).join('|'), 'giu');
  return { re, rules };
}
const COMPILED = { en: compile(['en']), id: compile(['id']), any: compile(['en', 'id']) };

const PRECISION_RANK: Record<Precision, number> = { day: 0, week: 1, month: 2 };

/**
 * The date a next step's evidence announces, resolved against the article's calendar day in the
 * chat's time zone; null when there is none worth a reminder. Rules (EN and ID):
 * - "12 June", "June 12th", "pada 17 Agustus": that day; without a year, the article's year, or the next
 *   year when that day is more than half a year behind the article ("2 January" in late December).
 * - "next week"/"pekan depan" → Monday of next week; "next month"/"bulan depan" → the 1st of next month;
 *   "in July"/"pada bulan Juli" → 1 July of the next July after the article's month ("early/mid/late" → 1st/15th/21st).
 * - "tomorrow"/"besok", "next Tuesday"/"Selasa depan" (the first Tuesday after the article day),
 *   "Tuesday next week"/"Selasa pekan depan" (Tuesday of next week), "in two weeks"/"dua pekan lagi".
 * - Only days after the article day count: a date on or before it reports what happened ("on 3 May" in a
 *   6 May article), and "in July" said in July is already under way — null, not an invented day.
 * - Vague phrases ("soon", "later this month", "segera", "dalam waktu dekat") are not dates: null; nor is
 *   a bare day name ("on Monday"), which in news copy mostly dates what was said ("said on Monday").
 * - Without an article date only a full date with a year resolves, unchecked against the past: the
 *   caller passes the time the item was fetched as `articleDate` where it can, and drops past days.
 * When several phrases resolve, the most precise wins, then the first in the text.
 */
export function resolveNextStepDate(evidence: string, context: NextStepDateContext): NextStepDate | null {
  const anchor = context.articleDate ? DateTime.fromISO(context.articleDate, { zone: context.timeZone }) : null;
  if (anchor && !anchor.isValid) return resolveNextStepDate(evidence, { ...context, articleDate: null });
  const language = context.language.toLowerCase().split(/[-_]/u)[0];
  const { re, rules } = language === 'en' || language === 'id' ? COMPILED[language] : COMPILED.any;
  let best: { resolved: Resolved; phrase: string } | null = null;
  for (const match of evidence.matchAll(re)) {
    const start = match.index;
    const end = start + match[0].length;
    // Word boundaries by hand: \b does not know Unicode letters.
    if (/[\p{L}\p{N}]/u.test(evidence[start - 1] ?? '') || /[\p{L}\p{N}]/u.test(evidence[end] ?? '')) continue;
    const groups = match.groups ?? {};
    const rule = rules.find((_, i) => groups[`r${i}`] !== undefined);
    const resolved = rule?.resolve(groups, anchor);
    if (!resolved) continue;
    if (anchor && resolved.day.startOf('day') <= anchor.startOf('day')) continue;
    if (!best || PRECISION_RANK[resolved.precision] < PRECISION_RANK[best.resolved.precision]) best = { resolved, phrase: match[0] };
  }
  if (!best) return null;
  return { date: best.resolved.day.toISODate() as string, precision: best.resolved.precision, phrase: best.phrase.replace(/\s+/gu, ' ').replace(/\.$/u, '') };
}

/** A next step of a digest with the day it comes due. */
export interface DatedNextStep {
  step: EvidencedItem;
  due: NextStepDate;
}

/**
 * The next steps of `digest` that get a "Remind me" button: those whose verbatim evidence resolves to a
 * day (against the article's publication date, in the chat's time zone). The model-written `text` is
 * not read: a date the quote does not carry is not reminded of.
 */
export function datedNextSteps(digest: Pick<Digest, 'nextSteps' | 'source'>, timeZone: string): DatedNextStep[] {
  const context = { articleDate: digest.source.publishedAt, timeZone, language: digest.source.language };
  return digest.nextSteps.flatMap((step) => {
    const due = resolveNextStepDate(step.evidence, context);
    return due ? [{ step, due }] : [];
  });
}
