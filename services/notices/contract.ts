/**
 * The notices service's contract: its actions with the schemas it validates with, what each takes
 * and what it answers. Callers (results, the feed, the gateway) learn the notice's shapes here.
 */
import { action, EVENTS_SINCE_PARAMS, type Action, type EventsSinceParams } from "../../lib/contract.js";
import { BOOL, INT, json, literal, MAP, media, nullable, obj, oneOf, opt, STR } from "../../lib/replies.js";
import { POWER_CATEGORIES, type PowerCategory } from "../../shared/domain.js";
import { ID } from "../../shared/validation.js";
import { LOG_RECORD_RULE, type LogRecord } from "../tlog/contract.js";
import type { NoticeStatus, PublicField } from "./entities.js";

export type { NoticeStatus, PublicField };

export interface IssueParams {
  resultId: string;
  version: number;
  bodyId: string;
  bodyName: string;
  bodyCreditCode: string;
  kind: PowerCategory;
  title: string;
  decisionNo: string;
  decidedOn: string;
  partyName: string;
  record: Record<string, unknown>;
  fields: PublicField[];
  text: { heading: string; body: string }[];
  expiresOn: string;
  predecessorId: string | null;
  reason: string | null;
  maskNames?: string[];
  /** 救济途径告知 as the notice prints it; the generic text when absent. */
  remedyNotice?: string;
  /** The body's seal, a base64 PNG drawn over the 落款; none when absent. */
  seal?: string;
  /** An imported historic record: rendered after every live notice waiting (services/notices/render-pool.ts). */
  background?: boolean;
}

/** One version of a notice as issued: what results keeps of it. */
export interface IssuedNotice {
  noticeId: string;
  verifyCode: string;
  sha256: string;
  publishedAt: string;
  expiresOn: string;
}

export interface WithdrawParams {
  noticeId: string;
  reason: string;
  maskNames?: string[];
}

/**
 * The answer of verification: `authentic` — these are bytes this platform signed (true for a
 * notice withdrawn, expired or superseded too); `current` — published and in force today.
 * `valid` keeps meaning authentic for older clients (API.md).
 */
export interface Verification {
  valid: true;
  authentic: true;
  current: boolean;
  status: NoticeStatus;
  noticeId: string;
  sha256: string;
  publishedAt: string;
  expiresOn: string;
  title: string;
  bodyName: string;
  decisionNo: string;
  reason?: string;
  successorId?: string;
  statusChangedAt?: string;
  /** The notice's latest entry in the transparency log; null while not yet logged. */
  log?: LogRecord | null;
}

/** What a letter's code or bytes verify to: who issued it and when, never its content or addressee. */
export interface LetterVerification {
  valid: true;
  authentic: true;
  current: true;
  kind: "letter";
  title: string;
  bodyName: string;
  documentNumber: string;
  issuedAt: string;
  sha256: string;
}

/** A letter to one person (告知书), rendered and signed like a notice, never published. */
export interface IssueLetterParams {
  /** A request's answer letter, or an annual report's signed PDF (published by the reports service). */
  sourceType: "request" | "report";
  sourceId: string;
  bodyId: string;
  bodyName: string;
  bodyCreditCode: string;
  title: string;
  documentNumber: string;
  fields: PublicField[];
  sections: { heading: string; body: string }[];
  /** 救济途径告知 as the letter prints it; none when absent. */
  remedyNotice?: string;
  /** The body's seal, a base64 PNG drawn over the 落款; none when absent. */
  seal?: string;
}

export interface IssuedLetter {
  letterId: string;
  verifyCode: string;
  sha256: string;
  size: number;
  issuedAt: string;
}

/** A PDF this platform never issued. */
export interface UnknownPdf {
  valid: false;
  authentic: false;
  current: false;
  sha256: string;
}

/** What the public may see of a notice: the whole record while published, a tombstone once taken down. */
export interface NoticePublicView {
  id: string;
  resultId: string;
  version: number;
  bodyId: string;
  bodyName: string;
  kind: PowerCategory;
  title: string;
  decisionNo: string;
  decidedOn: string;
  /** Null once the notice is taken down. */
  partyName: string | null;
  record: Record<string, unknown>;
  status: NoticeStatus;
  reason: string | null;
  statusChangedAt: string | null;
  predecessorId: string | null;
  successorId: string | null;
  verifyCode: string;
  sha256: string;
  publishedAt: string;
  expiresOn: string;
  /** Null once the notice is taken down. */
  pdfUrl: string | null;
  verifyUrl: string;
  takenDown?: true;
}

/** One outbox event, with the notice's public view as it is now. */
export interface NoticeOutboxEvent {
  seq: string;
  type: string;
  at: string;
  notice: NoticePublicView;
}

/** Names of other persons marked on the decision: masked in a take-down reason beside the party's. */
const MASK_NAMES = { type: "array", optional: true, max: 50, items: { type: "string", max: 50 } };

// ---- what the HTTP routes answer, as documented rules (lib/replies.ts); the feed answers the same views

export const NOTICE_STATUS_VALUES = ["published", "withdrawn", "corrected", "expired"] as const;

