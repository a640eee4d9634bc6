/**
 * A document's files against a real `documents` schema and a real S3 server (s3rver), without a
 * broker: each file is cleaned (an SVG written anew from its allow-list) before it is kept under
 * documents/<ownerId>/<fileId>; a refused upload leaves neither row nor object; the public reads an
 * attachment once the document is published and a 图解 once a published 解读 shows it.
 */
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import { loadConfig } from "../../lib/config.js";
import { createStorage, type Storage } from "../../lib/storage.js";
import * as consultations from "../../services/documents/app/consultations.js";
import type { DocumentsDeps } from "../../services/documents/app/deps.js";
import * as docs from "../../services/documents/app/documents.js";
import {
  FILE_MAX_BYTES,
  publicConsultationFile,
  publicDocumentFile,
  staffConsultationFile,
  staffDocumentFile,
  uploadConsultationFile,
  uploadDocumentFile,
} from "../../services/documents/app/files.js";
import { eventsSince } from "../../services/documents/app/public.js";
import { DATABASE } from "../../services/documents/database.js";
import { StoredFile } from "../../services/documents/entities.js";
import type { FilePurpose } from "../../services/documents/entities.js";
import { FILE_CSP } from "../../shared/file-clean.js";
import { newId } from "../../shared/ids.js";
import { dirtyDocx, dirtyJpeg, dirtyPdf, dirtyPng, SECRET_ASCII, SECRET_AUTHOR } from "../support/dirty-files.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";
import { startS3, type TestS3 } from "../support/platform.js";

const bodyId = newId();
const BUCKET = "documents-files-test";
const officer: SessionUser = { id: newId(), username: "alice", role: "officer", bodyId, officerId: newId() };
const stranger: SessionUser = { id: newId(), username: "otto", role: "officer", bodyId: newId(), officerId: null };
const admin: SessionUser = { id: newId(), username: "admin", role: "admin", bodyId: null, officerId: null };

const peers: Caller = {
  async call(name, params) {
    switch (name) {
      case "duties.getBody":
        return { id: (params as { id: string }).id, name: "某市民政局" };
      case "results.getCalendar":
        return { coveredYears: [], loaded: [] };
      case "feed.catchUp":
        return { applied: 0 };
      default:
        throw new Error(`unexpected call ${name}`);
    }
  },
};

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><!-- by 张三 --><metadata>张三</metadata>' +
  '<rect width="10" height="10" fill="#369"/></svg>';
const HOSTILE_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';

let db: TestOrm;
let s3: TestS3;
let storage: Storage;
let sut: DocumentsDeps;
let serial = 0;

async function objects(prefix = "documents/"): Promise<string[]> {
  const names: string[] = [];
  for await (const o of storage.client.listObjectsV2(BUCKET, prefix, true)) names.push(o.name as string);
  return names;
}

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
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

const upload = (id: string, bytes: Uint8Array, purpose: FilePurpose, name = "附件.pdf", user = officer) =>
  uploadDocumentFile(sut, user, { id, purpose, name }, Readable.from([Buffer.from(bytes)]));

function draft() {
  serial += 1;
  return docs.register(sut, officer, {
    title: `关于规范养老服务收费的通知${serial}`,
    docNumber: `浙民发〔2026〕${100 + serial}号`,
    signedOn: "2026-02-20",
    text: "各县（市、区）民政局：……",
    legalBasis: "《养老机构管理办法》",
  });
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
  const config = loadConfig({ DOCUMENTS_REGISTRATION_PREFIX: "ZJSP09" });
  sut = {
    em: () => db.em(),
    now: () => new Date("2026-03-02T02:00:00Z"),
    caller: peers,
    config: config.documents,
    storage,
    log: { info() {} },
  };
});

afterAll(async () => {
  await db?.close();
  await s3?.close();
});

