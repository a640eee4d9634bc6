/** Queries of the duties service and the public shapes of its records. */
import type { EntityManager, FilterQuery } from "@mikro-orm/postgresql";
import { isId } from "../../shared/ids.js";
import { DEFAULT_LIMIT, decodeCursor, likePattern, toPage, type Page } from "../../shared/paging.js";
import { invalid } from "../../lib/errors.js";
import { Body, InspectionItem, Officer, Power, PowerVersion } from "./entities.js";

export interface ListParams {
  q?: string;
  limit?: number;
  cursor?: string;
}

type Keyed = { id: string };
type EntityClass<T> = new () => T;

/**
 * One page of rows in creation order, filtered by `where` and, when `q` is given, by a
 * case-insensitive substring of any of `textFields` (so a 2-character Chinese word matches).
 */
export async function listPage<T extends Keyed>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  textFields: (keyof T & string)[],
  params: ListParams,
): Promise<Page<T>> {
  const limit = params.limit ?? DEFAULT_LIMIT;
  const conditions: FilterQuery<T>[] = [where];
  if (params.cursor !== undefined) {
    const after = decodeCursor(params.cursor, isId);
    if (!after) throw invalid("cursor", "the cursor is not one this list issued");
    conditions.push({ id: { $gt: after } } as unknown as FilterQuery<T>);
  }
  if (params.q) {
    const pattern = likePattern(params.q);
    conditions.push({ $or: textFields.map((f) => ({ [f]: { $ilike: pattern } })) } as FilterQuery<T>);
  }
  const rows = await em.find(entity, { $and: conditions } as FilterQuery<T>, {
    orderBy: { id: "asc" } as never,
    limit: limit + 1,
  });
  return toPage(rows, limit, (r) => r.id);
}

export function bodyView(b: Body) {
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

export function officerView(o: Officer) {
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

export function powerVersionView(v: PowerVersion) {
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
export function powerView(p: Power, current: PowerVersion) {
  return {
    id: p.id,
    bodyId: p.bodyId,
    ...powerVersionView(current),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function currentVersions(em: EntityManager, powers: Power[]): Promise<Map<string, PowerVersion>> {
  if (powers.length === 0) return new Map();
  const versions = await em.find(PowerVersion, {
    $or: powers.map((p) => ({ powerId: p.id, version: p.currentVersion })),
  });
  return new Map(versions.map((v) => [v.powerId, v]));
}

export function inspectionView(i: InspectionItem) {
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
