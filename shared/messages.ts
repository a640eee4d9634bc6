/**
 * What every error means, in Chinese, keyed by its stable `type`: one table for the API's answers
 * and the officer console alike. The `type` is the machine key and never changes; the message is
 * for people. A field problem may carry named values (`{year}`, `{date}`, `{max}`…) that its
 * message shows; they are never the personal data that was sent.
 *
 * A new error `type` anywhere in the code needs its line here: tests/unit/messages.test.ts finds
 * every type the code raises and fails on one the table lacks. A service's own lines may live in
 * shared/messages/<service>.ts, spread into this one table.
 */

import { INSPECTION_ERRORS, INSPECTION_PROBLEMS } from "./messages/inspections.js";

/** Errors as a whole (the answer's `type`). */
const ERRORS: Record<string, Template> = {
  ...INSPECTION_ERRORS,
  // The request itself
  VALIDATION_ERROR: "提交的内容有误，请按各项提示修改。",
  BAD_REQUEST: "请求有误。",
  INVALID_JSON: "请求内容不是有效的 JSON。",
  JSON_TOO_DEEP: "请求内容嵌套层级过深。",
  TOO_LARGE: "提交内容过长。",
  UNSUPPORTED_CONTENT_ENCODING: "不支持该请求内容编码。",
  BAD_CONTENT_ENCODING: "请求内容的压缩数据已损坏。",
  UNSUPPORTED_CHARSET: "不支持该字符集，请使用 UTF-8。",
  UNSAFE_TEXT: "请求含有无法处理的字符（空字符或不成对的代理项）。",
  QUERY_NOT_TEXT: "同一查询参数只能出现一次，且须为文本。",
  NOT_FOUND: "未找到您要访问的内容，或您无权查看。",
  RATE_LIMITED: "提交过于频繁，请稍后再试。",
  // Subscriptions
  CALLBACK_NOT_ALLOWED: "回调地址不可用：须为可从公网访问的 http(s) 地址，不能指向本机、内网、链路本地或保留地址。",
  WEBHOOK_TEST_FAILED: "回调地址未接受签名测试推送（须答复 2xx），订阅未建立。",
  // Who asks
  UNAUTHORIZED: "请先登录。",
  INVALID_TOKEN: "登录凭据无效，请重新登录。",
  TOKEN_EXPIRED: "登录已过期，请重新登录。",
  TOKEN_REVOKED: "登录凭据已失效（密码已重置或账号已变更），请重新登录。",
  SESSION_EXPIRED: "登录会话已结束，请重新登录。",
  ACCOUNT_DISABLED: "该账号已停用。",
  BAD_CREDENTIALS: "用户名或密码不正确。",
  LOGIN_THROTTLED: "登录失败次数过多，请稍后再试。",
  FORBIDDEN: "您无权执行此操作。",
  ROLE_REQUIRED: "您的角色无权执行此操作。",
  OTHER_BODY: "谁执法谁公示：只能为本机关办理。",
  OWN_CASE: "法制审核须由案件承办人以外的人员进行。",
  BODY_IDENTITY_ADMIN_ONLY: "执法主体的名称和统一社会信用代码只能由系统管理员修改。",
  SELF_LOCKOUT: "不能停用自己的账号，也不能取消自己的管理员角色。",
  INVALID_API_KEY: "API 密钥无效。",
  API_KEY_REVOKED: "该 API 密钥已被吊销。",
  API_KEY_SCOPE: "API 密钥只能用于办案系统推送接口。",
  // Cases and decisions
  ILLEGAL_TRANSITION: "当前状态下不能进行这一步，请刷新页面查看可以进行的操作。",
  CASE_FINAL: "案件已结案或已撤销/终止，不能再变更。",
  REVIEW_PENDING: "法制审核未作出不同意的意见前，案件不能退回调查。",
  REVIEW_REQUIRED: "该案件须经法制审核同意后才能作出决定。",
  REVIEW_NOT_APPROVED: "法制审核未同意，不能作出决定。",
  NOT_IN_REVIEW: "案件须先进入法制审核环节。",
  USE_DECISION: "作出决定请使用“录入执法决定”。",
  CONCURRENT_CHANGE: "记录刚被他人更新，请刷新页面后重试。",
  ALREADY_DECIDED: "本案已作出决定。",
  DUPLICATE_DECISION_NO: "决定文书号已被本机关使用。",
  TOO_FEW_OFFICERS: "行政处罚须由两名以上执法人员实施（《行政处罚法》第四十二条）。",
  // Intake from case-handling systems (办案系统推送)
  INTAKE_DRAFT_CLOSED: "该文书号的推送草稿已由执法人员提交为执法决定，不能再被推送覆盖。",
  INTAKE_INCOMPLETE: "推送的决定草稿尚不完整，请补全各项后再提交。",
  // Publication
  NOT_PUBLISHABLE: "该决定当前不能发布。",
  NOT_PUBLISHED: "只有公示中的决定可以撤下。",
  WITHDRAWN: "已撤下的决定不能更正。",
  NOTICE_EXPIRED: "该决定的公示期已届满，不能更正：更正将使已届满的公示内容重新公开。",
  NOTICE_PERIOD_ENDED: ["该公示的公示期已于 {expiresOn} 届满。", "该公示的公示期已届满。"],
  NOTICE_WITHDRAWN: ["该公示已撤下：{reason}", "该公示已撤下。"],
  NOTICE_CORRECTED: ["该公示已被更正后的公示取代：{reason}", "该公示已被更正后的公示取代。"],
  SUPERSEDED: "该公示已被更正版本取代。",
  NOT_A_CORRECTION: "该反馈不是更正请求。",
  MINOR: "对未成年人的处罚决定依法不予公开。",
  SECRET: "涉及国家秘密、商业秘密或个人隐私的决定依法不予公开。",
  WARNING_ONLY: "仅受到警告的行政处罚依法不予公示。",
  PUBLICATION_OVERDUE: "已超过法定公示期限，发布即为逾期公示，请尽快发布。",
  // Registers
  DUPLICATE_CREDIT_CODE: "该统一社会信用代码已被其他执法主体登记。",
  DUPLICATE_CERTIFICATE_NO: "该执法证号已登记。",
  DUPLICATE_POWER_CODE: "该事项编码已被使用。",
  DUPLICATE_USERNAME: "该用户名已被使用。",
  DUPLICATE_OFFICER_ACCOUNT: "该执法人员已有账号。",
  OFFICER_REVOKED: "执法证已注销，不能恢复；如需继续执法，请重新登记执法证。",
  // Documents and consultations (规范性文件、政策解读、决策预公开)
  DOCUMENT_PUBLISHED: "文件已发布，正文不能再修改；如需修改，请以新文件修改或废止本文件。",
  DOCUMENT_NOT_PUBLISHED: "文件尚未发布，不能登记修改、废止或清理情况。",
  DOCUMENT_NOT_IN_FORCE: [
    "文件已于 {date} 起{status}，不能再修改、废止、清理或解读。",
    "文件已失效或已废止，不能再修改、废止、清理或解读。",
  ],
  INTERPRETATION_REQUIRED:
    "政策性文件须与解读材料同步发布（同步组织、同步审签、同步部署）：请先添加政策解读；确不需要解读的，请注明理由。",
  ADOPTION_REPORT_REQUIRED: "请先公布征求意见的采纳情况，再发布最终文件或决策。",
  DUPLICATE_DOC_NUMBER: "本机关已登记过该文号。",
  CONSULTATION_NOT_YET_OPEN: ["征求意见将于 {date} 开始，尚不能提交意见。", "征求意见尚未开始，尚不能提交意见。"],
  CONSULTATION_CLOSED: ["征求意见已于 {date} 24 时截止。", "征求意见已截止。"],
  CONSULTATION_STILL_OPEN: [
    "征求意见至 {date} 24 时截止，截止后才能公布采纳情况。",
    "征求意见尚未截止，截止后才能公布采纳情况。",
  ],
  // Requests for government information (依申请公开)
  REQUEST_FINAL: "该申请已答复、终止或归档，不能再办理。",
  ALREADY_EXTENDED: "答复期限只能延长一次，本申请已延长过。",
  REQUEST_NOT_ANSWERED: "该申请尚未答复，没有答复告知书。",
  ATTACHMENTS_CLOSED: "该申请已办结，答复的附件不能再增加。",
  ATTACHMENTS_TOO_MANY: ["一份答复最多 {max} 个附件。", "答复的附件过多。"],
  TASK_ALREADY_DONE: "该主动公开任务已办结。",
  EXTENSION_TOO_LATE: ["答复期限已于 {date} 届满，不能再延长。", "答复期限已届满，不能再延长。"],
  CORRECTION_TOO_LATE: [
    "补正须在收到申请之日起 7 个工作日内告知（截至 {date}），已超过期限。",
    "补正须在收到申请之日起 7 个工作日内告知，已超过期限。",
  ],
  CORRECTION_ALREADY_REQUESTED: "补正只能一次性告知，本申请已告知过补正。",
  NOT_LAPSED: "申请人的补正期限或缴费期限尚未届满（或本申请不在等待补正、缴费），不能按逾期终止。",
  CORRECTION_OVERDUE: [
    "补正期限已于 {date} 届满，逾期补正的申请按逾期不补正处理。",
    "补正期限已届满，逾期补正的申请按逾期不补正处理。",
  ],
  FEE_PAYMENT_OVERDUE: [
    "缴费期限已于 {date} 届满，逾期缴费的申请按逾期未缴费处理。",
    "缴费期限已届满，逾期缴费的申请按逾期未缴费处理。",
  ],
  USE_FEE_PAID: "本申请正在等待缴纳信息处理费，缴费后请登记“已缴费”恢复计时。",
  NOT_AWAITING_FEE: "本申请不在等待缴纳信息处理费。",
  // Annual reports (年度报告)
  REPORT_ARITHMETIC: [
    "{table}：“{row}”行“{column}”列应为 {expected}，实为 {actual}（共 {count} 处不符，请核对后再发布）。",
    "年度报告的表格数字不符合勾稽关系，请核对后再发布。",
  ],
  REPORT_PUBLISHED: "该年度报告已发布，不能再修改。",
  REPORT_YEAR_NOT_OVER: ["{year} 年尚未结束，年度报告自 {date} 起才能发布。", "该年度尚未结束，年度报告须在次年发布。"],
  // Imports of historic 双公示 data
  IMPORT_UNKNOWN_COLUMNS:
    "无法识别文件的表头：须为行政处罚（CF_）或行政许可（XK_）双公示数据项（代码或中文名称），且含全部必填列。",
  IMPORT_NO_ROWS: "文件中没有数据行。",
  IMPORT_TOO_MANY_ROWS: ["一次最多导入 {max} 行。", "文件行数过多。"],
  // Uploaded tables (CSV, XLSX: shared/tabular.ts)
  TABLE_UNREADABLE:
    "无法读取该表格文件（文件已损坏或不是 Excel 表格），请在 Excel 或 WPS 中打开后另存为 .xlsx 或 CSV 再上传。",
  TABLE_EMPTY: "表格是空的：第一个工作表中没有表头行，请把表头放在第一行后再上传。",
  TABLE_TOO_LARGE: [
    "表格超过 {maxRows} 行，请分成几个文件上传。",
    "表格超过 {maxCells} 个单元格，请删除多余的行列或分成几个文件上传。",
    "表格解压后超过 {maxMegabytes} MB，请删除其他工作表、图片或分成几个文件上传。",
    "表格过大，请分成几个文件上传。",
  ],
  TABLE_XLS_UNSUPPORTED:
    "不支持旧版 Excel（.xls）或加密的表格，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV（去掉密码）后再上传。",
  // The platform
  DEPENDENCY_UNAVAILABLE: "服务暂时不可用，请稍后再试。",
  SERVICE_NOT_FOUND: "服务暂时不可用，请稍后再试。",
  SERVICE_NOT_AVAILABLE: "服务暂时不可用，请稍后再试。",
  REQUEST_TIMEOUT: "服务暂时不可用，请稍后再试。",
  NOT_READY: "服务尚未就绪。",
  INTERNAL_ERROR: "内部错误，请稍后重试",
};

