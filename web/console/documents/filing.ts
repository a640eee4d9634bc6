/**
 * A document's filing on the 政府信息公开 platform, on the console: part of the body's 政府信息公开制度
 * or not, and its category of 条例 Art. 20 (none: a 规范性文件, under (一)). The register's and the
 * draft's forms carry both; a published document keeps a form of its own, since its text is fixed
 * but its filing is not.
 */
import type { DocumentView } from "../../../services/documents/contract.js";
import { STATUTORY_CATEGORIES, placeOf, documentRecord } from "../../../shared/documents.js";
import { html, type SafeHtml } from "../../html/html.js";
import { value, type ConsoleContext } from "../context.js";
import { select, type FieldErrors } from "../layout.js";
import { stepForm } from "./shared.js";

export const FILING_LABELS: Record<string, string> = {
  disclosureRule: "列入政府信息公开制度",
  category: "主动公开类别",
};

const CATEGORY_OPTIONS = STATUTORY_CATEGORIES.map((c) => [c.id, `${c.marker}${c.title}`] as const);

/** The two fields, with the values given (a form kept after a refusal, or the document's). */
export function filingFields(v: (name: string) => string | undefined, errors: FieldErrors): SafeHtml {
  return html`${select({
    name: "disclosureRule",
    label: FILING_LABELS.disclosureRule ?? "",
    value: v("disclosureRule") ?? "no",
    options: [
      ["no", "否"],
      ["yes", "是（在政府信息公开平台的“政府信息公开制度”栏目公开）"],
    ],
    errors,
  })}
  ${select({
    name: "category",
    label: FILING_LABELS.category ?? "",
    value: v("category"),
    options: CATEGORY_OPTIONS,
    blank: "（一）行政法规、规章和规范性文件（默认）",
    errors,
    hint: "文件在“法定主动公开内容”中所属的《政府信息公开条例》第二十条类别；列入公开制度的文件在“政府信息公开制度”栏目公开。",
  })}`;
}

/** The filing from the form: both always sent, so a blank category clears it. */
export function filingParamsOf(form: URLSearchParams): { disclosureRule: boolean; category: string | null } {
  return { disclosureRule: form.get("disclosureRule") === "yes", category: value(form, "category") || null };
}

/** The document's filing as the form shows it. */
export function filingValues(d: Pick<DocumentView, "disclosureRule" | "category">): Record<string, string | undefined> {
  return { disclosureRule: d.disclosureRule ? "yes" : "no", category: d.category ?? undefined };
}

/** Where the platform shows the document, in words. */
export function filingText(d: Pick<DocumentView, "disclosureRule" | "category">): string {
  const place = placeOf(documentRecord(d));
  if (place.section === "rules") return "政府信息公开制度";
  const c = STATUTORY_CATEGORIES.find((x) => x.id === place.category);
  return c ? `法定主动公开内容 · ${c.marker}${c.title}` : "—";
}

/** A published document's own form: its filing only. */
export function filingForm(
  c: ConsoleContext,
  d: DocumentView,
  errors: FieldErrors,
  kept: (name: string) => string | undefined,
): SafeHtml {
  const current = filingValues(d);
  return stepForm(
    c,
    `/console/documents/${d.id}/filing`,
    "政府信息公开平台归类",
    errors,
    FILING_LABELS,
    filingFields((n) => kept(n) ?? current[n], errors),
    "保存归类",
  );
}
