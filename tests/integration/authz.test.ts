/**
 * The authorization matrix: every protected route (every operation the OpenAPI document marks with
 * a bearer requirement) × {anonymous, admin, officer of the body, officer of another body,
 * reviewer of the body}. "ok" means the caller got past authorization (any answer but 401/403/404
 * and never a 5xx); the others are the exact status. Then the documents service's lists, 清理 view,
 * writes and comment moderation across bodies.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dirtyPng } from "../support/dirty-files.js";
import { EVIDENCE, postFeedbackForm, trackingCodeOf } from "../support/evidence.js";
import { creditCode, powerInput } from "../support/fixtures.js";
import { csv, penaltyRow } from "../support/import-files.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";
import { chinaToday } from "../../shared/dates.js";
import { addDays } from "../../shared/documents/days.js";

type Actor = "anonymous" | "admin" | "officer" | "otherOfficer" | "reviewer" | "intake";
type Expect = "ok" | 401 | 403 | 404;

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;
let reviewer: string;
let published: Published;
let caseId: string;
let feedbackId: string;
let requestId: string;
let remedyId: string;
let inspectionId: string;
let userId: string;
let documentId: string;
let consultationId: string;
let commentId: string;
let documentFileId: string;
let consultationFileId: string;
/** The body's registered 统一社会信用代码: an officer may change the body's other fields only. */
let officeCreditCode: string;
/** 双随机抽查: a pool of the office, its upload, a plan drawn from it and a declared conflict. */
let poolId: string;
let poolJobId: string;
let planId: string;
let conflictId: string;
let planEntity: string;
/** A dry-run import of the office (services/imports). */
let importId: string;
/** A draft pushed by the office's case system, and a key to revoke. */
let intakeDraftId: string;
let spareKeyId: string;

const tokens = {} as Record<Actor, string | undefined>;

interface Row {
  route: string;
  body?: () => unknown;
  /** Expected per actor; anonymous is always 401; the case system's API key (intake) 403 unless said. */
  expect: Omit<Record<Actor, Expect>, "anonymous" | "intake"> & { intake?: Expect };
}

const ALL_STAFF = { admin: "ok", officer: "ok", otherOfficer: "ok", reviewer: "ok" } as const;
/** Allowed for the body's staff; other bodies' officers are told it does not exist. */
const OWN_STAFF = { admin: "ok", officer: "ok", otherOfficer: 404, reviewer: "ok" } as const;
/** Written by the body's officers; other bodies' officers are told it does not exist; reviewers may not. */
const OWN_OFFICERS_HIDDEN = { admin: "ok", officer: "ok", otherOfficer: 404, reviewer: 403 } as const;
/** Written by the body's officers; other bodies' officers are refused (谁执法谁公示); reviewers may not. */
const OWN_OFFICERS = { admin: "ok", officer: "ok", otherOfficer: 403, reviewer: 403 } as const;
const ADMIN_ONLY = { admin: "ok", officer: 403, otherOfficer: 403, reviewer: 403 } as const;
/** Written by any body's officers for their own body; reviewers may not. */
const ANY_OFFICER = { admin: "ok", officer: "ok", otherOfficer: "ok", reviewer: 403 } as const;

/** A 行政处罚 decision's body. */
function decision(decisionNo: string) {
  return {
    decisionNo,
    decidedOn: "2026-11-02",
    kind: "行政处罚",
    conclusion: "罚款",
    basis: "依据",
    penalty: { categories: ["罚款"], content: "罚款", fineAmount: 100 },
  };
}

