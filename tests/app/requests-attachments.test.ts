/**
 * The answer's attachments against a real `requests` schema and a real S3 server (s3rver), without
 * a broker: each file is cleaned of its hidden metadata before it is kept, listed to the officers
 * at once and to the applicant only once answered; a refused upload writes no row and no object.
 */
import { Readable } from "node:stream";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import { createStorage, type Storage } from "../../lib/storage.js";
import {
  attachmentFile,
  ATTACHMENT_MAX_BYTES,
  publicAttachmentFile,
  uploadAttachment,
} from "../../services/requests/app/attachments.js";
import { track } from "../../services/requests/app/public.js";
import { get } from "../../services/requests/app/queue.js";
import type { RequestsDeps } from "../../services/requests/app/records.js";
import { answer } from "../../services/requests/app/steps.js";
import { register } from "../../services/requests/app/submit.js";
import { DATABASE } from "../../services/requests/database.js";
import { RequestAttachment } from "../../services/requests/entities.js";
import { WorkingCalendar } from "../../shared/calendar.js";
import { newId } from "../../shared/ids.js";
import { dirtyDocx, dirtyJpeg, dirtyPdf, dirtyPng, SECRET_ASCII, SECRET_AUTHOR } from "../support/dirty-files.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";
import { startS3, type TestS3 } from "../support/platform.js";

const BUCKET = "requests-attachments-test";
const bodyId = newId();
const officer: SessionUser = { id: newId(), username: "wang", role: "officer", bodyId, officerId: null };
const stranger: SessionUser = { id: newId(), username: "li", role: "officer", bodyId: newId(), officerId: null };

/** The duties service knows the body; the letter's peers are away (the letter waits, as it would). */
const peers: Caller = {
  async call(name, params) {
    if (name === "duties.getBody" && (params as { id: string }).id === bodyId)
      return { id: bodyId, name: "某市人民政府办公室" };
    throw new Error(`unexpected call ${name}`);
  },
};

let db: TestOrm;
let s3: TestS3;
let storage: Storage;
let sut: RequestsDeps;

async function objects(): Promise<string[]> {
  const names: string[] = [];
  for await (const o of storage.client.listObjectsV2(BUCKET, "requests/", true)) names.push(o.name as string);
  return names;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    const e = err as { code: number; type: string; data?: unknown };
    const first = Array.isArray(e.data) ? (e.data[0] as { type?: string }) : undefined;
    return { code: e.code, type: first?.type ?? e.type };
  }
  throw new Error("expected a refusal");
}

async function newRequest() {
  const r = await register(sut, officer, {
    bodyId,
    channel: "in_person",
    receivedOn: "2026-09-01",
    applicant: { kind: "natural_person", name: "张三丰", idType: "passport", idNumber: "E12345678" },
    contact: { phone: "13900001111" },
    description: "请公开2026年本市城市更新项目的立项批复文件。",
    form: "paper",
    delivery: "post",
  });
  return r;
}

const upload = (id: string, bytes: Uint8Array, name?: string, user = officer) =>
  uploadAttachment(sut, user, { id, ...(name ? { name } : {}) }, Readable.from([Buffer.from(bytes)]));

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
    now: () => new Date("2026-09-02T02:00:00Z"),
    caller: peers,
    calendar: async () => WorkingCalendar.official(),
    config: { rate: { limit: 3, windowSeconds: 600 }, dedupeHours: 24, statsMinimum: 2 },
    storage,
    log: { warn() {} },
  };
});

afterAll(async () => {
  await db?.close();
  await s3?.close();
});

