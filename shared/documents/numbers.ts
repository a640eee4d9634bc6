/**
 * 文号 (发文字号) and 登记号 of 行政规范性文件.
 *
 * **文号** `机关代字〔年份〕序号号` (GB/T 9704-2012 7.2.4: the year in 六角括号 〔〕, the serial without
 * leading zeros and without 第), e.g. 浙民发〔2026〕12号. People type it many ways; `parseDocumentNumber`
 * accepts the common variants and `formatDocumentNumber` writes the one canonical form:
 * - brackets 〔〕 ［］ [] （） () 【】 〖〗 ﹝﹞ around the year;
 * - spaces anywhere (half- or full-width), full-width digits;
 * - leading zeros and a 第 before the serial; the closing 号 may be left out.
 * The year must be plausible: from 1949 to the year after today (a document signed in late December
 * may carry next year's number). The canonical form is the uniqueness key within an issuing body
 * (`documentNumberKey`): two spellings of one number are one number.
 *
 * **登记号** (统一登记) `<前缀>-<年份>-<序号>`, e.g. ZJSP01-2026-0001: the prefix is configured per
 * registry (the body that keeps the unified register: 2–16 capital letters or digits, beginning with
 * a letter), the year is the year of registration and the sequence counts from 1 within the
 * registry and year, zero-padded to 4 digits (wider from 10000, at most 999999).
 */
import type { IsoDate } from "../calendar.js";
import { yearOf } from "./days.js";
import { DocumentRefusalError } from "./refusals.js";

export interface DocumentNumber {
  /** 机关代字, e.g. 浙民发. */
  issuer: string;
  year: number;
  /** 发文顺序号, from 1. */
  serial: number;
}

/** The first year a 文号 of the People's Republic can carry. */
export const MIN_DOCUMENT_YEAR = 1949;
const MAX_SERIAL = 999_999;
const MAX_INPUT = 100;

const OPENING = /[[(【〖〔]/g;
const CLOSING = /[\])】〗〕]/g;
/** 机关代字 of 1–20 Chinese characters, a four-digit year, a serial. */
const DOCUMENT_NUMBER = /^(\p{Script=Han}{1,20})〔(\d{4})〕第?(\d{1,7})号?$/u;

/** The latest plausible year of a 文号 on `today`. */
export function latestDocumentYear(today: IsoDate): number {
  return yearOf(today) + 1;
}

/**
 * The 文号 in `text`, in any common spelling; a 422 DOC_NUMBER_FORMAT when it is not one, or
 * DOC_NUMBER_YEAR (values min, max) when its year is not plausible on `today`.
 */
export function parseDocumentNumber(text: string, { today }: { today: IsoDate }, field = "docNumber"): DocumentNumber {
  const compact =
    typeof text === "string" && text.length <= MAX_INPUT
      ? text.normalize("NFKC").replace(/\s+/g, "").replace(OPENING, "〔").replace(CLOSING, "〕")
      : "";
  const match = DOCUMENT_NUMBER.exec(compact);
  const serial = match ? Number(match[3]) : 0;
  if (!match || serial < 1 || serial > MAX_SERIAL) {
    throw new DocumentRefusalError("DOC_NUMBER_FORMAT", "a 文号 is written 机关代字〔YYYY〕N号", field);
  }
  const year = Number(match[2]);
  const max = latestDocumentYear(today);
  if (year < MIN_DOCUMENT_YEAR || year > max) {
    throw new DocumentRefusalError(
      "DOC_NUMBER_YEAR",
      `the year of a 文号 is from ${MIN_DOCUMENT_YEAR} to ${max}`,
      field,
      {
        min: MIN_DOCUMENT_YEAR,
        max,
      },
    );
  }
  return { issuer: match[1] as string, year, serial };
}

/** The canonical 文号: 浙民发〔2026〕12号. */
export function formatDocumentNumber({ issuer, year, serial }: DocumentNumber): string {
  return `${issuer}〔${year}〕${serial}号`;
}

/** Any spelling of a 文号 in its canonical form (the refusals of `parseDocumentNumber`). */
export function normalizeDocumentNumber(text: string, options: { today: IsoDate }, field = "docNumber"): string {
  return formatDocumentNumber(parseDocumentNumber(text, options, field));
}

/**
 * The key that is unique within one issuing body: the canonical form, so 浙民发[2026]012号 and
 * 浙民发〔2026〕12号 collide. (Issuer, year and serial together: 浙民发 and 浙民函 are separate series.)
 */
export function documentNumberKey(number: DocumentNumber): string {
  return formatDocumentNumber(number);
}

export interface RegistrationNumber {
  prefix: string;
  year: number;
  sequence: number;
}

const PREFIX = /^[A-Z][A-Z0-9]{1,15}$/;
const REGISTRATION_NUMBER = /^([A-Z][A-Z0-9]{1,15})-(\d{4})-(\d{4,6})$/;
export const MAX_REGISTRATION_SEQUENCE = 999_999;

/** A registry's prefix: 2–16 capital letters or digits, beginning with a letter. */
export function isRegistrationPrefix(prefix: unknown): prefix is string {
  return typeof prefix === "string" && PREFIX.test(prefix);
}

/**
 * The 登记号 of the `sequence`-th document a registry registers in `year`. The registry's
 * configuration and the service's counter supply the parts, so a bad part is a bug: RangeError.
 */
export function formatRegistrationNumber(prefix: string, year: number, sequence: number): string {
  if (!isRegistrationPrefix(prefix)) throw new RangeError(`not a registration prefix: ${JSON.stringify(prefix)}`);
  if (!Number.isInteger(year) || year < MIN_DOCUMENT_YEAR || year > 9999) throw new RangeError(`bad year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_REGISTRATION_SEQUENCE) {
    throw new RangeError(`the sequence is a whole number from 1 to ${MAX_REGISTRATION_SEQUENCE}, got ${sequence}`);
  }
  return `${prefix}-${year}-${String(sequence).padStart(4, "0")}`;
}

/**
 * A 登记号 as typed (a search, a link): spaces around it and lower case are forgiven; anything
 * else that `formatRegistrationNumber` would not write is a 422 REGISTRATION_NUMBER_FORMAT.
 */
export function parseRegistrationNumber(text: string, field = "registrationNumber"): RegistrationNumber {
  const compact = typeof text === "string" && text.length <= MAX_INPUT ? text.trim().toUpperCase() : "";
  const match = REGISTRATION_NUMBER.exec(compact);
  const parsed = match && { prefix: match[1] as string, year: Number(match[2]), sequence: Number(match[3]) };
  if (
    !parsed ||
    parsed.year < MIN_DOCUMENT_YEAR ||
    parsed.sequence < 1 ||
    formatRegistrationNumber(parsed.prefix, parsed.year, parsed.sequence) !== compact
  ) {
    throw new DocumentRefusalError("REGISTRATION_NUMBER_FORMAT", "a 登记号 is written PREFIX-YYYY-NNNN", field);
  }
  return parsed;
}
