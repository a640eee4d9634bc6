/**
 * The 政府信息公开指南 of each body (条例 Art. 12): its officers (admins: any body's) write a new
 * version of the whole text; every version is kept and the current one is published at once
 * through the outbox, like a document. Reviewers and other bodies' officers may not touch it (403).
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../../../lib/errors.js";
import { normalizeGuideText } from "../../../shared/documents.js";
import type { EditGuideParams, GuideParams } from "../guide-contract.js";
import type { GuideVersionView, GuideView, PublicGuide } from "../views.js";
import { Guide } from "../entities.js";
import { commitChange, refusing, type DocumentsDeps } from "./deps.js";
import { requireBody } from "./documents.js";

/** A body's guide is its own officers' (admins: anyone's); anyone else is refused before any read. */
function checkGuideAccess(user: SessionUser, bodyId: string, write: boolean): void {
  if (user.role === "admin") return;
  if (user.bodyId !== bodyId || (write && user.role !== "officer")) {
    throw new ForbiddenError("谁公开谁负责: only the body's own officers keep its guide", "OTHER_BODY");
  }
}

/** The body must exist: an unknown body has no guide page (404). */
async function requireGuideBody(deps: DocumentsDeps, bodyId: string): Promise<void> {
  try {
    await requireBody(deps, bodyId);
  } catch (err) {
    if ((err as { type?: string }).type === "UNKNOWN_BODY" || (err as { code?: number }).code === 422) {
      throw new NotFoundError("Body", bodyId);
    }
    throw err;
  }
}

function versionView(g: Guide): GuideVersionView {
  return { version: g.version, text: g.text, editedBy: g.editedBy, createdAt: g.createdAt.toISOString() };
}

async function versionsOf(em: EntityManager, bodyId: string): Promise<Guide[]> {
  return em.find(Guide, { bodyId }, { orderBy: { version: "desc" } });
}

function guideView(bodyId: string, versions: Guide[]): GuideView {
  const views = versions.map(versionView);
  return { bodyId, current: views[0] ?? null, versions: views };
}

export async function getGuide(deps: DocumentsDeps, user: SessionUser, p: GuideParams): Promise<GuideView> {
  checkGuideAccess(user, p.bodyId, false);
  await requireGuideBody(deps, p.bodyId);
  return guideView(p.bodyId, await versionsOf(deps.em(), p.bodyId));
}

/** A new version of the whole text (422 GUIDE_EMPTY for a blank one); the same text again changes nothing. */
export async function editGuide(deps: DocumentsDeps, user: SessionUser, p: EditGuideParams): Promise<GuideView> {
  checkGuideAccess(user, p.bodyId, true);
  const text = refusing(() => normalizeGuideText(p.text));
  await requireGuideBody(deps, p.bodyId);
  const current = (await versionsOf(deps.em(), p.bodyId))[0];
  if (current?.text === text) return getGuide(deps, user, { bodyId: p.bodyId });
  await commitChange(deps, [["guide", p.bodyId]], async (tx) => {
    // Two editors at once: the primary key (body, version) lets one of them in; the other is told.
    const last = await tx.findOne(Guide, { bodyId: p.bodyId }, { orderBy: { version: "desc" } });
    tx.persist(
      Object.assign(new Guide(), {
        bodyId: p.bodyId,
        version: (last?.version ?? 0) + 1,
        text,
        editedBy: user.id,
        createdAt: deps.now(),
      }),
    );
  }).catch((err: unknown) => {
    if (isUniqueViolation(err)) {
      throw new ConflictError("the guide was changed meanwhile: read it again", "GUIDE_EDITED_MEANWHILE");
    }
    throw err;
  });
  return getGuide(deps, user, { bodyId: p.bodyId });
}

/** The public view the outbox carries: the current text and the dates of every version; null before the first. */
export async function publicGuides(em: EntityManager, bodyIds: string[]): Promise<Map<string, PublicGuide>> {
  const rows = await em.find(Guide, { bodyId: { $in: bodyIds } }, { orderBy: { bodyId: "asc", version: "desc" } });
  const views = new Map<string, PublicGuide>();
  for (const g of rows) {
    const view = views.get(g.bodyId);
    if (view) view.versions.push({ version: g.version, publishedAt: g.createdAt.toISOString() });
    else
      views.set(g.bodyId, {
        bodyId: g.bodyId,
        version: g.version,
        text: g.text,
        updatedAt: g.createdAt.toISOString(),
        versions: [{ version: g.version, publishedAt: g.createdAt.toISOString() }],
      });
  }
  return views;
}
