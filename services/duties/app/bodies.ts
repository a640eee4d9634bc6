/** Enforcement bodies (执法主体): registering and changing them, and the lookups other services make. */
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import { assertActsForBody, type SessionUser } from "../../../lib/auth.js";
import { ForbiddenError, NotFoundError } from "../../../lib/errors.js";
import { newId } from "../../../shared/ids.js";
import { normalizeCreditCode } from "../../../shared/identifiers.js";
import type { BodyParams, BodyView, CaseContext, CaseContextParams, IdParams } from "../contract.js";
import { Body, Officer, Power } from "../entities.js";
import { bodyView, officerView } from "../repository.js";
import { checkCreditCode, commitChange, unlessDuplicate, type DutiesDeps } from "./changes.js";

const DUPLICATE_CREDIT_CODE = ["creditCode", "This 统一社会信用代码", "DUPLICATE_CREDIT_CODE"] as const;

export async function createBody(deps: DutiesDeps, params: BodyParams): Promise<BodyView> {
  const creditCode = normalizeCreditCode(params.creditCode);
  checkCreditCode(creditCode);
  const now = deps.now();
  const body = Object.assign(new Body(), {
    id: newId(),
    ...params,
    creditCode,
    phone: params.phone ?? null,
    address: params.address ?? null,
    createdAt: now,
    updatedAt: now,
  });
  await unlessDuplicate(...DUPLICATE_CREDIT_CODE, () =>
    commitChange(deps, "body", body.id, async (tx) => tx.persist(body)),
  );
  return bodyView(body);
}

/** An officer of the body may change its details; who the body is stays the administrator's to say. */
export async function updateBody(
  deps: DutiesDeps,
  user: SessionUser,
  params: BodyParams & IdParams,
): Promise<BodyView> {
  assertActsForBody(user, params.id);
  const creditCode = normalizeCreditCode(params.creditCode);
  checkCreditCode(creditCode);
  const { id, ...fields } = params;
  const body = await unlessDuplicate(...DUPLICATE_CREDIT_CODE, () =>
    commitChange(deps, "body", id, async (tx) => {
      const found = await tx.findOne(Body, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!found) throw new NotFoundError("Body", id);
      // Who the body is (its name and 统一社会信用代码) is the registrar's to say: only an administrator changes it.
      if (user.role !== "admin" && (fields.name !== found.name || creditCode !== found.creditCode)) {
        throw new ForbiddenError("只有管理员可以修改执法主体的名称或统一社会信用代码", "BODY_IDENTITY_ADMIN_ONLY");
      }
      return Object.assign(found, {
        ...fields,
        creditCode,
        phone: fields.phone ?? null,
        address: fields.address ?? null,
        updatedAt: deps.now(),
      });
    }),
  );
  return bodyView(body);
}

export async function bodyExists(em: EntityManager, { id }: IdParams): Promise<boolean> {
  return (await em.count(Body, { id })) > 0;
}

export async function getBody(em: EntityManager, { id }: IdParams): Promise<BodyView> {
  const body = await em.findOne(Body, { id });
  if (!body) throw new NotFoundError("Body", id);
  return bodyView(body);
}

/** The body, the current version of the power and the named officers, so cases can check they belong together. */
export async function caseContext(em: EntityManager, params: CaseContextParams): Promise<CaseContext> {
  const [body, power, officers] = await Promise.all([
    em.findOne(Body, { id: params.bodyId }),
    em.findOne(Power, { id: params.powerId }),
    params.officerIds.length ? em.find(Officer, { id: { $in: params.officerIds } }) : [],
  ]);
  return {
    body: body ? bodyView(body) : null,
    power: power
      ? {
          id: power.id,
          bodyId: power.bodyId,
          code: power.code,
          name: power.name,
          category: power.category,
          version: power.currentVersion,
        }
      : null,
    officers: officers.map(officerView),
  };
}
