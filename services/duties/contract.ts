/**
 * The duties service's contract: its actions with the params schemas it validates with, what each
 * takes and what it answers (bodies, officers, powers with their versions, inspection items, and
 * the outbox the feed pulls). Callers learn about duties from here only.
 */
import { action, EVENTS_SINCE_PARAMS, type EventsSinceParams } from "../../lib/contract.js";
import { ANY, arr, INT, json, nullable, obj, oneOf, opt, STR } from "../../lib/replies.js";
import {
  OFFICER_STATUSES,
  POWER_CATEGORIES,
  REMEDY_KINDS,
  type OfficerStatus,
  type PowerCategory,
} from "../../shared/domain.js";
import { ID, optionalText, PHONE_PATTERN, text, type ParamsSchema, type RuleObject } from "../../shared/validation.js";
import type { DutiesEntity, LegalBasis, ProcedureStep } from "./entities.js";

export type { LegalBasis, ProcedureStep };

const PHONE = optionalText(30, { pattern: PHONE_PATTERN });

const bodyParams: ParamsSchema = {
  name: text(200),
  creditCode: text(18, { min: 18, uppercase: true }),
  region: text(100),
  phone: PHONE,
  address: optionalText(300),
};

const officerParams: ParamsSchema = {
  bodyId: ID,
  name: text(50),
  certificateNo: text(50),
  fields: { type: "array", max: 30, items: text(50), unique: true },
  region: optionalText(100),
};

const basisItem: RuleObject = {
  type: "object",
  props: { law: text(200), article: text(100), text: optionalText(5000) },
};

const powerParams: ParamsSchema = {
  bodyId: ID,
  code: text(64),
  name: text(200),
  category: { type: "enum", values: [...POWER_CATEGORIES] },
  basis: { type: "array", min: 1, max: 50, items: basisItem },
  // 裁量基准: prose, or rows of circumstance and measure.
  standards: [
    optionalText(20_000),
    {
      type: "array",
      optional: true,
      max: 200,
      items: [
        text(2000),
        {
          type: "object",
          props: { level: optionalText(50), circumstance: text(2000), measure: text(2000) },
        },
      ],
    },
  ],
  // 执法程序: the steps of the flowchart, in order.
  procedure: {
    type: "array",
    optional: true,
    max: 100,
    items: [text(200), { type: "object", props: { name: text(200), description: optionalText(2000) } }],
  },
  timeLimitDays: { type: "number", integer: true, min: 0, max: 3650, optional: true, convert: true },
  // 救济渠道: 行政复议 / 行政诉讼.
  remedies: [
    optionalText(2000),
    {
      type: "array",
      optional: true,
      max: 10,
      items: [
        text(500),
        {
          type: "object",
          props: {
            kind: { type: "enum", values: [...REMEDY_KINDS] },
            organ: optionalText(200),
            timeLimit: optionalText(100),
            note: optionalText(500),
          },
        },
      ],
    },
  ],
  supervisionPhone: PHONE,
};

const inspectionParams: ParamsSchema = {
  bodyId: ID,
  project: text(200),
  subItem: optionalText(200),
  subject: text(200),
  basis: text(5000),
  method: text(200),
  content: text(5000),
};

/** Ids other services pass along: checked by the record lookup, not by the id rule. */
const LOOKUP_ID = { type: "string", max: 100 };

// ---- what the actions take

export interface BodyParams {
  name: string;
  creditCode: string;
  region: string;
  phone?: string;
  address?: string;
}
export interface OfficerParams {
  bodyId: string;
  name: string;
  certificateNo: string;
  fields: string[];
  region?: string;
}
export interface PowerParams {
  bodyId: string;
  code: string;
  name: string;
  category: PowerCategory;
  basis: LegalBasis[];
  standards?: unknown;
  procedure?: (string | ProcedureStep)[];
  timeLimitDays?: number;
  remedies?: unknown;
  supervisionPhone?: string;
}
export interface RevisePowerParams extends PowerParams {
  id: string;
  changeNote?: string;
}
export interface InspectionParams {
  bodyId: string;
  project: string;
  subItem?: string;
  subject: string;
  basis: string;
  method: string;
  content: string;
}
export interface OfficerStatusParams {
  id: string;
  status: OfficerStatus;
  reason?: string;
}
export interface CaseContextParams {
  bodyId: string;
  powerId: string;
  officerIds: string[];
}
export interface IdParams {
  id: string;
}
/** A body's seal (电子印章): a PNG, base64-encoded. */
export interface SetSealParams {
  bodyId: string;
  png: string;
}

