/**
 * Public feedback end to end over NATS: submit → track → reply; a per-client rate limit that holds
 * across two gateway processes; duplicates and the honeypot; other bodies see nothing; the contact
 * never reaches any public output; a <script> stays text; a correction request corrects a notice.
 * Evidence files come through the notice page's form (multipart), are told by their content and
 * bounded in number and size, reach the body's staff only, and never any public output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVIDENCE, postFeedbackForm, sha256, trackingCodeOf } from "../support/evidence.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { startPlatform, startSecondGateway, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;
let notice: Published;
/** A second gateway replica, on the same bus. */
let api2: Api;

const CONTACT = "zhangsan-contact@example.com 13812345678";
const XSS = "<script>alert('feedback')</script>";

/** Every call from a distinct "client" address (the gateways trust X-Forwarded-For here). */
let clientSeq = 0;
function as(client: string) {
  return { "x-forwarded-for": client };
}
function freshClient() {
  clientSeq++;
  return as(`198.51.100.${clientSeq}`);
}

async function submit(body: Record<string, unknown>, headers = freshClient(), via = api) {
  return via.request("POST", "/api/public/feedback", { body, headers });
}

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,feed",
      "results,notices,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      TRUST_PROXY: "true",
      FEEDBACK_RATE_LIMIT: "3/600",
      FEEDBACK_STATS_MIN: "2",
    },
  );
  api = platform.api;
  api2 = (await startSecondGateway(platform)).api;
  office = await setUpOffice(api, "丽水市民政局", "ls.officer");
  other = await setUpOffice(api, "衢州市民政局", "qz.officer");
  notice = await publishNotice(api, office, { partyName: "丽水福寿园有限公司" });
});

afterAll(async () => {
  await platform?.stop();
});

