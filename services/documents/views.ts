/**
 * What the documents service answers: the staff views of documents and consultations, the public
 * views its outbox carries to the feed, and their documented rules (lib/replies.ts). The feed
 * answers the public views with their status computed on the day of the read.
 */
import { arr, BOOL, INT, literal, nullable, obj, oneOf, opt, STR } from "../../lib/replies.js";
import {
  CONSULTATION_KINDS,
  DOCUMENT_STAGES,
  DOCUMENT_STATUSES,
  STATUTORY_CATEGORIES,
  type ConsultationKind,
  type DocumentAction,
  type DocumentStage,
  type DocumentStatus,
  type InterpretationTiming,
  type QaPair,
  type StatutoryCategoryId,
} from "../../shared/documents.js";
import { COMMENT_STATUSES, FILE_PURPOSES, type CommentStatus, type FilePurpose } from "./entities.js";

/** A status event as published: 废止 with its reason, 已修改 by another document, 清理 (reviewed). */
export interface StatusEventView {
  kind: "repealed" | "amended" | "reviewed";
  on: string;
  reason: string | null;
  amendedBy: string | null;
}

/** A file (attachment or 图解) as published: cleaned of hidden metadata; its bytes at `url`. */
export interface FileView {
  id: string;
  purpose: FilePurpose;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  url: string;
}

/** A staff view of a file adds what the cleaner removed. */
export interface StaffFileView extends FileView {
  removed: string[];
}

export interface GraphicView {
  fileId: string;
  alt: string;
  mediaType: string;
  url: string;
}

export interface InterpretationView {
  id: string;
  timing: InterpretationTiming;
  timingLabel: string;
  text: string;
  qa: QaPair[];
  graphics: GraphicView[];
  draftingUnit: string;
  interpreter: string;
  /** Null while its document is a draft. */
  publishedAt: string | null;
  publishedOn: string | null;
}

/** A published document as its outbox event carries it (the feed computes its status on read). */
export interface PublicDocument {
  id: string;
  bodyId: string;
  title: string;
  docNumber: string;
  registrationNo: string;
  signedOn: string;
  publishedOn: string;
  publishedAt: string;
  effectiveFrom: string;
  validUntil: string;
  validityBasis: string;
  text: string;
  legalBasis: string;
  /** The consultation it came out of (its adoption report). */
  consultationId: string | null;
  /** Part of the body's 政府信息公开制度. */
  disclosureRule: boolean;
  /** Its category of 条例 Art. 20 (null: a 规范性文件, under (一)). */
  category: StatutoryCategoryId | null;
  events: StatusEventView[];
  interpretations: InterpretationView[];
  attachments: FileView[];
  updatedAt: string;
}

/** The status of a document on a day, as shared/documents/status.ts computes it. */
export interface StatusView {
  status: DocumentStatus;
  label: string;
  since: string;
  notYetEffective: boolean;
  validUntil: string;
  amendedBy: string[];
  repeal: { on: string; reason: string } | null;
}

export interface HistoryEntryView {
  kind: string;
  on: string;
  status: DocumentStatus;
  text: string;
  amendedBy?: string;
  reason?: string;
}

/** A document as its body's staff see it: a draft too, with what they may do with it today. */
export interface DocumentView {
  id: string;
  bodyId: string;
  title: string;
  docNumber: string;
  registrationNo: string;
  signedOn: string;
  publishedOn: string | null;
  effectiveFrom: string | null;
  validUntil: string | null;
  validityBasis: string | null;
  text: string;
  legalBasis: string;
  policy: boolean;
  waiverReason: string | null;
  consultationId: string | null;
  disclosureRule: boolean;
  category: StatutoryCategoryId | null;
  stage: DocumentStage;
  publishedAt: string | null;
  basisRepealed: boolean;
  status: StatusView | null;
  history: HistoryEntryView[];
  banner: string | null;
  actions: DocumentAction[];
  events: StatusEventView[];
  interpretations: InterpretationView[];
  files: StaffFileView[];
  createdAt: string;
  updatedAt: string;
}

