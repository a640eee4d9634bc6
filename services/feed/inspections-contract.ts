/**
 * The feed's answers for 双随机、一公开: the entities drawn for inspection with their results,
 * searchable by name or 统一社会信用代码 (the public's "was this company inspected, and with what
 * result?"), as JSON and CSV, and the Atom feed of the plans.
 */
import { action } from "../../lib/contract.js";
import { INT, json, media, nullable, obj, oneOf, page, STR } from "../../lib/replies.js";
import { INSPECTION_OUTCOMES, type InspectionOutcome } from "../../shared/inspections/results.js";
import { ID, optionalText, pagingParams } from "../../shared/validation.js";

export interface InspectedParams {
  q?: string;
  creditCode?: string;
  bodyId?: string;
  outcome?: InspectionOutcome | "待公开";
  limit?: number;
  cursor?: string;
}

/** A drawn entity and its result (null until published). */
export interface InspectedEntity {
  planId: string;
  planTitle: string;
  planUrl: string;
  bodyId: string;
  bodyName: string;
  drawnAt: string;
  rank: number;
  creditCode: string;
  name: string;
  outcome: InspectionOutcome | null;
  inspectedOn: string | null;
}

const FILTERS = {
  q: optionalText(50),
  creditCode: optionalText(18, { uppercase: true }),
  bodyId: { ...ID, optional: true },
  outcome: { type: "enum", values: [...INSPECTION_OUTCOMES, "待公开"], optional: true },
} as const;

const ENTITY = obj({
  planId: STR,
  planTitle: STR,
  planUrl: STR,
  bodyId: STR,
  bodyName: STR,
  drawnAt: STR,
  rank: INT,
  creditCode: STR,
  name: STR,
  outcome: nullable(oneOf(INSPECTION_OUTCOMES)),
  inspectedOn: nullable(STR),
});

export const inspectionFeed = {
  inspected: action<InspectedParams, { items: InspectedEntity[]; nextCursor: string | null }>(
    "feed.inspected",
    { ...FILTERS, ...pagingParams },
    json(page(ENTITY)),
  ),
  inspectedCsv: action<InspectedParams, string>(
    "feed.inspectedCsv",
    FILTERS,
    media("text/csv", "Drawn entities and their results as CSV (UTF-8 with BOM), at most 10 000 rows"),
  ),
  planAtom: action<{ bodyId?: string }, string>(
    "feed.planAtom",
    { bodyId: { ...ID, optional: true } },
    media("application/atom+xml", "Atom 1.0 feed of random-inspection plans: published, drawn, results"),
  ),
};
