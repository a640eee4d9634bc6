/**
 * Pushing checkpoints to witnesses (C2SP tlog-witness) against a real `tlog` schema and real HTTP
 * witnesses of the tests' own (tests/support/witness.ts): cosignatures are verified and stored,
 * 409s are followed from the witness's size, refusals and lies are reported and backed off from;
 * and the tests' witness itself refuses rollback and an inconsistent tree.
 */
import { generateKeyPairSync } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller, EventsSinceParams } from "../../lib/contract.js";
import { signCheckpoint } from "../../services/tlog/app/checkpoints.js";
import type { TlogDeps } from "../../services/tlog/app/deps.js";
import { catchUp } from "../../services/tlog/app/pull.js";
import {
  addCheckpoint,
  cosignatureLines,
  cosignedNote,
  FIRST_BACKOFF_MS,
  httpPost,
  WitnessPusher,
  WitnessRefusal,
} from "../../services/tlog/app/witnesses.js";
import { DATABASE } from "../../services/tlog/database.js";
import { newId } from "../../shared/ids.js";
import {
  addCheckpointBody,
  arrayReader,
  checkpointText,
  consistencyProof,
  cosignaturesOf,
  leafHash,
  openNote,
  parseCosignerKey,
  parseVerifierKey,
  rootHash,
  signNote,
  verifierKey,
} from "../../shared/tlog.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";
import { startWitness, type TestWitness } from "../support/witness.js";

const ORIGIN = "gs.example.cn/tlog";
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const LOG_KEY = verifierKey(ORIGIN, publicKey);

const events: { seq: string; type: string; at: string; notice: Record<string, unknown> }[] = [];
const outboxes: Caller = {
  async call(name, params) {
    if (name !== "notices.eventsSince") return [];
    const p = params as EventsSinceParams;
    return events.filter((e) => BigInt(e.seq) > BigInt(p.after)).slice(0, p.limit);
  },
};
function publish(count: number): void {
  for (let i = 0; i < count; i++) {
    events.push({
      seq: String(events.length + 1),
      type: "published",
      at: "2026-12-01T08:00:00.000Z",
      notice: { id: newId(), version: 1, sha256: "cd".repeat(32), bodyId: "b1" },
    });
  }
}

let db: TestOrm;
let pool: pg.Pool;
let deps: TlogDeps;
const witnesses: TestWitness[] = [];
let clock = 1_000_000;

async function witness(name: string, options: { lie?: boolean; trusting?: boolean } = {}): Promise<TestWitness> {
  const w = await startWitness(name, options);
  if (options.trusting !== false) w.trust(LOG_KEY);
  witnesses.push(w);
  return w;
}

function pusherFor(...ws: TestWitness[]): WitnessPusher {
  return new WitnessPusher(
    deps,
    ws.map((w) => ({ name: w.name, vkey: w.vkey, url: w.url })),
    httpPost,
    () => clock,
  );
}

async function grow(count: number): Promise<{ size: number; note: string }> {
  publish(count);
  await catchUp(deps, () => true);
  return signCheckpoint(deps);
}

beforeAll(async () => {
  db = await openTestOrm(DATABASE);
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
  deps = { db: pool, caller: outboxes, log: { warn() {} }, origin: ORIGIN, signingKey: privateKey };
});

afterAll(async () => {
  await Promise.all(witnesses.map((w) => w.stop()));
  await pool?.end();
  await db?.close();
});

