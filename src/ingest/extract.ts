import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Article } from './article.js';
import { attribute } from './attribution.js';
import { displayHost } from './urls.js';
import { chooseContent, densityCandidate } from './content-density.js';
import { detectLanguage } from './language.js';
import { looksLikeFeedDocument } from './feed-sniff.js';
import { assertNestingDepth } from './nesting-depth.js';
import { blockParagraphs, type DomDocument, type DomElement, linkTexts, withHtmlRoot } from './page-dom.js';
import {
  asText, declaredTypes, findInJsonLd, jsonLdBlocks, jsonLdPublisher, languageHintOf, metaTags, PAGE_TITLE_MAX_CHARS, publishedAt, stripSiteSuffix,
} from './page-metadata.js';
import { defaultUtcOffsetMinutes, parsePublishedDate } from './published-date.js';

export { stripSiteSuffix } from './page-metadata.js';

/** Everything `extractPage` learns about a page; the Ingestor uses the extra facts to refuse thin pages. */
export interface ExtractedPage {
  /** Main text before clean-up (paragraphs separated by a blank line) plus metadata. */
  article: Article;
  /** Primary subtag of `<html lang>`, e.g. "id" for "id-ID"; null when absent. */
  languageHint: string | null;
  /** False when Readability found no article body at all. */
  readable: boolean;
  /** The document is an RSS/Atom feed (a list of headlines), not a page. */
  feed: boolean;
  /** Text of each link inside the main-text block, so the thin-page check can tell headline links from prose. */
  linkTexts: string[];
  /** What the page says it is: top-level JSON-LD `@type`s (not those nested in lists) and `og:type`. */
  declaredTypes: string[];
}

/** Options of {@link extractPage}. */
export interface ExtractOptions {
  /**
   * Detect `article.language` from the raw main text (default true). The Ingestor passes false: it detects
   * the language of the cleaned text itself, and detection is a tenth of the cost of reading a page. Without
   * it, `article.language` is the page's declared language or "und".
   */
  detectLanguage?: boolean;
}

/**
 * HTML → main text (paragraphs kept, not yet cleaned) with title, publisher, date, canonical URL and language.
 * The page is parsed once: metadata, the density fallback and then Readability (which mutates the document,
 * so it comes last) all read the same DOM.
 */
export function extractPage(html: string, url: string | null, options: ExtractOptions = {}): ExtractedPage {
  // Linear pre-check: a deeply nested page would keep linkedom and Readability busy for minutes.
  assertNestingDepth(html);
  const { document } = parseHTML(withHtmlRoot(html)) as unknown as { document: DomDocument };

  // Readability mutates the document, so every piece of metadata is read first.
  const jsonLd = jsonLdBlocks(document);
  const metas = metaTags(document);
  const declaredSite = metas.get('og:site_name', 'application-name') ?? jsonLdPublisher(jsonLd);
  // Some sites put their home-page URL in og:site_name; the host name reads better.
  const siteName = declaredSite && /^https?:\/\//i.test(declaredSite) ? displayHost(declaredSite) : declaredSite;
  // What the page declares about itself is believed only where it agrees with the URL it was read from.
  const credit = attribute(url, {
    canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null,
    ogUrl: metas.get('og:url'),
    siteName: declaredSite,
  });
  const host = displayHost(url);
  const rawTitle =
    metas.get('og:title', 'twitter:title') ??
    findInJsonLd(jsonLd, (node) => asText(node['headline'])) ??
    (document.querySelector('title')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const languageHint = languageHintOf(document, metas);
  // One rule for zone-less dates, as in feeds: WIB when the page declares Indonesian, else UTC.
  const dateOffset = defaultUtcOffsetMinutes(languageHint);
  const metaDate = publishedAt(document, metas, jsonLd, null, dateOffset);
  const types = declaredTypes(metas, jsonLd);

  const density = densityCandidate(document);

  let parsedArticle: ReturnType<Readability<DomElement>['parse']> = null;
  try {
    // The serializer hands back the node (no HTML written and re-parsed); class names are not read after
    // Readability, so it need not strip them.
    parsedArticle = new Readability<DomElement>(document as never, {
      serializer: (node) => node as unknown as DomElement,
      keepClasses: true,
    }).parse();
  } catch {
    parsedArticle = null;
  }
  const readabilityContent = parsedArticle?.content ?? null;
  const chosen = chooseContent(
    readabilityContent ? { paragraphs: blockParagraphs(readabilityContent), links: linkTexts(readabilityContent) } : null,
    density,
  );
  const paragraphs = chosen?.paragraphs ?? [];
  const text = paragraphs.join('\n\n');

  // Collapsed and capped before the separator regexes: a run of 40,000 spaces in og:title made them quadratic.
  const titleSource = (rawTitle || parsedArticle?.title || '').replace(/\s+/g, ' ').trim().slice(0, PAGE_TITLE_MAX_CHARS).replace(/[\uD800-\uDBFF]$/, '') || null;
  const title = titleSource ? stripSiteSuffix(titleSource, [siteName, host]) : null;
  const detected = options.detectLanguage === false ? 'und' : detectLanguage(text);

  return {
    article: {
      url: credit.url,
      fetchedUrl: credit.url === null ? null : url,
      title,
      publisher: credit.publisher,
      publishedAt: metaDate ?? parsePublishedDate(parsedArticle?.publishedTime ?? null, dateOffset),
      language: detected === 'und' && languageHint ? languageHint : detected,
      text,
    },
    languageHint,
    readable: chosen !== null && text.length > 0,
    linkTexts: chosen?.links ?? [],
    declaredTypes: types,
    feed: looksLikeFeedDocument(html),
  };
}

/** HTML → Article with the raw main text (run `cleanArticleText` on `text` for news clean-up). */
export function extractArticle(html: string, url: string | null): Article {
  return extractPage(html, url).article;
}
