import type { Article } from './article.js';
import type { DocumentHints } from './document-reader.js';

/** Turns user input into a cleaned Article. Implemented in article-reader.ts (createIngestor). */
export interface Ingestor {
  /** Fetch and extract a page. Throws AppError for unsafe/unreachable/unsupported pages and NOT_AN_ARTICLE for thin pages. */
  fromUrl(url: string): Promise<Article>;
  /** Extract an HTML document already in hand (a local .html file); `url` is its origin if known. Async when run in a worker thread. */
  fromHtml(html: string, url: string | null): Article | Promise<Article>;
  /** Pasted text: clean-up and language detection only. Throws INVALID_INPUT when too short to be an article. Async when run in a worker thread. */
  fromText(text: string): Article | Promise<Article>;
  /**
   * A document in hand (a local file, an upload): sniffed from its bytes, then PDF, .docx, HTML, Markdown or text.
   * Throws AppError UNSUPPORTED_FILE (binaries, the old .doc), PDF_NO_TEXT, PDF_ENCRYPTED, PDF_UNREADABLE,
   * DOCX_ENCRYPTED, DOCX_UNREADABLE, TOO_LARGE, PROCESSING_TIMEOUT.
   * Optional so that fakes reading only links and text need not stub it; both real ingestors have it.
   */
  fromDocument?(bytes: Uint8Array, hints: DocumentHints): Promise<Article>;
}

/** The Ingestor of createIngestor: its work runs synchronously on the calling thread. */
export interface SyncIngestor extends Ingestor {
  fromHtml(html: string, url: string | null): Article;
  fromText(text: string): Article;
  fromDocument(bytes: Uint8Array, hints: DocumentHints): Promise<Article>;
}
