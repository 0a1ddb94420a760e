import { AppError } from '../errors/app-error.js';
import type { Article } from './article.js';
import { decodeBody } from './charset.js';
import { cleanArticleText } from './clean-text.js';
import { type DocumentKind, isLegacyWord, sniffDocument } from './documents/document-sniff.js';
import { readDocx } from './documents/docx-text.js';
import { markdownText } from './documents/markdown-text.js';
import { type PdfDocumentText, type ReadPdfOptions, readPdf } from './documents/pdf-text.js';
import { displayHost, safeCanonicalUrl } from './urls.js';

/** What the sender says about a document: used only after the bytes were sniffed (see sniffDocument). */
export interface DocumentHints {
  fileName?: string | null;
  /** A Content-Type header or Telegram's mime_type. */
  mimeType?: string | null;
  /** The URL the document was fetched from (after redirects); absent for a local file or an upload. */
  url?: string | null;
}

/** Reads one PDF; the default is readPdf (pdf.js). */
export type PdfReader = (bytes: Uint8Array, options: ReadPdfOptions) => Promise<PdfDocumentText>;

/** Where a document's text came from, for the short-text check (a link is NOT_AN_ARTICLE, a file INVALID_INPUT). */
export interface TextOrigin {
  url: string;
  publisher: string | null;
}

/** The ingestor paths a document is routed to, and the PDF limits (a .docx needs none: see readDocx). */
export interface DocumentReaderDeps {
  /** The HTML path of the Ingestor (extraction, thin-page check). */
  fromHtml(html: string, url: string | null): Article;
  /**
   * The plain-text path of the Ingestor: clean-up, short-text check, language detection. With `title` given
   * (null included) the first paragraph is kept as text instead of being taken as the headline.
   */
  fromPlainText(text: string, origin: TextOrigin | null, title?: string | null): Article;
  readPdf?: PdfReader;
  /**
   * readPdf's own wall-clock limit. In the worker pool it is set about a second under JOB_TIME_LIMIT_MS: pdf.js
   * does not yield inside a page, so the pool's kill is the real bound and this one ends the slow-but-yielding case
   * with a clean error first. Default 10 000 ms.
   */
  pdfTimeLimitMs?: number;
}

/** Pages of a PDF read from the start (the issue's page cap). */
export const DOCUMENT_MAX_PAGES = 50;
/**
 * Characters of a PDF or Word document kept from the start. Above both engines' budgets (the built-in one reads 60 000 characters,
 * the model at most OPENAI_MAX_INPUT_TOKENS ≈ 24 000), so a long document reaches them over budget and the engine
 * trims it to the start itself, adding its note that only the first part was read.
 */
export const DOCUMENT_MAX_CHARS = 80_000;

const PDF_TYPES = new Set(['application/pdf', 'application/x-pdf']);

/** What the reader takes, for the one-line refusal. */
export const SUPPORTED_DOCUMENTS = 'PDF, .docx, .txt, .md, .html/.htm';

/** What a refused binary is, for the one-line refusal. */
function binaryKind(bytes: Uint8Array, hints: DocumentHints): { what: string; reason: string } {
  // Renamed .doc files are common ("save as" kept the old format): say what to do with them.
  if (isLegacyWord(bytes)) return { what: 'an old Word 97–2003 document (.doc): save it as .docx or PDF', reason: 'doc' };
  return { what: `a binary file${hints.mimeType ? ` (${hints.mimeType.split(';')[0]})` : ''}`, reason: 'binary' };
}

/**
 * The kind a document is read as: its bytes decide (sniffDocument), except that a declared PDF is always given to the
 * PDF reader. Binaries (images, archives, the old .doc…) are refused with UNSUPPORTED_FILE.
 */
