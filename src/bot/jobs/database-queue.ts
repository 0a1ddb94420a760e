import { describeError } from '../../core/logger.js';
import { createPeriodicWorker } from '../../core/periodic-worker.js';
import { AppError } from '../../errors/app-error.js';
import type { DigestJobRepository, StoredDigestJob } from '../../store/repositories.js';
import { parseJobPayload } from './job-schema.js';
import { createDigestRunner, type DigestJobsDeps } from './runner.js';
import { createWorkCounter, type DigestJobs } from './work-counter.js';

/** Options of the database queue (JOB_QUEUE=database). */
export interface DatabaseDigestJobsOptions {
  repo: DigestJobRepository;
  /** This run's id in claims, unique per process: `<INSTANCE_ID or hostname>/<pid>/<random>` (instance-owner.ts). */
  owner: string;
  /** How long a claim lives without renewal: a dead instance's jobs are taken over after this. */
  leaseMs: number;
  now?: () => number;
  /** How often to look for claimable jobs (expired claims, chats freed elsewhere); default 1000. */
  pollMs?: number;
  /** Jobs running at once in this instance; default 50. */
  maxRunning?: number;
  /** Claims of one job before it is given up (its instance died each time); default 3. */
  maxAttempts?: number;
}

/** The database queue plus its lifecycle: `start()` begins claiming, `stop()` drains and hands the rest over. */
export interface DatabaseDigestJobs extends DigestJobs {
  start(): void;
  /** No new claims; waits for running jobs (at most `timeoutMs`), then releases this instance's claims. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * The durable queue (JOB_QUEUE=database, the default): a job is stored before its update is confirmed,
 * so a crash loses nothing; with several instances behind a load balancer any instance stores a job
 * and any started instance claims and runs it. The repository hands out one job per chat at a time (the
 * oldest update first), so a chat's replies keep update order even across instances.
 */
export function createDatabaseDigestJobs(deps: DigestJobsDeps & DatabaseDigestJobsOptions): DatabaseDigestJobs {
  const { repo, owner, leaseMs, logger } = deps;
  const now = deps.now ?? Date.now;
  const maxRunning = deps.maxRunning ?? 50;
  const maxAttempts = deps.maxAttempts ?? 3;
  const runner = createDigestRunner(deps);
  const counter = createWorkCounter(logger);
  /** Claimed jobs running here, by id. */
  const running = new Set<number>();
  /** Jobs done here whose finish() failed: still ours, retried on every poll. */
  const unfinished = new Set<number>();
  let started = false;
  let stopping = false;
  /** After stop() released our claims, another instance may run our leftovers: finishing them would break its order. */
  let released = false;
  let pumping: Promise<void> | undefined;
  let pumpAgain = false;
  let stopped: Promise<void> | undefined;

  // Looks for claimable jobs (expired claims, chats freed by other instances) besides the pumps on enqueue/finish.
  const poller = createPeriodicWorker({
    name: 'digest job poll',
    intervalMs: deps.pollMs ?? 1000,
    logger,
    run: async () => {
      if (unfinished.size > 0) await retryUnfinished();
      pump();
    },
  });
  // Keeps our claims alive while anything runs (leaseMs/3: two renewals may fail before one expires).
  const renewal = createPeriodicWorker({
    name: 'digest job claim renewal',
    intervalMs: Math.max(1, Math.floor(leaseMs / 3)),
    logger,
    run: async () => {
      if (running.size > 0 && !released) await repo.renew(owner, now(), leaseMs);
    },
  });

  /** One claim pass at a time; a request during a pass runs another right after it. */
  function pump(): void {
    if (!started || stopping) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumpAgain = false;
    pumping = claimPass().finally(() => {
      pumping = undefined;
      // Checked only once `pumping` is cleared, so a request made while the pass was ending is not lost.
      if (pumpAgain) pump();
    });
  }

  async function claimPass(): Promise<void> {
    const free = maxRunning - running.size;
    if (free <= 0) return;
    let claimed: StoredDigestJob[];
    try {
      claimed = await repo.claim(owner, now(), leaseMs, free);
    } catch (error) {
      logger.error({ owner, err: describeError(error) }, 'claiming digest jobs failed');
      return;
    }
    for (const stored of claimed) launch(stored);
  }

  function launch(stored: StoredDigestJob): void {
    // Our own claim expired (a stalled event loop) and we claimed the job again: it is already running.
    if (running.has(stored.id) || unfinished.has(stored.id)) return;
    running.add(stored.id);
    counter.add();
    void execute(stored).finally(async () => {
      if (!released) {
        try {
          await repo.finish(stored.id);
        } catch (error) {
          unfinished.add(stored.id);
          logger.error({ jobId: stored.id, err: describeError(error) }, 'finishing a digest job failed; retrying');
        }
      }
      running.delete(stored.id);
      counter.done();
      // The chat's next job (maybe stored by another instance) is claimable only now.
      pump();
    });
  }

  async function execute(stored: StoredDigestJob): Promise<void> {
    const job = parseJobPayload(stored.payload);
    if (!job) {
      // Not a job this version can run (a bug or a foreign row): given up with a log line, never crashed on.
      logger.error({ jobId: stored.id, chatId: stored.chatId, updateId: stored.updateId }, 'unreadable digest job payload; dropped');
      return;
    }
    const placeholderId = stored.placeholderMessageId ?? undefined;
    const entry = { jobId: stored.id, updateId: job.updateId, chatId: job.chatId, attempts: stored.attempts };
    try {
      if (stored.attempts > maxAttempts) {
        // Each earlier claim ended with its instance dying: do not let this job kill another one.
        logger.error(entry, 'digest job given up after repeated crashes');
        await runner.giveUp(job, placeholderId);
        return;
      }
      if (stored.attempts > 1) logger.warn(entry, 'taking over a digest job from an instance that stopped');
      await runner.run(job, {
        ...(placeholderId !== undefined ? { placeholderId } : {}),
        onPlaceholder: (messageId) => repo.setPlaceholder(stored.id, messageId),
      });
    } catch (error) {
      logger.error({ ...entry, err: describeError(error) }, 'digest job crashed');
    }
  }

  async function retryUnfinished(): Promise<void> {
    for (const id of [...unfinished]) {
      try {
        await repo.finish(id);
        unfinished.delete(id);
      } catch (error) {
        logger.warn({ jobId: id, err: describeError(error) }, 'finishing a digest job failed again');
        return;
      }
    }
  }

  return {
    async enqueue(job) {
      let added: boolean;
      try {
        added = await repo.add({ chatId: job.chatId, updateId: job.updateId, payload: JSON.stringify(job) }, now());
      } catch (error) {
        // Not stored = not answered: the webhook must fail so Telegram delivers the update again.
        throw new AppError('STORE_UNAVAILABLE', `The digest request could not be queued: ${describeError(error)}`, { cause: error });
      }
      // Telegram redelivers a webhook update it thinks failed: the first copy is the one that runs.
      if (!added) logger.info({ updateId: job.updateId, chatId: job.chatId }, 'update already queued; duplicate ignored');
      pump();
    },
    background: (label, task) => counter.background(label, task),
    pending: () => counter.count(),
    idle: (timeoutMs) => counter.idle(timeoutMs),
    start() {
      if (started || stopping) return;
      started = true;
      poller.start();
      renewal.start();
      pump();
    },
    stop(timeoutMs) {
      stopped ??= (async () => {
        stopping = true;
        await poller.stop();
        // A claim in flight may still hand us jobs: they start, and are waited for, like the others.
        await pumping;
        await counter.idle(timeoutMs);
        await retryUnfinished();
        // Whatever still runs (the timeout passed) is handed over now rather than after its lease.
        released = true;
        await renewal.stop();
        if (running.size > 0) logger.warn({ owner, running: running.size }, 'stopping with digest jobs still running; handing them over');
        await repo.release(owner).catch((error: unknown) => logger.error({ owner, err: describeError(error) }, 'releasing digest job claims failed'));
      })();
      return stopped;
    },
  };
}
