/**
 * The handbook's names of the same inputs (API.md, "Normative documents and consultations"), taken
 * beside the platform's own: `docNo` for `docNumber`, `needsInterpretation` for `policy`,
 * `effectiveOn` for `effectiveFrom`, a 解读's `qa: [{q, a}]` and `title`, a consultation's
 * `shortenedReason`, a comment's `text`. Each maps to the one field the use cases read; a field
 * neither form gives is 422 under the platform's name.
 */
import { fieldProblem } from "../../../lib/errors.js";
import type { CommentParams, InterpretParams, OpenConsultationParams, RegisterParams } from "../contract.js";

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined || value === "") throw fieldProblem(field, "required", `${field} is required`);
  return value;
}

export function registerParamsOf(p: RegisterParams): RegisterParams & { docNumber: string } {
  const { docNo, needsInterpretation, effectiveOn, ...own } = p;
  return {
    ...own,
    docNumber: required(p.docNumber ?? docNo, "docNumber"),
    legalBasis: p.legalBasis ?? "",
    ...((p.policy ?? needsInterpretation) !== undefined ? { policy: p.policy ?? needsInterpretation } : {}),
    ...((p.effectiveFrom ?? effectiveOn) ? { effectiveFrom: p.effectiveFrom ?? effectiveOn } : {}),
  };
}

/** A 解读 as the use case reads it: 简明问答 as question/answer, the drafter named. */
export type InterpretInput = Omit<InterpretParams, "title" | "qa" | "draftingUnit" | "interpreter"> & {
  qa?: { question: string; answer: string }[];
  draftingUnit: string;
  interpreter: string;
};

/** A 解读: its title (when given) heads the text; 简明问答 as question/answer or q/a. */
export function interpretParamsOf(p: InterpretParams, drafter: { unit: string; person: string }): InterpretInput {
  const { title, qa, ...own } = p;
  const text = title && p.text ? `${title}\n\n${p.text}` : (p.text ?? title);
  return {
    ...own,
    ...(text ? { text } : {}),
    ...(qa
      ? {
          qa: qa.map((x) => ({
            question: required(x.question ?? x.q, "qa.question"),
            answer: required(x.answer ?? x.a, "qa.answer"),
          })),
        }
      : {}),
    draftingUnit: p.draftingUnit ?? drafter.unit,
    interpreter: p.interpreter ?? drafter.person,
  };
}

export function consultationParamsOf(p: OpenConsultationParams): OpenConsultationParams & { basis: string } {
  const { shortenedReason, ...own } = p;
  const shortReason = p.shortReason ?? shortenedReason;
  return { ...own, basis: p.basis ?? "", ...(shortReason ? { shortReason } : {}) };
}

export function commentParamsOf(p: CommentParams): CommentParams & { content: string } {
  const { text, ...own } = p;
  return { ...own, content: required(p.content ?? text, "content") };
}
