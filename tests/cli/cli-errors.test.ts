import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

const FRONT = resolve(import.meta.dirname, '../fixtures/pages/diplomacy-index.html');

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env: {}, readStdin: async () => '', stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('CLI refusal of a page that is not an article', () => {
  it('says once, in one line, that a section front is a list of headlines', async () => {
    const { code, stdout, stderr } = await run([FRONT]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toContain('diplomacy-index.html');
    expect(stderr).toContain('[NOT_AN_ARTICLE section-front]');
    // The log message and the user sentence used to be joined: "list of headlines (a section front) … — … section front?"
    expect(stderr.match(/headlines|section[ -]front/gi)).toEqual(['headlines', 'section-front']);
    expect(stderr.match(/paste/gi)).toHaveLength(1);
  });
});
