import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError } from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/core/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import type { DigestEngine, EngineRequest, EngineResult } from '../engine.js';
import { type FenceTokenSource, type Prompts, renderUserPrompt } from '../prompts.js';
import { type DigestDraft, DigestDraftSchema, type Language } from '../schema.js';
import { trimToTokenBudget } from '../trim.js';

/** Settings of the OpenAI (or OpenAI-compatible) engine; `createPipeline` fills them from Config. */
export interface OpenAIEngineOptions {
  /** Absent for local servers (Ollama, llama.cpp, vLLM) that take no key. */
  apiKey?: string | undefined;
  /** Any OpenAI-compatible API root, e.g. http://127.0.0.1:11434/v1. Defaults to api.openai.com. */
  baseURL?: string | undefined;
  model: string;
  /** Per attempt; the SDK aborts and (within maxRetries) retries a request that takes longer. */
  timeoutMs: number;
  /** Retries the SDK itself does on 408/409/429/5xx and connection errors. */
  maxRetries: number;
  /** Estimated tokens of article text sent; longer articles keep their lead. */
  maxInputTokens: number;
  maxOutputTokens: number;
  prompts: Prompts;
  /** Fence tokens around the article, fresh per request (default: crypto-random); injected in tests. */
  fenceToken?: FenceTokenSource;
  /** Injected fetch (tests, proxies). */
  fetch?: typeof fetch;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const MAX_PEOPLE = 6;
const MAX_BACKGROUND = 3;
const MAX_KEY_POINTS = 4;
// A summit's states fit one line; a model that lists a whole organisation's membership is cut, not refused.
const MAX_COUNTRIES = 20;

const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  id: 'Indonesian (Bahasa Indonesia)',
};

const engineNotes = {
  trimmed: (language: Language) =>
    language === 'id'
      ? 'Artikelnya panjang; hanya bagian awalnya yang diringkas.'
      : 'The article was long; only its first part was summarized.',
  quotesInArticleLanguage: (language: Language, articleLanguage: string) => {
    const name = languageName(articleLanguage, language);
    if (name === undefined) return language === 'id' ? 'Kutipan dibiarkan dalam bahasa aslinya.' : 'Quotes are left in the original language.';
    return language === 'id' ? `Kutipan dibiarkan dalam bahasa ${name}, sesuai artikel aslinya.` : `Quotes are left in ${name}, as in the original article.`;
  },
};

function languageName(code: string, inLanguage: Language): string | undefined {
  if (code === 'und' || code.trim() === '') return undefined;
  try {
    const name = new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code);
    // Indonesian DisplayNames answers "Inggris", which reads right after "bahasa".
    return !name || name === code ? undefined : name;
  } catch {
    return undefined;
  }
}

/**
 * Adds the weekday to an ISO date so the model can resolve "Selasa" / "on Tuesday" without
 * calendar arithmetic (models get weekdays wrong). The date part is taken as written, so a
 * Jakarta timestamp keeps its local date.
 */
