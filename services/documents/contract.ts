/**
 * The documents service's contract: 规范性文件 (register, 解读, publish, 废止/修改/清理, the 清理
 * view, files), 预公开 consultations (open, hearing, comments and their moderation, the adoption
 * report) and the outbox the feed pulls. The views and their rules are in views.ts.
 */
import { action, EVENTS_SINCE_PARAMS, type Action, type EventsSinceParams } from "../../lib/contract.js";
import { json, literal, media, obj, opt, page, STR } from "../../lib/replies.js";
import {
  CONSULTATION_KINDS,
  DOCUMENT_STAGES,
  STATUTORY_CATEGORIES,
  type ConsultationKind,
  type DocumentStage,
  type StatutoryCategoryId,
} from "../../shared/documents.js";
import type { Page } from "../../shared/paging.js";
import type { DocumentRecord } from "../../shared/reports.js";
import { DATE, ID, OPTIONAL_DATE, optionalText, pagingParams, text, type RuleObject } from "../../shared/validation.js";
import { FILE_PURPOSES, type FilePurpose } from "./entities.js";
import {
  CLEANUP_VIEW,
  CONSULTATION_VIEW,
  DOCUMENT_VIEW,
  STAFF_FILE,
  type ConsultationView,
  type DocumentView,
  type PublicGuide,
  type PublicConsultation,
  type PublicDocument,
  type StaffFileView,
} from "./views.js";

export * from "./views.js";
export * from "./guide-contract.js";

const OPTIONAL_ID = { ...ID, optional: true };

export interface RegisterParams {
  /** Admins name the body; an officer registers for their own. */
  bodyId?: string;
  title: string;
  /** 文号 in any common spelling; kept canonical (`docNo`: the handbook's name). */
  docNumber?: string;
  docNo?: string;
  signedOn: string;
  publishedOn?: string;
  effectiveFrom?: string;
  validUntil?: string;
  /** 暂行/试行 (2 years' validity) whatever the title says; absent: the title decides. */
  provisional?: boolean;
  text: string;
  legalBasis?: string;
  /** A policy document needs its 解读 (default true; `needsInterpretation`: the handbook's name). */
  policy?: boolean;
  needsInterpretation?: boolean;
  effectiveOn?: string;
  /** Publish without a 解读, for a public reason. */
  interpretationWaiver?: { reason: string };
  /** The consultation this document is the outcome of: it waits for the adoption report. */
  consultationId?: string;
  /** Part of the body's 政府信息公开制度 (the platform's second section). */
  disclosureRule?: boolean;
  /** Filed under this category of 条例 Art. 20 (default: a 规范性文件, under (一)); null clears it. */
  category?: StatutoryCategoryId | null;
}

/**
 * A draft's fields, any of them. A published document's text is fixed, but its filing on the
 * platform (`disclosureRule`, `category`) can still change when those are the only fields given.
 */
export type EditParams = Partial<Omit<RegisterParams, "bodyId">> & { id: string };

export interface ListDocumentsParams {
  stage?: DocumentStage;
  limit?: number;
  cursor?: string;
}

export interface IdParams {
  id: string;
}

export interface InterpretParams {
  id: string;
  /** The handbook's: heads the text. */
  title?: string;
  text?: string;
  /** Question and answer, or the handbook's q and a. */
  qa?: { question?: string; answer?: string; q?: string; a?: string }[];
  /** Uploaded graphic files (purpose graphic) of this document, each with its alt text. */
  graphics?: { fileId: string; alt: string }[];
  /** 谁起草谁解读: the drafting unit (default the body) and the 解读人 (default the officer). */
  draftingUnit?: string;
  interpreter?: string;
}

export interface PublishParams {
  id: string;
  publishedOn?: string;
}

export interface RepealParams {
  id: string;
  on: string;
  reason: string;
}

export interface AmendParams {
  id: string;
  on: string;
  /** The amending document's id (a document of this register). */
  amendedBy: string;
}

export interface ReviewParams {
  id: string;
  on: string;
}

export interface BasisParams {
  id: string;
  repealed: boolean;
}

export interface CleanupParams {
  /** Admins may look at one body; officers see their own. */
  bodyId?: string;
}

export interface CleanupItem {
  id: string;
  title: string;
  docNumber: string;
  registrationNo: string;
  publishedOn: string;
  validUntil: string;
  reasons: (
    | { kind: "expiring"; validUntil: string; daysLeft: number }
    | { kind: "review_overdue"; lastReviewedOn: string | null; reviewDueOn: string }
    | { kind: "basis_repealed" }
  )[];
}

/** An upload: the bytes are the request body (a stream); these come from the path and the query. */
export interface UploadParams {
  id: string;
  purpose: FilePurpose;
  name: string;
}

/** A consultation's file: an attachment, its bytes the request body. */
export interface ConsultationUploadParams {
  id: string;
  name: string;
}

export interface FileParams {
  id: string;
  fileId: string;
}

