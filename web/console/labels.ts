/** Chinese labels of the states and kinds the console shows. */
export const CASE_STATE_LABELS: Record<string, string> = {
  registered: "立案",
  investigating: "调查取证",
  notified: "告知",
  review: "法制审核",
  decided: "已决定",
  served: "送达",
  executed: "执行",
  closed: "结案",
  terminated: "撤销/终止",
};

export const RESULT_STATUS_LABELS: Record<string, string> = {
  draft: "草稿（待公示）",
  published: "公示中",
  withdrawn: "已撤下",
  expired: "公示期满",
};

export const FEEDBACK_STATUS_LABELS_ZH: Record<string, string> = {
  received: "待受理",
  accepted: "办理中",
  replied: "已答复",
  closed: "已办结",
  spam: "垃圾信息",
};

export const PARTY_TYPE_LABELS: Record<string, string> = {
  legal: "法人或其他组织",
  individual: "个体工商户",
  natural: "自然人",
};

export const REDACTION_RULE_LABELS: Record<string, string> = {
  "id-number": "身份证号码",
  mobile: "手机号码",
  landline: "固定电话",
  "bank-card": "银行账号",
  passport: "护照或通行证号码",
  email: "电子邮箱",
  contact: "其他联系方式",
  plate: "车牌号",
  address: "住址",
  health: "健康状况",
  "marked-name": "标记的姓名",
  "personal-value": "当事人个人信息",
  "dropped-field": "不予公开的字段",
};

export function labelOf(labels: Record<string, string>, value: string | null | undefined): string {
  if (!value) return "";
  return Object.hasOwn(labels, value) ? (labels[value] as string) : value;
}
