/**
 * The dates of a 行政规范性文件 and its period of validity (有效期).
 *
 * - **施行日期** defaults to 30 days after the 发布日期 (`effectiveAfterDays`); it may not precede
 *   publication (a document not yet public binds no one).
 * - **有效期** is counted from the 施行日期: 5 years by default, 2 years when the title calls the
 *   document 暂行 or 试行, or up to an explicit last day. A period of N years ends the day before
 *   the same date N years on: 施行 2026-03-01 for 5 years is valid up to and including 2031-02-28,
 *   and 失效 from 2031-03-01.
 * Provinces differ, so the numbers are a `ValidityRules` the service may take from its settings.
 */
import type { IsoDate } from "../calendar.js";
import { isCalendarDate } from "../dates.js";
import { addDays, lastDayOfYears } from "./days.js";
import { documentNumberKey, formatDocumentNumber, parseDocumentNumber, type DocumentNumber } from "./numbers.js";
import { DocumentRefusalError } from "./refusals.js";

export interface ValidityRules {
  /** 施行日期 by default: this many days after the 发布日期. */
  effectiveAfterDays: number;
  /** 有效期 by default, in years. */
  defaultYears: number;
  /** 有效期 of a 暂行 or 试行 document, in years. */
  provisionalYears: number;
}

export const DEFAULT_VALIDITY_RULES: ValidityRules = { effectiveAfterDays: 30, defaultYears: 5, provisionalYears: 2 };

/** Words in a title that make a document provisional (暂行规定, 试行办法…). */
export const PROVISIONAL_MARKERS = ["暂行", "试行"] as const;

/** Where the end of validity comes from. */
export type ValidityBasis = "default" | "provisional" | "explicit";

/** Where the end of validity comes from, as the pages say it (without the years, which settings may change). */
export const VALIDITY_BASIS_LABELS: Record<ValidityBasis, string> = {
  default: "默认有效期",
  provisional: "暂行、试行文件的有效期",
  explicit: "文件规定的有效期",
};

/** The words for a stored basis; anything else is shown as it is. */
export function validityBasisLabel(basis: string | null | undefined): string | null {
  if (!basis) return null;
  return Object.hasOwn(VALIDITY_BASIS_LABELS, basis) ? VALIDITY_BASIS_LABELS[basis as ValidityBasis] : basis;
}

/** The dates of a published document, every default resolved: what status.ts and cleanup.ts read. */
export interface DocumentDates {
  /** 发布日期. */
  publishedOn: IsoDate;
  /** 施行日期. */
  effectiveFrom: IsoDate;
  /** The last day the document is valid (有效期至); 失效 from the day after. */
  validUntil: IsoDate;
}

/** What the officer registers (dates 'YYYY-MM-DD'). */
export interface DocumentDateInput {
  title: string;
  /** 成文日期. */
  signedOn: IsoDate;
  /** 发布日期; may be left for the day of publication. */
  publishedOn?: IsoDate | null;
  /** 施行日期; default `effectiveAfterDays` after publication. */
  effectiveFrom?: IsoDate | null;
  /** 有效期至, explicitly; default by the title. */
  validUntil?: IsoDate | null;
}

export interface ResolvedDates extends DocumentDates {
  signedOn: IsoDate;
  /** True when no 发布日期 was given and `today` stands in for it (a draft's preview). */
  publishedOnAssumed: boolean;
  effectiveFromDefaulted: boolean;
  validityBasis: ValidityBasis;
  /** The years of a default period; null for an explicit end. */
  validityYears: number | null;
}

export interface PreparedDocument extends ResolvedDates {
  title: string;
  docNumber: DocumentNumber;
  /** The canonical 文号, 浙民发〔2026〕12号. */
  docNumberText: string;
  /** Unique within the issuing body. */
  docNumberKey: string;
}

/** True when the title marks the document 暂行 or 试行. */
export function isProvisionalTitle(title: string): boolean {
  return PROVISIONAL_MARKERS.some((marker) => title.includes(marker));
}

/** The default 施行日期 of a document published on `publishedOn`. */
export function defaultEffectiveFrom(publishedOn: IsoDate, rules: ValidityRules = DEFAULT_VALIDITY_RULES): IsoDate {
  return addDays(publishedOn, rules.effectiveAfterDays);
}

