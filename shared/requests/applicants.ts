/**
 * Who asks (申请人, 条例 Art. 29): a natural person with an identity document, or a legal person or
 * other organisation with its 统一社会信用代码; the kinds are the columns of the annual report's
 * table 三. An applicant's identity is personal data: never public, shown only to the body's
 * officers, and masked (`maskedApplicant`) in every log and console list.
 */
import { creditCodeFieldProblem } from "../credit-code.js";
import { normalizeCreditCode } from "../identifiers.js";
import { isValidResidentId } from "../redaction/resident-id.js";

/** The report's columns: 自然人, then the kinds of 法人或其他组织. */
export const APPLICANT_KINDS = [
  "natural_person", // 自然人
  "business", // 商业企业
  "research", // 科研机构
  "public_interest", // 社会公益组织
  "legal_services", // 法律服务机构
  "other_organisation", // 其他
] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];
export type OrganisationKind = Exclude<ApplicantKind, "natural_person">;

export const APPLICANT_KIND_LABELS: Record<ApplicantKind, string> = {
  natural_person: "自然人",
  business: "商业企业",
  research: "科研机构",
  public_interest: "社会公益组织",
  legal_services: "法律服务机构",
  other_organisation: "其他",
};

/** The report's column group of a kind. */
export function applicantColumnGroup(kind: ApplicantKind): "自然人" | "法人或其他组织" {
  return kind === "natural_person" ? "自然人" : "法人或其他组织";
}

/** Identity documents of a natural person. */
export const ID_TYPES = [
  "resident_id", // 居民身份证
  "passport", // 护照
  "hk_macao_permit", // 港澳居民来往内地通行证
  "taiwan_permit", // 台湾居民来往大陆通行证
  "other", // 其他
] as const;
export type IdType = (typeof ID_TYPES)[number];

export const ID_TYPE_LABELS: Record<IdType, string> = {
  resident_id: "居民身份证",
  passport: "护照",
  hk_macao_permit: "港澳居民来往内地通行证",
  taiwan_permit: "台湾居民来往大陆通行证",
  other: "其他",
};

export interface ApplicantContact {
  phone?: string;
  email?: string;
  /** 通信地址. */
  address?: string;
}

export interface NaturalApplicant {
  kind: "natural_person";
  name: string;
  idType: IdType;
  idNumber: string;
  contact: ApplicantContact;
}

export interface OrganisationApplicant {
  kind: OrganisationKind;
  name: string;
  creditCode: string;
  /** 联系人. */
  contactPerson?: string;
  contact: ApplicantContact;
}

export type Applicant = NaturalApplicant | OrganisationApplicant;

export interface ApplicantProblem {
  field: string;
  /** The key of its message in shared/messages.ts. */
  type: string;
  message: string;
}

/** An ID number as the registrar means it: NFKC, no spaces or brackets, capitals. */
export function normalizeApplicantIdNumber(idNumber: string): string {
  return idNumber
    .normalize("NFKC")
    .replace(/[\s()]/g, "")
    .toUpperCase();
}

/**
 * Formats are lenient where the documents vary (a false rejection turns a real applicant away):
 * a 居民身份证 must be 18 characters with a valid GB 11643 check character and birth date (15-digit
 * cards are long void); a passport 5–17 letters or digits; a 港澳居民来往内地通行证 H or M and 8 or
 * 10 digits; a 台湾居民来往大陆通行证 8 digits (10 on older permits, with an optional letter); any
 * other document 4–30 visible characters.
 */
const ID_FORMATS: Record<Exclude<IdType, "resident_id">, RegExp> = {
  passport: /^[A-Z0-9]{5,17}$/,
  hk_macao_permit: /^[HM]\d{8}(?:\d{2})?$/,
  taiwan_permit: /^(?:\d{8}|\d{10}[A-Z]?)$/,
  other: /^[^\s]{4,30}$/u,
};

/** Why an ID number does not fit its document, or undefined when it does (`today` bounds a birth date). */
export function idNumberProblem(
  idType: IdType,
  idNumber: string,
  today: Date = new Date(),
  field = "idNumber",
): ApplicantProblem | undefined {
  const n = normalizeApplicantIdNumber(idNumber);
  if (idType === "resident_id") {
    return n.length === 18 && isValidResidentId(n, today)
      ? undefined
      : { field, type: "INVALID_RESIDENT_ID", message: "not an 18-character resident ID with a valid check character" };
  }
  return ID_FORMATS[idType].test(n)
    ? undefined
    : { field, type: "ID_NUMBER_FORMAT", message: `not a ${idType} number` };
}

