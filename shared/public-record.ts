/**
 * What the public may see of a decision: the redacted record (JSON), the labelled fields and text
 * sections the PDF prints, and the log of every redaction. Every public output starts here, so
 * nothing reaches the public without passing the redaction module.
 */
import { chineseDate, isCalendarDate } from "./dates.js";
import { noticeTitle, type Party, type PowerCategory } from "./domain.js";
import { DECISION_REDACTION_SPEC, redactRecord, type Redaction } from "./redaction.js";
import type { PenaltyCategory } from "./rules.js";

/** 处罚 of a decision, in the 双公示 fields. */
export interface Penalty {
  categories: PenaltyCategory[];
  content: string;
  /** 罚款金额, in 元 (the 双公示 export shows 万元). */
  fineAmount?: number;
  /** 没收违法所得/非法财物金额, in 元. */
  confiscatedAmount?: number;
  /** 暂扣或吊销证照名称及编号. */
  licenceAction?: string;
  /** 违法行为类型. */
  violationType?: string;
  /** 处罚有效期. */
  validUntil?: string;
}

/** 许可类别 of the 双公示 licence fields. */
export const LICENCE_CATEGORIES = ["普通", "特许", "认可", "核准", "登记", "其他"] as const;

/**
 * What a licensing decision decides: to grant, to refuse (不予许可, 行政许可法 Art. 38), or to revoke a
 * licence granted before (撤销, Art. 69 — its own decision). The 行政执法年度数据 counts each apart.
 */
export const LICENCE_OUTCOMES = ["准予许可", "不予许可", "撤销许可"] as const;
export type LicenceOutcome = (typeof LICENCE_OUTCOMES)[number];

/** 行政许可 of a decision, in the 双公示 fields. */
export interface Licence {
  /** Absent on licences recorded before outcomes were: those granted. */
  outcome?: LicenceOutcome;
  documentName: string;
  category: string;
  certificateName?: string;
  licenceNo?: string;
  content: string;
  validFrom?: string;
  validTo?: string;
}

export interface DecisionContent {
  title: string;
  kind: PowerCategory;
  decisionNo: string;
  decidedOn: string;
  bodyName: string;
  bodyCreditCode: string;
  powerCode: string;
  powerName: string;
  party: Party;
  facts: string;
  conclusion: string;
  basis: string;
  penalty?: Penalty;
  licence?: Licence;
  /** Names of other natural persons to mask wherever they appear. */
  maskNames: string[];
}

/** 相对人类别 as the 双公示 standard names it. */
export const PARTY_TYPE_LABELS = { legal: "法人及非法人组织", natural: "自然人", individual: "个体工商户" } as const;

export type PublicRecord = Omit<DecisionContent, "maskNames" | "party"> & {
  party: {
    type: DecisionContent["party"]["type"];
    typeLabel: string;
    name: string;
    creditCode?: string;
    legalRepresentative?: string;
    address?: string;
  };
};

export interface PublicField {
  label: string;
  value: string;
}

export interface PublicNotice {
  /** The document title, e.g. 行政处罚决定公示. */
  title: string;
  record: PublicRecord;
  fields: PublicField[];
  text: { heading: string; body: string }[];
  redactions: Redaction[];
}

/** 元 → 万元 as the 双公示 exchange wants it: up to six decimals, no trailing zeros. */
export function yuanToWan(yuan: number): string {
  return (yuan / 10_000).toFixed(6).replace(/\.?0+$/, "");
}

export function buildPublicNotice(d: DecisionContent): PublicNotice {
  const { maskNames, ...content } = d;
  const { value, redactions } = redactRecord(content, DECISION_REDACTION_SPEC, { names: maskNames });
  const party = value.party;
  const record: PublicRecord = {
    ...value,
    party: {
      type: party.type,
      typeLabel: PARTY_TYPE_LABELS[party.type],
      name: party.name,
      ...(party.creditCode ? { creditCode: party.creditCode } : {}),
      ...(party.legalRepresentative ? { legalRepresentative: party.legalRepresentative } : {}),
      ...(party.address ? { address: party.address } : {}),
    },
  };

  return { title: noticeTitle(record.kind), record, fields: fieldsOf(record), text: sectionsOf(record), redactions };
}

/** A record's date as the notice prints it: 2025年3月1日; anything not a calendar date as it is. */
function peopleDate(value: string): string {
  return isCalendarDate(value) ? chineseDate(value) : value;
}

/**
 * The labelled fields of a public record, in the order the PDF, the preview and the portal show
 * them: for people, so dates read 年月日; the record itself keeps them ISO (JSON, CSV, exchange).
 */
export function fieldsOf(record: PublicRecord): PublicField[] {
  const fields: PublicField[] = [];
  const add = (label: string, v: string | undefined) => {
    if (v !== undefined && v !== "") fields.push({ label, value: v });
  };
  add("执法机关", record.bodyName);
  add("执法机关统一社会信用代码", record.bodyCreditCode);
  add("执法对象", record.party.name);
  add("相对人类别", record.party.typeLabel);
  add("统一社会信用代码", record.party.creditCode);
  add(record.party.type === "individual" ? "经营者" : "法定代表人", record.party.legalRepresentative);
  add("执法类别", record.kind);
  // An imported historic record names no power code: its 执法事项 alone.
  add("执法事项", record.powerCode ? `${record.powerName}（${record.powerCode}）` : record.powerName);
  add("决定文书号", record.decisionNo);
  add("决定日期", peopleDate(record.decidedOn));
  const p = record.penalty;
  if (p) {
    add("违法行为类型", p.violationType);
    add("处罚类别", p.categories.join("、"));
    add("处罚内容", p.content);
    if (p.fineAmount !== undefined) add("罚款金额（万元）", yuanToWan(p.fineAmount));
    if (p.confiscatedAmount !== undefined)
      add("没收违法所得、没收非法财物金额（万元）", yuanToWan(p.confiscatedAmount));
    add("暂扣或吊销证照名称及编号", p.licenceAction);
    add("处罚有效期", p.validUntil && peopleDate(p.validUntil));
  }
  const l = record.licence;
  if (l) {
    add("许可决定", l.outcome ?? "准予许可");
    add("许可决定文书名称", l.documentName);
    add("许可类别", l.category);
    add("许可证书名称", l.certificateName);
    add("许可编号", l.licenceNo);
    add("许可内容", l.content);
    add("有效期自", l.validFrom && peopleDate(l.validFrom));
    add("有效期至", l.validTo && peopleDate(l.validTo));
  }
  add("执法依据", record.basis);
  return fields;
}

/** The running-text sections of a public record. */
export function sectionsOf(record: PublicRecord): { heading: string; body: string }[] {
  return [
    { heading: "案件事实", body: record.facts },
    { heading: "执法结论", body: record.conclusion },
  ];
}
