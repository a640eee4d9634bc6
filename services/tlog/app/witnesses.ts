/**
 * Pushing checkpoints to witnesses (C2SP tlog-witness): the latest checkpoint goes to each
 * configured witness with a consistency proof from the size it last cosigned; a 409 names the
 * size it holds and the request is made again from there; a cosignature that verifies with the
 * witness's key is stored and served with the checkpoint. Asynchronous and apart from appending:
 * a witness down, refusing or lying is logged, retried with backoff and shown in readiness, and
 * never holds back a publication.
 */
import type { TlogWitness } from "../../../lib/config.js";
import { errorSummary } from "../../../lib/errors.js";
import {
  addCheckpointBody,
  consistencyProof,
  parseCosignerKey,
  readWitnessAnswer,
  type Cosignature,
  type Cosigner,
} from "../../../shared/tlog.js";
import { latestCheckpoint, type StoredCheckpoint } from "./checkpoints.js";
import type { WitnessStatus } from "../contract.js";
import type { TlogDeps } from "./deps.js";
import { withTree, type Queryable } from "./store.js";

/** A witness's HTTP answer, as the pusher reads it. */
export interface WitnessHttpAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

/** POSTs a request body to a URL; an unreachable witness throws, and so does an aborted request. */
export type WitnessPost = (url: string, body: string, signal: AbortSignal) => Promise<WitnessHttpAnswer>;

/** The first retry after a failure; each further failure doubles it, up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 2000;
export const MAX_BACKOFF_MS = 5 * 60_000;
/** 409s answered in a row before giving up until the next attempt (the witness moving under us). */
const MAX_CONFLICTS = 3;
const TIMEOUT_MS = 10_000;

export class WitnessRefusal extends Error {}

/** The cosignatures stored for a checkpoint size, as signature lines (sorted by witness). */
export async function cosignatureLines(db: Queryable, size: number): Promise<string> {
  const { rows } = await db.query<{ line: string }>(
    `select line from tlog.cosignatures where size = $1 order by witness`,
    [size],
  );
  return rows.map((r) => r.line).join("");
}

/** The latest checkpoint with every cosignature collected for it: more signature lines of one note. */
export function cosignedNote(checkpoint: StoredCheckpoint, lines: string): string {
  return checkpoint.note + lines;
}

async function storedCosignedSize(db: Queryable, witness: string): Promise<number | null> {
  const { rows } = await db.query<{ size: string | null }>(
    `select max(size) as size from tlog.cosignatures where witness = $1`,
    [witness],
  );
  return rows[0]?.size == null ? null : Number(rows[0].size);
}

async function storeCosignatures(db: Queryable, witness: string, size: number, found: Cosignature[]): Promise<void> {
  for (const c of found) {
    await db.query(
      `insert into tlog.cosignatures (witness, size, line, cosigned_at) values ($1, $2, $3, to_timestamp($4))
       on conflict (witness, size) do nothing`,
      [witness, size, c.line, c.timestamp],
    );
  }
}

/** The note's text: what the log signed and the witnesses cosign. */
function noteText(note: string): string {
  return note.slice(0, note.indexOf("\n\n") + 1);
}

/**
 * One add-checkpoint exchange, 409s followed: sends `checkpoint` with the proof from `fromSize`
 * and answers the size cosigned. Throws WitnessRefusal on anything but a verified cosignature.
 */
export async function addCheckpoint(
  deps: Pick<TlogDeps, "db">,
  witness: { url: string; cosigner: Cosigner },
  checkpoint: StoredCheckpoint,
  fromSize: number,
  post: WitnessPost,
  signal: AbortSignal = new AbortController().signal,
): Promise<Cosignature[]> {
  const text = noteText(checkpoint.note);
  let old = fromSize;
  for (let conflicts = 0; ; conflicts++) {
    if (old > checkpoint.size) {
      throw new WitnessRefusal(`the witness holds size ${old}, beyond the log's ${checkpoint.size}`);
    }
    const proof =
      old === 0 || old === checkpoint.size
        ? []
        : await withTree(deps.db, (tree) => consistencyProof(tree, old, checkpoint.size));
    const answer = readWitnessAnswer(
      await post(`${witness.url}/add-checkpoint`, addCheckpointBody(old, proof, checkpoint.note), signal),
      text,
      witness.cosigner,
    );
    if (answer.kind === "cosigned") {
      await storeCosignatures(deps.db, witness.cosigner.name, checkpoint.size, answer.cosignatures);
      return answer.cosignatures;
    }
    if (answer.kind === "refused") throw new WitnessRefusal(answer.reason);
    // Same size, still a conflict: the witness holds another root for it — a fork, or a lie.
    if (answer.witnessSize === old) {
      throw new WitnessRefusal(`409: the witness holds another tree of size ${old}`);
    }
    if (conflicts + 1 >= MAX_CONFLICTS) throw new WitnessRefusal(`409 ${MAX_CONFLICTS} times in a row`);
    old = answer.witnessSize;
  }
}

