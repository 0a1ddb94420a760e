import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const SEED = readFileSync(resolve(import.meta.dirname, '../../examples/antara-putin-pezeshkian-id.txt'), 'utf8');
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Serves /article/<n>: the seed article with a numbered title, so every n is a distinct article. */
export interface ArticleServer {
  url(n: number): string;
  /** Requests per article number. */
  hits: Map<number, number>;
  close(): Promise<void>;
}

export async function startArticleServer(): Promise<ArticleServer> {
  const [title = 'Article', ...paragraphs] = SEED.split(/\n+/).map((line) => line.trim()).filter(Boolean);
  const hits = new Map<number, number>();
  const server: Server = createServer((req, res) => {
    const match = /^\/article\/(\d+)$/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const n = Number(match[1]);
    hits.set(n, (hits.get(n) ?? 0) + 1);
    const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>ARTICLE-${n} ${escape(title)}</title></head><body><article><h1>ARTICLE-${n} ${escape(
      title,
    )}</h1>${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('')}</article></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
    res.end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: (n) => `http://127.0.0.1:${port}/article/${n}`,
    hits,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
