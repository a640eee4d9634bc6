/**
 * The `publish` suite's raw baseline, one worker thread: render and sign notices with shared/pdf
 * exactly as the notices service calls it, with nothing around it (no broker, database, storage).
 * Started with startWorker (lib/workers.ts); talks to bench/suites/publish.ts by messages:
 *
 * - `{ type: "identity", pem }` → `{ type: "ready" }`: loads the signing identity.
 * - `{ type: "run", jobs }` → `{ type: "done", ms, sha256 }`: renders and signs every job, one
 *   after the other, and answers the time it took and each signed file's SHA-256.
 */
import { createHash } from "node:crypto";
import { parentPort } from "node:worker_threads";
import {
  loadSigningIdentityFromPem,
  renderAndSignNotice,
  type NoticeInput,
  type SigningIdentity,
  type SigningIdentityPem,
} from "../shared/pdf/index.js";

export interface RawJob {
  input: NoticeInput;
  location: string;
  signingTime: Date;
}

export type RawRequest = { type: "identity"; pem: SigningIdentityPem } | { type: "run"; jobs: RawJob[] };
export type RawReply = { type: "ready" } | { type: "done"; ms: number; sha256: string[] };

/** The notices service's call (services/notices/notices.service.ts, action `issue`). */
export function renderAndSign(job: RawJob, identity: SigningIdentity): Promise<Buffer> {
  return renderAndSignNotice(job.input, identity, {
    reason: "行政执法公示",
    location: job.location,
    signingTime: job.signingTime,
  });
}

const port = parentPort;
if (port) {
  let identity: SigningIdentity | undefined;
  port.on("message", (msg: RawRequest) => {
    void (async () => {
      if (msg.type === "identity") {
        identity = loadSigningIdentityFromPem(msg.pem);
        port.postMessage({ type: "ready" } satisfies RawReply);
        return;
      }
      if (!identity) throw new Error("no signing identity yet");
      const sha256: string[] = [];
      const t = performance.now();
      for (const job of msg.jobs)
        sha256.push(
          createHash("sha256")
            .update(await renderAndSign(job, identity))
            .digest("hex"),
        );
      port.postMessage({ type: "done", ms: performance.now() - t, sha256 } satisfies RawReply);
    })();
  });
}
