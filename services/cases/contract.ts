/**
 * The cases service's contract: its actions, the params each validates, and what each answers.
 * Callers import the reply types from here (results snapshots a `CaseForDecision`, the console
 * shows a `CaseView`); the service's view functions return these types, so they cannot drift.
 */
import { action } from "../../lib/contract.js";
import { arr, BOOL, INT, json, nullable, obj, oneOf, opt, page, STR } from "../../lib/replies.js";
import { CASE_STATES, type CaseState } from "../../shared/case-workflow.js";
import { POWER_CATEGORIES, type Party, type PowerCategory } from "../../shared/domain.js";
import type { Page } from "../../shared/paging.js";
import type { LicenceApplicationRecord } from "../../shared/reports.js";
import { ID, optionalText, pagingParams, PHONE_PATTERN, text } from "../../shared/validation.js";
import type { CaseDocument, StepKind } from "./entities.js";

export type { CaseDocument, StepKind };

const partyRule = {
  type: "object",
  props: {
    type: { type: "enum", values: ["natural", "legal", "individual"] },
    name: text(200),
    creditCode: optionalText(18, { uppercase: true }),
    idNumber: optionalText(18, { uppercase: true }),
    legalRepresentative: optionalText(50),
    address: optionalText(300),
    phone: optionalText(30, { pattern: PHONE_PATTERN }),
    email: optionalText(200, { type: "email" }),
    bankAccount: optionalText(40),
    minor: { type: "boolean", optional: true },
  },
};

const documentsRule = {
  type: "array",
  optional: true,
  max: 20,
  items: { type: "object", props: { name: text(200), number: optionalText(100) } },
};

export interface CreateCaseParams {
  bodyId: string;
  powerId: string;
  title: string;
  officerIds: string[];
  facts: string;
  party: Party;
  otherNames?: string[];
  major?: boolean;
  secret?: boolean;
  note?: string;
}

export interface ListCasesParams {
  status?: CaseState;
  /** Admins only; others always see their own body's cases. */
  bodyId?: string;
  limit?: number;
  cursor?: string;
}

export interface CaseIdParams {
  id: string;
}

export interface AddNoteParams {
  id: string;
  note: string;
  documents?: CaseDocument[];
}

export interface TransitionParams {
  id: string;
  to: CaseState;
  note?: string;
  documents?: CaseDocument[];
}

export interface ReviewParams {
  id: string;
  approve: boolean;
  opinion: string;
}

export interface RecordDecisionParams {
  id: string;
  resultId: string;
  decisionNo: string;
  /** The rule-table threshold check of the decided fine: true when the fine needs a legal review. */
  fineRequiresReview: boolean;
}

/** One step of a case's record trail (全过程记录). */
export interface CaseStepView {
  seq: number;
  kind: StepKind;
  from: CaseState | null;
  to: CaseState;
  actor: { id: string; name: string; role: string };
  at: string;
  note: string | null;
  documents: CaseDocument[];
}

/** One legal review (法制审核). */
export interface ReviewView {
  id: string;
  reviewer: { id: string; name: string };
  approve: boolean;
  opinion: string;
  at: string;
}

/** A case with its full trail and reviews, as the body's staff see it. */
export interface CaseView {
  id: string;
  bodyId: string;
  powerId: string;
  powerCode: string;
  powerName: string;
  category: PowerCategory;
  title: string;
  officerIds: string[];
  facts: string;
  party: Party;
  otherNames: string[];
  major: boolean;
  secret: boolean;
  status: CaseState;
  resultId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  trail: CaseStepView[];
  reviews: ReviewView[];
}

