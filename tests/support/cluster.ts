import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { FakeBotApi } from './fake-bot-api.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A token of the right shape with a random bot id: a run of its own in Redis (limits are keyed by bot id). */
export function randomBotToken(): string {
  const id = 100_000_000 + Math.floor(Math.random() * 800_000_000);
  return `${id}:AAH${randomBytes(24).toString('base64url').slice(0, 32)}`;
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A fresh PostgreSQL schema and a DATABASE_URL whose connections use it; drop() removes it. */
export async function createTestSchema(baseUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `kabar_${label}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** One bot process started from src/main.ts, as in production. */
export interface BotInstance {
  name: string;
  port: number;
  process: ChildProcess;
  /** Everything it printed (stdout and stderr). */
  output(): string;
  /** POSTs an update to its webhook; resolves with the HTTP status (0 when the process is gone). */
  postUpdate(update: object): Promise<number>;
  /** SIGKILL: no drain, no release — a crash. */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit (graceful shutdown). */
  stop(): Promise<number | null>;
}

export const WEBHOOK_SECRET = 'cluster-test-secret';
export const WEBHOOK_PATH = '/telegram';

/** Starts `node --import tsx src/main.ts` in webhook mode against `botApi`; resolves once /healthz answers. */
export async function startBotInstance(name: string, botApi: FakeBotApi, env: Record<string, string>): Promise<BotInstance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TELEGRAM_BOT_TOKEN: botApi.token,
      TELEGRAM_API_ROOT: botApi.apiRoot,
      BOT_MODE: 'webhook',
      WEBHOOK_DOMAIN: 'bot.example.test',
      WEBHOOK_PATH,
      WEBHOOK_SECRET,
      PORT: String(port),
      INSTANCE_ID: name,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let alive = true;
  void exited.then(() => (alive = false));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!alive) throw new Error(`bot instance ${name} exited during start-up:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bot instance ${name} did not become healthy:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }

  return {
    name,
    port,
    process: child,
    output: () => output,
    async postUpdate(update) {
      if (!alive) return 0;
      return fetch(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body: JSON.stringify(update),
      }).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status;
        },
        () => 0,
      );
    },
    async kill() {
      if (alive) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Deletes the Redis keys of one bot's shared limits (`kabar:<bot id>:…`): a test's clean-up. */
export async function deleteBotLimitKeys(redisUrl: string, token: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `kabar:${token.split(':')[0]}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** The most events in any 1,000 ms window (Telegram's flood limit counts sends this way). */
export function maxPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= 1000) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
