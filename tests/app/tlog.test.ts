/**
 * The transparency log's use cases against a real `tlog` schema, without a broker: the notices and
 * documents outboxes are a small in-test Caller. Entries are appended once and in order, the
 * tables refuse to change, and every checkpoint, proof and tile checks out with shared/tlog alone.
 */
import { generateKeyPairSync } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller, EventsSinceParams } from "../../lib/contract.js";
import { signCheckpoint } from "../../services/tlog/app/checkpoints.js";
import type { TlogDeps } from "../../services/tlog/app/deps.js";
import { catchUp } from "../../services/tlog/app/pull.js";
import { proveConsistency, proveInclusion, recordOf, tile } from "../../services/tlog/app/read.js";
import { DATABASE } from "../../services/tlog/database.js";
import { newId } from "../../shared/ids.js";
import { sha256Hex } from "../../services/tlog/app/append.js";
import {
  arrayReader,
  canonicalJson,
  leafHash,
  openNote,
  parseCheckpoint,
  parseEntryBundle,
  parseVerifierKey,
  rootHash,
  tileContent,
  verifierKey,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type Json,
} from "../../shared/tlog.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";

const ORIGIN = "gs.example.cn/tlog";
const bodyId = newId();

interface Event {
  seq: string;
}
const noticeEvents: (Event & { type: string; at: string; notice: Record<string, unknown> })[] = [];
const documentEvents: (Event & { entity: string; id: string; view: Record<string, unknown> | null })[] = [];
const reportEvents: (Event & { id: string; view: Record<string, unknown> | null })[] = [];
const planEvents: (Event & { id: string; view: Record<string, unknown> })[] = [];
let down = false;

function after<T extends Event>(events: T[], p: EventsSinceParams): T[] {
  return events.filter((e) => BigInt(e.seq) > BigInt(p.after)).slice(0, p.limit);
}

const outboxes: Caller = {
  async call(name, params) {
    if (down) throw new Error("not available");
    if (name === "notices.eventsSince") return after(noticeEvents, params as EventsSinceParams);
    if (name === "documents.eventsSince") return after(documentEvents, params as EventsSinceParams);
    if (name === "reports.eventsSince") return after(reportEvents, params as EventsSinceParams);
    if (name === "inspections.eventsSince") return after(planEvents, params as EventsSinceParams);
    throw new Error(`unexpected call ${name}`);
  },
};

function notice(type: string, id = newId(), version = 1) {
  const seq = String(noticeEvents.length + 1);
  noticeEvents.push({
    seq,
    type,
    at: `2026-12-0${(noticeEvents.length % 9) + 1}T08:00:00.000Z`,
    notice: { id, version, sha256: "ab".repeat(32), bodyId, title: "某公示" },
  });
  return id;
}

let db: TestOrm;
let pool: pg.Pool;
let sut: TlogDeps;
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const trusted = () => [parseVerifierKey(verifierKey(ORIGIN, publicKey))];

async function leaves(): Promise<Hash[]> {
  const { rows } = await pool.query<{ entry: Buffer }>(`select entry from tlog.entries order by idx`);
  return rows.map((r) => leafHash(r.entry));
}

beforeAll(async () => {
  db = await openTestOrm(DATABASE);
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
  sut = { db: pool, caller: outboxes, log: { warn() {} }, origin: ORIGIN, signingKey: privateKey };
});

afterAll(async () => {
  await pool?.end();
  await db?.close();
});

const all = () => true;

