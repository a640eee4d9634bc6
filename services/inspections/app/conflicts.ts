/**
 * 回避: an officer declares a conflict with an entity (a relative works there, a former employer…);
 * plans published afterwards never assign them to inspect it. The pairs are public with the plan
 * (the draw reads them); the reason is not.
 */
import type { SessionUser } from "../../../lib/auth.js";
import { assertActsForBody, bodyFor } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { ConflictError, dependencyCall, fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { creditCodeFieldProblem } from "../../../shared/credit-code.js";
import { newId } from "../../../shared/ids.js";
import { normalizeCreditCode } from "../../../shared/identifiers.js";
import { duties } from "../../duties/contract.js";
import type { ConflictView, DeclareConflictParams } from "../contract.js";
import { iso, type InspectionsDeps } from "./deps.js";

interface ConflictRowDb {
  id: string;
  body_id: string;
  officer_id: string;
  credit_code: string;
  reason: string;
  declared_at: Date;
  withdrawn_at: Date | null;
}

const view = (r: ConflictRowDb): ConflictView => ({
  id: r.id,
  bodyId: r.body_id,
  officerId: r.officer_id,
  creditCode: r.credit_code,
  reason: r.reason,
  declaredAt: iso(r.declared_at),
  withdrawnAt: r.withdrawn_at ? iso(r.withdrawn_at) : null,
});

export async function declareConflict(
  deps: InspectionsDeps,
  user: SessionUser,
  p: DeclareConflictParams,
): Promise<ConflictView> {
  const creditCode = normalizeCreditCode(p.creditCode);
  const problem = creditCodeFieldProblem("creditCode", creditCode);
  if (problem) throw fieldProblem(problem.field, problem.type, problem.message);
  const officer = await dependencyCall("duties", () =>
    call(deps.caller, duties.getOfficer, { id: p.officerId }).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    }),
  );
  if (!officer) throw fieldProblem("officerId", "OFFICER_UNKNOWN", "no such officer");
  assertActsForBody(user, officer.bodyId);
  const row: ConflictRowDb = {
    id: newId(),
    body_id: officer.bodyId,
    officer_id: officer.id,
    credit_code: creditCode,
    reason: p.reason,
    declared_at: deps.now(),
    withdrawn_at: null,
  };
  try {
    await deps.db.query(
      `insert into inspections.conflicts (id, body_id, officer_id, credit_code, reason, declared_by, declared_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.body_id, row.officer_id, row.credit_code, row.reason, user.id, row.declared_at],
    );
  } catch (err) {
    if (isUniqueViolation(err, "conflicts_current_unique"))
      throw new ConflictError("the officer has declared this conflict already", "CONFLICT_DECLARED");
    throw err;
  }
  return view(row);
}

export async function listConflicts(
  deps: InspectionsDeps,
  user: SessionUser,
  p: { bodyId?: string; officerId?: string },
): Promise<ConflictView[]> {
  const bodyId = bodyFor(user, p.bodyId);
  const { rows } = await deps.db.query<ConflictRowDb>(
    `select * from inspections.conflicts where body_id = $1 and ($2::text is null or officer_id = $2)
     order by declared_at desc limit 1000`,
    [bodyId, p.officerId ?? null],
  );
  return rows.map(view);
}

/** Withdraws a declaration: plans published from now on may assign the officer again; published ones keep it. */
export async function withdrawConflict(deps: InspectionsDeps, user: SessionUser, id: string): Promise<ConflictView> {
  const { rows } = await deps.db.query<ConflictRowDb>(`select * from inspections.conflicts where id = $1`, [id]);
  const found = rows[0];
  if (!found) throw new NotFoundError("Conflict", id);
  assertActsForBody(user, found.body_id);
  if (found.withdrawn_at) return view(found);
  const { rows: updated } = await deps.db.query<ConflictRowDb>(
    `update inspections.conflicts set withdrawn_at = $2 where id = $1 returning *`,
    [id, deps.now()],
  );
  return view(updated[0] as ConflictRowDb);
}
