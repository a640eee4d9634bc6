/**
 * The audit log any service keeps in its own schema: who did what to which record, when, and why.
 * Every step on a record holding personal data and every look at that data is one entry; opening
 * an applicant's identity asks for a reason first. Entries are append-only: the table's trigger
 * refuses UPDATE, DELETE and TRUNCATE, so not even the service itself can rewrite its past.
 * Administrators read it (each service that keeps one serves it under its admin routes).
 *
 * A service uses it in three places: `auditTable()` among its entities, `auditTableSql(schema)`
 * in a migration, and `recordAudit` / `listAudit` in its use cases.
 */
import { EntitySchema, type EntityManager } from "@mikro-orm/postgresql";
import { newId } from "../shared/ids.js";
import type { SessionUser } from "./auth.js";
import { newestFirst } from "./paging.js";

export class AuditEntry {
  id!: string;
  at!: Date;
  /** Null for the public (an applicant sending a 补正) or the platform itself (a timer). */
  actorId!: string | null;
  actorName!: string;
  actorRole!: string | null;
  /** What was done: `identity.view`, `request.answer`, … */
  action!: string;
  recordType!: string;
  recordId!: string;
  /** Why, in the actor's words: required when personal data is opened. */
  reason!: string | null;
}

/** One service's audit table: a class and schema of its own, so several services share a process. */
export interface AuditTable {
  entity: new () => AuditEntry;
  schema: EntitySchema<AuditEntry>;
}

export function auditTable(): AuditTable {
  // Named: MikroORM names an entity by its class (see lib/rate-limit.ts rateHitTable).
  const entity = class AuditLogEntry extends AuditEntry {};
  const schema = new EntitySchema<AuditEntry>({
    class: entity,
    tableName: "audit_log",
    properties: {
      id: { type: "string", primary: true },
      at: { type: "Date" },
      actorId: { type: "string", nullable: true },
      actorName: { type: "string" },
      actorRole: { type: "string", nullable: true },
      action: { type: "string" },
      recordType: { type: "string" },
      recordId: { type: "string" },
      reason: { type: "text", nullable: true },
    },
  });
  return { entity, schema };
}

/**
 * The audit table's DDL (version 1) for a migration of the service owning `schema`. Frozen like a
 * committed migration: a later change is a new function and a new migration, never an edit here.
 */
export function auditTableSql(schema: string): string[] {
  const table = `"${schema}"."audit_log"`;
  return [
    `create table ${table} (
      "id" text primary key,
      "at" timestamptz not null,
      "actor_id" text null,
      "actor_name" text not null,
      "actor_role" text null,
      "action" text not null,
      "record_type" text not null,
      "record_id" text not null,
      "reason" text null
    )`,
    `create index "audit_log_record_idx" on ${table} ("record_type", "record_id", "at")`,
    `create function "${schema}"."audit_log_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit log is append-only' using errcode = 'P0001';
      end
    $$`,
    `create trigger "audit_log_append_only" before update or delete on ${table}
      for each row execute function "${schema}"."audit_log_append_only"()`,
    `create trigger "audit_log_no_truncate" before truncate on ${table}
      for each statement execute function "${schema}"."audit_log_append_only"()`,
  ];
}

export interface AuditInput {
  action: string;
  recordType: string;
  recordId: string;
  reason?: string | null;
}

/** Who acted: a signed-in user, or a named non-user (申请人, 系统) without id and role. */
export type AuditActor = SessionUser | { id: string | null; name: string; role: string | null };

/** Adds one entry (flushed with the unit of work it joins: the step and its entry land together). */
export function recordAudit(em: EntityManager, table: AuditTable, actor: AuditActor, input: AuditInput): AuditEntry {
  const entry = new table.entity();
  Object.assign(entry, {
    id: newId(),
    at: new Date(),
    actorId: actor.id,
    actorName: "username" in actor ? actor.username : actor.name,
    actorRole: actor.role,
    action: input.action,
    recordType: input.recordType,
    recordId: input.recordId,
    reason: input.reason ?? null,
  });
  em.persist(entry);
  return entry;
}

export interface AuditQuery {
  recordType?: string;
  recordId?: string;
  actorId?: string;
  action?: string;
  limit?: number;
  cursor?: string;
}

export interface AuditView {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  actorRole: string | null;
  action: string;
  recordType: string;
  recordId: string;
  reason: string | null;
}

/** Entries newest first, filtered, paged by cursor. */
export async function listAudit(
  em: EntityManager,
  table: AuditTable,
  q: AuditQuery,
): Promise<{ items: AuditView[]; nextCursor: string | null }> {
  const where: Record<string, unknown> = {};
  for (const key of ["recordType", "recordId", "actorId", "action"] as const) if (q[key]) where[key] = q[key];
  const page = await newestFirst(em, table.entity, where, { limit: q.limit, cursor: q.cursor });
  return {
    items: page.items.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorName: e.actorName,
      actorRole: e.actorRole,
      action: e.action,
      recordType: e.recordType,
      recordId: e.recordId,
      reason: e.reason,
    })),
    nextCursor: page.nextCursor,
  };
}
