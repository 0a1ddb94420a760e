import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { Response } from 'undici';
import { AppError } from '../errors/app-error.js';
import { decodeBody } from './charset.js';
import { DOCX_TYPE, isEncryptedOffice, isLegacyWord, sniffDocument } from './documents/document-sniff.js';
import type { FetchedPage, PageFetcher } from './page-fetcher.js';
import { createAddressPolicy, type AddressPolicy } from './ip-policy.js';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** DNS resolution, injectable so tests can point made-up host names at local servers. */
export type LookupAll = (hostname: string) => Promise<ResolvedAddress[]>;

/** Options of createSafeFetcher. */
export interface SafeFetcherOptions {
  /** Budget for the whole fetch: DNS, every redirect hop and the full body. */
  timeoutMs: number;
  /** Largest decoded body accepted, in bytes. */
  maxBytes: number;
  /** IPs or CIDRs exempt from the private-address block (e.g. ["127.0.0.1"] for local tests). */
  allowPrivate: string[];
  userAgent?: string;
  /** Redirect hops followed before TOO_MANY_REDIRECTS; default 5. */
  maxRedirects?: number;
  /** Defaults to the system resolver (dns.lookup with all: true). */
  lookup?: LookupAll;
}

export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; KabarBot/0.1; +https://github.com/kabar-bot)';

const ACCEPT = `text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.9,${DOCX_TYPE};q=0.9,text/plain;q=0.8,*/*;q=0.1`;
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set([...HTML_TYPES, 'text/plain']);
/** Labels under which a PDF arrives; application/octet-stream is read only when its bytes turn out to be a PDF. */
const PDF_TYPES = new Set(['application/pdf', 'application/x-pdf']);
/**
 * Labels that say "some file" rather than what it is: the bytes decide. Servers (IIS in particular) send a .docx as
 * application/msword or as a zip, and a download script as octet-stream.
 */
