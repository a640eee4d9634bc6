/**
 * How the applicant wants the information (条例 Art. 29: 提供政府信息的形式要求, 获取信息的方式): the
 * form it comes in and how it reaches them. The body follows the wish where it can (Art. 40).
 */

/** 载体形式. */
export const PROVISION_FORMS = ["paper", "email", "disc", "other"] as const;
export type ProvisionForm = (typeof PROVISION_FORMS)[number];

export const PROVISION_FORM_LABELS: Record<ProvisionForm, string> = {
  paper: "纸质文本",
  email: "电子邮件",
  disc: "光盘或移动存储介质",
  other: "其他",
};

/** 获取方式. */
export const DELIVERY_METHODS = ["post", "email", "fax", "pickup", "inspect", "online"] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  post: "邮寄",
  email: "电子邮件",
  fax: "传真",
  pickup: "自行领取",
  inspect: "当场阅读、抄录",
  online: "网上获取（查询页面）",
};
