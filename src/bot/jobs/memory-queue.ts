import { describeError } from '../../core/logger.js';
import { createDigestRunner, type DigestJobsDeps } from './runner.js';
import { createWorkCounter, type DigestJobs } from './work-counter.js';

/** JOB_QUEUE=memory: jobs chained per chat in this process only (lost on a crash). */
export function createMemoryDigestJobs(deps: DigestJobsDeps): DigestJobs {
  const { logger } = deps;
  const runner = createDigestRunner(deps);
  const chains = new Map<number, Promise<void>>();
  const counter = createWorkCounter(logger);

  return {
    async enqueue(job) {
      counter.add();
      const previous = chains.get(job.chatId) ?? Promise.resolve();
      const next = previous
        .then(() => runner.run(job))
        .catch((error: unknown) => logger.error({ updateId: job.updateId, chatId: job.chatId, err: describeError(error) }, 'digest job crashed'))
        .finally(() => {
          if (chains.get(job.chatId) === next) chains.delete(job.chatId);
          counter.done();
        });
      chains.set(job.chatId, next);
    },
    background: (label, task) => counter.background(label, task),
    pending: () => counter.count(),
    idle: (timeoutMs) => counter.idle(timeoutMs),
  };
}
