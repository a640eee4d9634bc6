/**
 * 撤下: a notice that is withdrawn, expired or superseded by a correction is taken down. Its
 * address keeps answering, but only with a tombstone — title, body, 文书号, dates, status, reason
 * and successor — never the facts, the party or the penalty. The notices service sends only the
 * tombstone to the feed, and the feed builds it again from whatever it is given, so a rebuild from
 * the outbox, or an event from an older writer, ends in the same tombstone.
 */
import { chinaToday } from "./dates.js";
import { DECISION_REDACTION_SPEC, redactText, type Redaction, type RedactTextOptions } from "./redaction.js";

/**
 * The values of a decision's party that are never published (by its type, as the decision's
 * redaction drops them): a take-down reason that repeats one has it masked.
 */
export function partySecrets(party: Record<string, unknown>): string[] {
  const type = party.type === "legal" || party.type === "individual" ? party.type : "natural";
  return DECISION_REDACTION_SPEC.drop[type]
    .map((field) => party[field])
    .filter((v): v is string => typeof v === "string" && Array.from(v.trim()).length >= 4)
    .map((v) => v.trim());
}

/** The statuses of a notice that is taken down (only `published` stays up). */
export const TAKEN_DOWN_STATUSES = ["withdrawn", "corrected", "expired"] as const;

export function isTakenDown(status: string): boolean {
  return (TAKEN_DOWN_STATUSES as readonly string[]).includes(status);
}

/** The keys of a public record a tombstone keeps: what identifies the decision, nothing about its party. */
const TOMBSTONE_RECORD_KEYS = ["title", "kind", "decisionNo", "decidedOn", "bodyName", "bodyCreditCode"];

interface PartyLike {
  name?: unknown;
  legalRepresentative?: unknown;
}

/** The names of the party a title may carry (张三无照经营案): its name and its representative's. */
export function partyNames(partyName: string | null | undefined, record: Record<string, unknown>): string[] {
  const party = (record.party ?? {}) as PartyLike;
  return [partyName, party.name, party.legalRepresentative].filter(
    (n): n is string => typeof n === "string" && Array.from(n.trim()).length >= 2,
  );
}

/**
 * The title with every party name in it masked (张三无照经营案 → 张某无照经营案) by the redaction
 * module, which matches a name after normalisation (full-width and half-width brackets, spaces,
 * dashes), and with any other personal data it recognises masked too.
 */
export function tombstoneTitle(title: string, names: readonly string[]): string {
  return redactText(title, "title", { names: names.map((n) => n.trim()) }).text;
}

/**
 * A take-down reason (撤下原因, 更正原因) fit to publish: the officer types it, and it may name the
 * party, another person or their personal data. `names`: the party's names and the names marked for
 * masking; `secrets`: the values of the party's never-public fields (address, ID number…).
 */
export function redactReason(
  reason: string,
  names: readonly string[],
  secrets: RedactTextOptions["secrets"] = [],
): { text: string; redactions: Redaction[] } {
  return redactText(reason, "reason", { names: names.map((n) => n.trim()), secrets });
}

/** What a tombstone keeps of a public record. */
export function tombstoneRecord(record: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of TOMBSTONE_RECORD_KEYS) if (record[key] !== undefined) kept[key] = record[key];
  if (typeof kept.title === "string") kept.title = tombstoneTitle(kept.title, names);
  return kept;
}

/** The fields of a notice's public view that taking it down changes. */
export interface TakeDownable {
  title: string;
  reason?: string | null;
  partyName: string | null;
  record: Record<string, unknown>;
  status: string;
}

/**
 * The public view of a notice as the public may see it now: unchanged while published; once taken
 * down, the tombstone (no party name, a record without facts, party or penalty, the party masked in
 * the title and the reason, no PDF). `formerNames`: the party's names in earlier versions (a correction may have
 * changed the name while the title still carries the old one). Idempotent: a tombstone gives itself.
 */
export function publicNoticeView<V extends TakeDownable>(
  view: V,
  formerNames: readonly string[] = [],
): V | (Omit<V, "partyName"> & { partyName: null; takenDown: true }) {
  if (!isTakenDown(view.status)) return view;
  const names = [...partyNames(view.partyName, view.record), ...formerNames];
  return {
    ...view,
    title: tombstoneTitle(view.title, names),
    ...(typeof view.reason === "string" ? { reason: tombstoneTitle(view.reason, names) } : {}),
    partyName: null,
    record: tombstoneRecord(view.record, names),
    ...("pdfUrl" in view ? { pdfUrl: null } : {}),
    takenDown: true,
  };
}

/** The notice as a tombstone shows it, labelled like the public record's fields. */
export interface TombstoneSource {
  bodyName: string;
  kind: string;
  decisionNo: string;
  decidedOn: string;
  /** ISO 8601 instant. */
  publishedAt: string;
  status: string;
  /** ISO 8601 instant of the withdrawal, correction or expiry. */
  statusChangedAt?: string | null;
  /** YYYY-MM-DD: the last day of the publicity period. */
  expiresOn: string;
  reason?: string | null;
}

const CHANGE_LABELS: Record<string, { date: string; reason?: string }> = {
  withdrawn: { date: "撤下日期", reason: "撤下原因" },
  corrected: { date: "更正日期", reason: "更正原因" },
  expired: { date: "公示期届满日期" },
};

const STATUS_LABELS: Record<string, string> = { withdrawn: "已撤下", corrected: "已更正", expired: "已过公示期" };

export function tombstoneFields(n: TombstoneSource): { label: string; value: string }[] {
  const change = CHANGE_LABELS[n.status];
  const fields: [string, string | null | undefined][] = [
    ["执法机关", n.bodyName],
    ["执法类别", n.kind],
    ["决定文书号", n.decisionNo],
    ["决定日期", n.decidedOn],
    ["公示日期", chinaToday(new Date(n.publishedAt))],
    ["公示状态", STATUS_LABELS[n.status] ?? n.status],
    [
      change?.date ?? "状态变更日期",
      n.status === "expired" ? n.expiresOn : n.statusChangedAt && chinaToday(new Date(n.statusChangedAt)),
    ],
    [change?.reason ?? "原因", change?.reason ? n.reason || "未说明" : undefined],
  ];
  return fields.filter((f): f is [string, string] => Boolean(f[1])).map(([label, value]) => ({ label, value }));
}
