/**
 * The results of a random inspection (检查结果), one per drawn entity, public within 20 working
 * days of the inspection (BRIEF.md "双随机、一公开"). The outcomes are those of the national
 * 双随机、一公开 result list; 已立案查处 links the case's notice once it is published.
 */
export const INSPECTION_OUTCOMES = [
  "未发现问题",
  "发现问题已责令整改",
  "发现问题待后续处理",
  "已立案查处",
  "未发现开展本次抽查涉及的经营活动",
  "通过登记的住所（经营场所）无法联系",
  "不配合检查",
] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

/** Working days within which a result is published, counted after the inspection day. */
export const RESULT_WORKING_DAYS = 20;

export class ResultRefusal extends Error {
  constructor(
    readonly field: string,
    readonly type: string,
    message: string,
    readonly values: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The inspection day is on or after the draw and not in the future (China dates, YYYY-MM-DD). */
export function checkInspectedOn(inspectedOn: string, drawnOn: string, today: string): void {
  if (inspectedOn < drawnOn || inspectedOn > today) {
    throw new ResultRefusal("inspectedOn", "RESULT_DATE_OUT_OF_RANGE", "inspected between the draw and today", {
      from: drawnOn,
      to: today,
    });
  }
}

/** A case's notice is linked only to a result that says a case was opened. */
export function checkNoticeLink(outcome: InspectionOutcome, noticeId: string | undefined): void {
  if (noticeId && outcome !== "已立案查处") {
    throw new ResultRefusal("noticeId", "RESULT_NOTICE_NOT_A_CASE", "only a result of 已立案查处 links a notice");
  }
}

/** The drawn entities of a plan whose results are overdue: none recorded and the plan's due day passed. */
export function overdueEntities(
  selected: readonly { creditCode: string }[],
  recorded: ReadonlySet<string>,
  resultsDueOn: string | null,
  today: string,
): string[] {
  if (!resultsDueOn || today <= resultsDueOn) return [];
  return selected.filter((s) => !recorded.has(s.creditCode)).map((s) => s.creditCode);
}
