/**
 * 依申请公开 becoming 主动公开 (Art. 44): an officer links requests that ask for the same information;
 * once three or more different applicants asked for it within twelve months — and it was not
 * withheld from them — a task is raised to consider publishing it actively. An officer closes the
 * task with what was done (published where, or why not).
 */
import type { SessionUser } from "../../../lib/auth.js";
import { ConflictError, fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { addMonths } from "../../../shared/rules.js";
import { newId } from "../../../shared/ids.js";
import { normalizeTrackingCode } from "../../../shared/verify-code.js";
import { answerType } from "../../../shared/requests.js";
import type { DisclosureTaskView, RequestDetail, SameAsParams, TaskDoneParams } from "../contract.js";
import { DisclosureTask, InfoRequest } from "../entities.js";
import { loadOwn, recordStep, actorOf, todayOf, type RequestsDeps } from "./records.js";
import { detailView } from "./views.js";

/** How many different applicants make information "requested by many" (Art. 44 practice). */
export const SAME_INFORMATION_APPLICANTS = 3;
export const SAME_INFORMATION_MONTHS = 12;

/** A request counts unless its answer withheld the information (不予公开, 无法提供, 不予处理, 其他). */
function counts(r: InfoRequest): boolean {
  if (!r.outcomeType) return true;
  const group = answerType(r.outcomeType).group;
  return group === "disclosed" || group === "partly_disclosed";
}

/** Whether some twelve months hold requests of at least three different applicants. */
export function manyAskedWithinAYear(
  requests: readonly Pick<InfoRequest, "applicantKey" | "receivedOn" | "createdAt">[],
): boolean {
  const dated = requests
    .map((r) => ({ key: r.applicantKey, on: r.receivedOn ?? r.createdAt.toISOString().slice(0, 10) }))
    .sort((a, b) => a.on.localeCompare(b.on));
  return dated.some((start) => {
    const end = addMonths(start.on, SAME_INFORMATION_MONTHS);
    const keys = new Set(dated.filter((d) => d.on >= start.on && d.on < end).map((d) => d.key));
    return keys.size >= SAME_INFORMATION_APPLICANTS;
  });
}

export async function linkSameAs(deps: RequestsDeps, user: SessionUser, p: SameAsParams): Promise<RequestDetail> {
  const em = deps.em();
  const a = await loadOwn(em, user, p.id);
  const field = p.otherId ? "otherId" : "otherTrackingCode";
  const code = p.otherTrackingCode ? normalizeTrackingCode(p.otherTrackingCode) : undefined;
  if (!p.otherId && !p.otherTrackingCode) throw fieldProblem("otherId", "required", "name the other request");
  const b = p.otherId
    ? await em.findOne(InfoRequest, { id: p.otherId })
    : code
      ? await em.findOne(InfoRequest, { trackingCode: code })
      : null;
  if (!b || b.bodyId !== a.bodyId) throw fieldProblem(field, "UNKNOWN_REQUEST", "no such request of this body");
  if (b.id === a.id) throw fieldProblem(field, "SAME_REQUEST", "link another request");
  const group = a.sameAs ?? b.sameAs ?? newId();
  await em.transactional(async (tx) => {
    // Two groups become one: every member of either.
    const merged = [a.sameAs, b.sameAs].filter((g): g is string => !!g && g !== group);
    if (merged.length) await tx.nativeUpdate(InfoRequest, { sameAs: { $in: merged } }, { sameAs: group });
    await tx.nativeUpdate(InfoRequest, { id: { $in: [a.id, b.id] } }, { sameAs: group });
    const members = await tx.find(InfoRequest, { sameAs: group });
    const exists = await tx.findOne(DisclosureTask, { groupId: group });
    if (!exists && manyAskedWithinAYear(members.filter(counts))) {
      tx.persist(
        Object.assign(new DisclosureTask(), {
          groupId: group,
          bodyId: a.bodyId,
          raisedAt: deps.now(),
          doneAt: null,
          doneBy: null,
          note: null,
        }),
      );
    }
  });
  for (const id of [a.id, b.id]) {
    await recordStep(deps, id, actorOf(user), () => ({
      kind: "same_as",
      note: `与其他申请所申请的信息相同（${group}）`,
    }));
  }
  const fresh = deps.em();
  return detailView(fresh, await fresh.findOneOrFail(InfoRequest, { id: a.id }), await deps.calendar(), todayOf(deps));
}

async function taskView(deps: RequestsDeps, t: DisclosureTask): Promise<DisclosureTaskView> {
  const members = await deps.em().find(InfoRequest, { sameAs: t.groupId }, { orderBy: { createdAt: "asc" } });
  return {
    groupId: t.groupId,
    bodyId: t.bodyId,
    raisedAt: t.raisedAt.toISOString(),
    doneAt: t.doneAt?.toISOString() ?? null,
    doneBy: t.doneBy,
    note: t.note,
    requests: members.map((r) => ({
      id: r.id,
      trackingCode: r.trackingCode,
      description: Array.from(r.description).slice(0, 200).join(""),
      receivedOn: r.receivedOn,
      outcomeType: r.outcomeType,
    })),
  };
}

/** The tasks of the user's body (all bodies for an administrator), open ones first. */
export async function listTasks(
  deps: RequestsDeps,
  user: SessionUser,
  p: { status?: "open" | "done" | "all" },
): Promise<{ items: DisclosureTaskView[] }> {
  const where: Record<string, unknown> = user.role === "admin" ? {} : { bodyId: user.bodyId ?? "" };
  const status = p.status ?? "open";
  if (status !== "all") where.doneAt = status === "open" ? null : { $ne: null };
  const tasks = await deps.em().find(DisclosureTask, where, { orderBy: { raisedAt: "desc" }, limit: 200 });
  return { items: await Promise.all(tasks.map((t) => taskView(deps, t))) };
}

export async function taskDone(deps: RequestsDeps, user: SessionUser, p: TaskDoneParams): Promise<DisclosureTaskView> {
  const em = deps.em();
  const t = await em.findOne(DisclosureTask, { groupId: p.groupId });
  if (!t || (user.role !== "admin" && user.bodyId !== t.bodyId)) throw new NotFoundError("Disclosure task", p.groupId);
  if (t.doneAt) throw new ConflictError("the task is already closed", "TASK_ALREADY_DONE");
  Object.assign(t, { doneAt: deps.now(), doneBy: user.username, note: p.note });
  await em.flush();
  return taskView(deps, t);
}
