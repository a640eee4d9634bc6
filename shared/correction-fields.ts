/**
 * The fields of a public notice a citizen may say are wrong (更正请求), each with the label the
 * notice page shows, where its value sits in the notice's public record, and the name of the field
 * in the console's correction form. One list for the feedback service's validation, the portal's
 * form and the officer's item page.
 */

export const CORRECTION_FIELDS = [
  "partyName",
  "decisionNo",
  "decidedOn",
  "facts",
  "conclusion",
  "basis",
  "penaltyContent",
  "licenceContent",
] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

/** The labels of the notice page (shared/public-record.ts: fieldsOf and sectionsOf). */
export const CORRECTION_FIELD_LABELS: Readonly<Record<CorrectionField, string>> = {
  partyName: "执法对象",
  decisionNo: "决定文书号",
  decidedOn: "决定日期",
  facts: "案件事实",
  conclusion: "执法结论",
  basis: "执法依据",
  penaltyContent: "处罚内容",
  licenceContent: "许可内容",
};

/** The field's input in the console's correction form (web/console/decision.ts). */
export const CORRECTION_FORM_FIELDS: Readonly<Record<CorrectionField, string>> = {
  partyName: "partyName",
  decisionNo: "decisionNo",
  decidedOn: "decidedOn",
  facts: "facts",
  conclusion: "conclusion",
  basis: "basis",
  penaltyContent: "penalty.content",
  licenceContent: "licence.content",
};

/** The field's value in a notice's public record (feed.getNotice's `record`), or null when it has none. */
export function recordValueOf(record: Record<string, unknown> | undefined, field: CorrectionField): string | null {
  if (!record) return null;
  const group = (key: string) => (record[key] ?? {}) as Record<string, unknown>;
  const value =
    field === "partyName"
      ? group("party").name
      : field === "penaltyContent"
        ? group("penalty").content
        : field === "licenceContent"
          ? group("licence").content
          : record[field];
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * A date as people write it — 2024-04-01, 2024-4-1, 2024/4/1, 2024年4月1日 — as YYYY-MM-DD; null when
 * it is not one (the calendar check is the caller's).
 */
export function isoDateOf(value: string): string | null {
  const m = /^\s*(\d{4})\s*(?:-|\/|\.|年)\s*(\d{1,2})\s*(?:-|\/|\.|月)\s*(\d{1,2})\s*日?\s*$/.exec(value);
  if (!m) return null;
  return `${m[1]}-${(m[2] as string).padStart(2, "0")}-${(m[3] as string).padStart(2, "0")}`;
}
