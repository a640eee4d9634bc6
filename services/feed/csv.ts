/**
 * The 双公示 penalty exchange format (行政处罚信息): columns in the order of the data standard, with
 * the standard Chinese headers or the CF_ codes. Only public values: a natural person's 证件类型 and
 * 证件号码 columns stay empty, as the law requires.
 */
import { csvCell } from "../../shared/csv-cell.js";
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

export const PENALTY_COLUMNS = [
  ["CF_WSH", "行政处罚决定书文号"],
  ["CF_XDR_MC", "行政相对人名称"],
  ["CF_XDR_LB", "行政相对人类别"],
  ["CF_XDR_SHXYM", "统一社会信用代码"],
  ["CF_FRDB", "法定代表人"],
  ["CF_XDR_ZJLX", "证件类型"],
  ["CF_XDR_ZJHM", "证件号码"],
  ["CF_WFXW", "违法行为类型"],
  ["CF_SY", "违法事实"],
  ["CF_YJ", "处罚依据"],
  ["CF_CFLB", "处罚类别"],
  ["CF_NR", "处罚内容"],
  ["CF_NR_FK", "罚款金额（万元）"],
  ["CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）"],
  ["CF_NR_ZKDX", "暂扣或吊销证照名称及编号"],
  ["CF_JDRQ", "处罚决定日期"],
  ["CF_YXQ", "处罚有效期"],
  ["CF_GSJZQ", "公示截止期"],
  ["CF_CFJG", "处罚机关"],
  ["CF_CFJGDM", "处罚机关统一社会信用代码"],
  ["CF_SJLY", "数据来源单位"],
  ["CF_SJLYDM", "数据来源单位统一社会信用代码"],
  ["BZ", "备注"],
] as const;

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