function rows(): Row[] {
  const body = () => ({ name: office.bodyName, creditCode: creditCode(), region: "浙江省" });
  return [
    { route: "GET /api/auth/me", expect: ALL_STAFF },
    { route: "GET /api/users", expect: ADMIN_ONLY },
    {
      route: "POST /api/users",
      body: () => ({
        username: `u${Date.now()}`,
        password: "pass-word-1",
        displayName: "x",
        role: "officer",
        bodyId: office.bodyId,
      }),
      expect: ADMIN_ONLY,
    },
    { route: `PATCH /api/users/${userId}`, body: () => ({ displayName: "改名" }), expect: ADMIN_ONLY },
    { route: "POST /api/bodies", body, expect: ADMIN_ONLY },
    {
      route: `PUT /api/bodies/${office.bodyId}`,
      body: () => ({ name: office.bodyName, creditCode: officeCreditCode, region: "浙江省" }),
      expect: OWN_OFFICERS,
    },
    {
      route: "POST /api/officers",
      body: () => ({ bodyId: office.bodyId, name: "新人", certificateNo: `C${Math.random()}`, fields: ["民政"] }),
      expect: OWN_OFFICERS,
    },
    {
      route: `PUT /api/officers/${office.officerIds[1]}`,
      body: () => ({ bodyId: office.bodyId, name: "乙执法员", certificateNo: `C${Math.random()}`, fields: ["民政"] }),
      expect: OWN_OFFICERS,
    },
    {
      route: `POST /api/officers/${office.officerIds[1]}/status`,
      body: () => ({ status: "active" }),
      expect: OWN_OFFICERS,
    },
    { route: "POST /api/powers", body: () => powerInput(office.bodyId, `AZ-${Math.random()}`), expect: OWN_OFFICERS },
    {
      route: `PUT /api/powers/${office.penaltyPowerId}`,
      body: () => powerInput(office.bodyId, `AZ-${Math.random()}`),
      expect: OWN_OFFICERS,
    },
    {
      route: "POST /api/inspections",
      body: () => ({
        bodyId: office.bodyId,
        project: "检查",
        subject: "主体",
        basis: "依据",
        method: "现场",
        content: "内容",
      }),
      expect: OWN_OFFICERS,
    },
    {
      route: `PUT /api/inspections/${inspectionId}`,
      body: () => ({
        bodyId: office.bodyId,
        project: "检查",
        subject: "主体",
        basis: "依据",
        method: "现场",
        content: "内容",
      }),
      expect: OWN_OFFICERS,
    },
    { route: "GET /api/cases", expect: ALL_STAFF },
    { route: `GET /api/cases/${caseId}`, expect: OWN_STAFF },
    {
      route: "POST /api/cases",
      body: () => ({
        bodyId: office.bodyId,
        powerId: office.penaltyPowerId,
        title: "授权测试案",
        officerIds: office.officerIds,
        facts: "事实",
        party: { type: "legal", name: "某公司", creditCode: creditCode() },
      }),
      expect: { admin: "ok", officer: "ok", otherOfficer: 403, reviewer: 403 },
    },
    {
      route: `POST /api/cases/${caseId}/transitions`,
      body: () => ({ to: "investigating" }),
      expect: OWN_OFFICERS_HIDDEN,
    },
    {
      route: `POST /api/cases/${caseId}/notes`,
      body: () => ({ note: "已电话联系当事人" }),
      expect: OWN_STAFF,
    },
    {
      route: `POST /api/cases/${caseId}/decision/preview`,
      body: () => decision("授权〔2026〕预览号"),
      expect: OWN_OFFICERS_HIDDEN,
    },
    {
      route: `POST /api/cases/${caseId}/review`,
      body: () => ({ approve: true, opinion: "同意" }),
      expect: { admin: 403, officer: 403, otherOfficer: 403, reviewer: "ok" },
    },
    {
      route: `POST /api/cases/${caseId}/decision`,
      body: () => decision(`授权〔2026〕${Math.random()}号`),
      expect: OWN_OFFICERS_HIDDEN,
    },
    { route: "GET /api/results", expect: ALL_STAFF },
    { route: `GET /api/results/${published.resultId}`, expect: OWN_STAFF },
    { route: `GET /api/results/${published.resultId}/preview`, expect: OWN_STAFF },
    { route: `GET /api/results/${published.resultId}/preview.pdf`, expect: OWN_STAFF },
    { route: `POST /api/results/${published.resultId}/publish`, body: () => ({}), expect: OWN_OFFICERS_HIDDEN },
    {
      route: `POST /api/results/${published.resultId}/correct`,
      body: () => ({ reason: "x" }),
      expect: OWN_OFFICERS_HIDDEN,
    },
    {
      route: `POST /api/results/${published.resultId}/withdraw`,
      body: () => ({ reason: "授权测试" }),
      expect: OWN_OFFICERS_HIDDEN,
    },
    { route: "GET /api/calendar", expect: ALL_STAFF },
    { route: "PUT /api/calendar/2031", body: () => ({ holidays: ["2031-01-01"], workdays: [] }), expect: ADMIN_ONLY },
    { route: "GET /api/rules", expect: ALL_STAFF },
    { route: "PUT /api/rules", body: () => ({}), expect: ADMIN_ONLY },
    { route: "POST /api/feed/rebuild", body: () => ({}), expect: ADMIN_ONLY },
    { route: "POST /api/bulk/run", body: () => ({}), expect: ADMIN_ONLY },
    ...documentRows(),
    ...reportRows(),
    ...inspectionRows(),
    ...importRows(),
    ...intakeRows(),
    { route: "GET /api/feedback", expect: ALL_STAFF },
    { route: `GET /api/feedback/${feedbackId}`, expect: OWN_STAFF },
    { route: `GET /api/feedback/${feedbackId}/evidence/1`, expect: OWN_STAFF },
    { route: `POST /api/feedback/${feedbackId}/accept`, body: () => ({}), expect: OWN_OFFICERS_HIDDEN },
    {
      route: `POST /api/feedback/${feedbackId}/reply`,
      body: () => ({ reply: "答复", public: false }),
      expect: OWN_OFFICERS_HIDDEN,
    },
    { route: `POST /api/feedback/${feedbackId}/close`, body: () => ({}), expect: OWN_OFFICERS_HIDDEN },
    { route: `POST /api/feedback/${feedbackId}/spam`, body: () => ({}), expect: OWN_OFFICERS_HIDDEN },
    {
      route: `POST /api/feedback/${feedbackId}/resolve-notice`,
      body: () => ({ action: "withdraw", reason: "x", reply: "y", public: false }),
      expect: OWN_OFFICERS_HIDDEN,
    },
    { route: "GET /api/requests", expect: OWN_WRITERS_LIST },
    { route: "POST /api/requests", body: () => registration(office.bodyId), expect: OWN_OFFICERS },
    { route: `GET /api/requests/${requestId}`, expect: OWN_OFFICERS_HIDDEN },
    // The file is the raw body; a JSON body reaches the service empty (422): past authorization.
    { route: `POST /api/requests/${requestId}/attachments`, expect: OWN_OFFICERS_HIDDEN },
    { route: `GET /api/requests/${requestId}/attachments/1`, expect: OWN_OFFICERS_HIDDEN },
    ...REQUEST_STEPS.map(([step, body]) => ({
      route: `POST /api/requests/${requestId}/${step}`,
      body,
      expect: OWN_OFFICERS_HIDDEN,
    })),
    {
      route: `POST /api/requests/${requestId}/remedies/${remedyId}`,
      body: () => ({ outcome: "pending" }),
      expect: OWN_OFFICERS_HIDDEN,
    },
    { route: "GET /api/request-audit", expect: ADMIN_ONLY },
    { route: "GET /api/request-tasks", expect: OWN_WRITERS_LIST },
    // No such task: staff who may close tasks learn only that (404); reviewers may not (403).
    {
      route: `POST /api/request-tasks/${NO_TASK}/done`,
      body: () => ({ note: "已主动公开" }),
      expect: { admin: 404, officer: 404, otherOfficer: 404, reviewer: 403 },
    },
  ];
}

