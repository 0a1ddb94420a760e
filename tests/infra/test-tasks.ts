// Worker tasks for the pool tests: a runaway loop, a busy wait, an AppError, and an echo of the thread id.
import { threadId } from 'node:worker_threads';
import { AppError } from '../../src/errors/app-error.js';
import { serveTasks } from '../../src/infra/worker-protocol.js';

export type TestTask =
  | { kind: 'echo'; value: string }
  | { kind: 'runaway' }
  | { kind: 'busy'; ms: number }
  | { kind: 'refuse' }
  | { kind: 'hog' };

export default serveTasks((task: TestTask) => {
  switch (task.kind) {
    case 'echo':
      return { value: task.value, threadId };
    case 'runaway':
      // Never returns: only terminating the thread ends it.
      for (;;);
    case 'busy': {
      const until = performance.now() + task.ms;
      while (performance.now() < until);
      return { value: 'done', threadId };
    }
    case 'hog': {
      // Keeps allocating until the worker's heap cap ends it.
      const kept: number[][] = [];
      for (;;) kept.push(new Array(100_000).fill(kept.length));
    }
    case 'refuse':
      throw new AppError('NOT_AN_ARTICLE', 'a test page with no article', { details: { url: 'https://news.example/x', reason: 'too-short' } });
  }
});
