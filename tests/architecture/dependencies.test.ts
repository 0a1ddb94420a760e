import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface SourceFile {
  path: string;
  rel: string;
  text: string;
  imports: string[];
}

const IMPORT_PATTERN = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

const files: SourceFile[] = listSources(SRC).map((path) => {
  const text = readFileSync(path, 'utf8');
  const imports = [...text.matchAll(IMPORT_PATTERN)].map((m) => (m[1] ?? m[2]) as string);
  return { path, rel: relative(ROOT, path).replaceAll('\\', '/'), text, imports };
});

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);

function importers(predicate: (specifier: string) => boolean) {
  return files.filter((file) => file.imports.some(predicate)).map((file) => file.rel);
}

describe('architecture', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('keeps ingest and digest free of telegraf, databases, Redis, the logger and the bot', () => {
    const forbidden = new Set(['telegraf', 'better-sqlite3', 'pg', 'kysely', 'ioredis', 'pino']);
    const offenders = files
      .filter((file) => /^src\/(ingest|digest)\//.test(file.rel))
      .flatMap((file) =>
        file.imports
          .filter((spec) => forbidden.has(packageOf(spec)) || /\/(bot|store|subscriptions)\//.test(spec) || spec.endsWith('/main.js'))
          .map((spec) => `${file.rel} imports ${spec}`),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps subscriptions free of telegraf and the database driver', () => {
    const forbidden = new Set(['telegraf', 'better-sqlite3', 'pg', 'openai']);
    const offenders = files
      .filter((file) => file.rel.startsWith('src/subscriptions/'))
      .flatMap((file) => file.imports.filter((spec) => forbidden.has(packageOf(spec))).map((spec) => `${file.rel} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('lets only the OpenAI adapter import the openai SDK', () => {
    expect(importers((spec) => packageOf(spec) === 'openai')).toEqual(['src/digest/engines/openai-engine.ts']);
  });

  it('lets only the store import the database driver', () => {
    const drivers = new Set(['better-sqlite3', 'pg']);
    const outside = importers((spec) => drivers.has(packageOf(spec))).filter((rel) => !rel.startsWith('src/store/'));
    expect(outside).toEqual([]);
  });

  it('keeps each database driver inside its own store files', () => {
    expect(importers((spec) => packageOf(spec) === 'pg').sort()).toEqual(['src/store/pg-store.ts']);
    expect(importers((spec) => packageOf(spec) === 'better-sqlite3').every((rel) => /^src\/store\/sqlite-/.test(rel))).toBe(true);
  });

  it('lets only the worker pool start worker threads, and keeps ingest and digest free of it', () => {
    expect(importers((spec) => packageOf(spec) === 'piscina')).toEqual(['src/infra/worker-pool.ts']);
    const workerUsers = files.filter((file) => /^src\/(ingest|digest)\//.test(file.rel) && file.imports.some((spec) => /\/infra\//.test(spec)));
    expect(workerUsers.map((file) => file.rel)).toEqual([]);
  });

  it('lets only the shared-limits module talk to Redis', () => {
    expect(importers((spec) => packageOf(spec) === 'ioredis')).toEqual(['src/infra/shared-limits.ts']);
  });

  it('reads process.env only in the entry points', () => {
    const readers = files.filter((file) => /process\.env\b/.test(file.text)).map((file) => file.rel);
    expect(readers.filter((rel) => !['src/main.ts', 'src/cli.ts'].includes(rel))).toEqual([]);
  });

  it('keeps the layers pointing one way: core ← config, errors ← ingest ← digest ← subscriptions ← store, infra ← bot ← main', () => {
    // Rank per folder of src/; a folder imports only folders of a lower rank. Files directly in src/
    // (main.ts, cli.ts, pipeline.ts), app/ and cli/ are the entry layer and may import anything.
    const ENTRY = 9;
    const RANK: Record<string, number> = { core: 0, errors: 1, config: 2, ingest: 3, digest: 4, subscriptions: 5, store: 6, infra: 6, bot: 7, app: ENTRY, cli: ENTRY };
    const layerOf = (path: string) => {
      const parts = relative(SRC, path).replaceAll('\\', '/').split('/');
      return parts.length === 1 ? '(entry)' : (parts[0] as string);
    };
    const rankOf = (layer: string) => (layer === '(entry)' ? ENTRY : RANK[layer]);
    const unknown = [...new Set(files.map((file) => layerOf(file.path)))].filter((layer) => rankOf(layer) === undefined);
    expect(unknown, 'every folder of src/ has a place in the layer map').toEqual([]);
    const offenders = files.flatMap((file) => {
      const from = layerOf(file.path);
      const fromRank = rankOf(from) as number;
      if (fromRank === ENTRY) return [];
      return file.imports
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => layerOf(resolve(dirname(file.path), spec)))
        .filter((to) => to !== from && (rankOf(to) ?? ENTRY) >= fromRank)
        .map((to) => `${file.rel} (${from}) imports ${to}`);
    });
    expect(offenders).toEqual([]);
  });

  it('lets only bot/ import telegraf', () => {
    expect(importers((spec) => packageOf(spec) === 'telegraf').filter((rel) => !rel.startsWith('src/bot/'))).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) {
      const targets = file.imports
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(file.path), spec.replace(/\.js$/, '.ts')));
      graph.set(file.path, targets);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(node)), node].map((p) => relative(ROOT, p)).join(' → '));
        return;
      }
      state.set(node, 'visiting');
      stack.push(node);
      for (const next of graph.get(node) ?? []) visit(next);
      stack.pop();
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node);
    expect(cycles).toEqual([]);
  });
});
