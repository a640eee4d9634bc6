/**
 * The portal's 依申请公开 pages in the shapes worth checking (the request form, with errors, the
 * lookup, the tracking page at each stage, a body's statistics), shaped like the requests service's
 * answers.
 */
import type { TrackedRequest } from "../../services/requests/contract.js";
import { bodyPage, type BodyPageInput } from "../../web/portal/body.js";
import { requestFormPage, requestLookupPage } from "../../web/portal/request-form.js";
import { requestStatsSection, requestTrackingPage } from "../../web/portal/request-tracking.js";

const BASE = "https://gs.example.gov.cn";
export const BODY_ID = "01a218bd-ee1b-7000-968e-f431a7adefef";
const BODIES = [
  { id: BODY_ID, name: "汕头市人民政府办公室" },
  { id: "01a218bd-ee1b-7000-968e-f431a7adef00", name: "潮州市人民政府办公室" },
];

export function tracked(extra: Partial<TrackedRequest> = {}): TrackedRequest {
  const base: TrackedRequest = {
    trackingCode: "K7Q2-9MXD-4HRT",
    bodyId: BODY_ID,
    bodyName: "汕头市人民政府办公室",
    status: "received",
    submittedOn: "2026-03-02",
    receivedOn: "2026-03-03",
    dueBy: "2026-03-31",
    pausedDays: 0,
    extendedDays: 0,
    workingDaysLeft: 12,
    overdue: false,
    overdueBy: 0,
    dueByProvisional: false,
    description: "请公开本市2026年老旧小区改造计划。",
    correction: null,
    fee: null,
    outcome: null,
    answer: null,
    letter: null,
    attachments: [],
    steps: [
      { kind: "submitted", on: "2026-03-02" },
      { kind: "received", on: "2026-03-03" },
    ],
  };
  return { ...base, ...extra };
}

export const ANSWERED = tracked({
  status: "answered",
  workingDaysLeft: null,
  outcome: { type: "partly_disclosed", label: "部分公开", row: "三(二)", on: "2026-03-20", via: "answer", late: false },
  answer: {
    text: "经审查，现答复如下：\n附件一予以公开。",
    feeYuan: null,
    reviewOrgan: null,
    court: null,
    items: [
      { title: "汕府办〔2026〕3号", result: { mark: "provided" } },
      {
        title: "资金安排表",
        result: { mark: "partly_provided", withheld: "个人账户", ground: "refused_third_party_rights" },
      },
      { title: "会议纪要", result: { mark: "not_provided", ground: "refused_process_information" } },
      { title: "年度计划", result: { mark: "already_public", where: "本机关门户网站" } },
    ],
  },
  steps: [
    { kind: "submitted", on: "2026-03-02" },
    { kind: "received", on: "2026-03-03" },
    { kind: "answered", on: "2026-03-20" },
  ],
  letter: { verifyCode: "7K2M-Q9XD-4HRT-8PLA", issuedAt: "2026-03-20T02:00:00Z", sha256: "ab".repeat(32) },
});

export const CORRECTION_ASKED = tracked({
  status: "correction_requested",
  dueBy: null,
  workingDaysLeft: null,
  correction: { requestedOn: "2026-03-05", dueOn: "2026-03-19", what: "1. 请说明文件的形成年份", receivedOn: null },
  fee: { standard: "pages", quantity: 150, yuan: 20, dueOn: "2026-04-01", paidOn: null },
});

function bodyInput(requests: BodyPageInput["requests"]): BodyPageInput {
  return {
    baseUrl: BASE,
    body: { id: BODY_ID, name: "汕头市人民政府办公室", creditCode: "11440500007084526F", region: "汕头市" },
    officers: { items: [], total: 0 },
    powers: { items: [], total: 0 },
    inspections: { items: [], total: 0 },
    notices: [],
    requests,
  };
}

export function requestPages(): [string, string][] {
  return [
    ["request form", requestFormPage({ baseUrl: BASE, bodies: BODIES, values: { bodyId: BODY_ID } })],
    [
      "request form with errors",
      requestFormPage({
        bodies: BODIES,
        values: { kind: "natural_person", name: "李四", idNumber: "123" },
        errors: [
          { field: "idNumber", message: "身份证号码无效（校验位或出生日期不正确）。" },
          { field: "contact", message: "请至少填写一种联系方式（电话、电子邮箱或通信地址）。" },
          { field: "bodyId", message: "请选择受理申请的行政机关。" },
        ],
      }),
    ],
    ["request lookup", requestLookupPage({ baseUrl: BASE })],
    ["request lookup, not found", requestLookupPage({ trackingCode: "AAAA-BBBB-CCCC", notFound: true })],
    [
      "request tracking, just submitted",
      requestTrackingPage({
        tracking: tracked({
          status: "submitted",
          receivedOn: null,
          dueBy: null,
          workingDaysLeft: null,
          steps: [{ kind: "submitted", on: "2026-03-02" }],
        }),
        submitted: "new",
      }),
    ],
    [
      "request tracking, running",
      requestTrackingPage({ baseUrl: BASE, tracking: tracked({ pausedDays: 3, extendedDays: 10 }) }),
    ],
    [
      "request tracking, overdue",
      requestTrackingPage({ tracking: tracked({ overdue: true, overdueBy: 4, workingDaysLeft: 0 }) }),
    ],
    ["request tracking, correction asked", requestTrackingPage({ tracking: CORRECTION_ASKED })],
    [
      "request tracking, correction refused",
      requestTrackingPage({ tracking: CORRECTION_ASKED, correction: { text: "", error: "请填写补正内容。" } }),
    ],
    ["request tracking, answered with letter", requestTrackingPage({ tracking: ANSWERED })],
    [
      "body with request statistics",
      bodyPage(
        bodyInput(
          requestStatsSection(
            {
              bodyId: BODY_ID,
              year: 2026,
              enough: true,
              minimum: 5,
              received: 12,
              answered: 9,
              byType: [
                { type: "disclosed", count: 6 },
                { type: "unable_not_held", count: 3 },
                { type: "other", count: 0 },
              ],
              overdue: 1,
              medianWorkingDays: 11.5,
            },
            BODY_ID,
          ),
        ),
      ),
    ],
    [
      "body with too few requests",
      bodyPage(bodyInput(requestStatsSection({ bodyId: BODY_ID, year: 2026, enough: false, minimum: 5 }, BODY_ID))),
    ],
  ];
}
