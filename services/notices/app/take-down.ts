/**
 * Taking a notice down: withdrawal (撤下) by the results service, expiry at the end of the
 * publicity period, and the reason a take-down publishes. The status changes; nothing is erased.
 */
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import { ConflictError, NotFoundError } from "../../../lib/errors.js";
import { appendOutbox, nudgeFeed } from "../../../lib/outbox.js";
import { partyNames, redactReason } from "../../../shared/tombstone.js";
import type { Verification, WithdrawParams } from "../contract.js";
import { Notice, NoticeEvent, type NoticeStatus } from "../entities.js";
import type { NoticesDeps } from "./deps.js";
import { formerNames, verification } from "./views.js";

/** Writes one outbox row in the caller's transaction. */
export async function recordEvent(em: EntityManager, type: string, noticeId: string, at: Date): Promise<void> {
  await appendOutbox(em, "notices.outbox", Object.assign(new NoticeEvent(), { type, noticeId, at }));
}

/**
 * A take-down reason as it is stored, and so published: the officer types it, and it may
 * name the party (in this version or an earlier one), another person marked for masking, or
 * personal data. Each masked span is logged with its rule, never its value.
 */
export async function storedReason(
  deps: Pick<NoticesDeps, "em" | "log">,
  reason: string | null,
  n: Notice,
  names: string[],
): Promise<string | null> {
  if (reason === null) return null;
  const all = [...partyNames(n.partyName, n.record), ...names, ...(await formerNames(deps.em, n, true))];
  const { text, redactions } = redactReason(reason, all);
  for (const r of redactions) {
    deps.log.info(`redacted ${r.rule} in the take-down reason of notice ${n.id} at ${r.start}-${r.end}`);
  }
  return text;
}

/** Withdraws a published (or expired) notice with a public reason. Idempotent. */
export async function withdrawNotice(deps: NoticesDeps, p: WithdrawParams): Promise<Verification> {
  const notice = await deps.em.transactional(async (tx) => {
    const n = await tx.findOne(Notice, { id: p.noticeId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!n) throw new NotFoundError("Notice", p.noticeId);
    if (n.status === "withdrawn") return n;
    if (n.status === "corrected") {
      throw new ConflictError("a corrected notice is withdrawn through its successor", "SUPERSEDED");
    }
    const at = deps.now();
    Object.assign(n, {
      status: "withdrawn" as NoticeStatus,
      reason: await storedReason(deps, p.reason, n, p.maskNames ?? []),
      statusChangedAt: at,
    });
    await tx.flush();
    await recordEvent(tx, "withdrawn", n.id, at);
    return n;
  });
  await nudgeFeed(deps.caller, "notices");
  return verification(notice, deps.today());
}

/** Marks notices whose publicity period has ended as expired, 500 at a time; answers how many. */
export async function expireDue(deps: NoticesDeps): Promise<number> {
  const today = deps.today();
  const expired = await deps.em.transactional(async (tx) => {
    const due = await tx.find(
      Notice,
      { status: "published", expiresOn: { $lt: today } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, limit: 500 },
    );
    for (const n of due) {
      const at = deps.now();
      Object.assign(n, { status: "expired" as NoticeStatus, statusChangedAt: at });
      await recordEvent(tx, "expired", n.id, at);
    }
    return due;
  });
  if (expired.length) {
    deps.log.info(`${expired.length} notice(s) reached the end of their publicity period`);
    await nudgeFeed(deps.caller, "notices");
  }
  return expired.length;
}
