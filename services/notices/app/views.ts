/** The notice as each reader sees it: the issuer, the public (feed), and whoever verifies it. */
import type { EntityManager } from "@mikro-orm/postgresql";
import { isTakenDown, partyNames, publicNoticeView } from "../../../shared/tombstone.js";
import type { IssuedNotice, NoticePublicView, Verification } from "../contract.js";
import { Notice } from "../entities.js";

export function issuedView(n: Notice): IssuedNotice {
  return {
    noticeId: n.id,
    verifyCode: n.verifyCode,
    sha256: n.sha256,
    publishedAt: n.publishedAt.toISOString(),
    expiresOn: n.expiresOn,
  };
}

/** What the public may see of a notice: the whole record while published, a tombstone once taken down. */
export function publicView(n: Notice, publicBaseUrl: string, formerNames: string[] = []): NoticePublicView {
  return publicNoticeView(
    {
      id: n.id,
      resultId: n.resultId,
      version: n.version,
      bodyId: n.bodyId,
      bodyName: n.bodyName,
      kind: n.kind,
      title: n.title,
      decisionNo: n.decisionNo,
      decidedOn: n.decidedOn,
      partyName: n.partyName as string | null,
      record: n.record,
      status: n.status,
      reason: n.reason,
      statusChangedAt: n.statusChangedAt?.toISOString() ?? null,
      predecessorId: n.predecessorId,
      successorId: n.successorId,
      verifyCode: n.verifyCode,
      sha256: n.sha256,
      publishedAt: n.publishedAt.toISOString(),
      expiresOn: n.expiresOn,
      pdfUrl: `${publicBaseUrl}/api/public/notices/${n.id}/pdf` as string | null,
      verifyUrl: `${publicBaseUrl}/verify/${n.verifyCode}`,
    },
    formerNames,
  );
}

/** The title and reason a notice shows now: a tombstone masks the party's names in them. */
export function shownTitleAndReason(n: Notice, formerNames: string[]): { title: string; reason: string | null } {
  return publicNoticeView(
    { title: n.title, partyName: n.partyName, record: n.record, status: n.status, reason: n.reason },
    formerNames,
  );
}

/** The answer of verification (see Verification in the contract). */
export function verification(n: Notice, today: string, formerNames: string[] = []): Verification {
  const { title, reason } = shownTitleAndReason(n, formerNames);
  return {
    valid: true,
    authentic: true,
    current: n.status === "published" && n.expiresOn >= today,
    status: n.status,
    noticeId: n.id,
    sha256: n.sha256,
    publishedAt: n.publishedAt.toISOString(),
    expiresOn: n.expiresOn,
    title,
    bodyName: n.bodyName,
    decisionNo: n.decisionNo,
    ...(reason ? { reason } : {}),
    ...(n.successorId ? { successorId: n.successorId } : {}),
    ...(n.statusChangedAt ? { statusChangedAt: n.statusChangedAt.toISOString() } : {}),
  };
}

/**
 * The party's names in the earlier versions of a notice taken down (a title may still carry them);
 * `evenIfPublished`: of a notice being taken down now.
 */
export async function formerNames(em: EntityManager, n: Notice, evenIfPublished = false): Promise<string[]> {
  const names: string[] = [];
  const seen = new Set([n.id]);
  let id = evenIfPublished || isTakenDown(n.status) ? n.predecessorId : null;
  while (id && !seen.has(id)) {
    seen.add(id);
    const older = await em.findOne(Notice, { id });
    if (!older) break;
    names.push(...partyNames(older.partyName, older.record));
    id = older.predecessorId;
  }
  return names;
}
