import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { charsetFromContentType, charsetFromMeta, decodeBody, decodeWindows1252 } from '../../src/ingest/charset.js';
import { createSafeFetcher, type LookupAll, type ResolvedAddress, type SafeFetcherOptions } from '../../src/ingest/safe-fetch.js';
import { buildDocx } from '../support/docx-builder.js';

interface SeenRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
}

interface TestServer {
  port: number;
  /** Every request the server received. */
  requests: SeenRequest[];
  /** TCP connections accepted, including ones that never sent a request. */
  connections: () => number;
}

const openServers: http.Server[] = [];

afterEach(async () => {
  const servers = openServers.splice(0);
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function startServer(handler: http.RequestListener, host = '127.0.0.1', port = 0): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  openServers.push(server);
  return { port: (server.address() as AddressInfo).port, requests, connections: () => connections };
}

function html(body: string, headers: http.OutgoingHttpHeaders = {}): http.RequestListener {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
}

/** A resolver for made-up names; unknown names fail like a real NXDOMAIN. */
function fakeDns(table: Record<string, string[] | (() => string[])>): LookupAll & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const entry = table[hostname];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const addresses = typeof entry === 'function' ? entry() : entry;
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

function fetcher(overrides: Partial<SafeFetcherOptions> = {}) {
  return createSafeFetcher({
    timeoutMs: 5000,
    maxBytes: 1024 * 1024,
    allowPrivate: ['127.0.0.1'],
    lookup: fakeDns({ 'news.example': ['127.0.0.1'] }),
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`);
  }
  throw new Error('expected the fetch to fail');
}

describe('safe fetcher: a normal page', () => {
  it('returns the final URL, status, media type and decoded body', async () => {
    const server = await startServer(html('<html><body><p>Kesepakatan tercapai.</p></body></html>'));
    const page = await fetcher().fetchPage(`http://news.example:${server.port}/berita/1`);
    expect(page).toEqual({
      url: `http://news.example:${server.port}/berita/1`,
      status: 200,
      contentType: 'text/html',
      body: '<html><body><p>Kesepakatan tercapai.</p></body></html>',
    });
  });

  it('sends a browser-like User-Agent, an HTML Accept, compression support and the real Host name', async () => {
    const server = await startServer(html('<p>ok</p>'));
    await fetcher().fetchPage(`http://news.example:${server.port}/`);
    const headers = server.requests[0]!.headers;
    expect(headers['user-agent']).toMatch(/^Mozilla\/5\.0 .*Kabar/);
    expect(headers.accept).toContain('text/html');
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers.host).toBe(`news.example:${server.port}`);
  });

  it('uses a configured User-Agent', async () => {
    const server = await startServer(html('<p>ok</p>'));
    await fetcher({ userAgent: 'KabarTest/1.0' }).fetchPage(`http://news.example:${server.port}/`);
    expect(server.requests[0]!.headers['user-agent']).toBe('KabarTest/1.0');
  });
});

