import { AppError } from '../errors/app-error.js';
import type { Article } from './article.js';
import { cleanArticleText } from './clean-text.js';
import { type DocumentHints, type PdfReader, type TextOrigin, createDocumentReader } from './document-reader.js';
import { extractPage } from './extract.js';
import type { PageFetcher } from './page-fetcher.js';
import type { SyncIngestor } from './ingestor.js';
import { detectLanguage } from './language.js';
import { thinPageMessage, thinPageReason } from './thin-page.js';
import { displayHost, safeCanonicalUrl } from './urls.js';

/** Dependencies and limits of the Ingestor. */
export interface IngestorDeps {
  fetcher: PageFetcher;
  /** A fetched page shorter than this (after clean-up) needs two paragraphs of real sentences. Default 500. */
  minArticleChars?: number;
  /** Pasted text shorter than this (after clean-up) is refused as INVALID_INPUT. Default 200. */
  minTextChars?: number;
  /** Reads PDFs (tests inject one); default readPdf. */
  readPdf?: PdfReader;
  /** readPdf's own time limit (see DocumentReaderDeps.pdfTimeLimitMs). */
  pdfTimeLimitMs?: number;
}

const SENTENCE = /[.!?…]["”’)\]]?(?=\s|$)/g;

const normalize = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Pasted text often starts with its headline on its own line. A first paragraph is taken as the title when it
 * is short (≤ 150 characters, ≤ 20 words), does not end like a sentence (a final "?" or "!" is allowed, as in
 * headlines) and more text follows; it is then removed from the body so the digest does not see it twice.
 */
function splitHeadline(text: string): { title: string | null; body: string } {
  const [first, ...rest] = text.split('\n\n');
  if (first === undefined || rest.length === 0) return { title: null, body: text };
  const looksLikeHeadline = first.length <= 150 && first.split(/\s+/).length <= 20 && !/[.,;:…]["”’)]?$/.test(first) && !/\(\w+\)\s*[-–—]/.test(first);
  return looksLikeHeadline ? { title: first, body: rest.join('\n\n') } : { title: null, body: text };
}

/** Readability sometimes keeps the page's <h1> as the first paragraph; the title is already in `title`. */
function dropRepeatedTitle(text: string, title: string | null): string {
  if (!title) return text;
  const [first, ...rest] = text.split('\n\n');
  if (first === undefined || rest.length === 0 || first.length > 250) return text;
  const wanted = normalize(title);
  return wanted.length > 0 && normalize(first).endsWith(wanted) ? rest.join('\n\n') : text;
}

/** Creates the Ingestor: fetch (or take) input, extract the main text, clean it, detect its language, refuse thin pages. */
export function createIngestor(deps: IngestorDeps): SyncIngestor {
  const minArticleChars = deps.minArticleChars ?? 500;
  const minTextChars = deps.minTextChars ?? 200;

  function fromPlainText(text: string, origin: TextOrigin | null, knownTitle?: string | null): Article {
    const cleaned = cleanArticleText(text);
    // A document's title comes from its metadata or heading; its first paragraph then stays text.
    const { title, body } = knownTitle === undefined ? splitHeadline(cleaned) : { title: knownTitle, body: cleaned };
    const sentences = body.match(SENTENCE)?.length ?? 0;
    if (body.length < minTextChars || sentences < 2) {
      const message = `The text is too short to be an article (${body.length} characters, ${sentences} sentence${sentences === 1 ? '' : 's'}); paste the whole article.`;
      throw origin === null
        ? new AppError('INVALID_INPUT', message, { details: { chars: body.length, sentences } })
        : new AppError('NOT_AN_ARTICLE', message, { details: { url: origin.url, reason: 'too-short' } });
    }
    return {
      url: origin?.url ?? null,
      title,
      publisher: origin?.publisher ?? null,
      publishedAt: null,
      language: detectLanguage(title ? `${title}\n\n${body}` : body),
      text: body,
    };
  }

  function fromHtml(html: string, url: string | null): Article {
    // The language is detected once, below, on the cleaned text.
    const page = extractPage(html, url, { detectLanguage: false });
    const text = dropRepeatedTitle(cleanArticleText(page.article.text), page.article.title);
    const reason = thinPageReason(
      { rawText: page.article.text, text, readable: page.readable, feed: page.feed, linkTexts: page.linkTexts, declaredTypes: page.declaredTypes },
      { minChars: minArticleChars },
    );
    if (reason !== null) {
      throw new AppError('NOT_AN_ARTICLE', thinPageMessage(reason), { details: { url: page.article.url, reason } });
    }
    const detected = detectLanguage(page.article.title ? `${page.article.title}\n\n${text}` : text);
    return { ...page.article, text, language: detected === 'und' && page.languageHint ? page.languageHint : detected };
  }

  const documents = createDocumentReader({
    fromHtml,
    fromPlainText,
    ...(deps.readPdf ? { readPdf: deps.readPdf } : {}),
    ...(deps.pdfTimeLimitMs ? { pdfTimeLimitMs: deps.pdfTimeLimitMs } : {}),
  });

  return {
    async fromUrl(url: string): Promise<Article> {
      const page = await deps.fetcher.fetchPage(url);
      // A PDF or .docx (whatever the server called it) arrives as bytes; publisher and links come from the URL fetched.
      if (page.bytes) return documents.read(page.bytes, { url: page.url, mimeType: page.contentType });
      if (page.contentType === 'text/plain') {
        return { ...fromPlainText(page.body, { url: safeCanonicalUrl(page.url), publisher: displayHost(page.url) }), fetchedUrl: page.url };
      }
      return fromHtml(page.body, page.url);
    },
    fromHtml,
    fromText(text: string): Article {
      return fromPlainText(text, null);
    },
    fromDocument: (bytes: Uint8Array, hints: DocumentHints): Promise<Article> => documents.read(bytes, hints),
  };
}
