/**
 * The views of documents: the staff view (drafts too, with the actions open today) and the public
 * view the outbox carries; both read the document's events, 解读 and files together.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import {
  INTERPRETATION_TIMING_LABELS,
  documentActions,
  documentStatus,
  documentStatusHistory,
  statusBanner,
  type DocumentDates,
  type DocumentStatusEvent,
} from "../../../shared/documents.js";
import type {
  DocumentView,
  FileView,
  InterpretationView,
  PublicDocument,
  StaffFileView,
  StatusEventView,
} from "../contract.js";
import { Interpretation, NormativeDocument, StatusEvent, StoredFile } from "../entities.js";

/** Where the public reads a file of a document or consultation. */
export function fileUrl(ownerType: StoredFile["ownerType"], ownerId: string, fileId: string): string {
  return `/api/public/${ownerType === "document" ? "documents" : "consultations"}/${ownerId}/files/${fileId}`;
}

export function fileView(f: StoredFile): FileView {
  return {
    id: f.id,
    purpose: f.purpose,
    name: f.name,
    mediaType: f.mediaType,
    size: f.size,
    sha256: f.sha256,
    url: fileUrl(f.ownerType, f.ownerId, f.id),
  };
}

export function staffFileView(f: StoredFile): StaffFileView {
  return { ...fileView(f), removed: f.removed };
}

/** The dates of a published document (null for a draft). */
export function datesOf(d: NormativeDocument): DocumentDates | null {
  if (d.stage !== "published" || !d.publishedOn || !d.effectiveFrom || !d.validUntil) return null;
  return { publishedOn: d.publishedOn, effectiveFrom: d.effectiveFrom, validUntil: d.validUntil };
}

/** The events as the shared rules read them. */
export function ruleEvents(events: readonly StatusEvent[]): DocumentStatusEvent[] {
  return events.map((e) =>
    e.kind === "repealed"
      ? { kind: "repealed", on: e.on, reason: e.reason ?? "" }
      : e.kind === "amended"
        ? { kind: "amended", on: e.on, amendedBy: e.amendedBy ?? "" }
        : { kind: "reviewed", on: e.on },
  );
}

function eventView(e: StatusEvent): StatusEventView {
  return { kind: e.kind, on: e.on, reason: e.reason, amendedBy: e.amendedBy };
}

function interpretationView(i: Interpretation, files: Map<string, StoredFile>): InterpretationView {
  return {
    id: i.id,
    timing: i.timing,
    timingLabel: INTERPRETATION_TIMING_LABELS[i.timing],
    text: i.text,
    qa: i.qa,
    graphics: i.graphics.flatMap((g) => {
      const f = files.get(g.fileId);
      return f
        ? [{ fileId: f.id, alt: g.alt, mediaType: f.mediaType, url: fileUrl(f.ownerType, f.ownerId, f.id) }]
        : [];
    }),
    draftingUnit: i.draftingUnit,
    interpreter: i.interpreter,
    publishedAt: i.publishedAt?.toISOString() ?? null,
    publishedOn: i.publishedOn,
  };
}

interface Parts {
  events: StatusEvent[];
  interpretations: Interpretation[];
  files: StoredFile[];
}

export async function partsOf(em: EntityManager, documentIds: string[]): Promise<Map<string, Parts>> {
  const [events, interpretations, files] = await Promise.all([
    em.find(StatusEvent, { documentId: { $in: documentIds } }, { orderBy: { documentId: "asc", seq: "asc" } }),
    em.find(Interpretation, { documentId: { $in: documentIds } }, { orderBy: { id: "asc" } }),
    em.find(StoredFile, { ownerType: "document", ownerId: { $in: documentIds } }, { orderBy: { id: "asc" } }),
  ]);
  const parts = new Map<string, Parts>(documentIds.map((id) => [id, { events: [], interpretations: [], files: [] }]));
  for (const e of events) parts.get(e.documentId)?.events.push(e);
  for (const i of interpretations) parts.get(i.documentId)?.interpretations.push(i);
  for (const f of files) parts.get(f.ownerId)?.files.push(f);
  return parts;
}

/** The staff view of a document on `today`. */
export function documentView(d: NormativeDocument, parts: Parts, today: string): DocumentView {
  const dates = datesOf(d);
  const events = ruleEvents(parts.events);
  const status = dates && documentStatus(dates, events, today);
  const byId = new Map(parts.files.map((f) => [f.id, f]));
  return {
    id: d.id,
    bodyId: d.bodyId,
    title: d.title,
    docNumber: d.docNumber,
    registrationNo: d.registrationNo,
    signedOn: d.signedOn,
    publishedOn: d.publishedOn,
    effectiveFrom: d.effectiveFrom,
    validUntil: d.validUntil,
    validityBasis: d.validityBasis,
    text: d.fullText,
    legalBasis: d.legalBasis,
    policy: d.policy,
    waiverReason: d.waiverReason,
    consultationId: d.consultationId,
    disclosureRule: d.disclosureRule === true,
    category: d.category,
    stage: d.stage,
    publishedAt: d.publishedAt?.toISOString() ?? null,
    basisRepealed: d.basisRepealed,
    status: status ?? null,
    history: dates ? documentStatusHistory(dates, events, today) : [],
    banner: statusBanner(status ?? null),
    actions: documentActions({ stage: d.stage, dates, events }, today),
    events: parts.events.map(eventView),
    interpretations: parts.interpretations.map((i) => interpretationView(i, byId)),
    files: parts.files.map(staffFileView),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** The staff view, read fresh. */
export async function loadView(em: EntityManager, d: NormativeDocument, today: string): Promise<DocumentView> {
  const parts = (await partsOf(em, [d.id])).get(d.id) as Parts;
  return documentView(d, parts, today);
}

/**
 * The public view of a published document: its published 解读 only, its attachments (graphics
 * show inside their 解读); null for a draft.
 */
export function publicDocument(d: NormativeDocument, parts: Parts): PublicDocument | null {
  const dates = datesOf(d);
  if (!dates || !d.publishedAt || !d.validityBasis) return null;
  const byId = new Map(parts.files.map((f) => [f.id, f]));
  return {
    id: d.id,
    bodyId: d.bodyId,
    title: d.title,
    docNumber: d.docNumber,
    registrationNo: d.registrationNo,
    signedOn: d.signedOn,
    publishedOn: dates.publishedOn,
    publishedAt: d.publishedAt.toISOString(),
    effectiveFrom: dates.effectiveFrom,
    validUntil: dates.validUntil,
    validityBasis: d.validityBasis,
    text: d.fullText,
    legalBasis: d.legalBasis,
    consultationId: d.consultationId,
    disclosureRule: d.disclosureRule === true,
    category: d.category,
    events: parts.events.map(eventView),
    interpretations: parts.interpretations
      .filter((i) => i.publishedAt !== null)
      .map((i) => interpretationView(i, byId)),
    attachments: parts.files.filter((f) => f.purpose === "attachment").map(fileView),
    updatedAt: d.updatedAt.toISOString(),
  };
}