describe('safe fetcher: blocked addresses', () => {
  it('refuses loopback when nothing is allowed, without contacting the server', async () => {
    const server = await startServer(html('<p>secret</p>'));
    const error = await failure(fetcher({ allowPrivate: [] }).fetchPage(`http://127.0.0.1:${server.port}/`));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.details).toMatchObject({ address: '127.0.0.1', range: 'loopback' });
    expect(error.message).toContain('127.0.0.1');
    expect(server.connections()).toBe(0);
  });

  it('refuses 127.0.0.2 when only 127.0.0.1 is allowed, without contacting the server', async () => {
    const server = await startServer(html('<p>secret</p>'), '127.0.0.2');
    const error = await failure(fetcher().fetchPage(`http://127.0.0.2:${server.port}/`));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(server.connections()).toBe(0);
  });

  it.each([
    ['intranet.example', '10.1.2.3'],
    ['router.example', '192.168.0.1'],
    ['corp.example', '172.20.0.5'],
    ['cgnat.example', '100.64.1.1'],
    ['v6-internal.example', 'fd00::5'],
  ])('refuses %s because it resolves to %s', async (host, address) => {
    const error = await failure(fetcher({ lookup: fakeDns({ [host]: [address] }) }).fetchPage(`https://${host}/page`));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.details.address).toBe(address);
    expect(error.message).toContain(host);
  });

  it('refuses a host when any one of its addresses is private, even if the first is public', async () => {
    const lookup = fakeDns({ 'mixed.example': ['93.184.215.14', '10.0.0.1'] });
    const error = await failure(fetcher({ lookup }).fetchPage('https://mixed.example/'));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.details.address).toBe('10.0.0.1');
  });

  it('refuses the cloud metadata address 169.254.169.254', async () => {
    const error = await failure(fetcher().fetchPage('http://169.254.169.254/latest/meta-data/'));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.details.range).toBe('linkLocal');
  });

  it('refuses a host name that resolves to the metadata address', async () => {
    const lookup = fakeDns({ 'metadata.example': ['169.254.169.254'] });
    expect((await failure(fetcher({ lookup }).fetchPage('http://metadata.example/'))).code).toBe('BLOCKED_ADDRESS');
  });

  it.each(['[::ffff:7f00:1]', '[::ffff:127.0.0.1]', '[::1]', '[::]', '[fe80::1]', '[64:ff9b::7f00:1]'])(
    'refuses the IPv6 literal %s',
    async (literal) => {
      const server = await startServer(html('<p>secret</p>'));
      const error = await failure(fetcher({ allowPrivate: [] }).fetchPage(`http://${literal}:${server.port}/`));
      expect(error.code).toBe('BLOCKED_ADDRESS');
      expect(server.connections()).toBe(0);
    },
  );

  it.each(['0x7f000001', '2130706433', '0177.0.0.1', '127.1', '0x7f.0.0.1', '127.0.0.1.'])(
    'refuses the loopback spelled %s (URL parsing turns it into 127.0.0.1)',
    async (spelling) => {
      const server = await startServer(html('<p>secret</p>'));
      const error = await failure(fetcher({ allowPrivate: [] }).fetchPage(`http://${spelling}:${server.port}/`));
      expect(error.code).toBe('BLOCKED_ADDRESS');
      expect(error.details.address).toBe('127.0.0.1');
      expect(server.connections()).toBe(0);
    },
  );

  it('refuses 0.0.0.0, which many systems treat as the local host', async () => {
    const error = await failure(fetcher().fetchPage('http://0/'));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.details.address).toBe('0.0.0.0');
  });

  it('allows a private range listed as a CIDR', async () => {
    const server = await startServer(html('<p>lab</p>'));
    const page = await fetcher({ allowPrivate: ['127.0.0.0/8'] }).fetchPage(`http://127.0.0.1:${server.port}/`);
    expect(page.body).toBe('<p>lab</p>');
  });

  it('rejects an invalid allowPrivate entry when the fetcher is created, naming the entry', () => {
    let caught: unknown;
    try {
      createSafeFetcher({ timeoutMs: 1000, maxBytes: 1000, allowPrivate: ['127.0.0.1', 'intranet'] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('CONFIG_INVALID');
    expect((caught as AppError).message).toContain('intranet');
  });
});

describe('safe fetcher: URL schemes', () => {
  it.each(['ftp://news.example/file.txt', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<p>x</p>', 'gopher://news.example/'])(
    'refuses %s with URL_NOT_ALLOWED',
    async (url) => {
      const lookup = fakeDns({ 'news.example': ['127.0.0.1'] });
      const error = await failure(fetcher({ lookup }).fetchPage(url));
      expect(error.code).toBe('URL_NOT_ALLOWED');
      expect(lookup.calls).toEqual([]);
    },
  );

  it('refuses a URL carrying a user name or password', async () => {
    const server = await startServer(html('<p>x</p>'));
    const error = await failure(fetcher().fetchPage(`http://admin:hunter2@news.example:${server.port}/`));
    expect(error.code).toBe('URL_NOT_ALLOWED');
    expect(error.message).not.toContain('hunter2');
    expect(server.connections()).toBe(0);
  });

  it('refuses text that is not a URL', async () => {
    expect((await failure(fetcher().fetchPage('not a url at all'))).code).toBe('URL_NOT_ALLOWED');
  });
});

describe('safe fetcher: redirects', () => {
  it('follows a relative Location and reports the final URL', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/short') {
        res.writeHead(301, { location: '/articles/long-title?id=7' });
        res.end();
      } else html('<p>final</p>')(req, res);
    });
    const page = await fetcher().fetchPage(`http://news.example:${server.port}/short`);
    expect(page.url).toBe(`http://news.example:${server.port}/articles/long-title?id=7`);
    expect(page.body).toBe('<p>final</p>');
  });

  it('refuses a redirect to a private address and never contacts it', async () => {
    const inside = await startServer(html('<p>admin panel</p>'), '127.0.0.2');
    const outside = await startServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.2:${inside.port}/admin` });
      res.end();
    });
    const error = await failure(fetcher().fetchPage(`http://news.example:${outside.port}/`));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(outside.requests).toHaveLength(1);
    expect(inside.connections()).toBe(0);
  });

  it('refuses a redirect to a host name that resolves to a private address', async () => {
    const outside = await startServer((_req, res) => {
      res.writeHead(307, { location: 'http://internal.example/secret' });
      res.end();
    });
    const lookup = fakeDns({ 'news.example': ['127.0.0.1'], 'internal.example': ['192.168.1.10'] });
    const error = await failure(fetcher({ lookup }).fetchPage(`http://news.example:${outside.port}/`));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.details.host).toBe('internal.example');
  });

  it('refuses a redirect to another scheme', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    });
    expect((await failure(fetcher().fetchPage(`http://news.example:${server.port}/`))).code).toBe('URL_NOT_ALLOWED');
  });

  it('stops a redirect loop with TOO_MANY_REDIRECTS', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(302, { location: '/loop' });
      res.end();
    });
    const error = await failure(fetcher().fetchPage(`http://news.example:${server.port}/loop`));
    expect(error.code).toBe('TOO_MANY_REDIRECTS');
    expect(server.requests).toHaveLength(6);
  });

  describe('hop limit', () => {
    // /hop/N redirects to /hop/N-1; /hop/0 is the article.
    const chain: http.RequestListener = (req, res) => {
      const n = Number(/^\/hop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
      if (n === 0) return html('<p>arrived</p>')(req, res);
      res.writeHead(302, { location: `/hop/${n - 1}` });
      res.end();
    };

    it('follows five redirects', async () => {
      const server = await startServer(chain);
      const page = await fetcher().fetchPage(`http://news.example:${server.port}/hop/5`);
      expect(page.url).toBe(`http://news.example:${server.port}/hop/0`);
      expect(server.requests).toHaveLength(6);
    });

    it('refuses a sixth redirect', async () => {
      const server = await startServer(chain);
      expect((await failure(fetcher().fetchPage(`http://news.example:${server.port}/hop/6`))).code).toBe('TOO_MANY_REDIRECTS');
      expect(server.requests.map((r) => r.url)).not.toContain('/hop/0');
    });

    it('honours a smaller maxRedirects', async () => {
      const server = await startServer(chain);
      const strict = fetcher({ maxRedirects: 1 });
      expect((await strict.fetchPage(`http://news.example:${server.port}/hop/1`)).body).toBe('<p>arrived</p>');
      expect((await failure(strict.fetchPage(`http://news.example:${server.port}/hop/2`))).code).toBe('TOO_MANY_REDIRECTS');
    });
  });
});

