/**
 * The console's feedback pages, driven like a browser without JavaScript (plain forms, a cookie
 * jar): the queue and its filters, accept, a public reply, an empty reply refused beside its
 * field, spam after a confirmation page, and a correction request resolved by withdrawing the
 * notice; another body's officer gets 404. A field correction (a proposed 文书号 or date) shows
 * beside the notice's current value, and accepting it prefills the correction the officer confirms.
 * The queue marks such an item (and one with evidence files) without opening it; the item page
 * offers the evidence files to the body's staff only, and once the notice is withdrawn shows the
 * value it had when the proposal came, saying it is no longer published.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleBrowser } from "../support/console-browser.js";
import { EVIDENCE, postFeedbackForm, sha256, trackingCodeOf } from "../support/evidence.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;
let notice: Published;
const codes: Record<string, string> = {};
const ids: Record<string, string> = {};

const CORRECTION = "公示中的当事人名称写错了，请核实更正。";
const COMPLAINT = "执法人员上门检查时态度粗暴，特此投诉。";
const CONTACT = "lisi-contact@example.com";

let officer: ConsoleBrowser;

async function submit(body: Record<string, unknown>) {
  const res = await api.post("/api/public/feedback", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.trackingCode as string;
}

beforeAll(async () => {
  // Every submission here comes from one client address: room for all of them in the rate limit.
  platform = await startPlatform(undefined, { FEEDBACK_RATE_LIMIT: "20/600" });
  api = platform.api;
  office = await setUpOffice(api, "台州市民政局", "tz.officer");
  notice = await publishNotice(api, office, { partyName: "台州安康殡葬服务有限公司" });
  codes.correction = await submit({
    category: "correction",
    targetType: "notice",
    targetId: notice.noticeId,
    content: CORRECTION,
  });
  codes.complaint = await submit({
    category: "complaint",
    targetType: "notice",
    targetId: notice.noticeId,
    content: COMPLAINT,
    contact: CONTACT,
  });
  const listed = await api.get("/api/feedback", office.officer);
  for (const f of listed.body.items) ids[f.category] = f.id;
  officer = new ConsoleBrowser(platform.baseUrl);
  await officer.login("tz.officer", "pass-word-1");
});

afterAll(async () => {
  await platform?.stop();
});

describe("the queue", () => {
  it("lists the body's feedback, with due dates, and filters by category", async () => {
    const all = await officer.get("/console/feedback");
    expect(all.status).toBe(200);
    expect(all.text).toContain(CORRECTION);
    expect(all.text).toContain(COMPLAINT);
    expect(all.text).toContain("纠错（内容有误）");
    expect(all.text).toContain(`href="/console/feedback/${ids.correction}"`);
    const corrections = await officer.get("/console/feedback?category=correction");
    expect(corrections.text).toContain(CORRECTION);
    expect(corrections.text).not.toContain(COMPLAINT);
    const overdue = await officer.get("/console/feedback?overdue=1");
    expect(overdue.text).not.toContain(CORRECTION);
  });

  it("shows one item with its contact, trail and a link to the public page; another body gets 404", async () => {
    const page = await officer.get(`/console/feedback/${ids.complaint}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(CONTACT);
    expect(page.text).toContain(`href="/notices/${notice.noticeId}"`);
    expect(page.text).toContain("收到反馈");
    const stranger = new ConsoleBrowser(platform.baseUrl);
    await setUpOffice(api, "温州市民政局", "wz.officer");
    await stranger.login("wz.officer", "pass-word-1");
    expect((await stranger.get(`/console/feedback/${ids.complaint}`)).status).toBe(404);
    expect((await stranger.get("/console/feedback")).text).not.toContain(COMPLAINT);
    const forged = await officer.request("POST", `/console/feedback/${ids.complaint}/accept`, { _csrf: "forged" });
    expect(forged.status).toBe(403);
  });
});

describe("handling", () => {
  it("accepts, refuses an empty reply beside its field, and replies publicly", async () => {
    const accepted = await officer.post(`/console/feedback/${ids.correction}/accept`, {});
    expect(accepted.status, accepted.text).toBe(303);
    expect(accepted.location).toBe(`/console/feedback/${ids.correction}?ok=accepted`);

    const empty = await officer.post(`/console/feedback/${ids.correction}/reply`, { reply: "  ", public: "public" });
    expect(empty.status).toBe(422);
    expect(empty.text).toMatch(/id="f-reply-error"/);
    expect(empty.text).toMatch(/<textarea[^>]*id="f-reply"[^>]*aria-invalid="true"/);
    expect(empty.text).toMatch(/value="public"\s+checked/);

    const replied = await officer.post(`/console/feedback/${ids.correction}/reply`, {
      reply: "已收到，正在核实。",
      public: "public",
    });
    expect(replied.status, replied.text).toBe(303);
    const tracked = await api.get(`/api/public/feedback/${codes.correction}`);
    expect(tracked.body).toMatchObject({ status: "replied", reply: "已收到，正在核实。", replyPublic: true });
    const page = await officer.get(`/console/feedback/${ids.correction}?ok=replied`);
    expect(page.text).toContain("已答复。");
    expect(page.text).toContain("<strong>公开答复</strong>");
    // The refusal was answered on the item's own page (POST-redirect-GET).
    expect(empty.postedTo).toBe(`/console/feedback/${ids.correction}`);

    // The trail names people by their display name, not their username.
    const me = await api.get("/api/auth/me", office.officer);
    const renamed = await api.patch(`/api/users/${me.body.id}`, { displayName: "张建国" }, office.admin);
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const named = await officer.get(`/console/feedback/${ids.correction}`);
    expect(named.text).toMatch(/<strong>受理<\/strong> · 张建国 ·/);
    expect(named.text).not.toContain(" · tz.officer · ");
  });

  it("marks the complaint as spam only after confirming", async () => {
    const confirm = await officer.get(`/console/feedback/${ids.complaint}/spam`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain("确认标记为垃圾信息");
    const unconfirmed = await officer.post(`/console/feedback/${ids.complaint}/spam`, {});
    expect(unconfirmed.status).toBe(422);
    const marked = await officer.post(`/console/feedback/${ids.complaint}/spam`, { confirm: "yes" });
    expect(marked.status, marked.text).toBe(303);
    expect((await officer.get(`/console/feedback/${ids.complaint}`)).text).toContain("<dd>垃圾信息</dd>");
    expect((await officer.get("/console/feedback")).text).not.toContain(COMPLAINT);
    expect((await officer.get("/console/feedback?status=spam")).text).toContain(COMPLAINT);
  });

  it("resolves the correction request by withdrawing the notice and replying", async () => {
    const page = await officer.get(`/console/feedback/${ids.correction}`);
    expect(page.text).toContain("处理更正请求");
    expect(page.text).toMatch(new RegExp(`href="/console/results/${notice.resultId}/correct\\?feedback`));
    const fields = {
      reason: "当事人信息有误，撤下公示",
      resolveReply: "经核实，已撤下该公示。",
      resolvePublic: "public",
    };
    const unconfirmed = await officer.post(`/console/feedback/${ids.correction}/resolve`, fields);
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain('id="f-confirm-error"');
    const resolved = await officer.post(`/console/feedback/${ids.correction}/resolve`, { ...fields, confirm: "yes" });
    expect(resolved.status, resolved.text).toBe(303);
    expect(resolved.location).toBe(`/console/feedback/${ids.correction}?ok=resolved`);
    let status = "";
    for (let i = 0; i < 50 && status !== "withdrawn"; i++) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      status = (await api.get(`/api/public/notices/${notice.noticeId}`)).body.status;
    }
    expect(status).toBe("withdrawn");
    expect((await api.get(`/api/public/feedback/${codes.correction}`)).body.reply).toBe("经核实，已撤下该公示。");
    const after = await officer.get(`/console/feedback/${ids.correction}`);
    expect(after.text).toContain("该公示已不在公示中");
  });

  it("corrects the notice of a correction request and replies in the same step", async () => {
    const second = await publishNotice(api, office, { partyName: "台州永福寿衣店" });
    const code = await submit({
      category: "correction",
      targetType: "notice",
      targetId: second.noticeId,
      content: "当事人名称应为台州永福寿衣商店。",
    });
    const listed = await api.get("/api/feedback?category=correction", office.officer);
    const item = listed.body.items.find((f: { trackingCode: string }) => f.trackingCode === code);
    const path = `/console/results/${second.resultId}/correct`;
    const form = await officer.get(`${path}?feedback=${item.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="feedbackId"');
    const fields = {
      partyName: "台州永福寿衣商店",
      reason: "当事人名称有误",
      reply: "已更正当事人名称，感谢监督。",
      public: "true",
      confirm: "yes",
      feedbackId: item.id,
    };
    // The form's other fields, as the page filled them.
    const filled: Record<string, string> = {};
    for (const m of form.text.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*>/g)) {
      // A box not ticked is not sent (the first of the penalty categories is 警告: a warning-only
      // correction is refused).
      if (/type="(checkbox|radio)"/.test(m[0]) && !/\bchecked\b/.test(m[0])) continue;
      filled[m[1] as string] ??= (m[2] as string).replace(/&#61;/g, "=").replace(/&quot;/g, '"');
    }
    for (const m of form.text.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>\n?([^<]*)<\/textarea/g)) {
      filled[m[1] as string] ??= (m[2] as string).trim();
    }
    // A feedback item about another decision cannot ride along.
    const wrong = await officer.request("POST", path, { ...filled, ...fields, feedbackId: ids.complaint });
    // Answered on the form's page (POST-redirect-GET), which shows the refusal once.
    expect(wrong.status).toBe(303);
    expect(wrong.location).toBe(path);
    expect((await officer.get(path)).status).toBe(422);
    const res = await officer.request("POST", path, { ...filled, ...fields });
    expect(res.status, res.text.slice(0, 2000)).toBe(303);
    expect(res.location).toBe(`/console/feedback/${item.id}?ok=answered`);
    const tracked = await api.get(`/api/public/feedback/${code}`);
    expect(tracked.body.reply).toBe("已更正当事人名称，感谢监督。");
    const old = await api.get(`/api/public/notices/${second.noticeId}`);
    expect(old.body).toMatchObject({ status: "corrected", reason: "当事人名称有误" });
    const current = await api.get(`/api/public/notices/${old.body.successorId}`);
    expect(current.body.partyName).toBe("台州永福寿衣商店");
  });
});

/** The inputs and textareas of a console form, as the page filled them (boxes not ticked are not sent). */
function filledFields(page: string): Record<string, string> {
  const filled: Record<string, string> = {};
  for (const m of page.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*>/g)) {
    if (/type="(checkbox|radio)"/.test(m[0]) && !/\bchecked\b/.test(m[0])) continue;
    filled[m[1] as string] ??= (m[2] as string).replace(/&#61;/g, "=").replace(/&quot;/g, '"');
  }
  for (const m of page.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>\n?([^<]*)<\/textarea/g)) {
    filled[m[1] as string] ??= (m[2] as string).trim();
  }
  return filled;
}

