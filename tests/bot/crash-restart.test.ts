import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botTexts } from '../../src/bot/bot-texts.js';
import { userMessage } from '../../src/errors/user-messages.js';
import { AppError } from '../../src/errors/app-error.js';
import { type AppOverrides, type RunningApp, startApp, startupFailureMessage } from '../../src/main.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import pg from 'pg';
import { TEST_DATABASE_URL } from '../store/backends.js';
import { createTestSchema, freePort } from '../support/cluster.js';
import { type FakeBotApi, messageUpdate, startFakeBotApi, testUsers } from '../support/fake-bot-api.js';

// The default, single-process setup (SQLite, long polling): a digest request must survive a kill -9,
// a restart must take back what the killed run held, and a locked or damaged database must be named
// and answered instead of leaving the user with nothing.

const ROOT = resolve(import.meta.dirname, '../..');
/** By URL: the child runs in the test's empty folder (no .env), where "tsx" would not resolve. */
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const TOKEN = '123456789:AAHkabarCrashRestartTest_abcdefghij';
const PLACEHOLDER = botTexts('en').placeholder;

// An invented article, long enough for the built-in engine.
const TITLE = 'Laguna and Serrania agree to reopen their river border crossings';
const PARAGRAPHS = [
  'The foreign ministers of Laguna and Serrania agreed on Tuesday to reopen four river border crossings that were closed two years ago, their ministries said in a joint statement.',
  'Minister Ardo Velasquez of Laguna and Minister Tomas Rivka of Serrania signed the agreement in the port city of Puerto Calma after two days of talks.',
  'Under the agreement, the crossings will reopen to goods traffic on 1 March and to travellers a month later, with joint customs posts on both banks.',
  'The two governments also agreed to set up a joint commission on river shipping, which will meet every three months and report to both ministers.',
  'Traders on both sides of the river had long asked for the crossings to reopen, saying the closure had doubled the cost of moving grain and timber.',
  'The ministers said they would meet again in Serrania in June to review the first months of the reopening and to discuss a bridge project.',
];
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${TITLE}</title></head><body><article><h1>${TITLE}</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

