/**
 * For the reports service: a body's decisions of a year as the annual reports count them — kind,
 * 决定日期, for a penalty its categories and amounts as fixed in the decision, for a licence what it
 * decides (准予, 不予, 撤销). No party, no
 * facts: nothing personal crosses.
 */
import type { DecisionRecord } from "../../../shared/reports.js";
import type { ReportYearParams } from "../contract.js";
import { Result } from "../entities.js";
import type { ResultsDeps } from "./deps.js";

export async function reportDecisions(deps: Pick<ResultsDeps, "em">, p: ReportYearParams): Promise<DecisionRecord[]> {
  const rows = await deps
    .em()
    .find(
      Result,
      { bodyId: p.bodyId, decidedOn: { $gte: `${p.year}-01-01`, $lte: `${p.year}-12-31` } },
      { fields: ["kind", "decidedOn", "penalty", "licence"], orderBy: { decidedOn: "asc", id: "asc" } },
    );
  return rows.map((r) => ({
    kind: r.kind,
    decidedOn: r.decidedOn,
    penalty: r.penalty
      ? {
          categories: r.penalty.categories,
          ...(r.penalty.fineAmount !== undefined ? { fineAmount: r.penalty.fineAmount } : {}),
          ...(r.penalty.confiscatedAmount !== undefined ? { confiscatedAmount: r.penalty.confiscatedAmount } : {}),
        }
      : null,
    ...(r.kind === "行政许可" ? { licenceOutcome: r.licence?.outcome ?? "准予许可" } : {}),
  }));
}
