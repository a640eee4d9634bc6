/**
 * Renders and signs notices (shared/pdf renderAndSignNotice) on a few worker threads, so the
 * notices service uses more than one core and its event loop stays free for the database, the
 * object store and the bus while a PDF is laid out. A page costs ~10 ms of CPU; on the main
 * thread that was both the throughput limit and a stall of every other request of the process.
 *
 * The result is the same as calling renderAndSignNotice in this thread: the same input gives the
 * same bytes, signed with the same identity (the loaded key and the certificate's exact DER are
 * handed to each worker once), and an error thrown while rendering or signing rejects the call
 * with the same message. With 0 threads the pool renders in this thread.
 *
 * One notice per worker at a time, first come first served, except that a background notice (an
 * imported historic record) waits behind every live one queued; a worker that dies fails only the
 * notice it held and is replaced on the next call.
 */
import type { KeyObject } from "node:crypto";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../../lib/workers.js";
import {
  renderAndSignNotice,
  type NoticeInput,
  type SigningIdentity,
  type SignPdfOptions,
} from "../../shared/pdf/index.js";

/** What a worker needs of a SigningIdentity; it rebuilds the X509Certificate from the DER. */
export interface IdentityParts {
  privateKey: KeyObject;
  keyType: SigningIdentity["keyType"];
  certificateDer: Uint8Array;
  chainDer: Uint8Array[];
  commonName: string;
  issuerDer: Uint8Array;
  serialNumberDer: Uint8Array;
}

export interface RenderRequest {
  id: number;
  input: NoticeInput;
  options: Partial<SignPdfOptions>;
  identity: { key: number; parts?: IdentityParts };
}

export type RenderReply =
  { type: "ready" } | { type: "done"; id: number; pdf: Uint8Array } | { type: "failed"; id: number; error: unknown };

interface Task {
  id: number;
  input: NoticeInput;
  identity: SigningIdentity;
  options: Partial<SignPdfOptions>;
  background: boolean;
  resolve(pdf: Buffer): void;
  reject(err: unknown): void;
}

interface Thread {
  worker: Worker;
  task?: Task;
  /** Identities this worker has been given, by key. */
  known: Set<number>;
  error?: unknown;
}

/** The worker beside this module: the source under tsx, or the bundle's (dist/render-worker.mjs, src/build.ts). */
const WORKER = new URL(import.meta.url.endsWith(".ts") ? "./render-worker.ts" : "./render-worker.mjs", import.meta.url);

export class RenderPool {
  readonly #size: number;
  readonly #entry: URL;
  readonly #threads: Thread[] = [];
  readonly #queue: Task[] = [];
  readonly #identityKeys = new WeakMap<SigningIdentity, number>();
  #nextIdentity = 1;
  #nextTask = 1;
  #closed = false;

  private constructor(size: number, entry: URL) {
    this.#size = size;
    this.#entry = entry;
  }

  /**
   * Starts `threads` workers and waits until each has loaded the renderer (0: render in this
   * thread). `entry` replaces the worker's module in tests.
   */
  static async start(threads: number, entry: URL = WORKER): Promise<RenderPool> {
    const pool = new RenderPool(threads, entry);
    try {
      await Promise.all(Array.from({ length: threads }, () => pool.#spawn()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get threads(): number {
    return this.#size;
  }

  /** `background`: rendered only when no live notice waits (live ones go ahead of it in the queue). */
  renderAndSign(
    input: NoticeInput,
    identity: SigningIdentity,
    options: Partial<SignPdfOptions>,
    background = false,
  ): Promise<Buffer> {
    if (this.#size === 0) return renderAndSignNotice(input, identity, options);
    if (this.#closed) return Promise.reject(new Error("the notice renderer is stopped"));
    return new Promise<Buffer>((resolve, reject) => {
      const task = { id: this.#nextTask++, input, identity, options, background, resolve, reject };
      const firstBackground = background ? -1 : this.#queue.findIndex((t) => t.background);
      if (firstBackground === -1) this.#queue.push(task);
      else this.#queue.splice(firstBackground, 0, task);
      this.#dispatch();
    });
  }

  /** Stops the workers; notices still waiting fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.reject(new Error("the notice renderer is stopped"));
    await Promise.all(this.#threads.map((t) => t.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length) {
      let thread = this.#threads.find((t) => !t.task);
      if (!thread) {
        // A worker died: replace it now that there is work for it (it takes the task once booted).
        if (this.#threads.length >= this.#size || this.#closed) return;
        void this.#spawn().catch(() => {});
        thread = this.#threads[this.#threads.length - 1] as Thread;
      }
      const task = this.#queue.shift() as Task;
      thread.task = task;
      const key = this.#identityKey(task.identity);
      const request: RenderRequest = {
        id: task.id,
        input: task.input,
        options: task.options,
        identity: { key, parts: thread.known.has(key) ? undefined : partsOf(task.identity) },
      };
      thread.known.add(key);
      try {
        thread.worker.postMessage(request);
      } catch (err) {
        // Not cloneable (a function in the input, say): this notice fails, the worker stays.
        thread.task = undefined;
        thread.known.delete(key);
        task.reject(err);
      }
    }
  }

  #identityKey(identity: SigningIdentity): number {
    let key = this.#identityKeys.get(identity);
    if (key === undefined) {
      key = this.#nextIdentity++;
      this.#identityKeys.set(identity, key);
    }
    return key;
  }

  /** A new worker, resolved once it has loaded the renderer; it joins the pool at once. */
  #spawn(): Promise<void> {
    const thread: Thread = { worker: startWorker(this.#entry), known: new Set() };
    this.#threads.push(thread);
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      thread.worker.on("message", (reply: RenderReply) => {
        if (reply.type === "ready") {
          ready = true;
          resolve();
          return;
        }
        const task = thread.task;
        if (!task || task.id !== reply.id) return;
        thread.task = undefined;
        if (reply.type === "done")
          task.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
        else task.reject(reply.error);
        this.#dispatch();
      });
      thread.worker.on("error", (err) => {
        thread.error = err;
      });
      thread.worker.on("exit", (code) => {
        this.#threads.splice(this.#threads.indexOf(thread), 1);
        const err = thread.error ?? new Error(`a notice render worker exited with code ${code}`);
        if (!ready) reject(err);
        if (thread.task) thread.task.reject(err);
        thread.task = undefined;
        if (!this.#closed) this.#dispatch();
      });
    });
  }
}

function partsOf(identity: SigningIdentity): IdentityParts {
  return {
    privateKey: identity.privateKey,
    keyType: identity.keyType,
    certificateDer: identity.certificateDer,
    chainDer: [...identity.chainDer],
    commonName: identity.commonName,
    issuerDer: identity.issuerDer,
    serialNumberDer: identity.serialNumberDer,
  };
}
