import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestSchema } from '../../src/digest/schema.js';
import { freePort } from '../support/cluster.js';
import { type FakeBotApi, messageUpdate, startFakeBotApi } from '../support/fake-bot-api.js';
import { type CompiledCopy, ROOT, buildCompiledCopy, listFiles } from './compiled-copy.js';

const SEED = join(ROOT, 'tests/fixtures/antara-putin-pezeshkian-id.txt');
/** A full build is a few seconds of tsc; the machine may be busy with other test files. */
const BUILD_TIMEOUT = 90_000;
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

let copy: CompiledCopy;
beforeAll(() => {
  copy = buildCompiledCopy();
}, BUILD_TIMEOUT);
afterAll(() => copy?.remove());

const runNode = promisify(execFile);

describe('the compiled runtime (npm run build, then plain node)', { timeout: 60_000 }, () => {
  it('compiles src/ to JavaScript only: main.js and cli.js, no TypeScript source left to transpile', () => {
    expect(copy.status, copy.output).toBe(0);
    const files = listFiles(copy.dist);
    expect(files).toEqual(expect.arrayContaining(['main.js', 'cli.js', 'pipeline.js', 'infra/cpu-tasks.js', 'infra/worker-pool.js']));
    expect(files.filter((file) => /\.(ts|mts|cts)$/.test(file))).toEqual([]);
    // The copy's node_modules really lacks tsx, so the runs below prove no transpiler is loaded.
    expect(existsSync(join(copy.root, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(copy.root, 'node_modules', 'telegraf'))).toBe(true);
  });

  it('digests the seed article with node dist/cli.js, extraction and the built-in engine in a worker thread, without tsx', async () => {
    const { stdout, stderr } = await runNode(process.execPath, [join(copy.dist, 'cli.js'), '--format', 'json', SEED], {
      cwd: copy.root,
      env: { ...BASE_ENV, WORKER_THREADS: '1' },
    });
    expect(stderr).toBe('');
    const digest = DigestSchema.parse(JSON.parse(stdout));
    expect(digest.engine).toBe('extractive');
    expect(digest.source.language).toBe('id');
    expect(digest.who.map((person) => person.name)).toEqual(expect.arrayContaining(['Vladimir Putin', 'Masoud Pezeshkian']));
  });

  it('runs the bot with node dist/main.js: finds its presets and prompts, and answers a pasted article with its digest', async () => {
    const api: FakeBotApi = await startFakeBotApi();
    const data = mkdtempSync(join(tmpdir(), 'kabar-compiled-bot-'));
    const port = await freePort();
    let output = '';
    const bot: ChildProcess = spawn(process.execPath, [join(copy.dist, 'main.js')], {
      // Another working directory than the copy's root: paths are found from the compiled files.
      cwd: data,
      env: {
        ...BASE_ENV,
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.apiRoot,
        DATABASE_PATH: join(data, 'bot.sqlite'),
        PORT: String(port),
        SUMMARIZER: 'extractive',
        WORKER_THREADS: '1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    bot.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => bot.once('exit', (code) => done(code)));
    try {
      const chatId = 7001;
      api.pushUpdate(messageUpdate({ chatId, text: readFileSync(SEED, 'utf8') }));
      const deadline = Date.now() + 45_000;
      let texts: string[] = [];
      while (!texts.some((text) => text.includes('Masoud Pezeshkian')) && Date.now() < deadline && bot.exitCode === null) {
        await new Promise((done) => setTimeout(done, 100));
        texts = api.sentTexts(chatId);
      }
      expect(bot.exitCode, output).toBeNull();
      expect(texts.join('\n---\n')).toMatch(/Vladimir Putin[\s\S]*Masoud Pezeshkian/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.ok).toBe(true);
    } finally {
      if (bot.exitCode === null) bot.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      await api.close();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