const NO_TASK = "0190d1a0-0000-7000-8000-000000000000";

/** API keys (administrators) and intake from case systems: the key pushes; the body's staff finish drafts. */
function intakeRows(): Row[] {
  const draft = `/api/intake/drafts/${intakeDraftId}`;
  return [
    { route: "GET /api/api-keys", expect: ADMIN_ONLY },
    { route: "POST /api/api-keys", body: () => ({ bodyId: office.bodyId, name: "矩阵" }), expect: ADMIN_ONLY },
    { route: `DELETE /api/api-keys/${spareKeyId}`, expect: ADMIN_ONLY },
    { route: "GET /api/api-keys/audit", expect: ADMIN_ONLY },
    {
      route: `PUT /api/intake/decisions/${encodeURIComponent("矩阵〔2026〕推送号")}`,
      body: () => ({ basis: "依据" }),
      expect: { admin: 403, officer: 403, otherOfficer: 403, reviewer: 403, intake: "ok" },
    },
    { route: "GET /api/intake/drafts", expect: ALL_STAFF },
    { route: `GET ${draft}`, expect: OWN_STAFF },
    { route: `PATCH ${draft}`, body: () => ({ basis: "依据" }), expect: OWN_OFFICERS_HIDDEN },
    // Incomplete: 422, past authorization.
    { route: `POST ${draft}/submit`, body: () => ({}), expect: OWN_OFFICERS_HIDDEN },
  ];
}

/**
 * Annual reports (services/reports): any officer counts, writes and publishes their own body's
 * (an admin names the body: 422 without); staff read. The year 2031 is not over: publishing is 409.
 */
function reportRows(): Row[] {
  const report = "/api/reports/gov-info/2031";
  return [
    { route: "GET /api/reports", expect: ALL_STAFF },
    { route: `POST ${report}`, body: () => ({}), expect: ANY_OFFICER },
    { route: `GET ${report}`, expect: ALL_STAFF },
    { route: `PUT ${report}`, body: () => ({ narrative: { overview: "总体情况" } }), expect: ANY_OFFICER },
    { route: `POST ${report}/publish`, body: () => ({}), expect: ANY_OFFICER },
  ];
}

