/**
 * A compiled copy of Kabar in a temp folder, laid out as the repository is (dist/ beside prompts/, config/,
 * package.json and node_modules/) so the compiled code finds what it reads at run time exactly as `npm start`
 * does, but with tsx missing from node_modules: anything that still needs a transpiler fails to load.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** The transpiler the compiled runtime must not need (and its command-line shims). */
const LEFT_OUT = new Set(['tsx', '.bin']);

export interface CompiledCopy {
  /** The copy's root (its package.json, prompts/, config/, node_modules/). */
  root: string;
  /** root/dist: main.js, cli.js and the rest of src/ compiled. */
  dist: string;
  /** tsc's exit status (0: built with no type error) and what it printed. */
  status: number | null;
  output: string;
  buildMs: number;
  remove(): void;
}

/** Compiles src/ with tsconfig.build.json into a fresh temp folder (a full build: a few seconds). */
export function buildCompiledCopy(): CompiledCopy {
  const root = mkdtempSync(join(tmpdir(), 'kabar-compiled-'));
  copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  for (const folder of ['prompts', 'config']) symlinkSync(join(ROOT, folder), join(root, folder), 'dir');
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (!LEFT_OUT.has(name)) symlinkSync(join(ROOT, 'node_modules', name), join(root, 'node_modules', name));
  }
  const dist = join(root, 'dist');
  const started = performance.now();
  const build = spawnSync(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist, '--tsBuildInfoFile', join(dist, '.tsbuildinfo')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return {
    root,
    dist,
    status: build.status,
    output: `${build.stdout ?? ''}${build.stderr ?? ''}`,
    buildMs: performance.now() - started,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Every file under `dir`, as paths relative to it. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}
