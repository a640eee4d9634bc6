/**
 * The feed's contract: the public read model's actions with the schemas the feed validates with,
 * what each takes and what it answers (public notice views, pages with nextCursor and facets, the
 * 事前公开 records as their owning service published them). The gateway and the portal read these.
 */
import { action, EVENTS_SINCE_PARAMS, type EventsSinceParams } from "../../lib/contract.js";
import type { FeedChange } from "../../shared/subscriptions.js";
import { arr, BOOL, INT, json, literal, MAP, media, nullable, obj, oneOf, opt, page, STR } from "../../lib/replies.js";
import { OFFICER_STATUSES, POWER_CATEGORIES } from "../../shared/domain.js";
import { ID, OPTIONAL_DATE, optionalText, pagingParams, type RuleObject } from "../../shared/validation.js";
import type { PublicReport } from "../reports/contract.js";
import { SOURCES, type Source } from "./read-model.js";
import { NOTICE_PUBLIC_FIELDS, NOTICE_STATUS_VALUES, type NoticePublicView } from "../notices/contract.js";
import type { NoticeFacets } from "./search.js";
import type { BodyPageData, NoticePageData, SearchPageData } from "./app/pages.js";
import type { BulkIndex } from "../../shared/bulk.js";

export type { BodyPageData, NoticePageData, SearchPageData };

/** The bulk data index as served: the files (the cursors of the next delta stay inside). */
export type PublicBulkIndex = Pick<BulkIndex, "generatedAt" | "files">;
import {
  DAYS_LEFT,
  DOCUMENT_FILTERS,
  PHASE,
  type ConsultationListParams,
  type DocumentAtomParams,
  type DocumentListParams,
  type PublicConsultationDetail,
  type PublicConsultationItem,
  type PublicDocumentDetail,
  type PublicDocumentItem,
} from "./documents-contract.js";
import {
  BODY_FIELDS,
  INSPECTION_ITEM_VIEW,
  OFFICER_FIELDS,
  OFFICER_VIEW,
  POWER_FIELDS,
  POWER_WITH_HISTORY_VIEW,
  type BodyView,
  type InspectionItemView,
  type OfficerView,
  type PowerView,
  type PowerWithHistoryView,
} from "../duties/contract.js";
import { PUBLIC_FEEDBACK, type PublicFeedback } from "../feedback/contract.js";
import {
  CONSULTATION_FIELDS,
  FILE,
  HISTORY_ENTRY,
  INTERPRETATION,
  PUBLIC_COMMENT,
  PUBLIC_DOCUMENT_FIELDS,
  STATUS,
} from "../documents/contract.js";
import { CONSULTATION_KINDS, DOCUMENT_STATUS_LABELS } from "../../shared/documents.js";

export type { NoticeFacets, Source };

export interface ListParams {
  q?: string;
  limit?: number;
  cursor?: string;
}

export interface NoticeFilters {
  q?: string;
  bodyId?: string;
  kind?: string;
  /** "all", or a comma list of published, withdrawn, corrected, expired (default published). */
  status?: string;
  from?: string;
  to?: string;
}

export interface NoticeListParams extends NoticeFilters, ListParams {
  sort?: "date" | "relevance";
  facets?: boolean;
  /** Also answer the total (exact up to 10 000, then totalCapped). */
  count?: boolean;
}

export interface NoticeCsvParams extends NoticeFilters {
  header?: "name" | "code";
}

export interface AtomParams extends NoticeFilters {
  limit?: number;
}

/**
 * A public notice as the feed answers it: the notices service's public view (a notice taken down
 * has no party name and no PDF link); a list leaves its record out.
 */
export interface PublicNotice extends Omit<NoticePublicView, "record"> {
  record?: Record<string, unknown>;
}

