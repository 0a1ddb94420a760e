import { AppError } from '../errors/app-error.js';

/** better-sqlite3's SqliteError carries SQLite's extended result code name, e.g. "SQLITE_BUSY_SNAPSHOT". */
function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Another connection (a second process, a backup, the sqlite3 shell) held the lock past busy_timeout. */
export function isSqliteBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** The file is not an SQLite database, or its pages are damaged. */
export function isSqliteDamaged(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

/**
 * A lock or damage as an AppError naming DATABASE_PATH and the file (never a secret: a path), so the
 * operator knows which setting and which file; anything else is returned unchanged.
 */
export function explainSqliteError(error: unknown, path: string): unknown {
  if (error instanceof AppError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  if (isSqliteBusy(error)) {
    return new AppError(
      'STORE_UNAVAILABLE',
      `the SQLite database at DATABASE_PATH (${path}) is locked by another connection (${reason}); the request can be retried`,
      { cause: error },
    );
  }
  if (isSqliteDamaged(error)) {
    return new AppError(
      'STORE_UNAVAILABLE',
      `the file at DATABASE_PATH (${path}) is not a usable SQLite database (${reason}) — restore it from a backup, or set DATABASE_PATH to another file`,
      { cause: error },
    );
  }
  if (sqliteCode(error)?.match(/^SQLITE_(CANTOPEN|READONLY|PERM|IOERR)/)) {
    return new AppError('STORE_UNAVAILABLE', `cannot use the SQLite database at DATABASE_PATH (${path}): ${reason}`, { cause: error });
  }
  return error;
}