/** The body's staff read; other bodies' officers are refused (谁执法谁公示). */
const OWN_STAFF_REFUSED = { admin: "ok", officer: "ok", otherOfficer: 403, reviewer: "ok" } as const;

/**
 * 双随机抽查 (services/inspections): officers write their own body's pools, conflicts and plans (an
 * admin names the body: 422 without); staff read; other bodies' officers are refused.
 */
function inspectionRows(): Row[] {
  return [
    { route: "POST /api/pools", body: () => ({ name: `名录${Math.random()}` }), expect: ANY_OFFICER },
    { route: "GET /api/pools", expect: ALL_STAFF },
    { route: `GET /api/pools/${poolId}`, expect: OWN_STAFF_REFUSED },
    // The list is the raw body ("{}" here: refused as a list without its columns, past authorization).
    { route: `POST /api/pools/${poolId}/uploads`, expect: OWN_OFFICERS },
    { route: `GET /api/pools/uploads/${poolJobId}`, expect: OWN_STAFF_REFUSED },
    { route: `GET /api/pools/uploads/${poolJobId}/errors.csv`, expect: OWN_STAFF_REFUSED },
    {
      route: "POST /api/inspection-conflicts",
      body: () => ({ officerId: office.officerIds[1], creditCode: creditCode(), reason: "亲属" }),
      expect: OWN_OFFICERS,
    },
    { route: "GET /api/inspection-conflicts", expect: ALL_STAFF },
    { route: `DELETE /api/inspection-conflicts/${conflictId}`, expect: OWN_OFFICERS },
    { route: "POST /api/inspection-plans", body: () => ({}), expect: ANY_OFFICER },
    { route: "GET /api/inspection-plans", expect: ALL_STAFF },
    { route: `GET /api/inspection-plans/${planId}`, expect: OWN_STAFF_REFUSED },
    { route: `POST /api/inspection-plans/${planId}/draw`, body: () => ({}), expect: OWN_OFFICERS },
    // Not drawn yet: the body's officers get 409, past authorization.
    {
      route: `PUT /api/inspection-plans/${planId}/results/${planEntity}`,
      body: () => ({ outcome: "未发现问题", inspectedOn: "2027-01-04" }),
      expect: OWN_OFFICERS,
    },
  ];
}

/**
 * Bulk imports (services/imports): officers import into their own body (an admin names it: 422
 * without); another body's officer is told a job does not exist; reviewers may not.
 */
function importRows(): Row[] {
  return [
    // The file is the raw body ("{}" here: refused as no known column set, past authorization).
    { route: "POST /api/imports?dryRun=true", expect: ANY_OFFICER },
    { route: "GET /api/imports", expect: ANY_OFFICER },
    { route: `GET /api/imports/${importId}`, expect: OWN_OFFICERS_HIDDEN },
    { route: `GET /api/imports/${importId}/rows`, expect: OWN_OFFICERS_HIDDEN },
    { route: `GET /api/imports/${importId}/errors.csv`, expect: OWN_OFFICERS_HIDDEN },
  ];
}

