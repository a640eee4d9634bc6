/**
 * Worker threads on this project's own modules. The platform runs its TypeScript through tsx, but
 * on Node 20 a worker does not inherit tsx's loader (nor take it from `execArgv: ["--import",
 * "tsx"]`: the worker's entry fails with "Unknown file extension .ts"). So a `.ts` entry is started
 * through a tiny JavaScript boot script that registers tsx in the worker first, then imports it.
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, options);
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
