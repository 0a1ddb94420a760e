import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, parseConfig } from '../config/config.js';
import type { DigestInput, DigestService, EngineChoice } from '../digest/digest-service.js';
import { createMemoryDigestCache } from '../digest/memory-cache.js';
import { renderDigestHtml, renderDigestJson, renderDigestText } from '../digest/render/index.js';
import { type Language, LanguageSchema } from '../digest/schema.js';
import { AppError, type AppErrorCode, toAppError } from '../errors/app-error.js';
import { userMessage } from '../errors/user-messages.js';
import { decodeBody } from '../ingest/charset.js';
import { readableKind } from '../ingest/document-reader.js';
import { createCpuPool } from '../infra/cpu-pool.js';
import { createPipeline } from '../pipeline.js';

export const USAGE = `Usage: npm run digest -- [--lang en|id] [--format text|html|json|article] [--engine auto|openai|extractive] <url | file | ->

  <url>     an http(s) link to a news article, a PDF or a Word .docx (read by content whatever the server calls it)
  <file>    a local file, recognised by its content: a PDF (text layer read, up to 50 pages), a Word .docx,
            an .html/.htm page (extracted like a fetched page), a .md file or a text file (pasted text).
            Old .doc files, images and other binary files are refused.
  -         read the article text from standard input

  --lang    digest language (default: DEFAULT_LANGUAGE, else en)
  --format  text (default), html (Telegram HTML), json (the digest schema), article (what was read)
  --engine  auto (default: SUMMARIZER), openai, extractive`;

/** The world the CLI talks to, injected so tests run it in-process. */
export interface CliIo {
  env: Record<string, string | undefined>;
  readStdin: () => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Overrides for tests (model fetch, clock, or a whole service). */
  createService?: (config: Config) => DigestService;
}

const FORMATS = ['text', 'html', 'json', 'article'] as const;
type Format = (typeof FORMATS)[number];
const ENGINES = ['auto', 'openai', 'extractive'] as const;

class UsageError extends Error {}

interface CliOptions {
  language: Language;
  format: Format;
  engine: EngineChoice | undefined;
  source: string;
}

function parseCliArgs(argv: string[], config: Config): CliOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lang: { type: 'string', short: 'l' },
      format: { type: 'string', short: 'f' },
      engine: { type: 'string', short: 'e' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new UsageError('');
  const language = values.lang ?? config.defaultLanguage;
  if (!LanguageSchema.safeParse(language).success) throw new UsageError(`--lang must be "en" or "id", not "${language}".`);
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}".`);
  if (values.engine !== undefined && !(ENGINES as readonly string[]).includes(values.engine)) {
    throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}, not "${values.engine}".`);
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'Give one article: a URL, a file, or - for standard input.' : 'Give exactly one article at a time.');
  }
  return {
    language: language as Language,
    format: format as Format,
    engine: values.engine as EngineChoice | undefined,
    source: positionals[0] as string,
  };
}

/** Standard input arrives decoded as UTF-8, which a PDF or .docx does not survive: those and binaries piped in are refused. */
function stdinInput(text: string): DigestInput {
  // readableKind refuses binaries (UNSUPPORTED_FILE); text, HTML and Markdown stay pasted text.
  const kind = readableKind(Buffer.from(text.slice(0, 65_536), 'utf8'), { fileName: 'standard input' });
  if (kind === 'pdf' || kind === 'docx') {
    const what = kind === 'pdf' ? 'a PDF' : 'a Word document';
    throw new AppError('FILE_NOT_READABLE', `Standard input is ${what}: give its file path instead of piping it.`, { details: { reason: `${kind}-on-stdin` } });
  }
  return { kind: 'text', text };
}

async function resolveInput(source: string, io: CliIo): Promise<DigestInput> {
  if (source === '-') return stdinInput(await io.readStdin());
  // Anything with a scheme is a URL; the fetcher refuses the non-http(s) ones with a clear error.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return { kind: 'url', url: source };
  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new AppError('FILE_NOT_READABLE', `No such file: ${source}. Give a URL starting with http:// or https://, a file path, or - for standard input.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(source);
  } catch (error) {
    throw new AppError('FILE_NOT_READABLE', `Cannot read ${source}.`, { cause: error });
  }
  // The content decides, not the name: a PDF goes to the PDF reader, never into the text path as `%PDF-1.4 … Tj`.
  const fileName = basename(source);
  switch (readableKind(bytes, { fileName })) {
    case 'html':
      return { kind: 'html', html: decodeBody(bytes, null, true), url: null };
    case 'text':
      return { kind: 'text', text: decodeBody(bytes, null, false) };
    default:
      return { kind: 'document', bytes, fileName, mimeType: null };
  }
}

/**
 * Failures of the operator's own setup: the log message names the file, setting or service to fix, where the chat
 * wording only says the bot is misconfigured.
 */
const OPERATOR_CODES: ReadonlySet<AppErrorCode> = new Set(['FILE_NOT_READABLE', 'CONFIG_INVALID', 'STORE_UNAVAILABLE', 'MODEL_UNAVAILABLE']);

/** The error code plus the one fact worth a glance next to the sentence: the HTTP status or the kind of page refused. */
function errorTag(error: AppError): string {
  const { status, reason } = error.details;
  const fact = typeof status === 'number' ? String(status) : typeof reason === 'string' ? reason : '';
  return fact ? `${error.code} ${fact}` : error.code;
}

/** Runs the CLI; returns the process exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let config: Config;
  try {
    config = parseConfig(io.env);
  } catch (error) {
    io.stderr(`kabar: ${toAppError(error).message}`);
    return 3;
  }
  let options: CliOptions;
  try {
    options = parseCliArgs(argv, config);
  } catch (error) {
    const message = error instanceof UsageError ? error.message : error instanceof Error ? error.message : String(error);
    io.stderr(message ? `kabar: ${message}\n\n${USAGE}` : USAGE);
    return message ? 2 : 0;
  }

  // With WORKER_THREADS set, one worker thread: a hostile page or file is stopped at JOB_TIME_LIMIT_MS instead of
  // running for minutes. Unset, the CLI reads in-process, sparing a one-shot run the worker's module loading (~1 s).
  const workers =
    !io.createService && (config.workers.threads ?? 0) > 0 ? createCpuPool({ threads: 1, timeLimitMs: config.workers.jobTimeLimitMs }) : undefined;
  try {
    const service =
      io.createService?.(config) ??
      createPipeline(config, { cache: createMemoryDigestCache({ ttlMs: config.digestCacheTtlMs }), ...(workers ? { workers } : {}) });
    const input = await resolveInput(options.source, io);
    if (options.format === 'article') {
      const article = await service.read(input);
      io.stdout(JSON.stringify(article, null, 2));
      return 0;
    }
    const { digest } = await service.digest({ input, language: options.language, ...(options.engine ? { engine: options.engine } : {}) });
    const render = { text: renderDigestText, html: renderDigestHtml, json: renderDigestJson }[options.format];
    io.stdout(render(digest));
    return 0;
  } catch (error) {
    const appError = toAppError(error);
    // One line: which input, then one sentence. That is the user wording (errors/user-messages.ts), not the log
    // message as well: the two said the same thing twice. Internal errors keep their details out.
    const what =
      appError.code === 'INTERNAL' ? 'unexpected error' : OPERATOR_CODES.has(appError.code) ? appError.message : userMessage(appError, 'en');
    io.stderr(`kabar: ${options.source}: ${what} [${errorTag(appError)}]`);
    return 1;
  } finally {
    await workers?.close();
  }
}
