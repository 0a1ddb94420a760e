import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedFetcher, parseRetryAfter, type FeedFetcherOptions } from '../../src/subscriptions/feed-fetcher.js';
import { failure } from '../support/failure.js';

interface TestServer {
  base: string;
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(handler: http.RequestListener): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const result: TestServer = {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(result);
  return result;
}

function fetcher(overrides: Partial<FeedFetcherOptions> = {}) {
  return createFeedFetcher({ timeoutMs: 2000, maxBytes: 100_000, allowPrivate: ['127.0.0.1'], ...overrides });
}


const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><guid>1</guid></item></channel></rss>';
const NONE = { etag: null, lastModified: null };

describe('createFeedFetcher', () => {
  it('returns the decoded body, final URL, media type and validators of a feed', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/rss' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT' });
      res.end(RSS);
    });
    const result = await fetcher().fetchFeed(`${server.base}/old`, NONE);
    expect(result).toEqual({
      status: 200,
      url: `${server.base}/rss`,
      body: RSS,
      contentType: 'application/rss+xml',
      etag: '"v1"',
      lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT',
    });
    expect(server.requests[1]!.headers.accept).toContain('application/rss+xml');
  });

  it('sends the validators and reports 304 Not Modified', async () => {
    const server = await startServer((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
      else res.writeHead(200, { 'content-type': 'application/xml', etag: '"v1"' }).end(RSS);
    });
    const f = fetcher();
    const first = await f.fetchFeed(`${server.base}/rss`, NONE);
    expect(first.status).toBe(200);
    const second = await f.fetchFeed(`${server.base}/rss`, { etag: '"v1"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' });
    expect(second).toEqual({ status: 304 });
    expect(server.requests[0]!.headers['if-none-match']).toBeUndefined();
    expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(server.requests[1]!.headers['if-modified-since']).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
  });

  it('surfaces Retry-After seconds of a 429 as HTTP_STATUS details', async () => {
    const server = await startServer((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down'));
    const error = await failure(fetcher().fetchFeed(`${server.base}/rss`, NONE));
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.details).toMatchObject({ status: 429, retryAfterSec: 120 });
  });

  it('reads a Retry-After HTTP date of a 503 against the injected clock', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const server = await startServer((_req, res) => res.writeHead(503, { 'retry-after': 'Wed, 01 Jan 2025 00:10:00 GMT' }).end());
    const error = await failure(fetcher({ now: () => now }).fetchFeed(`${server.base}/rss`, NONE));
    expect(error.details).toMatchObject({ status: 503, retryAfterSec: 600 });
  });

  it('reports a 404 as HTTP_STATUS without a retry time', async () => {
    const server = await startServer((_req, res) => res.writeHead(404).end());
    const error = await failure(fetcher().fetchFeed(`${server.base}/rss`, NONE));
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.details.retryAfterSec).toBeUndefined();
  });

  it('accepts HTML pages, which may advertise a feed', async () => {
    const server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head></head></html>'));
    const result = await fetcher().fetchFeed(`${server.base}/`, NONE);
    expect(result).toMatchObject({ status: 200, contentType: 'text/html' });
  });

  it('refuses an image without reading it', async () => {
    const server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10)));
    const error = await failure(fetcher().fetchFeed(`${server.base}/feed.png`, NONE));
    expect(error.code).toBe('UNSUPPORTED_CONTENT_TYPE');
  });

  it('refuses a loopback address unless allowed, without contacting it', async () => {
    const server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(RSS));
    const error = await failure(fetcher({ allowPrivate: [] }).fetchFeed(`${server.base}/rss`, NONE));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(server.requests).toHaveLength(0);
  });

  it('decodes windows-1252 declared only in the XML prolog', async () => {
    const xml = '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Caf\xe9 \x93news\x94</title></channel></rss>';
    const server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(Buffer.from(xml, 'latin1')));
    const result = await fetcher().fetchFeed(`${server.base}/rss`, NONE);
    expect(result.status === 200 && result.body).toContain('Café “news”');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates, clamps to a day, and ignores junk', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('9999999', now)).toBe(86_400);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
