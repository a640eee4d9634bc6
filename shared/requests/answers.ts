/**
 * How a request ends (办理结果, 条例 Arts. 36–39): one fixed list, row for row the annual report's
 * table 三 "本年度办理结果" (国办公开办函〔2021〕30号), so the report counts each request once, by its
 * code. Labels are the form's words; `row` is the row's place in the table ("三(三)1").
 *
 * Every type is a final outcome: it ends the request and is counted once in 三. Two of them are
 * not answered but reached when the applicant's own deadline passes (`via: "lapse"`: 逾期不补正,
 * 逾期未缴费); the request is then closed (clock.ts, event `lapsed`), not answered.
 */

export type AnswerGroup = "disclosed" | "partly_disclosed" | "refused" | "unable" | "not_processed" | "other";

/** 三(一)…三(六): the groups of the table, with the form's words. */
export const ANSWER_GROUPS: Record<AnswerGroup, { row: string; label: string }> = {
  disclosed: { row: "三(一)", label: "予以公开" },
  partly_disclosed: { row: "三(二)", label: "部分公开" },
  refused: { row: "三(三)", label: "不予公开" },
  unable: { row: "三(四)", label: "无法提供" },
  not_processed: { row: "三(五)", label: "不予处理" },
  other: { row: "三(六)", label: "其他处理" },
};

export interface AnswerType {
  /** Stable machine code: stored, sent and counted; never renamed. */
  code: string;
  group: AnswerGroup;
  /** The row in table 三, e.g. "三(三)1". */
  row: string;
  /** The row's words in the national form, without its number. */
  label: string;
  /** A short label for lists and the tracking page. */
  shortLabel: string;
  /** "answer": an answer letter (告知书) ends the request; "lapse": the applicant's deadline passed. */
  via: "answer" | "lapse";
}

function type(
  code: string,
  group: AnswerGroup,
  item: number | undefined,
  label: string,
  shortLabel = label,
  via: "answer" | "lapse" = "answer",
): AnswerType {
  const row = `${ANSWER_GROUPS[group].row}${item ?? ""}`;
  return { code, group, row, label, shortLabel, via };
}

export const ANSWER_TYPES = [
  type("disclosed", "disclosed", undefined, "予以公开"),
  type(
    "partly_disclosed",
    "partly_disclosed",
    undefined,
    "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "部分公开",
  ),
  type("refused_state_secret", "refused", 1, "属于国家秘密"),
  type("refused_prohibited_by_law", "refused", 2, "其他法律行政法规禁止公开"),
  type("refused_security_stability", "refused", 3, "危及“三安全一稳定”"),
  type("refused_third_party_rights", "refused", 4, "保护第三方合法权益"),
  type("refused_internal_affairs", "refused", 5, "属于三类内部事务信息"),
  type("refused_process_information", "refused", 6, "属于四类过程性信息"),
  type("refused_enforcement_file", "refused", 7, "属于行政执法案卷"),
  type("refused_administrative_inquiry", "refused", 8, "属于行政查询事项"),
  type("unable_not_held", "unable", 1, "本机关不掌握相关政府信息"),
  type("unable_needs_creation", "unable", 2, "没有现成信息需要另行制作"),
  type("unable_still_unclear", "unable", 3, "补正后申请内容仍不明确"),
  type("not_processed_complaint", "not_processed", 1, "信访举报投诉类申请"),
  type("not_processed_repeat", "not_processed", 2, "重复申请"),
  type("not_processed_publication", "not_processed", 3, "要求提供公开出版物"),
  type("not_processed_mass_repeat", "not_processed", 4, "无正当理由大量反复申请"),
  type("not_processed_confirmation", "not_processed", 5, "要求行政机关确认或重新出具已获取信息"),
  type(
    "other_correction_overdue",
    "other",
    1,
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "逾期不补正",
    "lapse",
  ),
  type(
    "other_fee_unpaid",
    "other",
    2,
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "逾期未缴费",
    "lapse",
  ),
  type("other", "other", 3, "其他"),
] as const satisfies readonly AnswerType[];

export type AnswerTypeCode = (typeof ANSWER_TYPES)[number]["code"];

export const ANSWER_TYPE_CODES: readonly AnswerTypeCode[] = ANSWER_TYPES.map((t) => t.code);

const BY_CODE = new Map<string, AnswerType>(ANSWER_TYPES.map((t) => [t.code, t]));

export function isAnswerTypeCode(value: unknown): value is AnswerTypeCode {
  return typeof value === "string" && BY_CODE.has(value);
}

/** The answer type of a code; throws RangeError for an unknown code (a bug: codes are validated at the edge). */
export function answerType(code: AnswerTypeCode): AnswerType {
  const found = BY_CODE.get(code);
  if (!found) throw new RangeError(`unknown answer type ${JSON.stringify(code)}`);
  return found;
}

/** Why a request lapsed, and the row it is counted in. */
export const LAPSE_REASONS = ["correction_overdue", "fee_unpaid"] as const;
export type LapseReason = (typeof LAPSE_REASONS)[number];

export const LAPSE_ANSWER_TYPE: Record<LapseReason, AnswerTypeCode> = {
  correction_overdue: "other_correction_overdue",
  fee_unpaid: "other_fee_unpaid",
};

