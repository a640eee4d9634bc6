/**
 * The life of a document: draft → published, and then, by its dates and status events (status.ts),
 * 有效 → 失效 / 废止 / 已修改. A draft can be edited and given its 解读; publishing is the gate where
 * 三同步 is enforced (a document that needs a 解读 goes out with it) and, for the final document of a
 * consultation, the adoption report must exist. Once published the text is fixed: it changes only
 * by another document (已修改) or ends (废止, 失效), and stays readable with its status.
 */
import type { IsoDate } from "../calendar.js";
import { isCalendarDate } from "../dates.js";
import { checkFinalPublication, type ConsultationGate } from "./adoption.js";
import type { InterpretationRequirement } from "./interpretations.js";
import { DocumentRefusalError } from "./refusals.js";
import { isInForce, type DocumentStatusEvent } from "./status.js";
import type { DocumentDates } from "./validity.js";

export const DOCUMENT_STAGES = ["draft", "published"] as const;
export type DocumentStage = (typeof DOCUMENT_STAGES)[number];

export const DOCUMENT_STAGE_LABELS: Record<DocumentStage, string> = { draft: "草稿", published: "已发布" };

export const DOCUMENT_ACTIONS = ["edit", "interpret", "publish", "amend", "repeal", "review"] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

export interface DocumentState {
  stage: DocumentStage;
  /** Resolved dates; null for a draft not yet dated. */
  dates: DocumentDates | null;
  events: readonly DocumentStatusEvent[];
}

/** What an officer may do with the document on `today` (the console's buttons). */
export function documentActions(document: DocumentState, today: IsoDate): DocumentAction[] {
  if (document.stage === "draft") return ["edit", "interpret", "publish"];
  if (document.dates && isInForce(document.dates, document.events, today)) {
    return ["interpret", "amend", "repeal", "review"];
  }
  return [];
}

/** A published text is fixed: 409 DOCUMENT_PUBLISHED (amend it by another document, or repeal it). */
export function checkEditable(stage: DocumentStage): void {
  if (stage !== "draft") {
    throw new DocumentRefusalError("DOCUMENT_PUBLISHED", "a published document changes only by another document");
  }
}

/** A status event needs a published document: 409 DOCUMENT_NOT_PUBLISHED. */
export function checkPublished(stage: DocumentStage): void {
  if (stage !== "published") {
    throw new DocumentRefusalError("DOCUMENT_NOT_PUBLISHED", "the document is still a draft");
  }
}

export interface PublishFacts {
  stage: DocumentStage;
  /** The 发布日期 registered; none: today. */
  publishedOn?: IsoDate | null;
  /** From `interpretationRequirement`. */
  interpretation: InterpretationRequirement;
  /** A 同步解读 is attached to the draft. */
  hasInterpretation: boolean;
  /** The consultation this document is the outcome of, if any. */
  consultation?: ConsultationGate | null;
}

/**
 * May the draft be published on `today`? Its own values first (422 NOT_A_DATE, DATE_IN_FUTURE on
 * publishedOn), then its state (409): ILLEGAL_TRANSITION when already published,
 * INTERPRETATION_REQUIRED when it needs a 解读 and has none, ADOPTION_REPORT_REQUIRED when its
 * consultation has no adoption report. Answers the 发布日期 to record.
 */
export function checkPublish(facts: PublishFacts, { today }: { today: IsoDate }): { publishedOn: IsoDate } {
  const publishedOn = facts.publishedOn ?? today;
  if (!isCalendarDate(publishedOn)) {
    throw new DocumentRefusalError("NOT_A_DATE", "publishedOn is not a date YYYY-MM-DD", "publishedOn");
  }
  if (publishedOn > today) {
    throw new DocumentRefusalError("DATE_IN_FUTURE", "a document is published on its 发布日期", "publishedOn");
  }
  if (facts.stage !== "draft") throw new DocumentRefusalError("ILLEGAL_TRANSITION", "already published");
  if (facts.interpretation.required && !facts.hasInterpretation) {
    throw new DocumentRefusalError("INTERPRETATION_REQUIRED", "三同步: publish the document with its 解读");
  }
  checkFinalPublication(facts.consultation ?? null);
  return { publishedOn };
}