/** NoticePublicView's fields; the feed leaves `record` out of lists. */
export const NOTICE_PUBLIC_FIELDS = {
  id: STR,
  resultId: STR,
  version: INT,
  bodyId: STR,
  bodyName: STR,
  kind: oneOf(POWER_CATEGORIES),
  title: STR,
  decisionNo: STR,
  decidedOn: STR,
  partyName: nullable(STR),
  record: MAP,
  status: oneOf(NOTICE_STATUS_VALUES),
  reason: nullable(STR),
  statusChangedAt: nullable(STR),
  predecessorId: nullable(STR),
  successorId: nullable(STR),
  verifyCode: STR,
  sha256: STR,
  publishedAt: STR,
  expiresOn: STR,
  pdfUrl: nullable(STR),
  verifyUrl: STR,
  takenDown: opt(literal(true)),
};

const VERIFICATION = obj({
  valid: literal(true),
  authentic: literal(true),
  current: BOOL,
  status: oneOf(NOTICE_STATUS_VALUES),
  noticeId: STR,
  sha256: STR,
  publishedAt: STR,
  expiresOn: STR,
  title: STR,
  bodyName: STR,
  decisionNo: STR,
  reason: opt(STR),
  successorId: opt(STR),
  statusChangedAt: opt(STR),
  log: opt(nullable(LOG_RECORD_RULE)),
});

const LETTER_VERIFICATION = obj({
  valid: literal(true),
  authentic: literal(true),
  current: literal(true),
  kind: literal("letter"),
  title: STR,
  bodyName: STR,
  documentNumber: STR,
  issuedAt: STR,
  sha256: STR,
});

const LABELLED = { type: "object", props: { label: { type: "string" }, value: { type: "string", max: 20_000 } } };
const SECTION = { type: "object", props: { heading: { type: "string" }, body: { type: "string", max: 50_000 } } };

const UNKNOWN_PDF = obj({ valid: literal(false), authentic: literal(false), current: literal(false), sha256: STR });

export const notices = {
  /** For the results service: render, sign, store and record one version of a notice. Idempotent. */
  issue: action<IssueParams, IssuedNotice>("notices.issue", {
    resultId: { type: "string", max: 100 },
    version: { type: "number", integer: true, min: 1 },
    bodyId: { type: "string", max: 100 },
    bodyName: { type: "string", max: 200 },
    bodyCreditCode: { type: "string", max: 18 },
    kind: { type: "enum", values: [...POWER_CATEGORIES] },
    title: { type: "string", max: 200 },
    decisionNo: { type: "string", max: 100 },
    decidedOn: { type: "string", max: 10 },
    partyName: { type: "string", max: 200 },
    record: { type: "object" },
    fields: { type: "array", max: 100, items: LABELLED },
    text: { type: "array", max: 20, items: SECTION },
    expiresOn: { type: "string", max: 10 },
    predecessorId: { type: "string", max: 100, nullable: true },
    reason: { type: "string", max: 1000, nullable: true },
    maskNames: MASK_NAMES,
    remedyNotice: { type: "string", max: 2000, optional: true },
    seal: { type: "string", max: 350_000, optional: true },
    background: { type: "boolean", optional: true },
  }),
  /** For the results service: withdraw (撤下) with a public reason. Idempotent. */
  withdraw: action<WithdrawParams, Verification>("notices.withdraw", {
    noticeId: { type: "string", max: 100 },
    reason: { type: "string", min: 1, max: 1000 },
    maskNames: MASK_NAMES,
  }),
  /** The signed PDF as a stream (410 once taken down). */
  getNoticePdf: action<{ id: string }, NodeJS.ReadableStream>(
    "notices.getNoticePdf",
    { id: ID },
    media("application/pdf", "The signed notice (PAdES); 410 once taken down"),
  ),
  verifyCode: action<{ code: string }, Verification | LetterVerification>(
    "notices.verifyCode",
    { code: { type: "string", min: 1, max: 40 } },
    json([VERIFICATION, LETTER_VERIFICATION]),
  ),
  /** The PDF arrives as the request stream; the params are never read, so they are not made strict. */
  verifyPdf: {
    name: "notices.verifyPdf",
    params: {},
    reply: json([VERIFICATION, LETTER_VERIFICATION, UNKNOWN_PDF]),
  } as Action<Record<string, never>, Verification | LetterVerification | UnknownPdf>,
  /** For the requests and reports services: render, sign and store the letter of one source. Idempotent by source. */
  issueLetter: action<IssueLetterParams, IssuedLetter>("notices.issueLetter", {
    sourceType: { type: "enum", values: ["request", "report"] },
    sourceId: { type: "string", max: 100 },
    bodyId: { type: "string", max: 100 },
    bodyName: { type: "string", max: 200 },
    bodyCreditCode: { type: "string", max: 18 },
    title: { type: "string", max: 200 },
    documentNumber: { type: "string", max: 100 },
    fields: { type: "array", max: 100, items: LABELLED },
    sections: { type: "array", max: 200, items: SECTION },
    remedyNotice: { type: "string", max: 2000, optional: true },
    seal: { type: "string", max: 350_000, optional: true },
  }),
  /** For the requests service (after it checked who asks): a letter's PDF as a stream. */
  letterPdf: action<{ letterId: string }, NodeJS.ReadableStream>("notices.letterPdf", {
    letterId: { type: "string", max: 100 },
  }),
  /** For the feed: outbox events after a sequence number, oldest first, with each notice's public view. */
  eventsSince: action<EventsSinceParams, NoticeOutboxEvent[]>("notices.eventsSince", EVENTS_SINCE_PARAMS),
  /** Marks notices whose publicity period has ended as expired; also runs on a timer. */
  expire: { name: "notices.expire", params: {} } as Action<Record<string, never>, { expired: number }>,
};