export function readableKind(bytes: Uint8Array, hints: DocumentHints): Exclude<DocumentKind, 'binary'> {
  // Declared a PDF but without the signature: pdf.js has the last word (PDF_UNREADABLE: "damaged or not really a PDF").
  if (PDF_TYPES.has((hints.mimeType ?? '').split(';')[0]?.trim().toLowerCase() ?? '')) return 'pdf';
  const kind = sniffDocument(bytes, { fileName: hints.fileName ?? null, mimeType: hints.mimeType ?? null });
  if (kind === 'binary') {
    const { what, reason } = binaryKind(bytes, hints);
    throw new AppError('UNSUPPORTED_FILE', `${hints.fileName ?? hints.url ?? 'The input'} is ${what}; supported: ${SUPPORTED_DOCUMENTS}.`, {
      details: { reason, fileName: hints.fileName ?? null },
    });
  }
  return kind;
}

/** The link's canonical URL and host (attribution: the URL actually fetched), or null for a file. */
function originOf(url: string | null | undefined): TextOrigin | null {
  return url ? { url: safeCanonicalUrl(url), publisher: displayHost(url) } : null;
}

/**
 * Reads documents: PDF through readPdf, then the same clean-up, short-text check and language detection as
 * pasted text (the PDF's /Lang when the text is inconclusive), title and date from the PDF; .docx through readDocx
 * the same way (title from its Title or first heading); HTML through extraction; Markdown flattened by markdownText;
 * text as pasted text.
 */
export function createDocumentReader(deps: DocumentReaderDeps) {
  const pdfReader = deps.readPdf ?? readPdf;

  async function fromPdf(bytes: Uint8Array, hints: DocumentHints): Promise<Article> {
    const pdf = await pdfReader(bytes, {
      maxPages: DOCUMENT_MAX_PAGES,
      maxChars: DOCUMENT_MAX_CHARS,
      ...(deps.pdfTimeLimitMs ? { timeLimitMs: deps.pdfTimeLimitMs } : {}),
    });
    const article = deps.fromPlainText(cleanArticleText(pdf.text), originOf(hints.url), pdf.title);
    const language = article.language === 'und' && pdf.language ? pdf.language : article.language;
    return { ...article, publishedAt: pdf.publishedAt, language, ...(hints.url ? { fetchedUrl: hints.url } : {}) };
  }

  async function fromDocx(bytes: Uint8Array, hints: DocumentHints): Promise<Article> {
    const docx = await readDocx(bytes, { maxChars: DOCUMENT_MAX_CHARS });
    // Without a heading the plain-text path's headline rule picks the title (undefined, not null, asks for it).
    const article = deps.fromPlainText(cleanArticleText(docx.text), originOf(hints.url), docx.title ?? undefined);
    return hints.url ? { ...article, fetchedUrl: hints.url } : article;
  }

  return {
    /**
     * Any supported document as an Article. Throws AppError UNSUPPORTED_FILE, PDF_NO_TEXT, PDF_ENCRYPTED,
     * PDF_UNREADABLE, DOCX_ENCRYPTED, DOCX_UNREADABLE, TOO_LARGE (a .docx declaring too much), PROCESSING_TIMEOUT,
     * INVALID_INPUT / NOT_AN_ARTICLE (too short), NOT_AN_ARTICLE (thin page).
     */
    async read(bytes: Uint8Array, hints: DocumentHints = {}): Promise<Article> {
      const kind = readableKind(bytes, hints);
      if (kind === 'pdf') return fromPdf(bytes, hints);
      if (kind === 'docx') return fromDocx(bytes, hints);
      const text = decodeBody(bytes, hints.mimeType ?? null, kind === 'html');
      const origin = originOf(hints.url);
      if (kind === 'html') return deps.fromHtml(text, hints.url ?? null);
      if (kind === 'text') return { ...deps.fromPlainText(text, origin), ...(hints.url ? { fetchedUrl: hints.url } : {}) };
      const markdown = markdownText(text);
      return deps.fromPlainText(markdown.text, origin);
    },
  };
}

/** The reader of createDocumentReader. */
export type DocumentReader = ReturnType<typeof createDocumentReader>;