function describePublishedAt(publishedAt: string | null): string | null {
  if (publishedAt === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(publishedAt);
  if (!match) return publishedAt;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return publishedAt;
  const weekday = date.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  return `${publishedAt} (${weekday})`;
}

/** Removes the key (and anything shaped like one) from text that may end up in logs or chats. */
function redact(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(/\b(sk-[A-Za-z0-9_*-]{4})[A-Za-z0-9_*-]+/g, '$1…[redacted]');
}

/** A copy of an SDK error that is safe to keep as `cause` (the upstream body may echo the key). */
function safeCause(error: unknown, apiKey: string | undefined): unknown {
  if (!(error instanceof Error)) return error;
  const message = redact(error.message, apiKey);
  if (message === error.message) return error;
  const copy = new Error(message);
  copy.name = error.name;
  return copy;
}

function toEngineError(error: unknown, apiKey: string | undefined): AppError {
  if (error instanceof AppError) return error;
  const cause = safeCause(error, apiKey);
  if (error instanceof LengthFinishReasonError) {
    return new AppError('MODEL_OUTPUT_TRUNCATED', 'The model reached its output limit before finishing the digest.', { cause });
  }
  if (error instanceof ContentFilterFinishReasonError) {
    return new AppError('MODEL_REFUSED', 'The model provider\'s content filter stopped the answer.', { cause });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new AppError('MODEL_UNAVAILABLE', 'The model endpoint timed out.', { cause, details: { reason: 'timeout' } });
  }
  if (error instanceof APIConnectionError) {
    return new AppError('MODEL_UNAVAILABLE', 'The model endpoint could not be reached.', { cause, details: { reason: 'connection' } });
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : null;
    const upstream = redact(error.message, apiKey).slice(0, 300);
    return new AppError('MODEL_UNAVAILABLE', `The model endpoint answered with an error: ${upstream}`, {
      cause,
      details: { status, ...(typeof error.code === 'string' ? { code: error.code } : {}) },
    });
  }
  if (error instanceof OpenAIError) {
    return new AppError('MODEL_UNAVAILABLE', `The model client failed: ${redact(error.message, apiKey).slice(0, 300)}`, { cause });
  }
  // The SDK parses the reply inside `parse()`: JSON.parse and zod errors surface here, and so does
  // a 200 response without `choices` from a half-compatible server.
  if (error instanceof SyntaxError) return new AppError('MODEL_OUTPUT_INVALID', 'The model reply is not JSON.', { cause });
  if (error instanceof z.ZodError) {
    return new AppError('MODEL_OUTPUT_INVALID', `The model reply does not match the digest schema — ${describeIssues(error)}`, { cause });
  }
  const detail = error instanceof Error ? redact(error.message, apiKey).slice(0, 300) : '';
  return new AppError('MODEL_OUTPUT_INVALID', `The model reply is not a valid digest${detail ? `: ${detail}` : '.'}`, { cause });
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function validateDraft(parsed: unknown, content: string | null): DigestDraft {
  let candidate = parsed;
  if (candidate === null || candidate === undefined) {
    if (!content || content.trim() === '') throw new AppError('MODEL_OUTPUT_INVALID', 'The model returned an empty reply.');
    try {
      candidate = JSON.parse(content);
    } catch (error) {
      throw new AppError('MODEL_OUTPUT_INVALID', 'The model reply is not JSON.', { cause: error });
    }
  }
  const result = DigestDraftSchema.safeParse(candidate);
  if (!result.success) {
    throw new AppError('MODEL_OUTPUT_INVALID', `The model reply does not match the digest schema — ${describeIssues(result.error)}`, {
      cause: result.error,
    });
  }
  const draft = result.data;
  // The prompt asks for at most 6 people, 4 key points and 3 background items; the strict schema has no array limits.
  return {
    ...draft,
    who: draft.who.slice(0, MAX_PEOPLE),
    countries: [...new Set(draft.countries.map((country) => country.trim()).filter((country) => country !== ''))].slice(0, MAX_COUNTRIES),
    keyPoints: draft.keyPoints.slice(0, MAX_KEY_POINTS),
    background: draft.background.slice(0, MAX_BACKGROUND),
  };
}

/** The LLM engine: one chat completion with a strict JSON schema per digest. */
export function createOpenAIEngine(options: OpenAIEngineOptions): DigestEngine {
  const client = new OpenAI({
    // Local OpenAI-compatible servers ignore the key, but the SDK insists on one.
    apiKey: options.apiKey ?? 'not-needed',
    baseURL: options.baseURL ?? DEFAULT_BASE_URL,
    // Explicit nulls stop the SDK from reading OPENAI_ORG_ID etc. from the environment behind Config's back.
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const responseFormat = zodResponseFormat(DigestDraftSchema, 'digest');

  async function generate({ article, language }: EngineRequest): Promise<EngineResult> {
    const trimmed = trimToTokenBudget(article.text, options.maxInputTokens);
    const vars = {
      language,
      languageName: LANGUAGE_NAMES[language],
      title: article.title,
      publisher: article.publisher,
      publishedAt: describePublishedAt(article.publishedAt),
      url: article.url,
      articleLanguage: article.language,
      article: trimmed.text,
    };
    const user = renderUserPrompt(options.prompts.user, vars, options.fenceToken);

    let completion;
    try {
      // One logical call: the SDK already retries 429/5xx/timeouts, so no loop of our own.
      completion = await client.chat.completions.parse({
        model: options.model,
        messages: [
          { role: 'system', content: options.prompts.system },
          { role: 'user', content: user },
        ],
        response_format: responseFormat,
        // max_tokens rather than max_completion_tokens: every OpenAI-compatible server accepts it.
        max_tokens: options.maxOutputTokens,
        temperature: 0.2,
      });
    } catch (error) {
      throw toEngineError(error, options.apiKey);
    }

    const choice = completion.choices[0];
    if (!choice) throw new AppError('MODEL_OUTPUT_INVALID', 'The model reply has no choices.');
    const { message } = choice;
    if (message.refusal) {
      throw new AppError('MODEL_REFUSED', `The model refused: ${message.refusal.slice(0, 200)}`);
    }
    // Some compatible servers do not set finish_reason the way the SDK checks, so look again.
    if (choice.finish_reason === 'length') {
      throw new AppError('MODEL_OUTPUT_TRUNCATED', 'The model reached its output limit before finishing the digest.');
    }
    const draft = validateDraft(message.parsed, message.content);

    const notes: string[] = [];
    if (trimmed.trimmed) notes.push(engineNotes.trimmed(language));
    const quoted = draft.agreements.length + draft.nextSteps.length > 0;
    if (quoted && article.language !== language) notes.push(engineNotes.quotesInArticleLanguage(language, article.language));
    return { draft, notes };
  }

  return { name: 'openai', model: options.model, generate };
}
