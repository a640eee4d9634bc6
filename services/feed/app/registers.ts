/**
 * The public reads of the 事前公开 registers — bodies, officers, powers, the random-inspection list —
 * and of the public replies to feedback, each answered with the view its owning service published.
 */
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { DEFAULT_LIMIT, likePattern, toPage } from "../../../shared/paging.js";
import { TAKEN_DOWN_STATUSES } from "../../../shared/tombstone.js";
import {
  LISTED_NOTICES_CAP,
  type BodyListParams,
  type BodyPage,
  type BodyView,
  type InspectionItemView,
  type ListedOfficer,
  type ListedPage,
  type OfficerListParams,
  type PowerListParams,
  type RegionCount,
  type ListParams,
  type ListRepliesParams,
  type OfficerView,
  type Page,
  type PowerView,
  type PowerWithHistoryView,
  type PublicBody,
  type PublicFeedback,
} from "../contract.js";
import type { Queryable } from "../search.js";
import { cursorId } from "../../../lib/paging.js";

type Db = { db: Queryable };

/** How a list reads one table: its filters, keyword columns, and what each item adds to the stored view. */
interface TableList {
  table: string;
  where: Record<string, string | undefined>;
  textColumns: string[];
  /** Extra fields of each item, as a SQL json object over the row `t` (the body's name, counts). */
  extra?: string;
}

/**
 * A keyset page of one of the small 事前公开 tables, filtered, with a keyword over some columns, and
 * the total under the same filters (these tables hold hundreds or thousands of rows: an exact count
 * is one index scan).
 */
async function listTable<T>({ db }: Db, list: TableList, p: ListParams): Promise<Page<T> & { total: number }> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(list.where)) {
    if (value === undefined) continue;
    values.push(value);
    conditions.push(`t.${column} = $${values.length}`);
  }
  if (p.q) {
    values.push(likePattern(p.q));
    conditions.push(`(${list.textColumns.map((c) => `t.${c} ilike $${values.length}`).join(" or ")})`);
  }
  const filtered = [...conditions];
  const filterValues = [...values];
  if (p.cursor !== undefined) {
    values.push(cursorId(p.cursor));
    conditions.push(`t.id > $${values.length}`);
  }
  const limit = p.limit ?? DEFAULT_LIMIT;
  values.push(limit + 1);
  const whereOf = (c: string[]) => (c.length ? `where ${c.join(" and ")}` : "");
  const view = list.extra ? `t.view || ${list.extra}` : "t.view";
  const [{ rows }, counted] = await Promise.all([
    db.query<{ id: string; view: T }>(
      `select t.id, ${view} as view from ${list.table} t ${whereOf(conditions)} order by t.id limit $${values.length}`,
      values,
    ),
    db.query<{ total: number }>(
      `select count(*)::int as total from ${list.table} t ${whereOf(filtered)}`,
      filterValues,
    ),
  ]);
  const page = toPage(rows, limit, (r) => r.id);
  return { items: page.items.map((r) => r.view), nextCursor: page.nextCursor, total: counted.rows[0]?.total ?? 0 };
}

/** The name of the body a row belongs to, for lists across bodies. */
const BODY_NAME = `jsonb_build_object('bodyName', (select b.name from feed.bodies b where b.id = t.body_id))`;

/**
 * A body's counts (its roster, 权责清单, inspection list and published notices); `id` is its id
 * column. With `capped`, the notices are counted up to LISTED_NOTICES_CAP + 1 only (a list counts
 * for every body on the page; one body's own page counts exactly).
 */
const bodyCounts = (id: string, capped = false) => {
  const notices = `select 1 from feed.notices n where n.body_id = ${id} and n.status = 'published'`;
  return `jsonb_build_object(
       'officers', (select count(*) from feed.officers o where o.body_id = ${id}),
       'activeOfficers', (select count(*) from feed.officers o where o.body_id = ${id} and o.status = 'active'),
       'powers', (select count(*) from feed.powers p where p.body_id = ${id}),
       'inspections', (select count(*) from feed.inspections i where i.body_id = ${id}),
       'notices', (select count(*) from (${notices}${capped ? ` limit ${LISTED_NOTICES_CAP + 1}` : ""}) c)
     )`;
};

/** One record's published view, or 404 under its kind's name. */
async function viewById<T>({ db }: Db, table: string, kind: string, id: string): Promise<T> {
  const { rows } = await db.query<{ view: T }>(`select view from ${table} where id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError(kind, id);
  return rows[0].view;
}

/** Bodies with their counts (unless `counts` is false), and the regions (with how many bodies each) to filter by. */
export async function listBodies({ db }: Db, p: BodyListParams): Promise<BodyPage> {
  const [page, regions] = await Promise.all([
    listTable<BodyPage["items"][number]>(
      { db },
      {
        table: "feed.bodies",
        where: { region: p.region },
        textColumns: ["name", "credit_code"],
        extra: p.counts === false ? undefined : `jsonb_build_object('counts', ${bodyCounts("t.id", true)})`,
      },
      p,
    ),
    db.query<RegionCount>(
      `select region as value, count(*)::int as count from feed.bodies group by region order by region`,
    ),
  ]);
  return { ...page, regions: regions.rows };
}

/** One body with the size of its roster, 权责清单, inspection list and published notices. */
export async function getBody({ db }: Db, id: string): Promise<PublicBody> {
  const { rows } = await db.query<{ view: BodyView; counts: PublicBody["counts"] }>(
    `select b.view, ${bodyCounts("b.id")} as counts from feed.bodies b where b.id = $1`,
    [id],
  );
  if (!rows[0]) throw new NotFoundError("Body", id);
  return { ...rows[0].view, counts: rows[0].counts };
}

/** Officers across bodies (or of one), each with its body's name, and the total under the filters. */
export function listOfficers(deps: Db, p: OfficerListParams): Promise<ListedPage<OfficerView>> {
  return listTable<ListedOfficer>(
    deps,
    {
      table: "feed.officers",
      where: { body_id: p.bodyId, status: p.status },
      textColumns: ["name", "certificate_no"],
      extra: BODY_NAME,
    },
    p,
  );
}

export function getOfficer(deps: Db, id: string): Promise<OfficerView> {
  return viewById<OfficerView>(deps, "feed.officers", "Officer", id);
}

/** Powers across bodies (or of one), each with its body's name, and the total under the filters. */
export async function listPowers(deps: Db, p: PowerListParams): Promise<ListedPage<PowerView>> {
  const page = await listTable<PowerWithHistoryView & { bodyName: string | null }>(
    deps,
    {
      table: "feed.powers",
      where: { body_id: p.bodyId, category: p.category },
      textColumns: ["name", "code"],
      extra: BODY_NAME,
    },
    p,
  );
  // Lists carry the current version; the history is on the power's own page.
  return { ...page, items: page.items.map(({ history: _history, ...current }) => current) };
}

export function getPower(deps: Db, id: string): Promise<PowerWithHistoryView> {
  return viewById<PowerWithHistoryView>(deps, "feed.powers", "Power", id);
}

export function listInspectionItems(
  deps: Db,
  p: ListParams & { bodyId?: string },
): Promise<Page<InspectionItemView> & { total: number }> {
  return listTable<InspectionItemView>(
    deps,
    { table: "feed.inspections", where: { body_id: p.bodyId }, textColumns: ["project", "sub_item", "content"] },
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
