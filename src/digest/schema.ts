import { z } from 'zod';

import { LanguageSchema } from '../core/language.js';

export { LanguageSchema, type Language } from '../core/language.js';

export const EngineNameSchema = z.enum(['openai', 'extractive']);
export type EngineName = z.infer<typeof EngineNameSchema>;

/** A person (or body) who acts in the story. `role` is written in the digest's language. */
export const PersonSchema = z.object({
  name: z.string().describe('Full name as written in the article, e.g. "Vladimir Putin".'),
  role: z.string().nullable().describe('Office or role in the digest language, e.g. "President of Russia". null if unknown.'),
  country: z.string().nullable().describe('Country or organisation the person represents, in the digest language. null if unknown.'),
});
export type Person = z.infer<typeof PersonSchema>;

/** An agreement or next step, backed by a verbatim quote from the source article. */
export const EvidencedItemSchema = z.object({
  text: z.string().describe('The item, one short sentence in the digest language.'),
  evidence: z
    .string()
    .describe('A verbatim quote copied exactly from the article (in the article\'s own language) that supports the item.'),
});
export type EvidencedItem = z.infer<typeof EvidencedItemSchema>;

/**
 * What an engine writes. This object is also the model's strict JSON schema, so every field is
 * required and absent values are `null` (OpenAI strict mode rejects optional properties).
 */
export const DigestDraftSchema = z.object({
  headline: z.string().describe('A factual headline, at most 12 words, in the digest language.'),
  summary: z.string().describe('One to three sentences in the digest language: what happened and why it matters.'),
  who: z.array(PersonSchema).describe('The main actors (people with their roles and countries), at most 6.'),
  countries: z
    .array(z.string())
    .describe(
      'The sovereign states taking part in the event (as parties, hosts who act, or through their representatives), named in the digest language, e.g. ["Russia", "Iran"]. Not states that are only the venue, merely mentioned, topics or background, and not organisations (EU, ASEAN, UN). Empty if none.',
    ),
  what: z.string().describe('The event in a few words (a call, a meeting, a signing…), e.g. "Phone call between Vladimir Putin and Masoud Pezeshkian".'),
  when: z
    .string()
    .nullable()
    .describe('When it happened: YYYY-MM-DD when the date is known, otherwise as written (a weekday, "17 January"); null if unknown.'),
  where: z.string().nullable().describe('Where it happened (city, country, or "by phone"); null if unknown.'),
  agreements: z
    .array(EvidencedItemSchema)
    .describe('Only what the parties actually agreed or signed in this event. Talks, congratulations, condolences and earlier treaties are NOT agreements.'),
  nextSteps: z
    .array(EvidencedItemSchema)
    .describe('Concrete planned actions (visits, meetings, signings, deadlines) announced in the article.'),
  keyPoints: z
    .array(z.string())
    .describe(
      'Other notable facts in the digest language: topics discussed, positions stated, condolences or thanks, projects mentioned. At most 4 short items, each one line.',
    ),
  background: z
    .array(z.string())
    .describe('Short context items in the digest language, e.g. earlier treaties or related events. At most 3.'),
});
export type DigestDraft = z.infer<typeof DigestDraftSchema>;

/** Where the digest came from. */
export const DigestSourceSchema = z.object({
  url: z.string().nullable(),
  title: z.string().nullable(),
  publisher: z.string().nullable(),
  /** ISO 8601, or null when the page does not say. */
  publishedAt: z.string().nullable(),
  /** The article's language: "en", "id", another ISO 639 code, or "und". */
  language: z.string(),
});
export type DigestSource = z.infer<typeof DigestSourceSchema>;

/** The digest: the single source of truth for rendering, caching and `--format json`. */
export const DigestSchema = DigestDraftSchema.extend({
  /** The digest's own language (labels and, for the LLM, the content). */
  language: LanguageSchema,
  engine: EngineNameSchema,
  /** Model name for the OpenAI engine, the engine version for the extractive one. */
  model: z.string(),
  source: DigestSourceSchema,
  /** Caveats shown to the reader: fallbacks, dropped unsupported items, untranslated quotes. */
  notes: z.array(z.string()),
});
export type Digest = z.infer<typeof DigestSchema>;

/**
 * A digest read back from a cache: digests stored before `countries` existed have none, and read as
 * an empty list rather than a miss, so an upgrade does not throw the cache away.
 */
export const StoredDigestSchema = DigestSchema.extend({ countries: DigestDraftSchema.shape.countries.default([]) });