describe('safe fetcher: DNS rebinding', () => {
  it('connects to the address it checked, not to what a second lookup would return', async () => {
    // Same port on two loopback addresses: a fetcher that resolved again at connect time would reach `evil`.
    const good = await startServer(html('<p>checked</p>'));
    const evil = await startServer(html('<p>rebound</p>'), '127.0.0.2', good.port);
    let answers = 0;
    const lookup = fakeDns({ 'rebind.example': () => (answers++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });

    const page = await fetcher({ lookup }).fetchPage(`http://rebind.example:${good.port}/`);

    expect(page.body).toBe('<p>checked</p>');
    expect(lookup.calls).toEqual(['rebind.example']);
    expect(good.requests[0]!.headers.host).toBe(`rebind.example:${good.port}`);
    expect(evil.connections()).toBe(0);
  });

  it('checks the address again on every redirect hop', async () => {
    const good = await startServer((req, res) => {
      if (req.url === '/first') {
        res.writeHead(302, { location: '/second' });
        res.end();
      } else html('<p>second</p>')(req, res);
    });
    const evil = await startServer(html('<p>rebound</p>'), '127.0.0.2', good.port);
    let answers = 0;
    const lookup = fakeDns({ 'rebind.example': () => (answers++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });

    const error = await failure(fetcher({ lookup }).fetchPage(`http://rebind.example:${good.port}/first`));

    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.details.address).toBe('127.0.0.2');
    expect(good.requests.map((r) => r.url)).toEqual(['/first']);
    expect(evil.connections()).toBe(0);
  });
});

describe('safe fetcher: size and time limits', () => {
  it('aborts a body without Content-Length as soon as it passes maxBytes, closing the connection', async () => {
    let serverSaw: Promise<{ finished: boolean; sent: number }> = Promise.resolve({ finished: true, sent: 0 });
    const limit = 64 * 1024 * 1024;
    const server = await startServer((_req, res) => {
      serverSaw = new Promise((resolve) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(16 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (!res.destroyed && sent < limit) {
            sent += chunk.length;
            if (!res.write(chunk)) return;
          }
          if (sent >= limit) res.end();
        };
        res.on('drain', pump);
        res.on('close', () => resolve({ finished: res.writableFinished, sent }));
        pump();
      });
    });

    const error = await failure(fetcher({ maxBytes: 100_000 }).fetchPage(`http://news.example:${server.port}/huge`));

    expect(error.code).toBe('TOO_LARGE');
    expect(error.details.maxBytes).toBe(100_000);
    const seen = await serverSaw;
    expect(seen.finished).toBe(false);
    expect(seen.sent).toBeLessThan(limit);
  });

  it('refuses early when Content-Length is over the limit', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) });
      res.write('<p>start'); // and then nothing: only the header can end this test
    });
    const error = await failure(fetcher({ maxBytes: 1024 * 1024 }).fetchPage(`http://news.example:${server.port}/`));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.details.contentLength).toBe(50 * 1024 * 1024);
  });

  it('accepts a body exactly at the limit', async () => {
    const server = await startServer(html('x'.repeat(1000)));
    expect((await fetcher({ maxBytes: 1000 }).fetchPage(`http://news.example:${server.port}/`)).body).toHaveLength(1000);
  });

  it('caps the decompressed size, not the compressed one', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(5 * 1024 * 1024, ' '));
    const bombServer = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    });
    expect(bomb.length).toBeLessThan(100_000);
    const error = await failure(fetcher({ maxBytes: 100_000 }).fetchPage(`http://news.example:${bombServer.port}/`));
    expect(error.code).toBe('TOO_LARGE');
  });

  it('times out a server that trickles the body byte by byte', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const error = await failure(fetcher({ timeoutMs: 300 }).fetchPage(`http://news.example:${server.port}/slow`));
    expect(error.code).toBe('FETCH_TIMEOUT');
    expect(error.details.timeoutMs).toBe(300);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a server that never sends headers', async () => {
    const server = await startServer(() => undefined);
    const error = await failure(fetcher({ timeoutMs: 300 }).fetchPage(`http://news.example:${server.port}/`));
    expect(error.code).toBe('FETCH_TIMEOUT');
  });

  it('times out a DNS lookup that never answers', async () => {
    const lookup: LookupAll = () => new Promise(() => undefined);
    const error = await failure(fetcher({ timeoutMs: 300, lookup }).fetchPage('http://hang.example/'));
    expect(error.code).toBe('FETCH_TIMEOUT');
  });
});

