/**
 * A document's files over HTTP on the split platform (real NATS, PostgreSQL, S3; every JSON answer
 * checked against its rule): the file is the raw body of `POST /api/documents/:id/files?purpose=&name=`,
 * cleaned before it is kept; the public downloads an attachment only once the document is published
 * (404 before, the same as for a missing file) with headers that keep a browser from running it; an
 * SVG with script is refused; another body's officer learns nothing; the portal page links the files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/dates.js";
import { dirtyPdf, dirtyPng, SECRET_ASCII } from "../support/dirty-files.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;
const today = chinaToday();

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><metadata>Secret-Author-Zhang</metadata>' +
  '<rect width="20" height="10" fill="#2a6"/><text x="2" y="6">流程</text></svg>';

const upload = (id: string, bytes: Uint8Array, purpose: string, name: string, token = office.officer) =>
  api.request("POST", `/api/documents/${id}/files?purpose=${purpose}&name=${encodeURIComponent(name)}`, {
    raw: Buffer.from(bytes),
    contentType: "application/octet-stream",
    token,
  });

async function download(path: string, token?: string) {
  const res = await fetch(platform.baseUrl + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results",
      "notices,feed,feedback,documents,requests,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      DOCUMENTS_REGISTRATION_PREFIX: "QZMZ01",
    },
  );
  api = platform.api;
  office = await setUpOffice(api, "衢州市民政局", "qz.files");
  other = await setUpOffice(api, "丽水市民政局", "ls.files");
});

afterAll(async () => {
  await platform?.stop();
});

describe("a document's files over HTTP", () => {
  it("are cleaned, refused when unsafe, and public only once the document is published", async () => {
    const d = (
      await api.post(
        "/api/documents",
        {
          title: "关于养老机构收费公示的通知",
          docNumber: `衢民发〔${today.slice(0, 4)}〕7号`,
          signedOn: today,
          text: "各县（市、区）民政局：……",
          legalBasis: "《养老机构管理办法》",
        },
        office.officer,
      )
    ).body;

    const pdf = await upload(d.id, await dirtyPdf(), "attachment", "收费目录.pdf");
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(201);
    expect(pdf.body).toMatchObject({ purpose: "attachment", name: "收费目录.pdf", mediaType: "application/pdf" });
    expect(pdf.body.removed).toContain("pdf:Author");
    const svg = await upload(d.id, Buffer.from(SVG), "graphic", "流程图.svg");
    expect(svg.status, JSON.stringify(svg.body)).toBe(201);
    expect(svg.body.removed).toContain("svg:metadata");

    // Refused: 422 with the table's message, nothing kept.
    const script = await upload(
      d.id,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      "graphic",
      "x.svg",
    );
    expect(script.status).toBe(422);
    expect(JSON.stringify(script.body)).toContain("SVG_UNSAFE");
    const wrong = await upload(d.id, Buffer.from("plain text"), "attachment", "x.pdf");
    expect(wrong.status).toBe(422);
    expect(JSON.stringify(wrong.body)).toContain("FILE_TYPE_UNSUPPORTED");
    expect((await upload(d.id, await dirtyPdf(), "graphic", "x.pdf")).status).toBe(422);
    expect((await upload(d.id, dirtyPng(), "picture", "x.png")).status).toBe(422);
    // Another body's officer: the document does not exist for them.
    expect((await upload(d.id, dirtyPng(), "graphic", "x.png", other.officer)).status).toBe(404);
    expect((await download(`/api/documents/${d.id}/files/${pdf.body.id}`, other.officer)).status).toBe(404);
    const staffView = (await api.get(`/api/documents/${d.id}`, office.officer)).body;
    expect(staffView.files.map((f: { id: string }) => f.id).sort()).toEqual([pdf.body.id, svg.body.id].sort());

    // A draft's files: the staff download them; the public gets the same 404 as for no file at all.
    const staff = await download(`/api/documents/${d.id}/files/${pdf.body.id}`, office.officer);
    expect(staff.status).toBe(200);
    expect(staff.bytes.includes(Buffer.from(SECRET_ASCII))).toBe(false);
    const unpublished = await download(pdf.body.url);
    const missing = await download(`/api/public/documents/${d.id}/files/01a218bd-ee1b-7000-968e-f431a7adefef`);
    expect(unpublished.status).toBe(404);
    expect(missing.status).toBe(404);
    const answerOf = (b: Buffer) => {
      const { type, message } = JSON.parse(b.toString()) as { type: string; message: string };
      return { type, message };
    };
    expect(answerOf(unpublished.bytes)).toEqual(answerOf(missing.bytes));

    const interp = await api.post(
      `/api/documents/${d.id}/interpretation`,
      { text: "一、制定背景……", graphics: [{ fileId: svg.body.id, alt: "收费公示流程：制定、公示、执行" }] },
      office.officer,
    );
    expect(interp.status, JSON.stringify(interp.body)).toBe(200);
    const published = await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    const pub = await download(pdf.body.url);
    expect(pub.status).toBe(200);
    expect(pub.headers.get("content-type")).toContain("application/pdf");
    expect(pub.headers.get("x-content-type-options")).toBe("nosniff");
    expect(pub.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
    expect(pub.headers.get("content-disposition")).toBe(
      `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent("收费目录.pdf")}`,
    );
    expect(pub.bytes.includes(Buffer.from(SECRET_ASCII))).toBe(false);
    expect(pub.bytes.length).toBe(pdf.body.size);
    const image = await download(svg.body.url);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toContain("image/svg+xml");
    expect(image.bytes.toString()).not.toContain("Secret-Author-Zhang");
    expect(image.bytes.toString()).toContain("<rect");

    // Published: attachments are fixed.
    expect((await upload(d.id, await dirtyPdf(), "attachment", "late.pdf")).status).toBe(409);

    // The public view lists the attachment and shows the 图解 in its 解读 with its alt text; so does the page.
    const view = (await api.get(`/api/public/documents/${d.id}`)).body;
    expect(view.attachments).toEqual([expect.objectContaining({ id: pdf.body.id, url: pdf.body.url })]);
    expect(view.interpretations[0].graphics).toEqual([
      { fileId: svg.body.id, alt: "收费公示流程：制定、公示、执行", mediaType: "image/svg+xml", url: svg.body.url },
    ]);
    const page = await fetch(`${platform.baseUrl}/documents/${d.id}`).then((r) => r.text());
    expect(page).toContain(`href="${pdf.body.url}"`);
    expect(page).toContain(`<img src="${svg.body.url}" alt="收费公示流程：制定、公示、执行"`);
  });
});
