/** Reading the document information dictionary of a PDF: dates, a usable title, the declared language. */

const PDF_DATE = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?/;

/**
 * A PDF date ("D:20250506100000+07'00'", "D:2025", "D:20250506100000Z") as ISO 8601 in UTC, or null when it is
 * malformed or implausible (before 1990 or after 2100, which is what broken producers write).
 */
export function parsePdfDate(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const match = PDF_DATE.exec(raw.trim());
  if (!match) return null;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', , sign, offsetHours = '00', offsetMinutes = '00'] = match;
  const fields = [Number(month), Number(day), Number(hour), Number(minute), Number(second)];
  const [mo, d, h, mi, s] = fields as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(Number(year), mo - 1, d, h, mi, s);
  if (new Date(utc).getUTCDate() !== d) return null; // 31 February
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) : 0;
  const date = new Date(utc - offset * 60_000);
  const yearNumber = date.getUTCFullYear();
  return yearNumber >= 1990 && yearNumber <= 2100 ? date.toISOString() : null;
}

/** Titles that word processors and converters write instead of the document's name. */
const JUNK_TITLE = [
  /^(?:untitled|document\d*|dokumen\d*|title|judul|slide \d+|presentation\d*|microsoft word|pdf)$/i,
  /\.(?:docx?|pdf|odt|rtf|txt|pptx?|xlsx?|indd|qxd)$/i,
  /^[\w-]+_[\w-]+$/, // scan_0001, final_v2
  /^[\w.-]*\d{4,}[\w.-]*$/, // IMG20250506, 1234567
];

/**
 * The Title entry when it names the document: "Microsoft Word - " prefixes are dropped, and file names,
 * placeholders ("Untitled") and titles of one character are ignored.
 */
export function usableTitle(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const title = raw
    .replace(/^microsoft (?:word|powerpoint) - /i, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (title.length < 2 || title.length > 300) return null;
  return JUNK_TITLE.some((pattern) => pattern.test(title)) ? null : title;
}

/** The catalog's /Lang ("en-US", "id") as a two-letter code, when it is one. */
export function languageTag(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = /^([a-z]{2})(?:[-_]|$)/i.exec(raw.trim());
  return match ? (match[1] as string).toLowerCase() : undefined;
}
