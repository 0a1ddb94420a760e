/**
 * Turns the positioned text runs pdf.js reports into readable paragraphs: lines from runs, running
 * headers/footers and page numbers removed, paragraphs rebuilt from vertical gaps, hyphenated line ends joined.
 * Pure functions, no pdf.js here, so the rules can be tested on hand-made runs.
 */

/** One text run as pdf.js reports it (a `TextItem`), reduced to what layout needs. Coordinates: origin bottom-left. */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  /** Width in page units. */
  width: number;
  fontSize: number;
  /** pdf.js marks the run after which the content stream moved to a new line. */
  hasEOL: boolean;
}

/** A visual line: runs on the same baseline joined in content order. */
export interface PdfLine {
  text: string;
  x: number;
  y: number;
  /** Largest font size on the line. */
  fontSize: number;
  /** Right edge of the last run. */
  right: number;
}

/** One page as lines in reading (content-stream) order. */
export interface PdfPage {
  lines: PdfLine[];
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Groups runs into lines: a new line starts after an end-of-line mark or when the baseline moves. */
export function linesOf(runs: readonly TextRun[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | null = null;
  let breakPending = false;
  for (const run of runs) {
    const size = run.fontSize > 0 ? run.fontSize : 10;
    if (run.str.length > 0) {
      const sameBaseline = current !== null && Math.abs(current.y - run.y) <= Math.max(current.fontSize, size) * 0.5;
      if (current === null || breakPending || !sameBaseline) {
        current = { text: run.str, x: run.x, y: run.y, fontSize: size, right: run.x + run.width };
        lines.push(current);
      } else {
        // A visible gap between runs is a word space when the strings do not carry one themselves.
        const gap = run.x - current.right;
        const spaced = /\s$/.test(current.text) || /^\s/.test(run.str);
        current.text += !spaced && gap > size * 0.15 ? ` ${run.str}` : run.str;
        current.fontSize = Math.max(current.fontSize, size);
        current.right = Math.max(current.right, run.x + run.width);
      }
      breakPending = false;
    }
    if (run.hasEOL) breakPending = true;
  }
  return lines.map((line) => ({ ...line, text: squash(line.text) })).filter((line) => line.text.length > 0);
}

const PAGE_NUMBER = [
  /^(?:page|hal(?:aman|\.)?|p\.)\s*\d{1,4}(?:\s*(?:of|dari|\/)\s*\d{1,4})?$/i,
  /^[-–—]?\s*\d{1,3}\s*[-–—]?$/, // not four digits: a year alone is not a page number
  /^\d{1,4}\s*(?:\/|of|dari)\s*\d{1,4}$/i,
  /^[-–—]?\s*[ivxlc]{1,6}\s*[-–—]?$/i,
];

/** "Page 3 of 20", "Halaman 3", "- 3 -", "3/20", "iv": a line that is only a page number. */
export function isPageNumber(line: string): boolean {
  const text = squash(line);
  return PAGE_NUMBER.some((pattern) => pattern.test(text));
}

/** "2.1 ASN.1 syntax . . . . . . 2": a table-of-contents entry with dot leaders, no use to a summary. */
export function isContentsEntry(line: string): boolean {
  return /(?:\.\s?){5,}\s*(?:\d{1,4}|[ivxlc]{1,6})$/i.test(line);
}

/** Lines compared across pages with digits blanked, so "Statement · 6 May · page 2" matches its page-3 twin. */
const runningKey = (text: string) => squash(text).toLowerCase().replace(/\d+/g, '#');

/** How many lines at each edge of a page count as the header/footer band. */
const EDGE_LINES = 3;

function edgeLines(page: PdfPage): Set<PdfLine> {
  const byHeight = [...page.lines].sort((a, b) => b.y - a.y);
  return new Set([...byHeight.slice(0, EDGE_LINES), ...byHeight.slice(-EDGE_LINES)]);
}

const charsOf = (pages: readonly PdfPage[]) => pages.reduce((sum, page) => sum + page.lines.reduce((n, line) => n + line.text.length, 0), 0);

/**
 * Removes running headers and footers: a line in the top or bottom band that recurs (digits ignored) on most
 * pages (at least 2, and 60 % of them), any line in those bands that is only a page number, and table-of-contents
 * entries. When that would remove nearly all the text (pages that are all the same line), only the page numbers
 * and contents entries go.
 */
export function stripRunningLines(pages: readonly PdfPage[]): PdfPage[] {
  const edges = pages.map(edgeLines);
  const seenOn = new Map<string, number>();
  for (const band of edges) {
    for (const key of new Set([...band].map((line) => runningKey(line.text)))) seenOn.set(key, (seenOn.get(key) ?? 0) + 1);
  }
  const needed = Math.max(2, Math.ceil(pages.length * 0.6));
  const strip = (dropRepeated: boolean) =>
    pages.map((page, index) => {
      const band = edges[index] as Set<PdfLine>;
      const lines = page.lines.filter((line) => {
        if (isContentsEntry(line.text)) return false;
        if (!band.has(line)) return true;
        if (isPageNumber(line.text)) return false;
        return !dropRepeated || pages.length < 2 || (seenOn.get(runningKey(line.text)) ?? 0) < needed;
      });
      return { lines };
    });
  const stripped = strip(true);
  return charsOf(stripped) >= charsOf(pages) * 0.1 ? stripped : strip(false);
}

const HYPHEN_END = /(\p{L}+)[-\u2010]$/u;
const SENTENCE_END = /[.!?:;…"”’)\]]$/;

/** First parts of compounds that keep their hyphen (no word is split after them): "self-determination", "two-day". */
const COMPOUND_PREFIXES = new Set(
  'self well non ex co cross long short high low half all anti post mid follow state people one two three four five six seven eight nine ten twelve'.split(' '),
);

/** "negara-" + "negara", "sebaik-" + "baiknya": Indonesian reduplication, where the hyphen is part of the word. */
function isReduplication(fragment: string, next: string): boolean {
  const [first, second] = [fragment.toLowerCase(), next.toLowerCase()];
  // Three letters at least: "ke-" + "kerasan" is a broken "kekerasan", not a repeat.
  return first.length >= 3 && second.length >= 3 && (second.startsWith(first) || first.endsWith(second.slice(0, 4)));
}

/**
 * Appends a line to a paragraph. A word broken at the line end ("coopera-" + "tion") is joined. The hyphen stays,
 * with no space, before a capital ("Indonesia-" + "Malaysia"), after a compound prefix ("long-" + "term") and in
 * Indonesian reduplication ("negara-" + "negara"). A soft hyphen always goes.
 */
export function joinLine(paragraph: string, line: string): string {
  if (paragraph.length === 0) return line;
  if (paragraph.endsWith('\u00AD')) return paragraph.slice(0, -1) + line;
  const fragment = HYPHEN_END.exec(paragraph)?.[1];
  if (fragment !== undefined) {
    const next = /^\p{L}+/u.exec(line)?.[0] ?? '';
    const broken = /^\p{Ll}/u.test(next) && !COMPOUND_PREFIXES.has(fragment.toLowerCase()) && !isReduplication(fragment, next);
    return broken ? paragraph.slice(0, -1) + line : paragraph + line;
  }
  return `${paragraph} ${line}`;
}

const quantile = (values: number[], q: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) * q)] as number;
};

