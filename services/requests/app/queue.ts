/**
 * The body's queue and one request: staff see their own body's requests (admins every body's),
 * the queue by due date — the overdue first, those without a due date (awaiting confirmation or
 * a 补正) last — each with its clock as of today and the applicant masked; one request in full.
 * Reading closes what has lapsed first (app/lapse.ts).
 */
import type { FilterQuery } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import { fieldProblem } from "../../../lib/errors.js";
import { decodeCursor, DEFAULT_LIMIT, toPage, type Page } from "../../../shared/paging.js";
import { isId } from "../../../shared/ids.js";
import {
  REQUEST_FINAL_STATES,
  REQUEST_OPEN_STATES,
  REQUEST_RUNNING_STATES,
  type RequestState,
} from "../../../shared/requests.js";
import type { IdParams, ListParams, RequestDetail, RequestSummary } from "../contract.js";
import { InfoRequest, RequestStep } from "../entities.js";
import { lapseDue, lapseIfDue } from "./lapse.js";
import { loadOwn, todayOf, type RequestsDeps } from "./records.js";
import { clockOf, detailView, summaryView } from "./views.js";

/** A queue position: the due date ("~" for none, which sorts last) and the id. */
interface Position {
  dueBy: string | null;
  id: string;
}

function positionOf(cursor: string): Position {
  const key = decodeCursor(cursor, (k) => /^(\d{4}-\d{2}-\d{2}|~)\|/.test(k) && isId(k.slice(k.indexOf("|") + 1)));
  if (!key) throw fieldProblem("cursor", "BAD_CURSOR", "the cursor is not one this list issued");
  const [due, id] = key.split("|") as [string, string];
  return { dueBy: due === "~" ? null : due, id };
}

function statesOf(state: ListParams["status"]): RequestState[] | undefined {
  if (state === undefined || state === "open") return [...REQUEST_OPEN_STATES];
  if (state === "final") return [...REQUEST_FINAL_STATES];
  if (state === "all") return undefined;
  return [state];
}

export async function list(deps: RequestsDeps, user: SessionUser, p: ListParams): Promise<Page<RequestSummary>> {
  // Officers: their body's requests only (one without a body sees none); admins: all, or one body's.
  const scoped = user.role !== "admin" || p.bodyId !== undefined;
  const bodyId = user.role === "admin" ? p.bodyId : user.bodyId;
  if (!scoped || bodyId) await lapseDue(deps, bodyId ?? undefined);
  const today = todayOf(deps);
  const where: FilterQuery<InfoRequest> & Record<string, unknown> = {};
  if (scoped) where.bodyId = bodyId ?? null;
  const states = statesOf(p.status);
  if (states) where.state = { $in: states };
  if (p.overdue) {
    // Running past its due date (a paused clock is not overdue while paused).
    where.state = { $in: REQUEST_RUNNING_STATES.filter((s) => !states || states.includes(s)) };
    where.dueBy = { $lt: today };
  }
  if (p.cursor) {
    const at = positionOf(p.cursor);
    where.$and = [
      at.dueBy === null
        ? { dueBy: null, id: { $gt: at.id } }
        : { $or: [{ dueBy: { $gt: at.dueBy } }, { dueBy: at.dueBy, id: { $gt: at.id } }, { dueBy: null }] },
    ];
  }
  const limit = p.limit ?? DEFAULT_LIMIT;
  const em = deps.em();
  const rows = await em.find(InfoRequest, where, {
    orderBy: { dueBy: "asc nulls last", id: "asc" } as never,
    limit: limit + 1,
  });
  const page = toPage(rows, limit, (r) => `${r.dueBy ?? "~"}|${r.id}`);
  const steps = page.items.length
    ? await em.find(RequestStep, { requestId: { $in: page.items.map((r) => r.id) } }, { orderBy: { seq: "asc" } })
    : [];
  const calendar = await deps.calendar();
  return {
    items: page.items.map((r) =>
      summaryView(
        r,
        clockOf(
          steps.filter((s) => s.requestId === r.id),
          calendar,
          today,
        ),
      ),
    ),
    nextCursor: page.nextCursor,
  };
}

export async function get(deps: RequestsDeps, user: SessionUser, p: IdParams): Promise<RequestDetail> {
  const r = await loadOwn(deps.em(), user, p.id);
  const em = deps.em();
  const fresh = (await lapseIfDue(deps, r)) ? await em.findOneOrFail(InfoRequest, { id: r.id }) : r;
  return detailView(em, fresh, await deps.calendar(), todayOf(deps));
}
