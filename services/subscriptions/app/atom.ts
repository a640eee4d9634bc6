/**
 * A subscription's private Atom feed: the changes it matched, newest first, each entry one change
 * (its own id, so a withdrawal after a publication is a second entry a reader shows).
 */
import { atomDocument } from "../../../shared/atom.js";
import { NotFoundError } from "../../../lib/errors.js";
import {
  CHANGE_TYPE_LABELS,
  changeTitle,
  describeFilter,
  recordPath,
  type ChangeType,
} from "../../../shared/subscriptions.js";
import type { SubscriptionsDeps } from "./deps.js";
import { RETENTION } from "./prune.js";
import { linksOf, sameToken, type SubscriptionRow } from "./store.js";

export async function subscriptionAtom(deps: SubscriptionsDeps, id: string, token: string): Promise<string> {
  const { rows } = await deps.db.query<SubscriptionRow>(`select * from subscriptions.subscriptions where id = $1`, [
    id,
  ]);
  const sub = rows[0];
  if (!sub?.feed_token || sub.status === "unsubscribed" || !sameToken(sub.feed_token, token)) {
    throw new NotFoundError("Subscription");
  }
  const { rows: items } = await deps.db.query<{
    id: string;
    type: ChangeType;
    record_id: string;
    changed_at: Date;
    payload: { data: { bodyName?: string; kind?: string; reason?: string | null } & object };
  }>(
    `select d.id, d.type, d.record_id, d.changed_at, c.payload
       from subscriptions.deliveries d join subscriptions.changes c on c.seq = d.change_seq
      where d.subscription_id = $1 order by d.change_seq desc limit $2`,
    [id, RETENTION.feedEntries],
  );
  const base = deps.publicBaseUrl;
  const self = linksOf(base, sub).atom as string;
  return atomDocument({
    id: `urn:uuid:${sub.id}`,
    title: "行政执法公示订阅",
    subtitle: describeFilter(sub.filter),
    self,
    site: `${base}/`,
    language: "zh-CN",
    rights: "依法公开的政府信息",
    generator: "执法公示",
    entries: items.map((d) => {
      const data = d.payload.data;
      const label = CHANGE_TYPE_LABELS[d.type];
      return {
        id: `urn:zfgs:delivery:${d.id}`,
        title: `【${label}】${changeTitle({ data, recordId: d.record_id })}`,
        link: `${base}${recordPath(d.type, d.record_id)}`,
        updated: d.changed_at,
        published: d.changed_at,
        summary: [label, data.kind, data.reason].filter(Boolean).join(" · "),
        author: data.bodyName ?? "执法公示",
        category: label,
      };
    }),
  });
}
