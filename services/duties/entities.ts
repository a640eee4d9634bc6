/** 事前公开 records: enforcement bodies, officers, powers (权责清单) with versions, inspection items. */
import { EntitySchema } from "@mikro-orm/postgresql";
import type { OfficerStatus, PowerCategory } from "../../shared/domain.js";

/** 执法主体: an enforcement body. */
export class Body {
  id!: string;
  name!: string;
  creditCode!: string;
  region!: string;
  phone!: string | null;
  address!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** A body's seal (电子印章): the PNG its administrator uploaded. */
export class BodySeal {
  bodyId!: string;
  png!: Buffer;
  sha256!: string;
  uploadedAt!: Date;
}

/** 执法人员: an officer with an enforcement certificate. */
export class Officer {
  id!: string;
  bodyId!: string;
  name!: string;
  certificateNo!: string;
  fields!: string[];
  region!: string | null;
  status!: OfficerStatus;
  statusReason!: string | null;
  statusChangedAt!: Date;
  createdAt!: Date;
  updatedAt!: Date;
}

export interface LegalBasis {
  law: string;
  article: string;
  text?: string;
}

export interface ProcedureStep {
  name: string;
  description?: string;
}

/** 职责/权限: one item of a body's 权责清单; its content lives in versions. */
export class Power {
  id!: string;
  bodyId!: string;
  code!: string;
  name!: string;
  category!: PowerCategory;
  currentVersion!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

/** One version of a power (动态调整): every change adds one; old ones stay readable. */
export class PowerVersion {
  powerId!: string;
  version!: number;
  code!: string;
  name!: string;
  category!: PowerCategory;
  basis!: LegalBasis[];
  standards!: unknown;
  procedure!: ProcedureStep[];
  timeLimitDays!: number | null;
  remedies!: unknown;
  supervisionPhone!: string | null;
  changeNote!: string | null;
  effectiveFrom!: Date;
  createdBy!: string;
}

/** 随机抽查事项: an item of the random-inspection list. */
export class InspectionItem {
  id!: string;
  bodyId!: string;
  project!: string;
  subItem!: string | null;
  subject!: string;
  basis!: string;
  method!: string;
  content!: string;
  createdAt!: Date;
  updatedAt!: Date;
}

const timestamps = {
  createdAt: { type: "Date" },
  updatedAt: { type: "Date" },
} as const;

export const BodySchema = new EntitySchema<Body>({
  class: Body,
  tableName: "bodies",
  properties: {
    id: { type: "string", primary: true },
    name: { type: "string" },
    creditCode: { type: "string", unique: true },
    region: { type: "string" },
    phone: { type: "string", nullable: true },
    address: { type: "string", nullable: true },
    ...timestamps,
  },
});

export const BodySealSchema = new EntitySchema<BodySeal>({
  class: BodySeal,
  tableName: "body_seals",
  properties: {
    bodyId: { type: "string", primary: true },
    png: { type: "blob" },
    sha256: { type: "string" },
    uploadedAt: { type: "Date" },
  },
});

export const OfficerSchema = new EntitySchema<Officer>({
  class: Officer,
  tableName: "officers",
  properties: {
    id: { type: "string", primary: true },
    bodyId: { type: "string" },
    name: { type: "string" },
    certificateNo: { type: "string", unique: true },
    fields: { type: "json" },
    region: { type: "string", nullable: true },
    status: { type: "string" },
    statusReason: { type: "string", nullable: true },
    statusChangedAt: { type: "Date" },
    ...timestamps,
  },
});

export const PowerSchema = new EntitySchema<Power>({
  class: Power,
  tableName: "powers",
  properties: {
    id: { type: "string", primary: true },
    bodyId: { type: "string" },
    code: { type: "string" },
    name: { type: "string" },
    category: { type: "string" },
    currentVersion: { type: "integer" },
    ...timestamps,
  },
});

export const PowerVersionSchema = new EntitySchema<PowerVersion>({
  class: PowerVersion,
  tableName: "power_versions",
  properties: {
    powerId: { type: "string", primary: true },
    version: { type: "integer", primary: true },
    code: { type: "string" },
    name: { type: "string" },
    category: { type: "string" },
    basis: { type: "json" },
    standards: { type: "json", nullable: true },
    procedure: { type: "json" },
    timeLimitDays: { type: "integer", nullable: true },
    remedies: { type: "json", nullable: true },
    supervisionPhone: { type: "string", nullable: true },
    changeNote: { type: "string", nullable: true },
    effectiveFrom: { type: "Date" },
    createdBy: { type: "string" },
  },
});

export const InspectionItemSchema = new EntitySchema<InspectionItem>({
  class: InspectionItem,
  tableName: "inspection_items",
  properties: {
    id: { type: "string", primary: true },
    bodyId: { type: "string" },
    project: { type: "string" },
    subItem: { type: "string", nullable: true },
    subject: { type: "string" },
    basis: { type: "string" },
    method: { type: "string" },
    content: { type: "string" },
    ...timestamps,
  },
});

export type DutiesEntity = "body" | "officer" | "power" | "inspection";

/** Outbox: one row per change of a public record, in commit order; the feed pulls it. */
export class DutiesEvent {
  seq!: string;
  entity!: DutiesEntity;
  entityId!: string;
  at!: Date;
}

export const DutiesEventSchema = new EntitySchema<DutiesEvent>({
  class: DutiesEvent,
  tableName: "events",
  properties: {
    seq: { type: "bigint", primary: true, autoincrement: true },
    entity: { type: "string" },
    entityId: { type: "string" },
    at: { type: "Date" },
  },
});

export const entities = [
  BodySchema,
  BodySealSchema,
  OfficerSchema,
  PowerSchema,
  PowerVersionSchema,
  InspectionItemSchema,
  DutiesEventSchema,
];
