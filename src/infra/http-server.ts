import { isAppError } from '../errors/app-error.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';

/** Webhook mode: where Telegram POSTs updates and the secret it must send along. */
export interface WebhookOptions {
  /** URL path, e.g. "/telegram". */
  path: string;
  /** The `secret_token` given to setWebhook; Telegram echoes it in X-Telegram-Bot-Api-Secret-Token. */
  secret: string;
  /** Hands a parsed update to the bot (e.g. `(update) => bot.handleUpdate(update)`). */
  handle: (update: unknown) => Promise<void>;
}

/** What /healthz reports. `ok: false` (shutting down) answers 503. */
export interface HealthReport {
  ok: boolean;
  [key: string]: unknown;
}

/** Logging the server needs (a pino logger fits). */
export interface HttpServerLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface HttpServerOptions {
  port: number;
  /** Defaults to all interfaces; tests pass 127.0.0.1. */
  host?: string;
  webhook?: WebhookOptions;
  health: () => HealthReport;
  /** Larger bodies get 413. Telegram updates are a few KB; default 1 MB. */
  maxBodyBytes?: number;
  logger?: HttpServerLogger;
  /** When given, GET /metrics serves its Prometheus text (src/bot/metrics.ts). */
  metrics?: { contentType: string; render(): Promise<string> };
}

/** The process's HTTP side: /healthz always, the webhook endpoint in webhook mode. */
export interface HttpServer {
  listen(): Promise<{ port: number }>;
  /** Stops accepting connections and waits (bounded) for requests in progress. */
  close(timeoutMs?: number): Promise<void>;
}

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const DEFAULT_MAX_BODY = 1024 * 1024;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison; hashing first makes both sides the same length. */
export function secretMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  // An explicit Content-Length keeps keep-alive clients from waiting for more.
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const startedAt = Date.now();
  let server: Server | undefined;

  async function handleWebhook(req: IncomingMessage, res: ServerResponse, webhook: WebhookOptions): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendJson(res, 405, { error: 'method not allowed' });
    }
    // Checked before reading the body, so a stranger cannot make us parse anything.
    if (!secretMatches(webhook.secret, req.headers[SECRET_HEADER])) {
      options.logger?.warn({ remote: req.socket.remoteAddress }, 'webhook request with a missing or wrong secret');
      req.resume();
      return sendJson(res, 403, { error: 'forbidden' });
    }
    if (!options.health().ok) {
      // Shutting down: Telegram retries a failed delivery, so the update is not lost.
      req.resume();
      return sendJson(res, 503, { error: 'shutting down' });
    }
    let update: unknown;
    try {
      update = JSON.parse((await readBody(req, maxBody)).toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, { error: 'payload too large' });
      }
      return sendJson(res, 400, { error: 'invalid JSON' });
    }
    if (typeof update !== 'object' || update === null || typeof (update as { update_id?: unknown }).update_id !== 'number') {
      return sendJson(res, 400, { error: 'not a Telegram update' });
    }
    try {
      await webhook.handle(update);
    } catch (error) {
      if (isAppError(error) && error.code === 'STORE_UNAVAILABLE') {
        // Nothing was stored: Telegram keeps the update and redelivers it, maybe to a healthier instance.
        options.logger?.warn({ updateId: (update as { update_id: number }).update_id }, 'webhook update refused: database unavailable');
        return sendJson(res, 503, { error: 'temporarily unavailable' });
      }
      // Answering 200 anyway: Telegram would redeliver a failing update again and again.
      options.logger?.error({ err: error, updateId: (update as { update_id: number }).update_id }, 'webhook update failed');
    }
    sendJson(res, 200, { ok: true });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return sendJson(res, 405, { error: 'method not allowed' });
      }
      const { ok, ...rest } = options.health();
      return sendJson(res, ok ? 200 : 503, {
        status: ok ? 'ok' : 'shutting_down',
        uptimeSec: Math.round((Date.now() - startedAt) / 1000),
        ...rest,
      });
    }
    if (options.metrics && path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      const text = await options.metrics.render();
      res.writeHead(200, { 'content-type': options.metrics.contentType, 'content-length': Buffer.byteLength(text) });
      return void res.end(req.method === 'HEAD' ? undefined : text);
    }
    if (options.webhook && path === options.webhook.path) return handleWebhook(req, res, options.webhook);
    req.resume();
    sendJson(res, 404, { error: 'not found' });
  }

  return {
    listen() {
      return new Promise((resolve, reject) => {
        const s = createServer((req, res) => {
          route(req, res).catch((error: unknown) => {
            options.logger?.error({ err: error }, 'http request failed');
            if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
            else res.destroy();
          });
        });
        // Bounds slow-loris style clients; Telegram sends a whole update at once.
        s.requestTimeout = 30_000;
        s.headersTimeout = 10_000;
        s.once('error', reject);
        s.listen(options.port, options.host, () => {
          s.off('error', reject);
          server = s;
          const address = s.address();
          resolve({ port: typeof address === 'object' && address ? address.port : options.port });
        });
      });
    },
    close(timeoutMs = 5000) {
      const s = server;
      server = undefined;
      if (!s) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => s.closeAllConnections(), timeoutMs);
        timer.unref();
        s.close(() => {
          clearTimeout(timer);
          resolve();
        });
        s.closeIdleConnections();
      });
    },
  };
}
