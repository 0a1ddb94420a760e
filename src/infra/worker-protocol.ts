import { type MessagePort, threadId } from 'node:worker_threads';
import { AppError, type AppErrorCode, isAppError } from '../errors/app-error.js';

/** An AppError as plain data: worker results must survive structured cloning, and class instances do not. */
export interface SerializedError {
  /** The AppError code; null for anything else thrown (rebuilt as INTERNAL). */
  code: AppErrorCode | null;
  message: string;
  details: Record<string, string | number | boolean | null>;
}

/** What a task handler returns across the thread boundary. */
export type WorkerReply<R> = { ok: true; value: R } | { ok: false; error: SerializedError };

/** What the pool posts to a worker: the task and a port on which the worker says it has started (with its thread id). */
export interface WorkerEnvelope<T> {
  task: T;
  started: MessagePort;
}

export function serializeError(error: unknown): SerializedError {
  if (isAppError(error)) return { code: error.code, message: error.message, details: { ...error.details } };
  return { code: null, message: error instanceof Error ? error.message : String(error), details: {} };
}

/** The AppError a worker threw, rebuilt with its code and details on the calling side. */
export function rebuildError(error: SerializedError): AppError {
  return new AppError(error.code ?? 'INTERNAL', error.message, { details: error.details });
}

/**
 * Wraps a task handler as a worker module's default export: reports the start (the pool's time limit runs
 * from here, not from the queue) and turns a throw into a plain `{ ok: false, error }` reply.
 */
export function serveTasks<T, R>(handle: (task: T) => R | Promise<R>): (envelope: WorkerEnvelope<T>) => Promise<WorkerReply<R>> {
  return async ({ task, started }) => {
    started.postMessage(threadId);
    try {
      return { ok: true, value: await handle(task) };
    } catch (error) {
      return { ok: false, error: serializeError(error) };
    } finally {
      started.close();
    }
  };
}
