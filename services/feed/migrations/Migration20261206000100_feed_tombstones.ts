import { Migration } from "@mikro-orm/migrations";

/**
 * Notices taken down (withdrawn, corrected, expired) are kept as tombstones only. Rows written
 * before that still hold their whole record: replay the notices outbox once, which rewrites every
 * notice from its current public view (the upsert accepts an event whose seq equals the row's).
 */
export class Migration20261206000100_feed_tombstones extends Migration {
  override up(): void {
    this.addSql(`update "feed"."checkpoints" set "seq" = 0 where "source" = 'notices'`);
  }

  override down(): void {
    // Nothing to undo: the replay leaves rows the previous code reads as well.
  }
}
