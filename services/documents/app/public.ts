/**
 * What the feed pulls: the outbox after a sequence number, each row with its record's public view
 * now (a draft has none): documents, consultations and the bodies' 政府信息公开指南.
 */
import type { EventsSinceParams } from "../../../lib/contract.js";
import { outboxAfter } from "../../../lib/outbox.js";
import type { DocumentsChange } from "../contract.js";
import { Consultation, DocumentsEvent, NormativeDocument } from "../entities.js";
import { publicConsultation } from "./consultation-views.js";
import { publicGuides } from "./guides.js";
import type { DocumentsDeps } from "./deps.js";
import { partsOf, publicDocument } from "./views.js";

export async function eventsSince(deps: DocumentsDeps, p: EventsSinceParams): Promise<DocumentsChange[]> {
  const em = deps.em();
  const events = await outboxAfter(em, DocumentsEvent, p);
  const ids = (entity: DocumentsEvent["entity"]) => [
    ...new Set(events.filter((e) => e.entity === entity).map((e) => e.entityId)),
  ];
  const documentIds = ids("document");
  const [documents, consultations, parts, guides] = await Promise.all([
    em.find(NormativeDocument, { id: { $in: documentIds } }),
    em.find(Consultation, { id: { $in: ids("consultation") } }),
    partsOf(em, documentIds),
    publicGuides(em, ids("guide")),
  ]);
  const documentViews = new Map(documents.map((d) => [d.id, publicDocument(d, parts.get(d.id) as never)]));
  const consultationViews = new Map<string, Awaited<ReturnType<typeof publicConsultation>>>();
  for (const c of consultations) consultationViews.set(c.id, await publicConsultation(em, c));
  return events.map((e): DocumentsChange => {
    const seq = String(e.seq);
    if (e.entity === "document")
      return { seq, entity: "document", id: e.entityId, view: documentViews.get(e.entityId) ?? null };
    if (e.entity === "guide") return { seq, entity: "guide", id: e.entityId, view: guides.get(e.entityId) ?? null };
    return { seq, entity: "consultation", id: e.entityId, view: consultationViews.get(e.entityId) ?? null };
  });
}
