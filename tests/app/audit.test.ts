/**
 * The audit log (lib/audit.ts) in a scratch schema of its own, against the real PostgreSQL: entries
 * land with the unit of work they belong to, list newest first by record, and the table refuses to
 * be rewritten — UPDATE, DELETE and TRUNCATE all fail, even for the service's own connection.
 */
import { Migration } from "@mikro-orm/migrations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTable, auditTableSql, listAudit, recordAudit } from "../../lib/audit.js";
import type { SessionUser } from "../../lib/auth.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";

class AuditScratch extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "audit_scratch"`);
    for (const sql of auditTableSql("audit_scratch")) this.addSql(sql);
  }
}

const table = auditTable();
const officer: SessionUser = { id: "u-1", username: "zhangjg", role: "officer", bodyId: "b-1", officerId: null };
let db: TestOrm;

beforeAll(async () => {
  db = await openTestOrm({
    schema: "audit_scratch",
    entities: [table.schema],
    migrations: [{ name: "AuditScratch", class: AuditScratch }],
  });
});
afterAll(() => db?.close());

describe("the audit log", () => {
  it("records who did what to which record and why, newest first, paged", async () => {
    const em = db.em();
    recordAudit(em, table, officer, {
      action: "identity.view",
      recordType: "request",
      recordId: "r-1",
      reason: "答复前核对身份",
    });
    await em.flush();
    recordAudit(
      em,
      table,
      { id: null, name: "系统", role: null },
      { action: "request.lapse", recordType: "request", recordId: "r-1" },
    );
    recordAudit(em, table, officer, { action: "request.answer", recordType: "request", recordId: "r-2" });
    await em.flush();

    const first = await listAudit(db.em(), table, { recordType: "request", recordId: "r-1", limit: 1 });
    expect(first.items).toEqual([
      expect.objectContaining({
        action: "request.lapse",
        actorId: null,
        actorName: "系统",
        actorRole: null,
        reason: null,
      }),
    ]);
    const second = await listAudit(db.em(), table, { recordId: "r-1", limit: 1, cursor: first.nextCursor as string });
    expect(second.items).toEqual([
      expect.objectContaining({
        action: "identity.view",
        actorId: "u-1",
        actorName: "zhangjg",
        reason: "答复前核对身份",
      }),
    ]);
    expect(second.nextCursor).toBeNull();
    expect((await listAudit(db.em(), table, { actorId: "u-1" })).items.map((e) => e.recordId)).toEqual(["r-2", "r-1"]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    const conn = db.em().getConnection();
    await expect(conn.execute(`update "audit_scratch"."audit_log" set "reason" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`delete from "audit_scratch"."audit_log"`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`truncate "audit_scratch"."audit_log"`)).rejects.toThrow(/append-only/);
    expect((await listAudit(db.em(), table, {})).items).toHaveLength(3);
  });
});
