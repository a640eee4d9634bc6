/**
 * Filing a case (立案): the party's identifiers checked, the body, power and officers confirmed by
 * the duties service, then the case and the first step of its trail written together.
 */
import type { SessionUser } from "../../../lib/auth.js";
import { fieldProblem, dependencyCall, ForbiddenError, invalid, InvalidInputError } from "../../../lib/errors.js";
import { creditCodeFieldProblem } from "../../../shared/credit-code.js";
import type { Party } from "../../../shared/domain.js";
import { normalizeCreditCode, normalizeIdNumber } from "../../../shared/identifiers.js";
import { newId } from "../../../shared/ids.js";
import { isValidResidentId } from "../../../shared/redaction.js";
import type { CaseView, CreateCaseParams } from "../contract.js";
import { Case, CaseStep } from "../entities.js";
import { caseView, type CasesDeps } from "./records.js";
import { call } from "../../../lib/contract.js";
import { duties } from "../../duties/contract.js";

/** A party's identifiers as the registrar writes them: a full-width 统一社会信用代码 is its ASCII twin. */
function partyAsRegistered(party: Party): Party {
  return {
    ...party,
    ...(party.creditCode ? { creditCode: normalizeCreditCode(party.creditCode) } : {}),
    ...(party.idNumber ? { idNumber: normalizeIdNumber(party.idNumber) } : {}),
  };
}

/** The party's identifiers must be real ones: a wrong ID number is caught at filing, not at publishing. */
function checkParty(party: Party): void {
  const problems = [];
  if (party.creditCode) {
    const problem = creditCodeFieldProblem("party.creditCode", party.creditCode);
    if (problem) problems.push(problem);
  }
  if (party.idNumber && !isValidResidentId(party.idNumber)) {
    problems.push({
      field: "party.idNumber",
      type: "INVALID_RESIDENT_ID",
      message: "not a valid resident ID number (GB 11643 check digit or birth date)",
    });
  }
  if (party.type === "legal" && party.idNumber) {
    problems.push({
      field: "party.idNumber",
      type: "LEGAL_PERSON_CREDIT_CODE",
      message: "a legal person is identified by its creditCode, not an ID number",
    });
  }
  if (party.type !== "natural" && party.minor) {
    problems.push({
      field: "party.minor",
      type: "MINOR_NATURAL_ONLY",
      message: "only a natural person can be a minor",
    });
  }
  if (problems.length) throw new InvalidInputError(problems);
}

export async function createCase(deps: CasesDeps, user: SessionUser, p: CreateCaseParams): Promise<CaseView> {
  if (user.role !== "admin" && user.bodyId !== p.bodyId) {
    throw new ForbiddenError("谁执法谁公示: you may file cases only for your own body", "OTHER_BODY");
  }
  const party = partyAsRegistered(p.party);
  checkParty(party);
  const context = await dependencyCall("duties", () =>
    call(deps.caller, duties.caseContext, { bodyId: p.bodyId, powerId: p.powerId, officerIds: p.officerIds }),
  );
  if (!context.body) throw fieldProblem("bodyId", "UNKNOWN_BODY", "no enforcement body has this id");
  if (!context.power || context.power.bodyId !== p.bodyId) {
    throw fieldProblem("powerId", "POWER_NOT_OF_BODY", "the power is not in this body's 权责清单");
  }
  const problems = [];
  for (const [i, id] of p.officerIds.entries()) {
    const officer = context.officers.find((o) => o.id === id);
    if (!officer || officer.bodyId !== p.bodyId) {
      problems.push({ field: `officerIds[${i}]`, type: "NOT_BODY_OFFICER", message: "not an officer of this body" });
    } else if (officer.status !== "active") {
      problems.push({
        field: `officerIds[${i}]`,
        type: "OFFICER_NOT_ACTIVE",
        message: `officer ${officer.name} is ${officer.status}`,
      });
    }
  }
  if (problems.length) throw new InvalidInputError(problems);
  if (context.power.category === "行政处罚" && p.officerIds.length < 2) {
    throw invalid("officerIds", "行政处罚 needs at least two officers (行政处罚法 Art. 42)", "TOO_FEW_OFFICERS");
  }
  const now = deps.now();
  const c = Object.assign(new Case(), {
    id: newId(),
    bodyId: p.bodyId,
    powerId: context.power.id,
    powerCode: context.power.code,
    powerName: context.power.name,
    category: context.power.category,
    title: p.title,
    officerIds: p.officerIds,
    facts: p.facts,
    party,
    otherNames: p.otherNames ?? [],
    major: p.major ?? false,
    secret: p.secret ?? false,
    status: "registered" as const,
    resultId: null,
    createdBy: user.id,
    createdAt: now,
    updatedAt: now,
  });
  await deps.em().transactional(async (tx) => {
    // No ORM relation links the two, so the case is flushed first for the trail's foreign key.
    tx.persist(c);
    await tx.flush();
    tx.persist(
      Object.assign(new CaseStep(), {
        caseId: c.id,
        seq: 1,
        kind: "registered",
        fromStatus: null,
        toStatus: "registered",
        actorId: user.id,
        actorName: user.username,
        actorRole: user.role,
        at: now,
        note: p.note ?? null,
        documents: [],
      }),
    );
  });
  return caseView(deps.em(), c);
}