describe('safe fetcher: HTTP and network failures', () => {
  it.each([404, 410, 500, 503])('reports HTTP %i as HTTP_STATUS with the status', async (status) => {
    const server = await startServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<p>error page</p>');
    });
    const error = await failure(fetcher().fetchPage(`http://news.example:${server.port}/gone`));
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.details.status).toBe(status);
    expect(error.message).toContain('news.example');
  });

  it('reports a refused connection as FETCH_FAILED', async () => {
    const server = await startServer(html(''));
    const port = server.port;
    const closing = openServers.pop()!;
    await new Promise<void>((resolve) => closing.close(() => resolve()));
    const error = await failure(fetcher().fetchPage(`http://news.example:${port}/`));
    expect(error.code).toBe('FETCH_FAILED');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('reports an unknown host name as FETCH_FAILED', async () => {
    const error = await failure(fetcher().fetchPage('https://no-such-host.example/'));
    expect(error.code).toBe('FETCH_FAILED');
    expect(error.message).toContain('no-such-host.example');
  });

  it('reports a host name with no addresses as FETCH_FAILED', async () => {
    const error = await failure(fetcher({ lookup: async () => [] }).fetchPage('https://empty.example/'));
    expect(error.code).toBe('FETCH_FAILED');
  });
});

describe('safe fetcher: content types', () => {
  it.each([
    ['image/jpeg', '\xff\xd8\xff'],
    ['video/mp4', 'ftyp'],
    ['application/json', '{"a":1}'],
  ])('refuses %s with UNSUPPORTED_CONTENT_TYPE', async (type, body) => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });
    const error = await failure(fetcher().fetchPage(`http://news.example:${server.port}/file`));
    expect(error.code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(error.details.contentType).toBe(type);
  });

  it.each(['application/xhtml+xml', 'text/plain', 'TEXT/HTML; charset=UTF-8'])('accepts %s', async (type) => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end('<p>ok</p>');
    });
    const page = await fetcher().fetchPage(`http://news.example:${server.port}/`);
    expect(page.contentType).toBe(type.split(';')[0]!.toLowerCase());
  });

  it('treats a body without a content type as HTML when it starts with markup', async () => {
    const server = await startServer((_req, res) => {
      res.removeHeader('content-type');
      res.end('\n  <!doctype html><p>untyped</p>');
    });
    const page = await fetcher().fetchPage(`http://news.example:${server.port}/`);
    expect(page.contentType).toBe('text/html');
    expect(page.body).toContain('untyped');
  });

  it('refuses a body without a content type that is not markup', async () => {
    const server = await startServer((_req, res) => {
      res.end(Buffer.from('plain words without any markup'));
    });
    const error = await failure(fetcher().fetchPage(`http://news.example:${server.port}/`));
    expect(error.code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(error.details.contentType).toBeNull();
  });

  it.each([
    ['application/pdf', 'application/pdf'],
    ['text/html; charset=utf-8', 'mislabelled as text/html'],
    ['application/octet-stream', 'application/octet-stream'],
    [null, 'without a content type'],
  ])('keeps a PDF served as %s undecoded in bytes (%s)', async (type, _label) => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from([0, 1, 2, 0xff, 0xfe])]);
    const server = await startServer((_req, res) => {
      if (type === null) res.removeHeader('content-type');
      else res.setHeader('content-type', type);
      res.end(pdf);
    });
    const page = await fetcher().fetchPage(`http://news.example:${server.port}/statement`);
    expect(page.contentType).toBe('application/pdf');
    expect(page.body).toBe('');
    expect(Buffer.from(page.bytes ?? new Uint8Array()).equals(pdf)).toBe(true);
  });

  it.each([
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['application/octet-stream'],
    [null],
  ])('keeps a .docx served as %s undecoded in bytes', async (type) => {
    const docx = Buffer.from(await buildDocx({ blocks: ['The ministers met.'] }));
    const server = await startServer((_req, res) => {
      if (type === null) res.removeHeader('content-type');
      else res.setHeader('content-type', type);
      res.end(docx);
    });
    const page = await fetcher().fetchPage(`http://news.example:${server.port}/siaran.docx`);
    expect(page.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(page.body).toBe('');
    expect(Buffer.from(page.bytes ?? new Uint8Array()).equals(docx)).toBe(true);
  });

  it('refuses application/octet-stream that is not a PDF', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    });
    const error = await failure(fetcher().fetchPage(`http://news.example:${server.port}/blob`));
    expect(error.code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(error.message).toContain('not a PDF');
  });

  it('applies the byte cap to a PDF as to a page', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0x20)]));
    });
    expect((await failure(fetcher({ maxBytes: 1000 }).fetchPage(`http://news.example:${server.port}/big.pdf`))).code).toBe('TOO_LARGE');
  });
});

