/**
 * Later remedies (行政复议, 行政诉讼) against a request's handling, with their outcome — recorded
 * when filed (often 尚未审结) and completed when decided; each on the request's trail. The
 * annual report's table 四 counts them.
 */
import type { SessionUser } from "../../../lib/auth.js";
import { InvalidInputError, NotFoundError } from "../../../lib/errors.js";
import { newId } from "../../../shared/ids.js";
import {
  REMEDY_KIND_LABELS,
  REMEDY_OUTCOME_LABELS,
  remedyProblems,
  type RemedyRecord,
} from "../../../shared/requests.js";
import { REMEDY_OUTCOME_NAMES, type RemedyOutcomeParams, type RemedyParams, type RequestDetail } from "../contract.js";
import { Remedy } from "../entities.js";
import type { RequestsDeps } from "./records.js";
import { step } from "./steps.js";

function checked(r: RemedyRecord, today: string): void {
  const problems = remedyProblems(r, today);
  if (problems.length > 0) throw new InvalidInputError(problems);
}

const noteOf = (r: RemedyRecord, note?: string): string =>
  [
    `${REMEDY_KIND_LABELS[r.kind]}：${REMEDY_OUTCOME_LABELS[r.outcome]}`,
    r.decidedOn ? `（${r.decidedOn}）` : "",
    note ? `；${note}` : "",
  ].join("");

/** An outcome by its code, or by its name in the annual report's table 四 (the handbook's form). */
const outcomeOf = (outcome: RemedyParams["outcome"]): RemedyRecord["outcome"] =>
  outcome in REMEDY_OUTCOME_NAMES
    ? REMEDY_OUTCOME_NAMES[outcome as keyof typeof REMEDY_OUTCOME_NAMES]
    : (outcome as RemedyRecord["outcome"]);

export function addRemedy(deps: RequestsDeps, user: SessionUser, p: RemedyParams): Promise<RequestDetail> {
  return step(deps, user, p.id, ({ today }) => {
    const record: RemedyRecord = {
      kind: p.kind,
      filedOn: p.filedOn ?? today,
      outcome: outcomeOf(p.outcome),
      decidedOn: p.decidedOn ?? null,
    };
    checked(record, today);
    return {
      kind: "remedy",
      note: noteOf(record, p.note),
      write: (tx) => {
        const now = deps.now();
        tx.persist(
          Object.assign(new Remedy(), {
            id: newId(),
            requestId: p.id,
            ...record,
            note: p.note ?? null,
            createdAt: now,
            updatedAt: now,
          }),
        );
      },
    };
  });
}

export function remedyOutcome(deps: RequestsDeps, user: SessionUser, p: RemedyOutcomeParams): Promise<RequestDetail> {
  return step(deps, user, p.id, async ({ tx, today }) => {
    const remedy = await tx.findOne(Remedy, { id: p.remedyId, requestId: p.id });
    if (!remedy) throw new NotFoundError("Remedy", p.remedyId);
    const record: RemedyRecord = {
      kind: remedy.kind,
      filedOn: remedy.filedOn,
      outcome: p.outcome,
      decidedOn: p.decidedOn ?? null,
    };
    checked(record, today);
    return {
      kind: "remedy_outcome",
      note: noteOf(record, p.note),
      write: () => {
        Object.assign(remedy, { outcome: record.outcome, decidedOn: record.decidedOn, updatedAt: deps.now() });
        if (p.note) remedy.note = p.note;
      },
    };
  });
}
