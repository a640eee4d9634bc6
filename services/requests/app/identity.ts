/**
 * The applicant's identity is personal data (Art. 29 asks for it; nobody else needs it): the body's
 * staff see it masked, and open it whole only by giving a reason, which the audit log keeps with
 * who and when. Administrators read the audit log (every step is in it too).
 */
import { listAudit, recordAudit, type AuditQuery, type AuditView } from "../../../lib/audit.js";
import type { SessionUser } from "../../../lib/auth.js";
import type { OpenedIdentity, OpenIdentityParams } from "../contract.js";
import { AUDIT } from "../entities.js";
import { loadOwn, type RequestsDeps } from "./records.js";
import { applicantView } from "./views.js";

export async function openIdentity(
  deps: RequestsDeps,
  user: SessionUser,
  p: OpenIdentityParams,
): Promise<OpenedIdentity> {
  const em = deps.em();
  const r = await loadOwn(em, user, p.id);
  const entry = recordAudit(em, AUDIT, user, {
    action: "identity.view",
    recordType: "request",
    recordId: r.id,
    reason: p.reason,
  });
  // The look is recorded before the identity leaves: no entry, no identity.
  await em.flush();
  return { applicant: applicantView(r.applicant), openedAt: entry.at.toISOString() };
}

export function auditLog(
  deps: RequestsDeps,
  q: AuditQuery,
): Promise<{ items: AuditView[]; nextCursor: string | null }> {
  return listAudit(deps.em(), AUDIT, q);
}
