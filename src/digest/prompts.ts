import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors/app-error.js';
import type { Language } from './schema.js';

/** The prompt files in use; part of the digest cache key, so bump it whenever a prompt changes. */
export const PROMPT_VERSION = 'digest.v3';

/** The two prompt files of one version: `<version>.system.md` and `<version>.user.md`. */
export interface Prompts {
  version: string;
  system: string;
  /** A template with `{{name}}` placeholders, filled by `renderUserPrompt`. */
  user: string;
}

/** What the user prompt template may refer to. Metadata values are null when the page does not say. */
export interface UserPromptVars {
  /** The digest language code. */
  language: Language;
  /** The digest language in words, e.g. "Indonesian (Bahasa Indonesia)". */
  languageName: string;
  title: string | null;
  /** The credited publisher: a site name that agrees with the host read, else that host (src/ingest/attribution.ts). */
  publisher: string | null;
  publishedAt: string | null;
  /** The URL read after redirects, or its same-site canonical; never a URL the page claims on another site. */
  url: string | null;
  articleLanguage: string;
  /** The article text (already trimmed to the token budget). */
  article: string;
}

/**
 * A fresh fence token per request: 16 hex digits from the OS's CSPRNG. A page cannot close a fence
 * whose token it cannot know; a fixed marker could be imitated (look-alike characters, zero-width
 * joiners) however many spellings were filtered. Injected in tests for deterministic prompts.
 */
export type FenceTokenSource = () => string;
export const randomFenceToken: FenceTokenSource = () => randomBytes(8).toString('hex');

const FENCE_TOKEN = /^[0-9a-z]{8,64}$/;
/** Draws with a token already in the page text are rejected; with 64 random bits one retry is already rare. */
const MAX_FENCE_DRAWS = 8;

/** The lines around the article: `<<<ARTICLE-<token>` and `ARTICLE-<token>>>>`. The system prompt describes this form. */
export function articleFence(token: string): { open: string; close: string } {
  return { open: `<<<ARTICLE-${token}`, close: `ARTICLE-${token}>>>` };
}

// Unicode format characters (Cf): zero-width spaces and joiners, soft hyphens, bidi marks, BOMs,
// tag characters. Invisible, so they only serve to hide text or make look-alike markers.
const FORMAT_CHARS = /\p{Cf}/gu;

/**
 * The article (and metadata) as the model sees it: without invisible format characters. The evidence
 * check folds them away too (normalizeForEvidence), so quotes of this text still verify.
 */
export function stripFormatChars(text: string): string {
  return text.replace(FORMAT_CHARS, '');
}

function readPromptFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `Prompt file ${path} cannot be read.`, { cause: error });
  }
  if (text.trim() === '') throw new AppError('CONFIG_INVALID', `Prompt file ${path} is empty.`);
  return text.trim();
}

// The article placeholder with the fence lines right around it (only whitespace between).
const FENCED_ARTICLE = /\{\{\s*fenceOpen\s*\}\}\s*\{\{\s*article\s*\}\}\s*\{\{\s*fenceClose\s*\}\}/;

/**
 * Reads `<dir>/<version>.system.md` and `<dir>/<version>.user.md`; throws CONFIG_INVALID naming a
 * missing file, or a user template without exactly one `{{article}}` right between `{{fenceOpen}}` and `{{fenceClose}}`.
 */
export function loadPrompts(dir: string, version: string = PROMPT_VERSION): Prompts {
  const userPath = join(dir, `${version}.user.md`);
  const prompts = { version, system: readPromptFile(join(dir, `${version}.system.md`)), user: readPromptFile(userPath) };
  const articles = prompts.user.match(/\{\{\s*article\s*\}\}/g)?.length ?? 0;
  if (articles !== 1 || !FENCED_ARTICLE.test(prompts.user)) {
    throw new AppError('CONFIG_INVALID', `Prompt file ${userPath} must have exactly one {{article}}, right between {{fenceOpen}} and {{fenceClose}}.`);
  }
  return prompts;
}

// Any run of three or more angle brackets (ASCII or full-width) could pass for a fence to the model.
const FENCE_LIKE = /(?:[<\uFF1C\u2039\u00AB]\s*){3,}|(?:[>\uFF1E\u203A\u00BB]\s*){3,}/g;

/**
 * Softens runs of angle brackets in page metadata, which sits above the fence and is never quoted.
 * The article itself is not altered: the random fence token keeps it fenced, and its quotes must
 * stay verbatim for the evidence check.
 */
export function neutralizeFence(text: string): string {
  return text.replace(FENCE_LIKE, (run) => (/[<\uFF1C\u2039\u00AB]/.test(run) ? '‹‹ ' : ' ››'));
}

/** Metadata comes from the page too: one line, no fence, nothing the model could read as a new section. */
function metadataValue(value: string | null): string {
  if (value === null || value.trim() === '') return 'unknown';
  return neutralizeFence(stripFormatChars(value)).replace(/\s+/g, ' ').trim();
}

/** A token that appears in none of the texts (so not even a page that guessed it could close the fence). */
function drawFenceToken(nextToken: FenceTokenSource, texts: readonly string[]): string {
  for (let draw = 0; draw < MAX_FENCE_DRAWS; draw++) {
    const token = nextToken().toLowerCase();
    if (!FENCE_TOKEN.test(token)) throw new AppError('INTERNAL', 'The fence token source returned an invalid token.');
    if (!texts.some((text) => text.toLowerCase().includes(token))) return token;
  }
  throw new AppError('INTERNAL', `No fence token absent from the article after ${MAX_FENCE_DRAWS} draws.`);
}

/**
 * Fills `{{name}}` placeholders in one pass (a value that itself contains `{{…}}` is not expanded).
 * An unknown placeholder throws CONFIG_INVALID: a typo in a prompt file must not reach the model.
 * `{{fenceOpen}}` / `{{fenceClose}}` get a fresh token from `nextToken` on every call.
 */
export function renderUserPrompt(template: string, vars: UserPromptVars, nextToken: FenceTokenSource = randomFenceToken): string {
  const values: Record<string, string> = {
    language: vars.language,
    languageName: vars.languageName,
    title: metadataValue(vars.title),
    publisher: metadataValue(vars.publisher),
    publishedAt: metadataValue(vars.publishedAt),
    url: metadataValue(vars.url),
    articleLanguage: metadataValue(vars.articleLanguage),
    article: stripFormatChars(vars.article),
  };
  const fence = articleFence(drawFenceToken(nextToken, Object.values(values)));
  values.fenceOpen = fence.open;
  values.fenceClose = fence.close;
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_match, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new AppError('CONFIG_INVALID', `The user prompt template uses an unknown placeholder {{${name}}}.`);
    return value;
  });
}
