// Piscina's worker file. It loads the task module named in workerData (a file URL) and exports its default
// handler. Node cannot import a .ts file by itself: under `tsx src/main.ts` the loader is not passed to
// worker threads, and vitest transforms only its own thread. tsx's scoped `tsImport` loads the TypeScript
// sources in every case (tsx, node --import tsx, vitest); a compiled .js module is imported directly.
import { workerData } from 'node:worker_threads';

async function load(moduleUrl) {
  if (!moduleUrl.endsWith('.ts')) return import(moduleUrl);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(moduleUrl, import.meta.url);
}

const loaded = await load(workerData.module);

export default loaded.default;
