import { z } from 'zod';

/** What was read: the cleaned main text plus metadata. Printed by `--format article`. */
export const ArticleSchema = z.object({
  /**
   * The URL read (after redirects), or the canonical URL the page declares when that is on the same site
   * (see attribution.ts); tracking parameters stripped. Null for pasted text and a local file.
   */
  url: z.string().nullable(),
  /** The URL actually fetched, after redirects, as the fetcher reported it: a cache key, never a claim of the page. */
  fetchedUrl: z.string().nullable().optional(),
  title: z.string().nullable(),
  /** og:site_name when it agrees with the host (see siteNameAgrees), else the host name; null for pasted text. */
  publisher: z.string().nullable(),
  /** ISO 8601, or null when unknown. */
  publishedAt: z.string().nullable(),
  /** Detected language: "en", "id", another ISO 639-1 code, or "und" when unsure. */
  language: z.string(),
  /** Main text after clean-up, paragraphs separated by a blank line. */
  text: z.string(),
});
export type Article = z.infer<typeof ArticleSchema>;
