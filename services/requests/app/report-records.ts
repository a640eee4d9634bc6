/**
 * For the reports service: what tables 三 and 四 and the 信息处理费 sentence count of a body's
 * year — each request's applicant kind (the column, not who), 收到日 and end; each remedy's track,
 * filing and conclusion; each fee notice's day, amount and payment. Nothing that identifies anyone.
 */
import type { InformationFeeRecord, RemedyRecord, RemedyTrack, RequestRecord } from "../../../shared/reports.js";
import type { RemedyKind } from "../../../shared/requests.js";
import type { ReportRecords } from "../contract.js";
import { InfoRequest, Remedy } from "../entities.js";
import type { RequestsDeps } from "./records.js";

const TRACKS: Record<RemedyKind, RemedyTrack> = {
  reconsideration: "review",
  lawsuit: "direct_suit",
  lawsuit_after_reconsideration: "suit_after_review",
};

export async function reportRecords(
  deps: Pick<RequestsDeps, "em">,
  p: { bodyId: string; year: number },
): Promise<ReportRecords> {
  const em = deps.em();
  const first = `${p.year}-01-01`;
  const last = `${p.year}-12-31`;
  // Received by the year's end and still open at its start: everything tables 三 and 四 may count.
  const rows = await em.find(
    InfoRequest,
    { bodyId: p.bodyId, receivedOn: { $ne: null, $lte: last } },
    { fields: ["id", "applicantKind", "receivedOn", "outcomeType", "outcomeOn", "fee"], orderBy: { id: "asc" } },
  );
  const requests: RequestRecord[] = rows
    .filter((r) => r.outcomeOn === null || r.outcomeOn >= first)
    .map((r) => ({
      applicantKind: r.applicantKind,
      receivedOn: r.receivedOn as string,
      closed: r.outcomeType && r.outcomeOn ? { answerType: r.outcomeType, on: r.outcomeOn } : null,
    }));
  const informationFees: InformationFeeRecord[] = rows.flatMap((r) =>
    r.fee ? [{ notifiedOn: r.fee.noticedOn, amountYuan: r.fee.yuan, paidOn: r.fee.paidOn }] : [],
  );
  const remedyRows = rows.length
    ? await em.find(Remedy, { requestId: { $in: rows.map((r) => r.id) } }, { orderBy: { id: "asc" } })
    : [];
  const remedies: RemedyRecord[] = remedyRows.map((r) => ({
    track: TRACKS[r.kind],
    filedOn: r.filedOn,
    concluded: r.outcome !== "pending" && r.decidedOn ? { outcome: r.outcome, on: r.decidedOn } : null,
  }));
  return { requests, remedies, informationFees };
}
