/**
 * Recording the result of inspecting a drawn entity (检查结果): a drawn plan's entity, inspected
 * between the draw and today; public at once with the plan (and logged), due within 20 working days
 * of the inspection (a result recorded later says so: `late`). Recording again corrects it.
 */
import type { SessionUser } from "../../../lib/auth.js";
import { assertActsForBody } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { ConflictError, dependencyCall, fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { nudgeFeed } from "../../../lib/outbox.js";
import { workingCalendar } from "../../../lib/working-calendar.js";
import { chinaToday } from "../../../shared/dates.js";
import { normalizeCreditCode } from "../../../shared/identifiers.js";
import {
  checkInspectedOn,
  checkNoticeLink,
  ResultRefusal,
  RESULT_WORKING_DAYS,
} from "../../../shared/inspections/results.js";
import { feed } from "../../feed/contract.js";
import type { PublicPlan, RecordResultParams } from "../contract.js";
import { inTransaction, type InspectionsDeps } from "./deps.js";
import { appendEvent, getPlanView } from "./plans.js";
import { planRow } from "./views.js";

function refusing<T>(step: () => T): T {
  try {
    return step();
  } catch (err: unknown) {
    if (err instanceof ResultRefusal) throw fieldProblem(err.field, err.type, err.message, err.values);
    throw err;
  }
}

/** A linked notice must be one of the body's published notices. */
async function checkNotice(deps: InspectionsDeps, bodyId: string, noticeId: string): Promise<void> {
  const notice = await dependencyCall("feed", () =>
    call(deps.caller, feed.getNotice, { id: noticeId }).catch((err: unknown) => {
      if (err instanceof NotFoundError || (err as { code?: number }).code === 404) return null;
      throw err;
    }),
  );
  if (!notice || notice.bodyId !== bodyId) {
    throw fieldProblem("noticeId", "RESULT_NOTICE_UNKNOWN", "not a published notice of the body");
  }
}

export async function recordResult(
  deps: InspectionsDeps,
  user: SessionUser,
  p: RecordResultParams,
): Promise<PublicPlan> {
  const creditCode = normalizeCreditCode(p.creditCode);
  const today = chinaToday(deps.now());
  const first = await planRow(deps.db, p.id);
  if (!first) throw new NotFoundError("Plan", p.id);
  assertActsForBody(user, first.body_id);
  refusing(() => checkNoticeLink(p.outcome, p.noticeId));
  if (p.noticeId) await checkNotice(deps, first.body_id, p.noticeId);
  const calendar = await workingCalendar(deps);
  const dueOn = calendar.workingDaysAfter(p.inspectedOn, RESULT_WORKING_DAYS).date;
  await inTransaction(deps, async (client) => {
    const plan = await planRow(client, p.id, true);
    if (!plan) throw new NotFoundError("Plan", p.id);
    if (plan.status !== "drawn" || !plan.selected || !plan.drawn_at) {
      throw new ConflictError("results are recorded for a drawn plan's entities", "PLAN_NOT_DRAWN");
    }
    if (!plan.selected.some((s) => s.creditCode === creditCode)) {
      throw fieldProblem("creditCode", "RESULT_NOT_DRAWN", "not an entity this plan drew");
    }
    refusing(() => checkInspectedOn(p.inspectedOn, chinaToday(plan.drawn_at as Date), today));
    await client.query(
      `insert into inspections.results (plan_id, credit_code, outcome, inspected_on, summary, notice_id, due_on, late,
         recorded_by, recorded_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       on conflict (plan_id, credit_code) do update set outcome = excluded.outcome, inspected_on = excluded.inspected_on,
         summary = excluded.summary, notice_id = excluded.notice_id, due_on = excluded.due_on,
         updated_at = excluded.updated_at`,
      [
        p.id,
        creditCode,
        p.outcome,
        p.inspectedOn,
        p.summary ?? "",
        p.noticeId ?? null,
        dueOn,
        today > dueOn,
        user.id,
        deps.now(),
      ],
    );
    await client.query(`update inspections.plans set updated_at = $2 where id = $1`, [p.id, deps.now()]);
    await appendEvent(deps, client, p.id);
  });
  await nudgeFeed(deps.caller, "inspections");
  return getPlanView(deps, p.id);
}
