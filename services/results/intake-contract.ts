/**
 * Intake from bodies' case-handling systems (办案系统): the push (API key, role `intake`) and the
 * officers' routes that finish a pushed draft and move it out of draft into a decision.
 */
import { action } from "../../lib/contract.js";
import { arr, json, MAP, nullable, obj, oneOf, STR, INT, page } from "../../lib/replies.js";
import { POWER_CATEGORIES } from "../../shared/domain.js";
import { INTAKE_STATES, type IntakeContent, type IntakeState } from "../../shared/intake.js";
import { LICENCE_CATEGORIES, LICENCE_OUTCOMES } from "../../shared/public-record.js";
import { PENALTY_CATEGORIES } from "../../shared/rules.js";
import { DATE, ID, optionalText, pagingParams, PHONE_PATTERN, type ParamsSchema } from "../../shared/validation.js";

const optional = (rule: object) => ({ ...rule, optional: true });

/** What a push may carry: each field typed, none required (completeness is checked when it leaves draft). */
const INTAKE_FIELDS: ParamsSchema = {
  caseId: optional(ID),
  kind: { type: "enum", values: [...POWER_CATEGORIES], optional: true },
  decidedOn: optional(DATE),
  conclusion: optionalText(5000),
  basis: optionalText(5000),
  facts: optionalText(20_000),
  penalty: {
    type: "object",
    optional: true,
    props: {
      categories: {
        type: "array",
        optional: true,
        max: 14,
        unique: true,
        items: { type: "enum", values: [...PENALTY_CATEGORIES] },
      },
      content: optionalText(5000),
      fineAmount: { type: "number", min: 0, max: 1e12, optional: true },
      confiscatedAmount: { type: "number", min: 0, max: 1e12, optional: true },
      licenceAction: optionalText(500),
      violationType: optionalText(200),
      validUntil: optional(DATE),
    },
  },
  licence: {
    type: "object",
    optional: true,
    props: {
      outcome: { type: "enum", values: [...LICENCE_OUTCOMES], optional: true },
      documentName: optionalText(200),
      category: { type: "enum", values: [...LICENCE_CATEGORIES], optional: true },
      certificateName: optionalText(200),
      licenceNo: optionalText(100),
      content: optionalText(5000),
      validFrom: optional(DATE),
      validTo: optional(DATE),
    },
  },
  maskNames: { type: "array", optional: true, max: 50, items: { type: "string", min: 1, max: 50, trim: true } },
  title: optionalText(200),
  party: {
    type: "object",
    optional: true,
    props: {
      type: { type: "enum", values: ["natural", "legal", "individual"], optional: true },
      name: optionalText(200),
      creditCode: optionalText(18, { uppercase: true }),
      idNumber: optionalText(18, { uppercase: true }),
      legalRepresentative: optionalText(50),
      address: optionalText(300),
      phone: optionalText(30, { pattern: PHONE_PATTERN }),
      email: optionalText(200, { type: "email" }),
      minor: { type: "boolean", optional: true },
    },
  },
  powerCode: optionalText(100),
  officerCertificates: {
    type: "array",
    optional: true,
    max: 20,
    items: { type: "string", min: 1, max: 50, trim: true },
  },
};

/** An officer's edit: the same fields, each also null (removed). */
const EDIT_FIELDS: ParamsSchema = Object.fromEntries(
  Object.entries(INTAKE_FIELDS).map(([k, rule]) => [k, { ...(rule as object), nullable: true }]),
);

/** The 文书号 in the path: the draft's key within the key's body. */
const DOC_NO = { type: "string", trim: true, empty: false, min: 1, max: 100 };

export type PushParams = IntakeContent & { docNo: string };

export interface PushReply {
  id: string;
  status: "draft";
  /** What the decision still needs, by field. */
  missing: string[];
  /** Where an officer finishes it. */
  consoleUrl: string;
}

export interface IntakeDraftView {
  id: string;
  bodyId: string;
  decisionNo: string;
  status: IntakeState;
  content: IntakeContent;
  missing: string[];
  resultId: string | null;
  /** Pushed by a case system (always, for now): what the console marks as 办案系统推送. */
  source: "case-system";
  pushes: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  consoleUrl: string;
}

export type EditDraftParams = { id: string } & { [K in keyof IntakeContent]?: IntakeContent[K] | null };

const DRAFT_VIEW = obj({
  id: STR,
  bodyId: STR,
  decisionNo: STR,
  status: oneOf(INTAKE_STATES),
  content: MAP,
  missing: arr(STR),
  resultId: nullable(STR),
  source: oneOf(["case-system"]),
  pushes: INT,
  createdAt: STR,
  updatedAt: STR,
  submittedAt: nullable(STR),
  consoleUrl: STR,
});

export const intake = {
  push: action<PushParams, PushReply>(
    "results.intakePush",
    { docNo: DOC_NO, ...INTAKE_FIELDS },
    json(obj({ id: STR, status: oneOf(["draft"]), missing: arr(STR), consoleUrl: STR })),
  ),
  listDrafts: action<
    { status?: IntakeState; bodyId?: string; limit?: number; cursor?: string },
    { items: IntakeDraftView[]; nextCursor: string | null }
  >(
    "results.listIntakeDrafts",
    { status: { type: "enum", values: [...INTAKE_STATES], optional: true }, bodyId: optional(ID), ...pagingParams },
    json(page(DRAFT_VIEW)),
  ),
  getDraft: action<{ id: string }, IntakeDraftView>("results.getIntakeDraft", { id: ID }, json(DRAFT_VIEW)),
  editDraft: action<EditDraftParams, IntakeDraftView>(
    "results.editIntakeDraft",
    { id: ID, ...EDIT_FIELDS },
    json(DRAFT_VIEW),
  ),
  submitDraft: action<{ id: string }, IntakeDraftView>("results.submitIntakeDraft", { id: ID }, json(DRAFT_VIEW)),
};