/** 规范性文件 and consultations (services/documents). */
function documentRows(): Row[] {
  const today = chinaToday();
  const doc = `/api/documents/${documentId}`;
  const consultation = `/api/consultations/${consultationId}`;
  return [
    { route: "POST /api/documents", body: () => documentInput(), expect: ANY_OFFICER },
    { route: "GET /api/documents", expect: ALL_STAFF },
    { route: `GET ${doc}`, expect: OWN_STAFF },
    { route: `PATCH ${doc}`, body: () => ({ legalBasis: "《条例》" }), expect: OWN_OFFICERS_HIDDEN },
    {
      route: `POST ${doc}/interpretation`,
      body: () => ({ text: "解读", draftingUnit: "处室", interpreter: "某人" }),
      expect: OWN_OFFICERS_HIDDEN,
    },
    { route: `POST ${doc}/publish`, body: () => ({}), expect: OWN_OFFICERS_HIDDEN },
    { route: `POST ${doc}/repeal`, body: () => ({ on: today, reason: "理由" }), expect: OWN_OFFICERS_HIDDEN },
    { route: `POST ${doc}/amend`, body: () => ({ on: today, amendedBy: documentId }), expect: OWN_OFFICERS_HIDDEN },
    { route: `POST ${doc}/review`, body: () => ({ on: today }), expect: OWN_OFFICERS_HIDDEN },
    { route: `PUT ${doc}/basis`, body: () => ({ repealed: false }), expect: OWN_OFFICERS_HIDDEN },
    // The file is the raw body ("{}" here: refused as no accepted type, past authorization).
    { route: `POST ${doc}/files?purpose=attachment&name=x.pdf`, expect: OWN_OFFICERS_HIDDEN },
    { route: `GET ${doc}/files/${documentFileId}`, expect: OWN_STAFF },
    { route: "GET /api/documents-cleanup", expect: ALL_STAFF },
    // 政府信息公开指南: the body's own staff read it, its officers write it; other bodies are refused.
    {
      route: `GET /api/openness-guides/${office.bodyId}`,
      expect: { admin: "ok", officer: "ok", otherOfficer: 403, reviewer: "ok" },
    },
    {
      route: `PUT /api/openness-guides/${office.bodyId}`,
      body: () => ({ text: "政府信息公开指南" }),
      expect: OWN_OFFICERS,
    },
    { route: "POST /api/consultations", body: () => consultationInput(), expect: ANY_OFFICER },
    { route: "GET /api/consultations", expect: ALL_STAFF },
    { route: `GET ${consultation}`, expect: OWN_STAFF },
    {
      route: `POST ${consultation}/hearing`,
      body: () => ({ heldOn: "2099-01-05", place: "会议室", participants: ["甲"] }),
      expect: OWN_OFFICERS_HIDDEN,
    },
    {
      route: `POST ${consultation}/adoption`,
      body: () => ({ received: 1, adopted: 1, notAdopted: [] }),
      expect: OWN_OFFICERS_HIDDEN,
    },
    { route: `POST ${consultation}/files?name=x.pdf`, expect: OWN_OFFICERS_HIDDEN },
    { route: `GET ${consultation}/files/${consultationFileId}`, expect: OWN_STAFF },
    {
      route: `POST ${consultation}/comments/${commentId}/moderation`,
      body: () => ({ decision: "publish" }),
      expect: OWN_OFFICERS_HIDDEN,
    },
  ];
}

let docSerial = 0;
function documentInput() {
  docSerial += 1;
  return {
    title: "关于矩阵测试的通知",
    docNumber: `台民发〔2026〕${docSerial}号`,
    signedOn: "2026-01-05",
    text: "正文",
    legalBasis: "《条例》",
  };
}

function consultationInput() {
  return {
    title: "征求意见",
    kind: "major_decision",
    draftText: "草案",
    explanation: "起草说明",
    basis: "依据",
    opensOn: chinaToday(),
    closesOn: "2099-12-31",
  };
}

/** Officers and admins read their queue (admins every body's); reviewers do not handle requests. */
const OWN_WRITERS_LIST = { admin: "ok", officer: "ok", otherOfficer: "ok", reviewer: 403 } as const;

/** Each step of a request with a body it accepts (or refuses by the law, 409/422: past authorization). */
const REQUEST_STEPS: [string, () => unknown][] = [
  ["confirm", () => ({})],
  ["correction", () => ({ what: "请写明文号", dueOn: "2026-12-31" })],
  ["correction-received", () => ({})],
  ["extend", () => ({ days: 5, approvedBy: "主任", reason: "复杂" })],
  ["pause", () => ({ type: "agency" })],
  ["resume", () => ({})],
  ["answer", () => ({ type: "disclosed", text: "予以公开" })],
  ["fee-notice", () => ({ standard: "pages", quantity: 40 })],
  ["fee-paid", () => ({})],
  ["archive", () => ({})],
  ["remedies", () => ({ kind: "lawsuit", filedOn: "2026-11-02", outcome: "pending" })],
  ["remedy", () => ({ kind: "lawsuit", outcome: "尚未审结" })],
  ["identity", () => ({ reason: "核对申请人身份" })],
  ["letter", () => ({})],
  ["same-as", () => ({ otherId: requestId })],
];

function registration(bodyId: string) {
  return {
    bodyId,
    applicant: { kind: "business", name: "某某科技有限公司", creditCode: creditCode() },
    contact: { phone: "0576-88001234" },
    description: "请公开某项目的环评批复",
    form: "paper",
    delivery: "post",
    channel: "post",
    receivedOn: "2026-11-02",
  };
}