/** The bodies of the public statistics: one body, a region's, or (neither given) every body. */
export interface StatsScopeParams {
  bodyId?: string;
  region?: string;
}
export interface PowerNamesParams {
  powers: { bodyId: string; code: string }[];
}

// ---- what they answer

/** The scope's bodies (none listed for every body: `total` says how many there are). */
export interface StatsScopeView {
  bodies: { id: string; name: string; region: string }[];
  total: number;
}
export interface PowerNameView {
  bodyId: string;
  code: string;
  name: string;
  bodyName: string;
}

export interface BodyView {
  id: string;
  name: string;
  creditCode: string;
  region: string;
  phone: string | null;
  address: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OfficerView {
  id: string;
  bodyId: string;
  name: string;
  certificateNo: string;
  fields: string[];
  region: string | null;
  status: OfficerStatus;
  statusReason: string | null;
  statusChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** One version of a power's content (动态调整: every change is a new version). */
export interface PowerVersionView {
  version: number;
  code: string;
  name: string;
  category: PowerCategory;
  basis: LegalBasis[];
  standards: unknown;
  procedure: ProcedureStep[];
  timeLimitDays: number | null;
  remedies: unknown;
  supervisionPhone: string | null;
  changeNote: string | null;
  effectiveFrom: string;
}

/** A power: its identity plus the content of its current version. */
export interface PowerView extends PowerVersionView {
  id: string;
  bodyId: string;
  createdAt: string;
  updatedAt: string;
}

/** A power with its whole history, newest first. */
export interface PowerWithHistoryView extends PowerView {
  history: PowerVersionView[];
}

export interface InspectionItemView {
  id: string;
  bodyId: string;
  project: string;
  subItem: string | null;
  subject: string;
  basis: string;
  method: string;
  content: string;
  createdAt: string;
  updatedAt: string;
}

/** A body's seal as stored: no image, only what identifies it. */
export interface SealView {
  bodyId: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

/** A body's seal image for the notice: a PNG, base64-encoded. */
export interface SealImage {
  png: string;
}

/** What the cases service checks a case against: each part null when it does not exist. */
export interface CaseContext {
  body: BodyView | null;
  power: {
    id: string;
    bodyId: string;
    code: string;
    name: string;
    category: PowerCategory;
    version: number;
  } | null;
  officers: OfficerView[];
}

/** One outbox row with the record's public view now (null once the record is gone). */
/** A 事前公开 record's public view, as the feed stores it. */
export type DutiesPublicView = BodyView | OfficerView | PowerWithHistoryView | InspectionItemView;

export interface DutiesEventView {
  seq: string;
  entity: DutiesEntity;
  id: string;
  at: string;
  /** Null once the record is gone. */
  view: DutiesPublicView | null;
}

// ---- what the HTTP routes answer, as documented rules (lib/replies.ts); the feed answers the same views

export const BODY_FIELDS = {
  id: STR,
  name: STR,
  creditCode: STR,
  region: STR,
  phone: nullable(STR),
  address: nullable(STR),
  createdAt: STR,
  updatedAt: STR,
};
export const BODY_VIEW = obj(BODY_FIELDS);

export const OFFICER_FIELDS = {
  id: STR,
  bodyId: STR,
  name: STR,
  certificateNo: STR,
  fields: arr(STR),
  region: nullable(STR),
  status: oneOf(OFFICER_STATUSES),
  statusReason: nullable(STR),
  statusChangedAt: STR,
  createdAt: STR,
  updatedAt: STR,
};
export const OFFICER_VIEW = obj(OFFICER_FIELDS);

const POWER_VERSION_FIELDS = {
  version: INT,
  code: STR,
  name: STR,
  category: oneOf(POWER_CATEGORIES),
  basis: arr(obj({ law: STR, article: STR, text: opt(STR) })),
  standards: ANY,
  procedure: arr(obj({ name: STR, description: opt(STR) })),
  timeLimitDays: nullable(INT),
  remedies: ANY,
  supervisionPhone: nullable(STR),
  changeNote: nullable(STR),
  effectiveFrom: STR,
};
export const POWER_FIELDS = { ...POWER_VERSION_FIELDS, id: STR, bodyId: STR, createdAt: STR, updatedAt: STR };
export const POWER_WITH_HISTORY_VIEW = obj({ ...POWER_FIELDS, history: arr(obj(POWER_VERSION_FIELDS)) });

export const INSPECTION_ITEM_VIEW = obj({
  id: STR,
  bodyId: STR,
  project: STR,
  subItem: nullable(STR),
  subject: STR,
  basis: STR,
  method: STR,
  content: STR,
  createdAt: STR,
  updatedAt: STR,
});

export const duties = {
  createBody: action<BodyParams, BodyView>("duties.createBody", bodyParams, json(BODY_VIEW)),
  updateBody: action<BodyParams & IdParams, BodyView>("duties.updateBody", { id: ID, ...bodyParams }, json(BODY_VIEW)),
  /** For other services: does a body with this id exist? */
  bodyExists: action<IdParams, boolean>("duties.bodyExists", { id: LOOKUP_ID }),
  /** For the cases service: body, current power version and named officers in one round trip. */
  caseContext: action<CaseContextParams, CaseContext>("duties.caseContext", {
    bodyId: LOOKUP_ID,
    powerId: LOOKUP_ID,
    officerIds: { type: "array", max: 50, items: LOOKUP_ID },
  }),
  createOfficer: action<OfficerParams, OfficerView>("duties.createOfficer", officerParams, json(OFFICER_VIEW)),
  updateOfficer: action<OfficerParams & IdParams, OfficerView>(
    "duties.updateOfficer",
    { id: ID, ...officerParams },
    json(OFFICER_VIEW),
  ),
  setOfficerStatus: action<OfficerStatusParams, OfficerView>(
    "duties.setOfficerStatus",
    { id: ID, status: { type: "enum", values: [...OFFICER_STATUSES] }, reason: optionalText(500) },
    json(OFFICER_VIEW),
  ),
  createPower: action<PowerParams, PowerWithHistoryView>(
    "duties.createPower",
    powerParams,
    json(POWER_WITH_HISTORY_VIEW),
  ),
  revisePower: action<RevisePowerParams, PowerWithHistoryView>(
    "duties.revisePower",
    { id: ID, ...powerParams, changeNote: optionalText(500) },
    json(POWER_WITH_HISTORY_VIEW),
  ),
  createInspectionItem: action<InspectionParams, InspectionItemView>(
    "duties.createInspectionItem",
    inspectionParams,
    json(INSPECTION_ITEM_VIEW),
  ),
  updateInspectionItem: action<InspectionParams & IdParams, InspectionItemView>(
    "duties.updateInspectionItem",
    { id: ID, ...inspectionParams },
    json(INSPECTION_ITEM_VIEW),
  ),
  /** For other services: one body (404 when there is none). */
  getBody: action<IdParams, BodyView>("duties.getBody", { id: LOOKUP_ID }),
  /** Sets or replaces a body's seal (admin; from the console's body page). */
  setSeal: action<SetSealParams, SealView>("duties.setSeal", {
    bodyId: ID,
    png: { type: "string", min: 1, max: 350_000 }, // base64 of at most 256 KB
  }),
  /** Removes a body's seal (admin); true when there was one. */
  removeSeal: action<IdParams, boolean>("duties.removeSeal", { id: ID }),
  /** For the results service: a body's seal to draw over a notice's 落款, null when it has none. */
  getSeal: action<IdParams, SealImage | null>("duties.getSeal", { id: LOOKUP_ID }),
  /** For other services: one power with its current version (404 when there is none). */
  getPower: action<IdParams, PowerView>("duties.getPower", { id: LOOKUP_ID }),
  /** For the reports service: the categories of the body's powers (无相关行政执法职责 where it has none). */
  powerCategories: action<{ bodyId: string }, PowerCategory[]>("duties.powerCategories", { bodyId: LOOKUP_ID }),
  /** For the public statistics (reports): the bodies of one body, a region or all (then only their number). */
  statsScope: action<StatsScopeParams, StatsScopeView>("duties.statsScope", {
    bodyId: { ...LOOKUP_ID, optional: true },
    region: { type: "string", max: 100, optional: true },
  }),
  /** For the public statistics (reports): the current names of powers given by body and 事项编码. */
  powerNames: action<PowerNamesParams, PowerNameView[]>("duties.powerNames", {
    powers: {
      type: "array",
      max: 100,
      items: { type: "object", props: { bodyId: LOOKUP_ID, code: { type: "string", max: 64 } } },
    },
  }),
  /** For other services: one officer of the roster (404 when there is none). */
  getOfficer: action<IdParams, OfficerView>("duties.getOfficer", { id: LOOKUP_ID }),
  /** A body's active officers (random-inspection plans draw from them). */
  roster: action<{ bodyId: string }, OfficerView[]>("duties.roster", { bodyId: LOOKUP_ID }),
  getInspectionItem: action<IdParams, InspectionItemView>("duties.getInspectionItem", { id: LOOKUP_ID }),
  /** For the feed: changes after a sequence number, oldest first. */
  eventsSince: action<EventsSinceParams, DutiesEventView[]>("duties.eventsSince", EVENTS_SINCE_PARAMS),
};