/** One version of a 政府信息公开指南 as staff see it. */
export interface GuideVersionView {
  version: number;
  text: string;
  editedBy: string;
  createdAt: string;
}

/** A body's guide for its officers: the current version (null before the first) and every version, newest first. */
export interface GuideView {
  bodyId: string;
  current: GuideVersionView | null;
  versions: GuideVersionView[];
}

/** The guide as its outbox event carries it: the current text and the dates of every version. */
export interface PublicGuide {
  bodyId: string;
  version: number;
  text: string;
  updatedAt: string;
  versions: { version: number; publishedAt: string }[];
}

/** A public comment: masked, without its contact. */
export interface PublicComment {
  id: string;
  content: string;
  createdAt: string;
}

export interface HearingView {
  announcedOn: string;
  heldOn: string;
  place: string;
  participants: string[];
}

export interface AdoptionView {
  received: number;
  adopted: number;
  notAdopted: { reason: string; count: number }[];
  notAdoptedTotal: number;
  summary: string;
  reportedOn: string;
  reportedAt: string;
}

/** A consultation as its outbox event carries it. */
export interface PublicConsultation {
  id: string;
  bodyId: string;
  title: string;
  kind: ConsultationKind;
  kindLabel: string;
  draftText: string;
  explanation: string;
  basis: string;
  opensOn: string;
  closesOn: string;
  minimumClosesOn: string;
  shortReason: string | null;
  hearing: HearingView | null;
  adoption: AdoptionView | null;
  /** The published document that came out of it. */
  finalDocumentId: string | null;
  comments: PublicComment[];
  attachments: FileView[];
  createdAt: string;
  updatedAt: string;
}

/** A comment as the consultation's body sees it, contact included. */
export interface StaffComment {
  id: string;
  content: string;
  contact: string | null;
  status: CommentStatus;
  moderatedAt: string | null;
  createdAt: string;
}

export interface ConsultationView extends Omit<PublicConsultation, "comments" | "attachments"> {
  phase: "not_yet_open" | "open" | "closed";
  comments: StaffComment[];
  files: StaffFileView[];
}

// ---- rules

