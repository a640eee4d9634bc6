/**
 * Reading a body's 政府信息公开 platform (platform.ts) out of the public read model: which records
 * a statutory category holds and how many each category has, both derived from `placeOf` alone, so
 * the page, the counts and the paged lists never disagree with where a record is said to go. Also
 * the rules of the 政府信息公开指南's text (条例 Art. 12) that its officers edit.
 */
import { POWER_CATEGORIES, type PowerCategory } from "../domain.js";
import { DocumentRefusalError } from "./refusals.js";
import {
  STATUTORY_CATEGORIES,
  placeOf,
  type PlatformRecord,
  type Retention,
  type StatutoryCategoryId,
} from "./platform.js";

/** The kinds of record a category's list holds, in the order the list shows them. */
export const OPENNESS_ITEM_KINDS = ["body", "document", "power", "notice", "consultation", "officer"] as const;
export type OpennessItemKind = (typeof OPENNESS_ITEM_KINDS)[number];

export const OPENNESS_ITEM_KIND_LABELS: Record<OpennessItemKind, string> = {
  body: "机关信息",
  document: "文件",
  power: "权责事项",
  notice: "执法决定公示",
  consultation: "决策预公开",
  officer: "执法人员",
};

export function isStatutoryCategoryId(id: string): id is StatutoryCategoryId {
  return STATUTORY_CATEGORIES.some((c) => c.id === id);
}

/** What places a document: the two facts its officer sets (all documents here are 规范性文件). */
export interface DocumentFiling {
  disclosureRule: boolean;
  category: StatutoryCategoryId | null;
}

/** Every filing a document can have: whether it is a 公开制度 × no category or one of the fifteen. */
export const DOCUMENT_FILINGS: readonly DocumentFiling[] = [false, true].flatMap((disclosureRule) =>
  [null, ...STATUTORY_CATEGORIES.map((c) => c.id)].map((category) => ({ disclosureRule, category })),
);

export function documentRecord(f: { disclosureRule?: boolean | null; category?: string | null }): PlatformRecord {
  const category = f.category && isStatutoryCategoryId(f.category) ? f.category : null;
  return { kind: "document", normative: true, disclosureRule: f.disclosureRule === true, category };
}

/**
 * Which records a category holds, as filters on the read model: the notices and powers of some
 * power categories, the documents of some filings, and whether the officers, the body itself and
 * the consultations go there.
 */
export interface CategorySelection {
  noticeKinds: PowerCategory[];
  powerCategories: PowerCategory[];
  documentFilings: DocumentFiling[];
  body: boolean;
  officers: boolean;
  consultations: boolean;
}

const inCategory = (record: PlatformRecord, id: StatutoryCategoryId) => {
  const place = placeOf(record);
  return place.section === "statutory" && place.category === id;
};

export function categorySelection(id: StatutoryCategoryId): CategorySelection {
  return {
    noticeKinds: POWER_CATEGORIES.filter((category) => inCategory({ kind: "notice", category }, id)),
    powerCategories: POWER_CATEGORIES.filter((category) => inCategory({ kind: "power", category }, id)),
    documentFilings: DOCUMENT_FILINGS.filter((f) => inCategory(documentRecord(f), id)),
    body: inCategory({ kind: "body" }, id),
    officers: inCategory({ kind: "officer" }, id),
    consultations: inCategory({ kind: "consultation" }, id),
  };
}

/** The kinds of record a category can hold, in the list's order. */
export function kindsIn(id: StatutoryCategoryId): OpennessItemKind[] {
  const sel = categorySelection(id);
  const holds: Record<OpennessItemKind, boolean> = {
    body: sel.body,
    document: sel.documentFilings.length > 0,
    power: sel.powerCategories.length > 0,
    notice: sel.noticeKinds.length > 0,
    consultation: sel.consultations,
    officer: sel.officers,
  };
  return OPENNESS_ITEM_KINDS.filter((k) => holds[k]);
}

/** What the read model counts of one body, grouped by the facts that place each record. */
export interface BodyRecordCounts {
  /** Published notices by their kind (the power category of the decision). */
  notices: { kind: string; count: number }[];
  powers: { category: string; count: number }[];
  documents: { disclosureRule: boolean | null; category: string | null; count: number }[];
  officers: number;
  consultations: number;
}

/**
 * How many records each statutory category holds (the body itself counts once under its category),
 * and how many documents are the body's 公开制度. A notice or power of a category unknown to
 * POWER_CATEGORIES is not counted: no list would show it.
 */
export function countByCategory(c: BodyRecordCounts): {
  categories: Record<StatutoryCategoryId, number>;
  rules: number;
} {
  const categories = Object.fromEntries(STATUTORY_CATEGORIES.map((x) => [x.id, 0])) as Record<
    StatutoryCategoryId,
    number
  >;
  let rules = 0;
  const add = (record: PlatformRecord, n: number) => {
    const place = placeOf(record);
    if (place.section === "rules") rules += n;
    else if (place.section === "statutory" && place.category) categories[place.category] += n;
  };
  const isPowerCategory = (k: string): k is PowerCategory => (POWER_CATEGORIES as readonly string[]).includes(k);
  for (const n of c.notices) if (isPowerCategory(n.kind)) add({ kind: "notice", category: n.kind }, n.count);
  for (const p of c.powers) if (isPowerCategory(p.category)) add({ kind: "power", category: p.category }, p.count);
  for (const d of c.documents) add(documentRecord(d), d.count);
  add({ kind: "officer" }, c.officers);
  add({ kind: "consultation" }, c.consultations);
  add({ kind: "body" }, 1);
  return { categories, rules };
}

/** How long a listed record stays public: its own place's retention (a notice: its 公示期). */
export function retentionOfItem(
  kind: OpennessItemKind,
  facts: { category?: string | null; disclosureRule?: boolean | null },
): Retention {
  if (kind === "document") return placeOf(documentRecord(facts)).retention;
  if (kind === "notice" || kind === "power") {
    const category = (facts.category ?? "其他行政权力") as PowerCategory;
    return placeOf({ kind, category }).retention;
  }
  return placeOf({ kind }).retention;
}

/** The longest 政府信息公开指南 text kept (the guide of a large department runs to a few pages). */
export const GUIDE_MAX_CHARS = 50_000;

/**
 * A guide's text as kept: line ends unified, trailing spaces and blank lines at either end removed.
 * An empty text is refused (GUIDE_EMPTY): a guide is replaced, never blanked.
 */
export function normalizeGuideText(text: string): string {
  const lines = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/[ \t\u3000]+$/u, ""));
  const normalized = lines.join("\n").replace(/^\n+|\n+$/g, "");
  if (normalized.trim() === "") {
    throw new DocumentRefusalError("GUIDE_EMPTY", "the guide needs a text", "text");
  }
  return normalized;
}
