/**
 * The 双公示 penalty exchange format (行政处罚信息): columns in the order of the data standard, with
 * the standard Chinese headers or the CF_ codes. Only public values: a natural person's 证件类型 and
 * 证件号码 columns stay empty, as the law requires.
 */
import { csvCell } from "../../shared/csv-cell.js";
import { PENALTY_COLUMNS } from "../../shared/exchange-columns.js";
import { yuanToWan, type PublicRecord } from "../../shared/public-record.js";

interface CsvSource {
  decision_no: string;
  party_name: string;
  body_name: string;
  expires_on: string | Date;
  record: unknown;
  status?: string;
  reason?: string | null;
}

/** 备注 of a notice taken down: it is a tombstone row, with no party, facts or penalty. */
const TAKEN_DOWN_NOTES: Record<string, string> = { withdrawn: "已撤下", corrected: "已更正", expired: "已过公示期" };

export { PENALTY_COLUMNS };

export function csvHeader(kind: "name" | "code"): string {
  return PENALTY_COLUMNS.map(([code, name]) => csvCell(kind === "code" ? code : name)).join(",") + "\r\n";
}

function date(value: string | Date): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

export function csvRow(n: CsvSource): string {
  // A tombstone's record has no party, facts or penalty (shared/tombstone.ts).
  const r = n.record as Partial<PublicRecord>;
  const p = r.penalty;
  const note = n.status ? TAKEN_DOWN_NOTES[n.status] : undefined;
  const cells: Record<string, string | undefined> = {
    CF_WSH: n.decision_no,
    CF_XDR_MC: n.party_name,
    CF_XDR_LB: r.party?.typeLabel,
    CF_XDR_SHXYM: r.party?.creditCode,
    CF_FRDB: r.party?.legalRepresentative,
    CF_XDR_ZJLX: undefined,
    CF_XDR_ZJHM: undefined,
    CF_WFXW: p?.violationType,
    CF_SY: r.facts,
    CF_YJ: r.basis,
    CF_CFLB: p?.categories.join(";"),
    CF_NR: p?.content,
    CF_NR_FK: p?.fineAmount !== undefined ? yuanToWan(p.fineAmount) : undefined,
    CF_NR_WFFF: p?.confiscatedAmount !== undefined ? yuanToWan(p.confiscatedAmount) : undefined,
    CF_NR_ZKDX: p?.licenceAction,
    CF_JDRQ: r.decidedOn,
    CF_YXQ: p?.validUntil,
    CF_GSJZQ: date(n.expires_on),
    CF_CFJG: r.bodyName,
    CF_CFJGDM: r.bodyCreditCode,
    CF_SJLY: r.bodyName,
    CF_SJLYDM: r.bodyCreditCode,
    BZ: note && (n.reason ? `${note}：${n.reason}` : note),
  };
  return PENALTY_COLUMNS.map(([code]) => csvCell(cells[code])).join(",") + "\r\n";
}
