/**
 * An answer's attachments over HTTP on the split platform (real NATS, PostgreSQL, S3; every JSON
 * answer checked against its rule): the file is the raw body of `POST /api/requests/:id/attachments`
 * (name in `?name=`), cleaned before it is kept; officers download it at once, the applicant with
 * the tracking code (API and portal link) only once the request is answered; refused files write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dirtyDocx, dirtyPdf, SECRET_ASCII, SECRET_AUTHOR } from "../support/dirty-files.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;

const upload = (id: string, bytes: Uint8Array, name: string) =>
  api.request("POST", `/api/requests/${id}/attachments?name=${encodeURIComponent(name)}`, {
    raw: Buffer.from(bytes),
    contentType: "application/octet-stream",
    token: office.officer,
  });

async function download(path: string, token?: string) {
  const res = await fetch(platform.baseUrl + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  platform = await startPlatform([
    "gateway",
    "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  api = platform.api;
  office = await setUpOffice(api, "某市自然资源局", "attach-officer");
});

afterAll(async () => {
  await platform?.stop();
});

describe("an answer's attachments over HTTP", () => {
  it("are cleaned, listed, and reach the applicant only once the request is answered", async () => {
    const registered = await api.post(
      "/api/requests",
      {
        bodyId: office.bodyId,
        applicant: { kind: "natural_person", name: "欧阳附件", idType: "passport", idNumber: "E98765432" },
        contact: { phone: "13612340000" },
        description: "请公开某地块的出让合同。",
        form: "paper",
        delivery: "post",
        channel: "in_person",
        receivedOn: new Date().toISOString().slice(0, 10),
      },
      office.officer,
    );
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const { id, trackingCode } = registered.body as { id: string; trackingCode: string };

    const pdf = await upload(id, await dirtyPdf(), "出让合同.pdf");
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(201);
    expect(pdf.body).toMatchObject({ n: 1, name: "出让合同.pdf", type: "application/pdf" });
    expect(pdf.body.removed).toContain("pdf:Author");
    const docx = await upload(id, dirtyDocx(), "说明.docx");
    expect(docx.status).toBe(201);

    // Refused files: 422 with the table's message, nothing kept.
    const text = await upload(id, Buffer.from("not a document"), "x.pdf");
    expect(text.status).toBe(422);
    expect(JSON.stringify(text.body)).toContain("FILE_TYPE_UNSUPPORTED");
    const detail = await api.get(`/api/requests/${id}`, office.officer);
    expect(detail.body.attachments.map((a: { n: number }) => a.n)).toEqual([1, 2]);

    const kept = await download(`/api/requests/${id}/attachments/2`, office.officer);
    expect(kept.status).toBe(200);
    expect(kept.bytes.includes(Buffer.from(SECRET_AUTHOR))).toBe(false);
    expect(kept.bytes.length).toBe(docx.body.size);

    // Before the answer the applicant sees no file.
    expect((await api.get(`/api/public/requests/${trackingCode}`)).body.attachments).toEqual([]);
    expect((await download(`/api/public/requests/${trackingCode}/attachments/1`)).status).toBe(404);
    expect((await download(`/requests/${trackingCode}/attachments/1`)).status).toBe(404);

    const answered = await api.post(
      `/api/requests/${id}/answer`,
      { type: "disclosed", text: "现将出让合同提供给您。" },
      office.officer,
    );
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect((await upload(id, await dirtyPdf(), "late.pdf")).status).toBe(409);

    const tracked = await api.get(`/api/public/requests/${trackingCode}`);
    expect(tracked.body.attachments).toEqual([
      { n: 1, name: "出让合同.pdf", type: "application/pdf", size: pdf.body.size, sha256: pdf.body.sha256 },
      expect.objectContaining({ n: 2, name: "说明.docx", sha256: docx.body.sha256 }),
    ]);
    const fromApi = await download(`/api/public/requests/${trackingCode}/attachments/1`);
    expect(fromApi.status).toBe(200);
    expect(fromApi.headers.get("content-type")).toContain("application/pdf");
    expect(fromApi.bytes.includes(Buffer.from(SECRET_ASCII))).toBe(false);

    const page = await fetch(`${platform.baseUrl}/requests/${trackingCode}`).then((r) => r.text());
    expect(page).toContain(`href="/requests/${trackingCode}/attachments/1"`);
    const fromPortal = await download(`/requests/${trackingCode}/attachments/1`);
    expect(fromPortal.status).toBe(200);
    expect(fromPortal.bytes.equals(fromApi.bytes)).toBe(true);
    expect((await download(`/requests/${trackingCode}/attachments/3`)).status).toBe(404);
  });
});
