import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botTexts } from '../../src/bot/bot-texts.js';
import { type AppOverrides, type RunningApp, loadBotConfig, startApp, startupFailureMessage } from '../../src/main.js';
import pg from 'pg';
import { openPgStore } from '../../src/store/pg-store.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { TEST_DATABASE_URL } from '../store/backends.js';
import { createTestSchema } from '../support/cluster.js';
import { type FakeBotApi, messageUpdate, startFakeBotApi, testUsers } from '../support/fake-bot-api.js';

const ROOT = resolve(import.meta.dirname, '../..');

function http(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: any }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        done({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A port nobody listens on right now (PORT must be 1-65535, so 0 is not an option for the child). */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

/** Where the app keeps its data: the same place for every start of one test, so a restart reopens it. */
interface AppDatabase {
  env: Record<string, string>;
  /** The same database the app uses, opened by the test to look at what the app stored. */
  open(): Promise<Store>;
  /** Resolves once nothing of the app holds the database any more; throws otherwise. */
  expectReleased(): Promise<void>;
  drop(): Promise<void>;
}

/** One database kind the app runs on here. */
interface AppBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database for one test. */
  create(): Promise<AppDatabase>;
}

let connectionLabels = 0;

const BACKENDS: AppBackend[] = [
  {
    name: 'sqlite',
    async create() {
      // In a folder that does not exist yet: startApp creates it.
      const path = join(dir, 'data', 'bot.sqlite');
      return {
        env: { DATABASE_PATH: path },
        open: async () => openSqliteStore(path),
        // The file opens (and migrates) again.
        expectReleased: async () => openSqliteStore(path).close(),
        drop: async () => {},
      };
    },
  },
  {
    name: 'postgres',
    // DATABASE_URL alone, as in production: JOB_QUEUE defaults to the shared database queue.
    async create() {
      const schema = await createTestSchema(TEST_DATABASE_URL as string, 'main');
      // A name of its own on every connection the app opens, so the test can count them.
      const applicationName = `kabar_main_test_${process.pid}_${connectionLabels++}`;
      const url = new URL(schema.url);
      url.searchParams.set('application_name', applicationName);
      return {
        env: { DATABASE_URL: url.toString() },
        // No schema option: the URL's search_path alone must lead the store to the app's tables.
        open: () => openPgStore(url.toString(), { poolSize: 1 }),
        async expectReleased() {
          // On the schema's search_path but without the app's name, so it does not count itself.
          const client = new pg.Client({ connectionString: schema.url });
          await client.connect();
          try {
            // The app did connect: its migrations ran in the schema.
            const migrated = await client.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
            expect(migrated.rows[0]?.t).toBe('schema_migrations');
            // A server backend ends a moment after its client hangs up.
            const deadline = Date.now() + 2000;
            for (;;) {
              const open = await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
              if (open.rows[0]?.n === 0) return;
              if (Date.now() > deadline) throw new Error(`${open.rows[0]?.n} connection(s) of the app are still open`);
              await new Promise((done) => setTimeout(done, 50));
            }
          } finally {
            await client.end();
          }
        },
        drop: () => schema.drop(),
      };
    },
  },
];

if (!TEST_DATABASE_URL) console.log('[kabar] TEST_DATABASE_URL is not set: the PostgreSQL runs of the startApp database tests are skipped.');

let api: FakeBotApi;
let dir: string;
let logLines: string[];
/** Set by the database tests; the others run on SQLite in the test's folder. */
let database: AppDatabase | undefined;
const running: RunningApp[] = [];

// Digits, a colon and exactly 35 characters, as TELEGRAM_TOKEN_PATTERN requires.
const TOKEN = '123456789:AAHkabarMainTestToken_abcdefghijklm';

beforeEach(async () => {
  api = await startFakeBotApi({ token: TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'kabar-main-'));
  logLines = [];
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  await api.close();
  // Only once every app is stopped: their pools hold connections to the schema.
  await database?.drop();
  database = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...(database?.env ?? { DATABASE_PATH: join(dir, 'data', 'bot.sqlite') }),
    SUMMARIZER: 'extractive',
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

async function start(extra: Record<string, string> = {}): Promise<RunningApp> {
  const app = await startApp(env(extra), overrides);
  running.push(app);
  return app;
}

describe('startApp in polling mode', () => {
  it('serves /healthz, registers the command menu in both languages and answers updates', async () => {
    const app = await start();
    const health = await http(app.port, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', mode: 'polling' });

    const menus = api.calls.filter((call) => call.method === 'setMyCommands');
    expect(menus.map((call) => call.payload.language_code ?? null)).toEqual([null, 'id']);

    api.pushUpdate(messageUpdate({ chatId: testUsers.alice.id, text: '/start' }));
    const sent = await api.waitFor('sendMessage', (payload) => payload.chat_id === testUsers.alice.id);
    expect(sent.payload.text).toBe(botTexts('en').welcome);
    expect(api.calls.some((call) => call.method === 'setWebhook')).toBe(false);
  });

  it('stops polling and the HTTP server on stop, and never logs the bot token', async () => {
    const app = await start();
    api.pushUpdate(messageUpdate({ chatId: testUsers.alice.id, text: '/help' }));
    await api.waitFor('sendMessage', (payload) => payload.chat_id === testUsers.alice.id);
    await app.stop();
    await expect(http(app.port, 'GET', '/healthz')).rejects.toThrow();

    const pollsBefore = api.calls.filter((call) => call.method === 'getUpdates').length;
    api.pushUpdate(messageUpdate({ chatId: testUsers.budi.id, text: '/start' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.calls.filter((call) => call.method === 'getUpdates').length).toBe(pollsBefore);
    expect(api.sentTexts(testUsers.budi.id)).toEqual([]);

    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(api.token.split(':')[1]);
  });
});

for (const backend of BACKENDS) {
  const enabled = backend.name === 'sqlite' || TEST_DATABASE_URL !== undefined;
  const title = `startApp on ${backend.name}${enabled ? '' : ' (set TEST_DATABASE_URL to run)'}`;
  (enabled ? describe : describe.skip)(title, () => {
    beforeEach(async () => {
      database = await backend.create();
    });

    it('keeps chat settings across a restart on the same database', async () => {
      const chatId = testUsers.alice.id;
      const first = await start();
      // The durable queue on both: a request is stored before Telegram's update is confirmed.
      expect(first.config.instance.jobQueue).toBe('database');
      api.pushUpdate(messageUpdate({ chatId, text: '/lang id' }));
      await api.waitFor('sendMessage', (payload) => payload.chat_id === chatId && payload.text === botTexts('id').langSet('id'));
      await first.stop();

      // The first app closed the database cleanly: it opens again with the setting stored.
      const store = await (database as AppDatabase).open();
      try {
        expect((await store.chatSettings.get(chatId)).language).toBe('id');
      } finally {
        await store.close();
      }

      await start();
      api.pushUpdate(messageUpdate({ chatId, text: '/lang' }));
      const shown = await api.waitFor('sendMessage', (payload) => payload.chat_id === chatId && !payload.text.includes(botTexts('id').langSet('id')));
      expect(shown.payload.text).toBe(botTexts('id').langCurrent('id'));
    });

    it('fails start-up with a clear message when Telegram rejects the token, and releases the database', async () => {
      const wrongToken = '987654321:AAHsomeOtherTokenThatIsNotValid_012';
      const error = await startApp(env({ TELEGRAM_BOT_TOKEN: wrongToken }), overrides).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      const message = startupFailureMessage(error, [wrongToken]);
      expect(message).toContain('TELEGRAM_BOT_TOKEN');
      expect(message).not.toContain('AAHsomeOther');
      await (database as AppDatabase).expectReleased();
    });
  });
}

describe('startApp in webhook mode', () => {
  const SECRET = 'webhook_Secret-42';
  const webhookEnv = { BOT_MODE: 'webhook', WEBHOOK_DOMAIN: 'bot.example.test', WEBHOOK_PATH: '/tg/hook', WEBHOOK_SECRET: SECRET };

  it('registers the webhook with its secret and serves /healthz instead of polling', async () => {
    const app = await start(webhookEnv);
    const setWebhook = await api.waitFor('setWebhook');
    expect(setWebhook.payload.url).toBe('https://bot.example.test/tg/hook');
    expect(setWebhook.payload.secret_token).toBe(SECRET);
    expect(api.calls.some((call) => call.method === 'getUpdates')).toBe(false);
    const health = await http(app.port, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', mode: 'webhook' });
  });

  it('hands an update with the right secret to the bot, which replies through the Bot API', async () => {
    const app = await start(webhookEnv);
    const update = { update_id: 500, ...messageUpdate({ chatId: 3001, text: '/start' }) };
    const reply = await http(
      app.port,
      'POST',
      '/tg/hook',
      { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      JSON.stringify(update),
    );
    expect(reply.status).toBe(200);
    const sent = await api.waitFor('sendMessage', (payload) => payload.chat_id === 3001);
    expect(sent.payload.text).toBe(botTexts('en').welcome);
  });

  it('answers 403 to a wrong or missing secret and nothing reaches the bot', async () => {
    const app = await start(webhookEnv);
    const body = (chatId: number, id: number) => JSON.stringify({ update_id: id, ...messageUpdate({ chatId, text: '/start' }) });
    const wrong = await http(app.port, 'POST', '/tg/hook', { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'webhook_Secret-43' }, body(3002, 601));
    const missing = await http(app.port, 'POST', '/tg/hook', { 'content-type': 'application/json' }, body(3003, 602));
    expect(wrong.status).toBe(403);
    expect(missing.status).toBe(403);
    // A later good update is answered, so the refused ones would have been by now.
    await http(app.port, 'POST', '/tg/hook', { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body(3004, 603));
    await api.waitFor('sendMessage', (payload) => payload.chat_id === 3004);
    expect(api.calls.filter((call) => call.method === 'sendMessage').map((call) => call.payload.chat_id)).toEqual([3004]);
  });
});

describe('loadBotConfig', () => {
  it('requires TELEGRAM_BOT_TOKEN', () => {
    expect(() => loadBotConfig({})).toThrow(/TELEGRAM_BOT_TOKEN is not set/);
  });

  it('requires WEBHOOK_DOMAIN and WEBHOOK_SECRET in webhook mode', () => {
    expect(() => loadBotConfig({ TELEGRAM_BOT_TOKEN: TOKEN, BOT_MODE: 'webhook' })).toThrow(
      /WEBHOOK_DOMAIN and WEBHOOK_SECRET/,
    );
  });
});

/** Runs `tsx src/main.ts` as a real process with only the given environment, from an empty folder (no .env). */
function runMain(childEnv: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src', 'main.ts')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...childEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('npm start (src/main.ts as a process)', () => {
  it('stops with exit code 1 and one line naming TELEGRAM_BOT_TOKEN when the token is missing', async () => {
    const { code, stderr } = await runMain({ TELEGRAM_API_ROOT: api.apiRoot, DATABASE_PATH: join(dir, 'bot.sqlite') });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('TELEGRAM_BOT_TOKEN');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with exit code 1 and a clear message when the token is malformed, without echoing it', async () => {
    const { code, stderr } = await runMain({ TELEGRAM_BOT_TOKEN: '12345:tooShortSecret', TELEGRAM_API_ROOT: api.apiRoot });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('TELEGRAM_BOT_TOKEN');
    expect(stderr).not.toContain('tooShortSecret');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('shuts down with exit code 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src', 'main.ts')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env({ PORT: String(port), LOG_LEVEL: 'info' }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const running = new Promise<void>((done) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('kabar is running')) done();
      }),
    );
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    await running;
    const health = await http(port, 'GET', '/healthz');
    expect(health.body).toMatchObject({ status: 'ok', mode: 'polling' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('"msg":"stopped"');
    // The long poll was ended and its offset confirmed: a getUpdates without timeout after the held one.
    expect(api.calls.filter((call) => call.method === 'getUpdates').at(-1)?.payload.timeout).toBeUndefined();
  });
});