export interface OpenConsultationParams {
  bodyId?: string;
  title: string;
  kind: ConsultationKind;
  draftText: string;
  explanation: string;
  basis?: string;
  opensOn: string;
  closesOn: string;
  shortReason?: string;
  /** The handbook's name of `shortReason`. */
  shortenedReason?: string;
}

export interface HearingParams {
  id: string;
  heldOn: string;
  place: string;
  participants: string[];
}

export interface AdoptionParams {
  id: string;
  received: number;
  adopted: number;
  notAdopted: { reason: string; count: number }[];
  summary?: string;
}

export interface CommentParams {
  id: string;
  /** Or `text`, the handbook's name. */
  content?: string;
  text?: string;
  /** Never public. */
  contact?: string;
  /** Honeypot: people never see it; bots fill it in. */
  website?: string;
}

export interface CommentReply {
  id: string;
  /** Published only after moderation. */
  status: "received";
  duplicate?: true;
}

export interface ModerateParams {
  id: string;
  commentId: string;
  decision: "publish" | "reject";
}

export interface ListConsultationsParams {
  limit?: number;
  cursor?: string;
}

/** An outbox event: the record's public view now, or null when it is not public. */
export type DocumentsChange =
  | { seq: string; entity: "document"; id: string; view: PublicDocument | null }
  | { seq: string; entity: "consultation"; id: string; view: PublicConsultation | null }
  /** A guide's id is its body's id. */
  | { seq: string; entity: "guide"; id: string; view: PublicGuide | null };

const DOCUMENT_REPLY = json(DOCUMENT_VIEW);
const CONSULTATION_REPLY = json(CONSULTATION_VIEW);
const QA = {
  type: "array",
  max: 100,
  items: {
    type: "object",
    props: { question: optionalText(500), answer: optionalText(5000), q: optionalText(500), a: optionalText(5000) },
  },
};
const GRAPHICS = {
  type: "array",
  max: 20,
  items: { type: "object", props: { fileId: ID, alt: text(500) } },
};

const documentFields = {
  title: text(300),
  docNumber: optionalText(100),
  docNo: optionalText(100),
  signedOn: DATE,
  publishedOn: OPTIONAL_DATE,
  effectiveFrom: OPTIONAL_DATE,
  validUntil: OPTIONAL_DATE,
  provisional: { type: "boolean", optional: true },
  text: text(200_000),
  legalBasis: optionalText(5000),
  policy: { type: "boolean", optional: true },
  needsInterpretation: { type: "boolean", optional: true },
  effectiveOn: OPTIONAL_DATE,
  interpretationWaiver: { type: "object", optional: true, props: { reason: text(1000) } },
  consultationId: OPTIONAL_ID,
  disclosureRule: { type: "boolean", optional: true },
  category: {
    type: "enum",
    values: STATUTORY_CATEGORIES.map((c) => c.id),
    optional: true,
    nullable: true,
  },
} as const;

const optionalFields = Object.fromEntries(
  Object.entries(documentFields).map(([k, rule]) => [k, { ...(rule as RuleObject), optional: true }]),
);

