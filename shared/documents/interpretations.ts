/**
 * 政策解读: 谁起草谁解读 — the drafting unit interprets its own document, and a policy document is
 * published with its 解读 (同步组织、同步审签、同步部署: the service publishes both in one transaction,
 * at one instant). Plain forms: a text, a 简明问答 list of question/answer pairs, 图解 images each with
 * its alt text (read aloud to those who cannot see it). A 解读 may also follow publication
 * (施行后解读, after misreadings), shown with its own date.
 */
import type { IsoDate } from "../calendar.js";
import { DocumentRefusalError } from "./refusals.js";
import { IN_FORCE_STATUSES, documentStatus, type DocumentStatusEvent } from "./status.js";
import type { DocumentDates } from "./validity.js";
import type { DocumentStage } from "./lifecycle.js";

/** 图解 are PNG or SVG (stored in S3, referred to by key). */
export const GRAPHIC_MEDIA_TYPES = ["image/png", "image/svg+xml"] as const;
export type GraphicMediaType = (typeof GRAPHIC_MEDIA_TYPES)[number];

/** One 简明问答 pair. */
export interface QaPair {
  question: string;
  answer: string;
}

/** One 图解 image: its object-storage key, type and alt text. */
export interface InterpretationGraphic {
  key: string;
  mediaType: GraphicMediaType;
  alt: string;
}

export interface InterpretationInput {
  /** The text (may be empty when the 问答 say it all). */
  text?: string | null;
  qa?: readonly QaPair[];
  graphics?: readonly InterpretationGraphic[];
  /** 起草单位: the unit that drafted the document interprets it. */
  draftingUnit: string;
  /** 解读人. */
  interpreter: string;
}

export interface InterpretationContent {
  text: string;
  qa: QaPair[];
  graphics: InterpretationGraphic[];
  draftingUnit: string;
  interpreter: string;
}

/** 同步解读 (published with the document) or 施行后解读 (later, with its own date). */
export type InterpretationTiming = "simultaneous" | "post_publication";

export const INTERPRETATION_TIMING_LABELS: Record<InterpretationTiming, string> = {
  simultaneous: "同步解读",
  post_publication: "施行后解读",
};

export interface InterpretationPlan extends InterpretationContent {
  timing: InterpretationTiming;
  /** A later 解读's own date; null for one published with its document (the document's instant). */
  publishedOn: IsoDate | null;
}

/** Whether a document needs a 解读 before it is published. */
export interface InterpretationRequirement {
  required: boolean;
  waived: boolean;
  /** The public reason a policy document goes without one. */
  waiverReason: string | null;
}

const trimmed = (s: unknown): string => (typeof s === "string" ? s.trim() : "");

/**
 * Policy documents (政策性文件) need a 解读 unless a waiver gives its reason (422 REASON_REQUIRED,
 * field `interpretationWaiver.reason`, for a waiver without one).
 */
export function interpretationRequirement({
  policy,
  waiver,
}: {
  policy: boolean;
  waiver?: { reason: string } | null;
}): InterpretationRequirement {
  if (waiver) {
    const reason = trimmed(waiver.reason);
    if (reason === "") {
      throw new DocumentRefusalError("REASON_REQUIRED", "a waiver gives its reason", "interpretationWaiver.reason");
    }
    return { required: false, waived: policy, waiverReason: policy ? reason : null };
  }
  return { required: policy, waived: false, waiverReason: null };
}

/**
 * The 解读's content, trimmed, or the first 422: `required` (draftingUnit, interpreter,
 * qa[i].question, qa[i].answer, graphics[i].key), INTERPRETATION_EMPTY (neither text nor 问答),
 * GRAPHIC_TYPE (graphics[i].mediaType), ALT_TEXT_REQUIRED (graphics[i].alt).
 */
export function checkInterpretation(input: InterpretationInput): InterpretationContent {
  const draftingUnit = trimmed(input.draftingUnit);
  if (draftingUnit === "") throw new DocumentRefusalError("required", "谁起草谁解读: name the unit", "draftingUnit");
  const interpreter = trimmed(input.interpreter);
  if (interpreter === "") throw new DocumentRefusalError("required", "name the 解读人", "interpreter");
  const qa = (input.qa ?? []).map((pair, i) => {
    const question = trimmed(pair.question);
    const answer = trimmed(pair.answer);
    if (question === "") throw new DocumentRefusalError("required", "a pair has its question", `qa[${i}].question`);
    if (answer === "") throw new DocumentRefusalError("required", "a pair has its answer", `qa[${i}].answer`);
    return { question, answer };
  });
  const text = trimmed(input.text);
  if (text === "" && qa.length === 0) {
    throw new DocumentRefusalError("INTERPRETATION_EMPTY", "a 解读 has a text or 简明问答", "text");
  }
  const graphics = (input.graphics ?? []).map((g, i) => {
    const key = trimmed(g.key);
    if (key === "") throw new DocumentRefusalError("required", "a 图解 has its stored file", `graphics[${i}].key`);
    if (!(GRAPHIC_MEDIA_TYPES as readonly string[]).includes(g.mediaType)) {
      throw new DocumentRefusalError("GRAPHIC_TYPE", "a 图解 is PNG or SVG", `graphics[${i}].mediaType`);
    }
    const alt = trimmed(g.alt);
    if (alt === "") throw new DocumentRefusalError("ALT_TEXT_REQUIRED", "a 图解 has alt text", `graphics[${i}].alt`);
    return { key, mediaType: g.mediaType, alt };
  });
  return { text, qa, graphics, draftingUnit, interpreter };
}

/**
 * A 解读 for a document at its stage: on a draft it is 同步解读, to be published with it; on a
 * published document it is 施行后解读, dated `today`, and only while the document is in force
 * (409 DOCUMENT_NOT_IN_FORCE). Its content passes `checkInterpretation`.
 */
export function planInterpretation(
  document: { stage: DocumentStage; dates: DocumentDates | null; events: readonly DocumentStatusEvent[] },
  input: InterpretationInput,
  { today }: { today: IsoDate },
): InterpretationPlan {
  const content = checkInterpretation(input);
  if (document.stage === "draft") return { ...content, timing: "simultaneous", publishedOn: null };
  const status = document.dates && documentStatus(document.dates, document.events, today);
  if (!status || !IN_FORCE_STATUSES.includes(status.status)) {
    throw new DocumentRefusalError(
      "DOCUMENT_NOT_IN_FORCE",
      "a later 解读 is for a document in force",
      undefined,
      status ? { date: status.since, status: status.label } : {},
    );
  }
  return { ...content, timing: "post_publication", publishedOn: today };
}
