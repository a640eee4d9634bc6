/** Published notices (signed PDFs in object storage) and their outbox of domain events. */
import { EntitySchema } from "@mikro-orm/postgresql";
import type { PowerCategory } from "../../shared/domain.js";

export type NoticeStatus = "published" | "withdrawn" | "corrected" | "expired";

export interface PublicField {
  label: string;
  value: string;
}

/** One public notice: one version of one result. A correction adds a successor. */
export class Notice {
  id!: string;
  resultId!: string;
  version!: number;
  bodyId!: string;
  bodyName!: string;
  kind!: PowerCategory;
  title!: string;
  decisionNo!: string;
  decidedOn!: string;
  partyName!: string;
  /** The redacted public record (JSON API and feed), exactly what the PDF shows. */
  record!: Record<string, unknown>;
  verifyCode!: string;
  sha256!: string;
  objectKey!: string;
  size!: number;
  status!: NoticeStatus;
  publishedAt!: Date;
  expiresOn!: string;
  statusChangedAt!: Date | null;
  reason!: string | null;
  predecessorId!: string | null;
  successorId!: string | null;
}

/**
 * A signed letter to one person (a 告知书 answering an information request): rendered and signed
 * like a notice, kept in object storage, never published. Anyone holding it can verify it by its
 * code or bytes, which tells only who issued it and when, never what it says or to whom.
 */
export class Letter {
  id!: string;
  /** What it answers: `request` (依申请公开), and its id there. One letter per source. */
  sourceType!: string;
  sourceId!: string;
  bodyId!: string;
  bodyName!: string;
  title!: string;
  documentNumber!: string;
  verifyCode!: string;
  sha256!: string;
  objectKey!: string;
  size!: number;
  issuedAt!: Date;
}

/** Transactional outbox: written with the change it reports; consumers pull it by sequence. */
export class NoticeEvent {
  seq!: string;
  type!: string;
  noticeId!: string;
  at!: Date;
}

export const NoticeSchema = new EntitySchema<Notice>({
  class: Notice,
  tableName: "notices",
  properties: {
    id: { type: "string", primary: true },
    resultId: { type: "string" },
    version: { type: "integer" },
    bodyId: { type: "string" },
    bodyName: { type: "string" },
    kind: { type: "string" },
    title: { type: "string" },
    decisionNo: { type: "string" },
    decidedOn: { type: "string", columnType: "date" },
    partyName: { type: "string" },
    record: { type: "json" },
    verifyCode: { type: "string", unique: true },
    sha256: { type: "string" },
    objectKey: { type: "string" },
    size: { type: "integer" },
    status: { type: "string" },
    publishedAt: { type: "Date" },
    expiresOn: { type: "string", columnType: "date" },
    statusChangedAt: { type: "Date", nullable: true },
    reason: { type: "text", nullable: true },
    predecessorId: { type: "string", nullable: true },
    successorId: { type: "string", nullable: true },
  },
});

export const NoticeEventSchema = new EntitySchema<NoticeEvent>({
  class: NoticeEvent,
  tableName: "notice_events",
  properties: {
    seq: { type: "bigint", primary: true, autoincrement: true },
    type: { type: "string" },
    noticeId: { type: "string" },
    at: { type: "Date" },
  },
});

export const LetterSchema = new EntitySchema<Letter>({
  class: Letter,
  tableName: "letters",
  properties: {
    id: { type: "string", primary: true },
    sourceType: { type: "string" },
    sourceId: { type: "string" },
    bodyId: { type: "string" },
    bodyName: { type: "string" },
    title: { type: "string" },
    documentNumber: { type: "string" },
    verifyCode: { type: "string", unique: true },
    sha256: { type: "string" },
    objectKey: { type: "string" },
    size: { type: "integer" },
    issuedAt: { type: "Date" },
  },
});

export const entities = [NoticeSchema, NoticeEventSchema, LetterSchema];