describe("a field correction proposed by a citizen", () => {
  it("refuses a proposal outside a correction request on a notice, writing nothing", async () => {
    const before = (await api.get("/api/feedback", office.officer)).body.items.length;
    const res = await api.post("/api/public/feedback", {
      category: "complaint",
      targetType: "notice",
      targetId: notice.noticeId,
      content: "文书号不对，而且态度不好。",
      correction: { field: "decisionNo", proposed: "台民罚〔2026〕1号" },
    });
    expect(res.status).toBe(422);
    expect(res.body.data).toMatchObject([{ field: "correction", type: "CORRECTION_NOT_FOR_NOTICE" }]);
    const unknown = await api.post("/api/public/feedback", {
      category: "correction",
      targetType: "notice",
      targetId: notice.noticeId,
      content: "联系电话写错了。",
      correction: { field: "contact", proposed: "12345" },
    });
    expect(unknown.status).toBe(422);
    expect((await api.get("/api/feedback", office.officer)).body.items.length).toBe(before);
  });

  it("shows the current 文书号 beside the proposed one; accepting prefills the correction, which publishes it", async () => {
    const third = await publishNotice(api, office, { partyName: "台州长青陵园有限公司" });
    const proposed = `台民罚〔2026〕${Math.floor(Math.random() * 1e6)}号`;
    const code = await submit({
      category: "correction",
      targetType: "notice",
      targetId: third.noticeId,
      content: "公示的决定文书号与决定书上的不一致。",
      correction: { field: "decisionNo", proposed, evidence: "决定书第一页", evidenceUrl: "https://example.org/d.pdf" },
    });
    // The proposal is for the body's staff only.
    expect(JSON.stringify((await api.get(`/api/public/feedback/${code}`)).body)).not.toContain(proposed);
    const listed = await api.get("/api/feedback?category=correction", office.officer);
    const item = listed.body.items.find((f: { trackingCode: string }) => f.trackingCode === code);
    expect(item.correction).toMatchObject({ field: "decisionNo", label: "决定文书号", proposed });

    const page = await officer.get(`/console/feedback/${item.id}`);
    expect(page.status).toBe(200);
    const proposal = page.text.slice(page.text.indexOf('id="h-proposal"'));
    expect(proposal).toContain("决定文书号");
    expect(proposal).toContain(third.decisionNo);
    expect(proposal).toContain(proposed);
    expect(proposal).toContain("决定书第一页");
    expect(proposal).toContain('href="https://example.org/d.pdf"');
    expect(page.text).toContain("采纳建议");
    const links = page.text.replace(/&#61;/g, "=").replace(/&amp;/g, "&");
    expect(links).toContain(`/console/results/${third.resultId}/correct?feedback=${item.id}&accept=proposal`);

    const path = `/console/results/${third.resultId}/correct`;
    const form = await officer.get(`${path}?feedback=${item.id}&accept=proposal`);
    expect(form.status).toBe(200);
    const filled = filledFields(form.text);
    expect(filled).toMatchObject({ decisionNo: proposed, feedbackId: item.id });
    expect(filled.reason).toContain("决定文书号");
    expect(filled.reply).toContain("已予更正");
    // The officer still confirms (and chooses whether the reply is public).
    const res = await officer.request("POST", path, { ...filled, public: "false", confirm: "yes" });
    expect(res.status, res.text.slice(0, 2000)).toBe(303);
    expect(res.location).toBe(`/console/feedback/${item.id}?ok=answered`);

    const old = await api.get(`/api/public/notices/${third.noticeId}`);
    expect(old.body.status).toBe("corrected");
    const current = await api.get(`/api/public/notices/${old.body.successorId}`);
    expect(current.body.decisionNo).toBe(proposed);
    const tracked = await api.get(`/api/public/feedback/${code}`);
    expect(tracked.body).toMatchObject({ status: "replied", replyPublic: false });
  });

  it("comes from the notice page's form: the field by its label, the right value, the evidence", async () => {
    const fifth = await publishNotice(api, office, { partyName: "台州安息堂有限公司" });
    const post = (form: Record<string, string>) =>
      fetch(`${platform.baseUrl}/feedback`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: platform.baseUrl,
        },
        body: new URLSearchParams({ targetType: "notice", targetId: fifth.noticeId, ...form }).toString(),
        redirect: "manual",
      });
    const page = await (await fetch(`${platform.baseUrl}/notices/${fifth.noticeId}`)).text();
    expect(page).toMatch(/<option value="decisionNo"\s*>\s*决定文书号\s*<\/option>/);
    const form = {
      content: "公示的执法结论与决定书不一致。",
      correctionField: "conclusion",
      correctionProposed: "责令改正，罚款五千元。",
      correctionEvidence: "决定书第二页",
    };
    // A proposal rides only on a correction request: the form comes back with the error beside the field.
    const refused = await post({ ...form, category: "complaint" });
    expect(refused.status).toBe(422);
    const again = await refused.text();
    expect(again).toContain('id="fb-correctionField-error"');
    expect(again).toContain("责令改正，罚款五千元。");
    const sent = await post({ ...form, category: "correction" });
    expect(sent.status).toBe(303);
    const code = decodeURIComponent((sent.headers.get("location") as string).split("/").pop()?.split("?")[0] ?? "");
    const listed = await api.get("/api/feedback?category=correction", office.officer);
    const item = listed.body.items.find((f: { trackingCode: string }) => f.trackingCode === code);
    expect(item.correction).toEqual({
      field: "conclusion",
      label: "执法结论",
      proposed: "责令改正，罚款五千元。",
      evidence: "决定书第二页",
      // What the notice said when the proposal came.
      currentWhenProposed: "责令改正，并处罚款人民币5000元。",
    });
  });

  it("reads a proposed 决定日期 as people write it and prefills it as a date", async () => {
    const fourth = await publishNotice(api, office, { partyName: "台州福寿园有限公司", decidedOn: "2026-11-02" });
    const code = await submit({
      category: "correction",
      targetType: "notice",
      targetId: fourth.noticeId,
      content: "决定日期应为十一月一日。",
      correction: { field: "decidedOn", proposed: "2026年11月1日" },
    });
    const listed = await api.get("/api/feedback?category=correction", office.officer);
    const item = listed.body.items.find((f: { trackingCode: string }) => f.trackingCode === code);
    expect(item.correction).toMatchObject({ field: "decidedOn", proposed: "2026-11-01" });
    const page = await officer.get(`/console/feedback/${item.id}`);
    const proposal = page.text.slice(page.text.indexOf('id="h-proposal"'));
    expect(proposal).toContain("2026年11月2日");
    expect(proposal).toContain("2026年11月1日");
    const form = await officer.get(`/console/results/${fourth.resultId}/correct?feedback=${item.id}&accept=proposal`);
    expect(filledFields(form.text).decidedOn).toBe("2026-11-01");
  });
});