describe("pushing checkpoints to witnesses", () => {
  it("gets a cosignature that verifies with the witness key, stores it and serves it with the checkpoint", async () => {
    const w = await witness("w1.example.org/witness");
    const cp = await grow(5);
    const sut = pusherFor(w);
    await sut.pushDue();
    expect(w.answers).toEqual([{ status: 200, oldSize: 0 }]);
    expect(sut.status()).toEqual([
      expect.objectContaining({ name: w.name, cosignedSize: 5, failures: 0, lastError: null }),
    ]);
    const note = cosignedNote(cp, await cosignatureLines(pool, cp.size));
    const text = note.slice(0, note.indexOf("\n\n") + 1);
    expect(cosignaturesOf(note.slice(text.length + 1), text, parseCosignerKey(w.vkey))).toHaveLength(1);
    // The log's own verifiers skip the witness's line.
    expect(openNote(note, [parseVerifierKey(LOG_KEY)]).signedBy).toEqual([ORIGIN]);

    // The next checkpoint goes with the consistency proof from 5; nothing is sent while it is current.
    await sut.pushDue();
    expect(w.answers).toHaveLength(1);
    await grow(7);
    await sut.pushDue();
    expect(w.answers.at(-1)).toEqual({ status: 200, oldSize: 5 });
    expect(w.sizeOf(ORIGIN)).toBe(12);
    // Another replica, started afresh, reads the size the witness cosigned from the store.
    const replica = pusherFor(w);
    await grow(1);
    await replica.pushDue();
    expect(w.answers.at(-1)).toEqual({ status: 200, oldSize: 12 });
  });

  it("follows a 409 to the size the witness holds and sends the proof from there", async () => {
    const w = await witness("w2.example.org/witness");
    const older = await signCheckpoint(deps);
    await addCheckpoint(deps, { url: w.url, cosigner: parseCosignerKey(w.vkey) }, older, 0, httpPost);
    const cp = await grow(3);
    const found = await addCheckpoint(deps, { url: w.url, cosigner: parseCosignerKey(w.vkey) }, cp, 0, httpPost);
    expect(found).toHaveLength(1);
    expect(w.answers).toEqual([
      { status: 200, oldSize: 0 },
      { status: 409, oldSize: 0 },
      { status: 200, oldSize: older.size },
    ]);
  });

  it("reports a witness that does not know the log, one that lies and one that is down, and backs off", async () => {
    const stranger = await witness("w3.example.org/witness", { trusting: false });
    const liar = await witness("w4.example.org/witness", { lie: true });
    const gone = await witness("w5.example.org/witness");
    await gone.stop();
    const cp = await grow(2);
    const sut = pusherFor(stranger, liar, gone);
    await sut.pushDue();
    const [s, l, g] = sut.status();
    expect(s).toMatchObject({ failures: 1, lastError: "404: the witness does not know the log's origin" });
    expect(l).toMatchObject({ failures: 1, cosignedSize: null, lastError: expect.stringMatching(/^bad cosignature/) });
    expect(g).toMatchObject({ failures: 1, lastError: expect.stringMatching(/^unreachable/) });
    // Nothing of the liar is stored or served.
    const { rows } = await pool.query(`select witness from tlog.cosignatures where size = $1`, [cp.size]);
    expect(rows.map((r) => r.witness)).not.toContain(liar.name);
    // Backing off: no new request before the delay, one after it.
    await sut.pushDue();
    expect(stranger.answers).toHaveLength(1);
    clock += FIRST_BACKOFF_MS;
    stranger.trust(LOG_KEY);
    await sut.pushDue();
    expect(stranger.answers.at(-1)).toEqual({ status: 200, oldSize: 0 });
    expect(sut.status()[0]).toMatchObject({ failures: 0, lastError: null, cosignedSize: cp.size });
    expect(sut.status()[1]?.failures).toBe(2);
  });

  it("refuses to go on when the witness holds another tree of the same size", async () => {
    const w = await witness("w6.example.org/witness");
    const cp = await signCheckpoint(deps);
    // The witness was shown a forked tree of this size, signed with the log's key.
    const forked = signNote(
      checkpointText({ origin: ORIGIN, size: cp.size, root: Buffer.alloc(32, 9) }),
      ORIGIN,
      privateKey,
    );
    expect(
      (await httpPost(`${w.url}/add-checkpoint`, addCheckpointBody(0, [], forked), new AbortController().signal))
        .status,
    ).toBe(200);
    await expect(
      addCheckpoint(deps, { url: w.url, cosigner: parseCosignerKey(w.vkey) }, cp, 0, httpPost),
    ).rejects.toThrow(WitnessRefusal);
    expect(w.answers.slice(1).map((a) => a.status)).toEqual([409, 409]);
  });
});

describe("the tests' witness", () => {
  const tree = (n: number, salt = "") =>
    arrayReader(Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`${salt}${i}`))));
  const note = (size: number, salt = "", key = privateKey) =>
    signNote(checkpointText({ origin: ORIGIN, size, root: rootHash(tree(size, salt), size) }), ORIGIN, key);
  const send = async (
    w: TestWitness,
    old: number,
    proofTree: ReturnType<typeof tree> | null,
    size: number,
    body: string,
  ) =>
    (
      await httpPost(
        `${w.url}/add-checkpoint`,
        addCheckpointBody(old, proofTree && old ? consistencyProof(proofTree, old, size) : [], body),
        new AbortController().signal,
      )
    ).status;

  it("cosigns a consistent extension; refuses rollback (409), a forged tree (422), bad keys (403), strangers (404)", async () => {
    const w = await witness("w7.example.org/witness");
    expect(await send(w, 0, null, 10, note(10))).toBe(200);
    expect(await send(w, 10, tree(20), 20, note(20))).toBe(200);
    // Rollback: an older size is not what it holds.
    expect(await send(w, 0, null, 15, note(15))).toBe(409);
    expect(await send(w, 20, null, 15, note(15))).toBe(400);
    // A tree of 30 whose first 20 leaves differ: its proof cannot verify against the root held.
    expect(await send(w, 20, tree(30, "x"), 30, note(30, "x"))).toBe(422);
    expect(await send(w, 20, tree(30), 30, note(30, "", generateKeyPairSync("ed25519").privateKey))).toBe(403);
    const other = signNote(
      checkpointText({ origin: "other.example/log", size: 1, root: Buffer.alloc(32) }),
      "other.example/log",
      privateKey,
    );
    expect(await send(w, 0, null, 1, other)).toBe(404);
    expect(w.sizeOf(ORIGIN)).toBe(20);
  });
});
