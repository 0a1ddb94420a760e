import { getResolvedPDFJS } from 'unpdf';
import { AppError } from '../../errors/app-error.js';
import { trimToChars } from './char-budget.js';
import { firstHeading, layoutMetrics, linesOf, paragraphsOf, type PdfPage, stripRunningLines, type TextRun } from './pdf-layout.js';
import { languageTag, parsePdfDate, usableTitle } from './pdf-metadata.js';

/** Limits for one PDF. The caller also runs readPdf in the worker pool, whose job time limit stops a stuck parse. */
export interface ReadPdfOptions {
  /** Pages read from the start; later pages are skipped and `pagesSkipped` says how many. Default 50. */
  maxPages?: number;
  /** Characters of text kept from the start (whole paragraphs when possible); `truncated` says when cut. Default 60 000. */
  maxChars?: number;
  /** Wall-clock limit for opening and reading the document, checked between pdf.js steps. Default 10 000 ms. */
  timeLimitMs?: number;
}

/** What a PDF says, ready for the same clean-up and language detection as a page. */
export interface PdfDocumentText {
  /** The metadata Title when it names the document, else the first heading (largest font on page 1), else null. */
  title: string | null;
  /** Paragraphs separated by a blank line; running headers, footers and page numbers removed. */
  text: string;
  /** CreationDate (else ModDate) as ISO 8601, or null. */
  publishedAt: string | null;
  /** Pages in the document. */
  pages: number;
  /** Pages beyond `maxPages` that were not read. */
  pagesSkipped: number;
  /** Pages pdf.js could not parse; they are left out and the rest is read. */
  failedPages: number;
  /** True when the text was cut to `maxChars` (pages after the budget is spent are not parsed at all). */
  truncated: boolean;
  /** Two-letter code from the catalog's /Lang, when the producer declared one. A hint; detect from the text too. */
  language?: string;
}

const DEFAULTS = { maxPages: 50, maxChars: 60_000, timeLimitMs: 10_000 };
/** Fewer letters than this per page read means the pages are pictures of text. */
const MIN_LETTERS_PER_PAGE = 25;

/** pdf.js reports failures as plain objects or Errors carrying a `name`. */
function pdfError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new AppError('PDF_ENCRYPTED', 'The PDF is encrypted and needs a password to open.', { cause: error });
  }
  return new AppError('PDF_UNREADABLE', `The PDF cannot be parsed: ${message}`, { cause: error, details: { pdfError: name || null } });
}

interface TextContentItem {
  str?: string;
  transform?: number[];
  width?: number;
  hasEOL?: boolean;
}

function runsOf(items: readonly TextContentItem[]): TextRun[] {
  return items.flatMap((item) => {
    if (typeof item.str !== 'string' || !item.transform) return [];
    const [a = 0, b = 0, , , x = 0, y = 0] = item.transform;
    return [{ str: item.str, x, y, width: item.width ?? 0, fontSize: Math.hypot(a, b), hasEOL: item.hasEOL === true }];
  });
}

const normalize = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Reads the text of a PDF with pdf.js (through unpdf). Throws AppError PDF_ENCRYPTED (needs a password),
 * PDF_UNREADABLE (damaged, truncated beyond repair, not a PDF), PDF_NO_TEXT (a scan: pages without a text
 * layer) or PROCESSING_TIMEOUT (over `timeLimitMs`; the document is destroyed).
 */
