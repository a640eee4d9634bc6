/**
 * The public reads of the 事前公开 registers — bodies, officers, powers, the random-inspection list —
 * and of the public replies to feedback, each answered with the view its owning service published.
 */
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { DEFAULT_LIMIT, likePattern, toPage } from "../../../shared/paging.js";
import { TAKEN_DOWN_STATUSES } from "../../../shared/tombstone.js";
import type {
  BodyView,
  InspectionItemView,
  ListParams,
  ListRepliesParams,
  OfficerView,
  Page,
  PowerView,
  PowerWithHistoryView,
  PublicBody,
  PublicFeedback,
} from "../contract.js";
import type { Queryable } from "../search.js";
import { cursorId } from "../../../lib/paging.js";

type Db = { db: Queryable };

/** A keyset page of one of the small 事前公开 tables, filtered, with a keyword over some columns. */
async function listTable<T>(
  { db }: Db,
  table: string,
  where: Record<string, string | undefined>,
  textColumns: string[],
  p: ListParams,
): Promise<Page<T>> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(where)) {
    if (value === undefined) continue;
    values.push(value);
    conditions.push(`${column} = $${values.length}`);
  }
  if (p.q) {
    values.push(likePattern(p.q));
    conditions.push(`(${textColumns.map((c) => `${c} ilike $${values.length}`).join(" or ")})`);
  }
  if (p.cursor !== undefined) {
    values.push(cursorId(p.cursor));
    conditions.push(`id > $${values.length}`);
  }
  const limit = p.limit ?? DEFAULT_LIMIT;
  values.push(limit + 1);
  const { rows } = await db.query<{ id: string; view: T }>(
    `select id, view from ${table} ${conditions.length ? `where ${conditions.join(" and ")}` : ""}
     order by id limit $${values.length}`,
    values,
  );
  const page = toPage(rows, limit, (r) => r.id);
  return { items: page.items.map((r) => r.view), nextCursor: page.nextCursor };
}

/** One record's published view, or 404 under its kind's name. */
async function viewById<T>({ db }: Db, table: string, kind: string, id: string): Promise<T> {
  const { rows } = await db.query<{ view: T }>(`select view from ${table} where id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError(kind, id);
  return rows[0].view;
}

export function listBodies(deps: Db, p: ListParams & { region?: string }): Promise<Page<BodyView>> {
  return listTable<BodyView>(deps, "feed.bodies", { region: p.region }, ["name", "credit_code"], p);
}

/** One body with the size of its roster, 权责清单, inspection list and published notices. */
export async function getBody({ db }: Db, id: string): Promise<PublicBody> {
  const { rows } = await db.query<{ view: BodyView; counts: PublicBody["counts"] }>(
    `select b.view, json_build_object(
       'officers', (select count(*) from feed.officers o where o.body_id = b.id),
       'activeOfficers', (select count(*) from feed.officers o where o.body_id = b.id and o.status = 'active'),
       'powers', (select count(*) from feed.powers p where p.body_id = b.id),
       'inspections', (select count(*) from feed.inspections i where i.body_id = b.id),
       'notices', (select count(*) from feed.notices n where n.body_id = b.id and n.status = 'published')
     ) as counts
     from feed.bodies b where b.id = $1`,
    [id],
  );
  if (!rows[0]) throw new NotFoundError("Body", id);
  return { ...rows[0].view, counts: rows[0].counts };
}

export function listOfficers(
  deps: Db,
  p: ListParams & { bodyId?: string; status?: string },
): Promise<Page<OfficerView>> {
  return listTable<OfficerView>(
    deps,
    "feed.officers",
    { body_id: p.bodyId, status: p.status },
    ["name", "certificate_no"],
    p,
  );
}

export function getOfficer(deps: Db, id: string): Promise<OfficerView> {
  return viewById<OfficerView>(deps, "feed.officers", "Officer", id);
}

export async function listPowers(
  deps: Db,
  p: ListParams & { bodyId?: string; category?: string },
): Promise<Page<PowerView>> {
  const page = await listTable<PowerWithHistoryView>(
    deps,
    "feed.powers",
    { body_id: p.bodyId, category: p.category },
    ["name", "code"],
    p,
  );
  // Lists carry the current version; the history is on the power's own page.
  return { ...page, items: page.items.map(({ history: _history, ...current }) => current) };
}

export function getPower(deps: Db, id: string): Promise<PowerWithHistoryView> {
  return viewById<PowerWithHistoryView>(deps, "feed.powers", "Power", id);
}

export function listInspectionItems(deps: Db, p: ListParams & { bodyId?: string }): Promise<Page<InspectionItemView>> {
  return listTable<InspectionItemView>(
    deps,
    "feed.inspections",
    { body_id: p.bodyId },
    ["project", "sub_item", "content"],
    p,
  );
}

/** Public replies, about one target or one body, newest first. */
export async function listReplies({ db }: Db, p: ListRepliesParams): Promise<{ items: PublicFeedback[] }> {
  const { targetType, targetId, bodyId } = p;
  if (!!targetType !== !!targetId) {
    throw fieldProblem("targetId", "TARGET_INCOMPLETE", "targetType and targetId go together");
  }
  // A reply about a notice taken down (撤下) is taken down with it: it may repeat its facts or party.
  const { rows } = await db.query<{ view: PublicFeedback }>(
    `select r.view from feed.replies r
     where ($1::text is null or (r.target_type = $1 and r.target_id = $2)) and ($3::text is null or r.body_id = $3)
       and not exists (select 1 from feed.notices n
                       where r.target_type = 'notice' and n.id = r.target_id and n.status = any($5::text[]))
     order by r.replied_at desc limit $4`,
    [targetType ?? null, targetId ?? null, bodyId ?? null, p.limit ?? DEFAULT_LIMIT, [...TAKEN_DOWN_STATUSES]],
  );
  return { items: rows.map((r) => r.view) };
}
