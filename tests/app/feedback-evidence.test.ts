/**
 * Evidence files (证明材料) of a correction request and the notice's value when a proposal came,
 * through the feedback use cases against a real `feedback` schema and a real S3 server (s3rver),
 * without a broker (the feed and results services are a small in-test Caller). A refused
 * submission writes nothing: no row, no object.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import { createStorage, type Storage } from "../../lib/storage.js";
import { evidenceFile, readEvidence, type EvidenceUpload } from "../../services/feedback/app/evidence.js";
import { get, replyTo } from "../../services/feedback/app/handling.js";
import { eventsSince, track } from "../../services/feedback/app/public.js";
import type { FeedbackDeps } from "../../services/feedback/app/records.js";
import { clientKeyOf, submit, type Sender } from "../../services/feedback/app/submit.js";
import { DATABASE } from "../../services/feedback/database.js";
import { Feedback, FeedbackStep, RateHit } from "../../services/feedback/entities.js";
import { EVIDENCE_MAX_BYTES } from "../../shared/evidence.js";
import { newId } from "../../shared/ids.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";
import { startS3, type TestS3 } from "../support/platform.js";

const BUCKET = "feedback-evidence-test";
const bodyId = newId();
const noticeId = newId();
/** A notice whose public record the fake feed answers (the other has none). */
const recordedNoticeId = newId();

const officer: SessionUser = { id: newId(), username: "alice", role: "officer", bodyId, officerId: newId() };
const stranger: SessionUser = { id: newId(), username: "otto", role: "officer", bodyId: newId(), officerId: null };

/** What the feed and results services answer. */
const peers: Caller = {
  async call(name, params) {
    const p = params as { id?: string };
    switch (name) {
      case "feed.getNotice":
        return {
          id: p.id,
          bodyId,
          title: "某商店行政处罚决定",
          resultId: newId(),
          ...(p.id === recordedNoticeId
            ? { record: { decisionNo: "某市监罚〔2026〕17号", party: { name: "某某商贸公司" } } }
            : {}),
        };
      case "results.workingDeadline":
        return { dueBy: "2026-12-21", provisional: false };
      case "results.workingDaysBetween":
        return { days: 2 };
      case "feed.catchUp":
        return undefined;
      default:
        throw new Error(`unexpected call ${name}`);
    }
  },
};

let db: TestOrm;
let s3: TestS3;
let storage: Storage;
let sut: FeedbackDeps;

function sender(name: string): Sender {
  return { clientKey: clientKeyOf("test", name), idempotencyKey: null };
}

/** The evidence files kept in the bucket. */
async function objects(): Promise<string[]> {
  const names: string[] = [];
  for await (const o of storage.client.listObjectsV2(BUCKET, "feedback/", true)) names.push(o.name as string);
  return names;
}

async function counts() {
  const em = db.em();
  return {
    items: await em.count(Feedback),
    steps: await em.count(FeedbackStep),
    hits: await em.count(RateHit),
    objects: (await objects()).length,
  };
}

beforeAll(async () => {
  [db, s3] = await Promise.all([openTestOrm(DATABASE), startS3(BUCKET)]);
  storage = createStorage({
    endpoint: s3.endpoint,
    accessKey: "S3RVER",
    secretKey: "S3RVER",
    bucket: BUCKET,
    region: "us-east-1",
  });
  sut = {
    em: () => db.em(),
    now: () => new Date(),
    caller: peers,
    config: {
      maxLength: 2000,
      rate: { limit: 3, windowSeconds: 600 },
      dedupeHours: 24,
      statsMinimum: 2,
    },
    storage,
  };
});

afterAll(async () => {
  await db?.close();
  await s3?.close();
});

/** Files as a browser would send them: a PDF, a JPEG and a PNG by their first bytes. */
const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2000, 0x20), Buffer.from("\n%%EOF\n")]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 1)]);

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

function correctionOn(target: string, content: string) {
  return { category: "correction" as const, targetType: "notice" as const, targetId: target, content };
}

