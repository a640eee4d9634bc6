/**
 * For the public statistics (reports.stats): which bodies a scope holds — one body, a region's, or
 * every body (then only how many) — and the current names of the powers used most. Register data
 * the portal shows anyway: names, regions, 事项编码.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { PowerNamesParams, PowerNameView, StatsScopeParams, StatsScopeView } from "../contract.js";
import { Body } from "../entities.js";

export async function statsScope(em: EntityManager, p: StatsScopeParams): Promise<StatsScopeView> {
  if (p.bodyId === undefined && p.region === undefined) return { bodies: [], total: await em.count(Body, {}) };
  const where = {
    ...(p.bodyId !== undefined ? { id: p.bodyId } : {}),
    ...(p.region !== undefined ? { region: p.region } : {}),
  };
  const bodies = await em.find(Body, where, { fields: ["id", "name", "region"], orderBy: { name: "asc", id: "asc" } });
  return { bodies: bodies.map((b) => ({ id: b.id, name: b.name, region: b.region })), total: bodies.length };
}

/** The current name of each power (a body's 事项编码) and its body's name; one unknown is left out. */
export async function powerNames(em: EntityManager, p: PowerNamesParams): Promise<PowerNameView[]> {
  if (!p.powers.length) return [];
  return em.getConnection().execute<PowerNameView[]>(
    `select p.body_id as "bodyId", p.code, p.name, b.name as "bodyName"
       from duties.powers p join duties.bodies b on b.id = p.body_id
      where (p.body_id, p.code) in (select x->>'bodyId', x->>'code' from jsonb_array_elements(?::jsonb) x)`,
    [JSON.stringify(p.powers.map(({ bodyId, code }) => ({ bodyId, code })))],
  );
}