describe('safe fetcher: charsets and compression', () => {
  // "Café – Jakarta" in windows-1252: é is 0xE9, the en dash 0x96 (a C1 control in true ISO-8859-1).
  const cp1252 = (before: string, after = '') =>
    Buffer.concat([Buffer.from(before, 'latin1'), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20]), Buffer.from(`Jakarta${after}`, 'latin1')]);

  async function serve(body: Buffer, contentType: string | null) {
    const server = await startServer((_req, res) => {
      if (contentType !== null) res.setHeader('content-type', contentType);
      res.end(body);
    });
    return fetcher().fetchPage(`http://news.example:${server.port}/`);
  }

  it('decodes windows-1252 named in the Content-Type header', async () => {
    expect((await serve(cp1252('<p>', '</p>'), 'text/html; charset=windows-1252')).body).toBe('<p>Café – Jakarta</p>');
  });

  it('decodes ISO-8859-1 the way browsers do, as windows-1252', async () => {
    expect((await serve(cp1252('<p>', '</p>'), 'text/html; charset="ISO-8859-1"')).body).toBe('<p>Café – Jakarta</p>');
  });

  it('decodes the charset named by <meta charset>', async () => {
    const page = await serve(cp1252('<html><head><meta charset="windows-1252"><title>', '</title></head></html>'), 'text/html');
    expect(page.body).toContain('<title>Café – Jakarta</title>');
  });

  it('decodes the charset named by <meta http-equiv="Content-Type">', async () => {
    const page = await serve(
      cp1252('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>', '</title>'),
      'text/html',
    );
    expect(page.body).toContain('<title>Café – Jakarta</title>');
  });

  it('lets the header charset win over a <meta> declaration', async () => {
    const body = Buffer.from('<meta charset="windows-1252"><p>Café – Jakarta</p>', 'utf8');
    expect((await serve(body, 'text/html; charset=utf-8')).body).toContain('Café – Jakarta');
  });

  it('uses a byte-order mark and strips it', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Café – Jakarta</p>', 'utf8')]);
    expect((await serve(body, 'text/html')).body).toBe('<p>Café – Jakarta</p>');
  });

  it('decodes UTF-8 when nothing declares a charset', async () => {
    expect((await serve(Buffer.from('<p>Café – Jakarta</p>', 'utf8'), 'text/html')).body).toBe('<p>Café – Jakarta</p>');
  });

  it('falls back to UTF-8 for an unknown charset label', async () => {
    expect((await serve(Buffer.from('<p>Café</p>', 'utf8'), 'text/html; charset=klingon-8')).body).toBe('<p>Café</p>');
  });

  it.each([
    ['gzip', zlib.gzipSync],
    ['br', zlib.brotliCompressSync],
    ['deflate', zlib.deflateSync],
  ] as const)('decompresses a %s body', async (encoding, compress) => {
    const text = '<p>Langkah selanjutnya: perundingan dilanjutkan di Jakarta.</p>'.repeat(20);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': encoding });
      res.end(compress(Buffer.from(text)));
    });
    expect((await fetcher().fetchPage(`http://news.example:${server.port}/`)).body).toBe(text);
  });
});

