import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { AppError, isAppError } from '../errors/app-error.js';
import { type WorkerReply, rebuildError } from './worker-protocol.js';

/** Registers tsx in the worker before loading a .ts task module (sources under tsx or vitest); see worker-entry.mjs. */
const TS_ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

/** Compiled code (dist/) has no worker-entry.mjs and needs none: a .js task module is the worker file itself. */
function workerFile(module: URL): string {
  return module.pathname.endsWith('.ts') ? TS_ENTRY : fileURLToPath(module);
}

/** How a pool of worker threads is built. */
export interface WorkerPoolOptions {
  /** File URL of the task module (.ts or .js) whose default export is `serveTasks(handler)`. */
  module: URL;
  /** Most worker threads at once. */
  threads: number;
  /**
   * Threads started at once and kept warm for good (default: `threads`). Fewer saves their memory (about 27 MB
   * each) while idle; a task that finds no idle thread starts one, paying its start (a second or more to load
   * the task module) once, and a thread above this number exits after `idleTimeoutMs` without work.
   */
  warmThreads?: number;
  /** How long a thread above `warmThreads` stays without work before it exits (default 60 s). */
  idleTimeoutMs?: number;
  /** A task running longer than this (ms, counted from its start in a worker, not from the queue) is stopped. */
  timeLimitMs: number;
  /** Heap cap of one worker (MB); a task that needs more kills only its worker. Default 1024. */
  maxHeapMb?: number;
  /** An idle worker failed outside any task (piscina's 'error' event). Default: ignored. */
  onError?: (error: unknown) => void;
}

/** A point-in-time view of the pool (tests, logs). */
export interface WorkerPoolStats {
  /** Thread ids of the live workers. */
  threadIds: number[];
  /** Tasks finished by a worker (with a result or a thrown error). */
  completed: number;
  /** Tasks stopped at the time limit, each with its worker. */
  timedOut: number;
  /** Workers that exited or were terminated since the start. */
  destroyedWorkers: number;
  /** Tasks waiting for a free worker. */
  queued: number;
}

/** Runs CPU-heavy tasks in worker threads so the event loop keeps serving; a runaway task is killed at the time limit. */
export interface WorkerPool {
  /**
   * Runs one task. Resolves with the handler's value; rejects with the AppError the handler threw (code and
   * details kept), PROCESSING_TIMEOUT when it ran past the time limit (its worker is terminated and replaced),
   * TOO_LARGE when it ran out of worker memory, INTERNAL for anything else. `label` names the task in errors.
   */
  run<T, R>(task: T, label: string): Promise<R>;
  stats(): WorkerPoolStats;
  /** Stops every worker; tasks still running or queued are rejected. Idempotent. */
  close(): Promise<void>;
}

function workerFailure(error: unknown, label: string): AppError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new AppError('TOO_LARGE', `${label} needed more memory than a worker thread may use.`, { cause: error, details: { reason: 'worker-memory' } });
  }
  return new AppError('INTERNAL', `${label} failed in its worker thread: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** Starts a pool of up to `threads` workers (piscina), `warmThreads` of them at once, with a per-task time limit. */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const threads = Math.max(1, options.threads);
  const warm = Math.min(threads, Math.max(0, options.warmThreads ?? threads));
  let started: Piscina | undefined;
  let timedOut = 0;
  let destroyedWorkers = 0;
  let closed: Promise<void> | undefined;
  // piscina is loaded (synchronously, so this factory stays synchronous) when the first thread is needed:
  // a bot with no warm threads that has read nothing yet does not carry it.
  const piscina = (): Piscina => (started ??= startPiscina());
  const startPiscina = () => {
    const { Piscina: PiscinaPool } = createRequire(import.meta.url)('piscina') as typeof import('piscina');
    const pool = new PiscinaPool({
      filename: workerFile(options.module),
      workerData: { module: options.module.href },
      minThreads: warm,
      maxThreads: threads,
      // A thread above the warm ones stays a while after its task: a burst reuses it instead of loading the modules again.
      idleTimeout: warm === threads ? Number.POSITIVE_INFINITY : (options.idleTimeoutMs ?? 60_000),
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 1024 },
    });
    pool.on('workerDestroy', () => {
      destroyedWorkers += 1;
    });
    pool.on('error', (error: unknown) => options.onError?.(error));
    return pool;
  };
  if (warm > 0) piscina();

  return {
    async run<T, R>(task: T, label: string): Promise<R> {
      // piscina would quietly start new workers after destroy().
      if (closed) throw new AppError('INTERNAL', `${label} was not run: the worker pool is closed.`);
      const { port1, port2 } = new MessageChannel();
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      let expired = false;
      // The clock starts when a worker picks the task up, so a job waiting behind a runaway one keeps its full time.
      port1.once('message', () => {
        timer = setTimeout(() => {
          expired = true;
          // piscina terminates the worker of an aborted running task and starts a replacement.
          controller.abort();
        }, options.timeLimitMs);
      });
      try {
        const reply = (await piscina().run({ task, started: port2 }, { transferList: [port2], signal: controller.signal })) as WorkerReply<R>;
        if (reply.ok) return reply.value;
        throw rebuildError(reply.error);
      } catch (error) {
        if (expired) {
          timedOut += 1;
          throw new AppError('PROCESSING_TIMEOUT', `${label} ran longer than ${options.timeLimitMs} ms; its worker thread was stopped.`, {
            cause: error,
            details: { task: label, limitMs: options.timeLimitMs },
          });
        }
        throw isAppError(error) ? error : workerFailure(error, label);
      } finally {
        clearTimeout(timer);
        port1.close();
      }
    },
    stats() {
      return {
        threadIds: started?.threads.map((worker) => worker.threadId) ?? [],
        completed: started?.completed ?? 0,
        timedOut,
        destroyedWorkers,
        queued: started?.queueSize ?? 0,
      };
    },
    close() {
      closed ??= started ? started.destroy() : Promise.resolve();
      return closed;
    },
  };
}
