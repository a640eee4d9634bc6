/** Reading cases: the body's list, one case with its trail, and the whole case for a decision. */
import type { SessionUser } from "../../../lib/auth.js";
import { type Page } from "../../../shared/paging.js";
import type { CaseForDecision, CaseIdParams, CaseSummary, CaseView, ListCasesParams } from "../contract.js";
import { Case } from "../entities.js";
import { caseView, loadCase, reviewState, type CasesDeps } from "./records.js";
import { newestFirst } from "../../../lib/paging.js";

/** Cases of the caller's body (admins: any body, or all), newest first. */
export async function listCases(deps: CasesDeps, user: SessionUser, p: ListCasesParams): Promise<Page<CaseSummary>> {
  const where: Record<string, unknown> = {};
  if (user.role !== "admin") where.bodyId = user.bodyId;
  else if (p.bodyId) where.bodyId = p.bodyId;
  if (p.status) where.status = p.status;
  const page = await newestFirst(deps.em(), Case, where, p);
  return {
    items: page.items.map((c) => ({
      id: c.id,
      bodyId: c.bodyId,
      title: c.title,
      category: c.category,
      status: c.status,
      partyName: c.party.name,
      major: c.major,
      resultId: c.resultId,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}

export async function getCase(deps: CasesDeps, user: SessionUser, p: CaseIdParams): Promise<CaseView> {
  const em = deps.em();
  return caseView(em, await loadCase(em, user, p.id));
}

/** For the results service: the whole case, to snapshot into a decision. */
export async function forDecision(deps: CasesDeps, user: SessionUser, p: CaseIdParams): Promise<CaseForDecision> {
  const em = deps.em();
  const c = await loadCase(em, user, p.id);
  // The review round the decision would be checked against, so a preview can say what it lacks.
  const review = await reviewState(em, c.id, c.major);
  return { ...(await caseView(em, c)), latestReview: review.latest ?? null };
}
