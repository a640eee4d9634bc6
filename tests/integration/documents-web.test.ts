/**
 * 规范性文件 and 预公开 on the web, driven like a browser without JavaScript: the console registers a
 * draft (refused beside its fields first), is refused publication without its 解读 in the table's
 * Chinese words (三同步), adds the 解读 with its 简明问答 and publishes; the portal lists the document
 * with its total under the filters and shows it with its dates, status history and 解读 beside it,
 * and a repealed one under its banner; a consultation opened on the console is commented on
 * through the portal's form (refused beside the field, then 303 to the confirmation), moderated on
 * the console and shown on the portal without the contact; the 清理 view and the site map list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/dates.js";
import { ConsoleBrowser } from "../support/console-browser.js";
import { dirtyPdf, SECRET_ASCII } from "../support/dirty-files.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Platform } from "../support/platform.js";

let platform: Platform;
let office: Office;
let officer: ConsoleBrowser;
const today = chinaToday();
const year = today.slice(0, 4);
const CONTACT = "zhaoliu-web@example.com";

async function postForm(path: string, fields: Record<string, string>) {
  const res = await fetch(platform.baseUrl + path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

async function getPage(path: string) {
  const res = await fetch(platform.baseUrl + path, { redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

function idOf(location: string | null, kind: string): string {
  const m = new RegExp(`^/console/${kind}/([0-9a-f-]{36})\\?ok=`).exec(location ?? "");
  expect(m, location ?? "").not.toBeNull();
  return m?.[1] as string;
}

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      DOCUMENTS_REGISTRATION_PREFIX: "HZWEB1",
    },
  );
  office = await setUpOffice(platform.api, "湖州市司法局", "hz.web");
  officer = new ConsoleBrowser(platform.baseUrl);
  await officer.login("hz.web", "pass-word-1");
});

afterAll(async () => {
  await platform?.stop();
});

const DRAFT = {
  title: "关于规范法律援助服务的通知",
  docNumber: `湖司发[${year}]7号`,
  signedOn: today,
  text: "各区县司法局：\n为规范法律援助服务，现通知如下。",
  legalBasis: "《中华人民共和国法律援助法》",
  policy: "yes",
};

describe("a document on the console and the portal", () => {
  let docId: string;

  it("is listed in the console's navigation and refused beside its fields when incomplete", async () => {
    const home = await officer.get("/console");
    expect(home.text).toContain('href="/console/documents"');
    expect(home.text).toContain('href="/console/consultations"');
    const res = await officer.post("/console/documents/new", { ...DRAFT, title: "" });
    expect(res.postedTo).toBe("/console/documents/new");
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-title-error"');
    expect(res.text).toContain("为规范法律援助服务");
    const badNumber = await officer.post("/console/documents/new", { ...DRAFT, docNumber: "不是文号" });
    expect(badNumber.status).toBe(422);
    expect(badNumber.text).toContain('id="f-docNumber-error"');
    expect(badNumber.text).toContain("文号格式不正确");
  });

  it("is registered, refused publication without its 解读 in Chinese, then published with it", async () => {
    const created = await officer.post("/console/documents/new", DRAFT);
    expect(created.status, created.text).toBe(303);
    docId = idOf(created.location, "documents");
    const page = await officer.get(created.location as string);
    expect(page.text).toContain("文件已登记为草稿");
    expect(page.text).toContain(`湖司发〔${year}〕7号`);
    expect(page.text).toContain(`HZWEB1-${year}-0001`);

    const refused = await officer.post(`/console/documents/${docId}/publish`, {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("须与解读材料同步发布");

    // A 解读 says something: text or 简明问答 (the drafting unit defaults to the body, 谁起草谁解读).
    const empty = await officer.post(`/console/documents/${docId}/interpret`, {
      "interpret.text": "",
      "interpret.qa": "",
      "interpret.draftingUnit": "",
      "interpret.interpreter": "王处长",
    });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="f-interpret-text-error"');

    const interpreted = await officer.post(`/console/documents/${docId}/interpret`, {
      "interpret.text": "一、制定背景：为落实法律援助法。",
      "interpret.qa": "问：谁可以申请法律援助？\n答：经济困难的公民。\n\n问：何时施行？\n答：发布之日起30日后施行。",
      "interpret.draftingUnit": "公共法律服务处",
      "interpret.interpreter": "王处长",
    });
    expect(interpreted.status, interpreted.text).toBe(303);
    const published = await officer.post(`/console/documents/${docId}/publish`, { "publish.publishedOn": "" });
    expect(published.status, published.text).toBe(303);
    expect((await officer.get(published.location as string)).text).toContain("文件已发布");
  });

  it("is listed on the portal with its total under the filters, and shown with its 解读 beside it", async () => {
    const list = await getPage(
      `/documents?bodyId=${office.bodyId}&status=valid&year=${year}&q=${encodeURIComponent("法律援助")}`,
    );
    expect(list.status).toBe(200);
    expect(list.text).toContain("共 1 条");
    expect(list.text).toContain(`href="/documents/${docId}"`);
    const none = await getPage(`/documents?bodyId=${office.bodyId}&status=repealed`);
    expect(none.text).toContain("未找到符合条件的规范性文件");
    // The site's search finds the document too, beside the notices, with a link to all matches.
    const search = await getPage(`/search?q=${encodeURIComponent("法律援助")}&bodyId=${office.bodyId}`);
    expect(search.text).toContain("规范性文件中的匹配");
    expect(search.text).toContain(`href="/documents/${docId}"`);
    expect(search.text).toContain("查看全部 1 件匹配的规范性文件");
    expect((await getPage(`/search?q=${encodeURIComponent("不存在的词语")}`)).text).not.toContain("规范性文件中的匹配");

    const page = await getPage(`/documents/${docId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`HZWEB1-${year}-0001`);
    expect(page.text).toContain("成文日期");
    expect(page.text).toContain("施行日期");
    expect(page.text).toContain("本文件尚未施行");
    expect(page.text).toContain("谁可以申请法律援助？");
    expect(page.text).toContain("公共法律服务处");
    expect(page.text).toContain('id="interpretation"');
  });

  it("shows a repealed document under its banner with the dated reason", async () => {
    const repealed = await officer.post(`/console/documents/${docId}/repeal`, {
      "repeal.on": today,
      "repeal.reason": "",
    });
    expect(repealed.status).toBe(422);
    expect(repealed.text).toContain('id="f-repeal-reason-error"');
    const ok = await officer.post(`/console/documents/${docId}/repeal`, {
      "repeal.on": today,
      "repeal.reason": "已被新文件替代",
    });
    expect(ok.status, ok.text).toBe(303);
    const page = await getPage(`/documents/${docId}`);
    expect(page.text).toContain('class="banner__title">废止');
    expect(page.text).toContain("已被新文件替代");
    expect(page.text).toContain("为规范法律援助服务");
    expect((await getPage(`/documents?status=repealed&bodyId=${office.bodyId}`)).text).toContain("共 1 条");
  });

  it("has a 清理 view, and both registers are on the home page, the site map and the sitemap", async () => {
    const cleanup = await officer.get("/console/documents/cleanup");
    expect(cleanup.status).toBe(200);
    expect(cleanup.text).toContain("规范性文件清理提示");
    for (const path of ["/", "/sitemap"]) {
      const text = (await getPage(path)).text;
      expect(text).toContain('href="/documents"');
      expect(text).toContain('href="/consultations"');
    }
    const index = (await getPage("/sitemap.xml")).text;
    expect(index).toContain("/sitemaps/documents.xml");
    expect((await getPage("/sitemaps/documents.xml")).text).toContain(`/documents/${docId}`);
  });
});

describe("a consultation on the console and the portal", () => {
  let id: string;

  it("is opened on the console, refused first for a short window without a reason", async () => {
    const fields = {
      title: "《湖州市法律援助办法（草案）》公开征求意见",
      kind: "rule",
      draftText: "第一条 为了规范法律援助……",
      explanation: "起草说明：……",
      basis: "《规章制定程序条例》",
      opensOn: today,
      closesOn: today,
      shortReason: "",
    };
    const short = await officer.post("/console/consultations/new", fields);
    expect(short.status).toBe(422);
    expect(short.text).toContain('id="f-closesOn-error"');
    const opened = await officer.post("/console/consultations/new", { ...fields, closesOn: "2099-12-31" });
    expect(opened.status, opened.text).toBe(303);
    id = idOf(opened.location, "consultations");
  });

  it("takes a comment through the portal's form: refused beside the field, then 303 to the confirmation", async () => {
    const list = await getPage("/consultations");
    expect(list.text).toContain(`href="/consultations/${id}"`);
    expect(list.text).toContain("还剩");
    const page = await getPage(`/consultations/${id}`);
    expect(page.text).toContain('action="/consultations/' + id + '/comments"');
    expect(page.text).toContain("起草说明");

    const empty = await postForm(`/consultations/${id}/comments`, { content: "", contact: CONTACT });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="cm-content-error"');
    expect(empty.text).toContain(CONTACT); // kept in the form for the one who typed it

    const sent = await postForm(`/consultations/${id}/comments`, {
      content: "建议扩大法律援助的覆盖范围。",
      contact: CONTACT,
    });
    expect(sent.status, sent.text).toBe(303);
    expect(sent.location).toBe(`/consultations/${id}?submitted=1#comment`);
    const confirmed = await getPage(`/consultations/${id}?submitted=1`);
    expect(confirmed.text).toContain("意见已收到");
    expect(confirmed.text).not.toContain("建议扩大法律援助的覆盖范围");
  });

  it("takes an attachment on the console, cleaned and public at once on the portal", async () => {
    const uploaded = await officer.upload(`/console/consultations/${id}/files`, "file", {
      bytes: Buffer.from(await dirtyPdf()),
      filename: "草案说明.pdf",
      type: "application/pdf",
    });
    expect(uploaded.status).toBe(303);
    expect(uploaded.location).toBe(`/console/consultations/${id}?ok=file`);
    const page = await officer.get(uploaded.location as string);
    const link = new RegExp(`href="/console/consultations/${id}/files/([0-9a-f-]{36})">草案说明\\.pdf</a>`).exec(
      page.text,
    );
    expect(link).not.toBeNull();
    const portal = await getPage(`/consultations/${id}`);
    const url = `/api/public/consultations/${id}/files/${link?.[1]}`;
    expect(portal.text).toContain(`href="${url}"`);
    const file = await fetch(platform.baseUrl + url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).includes(Buffer.from(SECRET_ASCII))).toBe(false);
  });

  it("is moderated on the console; the portal shows the comment and never the contact", async () => {
    const dashboard = await officer.get("/console");
    expect(dashboard.text).toMatch(/<span class="count">1<\/span>待审核的征求意见/);
    expect(dashboard.text).toContain('href="/console/documents/cleanup"');
    const page = await officer.get(`/console/consultations/${id}`);
    expect(page.text).toContain(CONTACT);
    const m = new RegExp(`/console/consultations/${id}/comments/([0-9a-f-]{36})/publish`).exec(page.text);
    expect(m).not.toBeNull();
    const early = await officer.post(`/console/consultations/${id}/adoption`, {
      "adoption.received": "1",
      "adoption.adopted": "1",
    });
    expect(early.status).toBe(409);
    expect(early.text).toContain('class="flash flash-error"');
    const published = await officer.post(m?.[0] as string, {});
    expect(published.status, published.text).toBe(303);
    const portal = await getPage(`/consultations/${id}`);
    expect(portal.text).toContain("建议扩大法律援助的覆盖范围");
    expect(portal.text).not.toContain(CONTACT);
  });
});

describe("a document's files on the console", () => {
  it("uploads an attachment and a 图解 cleaned, refuses an unsafe SVG, and shows the 图解 in the 解读 with its alt text", async () => {
    const created = await officer.post("/console/documents/new", {
      ...DRAFT,
      title: "关于法律援助收费公示的通知",
      docNumber: `湖司发[${year}]8号`,
    });
    expect(created.status).toBe(303);
    const id = idOf(created.location, "documents");
    const base = `/console/documents/${id}`;

    const refused = await officer.upload(`${base}/files`, "file", {
      bytes: Buffer.from("not a document at all"),
      filename: "notes.txt",
      type: "text/plain",
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="f-files-file-error"');

    const pdf = await officer.upload(`${base}/files`, "file", {
      bytes: Buffer.from(await dirtyPdf()),
      filename: "援助目录.pdf",
      type: "application/pdf",
    });
    expect(pdf.status).toBe(303);
    expect(pdf.location).toBe(`${base}?ok=file`);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>';
    const graphic = await officer.upload(
      `${base}/files`,
      "file",
      { bytes: Buffer.from(svg), filename: "流程图.svg", type: "image/svg+xml" },
      { purpose: "graphic" },
    );
    expect(graphic.status).toBe(303);
    const unsafe = await officer.upload(
      `${base}/files`,
      "file",
      {
        bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        filename: "x.svg",
        type: "image/svg+xml",
      },
      { purpose: "graphic" },
    );
    expect(unsafe.status).toBe(422);
    expect(unsafe.text).toContain("SVG 图解含有不允许的内容");

    const page = await officer.get(`${base}?ok=file`);
    expect(page.text).toContain("文件已上传，隐藏信息已清除");
    const fileLink = (name: string) =>
      new RegExp(`href="(${base}/files/([0-9a-f-]{36}))">${name}</a>`).exec(page.text) ?? [];
    const [, pdfLink] = fileLink("援助目录.pdf");
    const [, svgLink, svgId] = fileLink("流程图.svg");
    expect(pdfLink && svgLink && svgId).toBeTruthy();
    const kept = await officer.get(pdfLink as string);
    expect(kept.status).toBe(200);
    expect(kept.text).not.toContain(SECRET_ASCII);
    expect(page.text).toMatch(new RegExp(`name="interpret\\.graphic"\\s+value="${svgId}"`));

    // A 图解 without its alt text is refused beside the picker; with it, saved and published.
    const noAlt = await officer.post(`${base}/interpret`, {
      "interpret.text": "一、收费公示的背景……",
      "interpret.graphic": svgId as string,
    });
    expect(noAlt.status).toBe(422);
    expect(noAlt.text).toContain('class="field has-error" id="f-interpret-graphics"');
    const interpreted = await officer.post(`${base}/interpret`, {
      "interpret.text": "一、收费公示的背景……",
      "interpret.graphic": svgId as string,
      [`interpret.alt.${svgId}`]: "收费公示流程：登记、公示、监督",
    });
    expect(interpreted.status).toBe(303);
    expect((await officer.post(`${base}/publish`, {})).status).toBe(303);

    const portal = await getPage(`/documents/${id}`);
    expect(portal.text).toContain(
      `<img src="/api/public/documents/${id}/files/${svgId}" alt="收费公示流程：登记、公示、监督"`,
    );
    expect(portal.text).toContain("援助目录.pdf</a>");
    expect(portal.text).toContain("（PDF，");
  });
});
