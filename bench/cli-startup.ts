/**
 * CLI start-up benchmark (figures, not a test): `npm run bench:cli-startup [-- --runs 5] [seed.txt]`.
 *
 * Time from spawn to exit, median of N runs, of the cheapest command (`--help`: it loads the whole CLI, as
 * every command does) and of a real digest of the seed text (built-in engine, in-process), for:
 *   - dist: `node dist/cli.js …`, what `npm run digest` runs after its incremental build check;
 *   - tsx:  `tsx src/cli.ts …`, what `npm run digest` ran before (a tsx wrapper process plus its node child);
 *   - npm:  `npm run -s digest -- …` as typed: npm itself, the predigest `tsc` (incremental, nothing to
 *     rebuild) and node dist/cli.js.
 * Builds dist/ first (`tsc -b tsconfig.build.json`, incremental).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED_SEED = resolve(ROOT, '../shared/fixtures/seed/antara-putin-pezeshkian-id.txt');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' } } });
const RUNS = Math.max(1, Number(values.runs));
const seed = positionals[0] ?? (existsSync(SHARED_SEED) ? SHARED_SEED : join(ROOT, 'tests/fixtures/antara-putin-pezeshkian-id.txt'));

// Only what the CLI needs: no WORKER_THREADS, OPENAI_* or NODE_OPTIONS from the caller's shell.
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

function timeOnce(command: string, args: string[]): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median and range of RUNS timed runs, after one untimed run (disk cache warm for every variant alike). */
function measure(command: string, args: string[]): { median: number; min: number; max: number } {
  timeOnce(command, args);
  const times = Array.from({ length: RUNS }, () => timeOnce(command, args));
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

const buildStarted = performance.now();
const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
// tsc emits even with type errors; the figures stay meaningful while someone's change is half-way.
if (build.status !== 0) console.warn(`tsc reported errors (measuring the JavaScript it emitted anyway):\n${build.stdout}${build.stderr}`);
if (!existsSync(join(ROOT, 'dist/cli.js'))) process.exit(1);
const buildMs = performance.now() - buildStarted;

const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const variants: Array<{ name: string; help: [string, string[]]; digest: [string, string[]] }> = [
  { name: 'dist (node dist/cli.js)', help: [process.execPath, ['dist/cli.js', '--help']], digest: [process.execPath, ['dist/cli.js', seed]] },
  { name: 'tsx (tsx src/cli.ts)', help: [process.execPath, [TSX_CLI, 'src/cli.ts', '--help']], digest: [process.execPath, [TSX_CLI, 'src/cli.ts', seed]] },
  { name: 'npm run -s digest (with predigest)', help: [npm, ['run', '-s', 'digest', '--', '--help']], digest: [npm, ['run', '-s', 'digest', '--', seed]] },
];

console.log(`CLI start-up — node ${process.version}, median of ${RUNS} runs (min–max), spawn to exit; seed: ${seed}`);
console.log(`  build check before the runs (tsc -b, incremental): ${(buildMs / 1000).toFixed(2)} s; load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
const show = (m: { median: number; min: number; max: number }) => `${m.median.toFixed(0)} ms (${m.min.toFixed(0)}–${m.max.toFixed(0)})`;
for (const variant of variants) {
  try {
    const help = measure(...variant.help);
    const digest = measure(...variant.digest);
    console.log(`  ${variant.name.padEnd(36)} --help ${show(help).padEnd(22)} digest of the seed ${show(digest)}`);
  } catch (error) {
    // npm run digest stops when its predigest build reports a type error.
    console.log(`  ${variant.name.padEnd(36)} failed: ${(error as Error).message.split('\n')[0]}`);
  }
}
console.log(`  load average after the runs: ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
