import { Migration } from "@mikro-orm/migrations";

/**
 * Search structures on feed.notices, applied after the base table (services/feed/search.ts says how
 * they are used, bench/SEARCH-NOTES.md why and what they cost). Every statement is idempotent. Part
 * of this frozen migration: a change is a new migration, never an edit here. The bench and the
 * search tests build their tables with the same statements.
 */
export const SEARCH_SQL: string[] = [
  // Every walk reads search_text of each row it passes: pglz makes that ~3 µs a row (more than the
  // LIKE), lz4 ~10× less. Only values written afterwards change; a server built without lz4 keeps pglz.
  `do $$ begin
    alter table feed.notices alter column search_text set compression lz4;
  exception when feature_not_supported or invalid_parameter_value then null;
  end $$`,
  // GIN columns for kind and body_id beside the bigrams, so the index intersects them itself.
  `create extension if not exists btree_gin`,
  // Every character bigram of s (two passes of non-overlapping pairs: from the 1st and the 2nd
  // character). Duplicates stay: GIN removes them. Bigrams spanning the spaces between fields are
  // never searched for. It is what the index holds, so the query side (bigramsOf) must agree.
  `create or replace function feed.bigrams(s text) returns text[]
    language sql immutable strict parallel safe cost 1000
    as $$ select array(select m[1] from regexp_matches(s, '(..)', 'g') m
                       union all select m[1] from regexp_matches(substr(s, 2), '(..)', 'g') m) $$`,
  // fastupdate off: a pending list would be scanned by every search; a notice is published once.
  `create index if not exists notices_search_idx on feed.notices
    using gin (feed.bigrams(search_text), kind, body_id) with (fastupdate = off)`,
  // The rows holding all keys (and the kind / body when given) by the GIN bitmap alone, whatever
  // the estimates: a big estimate would otherwise bring a btree walk computing bigrams per row, a
  // parallel plan or a JIT compile, each far slower than the bitmap. Dynamic SQL gets a plan for
  // the actual values; work_mem keeps the bitmap exact (a lossy page rechecks bigrams per row).
  // Only the narrow sort key is read here; search.ts fetches whole rows by ctid, newest first.
  `create or replace function feed.bigram_matches(keys text[], p_kind text default null, p_body text default null)
    returns table (t tid, at timestamptz, id text) language plpgsql stable rows 100
    set jit = off set enable_seqscan = off set enable_indexscan = off set enable_indexonlyscan = off
    set enable_tidscan = off set max_parallel_workers_per_gather = 0 set work_mem = '64MB'
    as $$
    begin
      return query execute 'select ctid, published_at, id from feed.notices where feed.bigrams(search_text) @> $1'
        || case when p_kind is null then '' else ' and kind = $2' end
        || case when p_body is null then '' else ' and body_id = $3' end
        using keys, p_kind, p_body;
    end $$`,
  // Element statistics of the bigrams are how search.ts tells rare words from frequent ones.
  `alter index feed.notices_search_idx alter column 1 set statistics 1000`,
  // Walks: newest first, overall, per body, per kind, and for callers asking only for non-published.
  `create index if not exists notices_date_idx on feed.notices (published_at desc, id desc)`,
  // All columns descending, so a row comparison (body_id, published_at, id) < (…) bounds the walk.
  `create index if not exists notices_body_date_idx on feed.notices (body_id desc, published_at desc, id desc)`,
  `create index if not exists notices_kind_date_idx on feed.notices (kind desc, published_at desc, id desc)`,
  `create index if not exists notices_unpublished_date_idx on feed.notices (published_at desc, id desc)
    where status <> 'published'`,
];

/** The public read model: built only from the owning services' outboxes, never from their tables. */
export class Migration20261126000700_feed extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "feed"`);
    this.addSql(`create table "feed"."checkpoints" ("source" text primary key, "seq" bigint not null default 0)`);
    this.addSql(`create table "feed"."bodies" (
      "id" text primary key,
      "name" text not null,
      "credit_code" text not null,
      "region" text not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create table "feed"."officers" (
      "id" text primary key,
      "body_id" text not null,
      "name" text not null,
      "certificate_no" text not null,
      "status" text not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_officers_body_idx" on "feed"."officers" ("body_id", "id")`);
    this.addSql(`create table "feed"."powers" (
      "id" text primary key,
      "body_id" text not null,
      "code" text not null,
      "name" text not null,
      "category" text not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_powers_body_idx" on "feed"."powers" ("body_id", "id")`);
    this.addSql(`create table "feed"."inspections" (
      "id" text primary key,
      "body_id" text not null,
      "project" text not null,
      "sub_item" text null,
      "content" text not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_inspections_body_idx" on "feed"."inspections" ("body_id", "id")`);
    this.addSql(`create table "feed"."notices" (
      "id" text primary key,
      "result_id" text not null,
      "version" int not null,
      "body_id" text not null,
      "body_name" text not null,
      "kind" text not null,
      "status" text not null,
      "title" text not null,
      "decision_no" text not null,
      "decided_on" date not null,
      "published_at" timestamptz not null,
      "published_on" date not null,
      "expires_on" date not null,
      "status_changed_at" timestamptz null,
      "reason" text null,
      "predecessor_id" text null,
      "successor_id" text null,
      "party_name" text not null,
      "verify_code" text not null,
      "sha256" text not null,
      "record" jsonb not null,
      "search_text" text not null,
      "seq" bigint not null
    )`);
    for (const sql of SEARCH_SQL) this.addSql(sql);
  }

  override down(): void {
    this.addSql(`drop schema if exists "feed" cascade`);
  }
}
