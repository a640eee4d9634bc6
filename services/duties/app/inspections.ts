/** The random-inspection list (随机抽查事项清单): adding and changing its items. */
import { assertActsForBody, type SessionUser } from "../../../lib/auth.js";
import type { EntityManager } from "@mikro-orm/postgresql";
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { newId } from "../../../shared/ids.js";
import type { IdParams, InspectionItemView, InspectionParams } from "../contract.js";
import { InspectionItem } from "../entities.js";
import { inspectionView } from "../repository.js";
import { commitChange, requireBody, type DutiesDeps } from "./changes.js";

export async function createInspectionItem(
  deps: DutiesDeps,
  user: SessionUser,
  params: InspectionParams,
): Promise<InspectionItemView> {
  assertActsForBody(user, params.bodyId);
  await requireBody(deps.em, params.bodyId);
  const now = deps.now();
  const item = Object.assign(new InspectionItem(), {
    id: newId(),
    ...params,
    subItem: params.subItem ?? null,
    createdAt: now,
    updatedAt: now,
  });
  await commitChange(deps, "inspection", item.id, async (tx) => tx.persist(item));
  return inspectionView(item);
}

export async function updateInspectionItem(
  deps: DutiesDeps,
  user: SessionUser,
  params: InspectionParams & IdParams,
): Promise<InspectionItemView> {
  const { id, ...fields } = params;
  const item = await commitChange(deps, "inspection", id, async (tx) => {
    const found = await tx.findOne(InspectionItem, { id });
    if (!found) throw new NotFoundError("Inspection item", id);
    assertActsForBody(user, found.bodyId);
    if (fields.bodyId !== found.bodyId)
      throw fieldProblem("bodyId", "BODY_FIXED", "an item cannot move to another body");
    return Object.assign(found, { ...fields, subItem: fields.subItem ?? null, updatedAt: deps.now() });
  });
  return inspectionView(item);
}

export async function getInspectionItem(em: EntityManager, { id }: IdParams): Promise<InspectionItemView> {
  const item = await em.findOne(InspectionItem, { id });
  if (!item) throw new NotFoundError("Inspection item", id);
  return inspectionView(item);
}
