/**
 * The rules a redaction names, the tokens that replace what they mask, their rank when matches
 * cover the same span, and the span and interval shapes the other redaction modules pass around.
 */

/** Every rule that masks a span of text; the log names one of these (or 'dropped-field'). */
export const TEXT_RULES = [
  "id-number",
  "mobile",
  "landline",
  "bank-card",
  "passport",
  "email",
  "contact",
  "plate",
  "address",
  "health",
  "marked-name",
  "personal-value",
] as const;
export type TextRule = (typeof TEXT_RULES)[number];
export type RedactionRule = TextRule | "dropped-field";

/**
 * One change made for publication. For a text rule, [start, end) are UTF-16 offsets in the original
 * value of `field`. A 'dropped-field' redaction removes the whole key: start = end = 0 and the
 * replacement is ''.
 */
export interface Redaction {
  rule: RedactionRule;
  field: string;
  start: number;
  end: number;
  replacement: string;
}

export const ID_NUMBER_TOKEN = "[身份证号已隐去]";
export const PHONE_TOKEN = "[电话已隐去]";
export const BANK_ACCOUNT_TOKEN = "[银行账号已隐去]";
export const EMAIL_TOKEN = "[邮箱已隐去]";
export const PASSPORT_TOKEN = "[证件号码已隐去]";
export const CONTACT_TOKEN = "[联系方式已隐去]";
export const ADDRESS_TOKEN = "[住址已隐去]";
export const HEALTH_TOKEN = "[健康信息已隐去]";
/** A plate whose partial mask cannot be shown (merged with another match). */
export const PLATE_TOKEN = "[车牌号已隐去]";
/** A value the record itself holds in a never-public field (e.g. the party's home address), found in text. */
export const PERSONAL_VALUE_TOKEN = "[个人信息已隐去]";

export const TOKENS: Record<Exclude<TextRule, "marked-name">, string> = {
  "personal-value": PERSONAL_VALUE_TOKEN,
  "id-number": ID_NUMBER_TOKEN,
  "bank-card": BANK_ACCOUNT_TOKEN,
  passport: PASSPORT_TOKEN,
  mobile: PHONE_TOKEN,
  landline: PHONE_TOKEN,
  email: EMAIL_TOKEN,
  contact: CONTACT_TOKEN,
  plate: PLATE_TOKEN,
  address: ADDRESS_TOKEN,
  health: HEALTH_TOKEN,
};

/** Rank between matches over the same span, highest first; a bare long number ranks after plates. */
// A record's own secret value that a pattern also finds keeps the pattern's more telling token.
export const RANK: readonly TextRule[] = [
  "id-number",
  "bank-card",
  "passport",
  "mobile",
  "landline",
  "email",
  "contact",
  "plate",
  "address",
  "health",
  "personal-value",
  "marked-name",
];

/** A masked span of the (normalised) text, before merging; `weak` marks a bare long number. */
export interface Span {
  rule: TextRule;
  start: number;
  end: number;
  weak?: boolean;
}

export interface Interval {
  start: number;
  end: number;
}
