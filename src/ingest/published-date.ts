import { DateTime, FixedOffsetZone } from 'luxon';

/**
 * The one reader of publication dates, for feeds and pages alike. One rule for a date written without a zone
 * ("2025-05-06 10:00:00", "6 Mei 2025 17.00"): it is read at the source's default offset, which is WIB
 * (+07:00) when the source declares Indonesian, else UTC (see {@link defaultUtcOffsetMinutes}). Every result
 * is an ISO 8601 UTC instant.
 */

/** WIB, Western Indonesia Time: Indonesian outlets write local times without a zone. */
export const WIB_OFFSET_MINUTES = 7 * 60;

/** The UTC offset assumed for zone-less dates of a source in `language` (a BCP 47 tag or null). */
export function defaultUtcOffsetMinutes(language: string | null | undefined): number {
  const tag = language?.toLowerCase();
  return tag === 'id' || tag?.startsWith('id-') ? WIB_OFFSET_MINUTES : 0;
}

// English and Indonesian month abbreviations (Indonesian: Peb, Mei, Agu/Agt, Okt, Nop, Des).
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, peb: 2, mar: 3, apr: 4, may: 5, mei: 5, jun: 6, jul: 7, aug: 8, agu: 8, agt: 8,
  sep: 9, oct: 10, okt: 10, nov: 11, nop: 11, dec: 12, des: 12,
};

// Named zones seen in feeds; luxon knows IANA names only, not these abbreviations.
const ZONES: Record<string, number> = {
  GMT: 0, UT: 0, UTC: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360,
  PST: -480, PDT: -420, BST: 60, CET: 60, CEST: 120, WIB: 420, WITA: 480, WIT: 540, JST: 540, SGT: 480,
};

// "2025-05-06T10:00:00.123+07:00", "2025-05-06 10:00", "2025/5/3".
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?$/i;
// "Tue, 06 May 2025 10:00:00 +0700", "Sen, 06 Mei 2025 10:00 WIB", "6 Agustus 2025 09:15:00 GMT".
const RFC822_DATE = /^(?:[\p{L}.]+,?\s+)?(\d{1,2})[\s-]+([\p{L}]{3,})\.?[\s-]+(\d{2}|\d{4})(?:[\s,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?\s*([A-Z]{1,4}|[+-]\d{2}:?\d{2})?$/iu;
const EPOCH = /^\d{10}(?:\d{3})?$/;
const MAX_DATE_CHARS = 64;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  zone: string | undefined;
}

/**
 * A publication date as an ISO UTC instant, or null: RFC 822 (English and Indonesian day and month names,
 * named zones), ISO 8601 with or without zone or "T", Unix seconds or milliseconds, and other zoned forms
 * Date understands. Years outside 1970–2100 and days a month lacks are null. Never throws.
 */
export function parsePublishedDate(raw: string | number | null | undefined, defaultOffsetMinutes = 0): string | null {
  if (typeof raw === 'number') return fromMillis(raw < 1e11 ? raw * 1000 : raw);
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!text || text.length > MAX_DATE_CHARS) return null;
  if (EPOCH.test(text)) return fromMillis(text.length === 10 ? Number(text) * 1000 : Number(text));
  const parts = isoParts(text) ?? rfc822Parts(text);
  if (parts) return fromParts(parts, defaultOffsetMinutes);
  // Zoned forms Date understands ("Tue May 13 2025 14:05:00 GMT+0700"); a zone-less one would be read in the host's zone.
  if (/\d{4}/.test(text) && /[+-]\d{4}|GMT|UTC|Z\b/.test(text)) return fromMillis(Date.parse(text));
  return null;
}

function isoParts(text: string): DateParts | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0), zone: m[7] };
}

function rfc822Parts(text: string): DateParts | null {
  const m = RFC822_DATE.exec(text);
  const month = m ? MONTHS[m[2]!.slice(0, 3).toLowerCase()] : undefined;
  if (!m || !month) return null;
  let year = +m[3]!;
  if (m[3]!.length === 2) year += year < 70 ? 2000 : 1900;
  return { year, month, day: +m[1]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0), zone: m[7] };
}

function fromParts({ zone, second, ...parts }: DateParts, defaultOffsetMinutes: number): string | null {
  const offset = zoneOffset(zone, defaultOffsetMinutes);
  // A leap second (":60") is read as :59; luxon rejects days the month does not have.
  const date = DateTime.fromObject({ ...parts, second: Math.min(second, 59) }, { zone: FixedOffsetZone.instance(offset) });
  return date.isValid && second <= 60 ? plausible(date.toUTC()) : null;
}

function fromMillis(millis: number): string | null {
  return Number.isFinite(millis) ? plausible(DateTime.fromMillis(millis, { zone: 'utc' })) : null;
}

function plausible(date: DateTime): string | null {
  return date.isValid && date.year >= 1970 && date.year <= 2100 ? date.toISO({ suppressMilliseconds: false }) : null;
}

function zoneOffset(zone: string | undefined, fallback: number): number {
  if (!zone) return fallback;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const minutes = +numeric[2]! * 60 + +(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toUpperCase()] ?? fallback;
}
