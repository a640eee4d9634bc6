/**
 * The portal's 规范性文件 and 预公开 pages in the shapes worth checking (the register, a document in
 * force with its 解读, a repealed one under its banner, the consultations, one open with the comment
 * form and its errors, one closed with its adoption report), shaped like the feed's answers.
 */
import type { PublicConsultationDetail, PublicDocumentDetail } from "../../services/feed/contract.js";
import { consultationPage, consultationsPage } from "../../web/portal/consultations.js";
import { documentPage, documentsPage } from "../../web/portal/documents.js";

const BASE = "https://gs.example.gov.cn";
const BODY_ID = "01a218bd-ee1b-7000-968e-f431a7adefef";
const DOC_ID = "01a218bd-ee1b-7000-968e-f431a7adef01";
const NEW_ID = "01a218bd-ee1b-7000-968e-f431a7adef02";
const CONSULTATION_ID = "01a218bd-ee1b-7000-968e-f431a7adef03";

function documentDetail(extra: Partial<PublicDocumentDetail> = {}): PublicDocumentDetail {
  return {
    id: DOC_ID,
    bodyId: BODY_ID,
    bodyName: "汕头市民政局",
    title: "关于规范养老服务的通知",
    docNumber: "汕民发〔2026〕3号",
    registrationNo: "STMZ01-2026-0003",
    signedOn: "2026-03-01",
    publishedOn: "2026-03-05",
    publishedAt: "2026-03-05T02:00:00.000Z",
    effectiveFrom: "2026-04-04",
    validUntil: "2031-04-03",
    validityBasis: "有效期 5 年",
    text: "各区县民政局：\n为规范养老服务，现通知如下。",
    legalBasis: "《养老机构管理办法》",
    consultationId: CONSULTATION_ID,
    disclosureRule: false,
    category: null,
    events: [],
    interpretations: [
      {
        id: "01a218bd-ee1b-7000-968e-f431a7adef04",
        timing: "simultaneous",
        timingLabel: "同步解读",
        text: "一、制定背景……",
        qa: [{ question: "何时施行？", answer: "2026年4月4日起施行。" }],
        graphics: [
          {
            fileId: "01a218bd-ee1b-7000-968e-f431a7adef06",
            alt: "办理流程：申请、受理、审核、办结",
            mediaType: "image/svg+xml",
            url: `/api/public/documents/${DOC_ID}/files/01a218bd-ee1b-7000-968e-f431a7adef06`,
          },
        ],
        draftingUnit: "养老服务科",
        interpreter: "李科长",
        publishedAt: "2026-03-05T02:00:00.000Z",
        publishedOn: "2026-03-05",
      },
    ],
    attachments: [
      {
        id: "01a218bd-ee1b-7000-968e-f431a7adef07",
        purpose: "attachment",
        name: "养老服务收费目录.pdf",
        mediaType: "application/pdf",
        size: 245_760,
        sha256: "a".repeat(64),
        url: `/api/public/documents/${DOC_ID}/files/01a218bd-ee1b-7000-968e-f431a7adef07`,
      },
    ],
    updatedAt: "2026-03-05T02:00:00.000Z",
    status: "有效",
    interpretation: null,
    validity: {
      status: "valid",
      label: "有效",
      since: "2026-03-05",
      notYetEffective: false,
      validUntil: "2031-04-03",
      amendedBy: [],
      repeal: null,
    },
    history: [{ kind: "published", on: "2026-03-05", status: "valid", text: "2026年3月5日发布" }],
    banner: null,
    ...extra,
  };
}

