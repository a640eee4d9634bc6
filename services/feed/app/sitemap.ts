/**
 * What the search engines' sitemaps list: every public page's record with the time it last
 * changed. Notices are split by month of publication (China's calendar date); bodies, powers,
 * 规范性文件, consultations, the bodies' 政府信息公开 pages and annual reports each have their own
 * files; no file holds more than the sitemap protocol's 50 000 URLs — a month or register with
 * more is continued in `-2`, `-3`… files.
 */
import { NotFoundError } from "../../../lib/errors.js";
import type { SitemapEntry, SitemapFile } from "../contract.js";
import type { Queryable } from "../search.js";

/** The sitemap protocol's limit of URLs in one file. */
export const SITEMAP_MAX_URLS = 50_000;

type Db = { db: Queryable };

/** A notice changes when it is published and when its status changes (withdrawn, corrected, expired). */
const NOTICE_LASTMOD = "greatest(published_at, coalesce(status_changed_at, published_at))";

/** The registers with public pages, by file name: their table. */
const REGISTERS = {
  bodies: "feed.bodies",
  powers: "feed.powers",
  documents: "feed.documents",
  consultations: "feed.consultations",
  /** Each body's 政府信息公开 platform page. */
  openness: "feed.bodies",
  reports: "feed.reports",
} as const;

/** `notices-2024-04`, `notices-2024-04-2`, `bodies`, `powers-3`: the file names the portal serves. */
export const SITEMAP_FILE =
  /^(?:notices-(\d{4})-(0[1-9]|1[0-2])|(bodies|powers|documents|consultations|openness|reports))(?:-([2-9]|[1-9]\d{1,3}))?$/;

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The files of the sitemap index, notices oldest month first, each with its newest change. */
function split(base: string, count: number, lastmod: Date | string | null): SitemapFile[] {
  const parts = Math.max(1, Math.ceil(count / SITEMAP_MAX_URLS));
  return Array.from({ length: parts }, (_, i) => ({
    name: i === 0 ? base : `${base}-${i + 1}`,
    lastmod: iso(lastmod),
  }));
}

export async function sitemapFiles({ db }: Db): Promise<{ files: SitemapFile[] }> {
  const { rows: months } = await db.query<{ month: string; n: number; lastmod: Date }>(
    `select to_char(published_on, 'YYYY-MM') as month, count(*)::int as n, max(${NOTICE_LASTMOD}) as lastmod
     from feed.notices group by 1 order by 1`,
  );
  const files = months.flatMap((m) => split(`notices-${m.month}`, m.n, m.lastmod));
  for (const [name, table] of Object.entries(REGISTERS)) {
    const { rows } = await db.query<{ n: number; lastmod: string | null }>(
      `select count(*)::int as n, max(view->>'updatedAt') as lastmod from ${table}`,
    );
    const { n, lastmod } = rows[0] ?? { n: 0, lastmod: null };
    if (n > 0) files.push(...split(name, n, lastmod));
  }
  return { files };
}

/** The records of one sitemap file, or 404 for a file the index does not list. */
export async function sitemapEntries({ db }: Db, file: string): Promise<{ items: SitemapEntry[] }> {
  const match = SITEMAP_FILE.exec(file);
  if (!match) throw new NotFoundError("sitemap", file);
  const [, year, month, register, part] = match;
  const offset = (Number(part ?? 1) - 1) * SITEMAP_MAX_URLS;
  let rows: { id: string; lastmod: Date | string | null }[];
  if (register && Object.hasOwn(REGISTERS, register)) {
    ({ rows } = await db.query(
      `select id, view->>'updatedAt' as lastmod from ${REGISTERS[register as keyof typeof REGISTERS]} order by id offset $1 limit $2`,
      [offset, SITEMAP_MAX_URLS],
    ));
  } else {
    const first = `${year}-${month}-01`;
    ({ rows } = await db.query(
      `select id, ${NOTICE_LASTMOD} as lastmod from feed.notices
       where published_on >= $1::date and published_on < $1::date + interval '1 month'
       order by published_on, id offset $2 limit $3`,
      [first, offset, SITEMAP_MAX_URLS],
    ));
  }
  if (rows.length === 0) throw new NotFoundError("sitemap", file);
  return { items: rows.map((r) => ({ id: r.id, lastmod: iso(r.lastmod) })) };
}