describe("an answer's attachments", () => {
  it("are cleaned before they are kept, listed to officers, and reach the applicant only once answered", async () => {
    const r = await newRequest();
    const pdf = await upload(r.id, await dirtyPdf(), "批复.pdf");
    expect(pdf).toMatchObject({ n: 1, name: "批复.pdf", type: "application/pdf" });
    expect(pdf.removed).toEqual(expect.arrayContaining(["pdf:Author", "pdf:XMP"]));
    const png = await upload(r.id, dirtyPng(), "scan.png");
    const jpeg = await upload(r.id, dirtyJpeg());
    const docx = await upload(r.id, dirtyDocx(), "答复附件.docx");
    expect([png.n, jpeg.n, docx.n]).toEqual([2, 3, 4]);
    expect(jpeg.name).toBe("附件.jpg");
    expect(await objects()).toEqual(expect.arrayContaining([1, 2, 3, 4].map((n) => `requests/${r.id}/${n}`)));

    // What the bucket holds has no trace of the authors, and is the file the row describes.
    for (const n of [1, 2, 3, 4]) {
      const file = await attachmentFile(sut, officer, { id: r.id, n });
      const kept = await bytesOf(file.stream);
      expect(kept.includes(Buffer.from(SECRET_ASCII)), `file ${n}`).toBe(false);
      expect(kept.includes(Buffer.from(SECRET_AUTHOR)), `file ${n}`).toBe(false);
      expect(file.headers.ETag).toBe(
        `"${(await db.em().findOneOrFail(RequestAttachment, { requestId: r.id, n })).sha256}"`,
      );
    }
    const kept = await bytesOf((await attachmentFile(sut, officer, { id: r.id, n: 1 })).stream);
    expect((await PDFDocument.load(kept)).getPageCount()).toBe(2);

    const detail = await get(sut, officer, { id: r.id });
    expect(detail.attachments.map((a) => [a.n, a.name, a.type])).toEqual([
      [1, "批复.pdf", "application/pdf"],
      [2, "scan.png", "image/png"],
      [3, "附件.jpg", "image/jpeg"],
      [4, "答复附件.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ]);

    // Before the answer: nothing for the applicant, not even a list.
    expect((await track(sut, { trackingCode: r.trackingCode })).attachments).toEqual([]);
    expect(await refusal(() => publicAttachmentFile(sut, { trackingCode: r.trackingCode, n: 1 }))).toMatchObject({
      code: 404,
    });

    await answer(sut, officer, { id: r.id, type: "disclosed", text: "现将批复文件提供给您。", items: [] });
    const tracked = await track(sut, { trackingCode: r.trackingCode });
    expect(tracked.attachments).toEqual(
      detail.attachments.map(({ n, name, type, size, sha256 }) => ({ n, name, type, size, sha256 })),
    );
    const got = await publicAttachmentFile(sut, { trackingCode: r.trackingCode.toLowerCase(), n: 4 });
    expect(got.type).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(got.headers["Content-Disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent("答复附件.docx")}`);
    expect((await bytesOf(got.stream)).length).toBe(docx.size);
    expect(await refusal(() => publicAttachmentFile(sut, { trackingCode: r.trackingCode, n: 5 }))).toMatchObject({
      code: 404,
    });

    // The answer fixes its files.
    const before = await objects();
    expect(await refusal(() => upload(r.id, dirtyPng()))).toEqual({ code: 409, type: "ATTACHMENTS_CLOSED" });
    expect(await objects()).toEqual(before);
  });

  it("are refused, writing nothing, when not an accepted type, unreadable, empty, too large, too many or another body's", async () => {
    const r = await newRequest();
    const encrypted = Buffer.from(
      Buffer.from(await dirtyPdf())
        .toString("latin1")
        .replace(/trailer\s*<</, "trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 >>"),
      "latin1",
    );
    const cases: [Uint8Array, { code: number; type: string }][] = [
      [Buffer.from("just text, named as a pdf"), { code: 422, type: "FILE_TYPE_UNSUPPORTED" }],
      [dirtyPng().subarray(0, 40), { code: 422, type: "FILE_CORRUPT" }],
      [encrypted, { code: 422, type: "FILE_ENCRYPTED" }],
      [Buffer.alloc(0), { code: 422, type: "ATTACHMENT_EMPTY" }],
      [Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0x25), { code: 422, type: "ATTACHMENT_TOO_LARGE" }],
    ];
    for (const [bytes, expected] of cases) {
      expect(await refusal(() => upload(r.id, bytes, "x.pdf"))).toEqual(expected);
    }
    expect(await refusal(() => upload(r.id, dirtyPng(), "x.png", stranger))).toMatchObject({ code: 404 });
    expect(await db.em().count(RequestAttachment, { requestId: r.id })).toBe(0);
    expect((await objects()).filter((k) => k.startsWith(`requests/${r.id}/`))).toEqual([]);

    for (let i = 0; i < 10; i++) await upload(r.id, dirtyPng(), `p${i}.png`);
    expect(await refusal(() => upload(r.id, dirtyPng()))).toEqual({ code: 409, type: "ATTACHMENTS_TOO_MANY" });
    expect(await db.em().count(RequestAttachment, { requestId: r.id })).toBe(10);
    expect((await objects()).filter((k) => k.startsWith(`requests/${r.id}/`))).toHaveLength(10);
    expect(await refusal(() => attachmentFile(sut, stranger, { id: r.id, n: 1 }))).toMatchObject({ code: 404 });
  });
});
