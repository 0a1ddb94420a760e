import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { DigestSchema } from '../../src/digest/schema.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = resolve(ROOT, 'tests/fixtures/antara-putin-pezeshkian-id.txt');
const SEED_TEXT = readFileSync(SEED, 'utf8');

async function run(argv: string[], env: Record<string, string | undefined> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env,
    readStdin: async () => stdin,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('CLI on the built-in engine', () => {
  it('digests the seed article into English text with both presidents and no agreement from generic cooperation talk', async () => {
    const { code, stdout, stderr } = await run([SEED]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Vladimir Putin');
    expect(stdout).toContain('Masoud Pezeshkian');
    expect(stdout).toMatch(/President of Russia/);
    // "Para presiden sepakat untuk meningkatkan kerja sama" is generic: not an agreement (diplomatic fixtures' rule).
    expect(stdout).not.toMatch(/Agreements/);
    expect(stdout).toContain('Background');
    expect(stdout).not.toMatch(/Baca juga|Penerjemah|Copyright/);
  });

  it('prints the digest schema as JSON with no agreement and the treaty only as background', async () => {
    const { code, stdout } = await run(['--format', 'json', '--lang', 'id', SEED]);
    expect(code).toBe(0);
    const digest = DigestSchema.parse(JSON.parse(stdout));
    expect(digest.language).toBe('id');
    expect(digest.engine).toBe('extractive');
    expect(digest.source.language).toBe('id');
    expect(digest.who.map((person) => person.name)).toEqual(expect.arrayContaining(['Vladimir Putin', 'Masoud Pezeshkian']));
    expect(digest.agreements).toEqual([]);
    expect(digest.background.join(' ')).toMatch(/Kemitraan Strategis Komprehensif/);
  });

  it('renders Telegram HTML with Indonesian labels', async () => {
    const { code, stdout } = await run(['--format', 'html', '--lang', 'id', SEED]);
    expect(code).toBe(0);
    expect(stdout).toContain('Latar belakang');
    expect(stdout).toMatch(/<b>/);
  });

  it('reads pasted text from standard input', async () => {
    const { code, stdout } = await run(['-'], {}, SEED_TEXT);
    expect(code).toBe(0);
    expect(stdout).toContain('Pezeshkian');
  });

  it('shows what was read with --format article, without the site boilerplate', async () => {
    const { code, stdout } = await run(['--format', 'article', SEED]);
    expect(code).toBe(0);
    const article = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(article).sort()).toEqual(['language', 'publishedAt', 'publisher', 'text', 'title', 'url']);
    expect(article.language).toBe('id');
    expect(article.text).toContain('Shahid Rajaee');
    expect(article.text).not.toMatch(/Baca juga|Editor:|Copyright/);
  });
});

describe('CLI errors', () => {
  it('names a missing file and exits 1 with one line and no stack trace', async () => {
    const { code, stderr, stdout } = await run(['no/such/article.txt']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toContain('no/such/article.txt');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a non-http scheme', async () => {
    const { code, stderr } = await run(['ftp://example.com/a']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/URL_NOT_ALLOWED/);
  });

  it('refuses a link to a private address before connecting', async () => {
    const { code, stderr } = await run(['http://169.254.169.254/latest/meta-data/']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/BLOCKED_ADDRESS/);
  });

  it('explains a bad option with usage and exit code 2', async () => {
    const { code, stderr } = await run(['--lang', 'fr', SEED]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--lang must be "en" or "id"/);
    expect(stderr).toMatch(/Usage:/);
  });

  it('names each bad environment variable and exits 3', async () => {
    const { code, stderr } = await run([SEED], { DEFAULT_LANGUAGE: 'de', FETCH_MAX_BYTES: '-1' });
    expect(code).toBe(3);
    expect(stderr).toMatch(/DEFAULT_LANGUAGE/);
    expect(stderr).toMatch(/FETCH_MAX_BYTES/);
  });

  it('refuses text too short to be an article', async () => {
    const { code, stderr } = await run(['-'], {}, 'Putin called Pezeshkian.');
    expect(code).toBe(1);
    expect(stderr).toMatch(/INVALID_INPUT/);
  });
});

describe('CLI with a fetched page', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const html = readFileSync(resolve(ROOT, 'tests/fixtures/pages/antara-like-article.html'), 'utf8');
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url?.startsWith('/report.pdf')) {
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '4' }).end('%PDF');
        return;
      }
      const body = Buffer.from(html);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('refuses a loopback page unless FETCH_ALLOW_PRIVATE exempts it', async () => {
    const refused = await run([`${base}/berita`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/BLOCKED_ADDRESS/);
    expect(requests).toHaveLength(0);

    const allowed = await run(['--format', 'json', `${base}/berita`], { FETCH_ALLOW_PRIVATE: '127.0.0.1' });
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    const digest = DigestSchema.parse(JSON.parse(allowed.stdout));
    expect(digest.source.url).toMatch(/^https?:\/\//);
    expect(digest.source.publisher).toBeTruthy();
  });

  it('reads a PDF link with the PDF reader and says clearly when the PDF is broken', async () => {
    const { code, stderr } = await run([`${base}/report.pdf`], { FETCH_ALLOW_PRIVATE: '127.0.0.1' });
    expect(code).toBe(1);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/PDF_UNREADABLE/);
    expect(stderr).toMatch(/damaged or not really a PDF/);
  });
});

describe('CLI entry point', () => {
  it('runs as `npm run digest` does and exits non-zero on bad input', async () => {
    const exec = promisify(execFile);
    const tsx = resolve(ROOT, 'node_modules/.bin/tsx');
    const ok = await exec(tsx, ['src/cli.ts', SEED], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    expect(ok.stdout).toContain('Pezeshkian');
    const failed = await exec(tsx, ['src/cli.ts', 'missing.txt'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });
});
