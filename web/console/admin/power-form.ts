/**
 * A power as the 权责清单 form holds it: standards, procedure and remedies as text rows ("a | b | c"),
 * the legal basis as numbered rows, and back into the duties service's params.
 */
import type { LegalBasis, PowerVersionView } from "../../../services/duties/contract.js";
import { lines, value } from "../context.js";

export const BASIS_ROWS = 3;
const SEP = " | ";

export function standardsText(s: unknown): string {
  if (typeof s === "string") return s;
  if (!Array.isArray(s)) return "";
  return s
    .map((row) => {
      if (typeof row === "string") return row;
      const r = row as { level?: string | null; circumstance?: string; measure?: string };
      return [r.level ?? "", r.circumstance ?? "", r.measure ?? ""].join(SEP);
    })
    .join("\n");
}

export function procedureText(p: PowerVersionView["procedure"]): string {
  return (p ?? [])
    .map((s) => (typeof s === "string" ? s : s.description ? `${s.name}${SEP}${s.description}` : s.name))
    .join("\n");
}

export function remediesText(r: unknown): string {
  if (typeof r === "string") return r;
  if (!Array.isArray(r)) return "";
  return r
    .map((row) => {
      if (typeof row === "string") return row;
      const x = row as Record<string, string | null | undefined>;
      const parts = [x.kind ?? "其他", x.organ ?? "", x.timeLimit ?? "", x.note ?? ""];
      while (parts.length > 1 && !parts[parts.length - 1]) parts.pop();
      return parts.join(SEP);
    })
    .join("\n");
}

const parts = (line: string) => line.split("|").map((s) => s.trim());

/** Prose, or (when a line has "|") rows: "档次 | 情形 | 措施" or "情形 | 措施", other lines as text. */
function parseStandards(text: string | null): unknown {
  const rows = lines(text ?? undefined);
  if (!rows.some((l) => l.includes("|"))) return text?.trim() || undefined;
  return rows.map((l) => {
    if (!l.includes("|")) return l;
    const p = parts(l);
    if (p.length === 2) return { circumstance: p[0], measure: p[1] };
    const [level = "", circumstance = "", ...rest] = p;
    return { ...(level ? { level } : {}), circumstance, measure: rest.join(" | ") };
  });
}

function parseProcedure(text: string | null): unknown {
  const steps = lines(text ?? undefined).map((l) => {
    const at = l.indexOf("|");
    if (at < 0) return l;
    const description = l.slice(at + 1).trim();
    return { name: l.slice(0, at).trim(), ...(description ? { description } : {}) };
  });
  return steps.length ? steps : undefined;
}

function parseRemedies(text: string | null): unknown {
  const rows = lines(text ?? undefined);
  if (!rows.some((l) => l.includes("|"))) return text?.trim() || undefined;
  return rows.map((l) => {
    if (!l.includes("|")) return l;
    const [kind = "", organ, timeLimit, note] = parts(l);
    return {
      kind,
      ...(organ ? { organ } : {}),
      ...(timeLimit ? { timeLimit } : {}),
      ...(note ? { note } : {}),
    };
  });
}

export function basisRowsOf(f: URLSearchParams): number {
  let n = 0;
  while (n < 50 && f.has(`basis.${n}.law`)) n++;
  return n;
}

/** The power's params from the form; empty basis rows are dropped, `rows` maps API rows back to the form's. */
export function powerParams(f: URLSearchParams, bodyId: string, revise: boolean) {
  const rows: number[] = [];
  const basis: LegalBasis[] = [];
  for (let i = 0; i < basisRowsOf(f); i++) {
    const law = f.get(`basis.${i}.law`)?.trim() ?? "";
    const article = f.get(`basis.${i}.article`)?.trim() ?? "";
    const text = f.get(`basis.${i}.text`)?.trim() ?? "";
    if (!law && !article && !text) continue;
    rows.push(i);
    basis.push({ law, article, ...(text ? { text } : {}) });
  }
  const days = f.get("timeLimitDays")?.trim();
  const optional: Record<string, unknown> = {
    standards: parseStandards(f.get("standards")),
    procedure: parseProcedure(f.get("procedure")),
    timeLimitDays: days ? days : undefined,
    remedies: parseRemedies(f.get("remedies")),
    supervisionPhone: value(f, "supervisionPhone"),
    ...(revise ? { changeNote: value(f, "changeNote") } : {}),
  };
  const params = {
    bodyId,
    code: f.get("code")?.trim() ?? "",
    name: f.get("name")?.trim() ?? "",
    category: f.get("category") ?? "",
    basis,
    ...Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== undefined)),
  };
  const rename = (apiField: string): string | undefined => {
    const m = /^basis\.(\d+)\.(law|article|text)/.exec(apiField);
    if (m) return `basis.${rows[Number(m[1])] ?? 0}.${m[2]}`;
    if (apiField === "basis") return "basis.0.law";
    const top = /^(standards|procedure|remedies)\b/.exec(apiField);
    return top ? top[1] : undefined;
  };
  return { params, rename };
}