describe("evidence files of a correction request (证明材料)", () => {
  it("keeps PDF, JPEG and PNG files under the item's key, for the body's staff only", async () => {
    const uploads: EvidenceUpload[] = [
      { name: "C:\\扫描件\\决定书.pdf", bytes: PDF },
      { name: "现场照片.jpg", bytes: JPEG },
      { name: "截图.png", bytes: PNG },
    ];
    const { trackingCode } = await submit(
      sut,
      sender("10.3.0.1"),
      { ...correctionOn(noticeId, "公示的处罚内容与决定书不一致，附决定书扫描件"), contact: "13900001111" },
      uploads,
    );
    const f = await db.em().findOneOrFail(Feedback, { trackingCode });
    expect(f.evidenceFiles.map((e) => e.key)).toEqual([
      `feedback/${f.id}/1.pdf`,
      `feedback/${f.id}/2.jpg`,
      `feedback/${f.id}/3.png`,
    ]);
    const view = await get(sut, officer, { id: f.id });
    expect(view.evidenceFiles).toEqual([
      { n: 1, name: "决定书.pdf", type: "application/pdf", size: PDF.length, sha256: sha256(PDF) },
      { n: 2, name: "现场照片.jpg", type: "image/jpeg", size: JPEG.length, sha256: sha256(JPEG) },
      { n: 3, name: "截图.png", type: "image/png", size: PNG.length, sha256: sha256(PNG) },
    ]);
    const second = await evidenceFile(sut, officer, { id: f.id, n: 2 });
    expect(second.file).toMatchObject({ name: "现场照片.jpg", type: "image/jpeg" });
    expect((await bytesOf(second.stream)).equals(JPEG)).toBe(true);
    await expect(evidenceFile(sut, stranger, { id: f.id, n: 1 })).rejects.toMatchObject({ code: 404 });
    await expect(evidenceFile(sut, officer, { id: f.id, n: 4 })).rejects.toMatchObject({ code: 404 });

    // No public view names them: the tracking page, and the reply the feed shows.
    await replyTo(sut, officer, { id: f.id, reply: "经核实，已更正处罚内容。", public: true });
    const tracked = JSON.stringify(await track(sut, { trackingCode }));
    const events = JSON.stringify((await eventsSince(sut, { after: "0", limit: 1000 })).filter((e) => e.id === f.id));
    expect(events).toContain("已更正处罚内容");
    for (const text of [tracked, events]) {
      for (const secret of ["决定书.pdf", "现场照片", sha256(PDF), "feedback/", "evidence"]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it("are part of what was said: other files with the same words are another item", async () => {
    const body = correctionOn(noticeId, "附件为决定书照片，请核对当事人名称");
    const first = await submit(sut, sender("10.3.0.2"), body, [{ name: "a.png", bytes: PNG }]);
    const again = await submit(sut, sender("10.3.0.3"), body, [{ name: "b.png", bytes: PNG }]);
    expect(again).toEqual({ ...first, duplicate: true });
    const other = await submit(sut, sender("10.3.0.4"), body, [{ name: "c.jpg", bytes: JPEG }]);
    expect(other.trackingCode).not.toBe(first.trackingCode);
  });

  it("refuses, writing nothing: another type whatever its name, an empty or oversized file, four files, files on a complaint", async () => {
    const before = await counts();
    const body = correctionOn(noticeId, "证明材料见附件，请核实");
    const refused = (uploads: EvidenceUpload[], p: Parameters<typeof submit>[2] = body) =>
      submit(sut, sender("10.3.0.5"), p, uploads);
    await expect(refused([{ name: "决定书.pdf", bytes: Buffer.from("这其实是一个文本文件") }])).rejects.toMatchObject({
      code: 422,
      data: [{ field: "evidenceFiles[0]", type: "EVIDENCE_TYPE", n: 1 }],
    });
    await expect(
      refused([
        { name: "ok.png", bytes: PNG },
        { name: "anim.png", bytes: Buffer.from("GIF89a\x01\x00") },
      ]),
    ).rejects.toMatchObject({ data: [{ field: "evidenceFiles[1]", type: "EVIDENCE_TYPE", n: 2 }] });
    await expect(refused([{ name: "empty.pdf", bytes: Buffer.alloc(0) }])).rejects.toMatchObject({
      data: [{ type: "EVIDENCE_EMPTY" }],
    });
    const large = Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX_BYTES - PDF.length + 1)]);
    await expect(refused([{ name: "big.pdf", bytes: large }])).rejects.toMatchObject({
      data: [{ field: "evidenceFiles[0]", type: "EVIDENCE_TOO_LARGE", max: 5 }],
    });
    await expect(
      refused(Array.from({ length: 4 }, (_, i) => ({ name: `${i}.png`, bytes: PNG }))),
    ).rejects.toMatchObject({
      data: [{ field: "evidenceFiles", type: "EVIDENCE_TOO_MANY", max: 3 }],
    });
    await expect(
      refused([{ name: "a.png", bytes: PNG }], {
        category: "complaint",
        targetType: "notice",
        targetId: noticeId,
        content: "态度恶劣，附照片",
      }),
    ).rejects.toMatchObject({ data: [{ field: "evidenceFiles", type: "CORRECTION_NOT_FOR_NOTICE" }] });
    expect(await counts()).toEqual(before);
    // A file of exactly the limit is kept.
    const limit = Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX_BYTES - PDF.length)]);
    await submit(sut, sender("10.3.0.6"), correctionOn(noticeId, "附完整决定书扫描件"), [
      { name: "全文.pdf", bytes: limit },
    ]);
    expect((await counts()).objects).toBe(before.objects + 1);
  });

  it("are cut from the portal's stream by the sizes it announces; a stream that does not match is 422", async () => {
    const parts = [
      { name: "a.pdf", size: PDF.length },
      { name: "b.png", size: PNG.length },
    ];
    const split = await readEvidence(
      Readable.from([PDF.subarray(0, 100), Buffer.concat([PDF.subarray(100), PNG])]),
      parts,
    );
    expect(split.map((u) => [u.name, u.bytes.equals(u.name === "a.pdf" ? PDF : PNG)])).toEqual([
      ["a.pdf", true],
      ["b.png", true],
    ]);
    await expect(readEvidence(Readable.from([PDF]), parts)).rejects.toMatchObject({
      code: 422,
      data: [{ type: "EVIDENCE_INCOMPLETE" }],
    });
    await expect(readEvidence(Readable.from([PDF, PNG, PNG]), parts)).rejects.toMatchObject({
      data: [{ type: "EVIDENCE_INCOMPLETE" }],
    });
  });
});

describe("the notice's value when the proposal came", () => {
  it("is kept with the proposal for staff, never in a public view", async () => {
    const { trackingCode } = await submit(sut, sender("10.4.0.1"), {
      ...correctionOn(recordedNoticeId, "文书号应为18号"),
      correction: { field: "decisionNo", proposed: "某市监罚〔2026〕18号" },
    });
    const f = await db.em().findOneOrFail(Feedback, { trackingCode });
    expect(f.correctionCurrent).toBe("某市监罚〔2026〕17号");
    expect((await get(sut, officer, { id: f.id })).correction).toMatchObject({
      field: "decisionNo",
      proposed: "某市监罚〔2026〕18号",
      currentWhenProposed: "某市监罚〔2026〕17号",
    });
    expect(JSON.stringify(await track(sut, { trackingCode }))).not.toContain("17号");
    const party = await submit(sut, sender("10.4.0.2"), {
      ...correctionOn(recordedNoticeId, "当事人名称少了字"),
      correction: { field: "partyName", proposed: "某某商贸有限公司" },
    });
    const g = await db.em().findOneOrFail(Feedback, { trackingCode: party.trackingCode });
    expect(g.correctionCurrent).toBe("某某商贸公司");
  });
});
