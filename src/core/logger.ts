/**
 * The logging port every layer writes to. It is the subset of pino's API the code uses, so the pino
 * adapter (src/infra/logger.ts) satisfies it and tests can pass a silent or recording logger.
 */
export type LogFn = (objOrMsg: object | string, msg?: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

/** An error as one log-safe line: its message, never its stack (stacks go to the log only via `err`). */
export function describeError(error: unknown): string {
  if (error === undefined) return 'undefined';
  if (error instanceof Error) return error.message;
  return String(error);
}
