/** The public shapes of the duties records, as the outbox hands them to the feed. */
import type { EntityManager } from "@mikro-orm/postgresql";
import { publicText } from "../../shared/redaction.js";
import type {
  BodyView,
  DutiesPublicView,
  InspectionItemView,
  OfficerView,
  PowerVersionView,
  PowerView,
  PowerWithHistoryView,
} from "./contract.js";
import { Body, InspectionItem, Officer, Power, PowerVersion, type DutiesEvent } from "./entities.js";

export function bodyView(b: Body): BodyView {
  return {
    id: b.id,
    name: b.name,
    creditCode: b.creditCode,
    region: b.region,
    phone: b.phone,
    address: b.address,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

export function officerView(o: Officer): OfficerView {
  return {
    id: o.id,
    bodyId: o.bodyId,
    name: o.name,
    certificateNo: o.certificateNo,
    fields: o.fields,
    region: o.region,
    status: o.status,
    statusReason: o.statusReason,
    statusChangedAt: o.statusChangedAt.toISOString(),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function powerVersionView(v: PowerVersion): PowerVersionView {
  return {
    version: v.version,
    code: v.code,
    name: v.name,
    category: v.category,
    basis: v.basis,
    standards: v.standards,
    procedure: v.procedure,
    timeLimitDays: v.timeLimitDays,
    remedies: v.remedies,
    supervisionPhone: v.supervisionPhone,
    changeNote: v.changeNote,
    effectiveFrom: v.effectiveFrom.toISOString(),
  };
}

/** A power as the public sees it: its identity plus the content of its current version. */
export function powerView(p: Power, current: PowerVersion): PowerView {
  return {
    id: p.id,
    bodyId: p.bodyId,
    ...powerVersionView(current),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function inspectionView(i: InspectionItem): InspectionItemView {
  return {
    id: i.id,
    bodyId: i.bodyId,
    project: i.project,
    subItem: i.subItem,
    subject: i.subject,
    basis: i.basis,
    method: i.method,
    content: i.content,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

/** A power's current version plus its whole history, newest first. */
export function powerWithHistory(p: Power, history: PowerVersion[]): PowerWithHistoryView {
  const current = history.find((v) => v.version === p.currentVersion) as PowerVersion;
  return { ...powerView(p, current), history: history.map(powerVersionView) };
}

/** The current public view of every record the events name, keyed "entity:id" (deleted ones are absent). */
export async function publicViews(em: EntityManager, events: DutiesEvent[]): Promise<Map<string, DutiesPublicView>> {
  const ids = (entity: string) => [...new Set(events.filter((e) => e.entity === entity).map((e) => e.entityId))];
  const [bodies, officers, powers, inspections] = await Promise.all([
    em.find(Body, { id: { $in: ids("body") } }),
    em.find(Officer, { id: { $in: ids("officer") } }),
    em.find(Power, { id: { $in: ids("power") } }),
    em.find(InspectionItem, { id: { $in: ids("inspection") } }),
  ]);
  const versions = powers.length
    ? await em.find(PowerVersion, { powerId: { $in: powers.map((p) => p.id) } }, { orderBy: { version: "desc" } })
    : [];
  const views = new Map<string, DutiesPublicView>();
  for (const b of bodies) views.set(`body:${b.id}`, bodyView(b));
  // An officer is a natural person: a status reason ("因病…") is masked like any public text.
  for (const o of officers) {
    const view = officerView(o);
    views.set(`officer:${o.id}`, { ...view, statusReason: view.statusReason && publicText(view.statusReason) });
  }
  for (const p of powers) {
    views.set(
      `power:${p.id}`,
      powerWithHistory(
        p,
        versions.filter((v) => v.powerId === p.id),
      ),
    );
  }
  for (const i of inspections) views.set(`inspection:${i.id}`, inspectionView(i));
  return views;
}
