/** 事中 records: a case, its append-only trail (全过程记录) and its legal reviews (法制审核). */
import { EntitySchema } from "@mikro-orm/postgresql";
import type { CaseState } from "../../shared/case-workflow.js";
import type { Party, PowerCategory } from "../../shared/domain.js";

export interface CaseDocument {
  name: string;
  number?: string;
}

export class Case {
  id!: string;
  bodyId!: string;
  powerId!: string;
  powerCode!: string;
  powerName!: string;
  category!: PowerCategory;
  title!: string;
  officerIds!: string[];
  facts!: string;
  party!: Party;
  /** Names of other natural persons in the facts, masked in anything public. */
  otherNames!: string[];
  major!: boolean;
  secret!: boolean;
  status!: CaseState;
  resultId!: string | null;
  createdBy!: string;
  createdAt!: Date;
  updatedAt!: Date;
}

export type StepKind = "registered" | "transition" | "review" | "decision" | "note";

export class CaseStep {
  caseId!: string;
  seq!: number;
  kind!: StepKind;
  fromStatus!: CaseState | null;
  toStatus!: CaseState;
  actorId!: string;
  actorName!: string;
  actorRole!: string;
  at!: Date;
  note!: string | null;
  documents!: CaseDocument[];
}

export class Review {
  id!: string;
  caseId!: string;
  reviewerId!: string;
  reviewerName!: string;
  approve!: boolean;
  opinion!: string;
  at!: Date;
}

export const CaseSchema = new EntitySchema<Case>({
  class: Case,
  tableName: "cases",
  properties: {
    id: { type: "string", primary: true },
    bodyId: { type: "string" },
    powerId: { type: "string" },
    powerCode: { type: "string" },
    powerName: { type: "string" },
    category: { type: "string" },
    title: { type: "string" },
    officerIds: { type: "json" },
    facts: { type: "text" },
    party: { type: "json" },
    otherNames: { type: "json" },
    major: { type: "boolean" },
    secret: { type: "boolean" },
    status: { type: "string" },
    resultId: { type: "string", nullable: true },
    createdBy: { type: "string" },
    createdAt: { type: "Date" },
    updatedAt: { type: "Date" },
  },
});

export const CaseStepSchema = new EntitySchema<CaseStep>({
  class: CaseStep,
  tableName: "case_steps",
  properties: {
    caseId: { type: "string", primary: true },
    seq: { type: "integer", primary: true },
    kind: { type: "string" },
    fromStatus: { type: "string", nullable: true },
    toStatus: { type: "string" },
    actorId: { type: "string" },
    actorName: { type: "string" },
    actorRole: { type: "string" },
    at: { type: "Date" },
    note: { type: "text", nullable: true },
    documents: { type: "json" },
  },
});

export const ReviewSchema = new EntitySchema<Review>({
  class: Review,
  tableName: "reviews",
  properties: {
    id: { type: "string", primary: true },
    caseId: { type: "string" },
    reviewerId: { type: "string" },
    reviewerName: { type: "string" },
    approve: { type: "boolean" },
    opinion: { type: "text" },
    at: { type: "Date" },
  },
});

export const entities = [CaseSchema, CaseStepSchema, ReviewSchema];

export type { Party };
