import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { type HttpServer, type HttpServerOptions, createHttpServer, secretMatches } from '../../src/infra/http-server.js';

interface Reply {
  status: number;
  body: any;
}

function call(port: number, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const SECRET = 'hook_Secret-123';
const UPDATE = { update_id: 42, message: { message_id: 1, date: 0, chat: { id: 5, type: 'private' }, text: '/start' } };

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(overrides: Partial<HttpServerOptions> = {}) {
  const handled: unknown[] = [];
  let ok = true;
  server = createHttpServer({
    port: 0,
    host: '127.0.0.1',
    health: () => ({ ok, mode: 'webhook' }),
    webhook: { path: '/telegram', secret: SECRET, handle: async (update) => void handled.push(update) },
    ...overrides,
  });
  const { port } = await server.listen();
  return { port, handled, setOk: (value: boolean) => (ok = value) };
}

const json = (secret?: string) => ({
  'content-type': 'application/json',
  ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
});

describe('createHttpServer', () => {
  it('hands a webhook update with the right secret to the bot', async () => {
    const { port, handled } = await start();
    const reply = await call(port, 'POST', '/telegram', { headers: json(SECRET), body: JSON.stringify(UPDATE) });
    expect(reply.status).toBe(200);
    expect(handled).toEqual([UPDATE]);
  });

  it('refuses a webhook update with a wrong secret with 403 and does not handle it', async () => {
    const { port, handled } = await start();
    const reply = await call(port, 'POST', '/telegram', { headers: json('hook_Secret-124'), body: JSON.stringify(UPDATE) });
    expect(reply.status).toBe(403);
    expect(handled).toEqual([]);
  });

  it('refuses a webhook update without the secret header with 403', async () => {
    const { port, handled } = await start();
    const reply = await call(port, 'POST', '/telegram', { headers: json(), body: JSON.stringify(UPDATE) });
    expect(reply.status).toBe(403);
    expect(handled).toEqual([]);
  });

  it('rejects a body over the size limit with 413', async () => {
    const { port, handled } = await start({ maxBodyBytes: 100 });
    const body = JSON.stringify({ update_id: 1, message: { text: 'x'.repeat(500) } });
    const reply = await call(port, 'POST', '/telegram', { headers: json(SECRET), body });
    expect(reply.status).toBe(413);
    expect(handled).toEqual([]);
  });

  it('rejects a body that is not a Telegram update with 400', async () => {
    const { port, handled } = await start();
    expect((await call(port, 'POST', '/telegram', { headers: json(SECRET), body: '{not json' })).status).toBe(400);
    expect((await call(port, 'POST', '/telegram', { headers: json(SECRET), body: '{"hello":1}' })).status).toBe(400);
    expect(handled).toEqual([]);
  });

  it('answers 200 even when the bot fails on an update, so Telegram does not redeliver it forever', async () => {
    const errors: object[] = [];
    const { port } = await start({
      webhook: { path: '/telegram', secret: SECRET, handle: async () => Promise.reject(new Error('boom')) },
      logger: { warn: () => {}, error: (obj) => void errors.push(obj) },
    });
    const reply = await call(port, 'POST', '/telegram', { headers: json(SECRET), body: JSON.stringify(UPDATE) });
    expect(reply.status).toBe(200);
    expect(errors).toHaveLength(1);
  });

  it('answers 503 when the update could not be stored, so Telegram delivers it again', async () => {
    const warnings: object[] = [];
    const outage = new AppError('STORE_UNAVAILABLE', 'database unreachable');
    const { port } = await start({
      webhook: { path: '/telegram', secret: SECRET, handle: async () => Promise.reject(outage) },
      logger: { warn: (obj) => void warnings.push(obj), error: () => {} },
    });
    const reply = await call(port, 'POST', '/telegram', { headers: json(SECRET), body: JSON.stringify(UPDATE) });
    expect(reply.status).toBe(503);
    expect(JSON.stringify(reply.body)).not.toContain('database');
    expect(warnings).toHaveLength(1);
  });

  it('answers 503 to webhook updates while shutting down', async () => {
    const { port, handled, setOk } = await start();
    setOk(false);
    const reply = await call(port, 'POST', '/telegram', { headers: json(SECRET), body: JSON.stringify(UPDATE) });
    expect(reply.status).toBe(503);
    expect(handled).toEqual([]);
  });

  it('only accepts POST on the webhook path', async () => {
    const { port } = await start();
    expect((await call(port, 'GET', '/telegram')).status).toBe(405);
  });

  it('reports health with status, uptime and mode, and 503 when shutting down', async () => {
    const { port, setOk } = await start();
    const healthy = await call(port, 'GET', '/healthz');
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({ status: 'ok', mode: 'webhook' });
    expect(typeof healthy.body.uptimeSec).toBe('number');
    setOk(false);
    const stopping = await call(port, 'GET', '/healthz');
    expect(stopping.status).toBe(503);
    expect(stopping.body.status).toBe('shutting_down');
  });

  it('serves /healthz without a webhook (polling mode) and 404 for the webhook path and unknown paths', async () => {
    server = createHttpServer({ port: 0, host: '127.0.0.1', health: () => ({ ok: true, mode: 'polling' }) });
    const { port } = await server.listen();
    expect((await call(port, 'GET', '/healthz')).body).toMatchObject({ status: 'ok', mode: 'polling' });
    expect((await call(port, 'POST', '/telegram', { headers: json(SECRET), body: JSON.stringify(UPDATE) })).status).toBe(404);
    expect((await call(port, 'GET', '/')).status).toBe(404);
  });

  it('stops accepting connections after close', async () => {
    const { port } = await start();
    await server?.close();
    await expect(call(port, 'GET', '/healthz')).rejects.toThrow();
  });
});

describe('secretMatches', () => {
  it('accepts only the exact secret', () => {
    expect(secretMatches('abc_DEF-1', 'abc_DEF-1')).toBe(true);
    expect(secretMatches('abc_DEF-1', 'abc_DEF-2')).toBe(false);
    expect(secretMatches('abc_DEF-1', 'abc_DEF-1x')).toBe(false);
    expect(secretMatches('abc_DEF-1', undefined)).toBe(false);
    expect(secretMatches('abc_DEF-1', ['abc_DEF-1'])).toBe(false);
  });
});