/** Problems with one field (the `type` of an item of a 422's `data`). */
const PROBLEMS: Record<string, Template> = {
  ...INSPECTION_PROBLEMS,
  // fastest-validator's types
  required: "此项必填。",
  string: "请填写文字。",
  stringEmpty: "此项必填。",
  stringMin: ["内容过短（至少 {expected} 个字符）。", "内容过短。"],
  stringMax: ["内容过长（最多 {expected} 个字符）。", "内容过长。"],
  stringLength: ["长度不正确（应为 {expected} 个字符）。", "长度不正确。"],
  stringPattern: "格式不正确。",
  stringEnum: "请从列表中选择。",
  number: "请填写数字。",
  numberMin: ["数值过小（不小于 {expected}）。", "数值过小。"],
  numberMax: ["数值过大（不大于 {expected}）。", "数值过大。"],
  numberInteger: "请填写整数。",
  numberPositive: "请填写正数。",
  enumValue: "请从列表中选择。",
  array: "请至少选择一项。",
  arrayEmpty: "请至少选择一项。",
  arrayMin: ["选择的项目不够（至少 {expected} 项）。", "选择的项目不够。"],
  arrayMax: ["选择的项目过多（最多 {expected} 项）。", "选择的项目过多。"],
  arrayUnique: "有重复的项目。",
  boolean: "请选择是或否。",
  object: "格式不正确。",
  email: "电子邮箱格式不正确。",
  date: "日期格式不正确。",
  // Dates and ranges
  NOT_A_DATE: "不是有效日期（格式如 2027-10-01）。",
  DATE_IN_FUTURE: "日期不能晚于今天。",
  RANGE_REVERSED: "结束日期早于开始日期。",
  // Rows of an import
  IMPORT_FIELD_REQUIRED: "此项必填。",
  IMPORT_NOT_AN_AMOUNT: "金额须为不小于 0 的数字（单位：万元）。",
  IMPORT_UNKNOWN_PARTY_TYPE: "行政相对人类别须为 法人及非法人组织、自然人 或 个体工商户。",
  IMPORT_UNKNOWN_CATEGORY: "类别不在国家标准的取值范围内。",
  IMPORT_BODY_MISMATCH: "机关统一社会信用代码与导入的执法机关不一致。",
  IMPORT_DUPLICATE_IN_FILE: "同一文件中该文书号已出现过，本行未导入。",
  // People and organisations
  INVALID_RESIDENT_ID: "身份证号码无效（校验位或出生日期不正确）。",
  INVALID_CREDIT_CODE: "统一社会信用代码无效。",
  CREDIT_CODE_LENGTH: "统一社会信用代码应为 18 位。",
  CREDIT_CODE_CHARACTER: "统一社会信用代码只能包含数字和除 I、O、Z、S、V 以外的大写字母。",
  CREDIT_CODE_CHECK: "统一社会信用代码校验位（第 18 位）不正确，请核对。",
  LEGAL_PERSON_CREDIT_CODE: "法人和非法人组织以统一社会信用代码标识，不填身份证号码。",
  MINOR_NATURAL_ONLY: "只有自然人可以是未成年人。",
  ID_NUMBER_FORMAT: "证件号码格式不正确，请核对证件类型和号码。",
  CONTACT_REQUIRED: "请至少填写一种联系方式（电话、电子邮箱或通信地址）。",
  APPLICANT_TYPE_MISMATCH: "申请人类型与申请人类别不一致：自然人不能选择组织类别，组织也不能选择自然人。",
  // Bodies, officers, powers
  UNKNOWN_BODY: "该执法主体不存在。",
  UNKNOWN_CONSULTATION: "本机关没有这项征求意见。",
  UNKNOWN_DOCUMENT: "该文件不存在或尚未发布。",
  UNKNOWN_FILE: "该文件没有这个附件或图解。",
  FILES_CLOSED: "文件已发布（或征求意见已截止），附件不能再增加；已发布文件仍可为施行后解读上传图解。",
  FILES_TOO_MANY: ["一份文件最多 {max} 个附件和图解。", "附件和图解过多。"],
  NOT_A_PNG: "印章图片须为 PNG 格式。",
  SEAL_SIZE: "印章图片须不超过 256 KB，边长 64–2000 像素。",
  BODY_REQUIRED: "执法人员和法制审核人员必须属于一个执法主体。",
  ADMIN_WITHOUT_BODY: "系统管理员不属于执法主体，请不要选择执法主体。",
  BODY_FIXED: "不能转到其他执法主体。",
  NOT_BODY_OFFICER: "所选执法人员不在本机关的名册中。",
  OFFICER_NOT_ACTIVE: "该执法人员不在岗（暂停执法或已注销），不能承办案件。",
  POWER_NOT_OF_BODY: "该职权不在本机关的权责清单中。",
  REASON_REQUIRED: "须填写理由。",
  // Decisions
  KIND_MISMATCH: ["决定类别须与职权类别一致（{category}）。", "决定类别须与职权类别一致。"],
  PENALTY_REQUIRED: "行政处罚决定须填写处罚内容。",
  PENALTY_NOT_ALLOWED: "只有行政处罚决定填写处罚内容。",
  LICENCE_REQUIRED: "行政许可决定须填写许可内容。",
  FINE_AMOUNT_REQUIRED: "罚款须填写金额（元）。",
  NO_CHANGE: "更正须至少修改一项内容。",
  // Documents and consultations (规范性文件、政策解读、决策预公开)
  DOC_NUMBER_FORMAT: "文号格式不正确，应为“机关代字〔年份〕序号号”，如 浙民发〔2026〕12号。",
  DOC_NUMBER_YEAR: ["文号中的年份不合理（应在 {min} 至 {max} 年之间）。", "文号中的年份不合理。"],
  REGISTRATION_NUMBER_FORMAT: "登记号格式不正确，应如 ZJSP01-2026-0001。",
  PUBLISHED_BEFORE_SIGNED: ["发布日期不能早于成文日期（{date}）。", "发布日期不能早于成文日期。"],
  EFFECTIVE_BEFORE_PUBLISHED: ["施行日期不能早于发布日期（{date}）。", "施行日期不能早于发布日期。"],
  VALIDITY_BEFORE_EFFECTIVE: ["有效期截止日期不能早于施行日期（{date}）。", "有效期截止日期不能早于施行日期。"],
  DATE_BEFORE_PUBLICATION: ["日期不能早于文件的发布日期（{date}）。", "日期不能早于文件的发布日期。"],
  AMENDING_DOCUMENT_REQUIRED: "请选择修改本文件的文件。",
  SELF_AMENDMENT: "文件不能修改自身，请选择修改本文件的新文件。",
  INTERPRETATION_EMPTY: "政策解读须有解读正文或简明问答。",
  GUIDE_EMPTY: "政府信息公开指南须有正文；如需更新，请填写新的全文。",
  GUIDE_EDITED_MEANWHILE: "政府信息公开指南刚被他人更新，请刷新页面查看最新版本后再修改。",
  GRAPHIC_TYPE: "图解须为 PNG 或 SVG 图片。",
  ALT_TEXT_REQUIRED: "每幅图解须填写替代文字（供无法看到图片的读者使用）。",
  OPENS_BEFORE_TODAY: "征求意见的开始日期不能早于今天。",
  WINDOW_TOO_SHORT: [
    "征求意见期限不得少于 {min} {unit}（截止日期不早于 {date}）；确需缩短的，须公开说明理由。",
    "征求意见期限过短；确需缩短的，须公开说明理由。",
  ],
  HEARING_TOO_SOON: ["听证会须至少提前 {min} 日公告，最早可于 {date} 举行。", "听证会须至少提前 7 日公告。"],
  ADOPTION_COUNT_INVALID: "意见条数须为不小于 0 的整数（每组未采纳的意见至少 1 条）。",
  ADOPTION_ARITHMETIC: [
    "采纳 {adopted} 条与未采纳 {notAdopted} 条之和应等于收到的意见 {received} 条。",
    "采纳与未采纳的意见条数之和应等于收到的意见条数。",
  ],
  RECEIVED_BELOW_RECORDED: ["收到的意见不能少于平台已收到的 {min} 条。", "收到的意见不能少于平台已收到的条数。"],
  REASON_REPEATED: "同一理由的意见请合并为一组。",
  // Requests for government information (依申请公开)
  EVENT_BEFORE_PREVIOUS: ["日期不能早于上一步的日期（{date}）。", "日期不能早于上一步的日期。"],
  DUE_NOT_AFTER_NOTICE: ["期限须晚于通知日期（{date}）。", "期限须晚于通知日期。"],
  EXTENSION_TOO_LONG: "延长答复期限最长不得超过 20 个工作日。",
  SAME_REQUEST: "请选择另一件申请：一件申请不能与自身关联。",
  UNKNOWN_REQUEST: "本机关没有这件申请。",
  EXTENSION_DAYS_INVALID: "延长的期限须为 1 至 20 个工作日的整数。",
  APPROVER_REQUIRED: "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人。",
  CONFIRMED_BEFORE_SUBMISSION: "确认收到的日期不能早于申请提交的日期。",
  USE_LAPSE: "逾期不补正、逾期未缴费的申请以“逾期终止”办理，不作为答复类型选择。",
  ITEMS_CONTRADICT_ANSWER: "所列文件的处理结果与答复类型不一致。",
  FEE_QUANTITY_INVALID: "件数或页数须为不小于 0 的整数（每月不超过 10000 件，每次不超过 1000000 页）。",
  NO_FEE_DUE: "按收费标准本申请无需收费，不必发出收费通知。",
  ONE_FEE_STANDARD: "按件或按量计收，二者择一：请只填写件数或页数中的一项。",
  DECIDED_ON_REQUIRED: "已审结的，请填写审结日期。",
  DECIDED_WHILE_PENDING: "尚未审结的，不填写审结日期。",
  DECIDED_BEFORE_FILED: ["审结日期不能早于提起日期（{date}）。", "审结日期不能早于提起日期。"],
  // Annual reports (年度报告)
  REPORT_CELL_INVALID: [
    "{table}：“{row}”行“{column}”列须为{expected}，实为 {actual}。",
    "报表中的件数须为不小于 0 的整数，金额须为不小于 0 的数。",
  ],
  REPORT_CELL_UNKNOWN: "报表中没有这一格，请核对表、行和列。",
  REPORT_CELL_REPEATED: [
    "{table}：“{row}”行“{column}”列修正了两次，请只保留一次。",
    "同一格修正了两次，请只保留一次。",
  ],
  REPORT_SECTION_REQUIRED: ["请填写年度报告的“{section}”部分。", "请填写年度报告的这一部分。"],
  // Public statistics (统计)
  STATS_MONTH_INVALID: "月份格式不正确，应如 2026-01（2000 年至 2100 年之间）。",
  STATS_PERIOD_REVERSED: "起始月份不能晚于截止月份。",
  STATS_PERIOD_TOO_LONG: ["统计期间最长 {max} 个月，请缩短起止月份。", "统计期间过长，请缩短起止月份。"],
  STATS_BODY_NOT_IN_REGION: "所选执法主体不在所选区域内，请只选择其一或重新选择。",
  // Calendar
  DATE_LIST: "须为日期列表（格式如 2027-10-01）。",
  TOO_MANY_DATES: "日期过多（每项最多 366 天）。",
  DATE_NOT_IN_YEAR: "{date} 不在 {year} 年内。",
  DATE_REPEATED: "{date} 重复填写。",
  DATE_ALSO_HOLIDAY: "{date} 同时被列为放假日期。",
  MAKE_UP_NOT_WEEKEND: "调休上班日必须是周六或周日，{date} 不是。",
  YEAR_OUT_OF_RANGE: "年份须为 2000 至 2100 之间的整数。",
  // Public requests
  UNKNOWN_TARGET: "反馈对象不存在或已不再公开。",
  TARGET_INCOMPLETE: "反馈对象类型和编号须同时填写。",
  CORRECTION_NOT_FOR_NOTICE: "指出具体错误项只适用于对公示内容的纠错反馈。",
  PROPOSED_NOT_A_DATE: "建议的决定日期不是有效日期（格式如 2024-04-01 或 2024年4月1日）。",
  EVIDENCE_TOO_MANY: ["证明材料最多上传 {max} 个文件。", "证明材料文件过多。"],
  EVIDENCE_EMPTY: ["第 {n} 个证明材料文件是空文件。", "证明材料文件是空文件。"],
  EVIDENCE_TOO_LARGE: ["第 {n} 个证明材料文件超过 {max} MB。", "证明材料文件过大。"],
  EVIDENCE_TYPE: [
    "第 {n} 个文件不是 PDF、JPEG 或 PNG 文件（按文件内容判断，与扩展名无关）。",
    "证明材料只能是 PDF、JPEG 或 PNG 文件。",
  ],
  EVIDENCE_INCOMPLETE: "上传的证明材料不完整，请重新上传。",
  // Attachments cleaned of hidden metadata (shared/file-clean.ts)
  FILE_TYPE_UNSUPPORTED:
    "附件只能是 PDF、JPEG、PNG 或 Word（docx）、Excel（xlsx）、PowerPoint（pptx）文件（按文件内容判断，与扩展名无关）。",
  FILE_CORRUPT: "附件文件已损坏或不完整，无法读取。",
  FILE_ENCRYPTED: "附件是加密的 PDF，无法清除其中的隐藏信息，请上传未加密的文件。",
  ATTACHMENT_EMPTY: "请将附件文件作为请求内容上传（收到的是空文件）。",
  ATTACHMENT_TOO_LARGE: ["附件不能超过 {max} MB。", "附件过大。"],
  SVG_INVALID: "SVG 图解无法读取：须为 UTF-8 编码、格式完整的 SVG 文件，不含 DOCTYPE 或实体声明，且不超过 1 MB。",
  SVG_UNSAFE:
    "SVG 图解含有不允许的内容（脚本、事件属性、外部链接或引用、嵌入的网页或图片、动画、样式表等），请导出为仅含图形和文字的 SVG 或改用 PNG。",
  CONTENT_TOO_SHORT: ["内容过短（至少 {min} 个可见字符）。", "内容过短。"],
  BAD_CURSOR: "翻页位置无效，请从第一页重新查看。",
  BAD_QUERY: "检索词无效：最多 50 个字、8 个词，且至少有一个词不少于 2 个字。",
  UNKNOWN_NOTICE: "该公示不存在。",
  PDF_REQUIRED: "请上传要核验的 PDF 文件。",
  TLOG_INDEX_BEYOND_SIZE: "条目序号须小于树的大小。",
  TLOG_OLD_AFTER_NEW: "旧的树大小不能大于新的树大小。",
  UNSAFE_TEXT: "含有无法处理的字符（空字符或不成对的代理项）。",
  JSON_TOO_DEEP: "请求内容嵌套层级过深。",
  INTAKE_FIELD_MISSING: "提交为执法决定前须补全此项。",
  INTAKE_CASE_NOT_OF_BODY: "所选案件不是推送该草稿的执法主体的案件。",
};

