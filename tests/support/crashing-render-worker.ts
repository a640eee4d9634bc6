/** The notice render worker, except that it dies (exit code 3) on a notice numbered "CRASH". */
import { parentPort } from "node:worker_threads";
import type { RenderRequest } from "../../services/notices/render-pool.js";

// After the real worker's listener, so that one gets every message; this one ends the thread
// before the render it started can answer.
await import("../../services/notices/render-worker.js");
parentPort?.on("message", (msg: RenderRequest) => {
  if (msg.input.documentNumber === "CRASH") process.exit(3);
});
