import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PageFetcher } from '../../src/ingest/page-fetcher.js';
import { createSafeFetcher, type ResolvedAddress } from '../../src/ingest/safe-fetch.js';

/** What one route answers: an HTML page, a redirect to another URL, or any bytes with a Content-Type (null: none sent). */
export type SiteRoute = { html: string } | { redirect: string } | { body: Uint8Array | string; contentType: string | null };

/**
 * One local server playing several made-up hosts (copycat.example, wire.example…): routes are keyed by
 * "host/path" and the safe fetcher's resolver points every name at 127.0.0.1, so no test leaves the machine.
 */
export interface SiteServer {
  /** `http://<host>:<port><path>` */
  url(host: string, path: string): string;
  /** Adds or replaces the answer for host + path. */
  route(host: string, path: string, answer: SiteRoute): void;
  /** Requests received, as "host/path". */
  requests: string[];
  /** The real safe fetcher, resolving the made-up hosts to this server. */
  fetcher: PageFetcher;
  close(): Promise<void>;
}

export async function startSiteServer(hosts: readonly string[]): Promise<SiteServer> {
  const routes = new Map<string, SiteRoute>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const key = `${host}${req.url ?? '/'}`;
    requests.push(key);
    const answer = routes.get(key);
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    if ('redirect' in answer) {
      res.writeHead(302, { location: answer.redirect }).end();
      return;
    }
    if ('body' in answer) {
      res.writeHead(200, answer.contentType === null ? {} : { 'content-type': answer.contentType }).end(answer.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const known = new Set(hosts);
  const lookup = async (hostname: string): Promise<ResolvedAddress[]> => {
    if (!known.has(hostname)) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return [{ address: '127.0.0.1', family: 4 }];
  };
  return {
    url: (host, path) => `http://${host}:${port}${path}`,
    route: (host, path, answer) => void routes.set(`${host}${path}`, answer),
    requests,
    fetcher: createSafeFetcher({ timeoutMs: 5000, maxBytes: 1024 * 1024, allowPrivate: ['127.0.0.1'], lookup }),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** An invented news page with the given head tags and a body long enough to be read as an article. */
export function newsPage(options: { title: string; head?: string; paragraphs?: readonly string[] }): string {
  const paragraphs = options.paragraphs ?? [
    `${options.title}: the two foreign ministers met on Tuesday in a coastal city and spent most of the afternoon on fishing rights, port fees and the schedule of the next round of talks.`,
    'Officials on both sides said the meeting was calm and practical. Neither minister spoke to reporters afterwards, but a joint note listed the topics that the technical teams will take up next month.',
    'The note said the teams will compare their maps of the disputed waters, review last year’s patrol incidents and prepare a draft of the rules for joint inspections of fishing boats.',
    'Analysts said the meeting was a modest step. A full settlement of the maritime boundary is still years away, they said, because both parliaments must approve any change to the line.',
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${options.title}</title>${options.head ?? ''}</head><body><article><h1>${options.title}</h1>${paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
}
