import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppOverrides, type RunningApp, startApp } from '../../src/main.js';
import { openPgStore } from '../../src/store/pg-store.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { TEST_DATABASE_URL } from '../store/backends.js';
import { createTestSchema } from '../support/cluster.js';
import { type FakeBotApi, messageUpdate, startFakeBotApi, testUsers } from '../support/fake-bot-api.js';

// The whole process in one test file: startApp against the fake Bot API and a feed site on 127.0.0.1,
// on SQLite always and on PostgreSQL (a schema per test, the shared digest queue) when TEST_DATABASE_URL is set.

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const GROUP = -100777;
const POLL_SEC = 30;
/** Feed polls tick every 5 s of real time and deliveries every 2 s: allow several ticks. */
const WAIT_MS = 15_000;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface FeedItem {
  slug: string;
  title: string;
  summary: string;
  pubDate: string;
  page: string;
}

interface FeedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

/** A news site: an RSS feed (newest item first) with a strong ETag, and one HTML page per item. */
interface FeedSite {
  base: string;
  feedUrl: string;
  items: FeedItem[];
  requests: FeedRequest[];
  close(): Promise<void>;
}

function articlePage(headline: string, paragraphs: readonly string[]): string {
  return `<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><title>${escapeXml(headline)}</title>
<meta property="og:title" content="${escapeXml(headline)}"><meta property="og:type" content="article"></head>
<body><header><nav><a href="/">Beranda</a></nav></header>
<article><h1>${escapeXml(headline)}</h1>
${paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('\n')}
</article><footer>Hak cipta</footer></body></html>`;
}