beforeAll(async () => {
  platform = await startPlatform([
    "gateway",
    "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  api = platform.api;
  office = await setUpOffice(api, "台州市民政局", "tz.officer");
  other = await setUpOffice(api, "绍兴市民政局", "sx.officer");
  officeCreditCode = (await api.get(`/api/public/bodies/${office.bodyId}`)).body.creditCode;
  const created = await api.post(
    "/api/users",
    {
      username: "tz.reviewer",
      password: "pass-word-1",
      displayName: "审核员",
      role: "reviewer",
      bodyId: office.bodyId,
    },
    office.admin,
  );
  userId = created.body.id;
  reviewer = await api.login("tz.reviewer", "pass-word-1");
  const key = await api.post("/api/api-keys", { bodyId: office.bodyId, name: "矩阵办案系统" }, office.admin);
  spareKeyId = (await api.post("/api/api-keys", { bodyId: office.bodyId, name: "备用" }, office.admin)).body.id;
  const pushed = await api.put(`/api/intake/decisions/${encodeURIComponent("矩阵〔2026〕1号")}`, {}, key.body.key);
  expect(pushed.status, JSON.stringify(pushed.body)).toBe(201);
  intakeDraftId = pushed.body.id;
  Object.assign(tokens, {
    intake: key.body.key,
    anonymous: undefined,
    admin: office.admin,
    officer: office.officer,
    otherOfficer: other.officer,
    reviewer,
  });
  published = await publishNotice(api, office);
  const c = await api.post(
    "/api/cases",
    {
      bodyId: office.bodyId,
      powerId: office.penaltyPowerId,
      title: "矩阵案",
      officerIds: office.officerIds,
      facts: "事实",
      party: { type: "legal", name: "某公司", creditCode: creditCode() },
    },
    office.officer,
  );
  caseId = c.body.id;
  inspectionId = (
    await api.post(
      "/api/inspections",
      { bodyId: office.bodyId, project: "检查", subject: "主体", basis: "依据", method: "现场", content: "内容" },
      office.officer,
    )
  ).body.id;
  // Through the notice page's form, with an evidence file (files come only that way).
  const fb = await postFeedbackForm(
    platform.baseUrl,
    { category: "correction", targetType: "notice", targetId: published.noticeId, content: "矩阵测试用的纠错反馈" },
    [{ name: "证明.png", bytes: EVIDENCE.png }],
  );
  expect(fb.status).toBe(303);
  documentId = (await api.post("/api/documents", documentInput(), office.officer)).body.id;
  consultationId = (await api.post("/api/consultations", consultationInput(), office.officer)).body.id;
  commentId = (await api.post(`/api/public/consultations/${consultationId}/comments`, { content: "矩阵意见" })).body.id;
  const file = (path: string) =>
    api.request("POST", path, { raw: dirtyPng(), contentType: "application/octet-stream", token: office.officer });
  documentFileId = (await file(`/api/documents/${documentId}/files?purpose=graphic&name=g.png`)).body.id;
  consultationFileId = (await file(`/api/consultations/${consultationId}/files?name=p.png`)).body.id;
  feedbackId = (await api.get("/api/feedback", office.officer)).body.items.find(
    (f: { trackingCode: string }) => f.trackingCode === trackingCodeOf(fb),
  ).id;
  requestId = (await api.post("/api/requests", registration(office.bodyId), office.officer)).body.id;
  const attached = await api.request("POST", `/api/requests/${requestId}/attachments?name=scan.png`, {
    raw: dirtyPng(),
    contentType: "application/octet-stream",
    token: office.officer,
  });
  expect(attached.status).toBe(201);
  const remedy = await api.post(
    `/api/requests/${requestId}/remedies`,
    { kind: "reconsideration", filedOn: "2026-11-20", outcome: "pending" },
    office.officer,
  );
  remedyId = remedy.body.remedies[0].id;
  const dryRun = await api.request("POST", "/api/imports?dryRun=true", {
    raw: csv([penaltyRow("矩阵罚字〔2026〕1号")]),
    contentType: "text/csv",
    token: office.officer,
  });
  expect(dryRun.status, JSON.stringify(dryRun.body)).toBe(202);
  importId = dryRun.body.id;
  poolId = (await api.post("/api/pools", { name: "矩阵名录" }, office.officer)).body.id;
  const codes = [creditCode(), creditCode(), creditCode()];
  planEntity = codes[1] as string;
  poolJobId = (
    await api.request("POST", `/api/pools/${poolId}/uploads`, {
      raw: ["名称,统一社会信用代码", ...codes.map((c, i) => `公司${i},${c}`)].join("\n"),
      contentType: "text/csv",
      token: office.officer,
    })
  ).body.id;
  for (let i = 0; (await api.get(`/api/pools/uploads/${poolJobId}`, office.officer)).body.status !== "done"; i++) {
    if (i > 100) throw new Error("the pool upload never finished");
    await new Promise((r) => setTimeout(r, 100));
  }
  const plan = await api.post(
    "/api/inspection-plans",
    {
      title: "矩阵抽查",
      inspectionItemId: inspectionId,
      poolId,
      size: 1,
      officerField: "综合执法",
      drawAt: new Date(Date.now() + 3_600_000).toISOString(),
      inspectBy: "2099-12-31",
    },
    office.officer,
  );
  expect(plan.status, JSON.stringify(plan.body)).toBe(201);
  planId = plan.body.id;
  conflictId = (
    await api.post(
      "/api/inspection-conflicts",
      { officerId: office.officerIds[0], creditCode: codes[0], reason: "亲属" },
      office.officer,
    )
  ).body.id;
});

afterAll(async () => {
  await platform?.stop();
});

describe("the authorization matrix", () => {
  it("covers every protected route of the OpenAPI document", async () => {
    const doc = (await api.get("/api/openapi.json")).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const protectedRoutes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    // Ids, the calendar's year and an evidence file's number stand for a path parameter.
    const covered = new Set(
      rows().map((r) =>
        r.route
          .replace(
            /\/[0-9a-f-]{36}|\/2031|\/gov-info(?=\/)|(?<=\/(?:evidence|attachments))\/\d+|(?<=\/results)\/[0-9A-Z]{18}|(?<=\/intake\/decisions)\/[^/?]+/g,
            "/{x}",
          )
          .replace(/\?.*$/, ""),
      ),
    );
    const expected = protectedRoutes.map((r) => r.replace(/\{[^}]+\}/g, "{x}"));
    expect(expected.filter((r) => !covered.has(r))).toEqual([]);
  });

  it("has a row for every staff route the documents service declares (its `rest:` lines)", () => {
    const source = fs.readFileSync(
      path.resolve(import.meta.dirname, "../../services/documents/documents.service.ts"),
      "utf8",
    );
    const declared = [...source.matchAll(/rest: "(GET|POST|PUT|PATCH|DELETE) (\/[^"]*)"/g)]
      .filter(([, , route]) => !route?.startsWith("/public/"))
      .map(([, method, route]) => `${method} /api${route?.replace(/:\w+/g, "{x}")}`);
    expect(declared.length).toBeGreaterThanOrEqual(17);
    const covered = new Set(rows().map((r) => r.route.replace(/\/[0-9a-f-]{36}/g, "/{x}")));
    expect(declared.filter((r) => !covered.has(r))).toEqual([]);
  });

  it("serves the transparency log to anyone: no security in the document, 200 without a token", async () => {
    const doc = (await api.get("/api/openapi.json")).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const tlogRoutes = Object.entries(doc.paths).filter(([path]) => path.startsWith("/api/public/tlog/"));
    expect(tlogRoutes.map(([path]) => path).sort()).toEqual([
      "/api/public/tlog/checkpoint",
      "/api/public/tlog/key",
      "/api/public/tlog/proof/consistency",
      "/api/public/tlog/proof/inclusion",
      "/api/public/tlog/tile/{path}",
    ]);
    expect(tlogRoutes.flatMap(([, ops]) => Object.values(ops)).filter((op) => op.security)).toEqual([]);
    // Verifying the published notice logs it (if the log's timer has not yet): the tree has an entry.
    expect((await api.get(`/api/public/verify/${published.verifyCode}`)).body.log).not.toBeNull();
    for (const url of [
      "/api/public/tlog/checkpoint",
      "/api/public/tlog/key",
      "/api/public/tlog/proof/inclusion?index=0&size=1",
      "/api/public/tlog/proof/consistency?old=0&new=1",
      "/api/public/tlog/tile/0/000.p/1",
      "/api/public/tlog/tile/entries/000.p/1",
    ]) {
      for (const actor of ["anonymous", "admin", "reviewer"] as Actor[]) {
        expect((await api.request("GET", url, { token: tokens[actor] })).status, `${url} as ${actor}`).toBe(200);
      }
    }
  });

  it("lets no staff role reach a subscriber: only the subscription's own token opens it", async () => {
    const doc = (await api.get("/api/openapi.json")).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const routes = Object.entries(doc.paths).filter(([path]) => path.includes("/subscriptions"));
    expect(routes.length).toBeGreaterThan(0);
    // No staff route lists or reads subscriptions: every one is public and needs the subscriber's token.
    expect(routes.every(([path]) => path.startsWith("/api/public/subscriptions"))).toBe(true);
    expect(routes.flatMap(([, ops]) => Object.values(ops)).filter((op) => op.security)).toEqual([]);
    const sub = await api.post("/api/public/subscriptions", { channel: "atom", filter: { bodyId: office.bodyId } });
    expect(sub.status).toBe(201);
    const wrong = "w".repeat(32);
    for (const actor of ["anonymous", "admin", "officer", "reviewer"] as Actor[]) {
      const token = tokens[actor];
      const as = (method: string, url: string) =>
        api.request(method, url, { token, ...(method === "GET" ? {} : { body: {} }) });
      const id = sub.body.id as string;
      for (const [method, url] of [
        ["GET", `/api/public/subscriptions/${id}?token=${wrong}`],
        ["DELETE", `/api/public/subscriptions/${id}?token=${wrong}`],
        ["POST", `/api/public/subscriptions/${id}/replay?token=${wrong}&since=2026-01-01T00:00:00Z`],
        ["GET", `/api/public/subscriptions/${id}/atom?token=${wrong}`],
      ] as const) {
        expect((await as(method, url)).status, `${method} ${url} as ${actor}`).toBe(404);
      }
      expect((await as("GET", `/api/public/subscriptions/${id}`)).status, actor).toBe(422);
    }
    expect((await api.get(`/api/public/subscriptions/${sub.body.id}?token=${sub.body.manageToken}`)).status).toBe(200);
  });

  it("answers each actor on each protected route as expected", async () => {
    const mismatches: string[] = [];
    for (const row of rows()) {
      const [method, url] = row.route.split(" ") as [string, string];
      const expectations: Record<Actor, Expect> = { anonymous: 401, intake: 403, ...row.expect };
      for (const actor of Object.keys(expectations) as Actor[]) {
        const res = await api.request(method, url, {
          body: row.body?.() ?? (method === "GET" ? undefined : {}),
          token: tokens[actor],
        });
        const want = expectations[actor];
        const ok = want === "ok" ? ![401, 403, 404].includes(res.status) && res.status < 500 : res.status === want;
        if (!ok)
          mismatches.push(
            `${row.route} as ${actor}: expected ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("documents and consultations of another body", () => {
  const ids = (res: { body: { items?: { id: string }[] } }) => (res.body.items ?? []).map((i) => i.id);

  it("never appear in another body's lists or 清理 view, whatever body the query names", async () => {
    const today = chinaToday();
    const d = await api.post(
      "/api/documents",
      {
        ...documentInput(),
        policy: false,
        signedOn: today,
        publishedOn: today,
        effectiveFrom: today,
        // expiring within 180 days: on the 清理 view
        validUntil: addDays(today, 100),
      },
      office.officer,
    );
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect((await api.post(`/api/documents/${d.body.id}/publish`, {}, office.officer)).status).toBe(200);
    const c = await api.post("/api/consultations", consultationInput(), office.officer);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const views: [string, string][] = [
      [`/api/documents?bodyId=${office.bodyId}&limit=100`, d.body.id],
      [`/api/documents-cleanup?bodyId=${office.bodyId}`, d.body.id],
      [`/api/consultations?bodyId=${office.bodyId}&limit=100`, c.body.id],
    ];
    for (const [url, id] of views) {
      const foreign = await api.get(url, other.officer);
      expect(foreign.status, url).toBe(200);
      expect(ids(foreign), `${url} as another body's officer`).not.toContain(id);
      for (const actor of ["officer", "reviewer", "admin"] as const) {
        const own = await api.get(url, tokens[actor]);
        expect(own.status, `${url} as ${actor}`).toBe(200);
        expect(ids(own), `${url} as ${actor}`).toContain(id);
      }
    }
  });

  it("are written for the officer's own body even when another body is named", async () => {
    const d = await api.post("/api/documents", { ...documentInput(), bodyId: office.bodyId }, other.officer);
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect(d.body.bodyId).toBe(other.bodyId);
    expect((await api.get(`/api/documents/${d.body.id}`, office.officer)).status).toBe(404);
    const c = await api.post("/api/consultations", { ...consultationInput(), bodyId: office.bodyId }, other.officer);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.bodyId).toBe(other.bodyId);
    expect((await api.get(`/api/consultations/${c.body.id}`, office.officer)).status).toBe(404);
  });

  it("keep their comments: one body's comment is not moderated through another body's consultation", async () => {
    const own = (await api.post("/api/consultations", consultationInput(), other.officer)).body.id as string;
    const sent = await api.post(`/api/public/consultations/${consultationId}/comments`, { content: "另一条矩阵意见" });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const crossed = await api.post(
      `/api/consultations/${own}/comments/${sent.body.id}/moderation`,
      { decision: "publish" },
      other.officer,
    );
    expect(crossed.status).toBe(404);
    const staff = await api.get(`/api/consultations/${consultationId}`, office.officer);
    expect(staff.body.comments.find((m: { id: string }) => m.id === sent.body.id)).toMatchObject({
      status: "received",
    });
  });
});
