/**
 * Crash-restart benchmark (figures, not a test): `npx tsx bench/restart.ts [--runs 3] [--lease-ms 60000] [--other-instance]`.
 *
 * The default setup (SQLite, long polling, JOB_QUEUE default) as real processes from src/main.ts on
 * 127.0.0.1: a link is sent, the process is SIGKILLed while it reads the article (placeholder sent),
 * and a new process is started on the same database. Printed: the time from starting the new process
 * to the placeholder being edited into the digest, and how much of it was process start-up.
 * `--other-instance` restarts under another INSTANCE_ID: nothing is freed at start, the claim is
 * waited out (LEASE_MS), as every restart did before.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../tests/support/cluster.js';
import { messageUpdate, startFakeBotApi } from '../tests/support/fake-bot-api.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const SEED = resolve(ROOT, '../shared/fixtures/seed/antara-putin-pezeshkian-id.txt');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'lease-ms': { type: 'string', default: '60000' },
    'other-instance': { type: 'boolean', default: false },
  },
});

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function run(index: number): Promise<{ total: number; startup: number }> {
  const [title = 'Article', ...paragraphs] = readFileSync(SEED, 'utf8').split(/\n+/).map((line) => line.trim()).filter(Boolean);
  const page = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><article><h1>${escape(title)}</h1>${paragraphs
    .map((p) => `<p>${escape(p)}</p>`)
    .join('')}</article></body></html>`;
  let holding = true;
  let requested!: () => void;
  const firstRequest = new Promise<void>((done) => (requested = done));
  const site = createServer((_req, res) => {
    requested();
    if (holding) return;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
    res.end(page);
  });
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/berita/${index}`;
  const api = await startFakeBotApi({ token: '123456789:AAHkabarRestartBenchToken_abcdefghi' });
  const dir = mkdtempSync(join(tmpdir(), 'kabar-restart-'));
  const children: ChildProcess[] = [];

  const launch = async (instanceId: string | undefined) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      SUMMARIZER: 'extractive',
      FETCH_ALLOW_PRIVATE: '127.0.0.1',
      LEASE_MS: values['lease-ms'],
      PORT: String(await freePort()),
      LOG_LEVEL: 'info',
      ...(instanceId ? { INSTANCE_ID: instanceId } : {}),
    };
    const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'src', 'main.ts')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let output = '';
    await new Promise<void>((done, fail) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('kabar is running')) done();
      });
      child.once('exit', () => fail(new Error('the bot process exited during start-up')));
    });
    return child;
  };

  try {
    const first = await launch(values['other-instance'] ? 'bench-a' : undefined);
    api.pushUpdate(messageUpdate({ chatId: 4242, text: url }));
    await firstRequest;
    const placeholder = api.sentMessages(4242)[0];
    if (!placeholder) throw new Error('no placeholder was sent');
    const exited = new Promise((done) => first.once('exit', done));
    first.kill('SIGKILL');
    await exited;
    holding = false;

    const restartedAt = Date.now();
    await launch(values['other-instance'] ? 'bench-b' : undefined);
    const startup = Date.now() - restartedAt;
    await api.waitFor('editMessageText', (payload) => payload.message_id === placeholder.messageId, Number(values['lease-ms']) + 60_000);
    return { total: Date.now() - restartedAt, startup };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await api.close();
    await new Promise<void>((done) => {
      site.closeAllConnections();
      site.close(() => done());
    });
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Array<{ total: number; startup: number }> = [];
for (let i = 0; i < Number(values.runs); i++) results.push(await run(i));
console.log(
  `\nKabar crash-restart benchmark — node ${process.version}, LEASE_MS=${values['lease-ms']}, restart as ${values['other-instance'] ? 'another instance' : 'the same instance (same host, SQLite file)'}`,
);
for (const [i, r] of results.entries()) {
  console.log(`run ${i + 1}: new process started → placeholder edited into the digest ${(r.total / 1000).toFixed(2)} s (of which process start-up ${(r.startup / 1000).toFixed(2)} s)`);
}
