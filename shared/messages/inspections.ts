/** The message table's lines for 双随机、一公开 (services/inspections): pools, conflicts, plans and draws. */
type Template = string | readonly string[];

/** Errors as a whole (409s). */
export const INSPECTION_ERRORS: Record<string, Template> = {
  POOL_NAME_TAKEN: "本机关已有同名的检查对象名录库，请换一个名称。",
  CONFLICT_DECLARED: "该执法人员已申报过与该检查对象的回避事项。",
  PLAN_ALREADY_CORRECTED: "该抽查计划已被更正过，请在最新的计划上更正。",
  PLAN_ALREADY_DRAWN: "该抽查计划已经抽取，抽取只能进行一次；如需更正，请发布新计划并说明理由。",
  PLAN_SUPERSEDED: "该抽查计划已被新计划更正，不能再抽取。",
  PLAN_NOT_DRAWN: "检查结果只能在抽取之后、为抽中的对象填报。",
  PLAN_DRAW_NOT_YET: ["抽取须在公布的抽取时间（{drawAt}）之后进行。", "抽取须在公布的抽取时间之后进行。"],
};

/** Field problems: a row of an uploaded list, a plan's field. */
export const INSPECTION_PROBLEMS: Record<string, Template> = {
  POOL_COLUMNS_MISSING: [
    "名录缺少必需的列：{columns}（表头须有“名称”和“统一社会信用代码”）。",
    "名录缺少必需的列（表头须有“名称”和“统一社会信用代码”）。",
  ],
  POOL_CREDIT_CODE_MISSING: "缺少统一社会信用代码。",
  POOL_NAME_MISSING: "缺少名称。",
  POOL_FIELD_TOO_LONG: ["“{column}”过长（最多 {max} 个字）。", "内容过长。"],
  POOL_DUPLICATE: ["该统一社会信用代码已在第 {otherLine} 行出现。", "统一社会信用代码重复。"],
  UPLOAD_FORM_INVALID: "上传的表单格式有误，请将文件作为请求内容直接上传，或使用 multipart/form-data 表单。",
  DRAW_SEED_INVALID: "随机种子应为 64 位小写十六进制数字。",
  DRAW_TOO_FEW_OFFICERS_PER_ENTITY: "每个检查对象至少由两名执法人员检查。",
  DRAW_SIZE_OUT_OF_RANGE: ["抽取数量须在 1 到名录库对象数（{max}）之间。", "抽取数量超出名录库范围。"],
  DRAW_NOT_ENOUGH_OFFICERS: [
    "统一社会信用代码为 {creditCode} 的对象可派的执法人员只有 {available} 名（须 {needed} 名）：请增加该执法类别的在岗人员，或减少每个对象的检查人数。",
    "可派的执法人员不足。",
  ],
  PLAN_POOL_UNKNOWN: "本机关没有该检查对象名录库。",
  PLAN_POOL_VERSION_UNKNOWN: "该名录库还没有这个版本（请先上传名录）。",
  PLAN_DRAW_IN_PAST: "抽取时间须晚于发布时间：计划在抽取之前公布。",
  PLAN_SIZE_OR_RATIO: "请填写抽取数量或抽取比例（二者选一）。",
  PLAN_ITEM_UNKNOWN: "该事项不在本机关的随机抽查事项清单中。",
  PLAN_UNKNOWN: "本机关没有该抽查计划。",
  OFFICER_UNKNOWN: "没有该执法人员。",
  RESULT_NOT_DRAWN: "该对象不在本计划的抽取结果中。",
  RESULT_DATE_OUT_OF_RANGE: ["检查日期须在抽取日（{from}）到今天（{to}）之间。", "检查日期须在抽取日到今天之间。"],
  RESULT_NOTICE_NOT_A_CASE: "只有“已立案查处”的检查结果才能关联行政处罚公示。",
  RESULT_NOTICE_UNKNOWN: "关联的公示不存在，或不是本机关的公示。",
};