describe("a document's files", () => {
  it("are cleaned before they are kept, listed to staff, and public once published (图解 once shown)", async () => {
    const d = await draft();
    const pdf = await upload(d.id, await dirtyPdf(), "attachment", "收费标准.pdf");
    expect(pdf).toMatchObject({ purpose: "attachment", name: "收费标准.pdf", mediaType: "application/pdf" });
    expect(pdf.removed).toEqual(expect.arrayContaining(["pdf:Author", "pdf:XMP"]));
    expect(pdf.url).toBe(`/api/public/documents/${d.id}/files/${pdf.id}`);
    const docx = await upload(d.id, dirtyDocx(), "attachment", "说明.docx");
    const png = await upload(d.id, dirtyPng(), "graphic", "流程.png");
    const svg = await upload(d.id, Buffer.from(SVG), "graphic", "流程图.svg");
    expect(svg).toMatchObject({ mediaType: "image/svg+xml", name: "流程图.svg" });
    expect(svg.removed).toEqual(expect.arrayContaining(["svg:comment", "svg:metadata"]));
    const unused = await upload(d.id, dirtyPng(), "graphic", "未用.png");
    expect(await objects(`documents/${d.id}/`)).toEqual(
      expect.arrayContaining([pdf, docx, png, svg, unused].map((f) => `documents/${d.id}/${f.id}`)),
    );

    // What the bucket holds has no trace of the authors.
    for (const f of [pdf, docx, png, svg]) {
      const got = await staffDocumentFile(sut, officer, { id: d.id, fileId: f.id });
      const kept = await bytesOf(got.stream);
      expect(kept.includes(Buffer.from(SECRET_ASCII)), f.name).toBe(false);
      expect(kept.includes(Buffer.from(SECRET_AUTHOR)), f.name).toBe(false);
      expect(kept.length).toBe(f.size);
      expect(got.headers["X-Content-Type-Options"]).toBe("nosniff");
      expect(got.headers["Content-Security-Policy"]).toBe(FILE_CSP);
    }
    const docxGot = await staffDocumentFile(sut, officer, { id: d.id, fileId: docx.id });
    expect(docxGot.headers["Content-Disposition"]).toBe(
      `attachment; filename="__.docx"; filename*=UTF-8''${encodeURIComponent("说明.docx")}`,
    );
    expect((await staffDocumentFile(sut, admin, { id: d.id, fileId: png.id })).type).toBe("image/png");
    expect(await refusal(() => staffDocumentFile(sut, stranger, { id: d.id, fileId: pdf.id }))).toMatchObject({
      code: 404,
    });

    const staff = await docs.get(sut, officer, { id: d.id });
    expect(staff.files.map((f) => f.id)).toEqual(expect.arrayContaining([pdf.id, docx.id, png.id, svg.id]));

    // A draft's files are not public, whatever they are.
    for (const f of [pdf, png]) {
      expect(await refusal(() => publicDocumentFile(sut, { id: d.id, fileId: f.id }))).toMatchObject({ code: 404 });
    }

    await docs.interpret(sut, officer, {
      id: d.id,
      text: "一、收费标准的制定背景……",
      graphics: [
        { fileId: png.id, alt: "办理流程：申请、受理、办结" },
        { fileId: svg.id, alt: "收费标准对照图" },
      ],
    });
    expect(await refusal(() => publicDocumentFile(sut, { id: d.id, fileId: svg.id }))).toMatchObject({ code: 404 });
    await docs.publish(sut, officer, { id: d.id });

    const got = await publicDocumentFile(sut, { id: d.id, fileId: pdf.id });
    expect(got.type).toBe("application/pdf");
    expect(got.headers["Content-Disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent("收费标准.pdf")}`);
    expect((await bytesOf(got.stream)).includes(Buffer.from(SECRET_ASCII))).toBe(false);
    const image = await publicDocumentFile(sut, { id: d.id, fileId: svg.id });
    expect(image.type).toBe("image/svg+xml");
    expect(image.headers["Content-Disposition"]).toMatch(/^inline;/);
    // A graphic no published 解读 shows stays private; a file of another document is not this one's.
    expect(await refusal(() => publicDocumentFile(sut, { id: d.id, fileId: unused.id }))).toMatchObject({
      code: 404,
    });
    const other = await draft();
    expect(await refusal(() => publicDocumentFile(sut, { id: other.id, fileId: pdf.id }))).toMatchObject({
      code: 404,
    });

    // The public view (the outbox's) lists the attachments, and the 图解 with their alt text.
    const changes = await eventsSince(sut, { after: "0", limit: 1000 });
    const change = changes.filter((c) => c.entity === "document" && c.id === d.id).at(-1);
    const view = change?.entity === "document" ? change.view : null;
    expect(view?.attachments.map((f) => f.id).sort()).toEqual([pdf.id, docx.id].sort());
    expect(view?.interpretations[0]?.graphics).toEqual([
      { fileId: png.id, alt: "办理流程：申请、受理、办结", mediaType: "image/png", url: png.url },
      { fileId: svg.id, alt: "收费标准对照图", mediaType: "image/svg+xml", url: svg.url },
    ]);

    // Published: attachments are fixed, a 图解 may still come for a 施行后解读.
    const before = await objects(`documents/${d.id}/`);
    const late = await dirtyPdf();
    expect(await refusal(() => upload(d.id, late, "attachment"))).toEqual({
      code: 409,
      type: "FILES_CLOSED",
    });
    expect(await objects(`documents/${d.id}/`)).toEqual(before);
    expect((await upload(d.id, dirtyPng(), "graphic", "later.png")).purpose).toBe("graphic");
  });

  it("are refused, writing nothing, when of the wrong type, unsafe, unreadable, empty, too large or another body's", async () => {
    const d = await draft();
    const cases: [Uint8Array, FilePurpose, { code: number; type: string }][] = [
      [Buffer.from("just text, named as a pdf"), "attachment", { code: 422, type: "FILE_TYPE_UNSUPPORTED" }],
      [Buffer.from(SVG), "attachment", { code: 422, type: "FILE_TYPE_UNSUPPORTED" }],
      [Buffer.from(HOSTILE_SVG), "graphic", { code: 422, type: "SVG_UNSAFE" }],
      [Buffer.from('<!DOCTYPE svg [<!ENTITY a "b">]><svg/>'), "graphic", { code: 422, type: "SVG_UNSAFE" }],
      [Buffer.from("<svg><g></svg>"), "graphic", { code: 422, type: "SVG_INVALID" }],
      [await dirtyPdf(), "graphic", { code: 422, type: "GRAPHIC_TYPE" }],
      [dirtyJpeg(), "graphic", { code: 422, type: "GRAPHIC_TYPE" }],
      [dirtyPng().subarray(0, 40), "attachment", { code: 422, type: "FILE_CORRUPT" }],
      [Buffer.alloc(0), "attachment", { code: 422, type: "ATTACHMENT_EMPTY" }],
      [Buffer.alloc(FILE_MAX_BYTES + 1, 0x25), "attachment", { code: 422, type: "ATTACHMENT_TOO_LARGE" }],
    ];
    for (const [bytes, purpose, expected] of cases) {
      expect(await refusal(() => upload(d.id, bytes, purpose, "x.svg"))).toEqual(expected);
    }
    expect(await refusal(() => upload(d.id, dirtyPng(), "graphic", "x.png", stranger))).toMatchObject({ code: 404 });
    expect(await db.em().count(StoredFile, { ownerId: d.id })).toBe(0);
    expect(await objects(`documents/${d.id}/`)).toEqual([]);
  });
});

describe("a consultation's files", () => {
  it("are cleaned, public at once through the outbox, and fixed once the window closed", async () => {
    const c = await consultations.open(sut, officer, {
      title: "《养老服务收费办法（草案）》征求意见",
      kind: "normative",
      draftText: "第一条 ……",
      explanation: "起草说明：……",
      opensOn: "2026-03-02",
      closesOn: "2026-03-11",
    });
    const f = await uploadConsultationFile(
      sut,
      officer,
      { id: c.id, name: "草案.pdf" },
      Readable.from([Buffer.from(await dirtyPdf())]),
    );
    expect(f.url).toBe(`/api/public/consultations/${c.id}/files/${f.id}`);
    const got = await publicConsultationFile(sut, { id: c.id, fileId: f.id });
    expect((await bytesOf(got.stream)).includes(Buffer.from(SECRET_ASCII))).toBe(false);
    expect((await staffConsultationFile(sut, officer, { id: c.id, fileId: f.id })).type).toBe("application/pdf");
    expect(await refusal(() => staffConsultationFile(sut, stranger, { id: c.id, fileId: f.id }))).toMatchObject({
      code: 404,
    });
    const changes = await eventsSince(sut, { after: "0", limit: 1000 });
    const change = changes.filter((x) => x.entity === "consultation" && x.id === c.id).at(-1);
    const view = change?.entity === "consultation" ? change.view : null;
    expect(view?.attachments.map((a) => a.id)).toEqual([f.id]);

    const later = { ...sut, now: () => new Date("2026-03-20T02:00:00Z") };
    expect(
      await refusal(() =>
        uploadConsultationFile(later, officer, { id: c.id, name: "x.pdf" }, Readable.from([Buffer.from("%PDF-")])),
      ),
    ).toEqual({ code: 409, type: "FILES_CLOSED" });
    expect(await objects(`documents/${c.id}/`)).toEqual([`documents/${c.id}/${f.id}`]);
  });
});