/** The codes an officer may answer with (the lapse rows are reached by closing, not answering). */
export const ANSWERABLE_TYPE_CODES: readonly AnswerTypeCode[] = ANSWER_TYPES.filter((t) => t.via === "answer").map(
  (t) => t.code,
);

// ── Per-document marks (7b): what the answer says of each document or item found ───────────────

/** The grounds a whole document may be withheld on: the eight 不予公开 grounds and 需要另行制作. */
export const ITEM_WITHHOLDING_GROUNDS: readonly AnswerTypeCode[] = [
  ...ANSWER_TYPES.filter((t) => t.group === "refused").map((t) => t.code),
  "unable_needs_creation",
];

/** The grounds part of a document may be withheld on (区分处理, Art. 37): the 不予公开 grounds. */
export const ITEM_PARTIAL_GROUNDS: readonly AnswerTypeCode[] = ANSWER_TYPES.filter((t) => t.group === "refused").map(
  (t) => t.code,
);

export type AnswerItemMark =
  /** 已主动公开: where the applicant finds it (Art. 36(一)). */
  | { mark: "already_public"; where: string }
  /** 予以提供. */
  | { mark: "provided" }
  /** 部分提供: what was withheld and on which ground. */
  | { mark: "partly_provided"; withheld: string; ground: AnswerTypeCode }
  /** 不予提供, with its ground. */
  | { mark: "not_provided"; ground: AnswerTypeCode }
  /** 本机关不掌握. */
  | { mark: "not_held" };

export type AnswerItemMarkKind = AnswerItemMark["mark"];

export const ANSWER_ITEM_MARKS: Record<AnswerItemMarkKind, string> = {
  already_public: "已主动公开",
  provided: "予以提供",
  partly_provided: "部分提供",
  not_provided: "不予提供",
  not_held: "本机关不掌握",
};

export interface AnswerItem {
  /** The document or item, as the answer names it (名称, 文号). */
  title: string;
  result: AnswerItemMark;
}

export interface ItemProblem {
  field: string;
  type: "required" | "enumValue" | "ITEMS_CONTRADICT_ANSWER";
  message: string;
}

const blank = (s: unknown): boolean => typeof s !== "string" || s.trim() === "";

/**
 * Problems of the marks: a title, a place for what is public, a ground from the allowed list; and,
 * given the answer's type, marks that contradict it (`itemsContradictAnswer`).
 */
export function answerItemProblems(items: readonly AnswerItem[], code?: AnswerTypeCode): ItemProblem[] {
  const problems: ItemProblem[] = [];
  items.forEach((item, i) => {
    const at = `items[${i}]`;
    if (blank(item.title)) problems.push({ field: `${at}.title`, type: "required", message: "name the document" });
    const r = item.result;
    if (r.mark === "already_public" && blank(r.where)) {
      problems.push({ field: `${at}.where`, type: "required", message: "say where it is public" });
    }
    if (r.mark === "partly_provided") {
      if (blank(r.withheld)) {
        problems.push({ field: `${at}.withheld`, type: "required", message: "say what was withheld" });
      }
      if (!ITEM_PARTIAL_GROUNDS.includes(r.ground)) {
        problems.push({ field: `${at}.ground`, type: "enumValue", message: "a part is withheld on a 不予公开 ground" });
      }
    }
    if (r.mark === "not_provided" && !ITEM_WITHHOLDING_GROUNDS.includes(r.ground)) {
      problems.push({ field: `${at}.ground`, type: "enumValue", message: "not a ground for withholding a document" });
    }
  });
  if (code !== undefined && itemsContradictAnswer(code, items)) {
    problems.push({ field: "items", type: "ITEMS_CONTRADICT_ANSWER", message: "the marks contradict the answer type" });
  }
  return problems;
}

const given = (m: AnswerItemMarkKind) => m === "already_public" || m === "provided";

/**
 * The answer type the marks imply, or undefined when they leave it to the officer (nothing given,
 * on different grounds). Some given and some withheld, or any part withheld, is 部分公开 — the
 * form counts a request handled 区分处理 only there.
 */
export function answerTypeOfItems(items: readonly AnswerItem[]): AnswerTypeCode | undefined {
  if (items.length === 0) return undefined;
  const marks = items.map((i) => i.result);
  if (marks.every((m) => given(m.mark))) return "disclosed";
  if (marks.some((m) => given(m.mark) || m.mark === "partly_provided")) return "partly_disclosed";
  if (marks.every((m) => m.mark === "not_held")) return "unable_not_held";
  const grounds = new Set(marks.map((m) => (m.mark === "not_provided" ? m.ground : "unable_not_held")));
  return grounds.size === 1 ? ([...grounds][0] as AnswerTypeCode) : undefined;
}

/**
 * Whether the marks agree with the answer's type: 予以公开 gives every document, 部分公开 withholds
 * something and gives something, any other type gives nothing. No items: nothing to contradict.
 */
export function itemsContradictAnswer(code: AnswerTypeCode, items: readonly AnswerItem[]): boolean {
  if (items.length === 0) return false;
  const marks = items.map((i) => i.result.mark);
  const someGiven = marks.some((m) => given(m) || m === "partly_provided");
  const allGiven = marks.every(given);
  if (code === "disclosed") return !allGiven;
  if (code === "partly_disclosed") return !someGiven || allGiven;
  return someGiven;
}