/**
 * Wordings for one field's problem where the general one says too little, keyed `field:type` (an
 * array item's index left out): "选择的项目不够" does not tell an officer that a case needs its officers.
 */
const FIELD_PROBLEMS: Record<string, Template> = {
  "officerIds:required": "请选择承办本案的执法人员（行政处罚须两名以上）。",
  "officerIds:array": "请选择承办本案的执法人员（行政处罚须两名以上）。",
  "officerIds:arrayEmpty": "请选择承办本案的执法人员（行政处罚须两名以上）。",
  "officerIds:arrayMin": "请选择承办本案的执法人员（行政处罚须两名以上）。",
  "officerIds:arrayMax": ["一个案件最多选择 {expected} 名承办人员。", "承办人员过多。"],
  "officerIds:arrayUnique": "同一执法人员选择了两次。",
  "powerId:required": "请选择本案依据的执法职权。",
  "powerId:stringEmpty": "请选择本案依据的执法职权。",
  "evidenceFiles:CORRECTION_NOT_FOR_NOTICE": "证明材料只适用于对公示内容的纠错反馈，请将反馈类型选为纠错。",
};

/** Values a message may show, by name. */
type Values = Record<string, unknown>;

/** A message, or alternatives from the fullest down: the first whose values are all given is shown. */
type Template = string | readonly string[];