/** Serves PAGE; while `holding`, a request gets no answer (the process reading it is "mid-digest"). */
async function startArticleSite(): Promise<{ url: string; requests: () => number; holding: boolean; firstRequest: Promise<void>; close(): Promise<void> }> {
  let requests = 0;
  let requested!: () => void;
  const site = {
    url: '',
    requests: () => requests,
    holding: true,
    firstRequest: new Promise<void>((done) => (requested = done)),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  const server: Server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    requested();
    if (site.holding) return;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(PAGE) });
    res.end(PAGE);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/world/river-crossings`;
  return site;
}

let api: FakeBotApi;
let dir: string;
let dbPath: string;
let logLines: string[];
/** Set by the PostgreSQL test: the app's DATABASE_URL (a schema of its own). */
let pgUrl: string | undefined;
const apps: RunningApp[] = [];
const children: ChildProcess[] = [];
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  api = await startFakeBotApi({ token: TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'kabar-crash-'));
  dbPath = join(dir, 'data', 'bot.sqlite');
  logLines = [];
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const app of apps.splice(0)) await app.stop();
  for (const close of closers.splice(0)) await close();
  pgUrl = undefined;
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...(pgUrl ? { DATABASE_URL: pgUrl } : { DATABASE_PATH: dbPath }),
    SUMMARIZER: 'extractive',
    FETCH_ALLOW_PRIVATE: '127.0.0.1',
    // Far longer than the test: a claim the killed run held is never simply waited out here.
    LEASE_MS: '600000',
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

const overrides: AppOverrides = {
  port: 0,
  host: '127.0.0.1',
  drainTimeoutMs: 2000,
  logDestination: { write: (line) => void logLines.push(line) },
};

async function start(extra: Record<string, string> = {}, more: AppOverrides = {}): Promise<RunningApp> {
  const app = await startApp(env(extra), { ...overrides, ...more });
  apps.push(app);
  return app;
}

/** `tsx src/main.ts` as a real process (polling), resolved once it logs that it is running. */
async function startProcess(extra: Record<string, string> = {}): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  // node --import tsx, not the tsx binary: that one runs the bot in a child process a kill would miss.
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'src', 'main.ts')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env({ PORT: String(await freePort()), LOG_LEVEL: 'info', ...extra }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise((done) => child.once('exit', done));
  await new Promise<void>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('kabar is running')) done();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then(() => fail(new Error(`the bot process exited during start-up:\n${output}`)));
  });
  return { child, exited };
}

/**
 * Takes the write lock the way another process would, without blocking this process's event loop: the
 * app shares it, and a busy wait here would stall the app's own open transaction (a self-made deadlock).
 */
async function takeWriteLock(db: Database.Database): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if (attempt > 200 || !String(error).includes('locked')) throw error;
      await new Promise((done) => setTimeout(done, 25));
    }
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

interface JobRow {
  update_id: number;
  claimed_by: string | null;
  placeholder_message_id: number | null;
  attempts: number;
}

/** The digest_jobs rows, read the way an operator would (sqlite3 on the file, psql on the schema). */
async function storedJobs(): Promise<JobRow[]> {
  const sql = 'SELECT update_id, claimed_by, placeholder_message_id, attempts FROM digest_jobs';
  if (pgUrl) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows.map((row) => ({ ...row, update_id: Number(row.update_id), placeholder_message_id: row.placeholder_message_id === null ? null : Number(row.placeholder_message_id) }));
    } finally {
      await client.end();
    }
  }
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as JobRow[];
  } finally {
    db.close();
  }
}

/**
 * Sends a link, kills the bot process with SIGKILL while it reads the article (placeholder sent and
 * recorded, update confirmed), starts the bot again with `restartEnv`, and checks that the same
 * placeholder becomes the digest without waiting out LEASE_MS.
 */
async function killMidDigestAndRestart(restartEnv: Record<string, string> = {}): Promise<void> {
  const site = await startArticleSite();
  closers.push(site.close);
  const chatId = testUsers.alice.id;
  const first = await startProcess(restartEnv);

  const updateId = api.pushUpdate(messageUpdate({ chatId, text: site.url }));
  await api.waitFor('sendMessage', (payload) => payload.chat_id === chatId && payload.text === PLACEHOLDER, 20_000);
  // The article is being read: the placeholder was sent and recorded just before this request.
  await site.firstRequest;
  // The update was confirmed to Telegram (the next getUpdates moved the offset on).
  await until('the offset to pass the update', () => api.calls.some((call) => call.method === 'getUpdates' && Number(call.payload.offset) > updateId));
  const [placeholder] = api.sentMessages(chatId);
  expect(placeholder?.text).toBe(PLACEHOLDER);
  const [killedJob] = await storedJobs();
  expect(killedJob).toMatchObject({ update_id: updateId, placeholder_message_id: placeholder?.messageId, attempts: 1 });
  expect(killedJob?.claimed_by).toMatch(/\/\d+\/[0-9a-f]+$/);

  first.child.kill('SIGKILL');
  await first.exited;
  site.holding = false;

  await start(restartEnv);
  expect(logLines.some((line) => line.includes('freed the claims of an earlier run of this instance') && line.includes(killedJob?.claimed_by as string))).toBe(true);
  await api.waitFor('editMessageText', (payload) => payload.chat_id === chatId && payload.message_id === placeholder?.messageId, 20_000);
  const messages = api.sentMessages(chatId);
  expect(messages).toHaveLength(1);
  expect(messages[0]?.text).not.toBe(PLACEHOLDER);
  expect(messages[0]?.text).toContain('Laguna');
  await until('the job to be finished', async () => (await storedJobs()).length === 0);
}

describe('a digest request in the default mode (SQLite, long polling)', () => {
  it('is finished after its process is killed mid-digest and started again: the placeholder becomes the digest', { timeout: 60_000 }, async () => {
    // Same SQLite file, same host, the killed pid gone: its claim is freed at start, not after LEASE_MS.
    await killMidDigestAndRestart();
  });

  it("frees a killed run's claim at start even before any job runs, and runs the job under the new run's name", { timeout: 60_000 }, async () => {
    const site = await startArticleSite();
    closers.push(site.close);
    const chatId = testUsers.budi.id;
    const first = await startProcess();
    api.pushUpdate(messageUpdate({ chatId, text: site.url }));
    await site.firstRequest;
    const killedOwner = (await storedJobs())[0]?.claimed_by as string;
    first.child.kill('SIGKILL');
    await first.exited;

    // Started with the page still held: the restarted run claims the job (attempt 2) and waits on the page.
    const requestsBefore = site.requests();
    await start();
    await until('the page to be read again', () => site.requests() > requestsBefore);
    const [job] = await storedJobs();
    expect(job?.attempts).toBe(2);
    expect(job?.claimed_by).not.toBe(killedOwner);
    expect(job?.claimed_by?.split('/')[0]).toBe(killedOwner.split('/')[0]);
    site.holding = false;
  });
});

describe.skipIf(!TEST_DATABASE_URL)('a digest request on PostgreSQL (set TEST_DATABASE_URL to run)', () => {
  it('is finished at once by a process restarted under the same INSTANCE_ID after a kill -9 mid-digest', { timeout: 60_000 }, async () => {
    const schema = await createTestSchema(TEST_DATABASE_URL as string, 'crash');
    // Dropped after the apps stopped (closers run after them).
    closers.push(() => schema.drop());
    pgUrl = schema.url;
    await killMidDigestAndRestart({ INSTANCE_ID: 'kabar-one' });
  });
});

describe('a locked SQLite database at run time', () => {
  it('answers "temporarily unavailable" instead of nothing, and the same request sent again is answered', { timeout: 60_000 }, async () => {
    const site = await startArticleSite();
    site.holding = false;
    closers.push(site.close);
    const chatId = testUsers.alice.id;
    await start({}, { sqliteBusyTimeoutMs: 200 });

    // Another connection (a backup, the sqlite3 shell, a second process) holds the write lock.
    const other = new Database(dbPath, { timeout: 0 });
    closers.push(async () => void (other.open && other.close()));
    await takeWriteLock(other);
    api.pushUpdate(messageUpdate({ chatId, text: site.url }));
    const unavailable = userMessage(new AppError('STORE_UNAVAILABLE', 'locked'), 'en');
    await api.waitFor('sendMessage', (payload) => payload.chat_id === chatId && payload.text === unavailable, 20_000);
    expect(site.requests()).toBe(0);
    expect(logLines.some((line) => line.includes('DATABASE_PATH') && line.includes('locked'))).toBe(true);
    other.exec('ROLLBACK');

    api.pushUpdate(messageUpdate({ chatId, text: site.url }));
    await until('the digest', () => api.sentTexts(chatId).some((text) => text.includes('Laguna')), 20_000);
    expect(api.sentTexts(chatId).filter((text) => text === unavailable)).toHaveLength(1);
  });
});

describe('a locked SQLite database in webhook mode', () => {
  it('answers the webhook 503 so Telegram delivers the update again, and runs it once when it comes back', { timeout: 60_000 }, async () => {
    const site = await startArticleSite();
    site.holding = false;
    closers.push(site.close);
    const secret = 'crash_test-secret';
    const app = await start({ BOT_MODE: 'webhook', WEBHOOK_DOMAIN: 'bot.example.test', WEBHOOK_PATH: '/hook', WEBHOOK_SECRET: secret }, { sqliteBusyTimeoutMs: 200 });
    const chatId = testUsers.budi.id;
    const update = { update_id: 7001, ...messageUpdate({ chatId, text: site.url }) };
    const post = () =>
      fetch(`http://127.0.0.1:${app.port}/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      }).then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      });

    const other = new Database(dbPath, { timeout: 0 });
    closers.push(async () => void (other.open && other.close()));
    await takeWriteLock(other);
    expect(await post()).toBe(503);
    other.exec('ROLLBACK');
    // Telegram's redelivery of the same update.
    expect(await post()).toBe(200);
    await until('the digest', () => api.sentTexts(chatId).some((text) => text.includes('Laguna')), 20_000);
    expect(site.requests()).toBe(1);
  });
});

describe('a damaged SQLite file at start', () => {
  it('stops with a message naming DATABASE_PATH and the file', async () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(dbPath, 'these bytes were never an SQLite database '.repeat(200));
    const error = await startApp(env(), overrides).catch((e: unknown) => e);
    const message = startupFailureMessage(error, [api.token]);
    expect(message).toContain('DATABASE_PATH');
    expect(message).toContain(dbPath);
    expect(message).not.toContain(api.token.split(':')[1]);
    expect(message.split('\n')).toHaveLength(1);
    // Nothing was left open on it: the same file can be replaced and opened at once.
    rmSync(dbPath);
    openSqliteStore(dbPath).close();
  });
});