/** The default 有效期 in years for a title. */
export function defaultValidityYears(title: string, rules: ValidityRules = DEFAULT_VALIDITY_RULES): number {
  return isProvisionalTitle(title) ? rules.provisionalYears : rules.defaultYears;
}

/** The last valid day of a period of `years` from the 施行日期. */
export function validityEnd(effectiveFrom: IsoDate, years: number): IsoDate {
  return lastDayOfYears(effectiveFrom, years);
}

/** The day a document becomes 失效: the day after its last valid day. */
export function lapsesOn(dates: Pick<DocumentDates, "validUntil">): IsoDate {
  return addDays(dates.validUntil, 1);
}

function checkDate(value: unknown, field: string): IsoDate {
  if (!isCalendarDate(value)) throw new DocumentRefusalError("NOT_A_DATE", `${field} is not a date YYYY-MM-DD`, field);
  return value;
}

const given = (value: IsoDate | null | undefined): value is IsoDate => value !== undefined && value !== null;

/**
 * The document's dates with every default resolved, or the first 422: NOT_A_DATE, DATE_IN_FUTURE
 * (成文日期 after today), PUBLISHED_BEFORE_SIGNED, EFFECTIVE_BEFORE_PUBLISHED,
 * VALIDITY_BEFORE_EFFECTIVE (values: the date it may not precede).
 */
export function resolveDates(
  input: DocumentDateInput,
  { today, rules = DEFAULT_VALIDITY_RULES }: { today: IsoDate; rules?: ValidityRules },
): ResolvedDates {
  const signedOn = checkDate(input.signedOn, "signedOn");
  if (signedOn > today) throw new DocumentRefusalError("DATE_IN_FUTURE", "成文日期 is after today", "signedOn");
  const publishedOn = given(input.publishedOn) ? checkDate(input.publishedOn, "publishedOn") : today;
  if (publishedOn < signedOn) {
    throw new DocumentRefusalError("PUBLISHED_BEFORE_SIGNED", "发布日期 precedes 成文日期", "publishedOn", {
      date: signedOn,
    });
  }
  const effectiveFrom = given(input.effectiveFrom)
    ? checkDate(input.effectiveFrom, "effectiveFrom")
    : defaultEffectiveFrom(publishedOn, rules);
  if (effectiveFrom < publishedOn) {
    throw new DocumentRefusalError("EFFECTIVE_BEFORE_PUBLISHED", "施行日期 precedes 发布日期", "effectiveFrom", {
      date: publishedOn,
    });
  }
  let validUntil: IsoDate;
  let validityBasis: ValidityBasis;
  let validityYears: number | null = null;
  if (given(input.validUntil)) {
    validUntil = checkDate(input.validUntil, "validUntil");
    validityBasis = "explicit";
    if (validUntil < effectiveFrom) {
      throw new DocumentRefusalError("VALIDITY_BEFORE_EFFECTIVE", "有效期 ends before 施行日期", "validUntil", {
        date: effectiveFrom,
      });
    }
  } else {
    validityYears = defaultValidityYears(input.title, rules);
    validityBasis = isProvisionalTitle(input.title) ? "provisional" : "default";
    validUntil = validityEnd(effectiveFrom, validityYears);
  }
  return {
    signedOn,
    publishedOn,
    publishedOnAssumed: !given(input.publishedOn),
    effectiveFrom,
    effectiveFromDefaulted: !given(input.effectiveFrom),
    validUntil,
    validityBasis,
    validityYears,
  };
}

/**
 * A document as registered: its 文号 parsed and made canonical, its dates resolved, or the first
 * 422 (a blank title: `required`; the refusals of `parseDocumentNumber` and `resolveDates`).
 */
export function prepareDocument(
  input: DocumentDateInput & { docNumber: string },
  options: { today: IsoDate; rules?: ValidityRules },
): PreparedDocument {
  const title = typeof input.title === "string" ? input.title.trim() : "";
  if (title === "") throw new DocumentRefusalError("required", "a document has a title", "title");
  const docNumber = parseDocumentNumber(input.docNumber, options);
  return {
    title,
    docNumber,
    docNumberText: formatDocumentNumber(docNumber),
    docNumberKey: documentNumberKey(docNumber),
    ...resolveDates({ ...input, title }, options),
  };
}