describe("tlog appends", () => {
  it("appends one canonical entry per public change, once and in order, and signs a checkpoint", async () => {
    const id = notice("published");
    notice("withdrawn", id);
    expect(await catchUp(sut, all)).toBe(2);
    expect(await catchUp(sut, all)).toBe(0);
    const { rows } = await pool.query<{ entry: Buffer }>(`select entry from tlog.entries order by idx`);
    expect(rows.map((r) => r.entry.toString())).toEqual([
      `{"at":"2026-12-01T08:00:00.000Z","bodyId":"${bodyId}","id":"${id}","seq":1,"sha256":"${"ab".repeat(32)}","type":"notice.published","version":1}`,
      `{"at":"2026-12-02T08:00:00.000Z","bodyId":"${bodyId}","id":"${id}","seq":2,"sha256":"${"ab".repeat(32)}","type":"notice.withdrawn","version":1}`,
    ]);
    const { text } = openNote(await signCheckpoint(sut).then((c) => c.note), trusted());
    const cp = parseCheckpoint(text);
    expect(cp).toMatchObject({ origin: ORIGIN, size: 2 });
    expect(Buffer.from(cp.root)).toEqual(Buffer.from(rootHash(arrayReader(await leaves()), 2)));
  });

  it("logs a document's public state once per change; drafts and consultations not at all", async () => {
    const id = newId();
    const view = { id, bodyId, title: "关于某事的通知", text: "正文", updatedAt: "2026-12-03T00:00:00.000Z" };
    documentEvents.push({ seq: "1", entity: "document", id, view });
    documentEvents.push({ seq: "2", entity: "document", id, view: { ...view } });
    documentEvents.push({ seq: "3", entity: "document", id: newId(), view: null });
    documentEvents.push({ seq: "4", entity: "consultation", id: newId(), view: { id } });
    documentEvents.push({ seq: "5", entity: "document", id, view: { ...view, text: "修改后的正文" } });
    expect(await catchUp(sut, all)).toBe(2);
    const { rows } = await pool.query(`select type, version, source_seq from tlog.entries where item_id = $1`, [id]);
    expect(rows).toEqual([
      { type: "document", version: 1, source_seq: "1" },
      { type: "document", version: 2, source_seq: "5" },
    ]);
  });

  it("logs a published report with the SHA-256 of its signed PDF, once", async () => {
    const id = newId();
    const view = { id, bodyId, sha256: "ef".repeat(32), publishedAt: "2027-01-20T02:00:00.000Z", title: "年度报告" };
    reportEvents.push({ seq: "1", id, view });
    reportEvents.push({ seq: "2", id, view: { ...view } });
    reportEvents.push({ seq: "3", id: newId(), view: null });
    expect(await catchUp(sut, all)).toBe(1);
    const { rows } = await pool.query<{ entry: Buffer; source: string }>(
      `select entry, source from tlog.entries where item_id = $1`,
      [id],
    );
    expect(rows.map((r) => [r.source, r.entry.toString()])).toEqual([
      [
        "reports",
        `{"at":"2027-01-20T02:00:00.000Z","bodyId":"${bodyId}","id":"${id}","seq":1,"sha256":"${"ef".repeat(32)}","type":"report","version":1}`,
      ],
    ]);
  });

  it("logs each public state of a random-inspection plan once: its commitment, then its draw", async () => {
    const id = newId();
    const committed = { id, bodyId, commitment: "ab".repeat(32), seed: null, updatedAt: "2027-03-01T02:00:00.000Z" };
    const drawn = { ...committed, seed: "cd".repeat(32), updatedAt: "2027-03-02T02:00:00.000Z" };
    planEvents.push({ seq: "1", id, view: committed });
    planEvents.push({ seq: "2", id, view: { ...committed } });
    planEvents.push({ seq: "3", id, view: drawn });
    expect(await catchUp(sut, all)).toBe(2);
    const { rows } = await pool.query<{ entry: Buffer; source: string; version: number }>(
      `select entry, source, version from tlog.entries where item_id = $1 order by idx`,
      [id],
    );
    expect(rows.map((r) => [r.source, r.version])).toEqual([
      ["inspections", 1],
      ["inspections", 2],
    ]);
    const sha = (v: object) => sha256Hex(canonicalJson(v as Json));
    expect(JSON.parse(rows[0]!.entry.toString())).toMatchObject({
      type: "inspection-plan",
      sha256: sha(committed),
      seq: 1,
    });
    expect(JSON.parse(rows[1]!.entry.toString())).toMatchObject({
      type: "inspection-plan",
      sha256: sha(drawn),
      seq: 3,
    });
  });

  it("a source that does not answer appends nothing and moves no cursor", async () => {
    notice("published");
    down = true;
    await expect(catchUp(sut, all)).rejects.toMatchObject({ code: 503 });
    down = false;
    expect(await catchUp(sut, all)).toBe(1);
  });

  it("refuses to change or remove what was logged", async () => {
    await signCheckpoint(sut);
    for (const sql of [
      `update tlog.entries set type = 'x'`,
      `delete from tlog.entries`,
      `truncate tlog.entries`,
      `delete from tlog.checkpoints`,
      `update tlog.checkpoints set note = ''`,
      `truncate tlog.hashes`,
    ]) {
      await expect(pool.query(sql), sql).rejects.toThrow(/append-only/);
    }
  });
});

