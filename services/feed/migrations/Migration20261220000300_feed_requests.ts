import { Migration } from "@mikro-orm/migrations";

/**
 * Requests for government information as the public statistics need them (the requests service's
 * outbox): body, the applicant's report column, dates, outcome and working days used — never who
 * applied or what they asked.
 */
export class Migration20261220000300_feed_requests extends Migration {
  override up(): void {
    this.addSql(`create table "feed"."requests" (
      "id" text primary key,
      "body_id" text not null,
      "applicant_kind" text not null,
      "channel" text not null,
      "status" text not null,
      "received_on" date null,
      "due_by" date null,
      "outcome_type" text null,
      "outcome_on" date null,
      "late" boolean not null default false,
      "working_days_used" integer null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_requests_body_idx" on "feed"."requests" ("body_id", "received_on")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "feed"."requests"`);
  }
}
