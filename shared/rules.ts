/**
 * The rule table: where national, departmental and provincial rules differ, the numbers live
 * here, editable by an administrator, never hard-coded at the place that uses them.
 */
import { POWER_CATEGORIES, type PowerCategory } from "./domain.js";

/** 处罚类别 (行政处罚法 2021 Art. 9). */
export const PENALTY_CATEGORIES = [
  "警告",
  "通报批评",
  "罚款",
  "没收违法所得",
  "没收非法财物",
  "暂扣许可证件",
  "降低资质等级",
  "吊销许可证件",
  "限制开展生产经营活动",
  "责令停产停业",
  "责令关闭",
  "限制从业",
  "行政拘留",
  "其他",
] as const;
export type PenaltyCategory = (typeof PENALTY_CATEGORIES)[number];

export interface RuleTable {
  /** Working days from the decision to publication, by kind; `default` for kinds not listed. */
  publicationDeadlineDays: Partial<Record<PowerCategory, number>> & { default: number };
  /** Working days to withdraw a revoked decision (行政处罚法 Art. 48: 3 days). */
  withdrawalDeadlineDays: number;
  /** Publish penalties whose only category is 警告 (SAMR Order 45 says no). */
  publishWarningOnly: boolean;
  /** 公示期 in months. */
  publicity: {
    /** 通报批评, or a fine (with nothing heavier) below `minorFineBelowYuan`. */
    minorPenaltyMonths: number;
    minorFineBelowYuan: number;
    /** Any other penalty. */
    penaltyMonths: number;
    /** Decisions of other kinds. */
    otherMonths: number;
  };
  /** A decided fine at or above these (元) makes the decision 重大, needing 法制审核 first. */
  majorFineYuan: { natural: number; individual: number; legal: number };
  /** Working days to answer public feedback. */
  feedbackReplyDays: number;
}

export const DEFAULT_RULES: RuleTable = {
  publicationDeadlineDays: { 行政许可: 7, 行政处罚: 7, default: 20 },
  withdrawalDeadlineDays: 3,
  publishWarningOnly: false,
  publicity: { minorPenaltyMonths: 3, minorFineBelowYuan: 10_000, penaltyMonths: 36, otherMonths: 36 },
  majorFineYuan: { natural: 10_000, individual: 50_000, legal: 100_000 },
  feedbackReplyDays: 15,
};

const days = { type: "number", integer: true, min: 1, max: 365 } as const;
const months = { type: "number", integer: true, min: 1, max: 120 } as const;
const yuan = { type: "number", min: 0, max: 1e12 } as const;

/** fastest-validator schema of a rule table (every field required: a table is replaced whole). */
export const RULE_TABLE_SCHEMA = {
  publicationDeadlineDays: {
    type: "object",
    props: {
      default: days,
      ...Object.fromEntries(POWER_CATEGORIES.map((c) => [c, { ...days, optional: true }])),
    },
  },
  withdrawalDeadlineDays: days,
  publishWarningOnly: { type: "boolean" },
  publicity: {
    type: "object",
    props: { minorPenaltyMonths: months, minorFineBelowYuan: yuan, penaltyMonths: months, otherMonths: months },
  },
  majorFineYuan: { type: "object", props: { natural: yuan, individual: yuan, legal: yuan } },
  feedbackReplyDays: days,
};

export function publicationDeadlineDays(rules: RuleTable, kind: PowerCategory): number {
  return rules.publicationDeadlineDays[kind] ?? rules.publicationDeadlineDays.default;
}

export interface PenaltyFacts {
  categories: PenaltyCategory[];
  fineAmount?: number;
}

/** Adds months to a YYYY-MM-DD date, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, monthsToAdd: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + monthsToAdd;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const LIGHT: readonly PenaltyCategory[] = ["警告", "通报批评", "罚款"];

/** The publicity period (公示期) of a decision, in months (SAMR Order 45 by default). */
export function publicityMonths(rules: RuleTable, kind: PowerCategory, penalty?: PenaltyFacts): number {
  if (kind !== "行政处罚" || !penalty) return rules.publicity.otherMonths;
  const onlyLight = penalty.categories.every((c) => LIGHT.includes(c));
  const smallFine =
    !penalty.categories.includes("罚款") || (penalty.fineAmount ?? 0) < rules.publicity.minorFineBelowYuan;
  return onlyLight && smallFine ? rules.publicity.minorPenaltyMonths : rules.publicity.penaltyMonths;
}

/** The last day a notice stays in public listings: publication date plus the publicity period. */
export function publicityEnds(
  rules: RuleTable,
  publishedOn: string,
  kind: PowerCategory,
  penalty?: PenaltyFacts,
): string {
  return addMonths(publishedOn, publicityMonths(rules, kind, penalty));
}

export function fineRequiresReview(
  rules: RuleTable,
  partyType: keyof RuleTable["majorFineYuan"],
  fine?: number,
): boolean {
  return fine !== undefined && fine >= rules.majorFineYuan[partyType];
}

export interface PublicationFacts {
  minor: boolean;
  secret: boolean;
  kind: PowerCategory;
  penalty?: PenaltyFacts;
}

/** Why a decision must not be published, or undefined when it may be. */
export function publicationBlock(
  rules: RuleTable,
  facts: PublicationFacts,
): { type: string; reason: string } | undefined {
  if (facts.minor) {
    return { type: "MINOR", reason: "对未成年人的处罚决定不予公开 (decisions on minors are never published)" };
  }
  if (facts.secret) {
    return {
      type: "SECRET",
      reason: "案件主要事实涉及国家秘密、商业秘密或个人隐私，不予公开 (the case is flagged secret)",
    };
  }
  const categories = facts.penalty?.categories ?? [];
  if (
    facts.kind === "行政处罚" &&
    categories.length > 0 &&
    categories.every((c) => c === "警告") &&
    !rules.publishWarningOnly
  ) {
    return { type: "WARNING_ONLY", reason: "仅受到警告的行政处罚不予公示 (warning-only penalties are not published)" };
  }
  return undefined;
}
