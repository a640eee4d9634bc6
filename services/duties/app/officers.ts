/** The officer roster (执法人员): adding officers, changing them, and their status (suspended, revoked). */
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import { assertActsForBody, type SessionUser } from "../../../lib/auth.js";
import { ConflictError, fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { newId } from "../../../shared/ids.js";
import { normalizeCertificateNo } from "../../../shared/identifiers.js";
import type { IdParams, OfficerParams, OfficerStatusParams, OfficerView } from "../contract.js";
import { Officer } from "../entities.js";
import { officerView } from "../repository.js";
import { commitChange, requireBody, unlessDuplicate, type DutiesDeps } from "./changes.js";

const DUPLICATE_CERTIFICATE_NO = ["certificateNo", "This 执法证号", "DUPLICATE_CERTIFICATE_NO"] as const;

export async function createOfficer(deps: DutiesDeps, user: SessionUser, params: OfficerParams): Promise<OfficerView> {
  assertActsForBody(user, params.bodyId);
  await requireBody(deps.em, params.bodyId);
  const now = deps.now();
  const officer = Object.assign(new Officer(), {
    id: newId(),
    ...params,
    certificateNo: normalizeCertificateNo(params.certificateNo),
    region: params.region ?? null,
    status: "active" as const,
    statusReason: null,
    statusChangedAt: now,
    createdAt: now,
    updatedAt: now,
  });
  await unlessDuplicate(...DUPLICATE_CERTIFICATE_NO, () =>
    commitChange(deps, "officer", officer.id, async (tx) => tx.persist(officer)),
  );
  return officerView(officer);
}

export async function updateOfficer(
  deps: DutiesDeps,
  user: SessionUser,
  params: OfficerParams & IdParams,
): Promise<OfficerView> {
  const officer = await unlessDuplicate(...DUPLICATE_CERTIFICATE_NO, () =>
    commitChange(deps, "officer", params.id, async (tx) => {
      const found = await tx.findOne(Officer, { id: params.id });
      if (!found) throw new NotFoundError("Officer", params.id);
      assertActsForBody(user, found.bodyId);
      if (params.bodyId !== found.bodyId) {
        throw fieldProblem("bodyId", "BODY_FIXED", "an officer cannot move to another body; register them there anew");
      }
      return Object.assign(found, {
        name: params.name,
        certificateNo: normalizeCertificateNo(params.certificateNo),
        fields: params.fields,
        region: params.region ?? null,
        updatedAt: deps.now(),
      });
    }),
  );
  return officerView(officer);
}

/** Suspends, reinstates or revokes an officer; a revoked certificate is final (a new one is registered). */
export async function setOfficerStatus(
  deps: DutiesDeps,
  user: SessionUser,
  params: OfficerStatusParams,
): Promise<OfficerView> {
  const officer = await commitChange(deps, "officer", params.id, async (tx) => {
    const found = await tx.findOne(Officer, { id: params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!found) throw new NotFoundError("Officer", params.id);
    assertActsForBody(user, found.bodyId);
    if (found.status === "revoked" && params.status !== "revoked") {
      throw new ConflictError("A revoked certificate cannot be reinstated; register a new one", "OFFICER_REVOKED");
    }
    if (params.status !== "active" && !params.reason) {
      throw fieldProblem("reason", "REASON_REQUIRED", `a reason is required to mark an officer ${params.status}`);
    }
    const now = deps.now();
    return Object.assign(found, {
      status: params.status,
      statusReason: params.reason ?? null,
      statusChangedAt: now,
      updatedAt: now,
    });
  });
  return officerView(officer);
}

export async function getOfficer(em: EntityManager, { id }: IdParams): Promise<OfficerView> {
  const officer = await em.findOne(Officer, { id });
  if (!officer) throw new NotFoundError("Officer", id);
  return officerView(officer);
}

/** A body's active officers, by id (the roster a random-inspection plan draws from). */
export async function roster(em: EntityManager, { bodyId }: { bodyId: string }): Promise<OfficerView[]> {
  const officers = await em.find(Officer, { bodyId, status: "active" }, { orderBy: { id: "asc" } });
  return officers.map(officerView);
}