/** A line of the case list. */
export interface CaseSummary {
  id: string;
  bodyId: string;
  title: string;
  category: PowerCategory;
  status: CaseState;
  partyName: string;
  major: boolean;
  resultId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The whole case for the results service to snapshot into a decision. */
export interface CaseForDecision extends CaseView {
  /** The latest review of the current review round, so a preview can say what the decision lacks. */
  latestReview: { approve: boolean } | null;
}

export interface RecordedDecision {
  id: string;
  status: CaseState;
}

const PARTY = obj({
  type: oneOf(["natural", "legal", "individual"]),
  name: STR,
  creditCode: opt(STR),
  idNumber: opt(STR),
  legalRepresentative: opt(STR),
  address: opt(STR),
  phone: opt(STR),
  email: opt(STR),
  bankAccount: opt(STR),
  minor: opt(BOOL),
});

const STATE = oneOf(CASE_STATES);

const CASE_VIEW = obj({
  id: STR,
  bodyId: STR,
  powerId: STR,
  powerCode: STR,
  powerName: STR,
  category: oneOf(POWER_CATEGORIES),
  title: STR,
  officerIds: arr(STR),
  facts: STR,
  party: PARTY,
  otherNames: arr(STR),
  major: BOOL,
  secret: BOOL,
  status: STATE,
  resultId: nullable(STR),
  createdBy: STR,
  createdAt: STR,
  updatedAt: STR,
  trail: arr(
    obj({
      seq: INT,
      kind: oneOf(["registered", "transition", "review", "decision", "note"]),
      from: nullable(STATE),
      to: STATE,
      actor: obj({ id: STR, name: STR, role: STR }),
      at: STR,
      note: nullable(STR),
      documents: arr(obj({ name: STR, number: opt(STR) })),
    }),
  ),
  reviews: arr(obj({ id: STR, reviewer: obj({ id: STR, name: STR }), approve: BOOL, opinion: STR, at: STR })),
});

const CASE_REPLY = json(CASE_VIEW);

const CASE_SUMMARY = obj({
  id: STR,
  bodyId: STR,
  title: STR,
  category: oneOf(POWER_CATEGORIES),
  status: STATE,
  partyName: STR,
  major: BOOL,
  resultId: nullable(STR),
  createdAt: STR,
  updatedAt: STR,
});

export const cases = {
  createCase: action<CreateCaseParams, CaseView>(
    "cases.createCase",
    {
      bodyId: ID,
      powerId: ID,
      title: text(200),
      officerIds: { type: "array", min: 1, max: 20, unique: true, items: ID },
      facts: text(20_000),
      party: partyRule,
      otherNames: { type: "array", optional: true, max: 50, items: text(50) },
      major: { type: "boolean", optional: true },
      secret: { type: "boolean", optional: true },
      note: optionalText(2000),
    },
    CASE_REPLY,
  ),
  listCases: action<ListCasesParams, Page<CaseSummary>>(
    "cases.listCases",
    {
      status: { type: "enum", values: [...CASE_STATES], optional: true },
      bodyId: { ...ID, optional: true },
      ...pagingParams,
    },
    json(page(CASE_SUMMARY)),
  ),
  getCase: action<CaseIdParams, CaseView>("cases.getCase", { id: ID }, CASE_REPLY),
  addNote: action<AddNoteParams, CaseView>(
    "cases.addNote",
    { id: ID, note: text(2000), documents: documentsRule },
    CASE_REPLY,
  ),
  transition: action<TransitionParams, CaseView>(
    "cases.transition",
    {
      id: ID,
      to: { type: "enum", values: [...CASE_STATES] },
      note: optionalText(2000),
      documents: documentsRule,
    },
    CASE_REPLY,
  ),
  review: action<ReviewParams, CaseView>(
    "cases.review",
    { id: ID, approve: { type: "boolean" }, opinion: text(5000) },
    CASE_REPLY,
  ),
  forDecision: action<CaseIdParams, CaseForDecision>("cases.forDecision", { id: { type: "string", max: 100 } }),
  recordDecision: action<RecordDecisionParams, RecordedDecision>("cases.recordDecision", {
    id: { type: "string", max: 100 },
    resultId: { type: "string", max: 100 },
    decisionNo: { type: "string", max: 100 },
    fineRequiresReview: { type: "boolean" },
  }),
  /** For the reports service: a body's licensing cases of a year as 行政许可申请 (days only). */
  reportLicenceApplications: action<{ bodyId: string; year: number }, LicenceApplicationRecord[]>(
    "cases.reportLicenceApplications",
    { bodyId: { type: "string", max: 100 }, year: { type: "number", integer: true, min: 2000, max: 2100 } },
  ),
};
