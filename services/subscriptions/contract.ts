/**
 * The subscriptions' contract (issue 20): subscribing by e-mail, webhook or private Atom feed, the
 * subscriber's management by token (view with the delivery log, unsubscribe, one-click unsubscribe,
 * replay), e-mail confirmation; and the internal passes the timer runs (tests run them at a fake time).
 */
import { action } from "../../lib/contract.js";
import { arr, INT, json, literal, MAP, media, nullable, obj, oneOf, opt, STR } from "../../lib/replies.js";
import { CHANNELS, FREQUENCIES, type Channel, type Frequency } from "../../shared/subscriptions.js";
import { ID } from "../../shared/validation.js";
import type { DeliveryLogEntry, Subscribed, SubscriptionView } from "./app/subscribe.js";

export type { DeliveryLogEntry, Subscribed, SubscriptionView };

const TOKEN = { type: "string", min: 16, max: 100, pattern: "^[A-Za-z0-9_-]+$" };
const ISO_TIME = { type: "date", convert: true };

const VIEW_FIELDS = {
  id: STR,
  channel: oneOf([...CHANNELS, "websub"]),
  status: oneOf(["pending", "active", "disabled", "unsubscribed"]),
  statusReason: nullable(STR),
  target: nullable(STR),
  filter: MAP,
  description: STR,
  frequency: nullable(oneOf(FREQUENCIES)),
  createdAt: STR,
  activeSince: nullable(STR),
  failingSince: nullable(STR),
  feedUrl: opt(STR),
};
const VIEW = obj(VIEW_FIELDS);

export interface SubscribeParams {
  channel: Channel;
  target?: string;
  contact?: string;
  filter?: object;
  frequency?: Frequency;
}

export const subscriptions = {
  subscribe: action<SubscribeParams, Subscribed>(
    "subscriptions.subscribe",
    {
      channel: { type: "enum", values: [...CHANNELS] },
      target: { type: "string", optional: true, max: 2000 },
      contact: { type: "string", optional: true, max: 320 },
      // Checked attribute by attribute (shared/subscriptions.ts checkFilter): an unknown one is refused, not dropped.
      filter: { type: "object", optional: true },
      frequency: { type: "enum", values: [...FREQUENCIES], optional: true },
    },
    json(obj({ ...VIEW_FIELDS, manageToken: opt(STR), manageUrl: opt(STR), secret: opt(STR) })),
  ),
  confirm: action<{ token: string }, SubscriptionView>("subscriptions.confirm", { token: TOKEN }, json(VIEW)),
  get: action<{ id: string; token: string }, { subscription: SubscriptionView; deliveries: DeliveryLogEntry[] }>(
    "subscriptions.get",
    { id: ID, token: TOKEN },
    json(
      obj({
        subscription: VIEW,
        deliveries: arr(
          obj({
            id: STR,
            type: STR,
            recordId: STR,
            changedAt: STR,
            status: STR,
            attempts: INT,
            nextAttemptAt: nullable(STR),
            lastStatus: nullable(INT),
            lastError: nullable(STR),
            deliveredAt: nullable(STR),
          }),
        ),
      }),
    ),
  ),
  setFrequency: action<{ id: string; token: string; frequency: Frequency }, SubscriptionView>(
    "subscriptions.setFrequency",
    { id: ID, token: TOKEN, frequency: { type: "enum", values: [...FREQUENCIES] } },
    json(VIEW),
  ),
  unsubscribe: action<{ id: string; token: string }, SubscriptionView>(
    "subscriptions.unsubscribe",
    { id: ID, token: TOKEN },
    json(VIEW),
  ),
  /** RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` to the List-Unsubscribe URI. */
  oneClickUnsubscribe: action<{ id: string; token: string }, SubscriptionView>(
    "subscriptions.oneClickUnsubscribe",
    { id: ID, token: TOKEN },
    json(VIEW),
  ),
  replay: action<{ id: string; token: string; since: Date }, { requeued: number; status: "active" }>(
    "subscriptions.replay",
    { id: ID, token: TOKEN, since: ISO_TIME },
    json(obj({ requeued: INT, status: literal("active") })),
  ),
  atom: action<{ id: string; token: string }, string>(
    "subscriptions.atom",
    { id: ID, token: TOKEN },
    media("application/atom+xml", "The subscription's private Atom 1.0 feed"),
  ),
  /** A WebSub subscriber's request (the hub's form fields, as the portal's /websub route reads them). */
  hub: action<
    { mode: "subscribe" | "unsubscribe"; topic: string; callback: string; leaseSeconds?: number; secret?: string },
    { accepted: true }
  >("subscriptions.hub", {
    mode: { type: "enum", values: ["subscribe", "unsubscribe"] },
    topic: { type: "string", min: 1, max: 2000 },
    callback: { type: "string", min: 1, max: 2000 },
    leaseSeconds: { type: "number", integer: true, min: 1, max: 10 * 365 * 86_400, convert: true, optional: true },
    secret: { type: "string", min: 1, max: 1000, optional: true },
  }),
  /** Matches the feed's new changes and sends what is due at `now` (a test's fake clock) or now. */
  tick: action<{ now?: Date }, { matched: number; delivered: number }>("subscriptions.tick", {
    now: { ...ISO_TIME, optional: true },
  }),
};