/** One notice with its labelled fields and sections (a tombstone's fields, no sections, once taken down). */
export interface NoticeDetail extends PublicNotice {
  fields: { label: string; value: string }[];
  sections: { heading: string; body: string }[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** How many items the filters match (the 事前公开 lists always say; notices when `count` is asked). */
  total?: number;
}

export interface NoticePage extends Page<PublicNotice> {
  facets?: NoticeFacets;
  /** With `total`: true when the matches are more than it (it is then the cap, or a lower bound). */
  totalCapped?: boolean;
}

/**
 * A body, officer, power, inspection item or reply exactly as its owning service published it:
 * the feed answers each with the view type of the owning service's contract.
 */
export type { BodyView, InspectionItemView, OfficerView, PowerView, PowerWithHistoryView, PublicFeedback };

export interface BodyCounts {
  officers: number;
  activeOfficers: number;
  powers: number;
  inspections: number;
  notices: number;
}

export type PublicBody = BodyView & { counts: BodyCounts };

/** A region and how many bodies it has: the bodies directory filters by it. */
export interface RegionCount {
  value: string;
  count: number;
}

/** A listed body counts its published notices up to one more than this (the page shows "10000+"). */
export const LISTED_NOTICES_CAP = 10_000;

/**
 * The bodies directory: each body with its counts (notices up to LISTED_NOTICES_CAP + 1; none when
 * asked with counts=false), the total under the filters, and every region.
 */
export interface BodyPage extends Page<BodyView & { counts?: BodyCounts }> {
  total: number;
  regions: RegionCount[];
}

/** A list across bodies: each item names its body; the total is under the same filters. */
export interface ListedPage<T> extends Page<T & { bodyName: string | null }> {
  total: number;
}

export type ListedOfficer = OfficerView & { bodyName: string | null };

export interface BodyListParams extends ListParams {
  region?: string;
  /** false: the bodies without their counts (a list of names to choose from); counted by default. */
  counts?: boolean;
}

export interface OfficerListParams extends ListParams {
  bodyId?: string;
  status?: string;
}

export interface PowerListParams extends ListParams {
  bodyId?: string;
  category?: string;
}

export interface ListRepliesParams {
  targetType?: "notice" | "power" | "officer" | "body";
  targetId?: string;
  bodyId?: string;
  limit?: number;
}

const OPTIONAL_ID = { ...ID, optional: true };
export const NOTICE_STATUSES = ["published", "withdrawn", "corrected", "expired"];

/** The filters every notice output (list, Atom, CSV) accepts. */
const noticeFilters = {
  q: optionalText(50),
  bodyId: OPTIONAL_ID,
  kind: { type: "enum", values: [...POWER_CATEGORIES], optional: true },
  status: {
    type: "string",
    optional: true,
    pattern: `^(all|(${NOTICE_STATUSES.join("|")})(,(${NOTICE_STATUSES.join("|")}))*)$`,
    messages: { stringPattern: "status is all, or a comma list of published, withdrawn, corrected, expired" },
  },
  from: OPTIONAL_DATE,
  to: OPTIONAL_DATE,
};

/** One file of the sitemap index: `notices-2024-04`, `bodies`, … (a continuation ends in `-2`, `-3`…). */
export interface SitemapFile {
  name: string;
  /** The newest change among its records (ISO 8601); null when none is known. */
  lastmod: string | null;
}

/** One public record of a sitemap file: the portal makes its address from the id. */
export interface SitemapEntry {
  id: string;
  lastmod: string | null;
}

type Empty = Record<string, never>;
type ById = { id: string };

export type {
  ConsultationListParams,
  DaysLeftView,
  DocumentAtomParams,
  DocumentListParams,
  PublicConsultation,
  PublicConsultationDetail,
  PublicConsultationItem,
  PublicDocument,
  PublicDocumentDetail,
  PublicDocumentItem,
} from "./documents-contract.js";

// ---- what the HTTP routes answer, as documented rules (lib/replies.ts)

const FACET = obj({ value: STR, count: INT });
const NOTICE_PAGE = page(obj({ ...NOTICE_PUBLIC_FIELDS, record: opt(MAP) }), {
  total: opt(INT),
  totalCapped: opt(BOOL),
  facets: opt(
    obj({
      kind: arr(FACET),
      status: arr(FACET),
      body: arr(obj({ value: STR, count: INT, name: STR })),
      capped: BOOL,
      plan: STR,
    }),
  ),
});
const LABELLED = obj({ label: STR, value: STR });
const NOTICE_DETAIL = obj({
  ...NOTICE_PUBLIC_FIELDS,
  fields: arr(LABELLED),
  sections: arr(obj({ heading: STR, body: STR })),
});
const COUNTS = obj({ officers: INT, activeOfficers: INT, powers: INT, inspections: INT, notices: INT });
const BODY_NAME = { bodyName: nullable(STR) };
const NOTICE_FILTERS_NOTE = `status: ${NOTICE_STATUS_VALUES.join(", ")}`;

export const feed = {
  /** Another feed replica applied outbox events: the cached answers here are out of date. */
  forget: action<Empty, { forgotten: true }>("feed.forget", {}),
  /** Pulls a source's outbox up to now. The owning services call it after each change. */
  catchUp: action<{ source: Source }, { applied: number }>("feed.catchUp", {
    source: { type: "enum", values: SOURCES },
  }),
  /** The change stream subscriptions are matched from (app/changes.ts), oldest first after `after`. */
  changesSince: action<EventsSinceParams, FeedChange[]>("feed.changesSince", EVENTS_SINCE_PARAMS),
  rebuild: action<Empty, { rebuilt: true; applied: Record<string, number> }>(
    "feed.rebuild",
    {},
    json(obj({ rebuilt: literal(true), applied: MAP })),
  ),
  listNotices: action<NoticeListParams, NoticePage>(
    "feed.listNotices",
    {
      ...noticeFilters,
      sort: { type: "enum", values: ["date", "relevance"], optional: true },
      facets: { type: "boolean", convert: true, optional: true },
      count: { type: "boolean", convert: true, optional: true },
      ...pagingParams,
    },
    json(NOTICE_PAGE),
  ),
  getNotice: action<ById, NoticeDetail>("feed.getNotice", { id: ID }, json(NOTICE_DETAIL)),
  /** An Atom 1.0 document (XML text). */
  atom: action<AtomParams, string>(
    "feed.atom",
    { ...noticeFilters, limit: pagingParams.limit as RuleObject },
    media("application/atom+xml", `Atom 1.0 feed of the notices under the filters (${NOTICE_FILTERS_NOTE})`),
  ),
  /** A stream of CSV lines. */
  csv: action<NoticeCsvParams, NodeJS.ReadableStream>(
    "feed.csv",
    { ...noticeFilters, header: { type: "enum", values: ["name", "code"], optional: true } },
    media("text/csv", "UTF-8 CSV (with BOM) of the notices under the filters, dates in ISO form"),
  ),
  listReplies: action<ListRepliesParams, { items: PublicFeedback[] }>(
    "feed.listReplies",
    {
      targetType: { type: "enum", values: ["notice", "power", "officer", "body"], optional: true },
      targetId: OPTIONAL_ID,
      bodyId: OPTIONAL_ID,
      limit: pagingParams.limit as RuleObject,
    },
    json(obj({ items: arr(PUBLIC_FEEDBACK) })),
  ),
  /** Each body carries its counts; the reply has the total and the regions to filter by. */
  listBodies: action<BodyListParams, BodyPage>(
    "feed.listBodies",
    {
      q: optionalText(50),
      region: optionalText(100),
      counts: { type: "boolean", convert: true, optional: true },
      ...pagingParams,
    },
    json(page(obj({ ...BODY_FIELDS, counts: opt(COUNTS) }), { total: INT, regions: arr(FACET) })),
  ),
  getBody: action<ById, PublicBody>("feed.getBody", { id: ID }, json(obj({ ...BODY_FIELDS, counts: COUNTS }))),
  listOfficers: action<OfficerListParams, ListedPage<OfficerView>>(
    "feed.listOfficers",
    {
      bodyId: OPTIONAL_ID,
      status: { type: "enum", values: [...OFFICER_STATUSES], optional: true },
      q: optionalText(50),
      ...pagingParams,
    },
    json(page(obj({ ...OFFICER_FIELDS, ...BODY_NAME }), { total: INT })),
  ),
  getOfficer: action<ById, OfficerView>("feed.getOfficer", { id: ID }, json(OFFICER_VIEW)),
  /** Lists carry each power's current version; its history is on the power itself. */
  listPowers: action<PowerListParams, ListedPage<PowerView>>(
    "feed.listPowers",
    {
      bodyId: OPTIONAL_ID,
      category: { type: "enum", values: [...POWER_CATEGORIES], optional: true },
      q: optionalText(50),
      ...pagingParams,
    },
    json(page(obj({ ...POWER_FIELDS, ...BODY_NAME }), { total: INT })),
  ),
  getPower: action<ById, PowerWithHistoryView>("feed.getPower", { id: ID }, json(POWER_WITH_HISTORY_VIEW)),
  /** The files of the sitemap index: one per month of publication, then bodies and powers. */
  sitemapFiles: action<Empty, { files: SitemapFile[] }>("feed.sitemapFiles", {}),
  /** The records of one sitemap file (at most 50 000); 404 for a file the index does not list. */
  sitemapEntries: action<{ file: string }, { items: SitemapEntry[] }>("feed.sitemapEntries", {
    file: { type: "string", max: 40, pattern: /^[a-z0-9-]+$/ },
  }),
  listDocuments: action<DocumentListParams, Page<PublicDocumentItem> & { total: number }>(
    "feed.listDocuments",
    { ...DOCUMENT_FILTERS, ...pagingParams },
    json(
      page(
        obj({
          id: STR,
          bodyId: STR,
          bodyName: nullable(STR),
          title: STR,
          docNumber: STR,
          registrationNo: STR,
          publishedOn: STR,
          effectiveFrom: STR,
          validUntil: STR,
          status: oneOf(Object.values(DOCUMENT_STATUS_LABELS)),
          validity: STATUS,
          banner: nullable(STR),
        }),
        { total: INT },
      ),
    ),
  ),
  getDocument: action<ById, PublicDocumentDetail>(
    "feed.getDocument",
    { id: ID },
    json(
      obj({
        ...PUBLIC_DOCUMENT_FIELDS,
        bodyName: nullable(STR),
        status: oneOf(Object.values(DOCUMENT_STATUS_LABELS)),
        validity: STATUS,
        interpretation: nullable(INTERPRETATION),
        history: arr(HISTORY_ENTRY),
        banner: nullable(STR),
      }),
    ),
  ),
  documentAtom: action<DocumentAtomParams, string>(
    "feed.documentAtom",
    { ...DOCUMENT_FILTERS, limit: pagingParams.limit as RuleObject },
    media("application/atom+xml", "Atom 1.0 feed of the published documents under the filters"),
  ),
  documentCsv: action<DocumentAtomParams, string>(
    "feed.documentCsv",
    { ...DOCUMENT_FILTERS },
    media("text/csv", "The register of published documents under the filters (UTF-8 with BOM, Chinese headers)"),
  ),
  reportAtom: action<{ bodyId?: string; limit?: number }, string>(
    "feed.reportAtom",
    { bodyId: OPTIONAL_ID, limit: pagingParams.limit as RuleObject },
    media("application/atom+xml", "Atom 1.0 feed of the published annual reports"),
  ),
  /** For the portal: published annual reports, newest first. */
  listReports: action<{ bodyId?: string; year?: number }, { items: PublicReport[] }>("feed.listReports", {
    bodyId: OPTIONAL_ID,
    year: { type: "number", integer: true, min: 2000, max: 2100, optional: true, convert: true },
  }),
  /** For the portal: one published annual report. */
  getReport: action<{ id: string }, PublicReport>("feed.getReport", { id: { type: "string", max: 100 } }),
  listConsultations: action<ConsultationListParams, Page<PublicConsultationItem>>(
    "feed.listConsultations",
    { bodyId: OPTIONAL_ID, ...pagingParams },
    json(
      page(
        obj({
          id: STR,
          bodyId: STR,
          bodyName: nullable(STR),
          title: STR,
          kind: oneOf(CONSULTATION_KINDS),
          kindLabel: STR,
          opensOn: STR,
          closesOn: STR,
          adoptionReported: BOOL,
          phase: PHASE,
          daysLeft: DAYS_LEFT,
        }),
      ),
    ),
  ),
  getConsultation: action<ById, PublicConsultationDetail>(
    "feed.getConsultation",
    { id: ID },
    json(
      obj({
        ...CONSULTATION_FIELDS,
        comments: arr(PUBLIC_COMMENT),
        attachments: arr(FILE),
        bodyName: nullable(STR),
        phase: PHASE,
        daysLeft: DAYS_LEFT,
      }),
    ),
  ),
  /** For the portal: a notice page's reads in one call (services/feed/app/pages.ts). */
  noticePage: action<ById, NoticePageData>("feed.noticePage", { id: ID }),
  /** For the portal: a search page's reads in one call; the reader's filters, checked as the list's. */
  searchPage: action<NoticeListParams, SearchPageData>("feed.searchPage", {
    ...noticeFilters,
    sort: { type: "enum", values: ["date", "relevance"], optional: true },
    cursor: pagingParams.cursor as RuleObject,
  }),
  /** For the portal: every body's id and name (a filter's select, the request form's 受理机关). */
  bodyChoices: action<Empty, { items: { id: string; name: string }[] }>("feed.bodyChoices", {}),
  /** The bulk data files and when they were made (issue 20): the newest full set, deltas of 90 days. */
  bulkIndex: action<Empty, PublicBulkIndex>(
    "feed.bulkIndex",
    {},
    json(
      obj({
        generatedAt: nullable(STR),
        files: arr(
          obj({
            name: STR,
            table: STR,
            kind: oneOf(["full", "delta"]),
            format: oneOf(["csv", "jsonl"]),
            date: STR,
            since: opt(STR),
            url: STR,
            rows: INT,
            bytes: INT,
            sha256: STR,
          }),
        ),
      }),
    ),
  ),
  bulkFile: action<{ file: string }, NodeJS.ReadableStream>(
    "feed.bulkFile",
    { file: { type: "string", max: 80, pattern: /^[a-z-]+-\d{4}-\d{2}-\d{2}(-\d{6})?\.(csv|jsonl)\.gz$/ } },
    media("application/gzip", "One file of the index, gzip-compressed CSV (UTF-8 with BOM) or JSON Lines"),
  ),
  /** Builds the bulk files now (admin), in the background: 202. */
  bulkRun: action<Empty, { started: boolean }>("feed.bulkRun", {}, json(obj({ started: BOOL }))),
  /** For the portal: a body page's reads in one call. */
  bodyPage: action<ById, BodyPageData>("feed.bodyPage", { id: ID }),
  listInspectionItems: action<ListParams & { bodyId?: string }, Page<InspectionItemView> & { total: number }>(
    "feed.listInspectionItems",
    {
      bodyId: OPTIONAL_ID,
      q: optionalText(50),
      ...pagingParams,
    },
    json(page(INSPECTION_ITEM_VIEW, { total: INT })),
  ),
};