/** The item of a tracking code, as the body's officer lists it. */
async function itemOf(code: string) {
  const listed = await api.get("/api/feedback?category=correction&limit=100", office.officer);
  return listed.body.items.find((f: { trackingCode: string }) => f.trackingCode === code);
}

describe("what an officer sees of a proposal and its evidence", () => {
  let evidenceItem: { id: string };

  it("offers the evidence files from the item page, to the body's staff only", async () => {
    const target = await publishNotice(api, office, { partyName: "台州万年青陵园有限公司" });
    const sent = await postFeedbackForm(
      platform.baseUrl,
      {
        targetType: "notice",
        targetId: target.noticeId,
        category: "correction",
        content: "处罚内容与决定书不符，见附件。",
        correctionField: "penaltyContent",
        correctionProposed: "罚款三千元。",
      },
      [
        { name: "处罚决定书.pdf", bytes: EVIDENCE.pdf },
        { name: "现场.jpg", bytes: EVIDENCE.jpeg },
      ],
    );
    expect(sent.status, await sent.clone().text()).toBe(303);
    evidenceItem = await itemOf(trackingCodeOf(sent));
    const page = await officer.get(`/console/feedback/${evidenceItem.id}`);
    const evidence = page.text.slice(page.text.indexOf('id="h-evidence"'));
    expect(evidence).toContain(`<a href="/console/feedback/${evidenceItem.id}/evidence/1">处罚决定书.pdf</a>`);
    expect(evidence).toContain(`<a href="/console/feedback/${evidenceItem.id}/evidence/2">现场.jpg</a>`);
    expect(evidence).toContain(sha256(EVIDENCE.pdf));
    expect(evidence).toMatch(/JPEG/);

    const download = (who: ConsoleBrowser | undefined, n: number) =>
      fetch(`${platform.baseUrl}/console/feedback/${evidenceItem.id}/evidence/${n}`, {
        headers: who ? { cookie: [...who.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {},
        redirect: "manual",
      });
    const jpeg = await download(officer, 2);
    expect(jpeg.status).toBe(200);
    expect(jpeg.headers.get("content-type")).toBe("image/jpeg");
    expect(jpeg.headers.get("content-disposition")).toMatch(
      /^attachment; filename="evidence-2\.jpg"; filename\*=UTF-8''/,
    );
    expect(jpeg.headers.get("content-security-policy")).toContain("sandbox");
    expect(jpeg.headers.get("cache-control")).toBe("no-store");
    expect(Buffer.from(await jpeg.arrayBuffer()).equals(EVIDENCE.jpeg)).toBe(true);
    expect((await download(officer, 3)).status).toBe(404);
    expect((await download(undefined, 1)).status).toBe(303); // to the sign-in page
    await setUpOffice(api, "湖州市民政局", "huz.officer");
    const stranger = new ConsoleBrowser(platform.baseUrl);
    await stranger.login("huz.officer", "pass-word-1");
    expect((await download(stranger, 1)).status).toBe(404);
  });

  it("marks a field correction and evidence files in the queue, without opening the item", async () => {
    const queue = await officer.get("/console/feedback?category=correction");
    const row = (id: string) => {
      const at = queue.text.indexOf(`href="/console/feedback/${id}"`);
      return queue.text.slice(at, queue.text.indexOf("</tr>", at));
    };
    expect(row(evidenceItem.id)).toContain('<span class="badge">更正建议：处罚内容</span>');
    expect(row(evidenceItem.id)).toContain('<span class="badge">证明材料 2 份</span>');
    expect(row(ids.correction as string)).not.toContain("更正建议");
  });

  it("shows the value the notice had when the proposal came once it is withdrawn, and says so", async () => {
    const target = await publishNotice(api, office, { partyName: "台州松鹤殡仪服务部" });
    const code = await submit({
      category: "correction",
      targetType: "notice",
      targetId: target.noticeId,
      content: "文书号有误。",
      correction: { field: "decisionNo", proposed: "台民罚〔2026〕99号" },
    });
    const item = await itemOf(code);
    const live = await officer.get(`/console/feedback/${item.id}`);
    const before = live.text.slice(live.text.indexOf('id="h-proposal"'));
    expect(before).toContain("公示现值");
    expect(before).toContain(target.decisionNo);
    expect(before).not.toContain("已不再公示");

    const withdrawn = await api.post(
      `/api/results/${target.resultId}/withdraw`,
      { reason: "决定已撤销" },
      office.officer,
    );
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    let status = "";
    for (let i = 0; i < 50 && status !== "withdrawn"; i++) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      status = (await api.get(`/api/public/notices/${target.noticeId}`)).body.status;
    }
    expect(status).toBe("withdrawn");
    const page = await officer.get(`/console/feedback/${item.id}`);
    const after = page.text.slice(
      page.text.indexOf('id="h-proposal"'),
      page.text.indexOf("</section>", page.text.indexOf('id="h-proposal"')),
    );
    expect(after).toContain("已不再公示");
    expect(after).toContain("该公示已撤下");
    expect(after).toContain("公示值（提出建议时）");
    expect(after).toContain(target.decisionNo);
    expect(after).toContain("台民罚〔2026〕99号");
  });
});
