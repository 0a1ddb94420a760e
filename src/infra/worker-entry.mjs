// Piscina's worker file. It loads the task module named in workerData (a file URL) and exports its default
// handler. Node cannot import a .ts file by itself, and the parent's loader does not reach worker threads
// (neither under `tsx src/main.ts` nor in vitest), so the worker registers tsx's loader for itself: it only
// affects this thread, works the same under tsx, `node --import tsx` and vitest, and loads ~30% faster than
// tsx's scoped `tsImport`. Compiled code (dist/, `npm start`) does not come here: the pool hands piscina the
// .js task module itself (worker-pool.ts), so no tsx is loaded at run time. A .js module given here is imported as is.
import { workerData } from 'node:worker_threads';

async function load(moduleUrl) {
  if (moduleUrl.endsWith('.ts')) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  return import(moduleUrl);
}

const loaded = await load(workerData.module);

export default loaded.default;
