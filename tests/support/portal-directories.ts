/**
 * Inputs of the portal's directory pages (bodies, powers, officers, a body's inspection list),
 * shaped like the feed's answers.
 */
import { bodiesPage, type BodiesPageInput } from "../../web/portal/bodies.js";
import { inspectionsPage, type InspectionsPageInput } from "../../web/portal/inspections.js";
import { officersPage, type OfficersPageInput } from "../../web/portal/officers.js";
import { powersPage, type PowersPageInput } from "../../web/portal/powers.js";

const BASE = "https://gs.example.gov.cn";
const PAGED = { start: 21, cursor: "MDAy", trail: ["MDAx"] };

export function bodiesInput(extra: Partial<BodiesPageInput> = {}): BodiesPageInput {
  const counts = { officers: 12, activeOfficers: 10, powers: 35, notices: 128 };
  return {
    baseUrl: BASE,
    query: { q: "民政", region: "杭州市" },
    state: PAGED,
    items: [
      { id: "b2", name: "杭州市民政局", creditCode: "11330100002489322K", region: "杭州市", counts },
      { id: "b1", name: "宁波市民政局", creditCode: "11330200002489323G", region: "宁波市", counts },
    ],
    total: 45,
    regions: [
      { value: "杭州市", count: 30 },
      { value: "宁波市", count: 15 },
    ],
    nextCursor: "MDAz",
    pageSize: 20,
    ...extra,
  };
}

export function powersInput(extra: Partial<PowersPageInput> = {}): PowersPageInput {
  return {
    baseUrl: BASE,
    query: { q: "殡葬", category: "行政处罚", bodyId: "b2" },
    state: { start: 1, trail: [] },
    items: [
      {
        id: "p1",
        code: "330217001000",
        name: "对擅自兴建殡葬设施的行政处罚",
        category: "行政处罚",
        version: 2,
        bodyId: "b2",
        bodyName: "杭州市民政局",
      },
    ],
    total: 1,
    bodies: [
      { id: "b1", name: "宁波市民政局" },
      { id: "b2", name: "杭州市民政局" },
    ],
    nextCursor: null,
    pageSize: 20,
    ...extra,
  };
}

export function officersInput(extra: Partial<OfficersPageInput> = {}): OfficersPageInput {
  return {
    baseUrl: BASE,
    query: { q: "张", status: "active" },
    state: { start: 1, trail: [] },
    items: [
      {
        id: "o1",
        name: "张建国",
        certificateNo: "33010012345",
        fields: ["殡葬管理"],
        status: "active",
        bodyId: "b2",
        bodyName: "杭州市民政局",
      },
      {
        id: "o2",
        name: "张明",
        certificateNo: "33010012346",
        fields: [],
        status: "revoked",
        statusReason: "调离执法岗位",
        bodyId: "b2",
        bodyName: "杭州市民政局",
      },
    ],
    total: 2,
    bodies: [{ id: "b2", name: "杭州市民政局" }],
    nextCursor: null,
    pageSize: 20,
    ...extra,
  };
}

export function inspectionsInput(extra: Partial<InspectionsPageInput> = {}): InspectionsPageInput {
  return {
    baseUrl: BASE,
    body: { id: "b2", name: "杭州市民政局" },
    state: PAGED,
    items: [
      {
        id: "i1",
        project: "殡葬服务机构检查",
        subItem: null,
        subject: "殡仪馆",
        basis: "《殡葬管理条例》第十九条",
        method: "现场检查",
        content: "收费公示情况",
      },
    ],
    total: 21,
    nextCursor: null,
    pageSize: 20,
    ...extra,
  };
}

/** Every directory page in its main states, for the structural checks every page passes. */
export function directoryPages(): [string, string][] {
  return [
    ["bodies", bodiesPage(bodiesInput())],
    [
      "bodies, empty",
      bodiesPage(bodiesInput({ items: [], total: 0, nextCursor: null, state: { start: 1, trail: [] } })),
    ],
    ["powers", powersPage(powersInput())],
    ["powers, empty", powersPage(powersInput({ items: [], total: 0 }))],
    ["officers", officersPage(officersInput())],
    ["officers, empty", officersPage(officersInput({ items: [], total: 0 }))],
    ["inspections", inspectionsPage(inspectionsInput())],
    ["inspections, empty", inspectionsPage(inspectionsInput({ items: [], total: 0, state: { start: 1, trail: [] } }))],
  ];
}
