import { Migration } from "@mikro-orm/migrations";

/**
 * search_text now holds every public text of a notice (search.ts, noticeSearchParts). The notices'
 * outbox is replayed over the rows the feed has: each row's last event is applied again (same seq)
 * and rewrites its search_text; no row leaves the public lists meanwhile. Should an older feed
 * process still running during a rolling update apply part of the replay, `npm run feed:rebuild`
 * afterwards makes every row current.
 */
export const REPLAY_NOTICES_SQL = `update "feed"."checkpoints" set "seq" = 0 where "source" = 'notices'`;

export class Migration20261206000200_feed_search_fields extends Migration {
  override up(): void {
    this.addSql(REPLAY_NOTICES_SQL);
  }

  override down(): void {
    // Nothing to undo: the older search_text was a subset.
  }
}
