/**
 * The officer's flow as the API offers it — set up a body, file a case, walk it, decide, publish —
 * for suites that need published notices to exist.
 */
import { expect } from "vitest";
import { creditCode, powerInput } from "./fixtures.js";
import { ADMIN_PASSWORD, type Api } from "./platform.js";

export interface Office {
  admin: string;
  officer: string;
  bodyId: string;
  bodyName: string;
  penaltyPowerId: string;
  officerIds: string[];
}

let sequence = 0;

/** A body with two officers, an officer account and a 行政处罚 power. */
export async function setUpOffice(api: Api, bodyName: string, username: string): Promise<Office> {
  const admin = await api.login("admin", ADMIN_PASSWORD);
  const body = await api.post("/api/bodies", { name: bodyName, creditCode: creditCode(), region: "浙江省" }, admin);
  expect(body.status, JSON.stringify(body.body)).toBe(201);
  const bodyId = body.body.id as string;
  const officerIds: string[] = [];
  for (const name of ["甲执法员", "乙执法员"]) {
    const res = await api.post(
      "/api/officers",
      { bodyId, name, certificateNo: `${username}-${name.length}-${officerIds.length}`, fields: ["综合执法"] },
      admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    officerIds.push(res.body.id);
  }
  const user = await api.post(
    "/api/users",
    { username, password: "pass-word-1", displayName: username, role: "officer", bodyId },
    admin,
  );
  expect(user.status, JSON.stringify(user.body)).toBe(201);
  const officer = await api.login(username, "pass-word-1");
  const power = await api.post("/api/powers", powerInput(bodyId, `${username}-CF`), officer);
  expect(power.status, JSON.stringify(power.body)).toBe(201);
  return { admin, officer, bodyId, bodyName, penaltyPowerId: power.body.id, officerIds };
}

export interface NoticeSpec {
  title?: string;
  partyName?: string;
  facts?: string;
  conclusion?: string;
  basis?: string;
  penaltyContent?: string;
  decisionNo?: string;
  decidedOn?: string;
  /** The party as filed; a company by default. */
  party?: Record<string, unknown>;
  otherNames?: string[];
  /** The decision's kind (行政处罚 by default) and the power it is taken under (the office's 行政处罚 power). */
  kind?: string;
  powerId?: string;
  /** The decision's 处罚 block; a 5000 元 fine by default. */
  penalty?: Record<string, unknown>;
  /** A 行政许可 decision's licence block (its outcome, 准予许可 by default, and the 双公示 fields). */
  licence?: Record<string, unknown>;
}

export interface Published {
  resultId: string;
  noticeId: string;
  verifyCode: string;
  sha256: string;
  decisionNo: string;
}

/** Files, walks and decides one case (行政处罚 unless `kind` and its power say otherwise), leaving the result a draft. */
export async function decideCase(
  api: Api,
  office: Office,
  spec: NoticeSpec = {},
): Promise<{ resultId: string; decisionNo: string }> {
  const n = ++sequence;
  const partyName = spec.partyName ?? `测试殡仪服务有限公司${n}`;
  const c = await api.post(
    "/api/cases",
    {
      bodyId: office.bodyId,
      powerId: spec.powerId ?? office.penaltyPowerId,
      title: spec.title ?? `${partyName}违规经营案`,
      officerIds: office.officerIds,
      facts: spec.facts ?? `${partyName}未经批准擅自经营殡葬服务。`,
      party: spec.party ?? { type: "legal", name: partyName, creditCode: creditCode(), legalRepresentative: "王某" },
      ...(spec.otherNames ? { otherNames: spec.otherNames } : {}),
    },
    office.officer,
  );
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  for (const to of ["investigating", "notified"]) {
    const moved = await api.post(`/api/cases/${c.body.id}/transitions`, { to }, office.officer);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  }
  const decisionNo = spec.decisionNo ?? `测罚决〔2026〕${n}-${Math.floor(Math.random() * 1e9)}号`;
  const decided = await api.post(
    `/api/cases/${c.body.id}/decision`,
    {
      decisionNo,
      decidedOn: spec.decidedOn ?? "2026-11-02",
      kind: spec.kind ?? "行政处罚",
      conclusion: spec.conclusion ?? "责令改正，并处罚款人民币5000元。",
      basis: spec.basis ?? "《殡葬管理条例》第二十八条",
      ...((spec.kind ?? "行政处罚") === "行政处罚"
        ? {
            penalty: spec.penalty ?? {
              categories: ["罚款"],
              content: spec.penaltyContent ?? "罚款人民币5000元",
              fineAmount: 5000,
              violationType: "违规经营",
            },
          }
        : {}),
      ...(spec.licence ? { licence: spec.licence } : {}),
    },
    office.officer,
  );
  expect(decided.status, JSON.stringify(decided.body)).toBe(201);
  return { resultId: decided.body.id, decisionNo };
}

/** Files, walks, decides and publishes one 行政处罚 case (or one of `kind` under `powerId`). */
export async function publishNotice(api: Api, office: Office, spec: NoticeSpec = {}): Promise<Published> {
  const { resultId, decisionNo } = await decideCase(api, office, spec);
  const published = await api.post(`/api/results/${resultId}/publish`, {}, office.officer);
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return { resultId, decisionNo, ...published.body };
}
