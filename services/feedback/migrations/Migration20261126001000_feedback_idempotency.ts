import { Migration } from "@mikro-orm/migrations";

/** A client's Idempotency-Key: a retried submission returns the first one's tracking code. */
export class Migration20261126001000_feedback_idempotency extends Migration {
  override up(): void {
    this.addSql(`alter table "feedback"."feedback" add column "idempotency_key" text null`);
    this.addSql(
      `create unique index "feedback_idempotency_unique" on "feedback"."feedback" ("client_key", "idempotency_key") where "idempotency_key" is not null`,
    );
  }

  override down(): void {
    this.addSql(`alter table "feedback"."feedback" drop column "idempotency_key"`);
  }
}