/** HTTP POST with a timeout (keep-alive is fetch's default). */
export const httpPost: WitnessPost = async (url, body, signal) => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "text/plain; charset=utf-8" },
    body,
    signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
  });
  return { status: res.status, contentType: res.headers.get("content-type"), body: await res.text() };
};

interface WitnessState {
  config: TlogWitness;
  cosigner: Cosigner;
  /** Known size the witness holds; undefined until read from the store. */
  size?: number;
  cosignedAt: Date | null;
  failures: number;
  lastError: string | null;
  notBefore: number;
  busy: boolean;
}

/** Keeps every witness up to date with the latest checkpoint, each at its own pace. */
export class WitnessPusher {
  private readonly states: WitnessState[];
  private readonly stopping = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: Pick<TlogDeps, "db" | "log">,
    witnesses: readonly TlogWitness[],
    private readonly post: WitnessPost = httpPost,
    private readonly now: () => number = Date.now,
  ) {
    this.states = witnesses.map((config) => ({
      config,
      cosigner: parseCosignerKey(config.vkey),
      cosignedAt: null,
      failures: 0,
      lastError: null,
      notBefore: 0,
      busy: false,
    }));
  }

  status(): WitnessStatus[] {
    return this.states.map((s) => ({
      name: s.config.name,
      url: s.config.url,
      cosignedSize: s.size ?? null,
      cosignedAt: s.cosignedAt?.toISOString() ?? null,
      failures: s.failures,
      lastError: s.lastError,
    }));
  }

  /** Pushes the latest checkpoint to every witness behind it and not backing off; never throws. */
  pushDue(): Promise<void> {
    const run = this.pushAll();
    this.running = Promise.all([this.running, run]).then(() => undefined);
    return run;
  }

  /** Abandons the requests under way (shutdown) and waits for them to end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async pushAll(): Promise<void> {
    if (!this.states.length || this.stopping.signal.aborted) return;
    let latest: StoredCheckpoint | null;
    try {
      latest = await latestCheckpoint(this.deps.db);
    } catch (err) {
      this.deps.log.warn("tlog witnesses: no checkpoint to push:", errorSummary(err));
      return;
    }
    if (!latest) return;
    const checkpoint = latest;
    await Promise.all(this.states.map((s) => this.pushTo(s, checkpoint)));
  }

  private async pushTo(s: WitnessState, checkpoint: StoredCheckpoint): Promise<void> {
    if (s.busy || this.now() < s.notBefore) return;
    s.busy = true;
    try {
      s.size ??= (await storedCosignedSize(this.deps.db, s.config.name)) ?? undefined;
      if (s.size === checkpoint.size) return;
      const found = await addCheckpoint(
        this.deps,
        { url: s.config.url, cosigner: s.cosigner },
        checkpoint,
        s.size ?? 0,
        this.post,
        this.stopping.signal,
      );
      s.size = checkpoint.size;
      s.cosignedAt = new Date(Math.max(...found.map((c) => c.timestamp)) * 1000);
      if (s.failures) this.deps.log.warn(`tlog witness ${s.config.name}: cosigning again at size ${s.size}`);
      s.failures = 0;
      s.lastError = null;
      s.notBefore = 0;
    } catch (err) {
      if (this.stopping.signal.aborted) return;
      const reason = err instanceof WitnessRefusal ? err.message : `unreachable: ${errorSummary(err)}`;
      s.failures++;
      s.notBefore = this.now() + Math.min(FIRST_BACKOFF_MS * 2 ** (s.failures - 1), MAX_BACKOFF_MS);
      if (reason !== s.lastError) this.deps.log.warn(`tlog witness ${s.config.name} (${s.config.url}): ${reason}`);
      s.lastError = reason;
    } finally {
      s.busy = false;
    }
  }
}
