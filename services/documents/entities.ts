/**
 * 规范性文件 with their 解读 and files, 预公开 consultations with their comments, the rate-limit
 * hits of public comments, the yearly 登记号 counters and the outbox of public changes.
 */
import { EntitySchema } from "@mikro-orm/postgresql";
import { rateHitTable } from "../../lib/rate-limit.js";
import type {
  ConsultationKind,
  DocumentStage,
  InterpretationTiming,
  QaPair,
  StatutoryCategoryId,
} from "../../shared/documents.js";

export const STATUS_EVENT_KINDS = ["repealed", "amended", "reviewed"] as const;
export type StatusEventKind = (typeof STATUS_EVENT_KINDS)[number];
export const COMMENT_STATUSES = ["received", "published", "rejected"] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];
export const FILE_PURPOSES = ["attachment", "graphic"] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];
export const FILE_OWNERS = ["document", "consultation"] as const;
export type FileOwner = (typeof FILE_OWNERS)[number];

/** A normative document: a draft until published; then fixed, its status from its dates and events. */
export class NormativeDocument {
  id!: string;
  bodyId!: string;
  title!: string;
  /** The canonical 文号, 浙民发〔2026〕12号. */
  docNumber!: string;
  /** Unique within the issuing body. */
  docNumberKey!: string;
  /** 登记号 (统一登记), given at registration. */
  registrationNo!: string;
  signedOn!: string;
  /** On a draft as registered (null: the day of publication); on a published document as resolved. */
  publishedOn!: string | null;
  effectiveFrom!: string | null;
  validUntil!: string | null;
  /**
   * default, provisional or explicit, as resolved at publication. On a draft: the officer's 暂行/试行
   * mark (provisional or default), or null to go by the title.
   */
  validityBasis!: string | null;
  fullText!: string;
  legalBasis!: string;
  /** A policy document (政策性文件) needs its 解读 unless waived with a public reason. */
  policy!: boolean;
  waiverReason!: string | null;
  /** The consultation this document is the outcome of. */
  consultationId!: string | null;
  /** Part of the body's 政府信息公开制度 (the platform's second section); null: not said. */
  disclosureRule!: boolean | null;
  /** Filed under this category of 条例 Art. 20 (null: as a 规范性文件, under (一)). */
  category!: StatutoryCategoryId | null;
  stage!: DocumentStage;
  publishedAt!: Date | null;
  /** Its basis (上位法 or document) was repealed: listed in the 清理 view. */
  basisRepealed!: boolean;
  /** True once the automatic 失效 was announced to the feed. */
  lapseAnnounced!: boolean;
  createdBy!: string;
  createdAt!: Date;
  updatedAt!: Date;
}

/** One status event (废止, 已修改, 清理), append-only. */
export class StatusEvent {
  documentId!: string;
  seq!: number;
  kind!: StatusEventKind;
  on!: string;
  reason!: string | null;
  amendedBy!: string | null;
  actorId!: string;
  at!: Date;
}

export class RegistrationCounter {
  prefix!: string;
  year!: number;
  last!: number;
}

/** One 图解 image of a 解读: an uploaded graphic file and its alt text. */
export interface GraphicRef {
  fileId: string;
  alt: string;
}

export class Interpretation {
  id!: string;
  documentId!: string;
  timing!: InterpretationTiming;
  text!: string;
  qa!: QaPair[];
  graphics!: GraphicRef[];
  draftingUnit!: string;
  interpreter!: string;
  /** Null until published (同步: with its document, at the same instant). */
  publishedAt!: Date | null;
  publishedOn!: string | null;
  createdBy!: string;
  createdAt!: Date;
}

/** An uploaded file (attachment or 图解), kept in object storage only after its hidden metadata was removed. */
export class StoredFile {
  id!: string;
  ownerType!: FileOwner;
  ownerId!: string;
  purpose!: FilePurpose;
  name!: string;
  mediaType!: string;
  size!: number;
  sha256!: string;
  key!: string;
  /** What the cleaner removed (e.g. "PDF Info", "EXIF"). */
  removed!: string[];
  createdAt!: Date;
}

export class Consultation {
  id!: string;
  bodyId!: string;
  title!: string;
  kind!: ConsultationKind;
  draftText!: string;
  /** 起草说明. */
  explanation!: string;
  basis!: string;
  opensOn!: string;
  closesOn!: string;
  minimumClosesOn!: string;
  shortReason!: string | null;
  hearing!: { announcedOn: string; heldOn: string; place: string; participants: string[] } | null;
  adoption!: {
    received: number;
    adopted: number;
    notAdopted: { reason: string; count: number }[];
    summary: string;
  } | null;
  adoptionReportedAt!: Date | null;
  adoptionReportedOn!: string | null;
  createdBy!: string;
  createdAt!: Date;
  updatedAt!: Date;
}

export class Comment {
  id!: string;
  consultationId!: string;
  content!: string;
  /** Never public: only the consultation's body sees it. */
  contact!: string | null;
  contentHash!: string;
  clientKey!: string;
  idempotencyKey!: string | null;
  status!: CommentStatus;
  moderatedBy!: string | null;
  moderatedAt!: Date | null;
  createdAt!: Date;
}

/** One version of a body's 政府信息公开指南 (条例 Art. 12): versions only grow; the highest is current. */
export class Guide {
  bodyId!: string;
  version!: number;
  text!: string;
  editedBy!: string;
  createdAt!: Date;
}

