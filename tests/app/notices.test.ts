/**
 * The notices use cases against a real `notices` schema and a real S3 server (s3rver), without a
 * broker: the PDF is rendered and signed in this thread with the signer the service loads, and
 * the feed's nudge goes to a small in-test Caller. Issue → row, outbox row and stored PDF; verify
 * by code and by bytes; withdraw; the refusals write nothing, neither rows nor objects.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config.js";
import type { Caller } from "../../lib/contract.js";
import { loadSigners } from "../../lib/signing.js";
import { createStorage, type Storage } from "../../lib/storage.js";
import type { IssueDeps } from "../../services/notices/app/deps.js";
import { issueNotice } from "../../services/notices/app/issue.js";
import { issueLetter, letterPdf } from "../../services/notices/app/letters.js";
import { eventsSince, noticePdf, verifyByBytes, verifyByCode } from "../../services/notices/app/read.js";
import { expireDue, withdrawNotice } from "../../services/notices/app/take-down.js";
import type { IssueLetterParams, IssueParams } from "../../services/notices/contract.js";
import { DATABASE } from "../../services/notices/database.js";
import { Letter, Notice, NoticeEvent } from "../../services/notices/entities.js";
import { RenderPool } from "../../services/notices/render-pool.js";
import { newId } from "../../shared/ids.js";
import { buildPublicNotice } from "../../shared/public-record.js";
import { DEFAULT_REMEDY_NOTICE, remedyNotice } from "../../shared/remedy-notice.js";
import { creditCode } from "../support/fixtures.js";
import { pdftotext, withoutWhitespace } from "../support/pdf-tools.js";
import { sealPng } from "../support/png.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";
import { startS3, type TestS3 } from "../support/platform.js";
import { errorMessageOf } from "../../shared/messages.js";

const BUCKET = "notices-app-test";
const PARTY = "某某殡葬服务有限公司";
const bodyId = newId();
const bodyCreditCode = creditCode();

function issueParams(extra: Partial<IssueParams> = {}): IssueParams {
  const built = buildPublicNotice({
    title: `${PARTY}擅自兴建殡葬设施案`,
    kind: "行政处罚",
    decisionNo: "杭民罚〔2026〕7号",
    decidedOn: "2026-11-02",
    bodyName: "杭州市民政局",
    bodyCreditCode,
    powerCode: "330217001000",
    powerName: "对擅自兴建殡葬设施的行政处罚",
    party: { type: "legal", name: PARTY },
    facts: "当事人擅自兴建殡葬设施。",
    conclusion: "罚款人民币5000元。",
    basis: "《殡葬管理条例》第二十八条",
    maskNames: [],
  });
  return {
    resultId: newId(),
    version: 1,
    bodyId,
    bodyName: "杭州市民政局",
    bodyCreditCode,
    kind: "行政处罚",
    title: built.title,
    decisionNo: "杭民罚〔2026〕7号",
    decidedOn: "2026-11-02",
    partyName: PARTY,
    record: built.record as unknown as Record<string, unknown>,
    fields: built.fields,
    text: built.text,
    expiresOn: "2029-11-03",
    predecessorId: null,
    reason: null,
    ...extra,
  };
}

const nudges: unknown[] = [];
/** The feed, as far as the notices service calls it. */
const feed: Caller = {
  async call(name, params) {
    if (name !== "feed.catchUp") throw new Error(`unexpected call ${name}`);
    nudges.push(params);
    return { applied: 0 };
  },
};

let db: TestOrm;
let s3: TestS3;
let storage: Storage;
let renderPool: RenderPool;
let sut: () => IssueDeps;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-notices-app-"));

async function counts() {
  const em = db.em();
  const objects: string[] = [];
  for await (const o of storage.client.listObjectsV2(BUCKET, "notices/", true)) objects.push(o.name as string);
  return { notices: await em.count(Notice), events: await em.count(NoticeEvent), objects: objects.length };
}

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
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
  const config = loadConfig({ DATA_DIR: dataDir });
  const signers = await loadSigners(config, { info() {} });
  renderPool = await RenderPool.start(0);
  sut = () => ({
    em: db.em(),
    now: () => new Date(),
    today: () => "2026-12-06",
    publicBaseUrl: "https://gs.example.cn",
    caller: feed,
    log: { info() {} },
    storage,
    renderPool,
    signers,
    signingLocation: config.signing.location,
  });
}, 60_000);

