/**
 * For the reports service: a body's published 行政规范性文件 as table 二 counts them — their dates
 * and status events (废止, 修改), published on or before the year's last day.
 */
import type { DocumentRecord } from "../../../shared/reports.js";
import { NormativeDocument, StatusEvent } from "../entities.js";
import type { DocumentsDeps } from "./deps.js";
import { datesOf, ruleEvents } from "./views.js";

export async function reportDocuments(
  deps: Pick<DocumentsDeps, "em">,
  p: { bodyId: string; year: number },
): Promise<DocumentRecord[]> {
  const em = deps.em();
  const docs = await em.find(
    NormativeDocument,
    { bodyId: p.bodyId, stage: "published", publishedOn: { $lte: `${p.year}-12-31` } },
    { orderBy: { id: "asc" } },
  );
  const events = docs.length
    ? await em.find(
        StatusEvent,
        { documentId: { $in: docs.map((d) => d.id) } },
        { orderBy: { documentId: "asc", seq: "asc" } },
      )
    : [];
  return docs.flatMap((d) => {
    const dates = datesOf(d);
    if (!dates) return [];
    const own = events.filter((e) => e.documentId === d.id);
    return [{ kind: "normative" as const, dates, events: ruleEvents(own) }];
  });
}