function fill(template: Template, values: Values): string {
  const alternatives = typeof template === "string" ? [template] : template;
  for (const text of alternatives) {
    let complete = true;
    const filled = text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = values[name];
      if (typeof v === "string" || typeof v === "number") return String(v);
      complete = false;
      return "";
    });
    if (complete) return filled;
  }
  return (alternatives.at(-1) as string).replace(/\{\w+\}/g, "");
}

/** The message of an error type, showing the values of its `data`; undefined when the table has none. */
export function errorMessageOf(type: string | undefined, values: unknown = {}): string | undefined {
  const template = type === undefined ? undefined : ERRORS[type];
  return template === undefined ? undefined : fill(template, valuesOf(values));
}

/** The message of a field problem: by its type, with its values. */
export function problemMessageOf(
  problem: { type?: string; field?: unknown } | ({ type?: string } & Values),
): string | undefined {
  const field = typeof problem.field === "string" ? problem.field.replace(/\[\d+\]/g, "") : "";
  const template =
    problem.type === undefined
      ? undefined
      : (FIELD_PROBLEMS[`${field}:${problem.type}`] ?? PROBLEMS[problem.type] ?? ERRORS[problem.type]);
  return template === undefined ? undefined : fill(template, problem as Values);
}

function valuesOf(data: unknown): Values {
  return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Values) : {};
}

/** Every type the table knows: errors and field problems. */
export function knownTypes(): Set<string> {
  return new Set([...Object.keys(ERRORS), ...Object.keys(PROBLEMS)]);
}