const blank = (s: unknown): boolean => typeof s !== "string" || s.trim() === "";

/** Every problem of an applicant's identity and contact (Art. 29: 姓名或者名称、身份证明、联系方式). */
export function applicantProblems(applicant: Applicant, today: Date = new Date()): ApplicantProblem[] {
  const problems: ApplicantProblem[] = [];
  if (blank(applicant.name)) problems.push({ field: "name", type: "required", message: "name is required" });
  if (applicant.kind === "natural_person") {
    if (!(ID_TYPES as readonly string[]).includes(applicant.idType)) {
      problems.push({ field: "idType", type: "enumValue", message: "unknown ID type" });
    } else if (blank(applicant.idNumber)) {
      problems.push({ field: "idNumber", type: "required", message: "ID number is required" });
    } else {
      const problem = idNumberProblem(applicant.idType, applicant.idNumber, today);
      if (problem) problems.push(problem);
    }
  } else {
    const problem = creditCodeFieldProblem("creditCode", normalizeCreditCode(applicant.creditCode ?? ""));
    if (problem) problems.push(problem);
  }
  const c = applicant.contact ?? {};
  if (blank(c.phone) && blank(c.email) && blank(c.address)) {
    problems.push({ field: "contact", type: "CONTACT_REQUIRED", message: "give a phone, an e-mail or an address" });
  }
  return problems;
}

// ── Masks for logs and console lists ─────────────────────────────────────────────────────────────

/** 李四 → 李*, 欧阳娜娜 → 欧***: the first character and a star for each other one. */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return "";
  return chars[0] + "*".repeat(chars.length - 1);
}

/**
 * 110101199003071234 → 110***********1234: the first three and last four characters of a number of
 * ten or more; the first and last two of a shorter one; stars only below six.
 */
export function maskIdNumber(idNumber: string): string {
  const chars = Array.from(normalizeApplicantIdNumber(idNumber));
  const n = chars.length;
  const [head, tail] = n >= 10 ? [3, 4] : n >= 6 ? [1, 2] : [0, 0];
  return chars.slice(0, head).join("") + "*".repeat(n - head - tail) + chars.slice(n - tail).join("");
}

/** 13800138000 → 138****8000; other numbers keep their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length >= 11) return digits.slice(0, 3) + "*".repeat(digits.length - 7) + digits.slice(-4);
  return "*".repeat(Math.max(digits.length - 2, 0)) + digits.slice(-2);
}

/** zhangsan@example.cn → z***@example.cn. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}

/**
 * The applicant as a log line or a console list may show it: a person's name, every ID number and
 * contact masked, the address hidden. An organisation's name and 统一社会信用代码 are public
 * identifiers and stay; its contact person is a natural person and is masked.
 */
export function maskedApplicant(applicant: Applicant): Applicant {
  const c = applicant.contact ?? {};
  const contact: ApplicantContact = {
    ...(c.phone ? { phone: maskPhone(c.phone) } : {}),
    ...(c.email ? { email: maskEmail(c.email) } : {}),
    ...(c.address ? { address: "***" } : {}),
  };
  if (applicant.kind === "natural_person") {
    return {
      kind: applicant.kind,
      name: maskPersonName(applicant.name),
      idType: applicant.idType,
      idNumber: maskIdNumber(applicant.idNumber),
      contact,
    };
  }
  return {
    kind: applicant.kind,
    name: applicant.name,
    creditCode: applicant.creditCode,
    ...(applicant.contactPerson ? { contactPerson: maskPersonName(applicant.contactPerson) } : {}),
    contact,
  };
}

/** One short line for a log or a queue: 自然人 李* 居民身份证 110***********1234. */
export function applicantLabel(applicant: Applicant): string {
  const kind = APPLICANT_KIND_LABELS[applicant.kind];
  if (applicant.kind === "natural_person") {
    return `${kind} ${maskPersonName(applicant.name)} ${ID_TYPE_LABELS[applicant.idType]} ${maskIdNumber(applicant.idNumber)}`;
  }
  return `${applicantColumnGroup(applicant.kind)}（${kind}） ${applicant.name}`;
}