function consultationDetail(extra: Partial<PublicConsultationDetail> = {}): PublicConsultationDetail {
  return {
    id: CONSULTATION_ID,
    bodyId: BODY_ID,
    bodyName: "汕头市民政局",
    title: "《汕头市养老服务条例（草案）》公开征求意见",
    kind: "rule",
    kindLabel: "规章",
    draftText: "第一条 为了……",
    explanation: "起草说明：……",
    basis: "《规章制定程序条例》",
    opensOn: "2026-03-01",
    closesOn: "2026-04-30",
    minimumClosesOn: "2026-03-30",
    shortReason: null,
    hearing: {
      announcedOn: "2026-03-02",
      heldOn: "2026-03-20",
      place: "市民政局三楼会议室",
      participants: ["张三", "李四"],
    },
    adoption: null,
    finalDocumentId: null,
    comments: [
      { id: "01a218bd-ee1b-7000-968e-f431a7adef05", content: "建议增加社区养老。", createdAt: "2026-03-03T02:00:00Z" },
    ],
    attachments: [],
    createdAt: "2026-03-01T02:00:00Z",
    updatedAt: "2026-03-03T02:00:00Z",
    phase: "open",
    daysLeft: {
      left: 20,
      unit: "calendar",
      lastDay: false,
      provisional: false,
      text: "还剩 20 日，2026年4月30日24时截止",
    },
    ...extra,
  };
}

export function documentPages(): [string, string][] {
  const d = documentDetail();
  const repealed = documentDetail({
    status: "已修改",
    validity: { ...d.validity, status: "amended", label: "已修改", since: "2026-06-01", amendedBy: [NEW_ID] },
    banner: "本文件已于2026年6月1日修改，请同时查阅修改文件。",
    history: [
      ...d.history,
      { kind: "amended", on: "2026-06-01", status: "amended", text: "2026年6月1日修改", amendedBy: NEW_ID },
    ],
  });
  const item = {
    id: d.id,
    bodyId: d.bodyId,
    bodyName: d.bodyName,
    title: d.title,
    docNumber: d.docNumber,
    registrationNo: d.registrationNo,
    publishedOn: d.publishedOn,
    effectiveFrom: d.effectiveFrom,
    validUntil: d.validUntil,
    status: d.status,
    validity: d.validity,
    banner: null,
  };
  const c = consultationDetail();
  const listItem = {
    id: c.id,
    bodyId: c.bodyId,
    bodyName: c.bodyName,
    title: c.title,
    kind: c.kind,
    kindLabel: c.kindLabel,
    opensOn: c.opensOn,
    closesOn: c.closesOn,
    adoptionReported: false,
    phase: c.phase,
    daysLeft: c.daysLeft,
  };
  const state = { start: 1, trail: [] };
  return [
    [
      "documents",
      documentsPage({
        baseUrl: BASE,
        query: { status: "valid", year: "2026" },
        state,
        items: [item],
        total: 1,
        bodies: [{ id: BODY_ID, name: "汕头市民政局" }],
        nextCursor: null,
        pageSize: 20,
        years: [2026, 2025],
      }),
    ],
    [
      "documents, none",
      documentsPage({
        query: { q: "无" },
        state,
        items: [],
        total: 0,
        bodies: [],
        nextCursor: null,
        pageSize: 20,
        years: [2026],
      }),
    ],
    ["document with its 解读", documentPage({ baseUrl: BASE, document: d, titles: new Map() })],
    [
      "document amended",
      documentPage({ document: repealed, titles: new Map([[NEW_ID, "关于修改养老服务通知的决定"]]) }),
    ],
    [
      "consultations",
      consultationsPage({
        baseUrl: BASE,
        items: [listItem, { ...listItem, id: NEW_ID, phase: "closed", daysLeft: null, adoptionReported: true }],
        state,
        nextCursor: null,
        pageSize: 20,
      }),
    ],
    ["consultation, open", consultationPage({ baseUrl: BASE, consultation: c, submitted: "new" })],
    [
      "consultation, comment with errors",
      consultationPage({
        consultation: c,
        form: { values: { content: "", contact: "x" }, errors: [{ field: "content", message: "请填写您的意见。" }] },
      }),
    ],
    [
      "consultation, closed with its adoption report",
      consultationPage({
        consultation: consultationDetail({
          phase: "closed",
          daysLeft: null,
          finalDocumentId: DOC_ID,
          adoption: {
            received: 5,
            adopted: 3,
            notAdopted: [{ reason: "超出本条例调整范围", count: 2 }],
            notAdoptedTotal: 2,
            summary: "已逐条研究。",
            reportedOn: "2026-05-10",
            reportedAt: "2026-05-10T02:00:00Z",
          },
        }),
        finalTitle: "汕头市养老服务条例",
      }),
    ],
  ];
}
