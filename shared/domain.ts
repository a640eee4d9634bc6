/** The closed vocabularies of 行政执法公示, each English name once beside its Chinese term. */

/** 权力类别: the categories of administrative power in a 权责清单. */
export const POWER_CATEGORIES = [
  "行政许可", // licensing
  "行政处罚", // penalty
  "行政强制", // coercive measures
  "行政征收", // levy
  "行政征用", // requisition
  "行政给付", // benefits
  "行政检查", // inspection
  "行政确认", // confirmation
  "行政奖励", // reward
  "行政裁决", // adjudication
  "其他行政权力", // other powers
] as const;
export type PowerCategory = (typeof POWER_CATEGORIES)[number];

/** 执法人员 status: a revoked officer stays listed, as revoked. */
export const OFFICER_STATUSES = ["active", "suspended", "revoked"] as const;
export type OfficerStatus = (typeof OFFICER_STATUSES)[number];

/** 救济渠道: the remedies a party has against a decision. */
export const REMEDY_KINDS = ["行政复议", "行政诉讼", "其他"] as const;

/** The heading of a public notice of a decision of this kind. */
export function noticeTitle(category: PowerCategory): string {
  if (category === "行政检查") return "行政检查结果公示";
  if (category === "其他行政权力") return "行政执法决定公示";
  return `${category}决定公示`;
}

/** 行政相对人类别: 自然人, 法人及非法人组织, 个体工商户. */
export type PartyType = "natural" | "legal" | "individual";

/** 行政相对人, as filed (private fields included); only redacted copies ever reach the public. */
export interface Party {
  type: PartyType;
  name: string;
  creditCode?: string;
  idNumber?: string;
  legalRepresentative?: string;
  address?: string;
  phone?: string;
  email?: string;
  bankAccount?: string;
  minor?: boolean;
}