export const STATUS_EVENT = obj({
  kind: oneOf(["repealed", "amended", "reviewed"]),
  on: STR,
  reason: nullable(STR),
  amendedBy: nullable(STR),
});
const FILE_FIELDS = {
  id: STR,
  purpose: oneOf(FILE_PURPOSES),
  name: STR,
  mediaType: STR,
  size: INT,
  sha256: STR,
  url: STR,
};
export const FILE = obj(FILE_FIELDS);
export const STAFF_FILE = obj({ ...FILE_FIELDS, removed: arr(STR) });
export const INTERPRETATION = obj({
  id: STR,
  timing: oneOf(["simultaneous", "post_publication"]),
  timingLabel: STR,
  text: STR,
  qa: arr(obj({ question: STR, answer: STR })),
  graphics: arr(obj({ fileId: STR, alt: STR, mediaType: STR, url: STR })),
  draftingUnit: STR,
  interpreter: STR,
  publishedAt: nullable(STR),
  publishedOn: nullable(STR),
});
export const STATUS = obj({
  status: oneOf(DOCUMENT_STATUSES),
  label: STR,
  since: STR,
  notYetEffective: BOOL,
  validUntil: STR,
  amendedBy: arr(STR),
  repeal: nullable(obj({ on: STR, reason: STR })),
});
export const HISTORY_ENTRY = obj({
  kind: STR,
  on: STR,
  status: oneOf(DOCUMENT_STATUSES),
  text: STR,
  amendedBy: opt(STR),
  reason: opt(STR),
});
export const PUBLIC_DOCUMENT_FIELDS = {
  id: STR,
  bodyId: STR,
  title: STR,
  docNumber: STR,
  registrationNo: STR,
  signedOn: STR,
  publishedOn: STR,
  publishedAt: STR,
  effectiveFrom: STR,
  validUntil: STR,
  validityBasis: STR,
  text: STR,
  legalBasis: STR,
  consultationId: nullable(STR),
  disclosureRule: BOOL,
  category: nullable(oneOf(STATUTORY_CATEGORIES.map((c) => c.id))),
  events: arr(STATUS_EVENT),
  interpretations: arr(INTERPRETATION),
  attachments: arr(FILE),
  updatedAt: STR,
};
export const DOCUMENT_VIEW = obj({
  id: STR,
  bodyId: STR,
  title: STR,
  docNumber: STR,
  registrationNo: STR,
  signedOn: STR,
  publishedOn: nullable(STR),
  effectiveFrom: nullable(STR),
  validUntil: nullable(STR),
  validityBasis: nullable(STR),
  text: STR,
  legalBasis: STR,
  policy: BOOL,
  waiverReason: nullable(STR),
  consultationId: nullable(STR),
  disclosureRule: BOOL,
  category: nullable(oneOf(STATUTORY_CATEGORIES.map((c) => c.id))),
  stage: oneOf(DOCUMENT_STAGES),
  publishedAt: nullable(STR),
  basisRepealed: BOOL,
  status: nullable(STATUS),
  history: arr(HISTORY_ENTRY),
  banner: nullable(STR),
  actions: arr(STR),
  events: arr(STATUS_EVENT),
  interpretations: arr(INTERPRETATION),
  files: arr(STAFF_FILE),
  createdAt: STR,
  updatedAt: STR,
});
const GUIDE_VERSION = obj({ version: INT, text: STR, editedBy: STR, createdAt: STR });
export const GUIDE_VIEW = obj({ bodyId: STR, current: nullable(GUIDE_VERSION), versions: arr(GUIDE_VERSION) });
export const PUBLIC_GUIDE = obj({
  bodyId: STR,
  version: INT,
  text: STR,
  updatedAt: STR,
  versions: arr(obj({ version: INT, publishedAt: STR })),
});
export const HEARING = obj({ announcedOn: STR, heldOn: STR, place: STR, participants: arr(STR) });
export const ADOPTION = obj({
  received: INT,
  adopted: INT,
  notAdopted: arr(obj({ reason: STR, count: INT })),
  notAdoptedTotal: INT,
  summary: STR,
  reportedOn: STR,
  reportedAt: STR,
});
export const PUBLIC_COMMENT = obj({ id: STR, content: STR, createdAt: STR });
export const CONSULTATION_FIELDS = {
  id: STR,
  bodyId: STR,
  title: STR,
  kind: oneOf(CONSULTATION_KINDS),
  kindLabel: STR,
  draftText: STR,
  explanation: STR,
  basis: STR,
  opensOn: STR,
  closesOn: STR,
  minimumClosesOn: STR,
  shortReason: nullable(STR),
  hearing: nullable(HEARING),
  adoption: nullable(ADOPTION),
  finalDocumentId: nullable(STR),
  createdAt: STR,
  updatedAt: STR,
};
export const CONSULTATION_VIEW = obj({
  ...CONSULTATION_FIELDS,
  phase: oneOf(["not_yet_open", "open", "closed"]),
  comments: arr(
    obj({
      id: STR,
      content: STR,
      contact: nullable(STR),
      status: oneOf(COMMENT_STATUSES),
      moderatedAt: nullable(STR),
      createdAt: STR,
    }),
  ),
  files: arr(STAFF_FILE),
});

/** The 清理 view: each document with why it is listed. */
export const CLEANUP_VIEW = obj({
  asOf: STR,
  items: arr(
    obj({
      id: STR,
      title: STR,
      docNumber: STR,
      registrationNo: STR,
      publishedOn: STR,
      validUntil: STR,
      reasons: arr([
        obj({ kind: literal("expiring"), validUntil: STR, daysLeft: INT }),
        obj({ kind: literal("review_overdue"), lastReviewedOn: nullable(STR), reviewDueOn: STR }),
        obj({ kind: literal("basis_repealed") }),
      ]),
    }),
  ),
});