export const documents = {
  register: action<RegisterParams, DocumentView>(
    "documents.register",
    { bodyId: OPTIONAL_ID, ...documentFields },
    DOCUMENT_REPLY,
  ),
  edit: action<EditParams, DocumentView>("documents.edit", { id: ID, ...optionalFields }, DOCUMENT_REPLY),
  list: action<ListDocumentsParams, Page<DocumentView>>(
    "documents.list",
    { stage: { type: "enum", values: [...DOCUMENT_STAGES], optional: true }, ...pagingParams },
    json(page(DOCUMENT_VIEW)),
  ),
  get: action<IdParams, DocumentView>("documents.get", { id: ID }, DOCUMENT_REPLY),
  interpret: action<InterpretParams, DocumentView>(
    "documents.interpret",
    {
      id: ID,
      title: optionalText(300),
      text: optionalText(50_000),
      qa: { ...QA, optional: true },
      graphics: { ...GRAPHICS, optional: true },
      draftingUnit: optionalText(200),
      interpreter: optionalText(200),
    },
    DOCUMENT_REPLY,
  ),
  publish: action<PublishParams, DocumentView>(
    "documents.publish",
    { id: ID, publishedOn: OPTIONAL_DATE },
    DOCUMENT_REPLY,
  ),
  repeal: action<RepealParams, DocumentView>(
    "documents.repeal",
    { id: ID, on: DATE, reason: text(1000) },
    DOCUMENT_REPLY,
  ),
  amend: action<AmendParams, DocumentView>("documents.amend", { id: ID, on: DATE, amendedBy: ID }, DOCUMENT_REPLY),
  review: action<ReviewParams, DocumentView>("documents.review", { id: ID, on: DATE }, DOCUMENT_REPLY),
  setBasis: action<BasisParams, DocumentView>(
    "documents.setBasis",
    { id: ID, repealed: { type: "boolean" } },
    DOCUMENT_REPLY,
  ),
  cleanup: action<CleanupParams, { asOf: string; items: CleanupItem[] }>(
    "documents.cleanup",
    { bodyId: OPTIONAL_ID },
    json(CLEANUP_VIEW),
  ),
  /** The request body is the file: its params come from the path and the query only. */
  upload: action<UploadParams, StaffFileView>(
    "documents.upload",
    {
      id: ID,
      purpose: { type: "enum", values: [...FILE_PURPOSES] },
      name: text(200),
    },
    json(STAFF_FILE),
  ),
  /** A file of a published document (a 图解 once a published 解读 shows it), cleaned: its bytes. */
  publicFile: action<FileParams, NodeJS.ReadableStream>(
    "documents.publicFile",
    { id: ID, fileId: ID },
    media("application/octet-stream", "The file (PDF, Office, PNG, JPEG or SVG; its type in Content-Type)"),
  ),
  /** A file of one's own body's document, a draft's too. */
  staffFile: action<FileParams, NodeJS.ReadableStream>(
    "documents.staffFile",
    { id: ID, fileId: ID },
    media("application/octet-stream", "The file as stored (cleaned), its type in Content-Type"),
  ),
  /** A consultation's attachment; the request body is the file. */
  consultationUpload: action<ConsultationUploadParams, StaffFileView>(
    "documents.consultationUpload",
    { id: ID, name: text(200) },
    json(STAFF_FILE),
  ),
  publicConsultationFile: action<FileParams, NodeJS.ReadableStream>(
    "documents.publicConsultationFile",
    { id: ID, fileId: ID },
    media("application/octet-stream", "A consultation's file, cleaned, its type in Content-Type"),
  ),
  staffConsultationFile: action<FileParams, NodeJS.ReadableStream>(
    "documents.staffConsultationFile",
    { id: ID, fileId: ID },
    media("application/octet-stream", "A consultation's file as stored (cleaned)"),
  ),
  openConsultation: action<OpenConsultationParams, ConsultationView>(
    "documents.openConsultation",
    {
      bodyId: OPTIONAL_ID,
      title: text(300),
      kind: { type: "enum", values: [...CONSULTATION_KINDS] },
      draftText: text(200_000),
      explanation: text(50_000),
      basis: optionalText(5000),
      opensOn: DATE,
      closesOn: DATE,
      shortReason: optionalText(1000),
      shortenedReason: optionalText(1000),
    },
    CONSULTATION_REPLY,
  ),
  listConsultations: action<ListConsultationsParams, Page<ConsultationView>>(
    "documents.listConsultations",
    { ...pagingParams },
    json(page(CONSULTATION_VIEW)),
  ),
  getConsultation: action<IdParams, ConsultationView>("documents.getConsultation", { id: ID }, CONSULTATION_REPLY),
  announceHearing: action<HearingParams, ConsultationView>(
    "documents.announceHearing",
    {
      id: ID,
      heldOn: DATE,
      place: text(300),
      participants: { type: "array", min: 1, max: 200, items: text(200) },
    },
    CONSULTATION_REPLY,
  ),
  reportAdoption: action<AdoptionParams, ConsultationView>(
    "documents.reportAdoption",
    {
      id: ID,
      received: { type: "number", integer: true, min: 0, max: 10_000_000 },
      adopted: { type: "number", integer: true, min: 0, max: 10_000_000 },
      notAdopted: {
        type: "array",
        max: 100,
        items: {
          type: "object",
          props: { reason: text(1000), count: { type: "number", integer: true, min: 1, max: 10_000_000 } },
        },
      },
      summary: optionalText(20_000),
    },
    CONSULTATION_REPLY,
  ),
  comment: action<CommentParams, CommentReply>(
    "documents.comment",
    {
      id: ID,
      content: optionalText(5000),
      text: optionalText(5000),
      contact: optionalText(200),
      website: { type: "string", max: 500, optional: true },
    },
    json(obj({ id: STR, status: literal("received"), duplicate: opt(literal(true)) })),
  ),
  moderate: action<ModerateParams, ConsultationView>(
    "documents.moderate",
    { id: ID, commentId: ID, decision: { type: "enum", values: ["publish", "reject"] } },
    CONSULTATION_REPLY,
  ),
  eventsSince: action<EventsSinceParams, DocumentsChange[]>("documents.eventsSince", { ...EVENTS_SINCE_PARAMS }),
  /** For the reports service: a body's published documents up to a year's end (dates and status events only). */
  reportDocuments: action<{ bodyId: string; year: number }, DocumentRecord[]>("documents.reportDocuments", {
    bodyId: { type: "string", max: 100 },
    year: { type: "number", integer: true, min: 2000, max: 2100 },
  }),
  /** Announces documents that lapsed (失效) to the feed; also runs on a timer. */
  expire: { name: "documents.expire", params: {} } as Action<Record<string, never>, { expired: number }>,
};
