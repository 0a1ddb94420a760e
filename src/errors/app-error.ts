/**
 * Every failure the product knows how to explain. The bot and the CLI map a code to one
 * user-facing line (see user-messages.ts); anything else is INTERNAL and shown generically.
 */
export type AppErrorCode =
  /** The input is neither a usable URL nor enough text to summarize. */
  | 'INVALID_INPUT'
  /** A local file given to the CLI does not exist or cannot be read. */
  | 'FILE_NOT_READABLE'
  /** Not an http(s) URL, or a URL with credentials. */
  | 'URL_NOT_ALLOWED'
  /** The host resolves to a loopback/private/link-local/reserved address (SSRF guard). */
  | 'BLOCKED_ADDRESS'
  /** DNS failure, connection refused/reset: the page is not reachable. */
  | 'FETCH_FAILED'
  /** The server took longer than FETCH_TIMEOUT_MS for the whole response. */
  | 'FETCH_TIMEOUT'
  /** The server answered with a non-2xx status. */
  | 'HTTP_STATUS'
  /** More redirect hops than allowed. */
  | 'TOO_MANY_REDIRECTS'
  /** The body is bigger than FETCH_MAX_BYTES, an upload over its cap, a .docx declaring too much, or a worker out of memory. */
  | 'TOO_LARGE'
  /** PDF, image, video… anything that is not HTML/XHTML/plain text. */
  | 'UNSUPPORTED_CONTENT_TYPE'
  /** Cookie wall, paywall teaser, section front: too little article text. */
  | 'NOT_AN_ARTICLE'
  /** The page nests its elements deeper than MAX_NESTING_DEPTH: refused before the DOM parse, which would take minutes. */
  | 'PAGE_TOO_COMPLEX'
  /** The extractive engine only knows English and Indonesian. */
  | 'UNSUPPORTED_LANGUAGE'
  /** The model endpoint failed after the SDK's own retries (network, 5xx, 429, auth). */
  | 'MODEL_UNAVAILABLE'
  /** The model refused to answer. */
  | 'MODEL_REFUSED'
  /** The model hit its output limit before finishing the JSON. */
  | 'MODEL_OUTPUT_TRUNCATED'
  /** The model replied with something that is not JSON or does not match the digest schema. */
  | 'MODEL_OUTPUT_INVALID'
  /** A user exceeded USER_DIGESTS_PER_HOUR. */
  | 'QUOTA_EXCEEDED'
  /** Environment configuration is invalid. */
  | 'CONFIG_INVALID'
  /** The database is not reachable (PostgreSQL down, wrong host or credentials). */
  | 'STORE_UNAVAILABLE'
  /** Reading or summarizing one input ran past JOB_TIME_LIMIT_MS; its worker thread was stopped. */
  | 'PROCESSING_TIMEOUT'
  /** A PDF whose pages carry (almost) no text: a scan or pictures of text. */
  | 'PDF_NO_TEXT'
  /** A PDF that needs a password to open. */
  | 'PDF_ENCRYPTED'
  /** Bytes that claim to be a PDF but pdf.js cannot parse (truncated, damaged, not a PDF). */
  | 'PDF_UNREADABLE'
  /** A Word document (.docx) that needs a password to open. */
  | 'DOCX_ENCRYPTED'
  /** Bytes that claim to be a .docx but are not a readable one (not a zip, truncated, no word/document.xml). */
  | 'DOCX_UNREADABLE'
  /** An uploaded or local file of a kind the reader does not take (images, archives, old .doc and other office files…). */
  | 'UNSUPPORTED_FILE'
  | 'INTERNAL';

export interface AppErrorOptions {
  cause?: unknown;
  /** Extra machine-readable facts (e.g. the HTTP status, the content type, retry-after seconds). */
  details?: Record<string, string | number | boolean | null>;
}

/** The one error type of the application. `message` is for logs and the CLI, never raw for chat users. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly details: Record<string, string | number | boolean | null>;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(value: unknown, fallback: AppErrorCode = 'INTERNAL'): AppError {
  if (value instanceof AppError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new AppError(fallback, message, { cause: value });
}