describe('charset helpers', () => {
  it('maps every windows-1252 byte from 0x80 to 0x9F to its WHATWG character', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    expect(decodeWindows1252(bytes)).toBe('€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ');
  });

  it('decodes the other windows-1252 bytes like Latin-1', () => {
    const bytes = Uint8Array.from([0x41, 0x7e, 0xa0, 0xe9, 0xff]);
    expect(decodeWindows1252(bytes)).toBe('A~\u00a0éÿ');
  });

  it('reads the charset parameter of a Content-Type header', () => {
    expect(charsetFromContentType('text/html; charset="Windows-1252"')).toBe('Windows-1252');
    expect(charsetFromContentType('text/html;charset=utf-8; foo=bar')).toBe('utf-8');
    expect(charsetFromContentType('text/html')).toBeNull();
    expect(charsetFromContentType(null)).toBeNull();
  });

  it('ignores a <meta> charset declared after the first 4 KB', () => {
    const late = Buffer.from(`<html>${' '.repeat(5000)}<meta charset="windows-1252">`);
    expect(charsetFromMeta(late)).toBeNull();
    expect(charsetFromMeta(Buffer.from('<meta charset=gbk>'))).toBe('gbk');
  });

  it('does not look for <meta> in plain text', () => {
    const body = Buffer.from('<meta charset="windows-1252"> Café', 'utf8');
    expect(decodeBody(body, 'text/plain', false)).toBe('<meta charset="windows-1252"> Café');
  });

  it('reads a UTF-16 byte-order mark', () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Kesepakatan', 'utf16le')]);
    expect(decodeBody(body, 'text/html; charset=windows-1252', true)).toBe('Kesepakatan');
  });
});
