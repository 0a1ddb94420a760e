import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { explainSqliteError } from '../../src/store/sqlite-errors.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('SQLite failures explained', () => {
  it('turns a lock held elsewhere into STORE_UNAVAILABLE naming DATABASE_PATH and the file', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']) {
      const error = explainSqliteError(sqliteError(code, 'database is locked'), '/srv/kabar/bot.sqlite');
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('STORE_UNAVAILABLE');
      expect((error as AppError).message).toContain('DATABASE_PATH (/srv/kabar/bot.sqlite)');
    }
  });

  it('names DATABASE_PATH for a file that is not a database or is damaged', () => {
    for (const code of ['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX']) {
      const error = explainSqliteError(sqliteError(code, 'file is not a database'), './data/bot.sqlite') as AppError;
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.message).toMatch(/DATABASE_PATH \(\.\/data\/bot\.sqlite\) is not a usable SQLite database/);
    }
  });

  it('leaves errors that are not the file’s as they are', () => {
    const bug = new TypeError('undefined is not a function');
    expect(explainSqliteError(bug, '/x.sqlite')).toBe(bug);
    const constraint = sqliteError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed');
    expect(explainSqliteError(constraint, '/x.sqlite')).toBe(constraint);
    const config = new AppError('CONFIG_INVALID', 'newer schema');
    expect(explainSqliteError(config, '/x.sqlite')).toBe(config);
  });
});

describe('a store whose file is locked by another connection', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('rejects writes with STORE_UNAVAILABLE while the lock is held, and works again once it is released', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kabar-sqlite-errors-'));
    const path = join(dir, 'bot.sqlite');
    const store = openSqliteStore(path, { busyTimeoutMs: 50 });
    const other = new Database(path);
    try {
      expect(store.kind).toBe('sqlite');
      other.exec('BEGIN IMMEDIATE');
      const error = await store.chatSettings.setLanguage(1, 'id').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect((error as AppError).message).toContain(path);
      // Reads go on in WAL mode while another connection writes.
      expect((await store.chatSettings.get(1)).language).toBeNull();
      other.exec('ROLLBACK');
      await store.chatSettings.setLanguage(1, 'id');
      expect((await store.chatSettings.get(1)).language).toBe('id');
    } finally {
      other.close();
      await store.close();
    }
  });
});
