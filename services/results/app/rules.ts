/** The rule table (deadlines, publicity periods, thresholds), one row administrators replace. */
import type { SessionUser } from "../../../lib/auth.js";
import type { RuleTable } from "../../../shared/rules.js";
import { RuleTableRow } from "../entities.js";
import { loadTables, recomputeDeadlines, type ResultsDeps, type Tables } from "./deps.js";

/**
 * Replaces the rule table and recomputes open deadlines; answers the tables now in force, for
 * the service to hold and announce.
 */
export async function putRules(deps: Pick<ResultsDeps, "em">, user: SessionUser, rules: RuleTable): Promise<Tables> {
  const em = deps.em();
  await em.upsert(RuleTableRow, { id: 1, rules, updatedBy: user.id, updatedAt: new Date() });
  const tables = await loadTables(deps.em());
  await recomputeDeadlines(em, tables);
  return tables;
}
