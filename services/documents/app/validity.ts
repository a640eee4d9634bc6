/**
 * Validity after publication: 废止 and 已修改 recorded by an officer, 清理 (reviewed and still fit)
 * and the basis-repealed flag, the 清理 view, and the automatic 失效 the day after the last valid
 * day — computed on every read, and announced to the feed by a timer so the public lists and
 * the Atom feed show it with its date.
 */
import { LockMode } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import { fieldProblem } from "../../../lib/errors.js";
import { chinaToday } from "../../../shared/dates.js";
import {
  appendStatusEvent,
  checkPublished,
  cleanupView,
  type DocumentDates,
  type DocumentStatusEvent,
} from "../../../shared/documents.js";
import type {
  AmendParams,
  BasisParams,
  CleanupItem,
  CleanupParams,
  DocumentView,
  RepealParams,
  ReviewParams,
} from "../contract.js";
import { NormativeDocument, StatusEvent } from "../entities.js";
import { commitChange, loadDocument, refusing, type DocumentsDeps } from "./deps.js";
import { get } from "./documents.js";
import { datesOf, partsOf, ruleEvents } from "./views.js";

/** Appends one status event after the shared gate (its values 422, the document's state 409). */
async function record(
  deps: DocumentsDeps,
  user: SessionUser,
  id: string,
  event: DocumentStatusEvent,
): Promise<DocumentView> {
  const found = await loadDocument(deps.em(), user, id);
  refusing(() => checkPublished(found.stage));
  if (event.kind === "amended" && event.amendedBy !== found.id) {
    const amending = await deps.em().findOne(NormativeDocument, { id: event.amendedBy, stage: "published" });
    if (!amending) {
      throw fieldProblem("amendedBy", "UNKNOWN_DOCUMENT", "no published document of this register has this id");
    }
  }
  const today = chinaToday(deps.now());
  await commitChange(deps, [["document", found.id]], async (tx) => {
    const d = await tx.findOneOrFail(NormativeDocument, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const events = await tx.find(StatusEvent, { documentId: d.id }, { orderBy: { seq: "asc" } });
    const next = appendStatusEvent(datesOf(d) as DocumentDates, ruleEvents(events), event, {
      today,
      documentId: d.id,
    }).at(-1) as DocumentStatusEvent;
    tx.persist(
      Object.assign(new StatusEvent(), {
        documentId: d.id,
        seq: events.length + 1,
        kind: next.kind,
        on: next.on,
        reason: next.kind === "repealed" ? next.reason : null,
        amendedBy: next.kind === "amended" ? next.amendedBy : null,
        actorId: user.id,
        at: deps.now(),
      }),
    );
    d.updatedAt = deps.now();
  });
  return get(deps, user, { id: found.id });
}

/** 废止, from a date, for a public reason. */
export function repeal(deps: DocumentsDeps, user: SessionUser, p: RepealParams): Promise<DocumentView> {
  return record(deps, user, p.id, { kind: "repealed", on: p.on, reason: p.reason });
}

/** 已修改 by another published document. */
export function amend(deps: DocumentsDeps, user: SessionUser, p: AmendParams): Promise<DocumentView> {
  return record(deps, user, p.id, { kind: "amended", on: p.on, amendedBy: p.amendedBy });
}

/** 清理: reviewed and still fit (经清理继续有效); resets the review clock. */
export function review(deps: DocumentsDeps, user: SessionUser, p: ReviewParams): Promise<DocumentView> {
  return record(deps, user, p.id, { kind: "reviewed", on: p.on });
}

/** Marks (or clears) that the document's basis was repealed: the 清理 view lists it. Not public. */
export async function setBasis(deps: DocumentsDeps, user: SessionUser, p: BasisParams): Promise<DocumentView> {
  const em = deps.em();
  const d = await loadDocument(em, user, p.id);
  Object.assign(d, { basisRepealed: p.repealed, updatedAt: deps.now() });
  await em.flush();
  return get(deps, user, { id: d.id });
}

/**
 * The 清理 view of a body (an officer's own; an admin's choice, or every body): published
 * documents in force expiring within 180 days, not reviewed for 2 years, or whose basis was repealed.
 */
export async function cleanup(
  deps: DocumentsDeps,
  user: SessionUser,
  p: CleanupParams,
): Promise<{ asOf: string; items: CleanupItem[] }> {
  const em = deps.em();
  const bodyId = user.role === "admin" ? p.bodyId : (user.bodyId ?? "");
  const documents = await em.find(NormativeDocument, {
    stage: "published",
    ...(bodyId === undefined ? {} : { bodyId }),
  });
  const parts = await partsOf(
    em,
    documents.map((d) => d.id),
  );
  const asOf = chinaToday(deps.now());
  const candidates = documents.map((d) => ({
    d,
    dates: datesOf(d) as DocumentDates,
    events: ruleEvents(parts.get(d.id)?.events ?? []),
    basisRepealed: d.basisRepealed,
  }));
  return {
    asOf,
    items: cleanupView(candidates, asOf).map(({ document: { d, dates }, reasons }) => ({
      id: d.id,
      title: d.title,
      docNumber: d.docNumber,
      registrationNo: d.registrationNo,
      publishedOn: dates.publishedOn,
      validUntil: dates.validUntil,
      reasons,
    })),
  };
}

/**
 * Announces to the feed each published document whose validity ended (失效 from the day after its
 * last valid day), 500 at a time; answers how many. Its status is computed on read either way:
 * this makes the public lists, the search and the Atom feed carry the change.
 */
export async function expireDue(deps: DocumentsDeps): Promise<number> {
  const today = chinaToday(deps.now());
  const due = await deps
    .em()
    .find(NormativeDocument, { stage: "published", lapseAnnounced: false, validUntil: { $lt: today } }, { limit: 500 });
  if (!due.length) return 0;
  await commitChange(
    deps,
    due.map((d) => ["document", d.id]),
    async (tx) => {
      await tx.nativeUpdate(
        NormativeDocument,
        { id: { $in: due.map((d) => d.id) }, lapseAnnounced: false },
        { lapseAnnounced: true, updatedAt: deps.now() },
      );
    },
  );
  deps.log.info(`${due.length} document(s) reached the end of their validity (失效)`);
  return due.length;
}