/** Rate-limit hits of public submissions (lib/rate-limit.ts). */
export const { entity: RateHit, schema: RateHitSchema } = rateHitTable();

/** Outbox of public changes for the feed. */
export class DocumentsEvent {
  seq!: string;
  /** A guide's entityId is its body's id. */
  entity!: "document" | "consultation" | "guide";
  entityId!: string;
  at!: Date;
}

const nullableText = { type: "text", nullable: true } as const;
const date = { type: "string", columnType: "date" } as const;
const nullableDate = { ...date, nullable: true } as const;

export const entities = [
  new EntitySchema<NormativeDocument>({
    class: NormativeDocument,
    tableName: "documents",
    properties: {
      id: { type: "string", primary: true },
      bodyId: { type: "string" },
      title: { type: "text" },
      docNumber: { type: "string" },
      docNumberKey: { type: "string" },
      registrationNo: { type: "string", unique: true },
      signedOn: date,
      publishedOn: nullableDate,
      effectiveFrom: nullableDate,
      validUntil: nullableDate,
      validityBasis: { type: "string", nullable: true },
      fullText: { type: "text" },
      legalBasis: { type: "text" },
      policy: { type: "boolean" },
      waiverReason: nullableText,
      consultationId: { type: "string", nullable: true },
      disclosureRule: { type: "boolean", nullable: true },
      category: { type: "string", nullable: true },
      stage: { type: "string" },
      publishedAt: { type: "Date", nullable: true },
      basisRepealed: { type: "boolean" },
      lapseAnnounced: { type: "boolean" },
      createdBy: { type: "string" },
      createdAt: { type: "Date" },
      updatedAt: { type: "Date" },
    },
  }),
  new EntitySchema<StatusEvent>({
    class: StatusEvent,
    tableName: "status_events",
    properties: {
      documentId: { type: "string", primary: true },
      seq: { type: "integer", primary: true },
      kind: { type: "string" },
      on: date,
      reason: nullableText,
      amendedBy: { type: "string", nullable: true },
      actorId: { type: "string" },
      at: { type: "Date" },
    },
  }),
  new EntitySchema<RegistrationCounter>({
    class: RegistrationCounter,
    tableName: "registration_counters",
    properties: {
      prefix: { type: "string", primary: true },
      year: { type: "integer", primary: true },
      last: { type: "integer" },
    },
  }),
  new EntitySchema<Interpretation>({
    class: Interpretation,
    tableName: "interpretations",
    properties: {
      id: { type: "string", primary: true },
      documentId: { type: "string" },
      timing: { type: "string" },
      text: { type: "text" },
      qa: { type: "json" },
      graphics: { type: "json" },
      draftingUnit: { type: "string" },
      interpreter: { type: "string" },
      publishedAt: { type: "Date", nullable: true },
      publishedOn: nullableDate,
      createdBy: { type: "string" },
      createdAt: { type: "Date" },
    },
  }),
  new EntitySchema<StoredFile>({
    class: StoredFile,
    tableName: "files",
    properties: {
      id: { type: "string", primary: true },
      ownerType: { type: "string" },
      ownerId: { type: "string" },
      purpose: { type: "string" },
      name: { type: "string" },
      mediaType: { type: "string" },
      size: { type: "integer" },
      sha256: { type: "string" },
      key: { type: "string" },
      removed: { type: "json" },
      createdAt: { type: "Date" },
    },
  }),
  new EntitySchema<Consultation>({
    class: Consultation,
    tableName: "consultations",
    properties: {
      id: { type: "string", primary: true },
      bodyId: { type: "string" },
      title: { type: "text" },
      kind: { type: "string" },
      draftText: { type: "text" },
      explanation: { type: "text" },
      basis: { type: "text" },
      opensOn: date,
      closesOn: date,
      minimumClosesOn: date,
      shortReason: nullableText,
      hearing: { type: "json", nullable: true },
      adoption: { type: "json", nullable: true },
      adoptionReportedAt: { type: "Date", nullable: true },
      adoptionReportedOn: nullableDate,
      createdBy: { type: "string" },
      createdAt: { type: "Date" },
      updatedAt: { type: "Date" },
    },
  }),
  new EntitySchema<Comment>({
    class: Comment,
    tableName: "comments",
    properties: {
      id: { type: "string", primary: true },
      consultationId: { type: "string" },
      content: { type: "text" },
      contact: { type: "string", nullable: true },
      contentHash: { type: "string" },
      clientKey: { type: "string" },
      idempotencyKey: { type: "string", nullable: true },
      status: { type: "string" },
      moderatedBy: { type: "string", nullable: true },
      moderatedAt: { type: "Date", nullable: true },
      createdAt: { type: "Date" },
    },
  }),
  new EntitySchema<Guide>({
    class: Guide,
    tableName: "guides",
    properties: {
      bodyId: { type: "string", primary: true },
      version: { type: "integer", primary: true },
      text: { type: "text" },
      editedBy: { type: "string" },
      createdAt: { type: "Date" },
    },
  }),
  RateHitSchema,
  new EntitySchema<DocumentsEvent>({
    class: DocumentsEvent,
    tableName: "events",
    properties: {
      seq: { type: "bigint", primary: true, autoincrement: true },
      entity: { type: "string" },
      entityId: { type: "string" },
      at: { type: "Date" },
    },
  }),
];
