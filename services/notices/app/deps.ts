/** What the notices use cases are given: the request's EntityManager, the clock, and their ports. */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Caller } from "../../../lib/contract.js";
import type { Signers } from "../../../lib/signing.js";
import type { Storage } from "../../../lib/storage.js";
import type { RenderPool } from "../render-pool.js";

export interface NoticesDeps {
  em: EntityManager;
  /** The instant of a change (status changes, outbox rows, publication). */
  now(): Date;
  /** Today in China, YYYY-MM-DD: when a publicity period ends. */
  today(): string;
  /** Links printed on notices and in their public views start here. */
  publicBaseUrl: string;
  /** Reaches the feed (feed.catchUp) after a change commits. */
  caller: Caller;
  log: { info(message: string): void };
}

/** Issuing also renders, signs and stores the PDF. */
export interface IssueDeps extends NoticesDeps {
  storage: Storage;
  renderPool: Pick<RenderPool, "renderAndSign">;
  signers: Signers;
  /** The signature's location (签章地点). */
  signingLocation: string;
}
