/** The outbox as the feed reads it: changes after a sequence number, each with the record's public view now. */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { EventsSinceParams } from "../../../lib/contract.js";
import { outboxAfter } from "../../../lib/outbox.js";
import type { DutiesEventView } from "../contract.js";
import { DutiesEvent } from "../entities.js";
import { publicViews } from "../repository.js";

export async function eventsSince(em: EntityManager, params: EventsSinceParams): Promise<DutiesEventView[]> {
  const events = await outboxAfter(em, DutiesEvent, params);
  const views = await publicViews(em, events);
  return events.map((e) => ({
    seq: String(e.seq),
    entity: e.entity,
    id: e.entityId,
    at: e.at.toISOString(),
    view: views.get(`${e.entity}:${e.entityId}`) ?? null,
  }));
}