export async function readPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfDocumentText> {
  const { maxPages, maxChars, timeLimitMs } = { ...DEFAULTS, ...options };
  const pdfjs = await getResolvedPDFJS();
  // A copy: pdf.js may transfer (detach) the buffer it is given, and the caller may still need its bytes.
  // Text needs no rendering: no system-font lookups, no font faces, no eval'd glyph programs, no console noise.
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const deadline = Date.now() + timeLimitMs;
  const timeout = () => new AppError('PROCESSING_TIMEOUT', `Reading the PDF took longer than ${timeLimitMs} ms.`, { details: { timeLimitMs } });
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), timeLimitMs);
  });
  // pdf.js parses a page synchronously on this thread, so the timer cannot interrupt one page: the deadline is
  // also checked after every step, and only the worker pool's job limit can stop a single pathological page.
  const bounded = async <T>(step: Promise<T>): Promise<T> => {
    const result = await Promise.race([step, expired]).catch((error: unknown) => {
      timedOut = error instanceof AppError && error.code === 'PROCESSING_TIMEOUT';
      throw error;
    });
    if (Date.now() > deadline) {
      timedOut = true;
      throw timeout();
    }
    return result;
  };
  try {
    const pdf = await bounded(task.promise).catch((error: unknown) => {
      throw pdfError(error);
    });
    // Broken metadata costs the title and date only; a timeout still ends the read.
    const metadata = await bounded(pdf.getMetadata()).catch((error: unknown) => {
      if (timedOut) throw error;
      return null;
    });
    const info = (metadata?.info ?? {}) as Record<string, unknown>;
    const pageLimit = Math.min(pdf.numPages, maxPages);
    const pages: PdfPage[] = [];
    let letters = 0;
    let chars = 0;
    let failedPages = 0;
    let firstFailure: unknown;
    // Pages past what the character budget can use are not parsed (a margin covers headers removed later).
    const enough = () => chars > maxChars * 1.2 + 2000;
    for (let number = 1; number <= pageLimit && !enough(); number++) {
      let items: TextContentItem[];
      try {
        items = (await bounded(pdf.getPage(number).then((page) => page.getTextContent()))).items as TextContentItem[];
      } catch (error) {
        if (timedOut) throw error;
        // One broken page (a bad reference, a corrupt stream) should not cost the rest of the document.
        failedPages++;
        firstFailure ??= error;
        continue;
      }
      const lines = linesOf(runsOf(items));
      for (const line of lines) {
        letters += line.text.match(/\p{L}/gu)?.length ?? 0;
        chars += line.text.length + 1;
      }
      pages.push({ lines });
    }
    if (pages.length === 0) throw firstFailure === undefined ? new AppError('PDF_UNREADABLE', 'The PDF has no pages.') : pdfError(firstFailure);
    if (letters < MIN_LETTERS_PER_PAGE * pages.length) {
      throw new AppError('PDF_NO_TEXT', `This PDF has no text layer (a scan?): ${letters} letters on ${pages.length} page(s). Paste the text instead.`, {
        details: { pages: pdf.numPages, letters },
      });
    }

    const body = stripRunningLines(pages);
    const metrics = layoutMetrics(body);
    // From page 1 as printed: a title set large on page 1 is often repeated small as every page's running header.
    const heading = firstHeading(pages[0], metrics.bodySize);
    const title = usableTitle(info['Title']) ?? heading?.text ?? null;
    let paragraphs = paragraphsOf(body, metrics);
    // The heading (or a metadata title printed on page 1) is the title, not the first paragraph.
    if (title !== null && paragraphs.length > 1 && normalize(paragraphs[0] as string) === normalize(title)) paragraphs = paragraphs.slice(1);
    const trimmed = trimToChars(paragraphs, maxChars);
    const language = languageTag(info['Language']);
    return {
      title,
      text: trimmed.text,
      publishedAt: parsePdfDate(info['CreationDate']) ?? parsePdfDate(info['ModDate']),
      pages: pdf.numPages,
      pagesSkipped: pdf.numPages - pageLimit,
      failedPages,
      truncated: trimmed.truncated || enough(),
      ...(language ? { language } : {}),
    };
  } finally {
    clearTimeout(timer);
    // Frees pdf.js's parser state. After a timeout it is not awaited: destroy waits for the running step.
    const destroyed = task.destroy().catch(() => undefined);
    if (!timedOut) await destroyed;
  }
}