/** Typical line pitch and body font size of a document, for deciding paragraph breaks. */
export interface LayoutMetrics {
  lineGap: number;
  bodySize: number;
  /** The right edge a full body line reaches. */
  fullRight: number;
}

export function layoutMetrics(pages: readonly PdfPage[]): LayoutMetrics {
  const gaps: number[] = [];
  const sizes: number[] = [];
  const rights: number[] = [];
  for (const page of pages) {
    page.lines.forEach((line, i) => {
      sizes.push(line.fontSize);
      rights.push(line.right);
      const next = page.lines[i + 1];
      if (next && next.y < line.y) gaps.push(line.y - next.y);
    });
  }
  const bodySize = quantile(sizes, 0.5) || 10;
  // A low quantile: paragraph and heading gaps are the larger ones, and short documents have few line gaps.
  return { lineGap: quantile(gaps, 0.25) || bodySize * 1.2, bodySize, fullRight: quantile(rights, 0.9) };
}

/**
 * A new paragraph starts when the baseline drops clearly more than the usual line pitch, the font size changes
 * (a heading), the text jumps up (a new column), or the previous line ended a sentence well short of the margin.
 */
function startsParagraph(previous: PdfLine, line: PdfLine, metrics: LayoutMetrics): boolean {
  const drop = previous.y - line.y;
  if (drop < 0 || drop > metrics.lineGap * 1.45) return true;
  if (Math.abs(previous.fontSize - line.fontSize) > Math.max(previous.fontSize, line.fontSize) * 0.15) return true;
  const shortLine = metrics.fullRight > 0 && previous.right < metrics.fullRight - metrics.bodySize * 4;
  return shortLine && SENTENCE_END.test(previous.text);
}

/** Rebuilds paragraphs over all pages; a paragraph carries over a page break when it stopped mid-sentence. */
export function paragraphsOf(pages: readonly PdfPage[], metrics = layoutMetrics(pages)): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let previous: PdfLine | null = null;
  const flush = () => {
    const text = squash(current);
    if (text.length > 0) paragraphs.push(text);
    current = '';
  };
  for (const page of pages) {
    page.lines.forEach((line, i) => {
      if (previous !== null) {
        const carriesOver = i === 0 && !SENTENCE_END.test(current) && /^\p{Ll}/u.test(line.text);
        const breaks = i === 0 ? !carriesOver : startsParagraph(previous, line, metrics);
        if (breaks) flush();
      }
      current = joinLine(current, line.text);
      previous = line;
    });
  }
  flush();
  return paragraphs;
}

/**
 * The first heading of a document: the run of consecutive lines on its first page set in the largest font,
 * when that font is clearly bigger than the body text (≥ 1.2×). Null when page 1 has no such line.
 */
export function firstHeading(page: PdfPage | undefined, bodySize: number): { text: string; lines: number; start: number } | null {
  if (!page || page.lines.length === 0) return null;
  const largest = Math.max(...page.lines.map((line) => line.fontSize));
  if (largest < bodySize * 1.2) return null;
  const start = page.lines.findIndex((line) => line.fontSize >= largest * 0.95);
  let end = start;
  while (end + 1 < page.lines.length && (page.lines[end + 1] as PdfLine).fontSize >= largest * 0.95) end++;
  const text = squash(page.lines.slice(start, end + 1).reduce((acc, line) => joinLine(acc, line.text), ''));
  return text.length > 0 && text.length <= 250 ? { text, lines: end - start + 1, start } : null;
}
