/** The list of powers (权责清单): every change to a power is a new version; earlier ones stay readable. */
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import { assertActsForBody, type SessionUser } from "../../../lib/auth.js";
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import type { PowerCategory } from "../../../shared/domain.js";
import { newId } from "../../../shared/ids.js";
import type { IdParams, PowerParams, PowerView, PowerWithHistoryView, RevisePowerParams } from "../contract.js";
import { Power, PowerVersion } from "../entities.js";
import { powerVersionView, powerView, powerWithHistory } from "../repository.js";
import { commitChange, requireBody, unlessDuplicate, type DutiesDeps } from "./changes.js";

const DUPLICATE_POWER_CODE = ["code", "This power code", "DUPLICATE_POWER_CODE"] as const;

function versionOf(
  powerId: string,
  version: number,
  p: PowerParams & { changeNote?: string },
  userId: string,
  at: Date,
): PowerVersion {
  return Object.assign(new PowerVersion(), {
    powerId,
    version,
    code: p.code,
    name: p.name,
    category: p.category,
    basis: p.basis,
    standards: p.standards ?? null,
    procedure: (p.procedure ?? []).map((s) => (typeof s === "string" ? { name: s } : s)),
    timeLimitDays: p.timeLimitDays ?? null,
    remedies: p.remedies ?? null,
    supervisionPhone: p.supervisionPhone ?? null,
    changeNote: p.changeNote ?? null,
    effectiveFrom: at,
    createdBy: userId,
  });
}

export async function createPower(
  deps: DutiesDeps,
  user: SessionUser,
  params: PowerParams,
): Promise<PowerWithHistoryView> {
  assertActsForBody(user, params.bodyId);
  await requireBody(deps.em, params.bodyId);
  const now = deps.now();
  const power = Object.assign(new Power(), {
    id: newId(),
    bodyId: params.bodyId,
    code: params.code,
    name: params.name,
    category: params.category,
    currentVersion: 1,
    createdAt: now,
    updatedAt: now,
  });
  const version = versionOf(power.id, 1, params, user.id, deps.now());
  await unlessDuplicate(...DUPLICATE_POWER_CODE, () =>
    commitChange(deps, "power", power.id, async (tx) => {
      tx.persist(power);
      await tx.flush();
      tx.persist(version);
    }),
  );
  return { ...powerView(power, version), history: [powerVersionView(version)] };
}

/** A new version of a power (动态调整), under a row lock so concurrent revisions get consecutive versions. */
export async function revisePower(
  deps: DutiesDeps,
  user: SessionUser,
  params: RevisePowerParams,
): Promise<PowerWithHistoryView> {
  const existing = await deps.em.findOne(Power, { id: params.id });
  if (!existing) throw new NotFoundError("Power", params.id);
  assertActsForBody(user, existing.bodyId);
  if (params.bodyId !== existing.bodyId) {
    throw fieldProblem("bodyId", "BODY_FIXED", "a power cannot move to another body");
  }
  return unlessDuplicate(...DUPLICATE_POWER_CODE, () =>
    commitChange(deps, "power", params.id, async (em) => {
      const power = await em.findOneOrFail(Power, { id: params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const version = versionOf(power.id, power.currentVersion + 1, params, user.id, deps.now());
      Object.assign(power, {
        code: params.code,
        name: params.name,
        category: params.category,
        currentVersion: version.version,
        updatedAt: version.effectiveFrom,
      });
      em.persist(version);
      await em.flush();
      const history = await em.find(PowerVersion, { powerId: power.id }, { orderBy: { version: "desc" } });
      return powerWithHistory(power, history);
    }),
  );
}

/** The categories of a body's powers, each once (every version counts: a power re-categorised still held it). */
export async function powerCategories(em: EntityManager, { bodyId }: { bodyId: string }): Promise<PowerCategory[]> {
  const rows = await em.getConnection().execute<{ category: PowerCategory }[]>(
    `select distinct v.category from duties.power_versions v join duties.powers p on p.id = v.power_id
        where p.body_id = ? order by v.category`,
    [bodyId],
  );
  return rows.map((r) => r.category);
}

/** One power with its current version, for other services (results snapshots its remedies). */
export async function getPower(em: EntityManager, { id }: IdParams): Promise<PowerView> {
  const power = await em.findOne(Power, { id });
  if (!power) throw new NotFoundError("Power", id);
  const current = await em.findOneOrFail(PowerVersion, { powerId: id, version: power.currentVersion });
  return powerView(power, current);
}