afterAll(async () => {
  await renderPool?.close();
  await s3?.close();
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("issuing a notice", () => {
  let first: Awaited<ReturnType<typeof issueNotice>>;
  const params = issueParams();

  it("renders, signs and stores the PDF, records the notice and its outbox row, and nudges the feed", async () => {
    first = await issueNotice(sut(), params);
    const row = await db.em().findOneOrFail(Notice, { id: first.noticeId });
    expect(row).toMatchObject({ status: "published", resultId: params.resultId, sha256: first.sha256 });
    const pdf = await bytesOf(await storage.client.getObject(BUCKET, row.objectKey));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBe(row.size);
    expect(createHash("sha256").update(pdf).digest("hex")).toBe(first.sha256);
    expect(await counts()).toEqual({ notices: 1, events: 1, objects: 1 });
    expect(nudges).toEqual([{ source: "notices" }]);
  });

  it("is idempotent by result and version", async () => {
    expect(await issueNotice(sut(), params)).toEqual(first);
    expect(await counts()).toEqual({ notices: 1, events: 1, objects: 1 });
  });

  it("verifies it by the printed code (any spelling) and by the file's bytes", async () => {
    const byCode = await verifyByCode(sut(), first.verifyCode.toLowerCase().replace(/-/g, " "));
    expect(byCode).toMatchObject({ authentic: true, current: true, status: "published", noticeId: first.noticeId });
    const { stream } = await noticePdf(sut(), first.noticeId);
    const byBytes = await verifyByBytes(sut(), Readable.from(await bytesOf(stream)));
    expect(byBytes).toMatchObject({ authentic: true, noticeId: first.noticeId, sha256: first.sha256 });
    expect(await verifyByBytes(sut(), Readable.from(Buffer.from("%PDF-1.7 not ours")))).toMatchObject({
      valid: false,
      authentic: false,
    });
    await expect(verifyByCode(sut(), "ZZZZ-ZZZZ-ZZZZ-ZZZZ")).rejects.toMatchObject({ code: 404 });
    await expect(verifyByBytes(sut(), Readable.from(Buffer.alloc(0)))).rejects.toMatchObject({ code: 422 });
  });

  it("refuses a correction of an unknown notice and leaves no row and no object behind", async () => {
    const before = await counts();
    // 422 before anything is rendered or stored (it was a 500 from the predecessor's foreign key).
    await expect(issueNotice(sut(), issueParams({ predecessorId: newId(), reason: "更正" }))).rejects.toMatchObject({
      code: 422,
      type: "VALIDATION_ERROR",
      data: [expect.objectContaining({ field: "predecessorId", type: "UNKNOWN_NOTICE" })],
    });
    expect(await counts()).toEqual(before);
  });

  it("withdraws it with a masked public reason; the PDF answers 410 and verification says withdrawn", async () => {
    const v = await withdrawNotice(sut(), { noticeId: first.noticeId, reason: `${PARTY}已依法纠正` });
    expect(v).toMatchObject({ status: "withdrawn", current: false, authentic: true });
    expect(v.reason).not.toContain(PARTY);
    expect(await counts()).toMatchObject({ notices: 1, events: 2 });
    await expect(noticePdf(sut(), first.noticeId)).rejects.toMatchObject({ code: 410, type: "NOTICE_WITHDRAWN" });
    expect(await verifyByCode(sut(), first.verifyCode)).toMatchObject({ status: "withdrawn", current: false });
    // Again: the same answer, no second event.
    expect(await withdrawNotice(sut(), { noticeId: first.noticeId, reason: "再次" })).toMatchObject({
      status: "withdrawn",
    });
    expect(await counts()).toMatchObject({ events: 2 });
    const events = await eventsSince(sut(), { after: "0", limit: 10 });
    expect(events.map((e) => e.type)).toEqual(["published", "withdrawn"]);
    expect(events[1]!.notice).toMatchObject({ partyName: null, pdfUrl: null, takenDown: true });
  });
});

describe("corrections, refusals and expiry", () => {
  it("a correction supersedes its predecessor, which can then only be withdrawn through its successor", async () => {
    const old = await issueNotice(sut(), issueParams());
    const corrected = await issueNotice(
      sut(),
      issueParams({ predecessorId: old.noticeId, reason: "文书号有误", version: 2 }),
    );
    const before = await counts();
    await expect(withdrawNotice(sut(), { noticeId: old.noticeId, reason: "撤下" })).rejects.toMatchObject({
      code: 409,
      type: "SUPERSEDED",
    });
    await expect(withdrawNotice(sut(), { noticeId: newId(), reason: "撤下" })).rejects.toMatchObject({ code: 404 });
    expect(await counts()).toEqual(before);
    expect(await verifyByCode(sut(), old.verifyCode)).toMatchObject({
      status: "corrected",
      successorId: corrected.noticeId,
    });
  });

  it("expires published notices past their period, each with an outbox row", async () => {
    const due = await issueNotice(sut(), issueParams({ expiresOn: "2026-12-05" }));
    const before = await counts();
    expect(await expireDue(sut())).toBe(1);
    expect(await counts()).toEqual({ ...before, events: before.events + 1 });
    expect(await verifyByCode(sut(), due.verifyCode)).toMatchObject({ status: "expired", current: false });
    expect(await expireDue(sut())).toBe(0);
    // Its own type: NOTICE_EXPIRED is the refusal to correct such a notice (409).
    const gone = noticePdf(sut(), due.noticeId);
    await expect(gone).rejects.toMatchObject({ code: 410, type: "NOTICE_PERIOD_ENDED" });
    expect(
      errorMessageOf("NOTICE_PERIOD_ENDED", ((await gone.catch((e: unknown) => e)) as { data: unknown }).data),
    ).toBe("该公示的公示期已于 2026-12-05 届满。");
  });
});

describe("the notice's 救济途径", () => {
  async function printed(params: IssueParams): Promise<string> {
    const issued = await issueNotice(sut(), params);
    const row = await db.em().findOneOrFail(Notice, { id: issued.noticeId });
    return withoutWhitespace(pdftotext(await bytesOf(await storage.client.getObject(BUCKET, row.objectKey))));
  }

  it("prints the remedy notice results sends, and the generic one when it sends none", async () => {
    const named = remedyNotice([{ kind: "行政复议", organ: "杭州市人民政府" }]);
    const withOrgan = await printed(issueParams({ remedyNotice: named }));
    expect(withOrgan).toContain(withoutWhitespace(named));
    expect(withOrgan).not.toContain(withoutWhitespace(DEFAULT_REMEDY_NOTICE));
    expect(await printed(issueParams())).toContain(withoutWhitespace(DEFAULT_REMEDY_NOTICE));
  });

  it("draws the seal results sends over the 落款, and no image without one", async () => {
    const pdfOf = async (params: IssueParams) => {
      const row = await db.em().findOneOrFail(Notice, { id: (await issueNotice(sut(), params)).noticeId });
      return (await bytesOf(await storage.client.getObject(BUCKET, row.objectKey))).toString("latin1");
    };
    expect(await pdfOf(issueParams({ seal: sealPng().toString("base64") }))).toContain("/Subtype /Image");
    expect(await pdfOf(issueParams())).not.toContain("/Subtype /Image");
  });
});

describe("a letter to one person (告知书)", () => {
  const APPLICANT = "王小明";
  const letterParams = (): IssueLetterParams => ({
    sourceType: "request",
    sourceId: newId(),
    bodyId,
    bodyName: "杭州市民政局",
    bodyCreditCode,
    title: "政府信息公开申请答复告知书",
    documentNumber: "杭民依申〔2026〕12号",
    fields: [
      { label: "申请人", value: APPLICANT },
      { label: "答复类型", value: "予以公开" },
    ],
    sections: [{ heading: "答复内容", body: "您申请获取的信息，本机关予以公开，见附件。" }],
    remedyNotice: remedyNotice([{ kind: "行政复议", organ: "杭州市人民政府" }]),
  });

  it("is rendered, signed and stored privately, once per source; it verifies without saying what it says", async () => {
    const before = await counts();
    const params = letterParams();
    const letter = await issueLetter(sut(), params);
    expect(await issueLetter(sut(), params)).toEqual(letter);
    expect(await db.em().count(Letter, { sourceId: params.sourceId })).toBe(1);
    // Not a notice: no notice row, no outbox row, no feed nudge.
    expect(await counts()).toEqual(before);

    const { stream, headers } = await letterPdf(sut(), letter.letterId);
    expect(headers["Cache-Control"]).toBe("private, no-store");
    const pdf = await bytesOf(stream);
    expect(createHash("sha256").update(pdf).digest("hex")).toBe(letter.sha256);
    const text = withoutWhitespace(pdftotext(pdf));
    for (const printed of [
      APPLICANT,
      "政府信息公开申请答复告知书",
      "杭民依申〔2026〕12号",
      "杭州市人民政府",
      letter.verifyCode,
    ]) {
      expect(text).toContain(withoutWhitespace(printed));
    }

    const expected = {
      valid: true,
      authentic: true,
      current: true,
      kind: "letter",
      title: "政府信息公开申请答复告知书",
      bodyName: "杭州市民政局",
      documentNumber: "杭民依申〔2026〕12号",
      issuedAt: letter.issuedAt,
      sha256: letter.sha256,
    };
    expect(await verifyByCode(sut(), letter.verifyCode)).toEqual(expected);
    expect(await verifyByBytes(sut(), Readable.from(pdf))).toEqual(expected);
    expect(JSON.stringify(await verifyByCode(sut(), letter.verifyCode))).not.toContain(APPLICANT);
    await expect(letterPdf(sut(), newId())).rejects.toMatchObject({ code: 404 });
  });
});