const BINARY_LABELS = new Set(['application/octet-stream', 'binary/octet-stream', 'application/zip', 'application/x-zip-compressed', 'application/msword']);
/** A .docx arrives under its own type, under one of the binary labels, or with no type (the zip's entries decide then). */
const ACCEPTED_TYPES = new Set([...TEXT_TYPES, ...PDF_TYPES, DOCX_TYPE, ...BINARY_LABELS]);
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const systemLookup: LookupAll = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** URL.hostname keeps the brackets of an IPv6 literal. */
function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function parseAllowedUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (error) {
    throw new AppError('URL_NOT_ALLOWED', `Not a valid URL: ${raw.slice(0, 200)}`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('URL_NOT_ALLOWED', `Only http and https URLs can be fetched, not ${url.protocol} (${url.host || url.href.slice(0, 100)})`, {
      details: { protocol: url.protocol },
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError('URL_NOT_ALLOWED', `Refusing a URL with a user name or password (${url.host})`);
  }
  return url;
}

/** Node's connect path calls this instead of DNS, so the socket goes to the address that was vetted. */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/** Resolves when the promise does, rejects as soon as the signal aborts (DNS calls cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = current.cause;
  }
  return undefined;
}

/** The media type of a Content-Type header, lower-cased, without parameters ('' when absent). */
export function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** What {@link SafeRequest} asks for beyond the URL. */
export interface SafeRequestInit {
  /** The Accept header. */
  accept: string;
  /** Extra request headers (e.g. If-None-Match); User-Agent and Accept are set from the options. */
  headers?: Record<string, string>;
  /**
   * Called with a 2xx response before its body is read, so a caller can refuse a content type
   * without downloading it (throw an AppError).
   */
  beforeBody?: (response: { url: URL; status: number; headers: SafeHeaders }) => void;
}

/** Read access to response headers. */
export interface SafeHeaders {
  get(name: string): string | null;
}

/** The final response after redirects. Non-2xx answers come back with an empty body, for the caller to judge. */
export interface SafeResponse {
  url: URL;
  status: number;
  headers: SafeHeaders;
  body: Uint8Array;
}

/** One vetted GET: see {@link createSafeRequester}. */
export type SafeRequest = (url: string, init: SafeRequestInit) => Promise<SafeResponse>;

/**
 * A GET for URLs supplied by untrusted users: http(s) only, every resolved address vetted
 * (loopback, private, link-local, reserved… refused unless `allowPrivate` exempts them), the TCP
 * connection pinned to the vetted address (no DNS-rebinding window), redirects followed by hand
 * and re-checked hop by hop, one deadline for the whole response and a streamed size cap.
 * Shared by the article fetcher and the feed fetcher. Throws AppError CONFIG_INVALID for a bad
 * allowPrivate entry.
 */
export function createSafeRequester(options: SafeFetcherOptions): SafeRequest {
  const policy: AddressPolicy = createAddressPolicy(options.allowPrivate);
  const lookup = options.lookup ?? systemLookup;
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const { timeoutMs, maxBytes } = options;

  async function vet(url: URL, signal: AbortSignal): Promise<ResolvedAddress> {
    const host = bareHost(url);
    const literal = isIP(host);
    let addresses: ResolvedAddress[];
    if (literal !== 0) {
      addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
    } else {
      try {
        addresses = await untilAborted(lookup(host), signal);
      } catch (error) {
        if (signal.aborted) throw error;
        throw new AppError('FETCH_FAILED', `Could not resolve ${host}: ${errorCode(error) ?? 'DNS lookup failed'}`, {
          cause: error,
          details: { host },
        });
      }
    }
    const first = addresses[0];
    if (first === undefined) {
      throw new AppError('FETCH_FAILED', `Could not resolve ${host}: no addresses`, { details: { host } });
    }
    // Every address must pass, not just the one used: a mixed answer is itself a rebinding attempt.
    for (const { address } of addresses) {
      const verdict = policy.check(address);
      if (verdict.blocked) {
        throw new AppError('BLOCKED_ADDRESS', `Refusing ${host}: it resolves to ${address}, a ${verdict.range} address`, {
          details: { host, address, range: verdict.range },
        });
      }
    }
    return first;
  }

  async function readBody(url: URL, response: Response, controller: AbortController): Promise<Uint8Array> {
    const body = response.body;
    if (body === null) return new Uint8Array(0);
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        // Abort right away so the server stops sending; buffering the rest would defeat the cap.
        controller.abort(new Error('body too large'));
        throw new AppError('TOO_LARGE', `The page at ${url.host} is larger than ${maxBytes} bytes`, {
          details: { host: url.host, maxBytes },
        });
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks, total);
  }

  async function finish(url: URL, response: Response, controller: AbortController, init: SafeRequestInit): Promise<SafeResponse> {
    const { status, headers } = response;
    if (status < 200 || status > 299) {
      await response.body?.cancel().catch(() => undefined);
      return { url, status, headers, body: new Uint8Array(0) };
    }
    const declaredLength = Number(headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
      throw new AppError('TOO_LARGE', `The page at ${url.host} is ${declaredLength} bytes, more than ${maxBytes}`, {
        details: { host: url.host, maxBytes, contentLength: declaredLength },
      });
    }
    init.beforeBody?.({ url, status, headers });
    return { url, status, headers, body: await readBody(url, response, controller) };
  }

  async function request(raw: string, init: SafeRequestInit): Promise<SafeResponse> {
    let url = parseAllowedUrl(raw.trim());
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    try {
      for (let hop = 0; ; hop++) {
        const target = await vet(url, controller.signal);
        // undici (about 5 MB of heap) is loaded by the first fetch, not by a bot that has fetched nothing yet.
        const { Agent, fetch } = await import('undici');
        const agent = new Agent({
          connect: { lookup: pinnedLookup(target), timeout: timeoutMs },
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        try {
          const response = await fetch(url, {
            dispatcher: agent,
            redirect: 'manual',
            signal: controller.signal,
            headers: {
              'accept-language': 'en,id;q=0.9,*;q=0.5',
              'accept-encoding': 'gzip, deflate, br',
              ...init.headers,
              'user-agent': userAgent,
              accept: init.accept,
            },
          });
          if (!REDIRECT_STATUSES.has(response.status)) return await finish(url, response, controller, init);

          await response.body?.cancel().catch(() => undefined);
          const location = response.headers.get('location');
          if (location === null) {
            throw new AppError('HTTP_STATUS', `${url.host} answered HTTP ${response.status} without a Location`, {
              details: { host: url.host, status: response.status },
            });
          }
          if (hop >= maxRedirects) {
            throw new AppError('TOO_MANY_REDIRECTS', `${url.host} redirected more than ${maxRedirects} times`, {
              details: { host: url.host, maxRedirects },
            });
          }
          url = parseAllowedUrl(location, url);
        } finally {
          // Closes the socket too, so an abandoned body stops downloading.
          agent.destroy().catch(() => undefined);
        }
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (timedOut) {
        throw new AppError('FETCH_TIMEOUT', `${url.host} did not send the whole page within ${timeoutMs} ms`, {
          cause: error,
          details: { host: url.host, timeoutMs },
        });
      }
      throw new AppError('FETCH_FAILED', `Could not fetch ${url.host}: ${errorCode(error) ?? (error instanceof Error ? error.message : String(error))}`, {
        cause: error,
        details: { host: url.host },
      });
    } finally {
      clearTimeout(timer);
    }
  }

  return request;
}

/**
 * A PageFetcher for URLs pasted by untrusted users: the vetted GET of {@link createSafeRequester}
 * plus a content-type check (HTML, XHTML, plain text, PDF, .docx, or octet-stream that is a PDF or .docx) and
 * charset-aware decoding. A PDF, recognised by its %PDF- signature whatever the label, and a .docx (its type, or a
 * zip holding word/document.xml) come back undecoded in `bytes`.
 */
export function createSafeFetcher(options: SafeFetcherOptions): PageFetcher {
  const request = createSafeRequester(options);

  async function fetchPage(raw: string): Promise<FetchedPage> {
    let declared: string | null = null;
    let contentType = '';
    const response = await request(raw, {
      accept: ACCEPT,
      beforeBody: ({ url, headers }) => {
        declared = headers.get('content-type');
        contentType = mediaType(declared);
        if (contentType !== '' && !ACCEPTED_TYPES.has(contentType)) {
          throw new AppError('UNSUPPORTED_CONTENT_TYPE', `${url.host} sent ${contentType}, not a web page, a PDF or a .docx`, {
            details: { host: url.host, contentType },
          });
        }
      },
    });
    const host = response.url.host;
    if (response.status < 200 || response.status > 299) {
      throw new AppError('HTTP_STATUS', `${host} answered HTTP ${response.status}`, {
        details: { host, status: response.status },
      });
    }
    const bytes = response.body;
    // The bytes decide before any decoding: servers label PDFs text/html or octet-stream, and a PDF digested as
    // markup is nonsense. A body labelled PDF without the signature goes to the PDF reader too (PDF_UNREADABLE).
    if (PDF_TYPES.has(contentType) || sniffDocument(bytes.subarray(0, 1024)) === 'pdf') {
      return { url: response.url.href, status: response.status, contentType: 'application/pdf', body: '', bytes };
    }
    // Declared a .docx (a password-protected one is not a zip; the reader says so), or a zip that holds one.
    if (contentType === DOCX_TYPE || (isZip(bytes) && sniffDocument(bytes) === 'docx')) {
      return { url: response.url.href, status: response.status, contentType: DOCX_TYPE, body: '', bytes };
    }
    // Labelled Word but an OLE container: a password-protected .docx (the reader says it needs a password) or an old
    // .doc (the reader names it and says to save it as .docx or PDF), rather than a generic refusal.
    if (contentType === 'application/msword') {
      const encrypted = isEncryptedOffice(bytes);
      if (encrypted || isLegacyWord(bytes)) return { url: response.url.href, status: response.status, contentType: encrypted ? DOCX_TYPE : contentType, body: '', bytes };
    }
    if (BINARY_LABELS.has(contentType)) {
      throw new AppError('UNSUPPORTED_CONTENT_TYPE', `${host} sent ${contentType} that is not a PDF or a .docx`, {
        details: { host, contentType },
      });
    }
    if (contentType === '') {
      const start = Buffer.from(bytes.subarray(0, 512)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
      if (!start.startsWith('<')) {
        throw new AppError('UNSUPPORTED_CONTENT_TYPE', `${host} sent no content type and the body is not HTML`, {
          details: { host, contentType: null },
        });
      }
      contentType = 'text/html';
    }
    return { url: response.url.href, status: response.status, contentType, body: decodeBody(bytes, declared, HTML_TYPES.has(contentType)) };
  }

  return { fetchPage };
}
