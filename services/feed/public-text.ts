/**
 * The feed's own pass of the redaction module over every event it applies. The writers already
 * publish masked text; this pass makes the read model (lists, search index, Atom, CSV, replies)
 * follow the current rules whatever a writer sent — a notice published before a rule existed is
 * re-masked by `POST /api/feed/rebuild`. Masked text passes unchanged (the pass is idempotent).
 */
import { DECISION_REDACTION_SPEC, publicText, redactRecord } from "../../shared/redaction.js";
import type {
  DocumentsEventIn,
  DutiesEventIn,
  EventIn,
  InspectionsEventIn,
  NoticeEventIn,
  ReplyEventIn,
  Source,
} from "./read-model.js";

/** A plan's officer-written text (results' summaries, a correction's reason) masked again on the way in. */
export function publicInspectionEvent(e: InspectionsEventIn): InspectionsEventIn {
  const v = e.view as InspectionsEventIn["view"] & { corrects?: { planId: string; reason: string } | null };
  const selected =
    v.selected?.map((s) => {
      const result = s.result as ({ summary?: unknown } & NonNullable<typeof s.result>) | null | undefined;
      return result ? { ...s, result: { ...result, summary: masked(result.summary) } } : s;
    }) ?? null;
  const corrects = v.corrects ? { ...v.corrects, reason: masked(v.corrects.reason) as string } : v.corrects;
  return { ...e, view: { ...v, selected, ...(v.corrects !== undefined ? { corrects } : {}) } };
}

const masked = (text: unknown, keep: string[] = []): unknown =>
  typeof text === "string" && text !== "" ? publicText(text, { keep }) : text;

export function publicNoticeEvent(e: NoticeEventIn): NoticeEventIn {
  const n = e.notice;
  // a tombstone may carry no record at all
  const record =
    typeof n.record === "object" && n.record !== null
      ? redactRecord(n.record, DECISION_REDACTION_SPEC).value
      : n.record;
  const title = typeof record?.title === "string" ? record.title : masked(n.title, n.partyName ? [n.partyName] : []);
  return { ...e, notice: { ...n, record, title: title as string, reason: masked(n.reason) as string | null } };
}

export function publicReplyEvent(e: ReplyEventIn): ReplyEventIn {
  if (!e.view) return e;
  const view = e.view as NonNullable<ReplyEventIn["view"]> & { content?: unknown; reply?: unknown };
  const publicView: typeof view = { ...view, content: masked(view.content), reply: masked(view.reply) };
  return { ...e, view: publicView };
}

export function publicDutiesEvent(e: DutiesEventIn): DutiesEventIn {
  if (e.entity !== "officer" || !e.view) return e;
  const view = e.view as { statusReason?: unknown };
  return { ...e, view: { ...view, statusReason: masked(view.statusReason) } };
}

/** A consultation's public comments are masked again; a document is an official text, published as issued. */
export function publicDocumentsEvent(e: DocumentsEventIn): DocumentsEventIn {
  if (e.entity !== "consultation" || !e.view || !Array.isArray(e.view.comments)) return e;
  const comments = (e.view.comments as { content?: unknown }[]).map((c) => ({ ...c, content: masked(c.content) }));
  return { ...e, view: { ...e.view, comments } };
}

/** An event as the public may see it. */
export function publicEvent(source: Source, e: EventIn): EventIn {
  if (source === "notices") return publicNoticeEvent(e as NoticeEventIn);
  if (source === "documents") return publicDocumentsEvent(e as DocumentsEventIn);
  if (source === "feedback") return publicReplyEvent(e as ReplyEventIn);
  // Counts and dates only: the requests service sends no text and no identity (RequestChange).
  if (source === "requests") return e;
  // Counts, amounts and the body's own published text: the reports service gathers nothing personal.
  if (source === "reports") return e;
  if (source === "inspections") return publicInspectionEvent(e as InspectionsEventIn);
  return publicDutiesEvent(e as DutiesEventIn);
}
