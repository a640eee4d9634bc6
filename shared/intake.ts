/**
 * Intake from a body's case-handling system (办案系统): what it pushes is a decision draft that may
 * be incomplete. Its types are checked when it arrives; its completeness only when an officer moves
 * it out of draft, where the decision's own checks run. These are the pure pieces: which fields a
 * draft still lacks, how a re-push updates it, and the decision it becomes.
 */
import type { DecisionInput, LicenceInput } from "./decision-content.js";
import type { Party, PowerCategory } from "./domain.js";
import type { Penalty } from "./public-record.js";

/** A draft as pushed or edited: every field optional; the 办案系统's own view of the case beside the decision's fields. */
export interface IntakeContent {
  /** The platform's case the decision is made in (the 办案系统 may not know it; the officer picks it). */
  caseId?: string;
  kind?: PowerCategory;
  decidedOn?: string;
  conclusion?: string;
  basis?: string;
  facts?: string;
  penalty?: Partial<Penalty>;
  licence?: LicenceInput;
  maskNames?: string[];
  /** What the 办案系统 knows of the case, for the officer to match it to the platform's case. */
  title?: string;
  party?: Partial<Party>;
  powerCode?: string;
  /** The officers' 执法证 numbers. */
  officerCertificates?: string[];
}

export const INTAKE_FIELDS = [
  "caseId",
  "kind",
  "decidedOn",
  "conclusion",
  "basis",
  "facts",
  "penalty",
  "licence",
  "maskNames",
  "title",
  "party",
  "powerCode",
  "officerCertificates",
] as const satisfies readonly (keyof IntakeContent)[];

/** Pushes per key in a minute: a case system sends decisions as they are made, not in floods. */
export const INTAKE_RATE = { limit: 120, windowSeconds: 60 };

/** A draft's states: `draft` until an officer moves it out; `submitted` once it became a decision. */
export const INTAKE_STATES = ["draft", "submitted"] as const;
export type IntakeState = (typeof INTAKE_STATES)[number];

/**
 * The fields the decision still needs, in the order the form shows them: the case, the kind, the
 * date, the conclusion and basis; a 行政处罚's penalty (its amount when it fines), a 行政许可's licence.
 */
export function missingFields(c: IntakeContent): string[] {
  const missing: string[] = [];
  for (const field of ["caseId", "kind", "decidedOn", "conclusion", "basis"] as const) {
    const value = c[field];
    if (value === undefined || (typeof value === "string" && value.trim() === "")) missing.push(field);
  }
  if (c.kind === "行政处罚") {
    if (!c.penalty) missing.push("penalty");
    else {
      if (!c.penalty.categories?.length) missing.push("penalty.categories");
      if (!c.penalty.content?.trim()) missing.push("penalty.content");
      if (c.penalty.categories?.includes("罚款") && c.penalty.fineAmount === undefined)
        missing.push("penalty.fineAmount");
    }
  }
  if (c.kind === "行政许可" && !c.licence) missing.push("licence");
  return missing;
}

/** A re-push or an officer's edit: each field given replaces the stored one; a null removes it. */
export function mergeIntake(stored: IntakeContent, change: Record<string, unknown>): IntakeContent {
  const merged: Record<string, unknown> = { ...stored };
  for (const field of INTAKE_FIELDS) {
    if (!(field in change)) continue;
    const value = change[field];
    if (value === null || value === undefined) delete merged[field];
    else merged[field] = value;
  }
  return merged as IntakeContent;
}

/** The decision's params (cases/:id/decision) a draft becomes: the decision's own fields only. */
export function decisionOf(c: IntakeContent, decisionNo: string): Partial<DecisionInput> & { id?: string } {
  const d: Record<string, unknown> = { id: c.caseId, kind: c.kind, decisionNo };
  for (const f of ["decidedOn", "conclusion", "basis", "facts", "penalty", "licence", "maskNames"] as const) {
    if (c[f] !== undefined) d[f] = c[f];
  }
  return d as Partial<DecisionInput> & { id?: string };
}