describe("submit, track, reply", () => {
  let id: string;
  let trackingCode: string;

  it("accepts feedback on a notice and gives an unguessable tracking code", async () => {
    const res = await submit({
      category: "complaint",
      targetType: "notice",
      targetId: notice.noticeId,
      content: `公示中罚款金额与实际不符，请核实。${XSS}`,
      contact: CONTACT,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    trackingCode = res.body.trackingCode;
    const tracked = await api.get(`/api/public/feedback/${trackingCode.toLowerCase()}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ status: "received", category: "complaint", dueBy: expect.any(String) });
    expect(JSON.stringify(tracked.body)).not.toContain("zhangsan-contact");
    expect((await api.get("/api/public/feedback/AAAA-BBBB-CCCC")).status).toBe(404);
  });

  it("routes it to the body that owns the target; other bodies cannot see or act", async () => {
    const mine = await api.get("/api/feedback", office.officer);
    const item = mine.body.items.find((f: { trackingCode: string }) => f.trackingCode === trackingCode);
    expect(item).toMatchObject({
      status: "received",
      contact: CONTACT,
      bodyId: office.bodyId,
      targetId: notice.noticeId,
    });
    id = item.id;
    const theirs = await api.get("/api/feedback", other.officer);
    expect(theirs.body.items.map((f: { id: string }) => f.id)).not.toContain(id);
    expect((await api.get(`/api/feedback/${id}`, other.officer)).status).toBe(404);
    expect((await api.post(`/api/feedback/${id}/reply`, { reply: "x", public: true }, other.officer)).status).toBe(404);
    expect((await api.get("/api/feedback")).status).toBe(401);
  });

  it("records every step and shows a public reply on the target's public page", async () => {
    expect((await api.post(`/api/feedback/${id}/accept`, {}, office.officer)).status).toBe(200);
    const replied = await api.post(
      `/api/feedback/${id}/reply`,
      { reply: "经核实，公示金额无误。", public: true },
      office.officer,
    );
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body.trail.map((s: { action: string }) => s.action)).toEqual([
      "received",
      "accepted",
      "replied-public",
    ]);
    const tracked = await api.get(`/api/public/feedback/${trackingCode}`);
    expect(tracked.body).toMatchObject({ status: "replied", reply: "经核实，公示金额无误。" });
    const replies = await api.get(`/api/public/replies?targetType=notice&targetId=${notice.noticeId}`);
    expect(replies.body.items).toEqual([expect.objectContaining({ reply: "经核实，公示金额无误。" })]);
    const pageHtml = await (await fetch(`${platform.baseUrl}/notices/${notice.noticeId}`)).text();
    expect(pageHtml).toContain("经核实，公示金额无误。");
    expect(pageHtml).not.toContain(XSS);
    expect(pageHtml).toContain("&lt;script&gt;");
    const trackPage = await (await fetch(`${platform.baseUrl}/feedback/${trackingCode}`)).text();
    expect(trackPage).toContain("经核实，公示金额无误。");
    expect(trackPage).not.toContain(XSS);
  });

  it("never shows the contact in any public output", async () => {
    const outputs = await Promise.all(
      [
        `/api/public/replies?targetType=notice&targetId=${notice.noticeId}`,
        `/api/public/notices/${notice.noticeId}`,
        `/api/public/notices?status=all`,
        `/api/public/feed.atom`,
        `/notices/${notice.noticeId}`,
        `/feedback/${trackingCode}`,
        `/bodies/${office.bodyId}`,
      ].map(async (url) => (await fetch(platform.baseUrl + url)).text()),
    );
    for (const out of outputs) {
      expect(out).not.toContain("zhangsan-contact");
      expect(out).not.toContain("13812345678");
    }
  });
});

describe("abuse control", () => {
  it("limits each client across both gateway processes, with Retry-After", async () => {
    const client = as("203.0.113.77");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const via = i % 2 === 0 ? api : api2;
      const res = await submit({ category: "suggestion", content: `第${i}条建议：增加夜间服务窗口。` }, client, via);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201]);
    const limited = await submit({ category: "suggestion", content: "第四条建议：公开办事指南。" }, client, api2);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await submit({ category: "suggestion", content: "另一位市民的建议内容。" })).status).toBe(201);
  });

  it("answers the same content on the same target with the same tracking code", async () => {
    const body = {
      category: "inquiry",
      targetType: "body",
      targetId: office.bodyId,
      content: "请问办理时限是多少天？",
    };
    const first = await submit(body);
    const again = await submit({ ...body, content: " 请问办理时限是 多少天？" });
    expect(again.body.trackingCode).toBe(first.body.trackingCode);
  });

  it("does not take a zero-width character, a case change or full-width letters for new content", async () => {
    const body = { category: "inquiry", targetType: "body", targetId: office.bodyId };
    const first = await submit({ ...body, content: "请问ABC窗口的办理时限是多少天？" });
    expect(first.status).toBe(201);
    for (const variant of [
      "请问\u200bABC窗口的办理时限是多少天？",
      "请问abc窗口的\u200d办理\u2060时限是\ufeff多少天？",
      "请问ＡＢＣ窗口的办理时限是多少天?",
      "请问 Abc 窗口的办理时限\n是多少天？",
    ]) {
      const again = await submit({ ...body, content: variant });
      expect(again.body, JSON.stringify(variant)).toMatchObject({
        trackingCode: first.body.trackingCode,
        duplicate: true,
      });
    }
    const different = await submit({ ...body, content: "请问ABD窗口的办理时限是多少天？" });
    expect(different.body.trackingCode).not.toBe(first.body.trackingCode);
  });

  it("refuses content that is nothing but invisible characters", async () => {
    const res = await submit({ category: "suggestion", content: "\u200b\u200b\u200c\u200d\u2060\ufeff" });
    expect(res.status).toBe(422);
    expect(res.body.data).toEqual([expect.objectContaining({ field: "content" })]);
  });

  it("counts in the public statistics only what is not spam", async () => {
    const jh = await setUpOffice(api, "金华市民政局", "jh.officer");
    const stats = async () => (await api.get(`/api/public/feedback-stats?bodyId=${jh.bodyId}`)).body;
    const onBody = (content: string, extra: Record<string, unknown> = {}) =>
      submit({ category: "complaint", targetType: "body", targetId: jh.bodyId, content, ...extra });
    expect((await onBody("窗口工作人员态度恶劣。")).status).toBe(201);
    expect((await onBody("办事指南与实际要求不一致。")).status).toBe(201);
    expect(await stats()).toMatchObject({ enough: true, received: 2 });
    // the same complaint again with a zero-width space, a honeypot, and one the officer marks as spam
    expect((await onBody("窗口工作人员\u200b态度恶劣。")).body.duplicate).toBe(true);
    expect((await onBody("代办证件请联系我们。", { website: "http://spam.example" })).status).toBe(201);
    const junk = await onBody("广告：低价出售墓地，量大从优。");
    expect(junk.status).toBe(201);
    expect(await stats()).toMatchObject({ received: 3 });
    const item = (await api.get("/api/feedback?status=received", jh.officer)).body.items.find(
      (f: { trackingCode: string }) => f.trackingCode === junk.body.trackingCode,
    );
    expect((await api.post(`/api/feedback/${item.id}/spam`, {}, jh.officer)).status).toBe(200);
    expect(await stats()).toMatchObject({ enough: true, received: 2, replied: 0 });
  });

  it("creates one item for a submission retried with the same Idempotency-Key, even concurrently", async () => {
    const client = freshClient();
    const headers = { ...client, "idempotency-key": "retry-7f3a" };
    const body = { category: "suggestion", content: "建议在公示页面增加打印按钮。" };
    const answers = await Promise.all(
      [1, 2, 3].map(() => api.request("POST", "/api/public/feedback", { body, headers })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.trackingCode)).size, JSON.stringify(answers.map((a) => a.body))).toBe(1);
    const again = await api2.request("POST", "/api/public/feedback", {
      body: { ...body, content: "换了内容也算同一次" },
      headers,
    });
    expect(again.body.trackingCode).toBe(answers[0]?.body.trackingCode);
  });

  it("files a filled-in honeypot as spam without telling the sender", async () => {
    const res = await submit({
      category: "suggestion",
      content: "便宜代办各类证件，联系我们。",
      website: "http://spam.example",
    });
    expect(res.status).toBe(201);
    const list = await api.get("/api/feedback?status=spam", office.admin);
    expect(list.body.items.map((f: { trackingCode: string }) => f.trackingCode)).toContain(res.body.trackingCode);
    expect((await api.get(`/api/public/feedback/${res.body.trackingCode}`)).body.status).toBe("received");
  });

  it("rejects bad input with 422 and writes nothing", async () => {
    const before = (await api.get("/api/feedback?limit=100", office.admin)).body.items.length;
    expect((await submit({ category: "praise", content: "内容足够长的一条反馈" })).status).toBe(422);
    expect((await submit({ category: "suggestion", content: "短" })).status).toBe(422);
    expect((await submit({ category: "suggestion", targetType: "notice", content: "缺少目标编号的反馈" })).status).toBe(
      422,
    );
    const unknown = await submit({
      category: "suggestion",
      targetType: "notice",
      targetId: "01a218bd-ee1b-7000-968e-f431a7adefef",
      content: "指向不存在公示的反馈",
    });
    expect(unknown.status).toBe(422);
    expect((await submit({ category: "suggestion", content: "x".repeat(3000) })).status).toBe(422);
    expect((await api.get("/api/feedback?limit=100", office.admin)).body.items.length).toBe(before);
  });
});

describe("correction requests", () => {
  it("link to the notice's result: the officer corrects it and replies in one step", async () => {
    const target = await publishNotice(api, office, { partyName: "丽水永康殡仪服务部" });
    const res = await submit({
      category: "correction",
      targetType: "notice",
      targetId: target.noticeId,
      content: "当事人名称应为“丽水永康殡仪服务中心”，请更正。",
    });
    const item = (await api.get("/api/feedback?category=correction", office.officer)).body.items.find(
      (f: { trackingCode: string }) => f.trackingCode === res.body.trackingCode,
    );
    expect(item.resultId).toBe(target.resultId);
    const resolved = await api.post(
      `/api/feedback/${item.id}/resolve-notice`,
      {
        action: "correct",
        reason: "根据群众反馈更正当事人名称",
        changes: { partyName: "丽水永康殡仪服务中心" },
        reply: "已更正，感谢监督。",
        public: true,
      },
      office.officer,
    );
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const verify = await api.get(`/api/public/verify/${target.verifyCode}`);
    expect(verify.body).toMatchObject({ status: "corrected", reason: "根据群众反馈更正当事人名称" });
    const successor = await api.get(`/api/public/notices/${verify.body.successorId}`);
    expect(successor.body.partyName).toBe("丽水永康殡仪服务中心");
    expect((await api.get(`/api/public/feedback/${res.body.trackingCode}`)).body.reply).toBe("已更正，感谢监督。");
  });

  it("shows a body's statistics once there are enough items", async () => {
    const stats = await api.get(`/api/public/feedback-stats?bodyId=${office.bodyId}`);
    expect(stats.body).toMatchObject({ enough: true, received: expect.any(Number), replied: 2, overdue: 0 });
    const few = await api.get(`/api/public/feedback-stats?bodyId=${other.bodyId}`);
    expect(few.body).toEqual({ bodyId: other.bodyId, enough: false, minimum: 2 });
  });
});

describe("evidence files from the notice page's form (证明材料)", () => {
  let target: Published;
  let itemId: string;
  let trackingCode: string;
  const form = (extra: Record<string, string> = {}) => ({
    targetType: "notice",
    targetId: target.noticeId,
    category: "correction",
    content: "公示的决定文书号与送达的决定书不一致，材料见附件。",
    correctionField: "decisionNo",
    correctionProposed: "丽民罚〔2026〕88号",
    ...extra,
  });
  const listed = async () => (await api.get("/api/feedback?limit=100", office.officer)).body.items.length as number;

  beforeAll(async () => {
    target = await publishNotice(api, office, { partyName: "丽水长安殡葬用品店" });
  });

  it("the notice's form sends files as multipart/form-data", async () => {
    const page = await (await fetch(`${platform.baseUrl}/notices/${target.noticeId}`)).text();
    expect(page).toMatch(
      /<form method="post" action="\/feedback" class="feedback-form"\s+enctype="multipart\/form-data">/,
    );
    expect(page).toMatch(/<input\s+id="fb-correctionFiles"\s+name="correctionFiles"\s+type="file"\s+multiple/);
  });

  it("keeps them for the body's staff, who download them; another body's officer and the public cannot", async () => {
    const sent = await postFeedbackForm(
      platform.baseUrl,
      form(),
      [
        { name: "决定书扫描件.pdf", bytes: EVIDENCE.pdf, type: "application/pdf" },
        // The browser's claim and the name do not matter: the bytes are a PNG.
        { name: "照片.jpg", bytes: EVIDENCE.png, type: "image/jpeg" },
      ],
      freshClient(),
    );
    expect(sent.status, await sent.clone().text()).toBe(303);
    trackingCode = trackingCodeOf(sent);
    const item = (await api.get("/api/feedback?category=correction", office.officer)).body.items.find(
      (f: { trackingCode: string }) => f.trackingCode === trackingCode,
    );
    itemId = item.id;
    expect(item.evidenceFiles).toEqual([
      {
        n: 1,
        name: "决定书扫描件.pdf",
        type: "application/pdf",
        size: EVIDENCE.pdf.length,
        sha256: sha256(EVIDENCE.pdf),
      },
      { n: 2, name: "照片.jpg", type: "image/png", size: EVIDENCE.png.length, sha256: sha256(EVIDENCE.png) },
    ]);
    expect(item.correction).toMatchObject({ field: "decisionNo", currentWhenProposed: target.decisionNo });

    const download = (n: number, token?: string) =>
      fetch(`${platform.baseUrl}/api/feedback/${itemId}/evidence/${n}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const pdf = await download(1, office.officer);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(/^attachment; filename="evidence-1\.pdf"/);
    expect(Buffer.from(await pdf.arrayBuffer()).equals(EVIDENCE.pdf)).toBe(true);
    const png = await download(2, office.admin);
    expect(png.headers.get("content-type")).toContain("image/png");
    expect(sha256(Buffer.from(await png.arrayBuffer()))).toBe(sha256(EVIDENCE.png));
    expect((await download(1)).status).toBe(401);
    expect((await download(1, other.officer)).status).toBe(404);
    expect((await download(3, office.officer)).status).toBe(404);
  });

  it("never appear in a public output: the tracking view and page, the reply beside the notice, the feed", async () => {
    const replied = await api.post(
      `/api/feedback/${itemId}/reply`,
      { reply: "已收到证明材料，正在核实决定文书号。", public: true },
      office.officer,
    );
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    const outputs = [
      JSON.stringify((await api.get(`/api/public/feedback/${trackingCode}`)).body),
      await (await fetch(`${platform.baseUrl}/feedback/${trackingCode}`)).text(),
      JSON.stringify((await api.get(`/api/public/replies?targetType=notice&targetId=${target.noticeId}`)).body),
      await (await fetch(`${platform.baseUrl}/notices/${target.noticeId}`)).text(),
    ];
    expect(outputs[2]).toContain("正在核实决定文书号");
    for (const text of outputs) {
      for (const secret of ["决定书扫描件", "照片.jpg", sha256(EVIDENCE.pdf), `/evidence/`, "丽民罚〔2026〕88号"]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it("refuses another type whatever its name, an oversized file and a fourth file, beside the field, writing nothing", async () => {
    const before = await listed();
    const refused = async (files: { name: string; bytes: Buffer }[], message: string) => {
      const res = await postFeedbackForm(
        platform.baseUrl,
        form({ content: `证明材料见附件（${message}）` }),
        files,
        freshClient(),
      );
      expect(res.status).toBe(422);
      const page = await res.text();
      expect(page).toContain('id="fb-correctionFiles-error"');
      expect(page).toContain(message);
      // The rest of the input is kept.
      expect(page).toContain("丽民罚〔2026〕88号");
    };
    await refused(
      [{ name: "决定书.pdf", bytes: Buffer.from("这是一个改了扩展名的文本文件") }],
      "第 1 个文件不是 PDF、JPEG 或 PNG 文件",
    );
    await refused(
      [
        { name: "a.png", bytes: EVIDENCE.png },
        { name: "b.gif", bytes: Buffer.from("GIF89a\x01\x00\x01\x00") },
      ],
      "第 2 个文件不是 PDF、JPEG 或 PNG 文件",
    );
    const large = Buffer.concat([EVIDENCE.pdf, Buffer.alloc(5 * 1024 * 1024 - EVIDENCE.pdf.length + 1)]);
    await refused([{ name: "全文.pdf", bytes: large }], "第 1 个证明材料文件超过 5 MB");
    await refused(
      Array.from({ length: 4 }, (_, i) => ({ name: `${i}.png`, bytes: EVIDENCE.png })),
      "证明材料最多上传 3 个文件",
    );
    // Files ride only on a correction request about a notice.
    const complaint = await postFeedbackForm(
      platform.baseUrl,
      form({ category: "complaint", correctionField: "", content: "执法态度不好，附照片。" }),
      [{ name: "a.png", bytes: EVIDENCE.png }],
      freshClient(),
    );
    expect(complaint.status).toBe(422);
    expect(await complaint.text()).toContain("证明材料只适用于对公示内容的纠错反馈");
    expect(await listed()).toBe(before);
  });

  it("go through the form only: the JSON API takes none", async () => {
    const res = await submit({
      category: "correction",
      targetType: "notice",
      targetId: target.noticeId,
      content: "通过接口提交的纠错，附带文件字段。",
      evidenceFiles: [{ name: "x.pdf", size: 10 }],
    });
    expect(res.status).toBe(201);
    const item = (await api.get("/api/feedback?category=correction", office.officer)).body.items.find(
      (f: { trackingCode: string }) => f.trackingCode === res.body.trackingCode,
    );
    expect(item.evidenceFiles).toEqual([]);
  });
});