async function startFeedSite(): Promise<FeedSite> {
  const items: FeedItem[] = [];
  const requests: FeedRequest[] = [];
  let base = '';
  const rss = () =>
    `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kabar Test Wire</title><link>${base}/</link><description>Test wire</description><language>id</language>
${items
  .slice()
  .reverse()
  .map(
    (item) =>
      `<item><title>${escapeXml(item.title)}</title><link>${base}/news/${item.slug}</link><guid isPermaLink="true">${base}/news/${item.slug}</guid><description>${escapeXml(item.summary)}</description><pubDate>${item.pubDate}</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/rss.xml') {
      const body = rss();
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      const status = req.headers['if-none-match'] === etag ? 304 : 200;
      requests.push({ path, headers: req.headers, status });
      if (status === 304) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const item = items.find((candidate) => path === `/news/${candidate.slug}`);
    requests.push({ path, headers: req.headers, status: item ? 200 : 404 });
    if (!item) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(item.page) });
    res.end(item.page);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    feedUrl: `${base}/rss.xml`,
    items,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function until(check: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const putinParagraphs = readFileSync(join(FIXTURES, 'antara-putin-pezeshkian-id.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('Baca juga'));

const PUTIN = {
  slug: 'putin-pezeshkian',
  title: 'Putin dan Pezeshkian bahas penguatan kerja sama Rusia-Iran',
  summary: 'Presiden Rusia dan Presiden Iran membahas kemitraan strategis dan perundingan nuklir.',
  pubDate: 'Tue, 06 May 2025 10:00:00 GMT',
};

/** Where the app keeps its data: the same place for every start of one test, so a restart reopens it. */
interface AppDatabase {
  env: Record<string, string>;
  /** The same database the app uses, opened by the test to look at what the app stored. */
  open(): Promise<Store>;
  drop(): Promise<void>;
}

/** One database kind the app runs on here. */
interface AppBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database for one test. */
  create(): Promise<AppDatabase>;
}

const BACKENDS: AppBackend[] = [
  {
    name: 'sqlite',
    // The file lives in the test's temporary folder, which afterEach removes.
    async create() {
      const path = join(dir, 'bot.sqlite');
      return { env: { DATABASE_PATH: path }, open: async () => openSqliteStore(path), drop: async () => {} };
    },
  },
  {
    name: 'postgres',
    // DATABASE_URL alone, as in production: JOB_QUEUE defaults to the shared database queue.
    async create() {
      const schema = await createTestSchema(TEST_DATABASE_URL as string, 'app_e2e');
      // No schema option: the URL's search_path alone must lead the store to the app's tables.
      return { env: { DATABASE_URL: schema.url }, open: () => openPgStore(schema.url, { poolSize: 1 }), drop: () => schema.drop() };
    },
  },
];

if (!TEST_DATABASE_URL) console.log('[kabar] TEST_DATABASE_URL is not set: the PostgreSQL runs of the whole-app e2e tests are skipped.');

let api: FakeBotApi;
let site: FeedSite;
let dir: string;
let clock: number;
let database: AppDatabase | undefined;
const running: RunningApp[] = [];

beforeEach(async () => {
  api = await startFakeBotApi();
  site = await startFeedSite();
  dir = mkdtempSync(join(tmpdir(), 'kabar-app-e2e-'));
  clock = Date.now();
  logLines.length = 0;
  site.items.push({
    slug: 'ri-vietnam-zee',
    title: 'RI dan Vietnam sepakati percepatan perundingan batas ZEE',
    summary: 'Indonesia dan Vietnam sepakat mempercepat perundingan batas zona ekonomi eksklusif.',
    pubDate: 'Tue, 13 May 2025 07:05:00 GMT',
    page: readFileSync(join(FIXTURES, 'pages/antara-like-article.html'), 'utf8'),
  });
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  await api.close();
  await site.close();
  // Only once every app is stopped: their pools hold connections to the schema.
  await database?.drop();
  database = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const logLines: string[] = [];
const overrides: AppOverrides = {
  port: 0,
  host: '127.0.0.1',
  drainTimeoutMs: 2000,
  now: () => new Date(clock),
  logDestination: { write: (line) => void logLines.push(line) },
};

async function start(): Promise<RunningApp> {
  if (!database) throw new Error('no database for this test');
  const app = await startApp(
    {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      ...database.env,
      SUMMARIZER: 'extractive',
      FETCH_ALLOW_PRIVATE: '127.0.0.1',
      LOG_LEVEL: 'warn',
      FEED_POLL_INTERVAL: String(POLL_SEC),
    },
    overrides,
  );
  running.push(app);
  return app;
}

/** Sends a command to the group and returns the bot's reply to it. */
async function command(text: string, from = testUsers.admin): Promise<string> {
  const update = messageUpdate({ chatId: GROUP, text, from });
  const after = api.calls.length;
  api.pushUpdate(update);
  const reply = await api.waitFor('sendMessage', (p) => p.chat_id === GROUP && p.reply_parameters?.message_id === update.message.message_id, WAIT_MS, after);
  return reply.payload.text as string;
}

const feedPolls = () => site.requests.filter((r) => r.path === '/rss.xml');
/** sendMessage calls to the group that mention an item by title or link. */
const groupSendsAbout = (item: { slug: string; title: string }) =>
  api.calls.filter(
    (call) =>
      call.method === 'sendMessage' &&
      call.ok === true &&
      call.payload.chat_id === GROUP &&
      (String(call.payload.text).includes(item.title) || String(call.payload.text).includes(`/news/${item.slug}`)),
  );

/** Moves the injected clock past the poll interval and waits for the next poll of the feed. */
async function pollOnce(): Promise<FeedRequest> {
  const before = feedPolls().length;
  clock += (POLL_SEC + 1) * 1000;
  await until(() => feedPolls().length > before, 'a feed poll');
  return feedPolls()[before] as FeedRequest;
}

for (const backend of BACKENDS) {
  const enabled = backend.name === 'sqlite' || TEST_DATABASE_URL !== undefined;
  const title = `the running app with a subscribed group (${backend.name}${enabled ? '' : ': set TEST_DATABASE_URL to run'})`;
  (enabled ? describe : describe.skip)(title, () => {
    beforeEach(async () => {
      database = await backend.create();
    });

    it('subscribes a group for its admin only, delivers a new article once as a digest, and keeps it all across a restart', async () => {
      await start();
      api.setChatMemberStatus(GROUP, testUsers.admin.id, 'administrator');

      // A plain member is refused before anything is fetched.
      const refused = await command(`/subscribe ${site.feedUrl}`, testUsers.alice);
      expect(refused).toBe('Only group admins can change subscriptions.');
      expect(feedPolls()).toHaveLength(0);

      const confirmed = await command(`/subscribe ${site.feedUrl}`);
      expect(confirmed).toContain('Subscribed to <b>Kabar Test Wire</b>');
      const first = site.items[0] as FeedItem;
      await until(() => groupSendsAbout(first).length > 0, 'the preview of the newest item');
      expect(groupSendsAbout(first)).toHaveLength(1);
      // The preview is a digest of the linked article, not just the feed's summary.
      expect(groupSendsAbout(first)[0]?.payload.text).toContain('<b>Who:</b> Sugiono');

      // An unchanged feed is asked with its ETag and answers 304.
      const unchanged = await pollOnce();
      expect(unchanged.headers['if-none-match']).toMatch(/^"[0-9a-f]{16}"$/);
      expect(unchanged.status).toBe(304);

      // A new article appears: the next poll finds it and the group gets its digest.
      site.items.push({ ...PUTIN, page: articlePage(PUTIN.title, putinParagraphs) });
      const changed = await pollOnce();
      expect(changed.status).toBe(200);
      await until(() => groupSendsAbout(PUTIN).length > 0, 'the digest of the new article');
      const digest = groupSendsAbout(PUTIN)[0]?.payload;
      expect(digest.parse_mode).toBe('HTML');
      expect(digest.text).toContain(`<b>${PUTIN.title}</b>`);
      expect(digest.text).toContain('Vladimir Putin (President of Russia); Masoud Pezeshkian (President of Iran)');
      // Only the article says so; the feed item does not.
      expect(digest.text).toContain('dimediasi oleh Oman');
      expect(digest.text).toContain(`href="${site.base}/news/${PUTIN.slug}"`);
      expect(site.requests.some((r) => r.path === `/news/${PUTIN.slug}`)).toBe(true);

      // Another unchanged poll and a few delivery ticks later it is still one message.
      expect((await pollOnce()).status).toBe(304);
      await pollOnce();
      expect(groupSendsAbout(PUTIN)).toHaveLength(1);
      expect(groupSendsAbout(first)).toHaveLength(1);

      // Restart on the same database (file or schema), where the stopped app left the subscription.
      await running.shift()?.stop();
      const store = await database?.open();
      try {
        expect((await store?.subscriptions.feedsOf(GROUP))?.map((feed) => feed.url)).toEqual([site.feedUrl]);
      } finally {
        await store?.close();
      }
      await start();
      const list = await command('/subscriptions');
      expect(list).toContain(`<a href="${site.feedUrl}">Kabar Test Wire</a>`);

      // The stored ETag survives the restart; a later article is delivered, the earlier ones are not again.
      expect((await pollOnce()).headers['if-none-match']).toMatch(/^"[0-9a-f]{16}"$/);
      const later = {
        slug: 'asean-summit',
        title: 'ASEAN summit opens in Kuala Lumpur with trade on the agenda',
        summary: 'Leaders of Southeast Asia meet to discuss tariffs and the Myanmar crisis.',
        pubDate: 'Wed, 07 May 2025 08:00:00 GMT',
      };
      site.items.push({ ...later, page: articlePage(later.title, putinParagraphs) });
      expect((await pollOnce()).status).toBe(200);
      await until(() => groupSendsAbout(later).length > 0, 'the digest of the article published after the restart');
      expect(groupSendsAbout(PUTIN)).toHaveLength(1);
      expect(groupSendsAbout(first)).toHaveLength(1);
      // LOG_LEVEL=warn: a failed digest, poll or delivery would have left a line here.
      expect(logLines).toEqual([]);
    }, 120_000);

    it('answers a link sent in a private chat with a digest of the article, and from the stored digest after a restart', async () => {
      const app = await start();
      // The default on both databases: the request goes through the durable digest queue.
      expect(app.config.instance.jobQueue).toBe('database');
      const chatId = testUsers.alice.id;
      const link = `${site.base}/news/ri-vietnam-zee`;
      const articleFetches = () => site.requests.filter((r) => r.path === '/news/ri-vietnam-zee').length;

      api.pushUpdate(messageUpdate({ chatId, text: link }));
      // Ready well within the placeholder delay: the first and only reply is the digest itself.
      const answer = await api.waitFor('sendMessage', (p) => p.chat_id === chatId, WAIT_MS);
      expect(answer.payload.text).toContain('<b>Who:</b> Sugiono');
      expect(api.calls.some((call) => call.method === 'editMessageText')).toBe(false);
      expect(articleFetches()).toBe(1);

      await running.shift()?.stop();
      // Nothing is left in the shared queue (on PostgreSQL): the job was finished, not just answered.
      const store = await database?.open();
      try {
        expect(await store?.jobs.countPending()).toBe(0);
      } finally {
        await store?.close();
      }

      await start();
      const after = api.calls.length;
      api.pushUpdate(messageUpdate({ chatId, text: link }));
      const cached = await api.waitFor('sendMessage', (p) => p.chat_id === chatId, WAIT_MS, after);
      expect(cached.payload.text).toContain('<b>Who:</b> Sugiono');
      // Straight from the database: no second fetch of the page.
      expect(api.calls.slice(after).some((call) => call.method === 'editMessageText')).toBe(false);
      expect(articleFetches()).toBe(1);
      expect(logLines).toEqual([]);
    }, 60_000);
  });
}
