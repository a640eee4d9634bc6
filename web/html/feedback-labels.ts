/** What feedback is about and what kind it is, as the portal's form and the console's lists name them. */
export const FEEDBACK_CATEGORY_LABELS = {
  suggestion: "意见建议",
  complaint: "投诉",
  correction: "纠错（内容有误）",
  inquiry: "咨询",
} as const;

export const TARGET_LABELS: Readonly<Record<string, string>> = {
  notice: "公示",
  power: "权责事项",
  officer: "执法人员",
  body: "执法机关",
};