describe("tlog proofs and tiles", () => {
  it("stores tile-level hashes past 256 entries; proofs and tiles verify with shared/tlog", async () => {
    for (let i = 0; i < 600; i++) notice("published");
    await catchUp(sut, all);
    const hashes = await leaves();
    const size = hashes.length;
    expect(size).toBeGreaterThan(512);
    const tree = arrayReader(hashes);
    const { rows } = await pool.query(`select level, idx from tlog.hashes order by level, idx`);
    expect(rows).toEqual([
      { level: 8, idx: "0" },
      { level: 8, idx: "1" },
    ]);
    const cp = parseCheckpoint(openNote((await signCheckpoint(sut)).note, trusted()).text);
    expect(cp.size).toBe(size);
    for (const [index, n] of [
      [0, 1],
      [5, 7],
      [255, 256],
      [256, 257],
      [300, 513],
      [size - 1, size],
    ] as const) {
      const proof = (await proveInclusion(sut, index, n)).hashes.map((h) => Buffer.from(h, "base64"));
      expect(verifyInclusion(hashes[index] as Hash, index, n, proof, rootHash(tree, n)), `${index}/${n}`).toBe(true);
    }
    for (const [m, n] of [
      [1, 2],
      [3, 300],
      [256, 512],
      [255, size],
      [size, size],
    ] as const) {
      const proof = (await proveConsistency(sut, m, n)).hashes.map((h) => Buffer.from(h, "base64"));
      expect(verifyConsistency(m, n, rootHash(tree, m), rootHash(tree, n), proof), `${m}/${n}`).toBe(true);
    }
    const read = async (path: string) => {
      const t = await tile(sut, path);
      const chunks: Buffer[] = [];
      for await (const c of t.stream) chunks.push(c as Buffer);
      return { body: Buffer.concat(chunks), cache: t.headers["Cache-Control"] };
    };
    const full = await read("0/001");
    expect(full.body).toEqual(tileContent(tree, { level: 0, index: 1, width: 256 }));
    expect(full.cache).toContain("immutable");
    const partial = await read(`0/002.p/${size - 512}`);
    expect(partial.body).toEqual(tileContent(tree, { level: 0, index: 2, width: size - 512 }));
    expect((await read("1/000.p/2")).body).toEqual(tileContent(tree, { level: 1, index: 0, width: 2 }));
    const bundle = parseEntryBundle((await read("entries/000")).body);
    expect(bundle.map((e) => Buffer.from(leafHash(e)))).toEqual(hashes.slice(0, 256).map((h) => Buffer.from(h)));
    await expect(tile(sut, "0/003")).rejects.toMatchObject({ code: 404 });
    await expect(tile(sut, "0/x000/001")).rejects.toMatchObject({ code: 404 });
    await expect(tile(sut, `0/002.p/${size - 511}`)).rejects.toMatchObject({ code: 404 });
  });

  it("refuses proofs outside the tree", async () => {
    await expect(proveInclusion(sut, 3, 3)).rejects.toMatchObject({ code: 422 });
    await expect(proveInclusion(sut, 0, 1_000_000)).rejects.toMatchObject({ code: 404 });
    await expect(proveConsistency(sut, 5, 4)).rejects.toMatchObject({ code: 422 });
    await expect(proveConsistency(sut, 1, 1_000_000)).rejects.toMatchObject({ code: 404 });
  });

  it("answers an item's latest entry with a proof in a signed checkpoint", async () => {
    const id = notice("published");
    notice("corrected", id);
    await catchUp(sut, all);
    const record = await recordOf(sut, id);
    expect(record).not.toBeNull();
    const r = record as NonNullable<typeof record>;
    expect(JSON.parse(Buffer.from(r.entry, "base64").toString())).toMatchObject({ id, type: "notice.corrected" });
    const cp = parseCheckpoint(openNote(r.checkpoint, trusted()).text);
    expect(cp.size).toBe(r.treeSize);
    const proof = r.inclusionProof.map((h) => Buffer.from(h, "base64"));
    expect(verifyInclusion(leafHash(Buffer.from(r.entry, "base64")), r.index, r.treeSize, proof, cp.root)).toBe(true);
    expect(await recordOf(sut, newId())).toBeNull();
  });
});
