/**
 * For the reports service: a body's licensing cases registered in a year as 行政许可申请. The
 * platform registers a licensing case on acceptance (受理), so its registration day is both the
 * day applied and the day accepted (shared/reports/enforcement.ts).
 */
import { chinaToday } from "../../../shared/dates.js";
import type { LicenceApplicationRecord } from "../../../shared/reports.js";
import { Case } from "../entities.js";
import type { CasesDeps } from "./records.js";

export async function reportLicenceApplications(
  deps: Pick<CasesDeps, "em">,
  p: { bodyId: string; year: number },
): Promise<LicenceApplicationRecord[]> {
  // A day's margin either side of the China year; the reports count by China day.
  const from = new Date(Date.UTC(p.year - 1, 11, 31));
  const until = new Date(Date.UTC(p.year + 1, 0, 2));
  const rows = await deps
    .em()
    .find(
      Case,
      { bodyId: p.bodyId, category: "行政许可", createdAt: { $gte: from, $lt: until } },
      { fields: ["createdAt"], orderBy: { createdAt: "asc" } },
    );
  return rows.map((c) => {
    const day = chinaToday(c.createdAt);
    return { appliedOn: day, acceptedOn: day };
  });
}
