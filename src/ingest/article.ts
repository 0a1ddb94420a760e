import { z } from 'zod';

/** What was read: the cleaned main text plus metadata. Printed by `--format article`. */
export const ArticleSchema = z.object({
  /** Canonical URL if the page declares one, else the final fetched URL; null for pasted text. */
  url: z.string().nullable(),
  title: z.string().nullable(),
  /** og:site_name, else the host name; null for pasted text. */
  publisher: z.string().nullable(),
  /** ISO 8601, or null when unknown. */
  publishedAt: z.string().nullable(),
  /** Detected language: "en", "id", another ISO 639-1 code, or "und" when unsure. */
  language: z.string(),
  /** Main text after clean-up, paragraphs separated by a blank line. */
  text: z.string(),
});
export type Article = z.infer<typeof ArticleSchema>;
