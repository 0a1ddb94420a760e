import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, USAGE } from '../../src/cli/run-cli.js';
import { DigestSchema } from '../../src/digest/schema.js';
import { statementPdf, wrap } from '../fixtures/documents/generate.js';
import { buildDocx, legacyWordFile } from '../support/docx-builder.js';

const TITLE = 'Joint Statement on the Second Indonesia–Viet Nam Joint Commission';
const SIGNING = 'At the end of the meeting in Hanoi, the two foreign ministers signed a memorandum of understanding on fisheries cooperation.';

let dir: string;
const file = (name: string) => join(dir, name);

async function run(argv: string[], env: Record<string, string | undefined> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, readStdin: async () => stdin, stdout: (text) => out.push(text), stderr: (text) => err.push(text) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kabar-cli-docs-'));
  const pdf = await statementPdf({
    title: TITLE,
    creationDate: new Date('2025-09-12T02:00:00Z'),
    footer: '- {n} -',
    pages: [
      {
        heading: 'Joint Statement',
        paragraphs: [
          wrap(`${SIGNING} Foreign Minister Sugiono and Foreign Minister Bui Thanh Son reviewed the plan of action of the strategic partnership.`),
          wrap('The ministers asked their officials to finish the review of the maritime boundary talks and to report to the next meeting of the joint commission.'),
          wrap('They welcomed the growth of trade between the two countries and agreed to promote investment in renewable energy and the digital economy.'),
        ],
      },
    ],
  });
  writeFileSync(file('statement.pdf'), pdf);
  // Named .txt, still a PDF: the content decides.
  writeFileSync(file('statement.txt'), pdf);
  writeFileSync(
    file('notes.md'),
    [
      '---',
      'layout: post',
      '---',
      '# Ministers agree to expand maritime patrols',
      '',
      'The **foreign ministers** of Indonesia and the Philippines met in [Manila](https://example.org/manila) on Monday and discussed joint patrols in the Sulawesi Sea.',
      '',
      '- They reviewed the incidents of the past year and the work of the border crossing stations.',
      '- They asked the navies of both countries to prepare a schedule of coordinated patrols before December.',
      '',
      '```',
      'const secret = "code is dropped";',
      '```',
      '',
      'Officials said the next round of talks will take place in Jakarta early next year, after both governments finish their budget process.',
    ].join('\n'),
  );
  writeFileSync(file('photo.bin'), Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(200, 7)]));
  writeFileSync(
    file('statement.docx'),
    await buildDocx({
      blocks: [
        { text: TITLE, style: 'Title' },
        `${SIGNING} Foreign Minister Sugiono and Foreign Minister Bui Thanh Son reviewed the plan of action of the strategic partnership.`,
        'The ministers asked their officials to finish the review of the maritime boundary talks and to report to the next meeting of the joint commission.',
        { bullet: 'They welcomed the growth of trade between the two countries and agreed to promote investment in renewable energy.' },
      ],
    }),
  );
  writeFileSync(file('memo.doc'), legacyWordFile());
  writeFileSync(file('broken.docx'), Buffer.concat([Buffer.from('504b030414000600', 'hex'), Buffer.from('word/document.xml'), Buffer.alloc(64)]));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI on local documents', () => {
  it('digests a local PDF with its title and date, quoting the signing verbatim', async () => {
    const { code, stdout, stderr } = await run(['--format', 'json', file('statement.pdf')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const digest = DigestSchema.parse(JSON.parse(stdout));
    expect(digest.source.title).toBe(TITLE);
    expect(digest.source.publishedAt).toBe('2025-09-12T02:00:00.000Z');
    expect(digest.source.url).toBeNull();
    const evidence = digest.agreements.map((item) => item.evidence).find((text) => /memorandum of understanding/.test(text));
    expect(evidence).toBeDefined();
    expect(SIGNING).toContain((evidence ?? '').replace(/\.$/, ''));
  });

  it('reads a PDF by its content even when it is named .txt, never the PDF source as text', async () => {
    const { code, stdout } = await run(['--format', 'article', file('statement.txt')]);
    expect(code).toBe(0);
    const article = JSON.parse(stdout) as { title: string; text: string };
    expect(article.title).toBe(TITLE);
    expect(article.text).not.toMatch(/%PDF|\bTj\b|endobj|- 1 -/);
  });

  it('reads a PDF in a worker thread when WORKER_THREADS is set', async () => {
    const { code, stdout, stderr } = await run(['--format', 'article', file('statement.pdf')], { WORKER_THREADS: '1', JOB_TIME_LIMIT_MS: '20000' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { title: string }).title).toBe(TITLE);
  }, 30_000);

  it('reads a Markdown file as plain paragraphs with its heading as the title', async () => {
    const { code, stdout } = await run(['--format', 'article', file('notes.md')]);
    expect(code).toBe(0);
    const article = JSON.parse(stdout) as { title: string; text: string };
    expect(article.title).toBe('Ministers agree to expand maritime patrols');
    expect(article.text).toContain('The foreign ministers of Indonesia and the Philippines met in Manila on Monday');
    expect(article.text).not.toMatch(/\*\*|\]\(|layout: post|code is dropped/);
  });

  it('digests a local .docx with its Title, quoting the signing verbatim', async () => {
    const { code, stdout, stderr } = await run(['--format', 'json', file('statement.docx')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const digest = DigestSchema.parse(JSON.parse(stdout));
    expect(digest.source.title).toBe(TITLE);
    expect(digest.source.url).toBeNull();
    const evidence = digest.agreements.map((item) => item.evidence).find((text) => /memorandum of understanding/.test(text));
    expect(SIGNING).toContain((evidence ?? '').replace(/\.$/, ''));
  });

  it('reads a .docx in a worker thread when WORKER_THREADS is set', async () => {
    const { code, stdout, stderr } = await run(['--format', 'article', file('statement.docx')], { WORKER_THREADS: '1', JOB_TIME_LIMIT_MS: '20000' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const article = JSON.parse(stdout) as { title: string; text: string };
    expect(article.title).toBe(TITLE);
    expect(article.text).toContain('They welcomed the growth of trade');
  }, 30_000);

  it.each([
    ['photo.bin', 'UNSUPPORTED_FILE binary'],
    ['memo.doc', 'UNSUPPORTED_FILE doc'],
  ])('refuses %s with one line naming what is supported and exit code 1', async (name, tag) => {
    const { code, stdout, stderr } = await run([file(name)]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toContain(`[${tag}]`);
    expect(stderr).toMatch(/PDF, Word \(\.docx\), \.txt, \.html or \.md/);
  });

  it('refuses a damaged .docx in one line with exit code 1', async () => {
    const { code, stdout, stderr } = await run([file('broken.docx')]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toContain('damaged or not really a .docx');
    expect(stderr).toContain('[DOCX_UNREADABLE]');
  });

  it('refuses a PDF or a binary piped to standard input in one line, exit code 1', async () => {
    const pdf = readFileSync(file('statement.pdf')).toString('utf8');
    const piped = await run(['-'], {}, pdf);
    expect(piped.code).toBe(1);
    expect(piped.stderr.split('\n')).toHaveLength(1);
    expect(piped.stderr).toContain('Standard input is a PDF: give its file path instead of piping it. [FILE_NOT_READABLE pdf-on-stdin]');
    const binary = await run(['-'], {}, readFileSync(file('photo.bin')).toString('utf8'));
    expect(binary.code).toBe(1);
    expect(binary.stderr).toContain('[UNSUPPORTED_FILE binary]');
    const docx = await run(['-'], {}, readFileSync(file('statement.docx')).toString('utf8'));
    expect(docx.code).toBe(1);
    expect(docx.stderr).toContain('Standard input is a Word document: give its file path instead of piping it. [FILE_NOT_READABLE docx-on-stdin]');
  });

  it('says in the usage which files it reads', () => {
    expect(USAGE).toMatch(/PDF/);
    expect(USAGE).toMatch(/\.md/);
    expect(USAGE).toMatch(/\.docx/);
  });
});
