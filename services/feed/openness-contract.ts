/**
 * The feed's answers of a body's 政府信息公开 platform (国办公开办函〔2019〕61号): its four sections
 * in their fixed order — the guide, the 公开制度 documents, the fifteen categories of 条例 Art. 20
 * with what each holds, the annual reports — and the paged records of one category.
 */
import { action } from "../../lib/contract.js";
import { arr, INT, json, nullable, obj, oneOf, opt, page, STR } from "../../lib/replies.js";
import {
  DOCUMENT_STATUSES,
  OPENNESS_ITEM_KINDS,
  PLATFORM_SECTIONS,
  RETENTION_LABELS,
  STATUTORY_CATEGORIES,
  type DocumentStatus,
  type OpennessItemKind,
  type PlatformSectionId,
  type Retention,
  type StatutoryCategoryId,
} from "../../shared/documents.js";
import { ID, pagingParams } from "../../shared/validation.js";

export interface OpennessParams {
  id: string;
}

export interface OpennessCategoryParams {
  id: string;
  categoryId: string;
  kind?: OpennessItemKind;
  limit?: number;
  cursor?: string;
}

export interface OpennessBody {
  id: string;
  name: string;
}

/** A category of Art. 20 with how many of the body's public records it holds. */
export interface OpennessCategory {
  id: StatutoryCategoryId;
  item: number;
  marker: string;
  title: string;
  basis: string;
  retention: Retention;
  retentionLabel: string;
  count: number;
}

/** A 公开制度 document of the body, with its status today. */
export interface OpennessDocument {
  id: string;
  title: string;
  docNumber: string;
  publishedOn: string;
  status: DocumentStatus;
  statusLabel: string;
}

export interface OpennessGuide {
  version: number;
  text: string;
  updatedAt: string;
  versions: { version: number; publishedAt: string }[];
}

interface SectionHead<I extends PlatformSectionId> {
  id: I;
  title: string;
  basis: string;
}

/** The four sections, always all four and in this order; each carries what it shows. */
export type OpennessSection =
  | (SectionHead<"guide"> & { guide: OpennessGuide | null })
  | (SectionHead<"rules"> & { documents: OpennessDocument[]; total: number })
  | (SectionHead<"statutory"> & { categories: OpennessCategory[] })
  | (SectionHead<"annual_reports"> & { reports: OpennessReport[]; requestStatsUrl: string });

/** A published annual report of the body (政府信息公开工作年度报告, 行政执法年度数据). */
export interface OpennessReport {
  id: string;
  kind: string;
  year: number;
  title: string;
  publishedOn: string;
  htmlUrl: string;
}

export interface BodyOpenness {
  body: OpennessBody;
  sections: OpennessSection[];
}

/** One public record under a category: what it is, its title, a detail (文号, code…) and its date. */
export interface OpennessItem {
  kind: OpennessItemKind;
  kindLabel: string;
  id: string;
  title: string;
  detail: string | null;
  date: string | null;
  retention: Retention;
  retentionLabel: string;
}

export interface OpennessCategoryPage {
  body: OpennessBody;
  category: OpennessCategory;
  items: OpennessItem[];
  nextCursor: string | null;
  total: number;
}

const RETENTION = oneOf(Object.keys(RETENTION_LABELS));
const BODY = obj({ id: STR, name: STR });
const CATEGORY = obj({
  id: oneOf(STATUTORY_CATEGORIES.map((c) => c.id)),
  item: INT,
  marker: STR,
  title: STR,
  basis: STR,
  retention: RETENTION,
  retentionLabel: STR,
  count: INT,
});
const SECTION_IDS = oneOf(PLATFORM_SECTIONS.map((s) => s.id));
const SECTION = obj({
  id: SECTION_IDS,
  title: STR,
  basis: STR,
  guide: opt(
    nullable(obj({ version: INT, text: STR, updatedAt: STR, versions: arr(obj({ version: INT, publishedAt: STR })) })),
  ),
  documents: opt(
    arr(
      obj({
        id: STR,
        title: STR,
        docNumber: STR,
        publishedOn: STR,
        status: oneOf(DOCUMENT_STATUSES),
        statusLabel: STR,
      }),
    ),
  ),
  total: opt(INT),
  categories: opt(arr(CATEGORY)),
  reports: opt(arr(obj({ id: STR, kind: STR, year: INT, title: STR, publishedOn: STR, htmlUrl: STR }))),
  requestStatsUrl: opt(STR),
});
const ITEM = obj({
  kind: oneOf(OPENNESS_ITEM_KINDS),
  kindLabel: STR,
  id: STR,
  title: STR,
  detail: nullable(STR),
  date: nullable(STR),
  retention: RETENTION,
  retentionLabel: STR,
});

export const openness = {
  body: action<OpennessParams, BodyOpenness>(
    "feed.openness",
    { id: ID },
    json(obj({ body: BODY, sections: arr(SECTION) })),
  ),
  category: action<OpennessCategoryParams, OpennessCategoryPage>(
    "feed.opennessCategory",
    {
      id: ID,
      categoryId: { type: "string", min: 1, max: 40, pattern: "^[a-z][a-z_]*$" },
      kind: { type: "enum", values: [...OPENNESS_ITEM_KINDS], optional: true },
      ...pagingParams,
    },
    json(page(ITEM, { body: BODY, category: CATEGORY, total: INT })),
  ),
};
