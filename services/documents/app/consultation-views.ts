/**
 * The views of consultations: the staff view (every comment with its contact) and the public view
 * (comments only once published by moderation, masked: the commenter's own contact too, in any
 * form). The final document links back once published.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { CONSULTATION_KIND_LABELS, windowPhase } from "../../../shared/documents.js";
import { contactSecrets, publicText } from "../../../shared/redaction.js";
import type { AdoptionView, ConsultationView, PublicConsultation } from "../contract.js";
import { Comment, Consultation, NormativeDocument, StoredFile } from "../entities.js";
import { fileView, staffFileView } from "./views.js";

/** A comment as the public may read it: personal data masked, and the sender's own contact wherever it appears. */
export function publicComment(content: string, contact: string | null): string {
  return publicText(content, { secrets: contactSecrets(contact) });
}

function adoptionView(c: Consultation): AdoptionView | null {
  if (!c.adoption || !c.adoptionReportedAt || !c.adoptionReportedOn) return null;
  return {
    ...c.adoption,
    notAdoptedTotal: c.adoption.notAdopted.reduce((sum, g) => sum + g.count, 0),
    reportedOn: c.adoptionReportedOn,
    reportedAt: c.adoptionReportedAt.toISOString(),
  };
}

interface Parts {
  comments: Comment[];
  files: StoredFile[];
  finalDocumentId: string | null;
}

async function partsOf(em: EntityManager, c: Consultation): Promise<Parts> {
  const [comments, files, final] = await Promise.all([
    em.find(Comment, { consultationId: c.id }, { orderBy: { id: "asc" } }),
    em.find(StoredFile, { ownerType: "consultation", ownerId: c.id }, { orderBy: { id: "asc" } }),
    em.findOne(NormativeDocument, { consultationId: c.id, stage: "published" }, { orderBy: { publishedAt: "asc" } }),
  ]);
  return { comments, files, finalDocumentId: final?.id ?? null };
}

function common(c: Consultation, parts: Parts) {
  return {
    id: c.id,
    bodyId: c.bodyId,
    title: c.title,
    kind: c.kind,
    kindLabel: CONSULTATION_KIND_LABELS[c.kind],
    draftText: c.draftText,
    explanation: c.explanation,
    basis: c.basis,
    opensOn: c.opensOn,
    closesOn: c.closesOn,
    minimumClosesOn: c.minimumClosesOn,
    shortReason: c.shortReason,
    hearing: c.hearing,
    adoption: adoptionView(c),
    finalDocumentId: parts.finalDocumentId,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export async function consultationView(em: EntityManager, c: Consultation, now: Date): Promise<ConsultationView> {
  const parts = await partsOf(em, c);
  return {
    ...common(c, parts),
    phase: windowPhase(c, now),
    comments: parts.comments.map((m) => ({
      id: m.id,
      content: m.content,
      contact: m.contact,
      status: m.status,
      moderatedAt: m.moderatedAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
    })),
    files: parts.files.map(staffFileView),
  };
}

/** The public view: published comments only, masked; contact never. */
export async function publicConsultation(em: EntityManager, c: Consultation): Promise<PublicConsultation> {
  const parts = await partsOf(em, c);
  return {
    ...common(c, parts),
    comments: parts.comments
      .filter((m) => m.status === "published")
      .map((m) => ({ id: m.id, content: publicComment(m.content, m.contact), createdAt: m.createdAt.toISOString() })),
    attachments: parts.files.filter((f) => f.purpose === "attachment").map(fileView),
  };
}
