/**
 * 事前公开 over the real stack, split in two processes joined by NATS: the gateway in one,
 * accounts and duties in the other, on a fresh PostgreSQL database and a real S3 server.
 */
import os from "node:os";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../lib/database.js";
import { freePort } from "../../lib/embedded.js";
import { DATABASE } from "../../services/duties/database.js";
import { normalizedCertificateNoSql } from "../../services/duties/migrations/Migration20261206001200_identifier_trim.js";
import { normalizeCertificateNo } from "../../shared/identifiers.js";
import {
  ADMIN_PASSWORD,
  createDatabase,
  startPlatform,
  startProcess,
  stopProcess,
  waitReady,
  type Api,
  type ApiResponse,
  type Platform,
} from "../support/platform.js";
import { badCheckChar, creditCode, fullWidth, powerInput } from "../support/fixtures.js";

let platform: Platform;
let api: Api;
let admin: string;
let bodyA: { id: string };
let bodyB: { id: string };
let officerA: string; // token of an officer account of body A
let reviewerA: string;

async function count(url: string): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const res: ApiResponse = await api.get(
      `${url}${url.includes("?") ? "&" : "?"}limit=100${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(res.status).toBe(200);
    n += res.body.items.length;
    cursor = res.body.nextCursor;
  } while (cursor);
  return n;
}

beforeAll(async () => {
  platform = await startPlatform([
    "gateway",
    "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  api = platform.api;
  admin = await api.login("admin", ADMIN_PASSWORD);
  bodyA = (await api.post("/api/bodies", { name: "浙江省民政厅", creditCode: creditCode(), region: "浙江省" }, admin))
    .body;
  bodyB = (await api.post("/api/bodies", { name: "杭州市民政局", creditCode: creditCode(), region: "杭州市" }, admin))
    .body;
  for (const [username, role] of [
    ["officer.a", "officer"],
    ["reviewer.a", "reviewer"],
  ]) {
    const res = await api.post(
      "/api/users",
      { username, password: "officer-pass-1", displayName: username, role, bodyId: bodyA.id },
      admin,
    );
    expect(res.status).toBe(201);
  }
  officerA = await api.login("officer.a", "officer-pass-1");
  reviewerA = await api.login("reviewer.a", "officer-pass-1");
});

afterAll(async () => {
  await platform?.stop();
});

describe("operations", () => {
  it("serves /metrics on METRICS_PORT only, without the OS user, home directory or addresses", async () => {
    expect((await api.get("/metrics")).status).toBe(404);
    const res = await fetch(`http://127.0.0.1:${platform.env.METRICS_PORT}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/^# TYPE \w+ (gauge|counter|histogram)/m);
    expect(text).toMatch(/^process_memory_rss\{/m);
    expect(text).not.toMatch(/^(os_user_|os_network_|os_hostname|process_arguments)/m);
    expect(text).not.toMatch(/^(process_pid|process_ppid|os_release|os_cpu_info_)/m);
    expect(text).not.toContain(`"${os.homedir()}"`);
    expect(text).not.toContain(`${os.homedir()}/`);
    expect(text).not.toContain(`value="${os.userInfo().username}"`);
    const addresses = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a?.address as string);
    for (const address of addresses) expect(text).not.toContain(address);
    expect((await fetch(`http://127.0.0.1:${platform.env.METRICS_PORT}/api/public/bodies`)).status).toBe(404);
  });

  it("a gateway whose METRICS_PORT is taken logs one warning and serves without metrics", async () => {
    const port = await freePort();
    // The first gateway holds METRICS_PORT on 127.0.0.1 (METRICS_HOST's default).
    const gateway = startProcess("gateway-metrics-taken", {
      ...platform.env,
      SERVICES: "gateway",
      PORT: String(port),
      METRICS_PORT: platform.env.METRICS_PORT as string,
      NODE_ID: `gw-metrics-${platform.env.NAMESPACE}`,
    });
    try {
      await waitReady(`http://127.0.0.1:${port}`, [gateway]);
      expect((await fetch(`http://127.0.0.1:${port}/api/public/bodies`)).status).toBe(200);
      const warnings = gateway.output
        .join("")
        .match(/Metrics not served: cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/g);
      expect(warnings, gateway.output.join("")).toHaveLength(1);
      expect(gateway.child.exitCode).toBeNull();
    } finally {
      await stopProcess(gateway);
    }
  });

  it("answers health, readiness and the OpenAPI document", async () => {
    type Operation = { responses: Record<string, { content?: unknown }> };
    expect((await api.get("/health/live")).status).toBe(200);
    const ready = await api.get("/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ database: { ok: true }, storage: { ok: true }, nats: { ok: true } });
    const doc = await api.get("/api/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const createBody = doc.body.paths["/api/bodies"].post;
    expect(createBody.requestBody.content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["name", "creditCode", "region"]),
    );
    expect(doc.body.paths["/api/public/powers/{id}"].get.parameters[0]).toMatchObject({ name: "id", in: "path" });
    expect(doc.body.paths["/api/users"].post.security).toEqual([{ bearer: [] }]);
    // internal actions are not routes
    expect(JSON.stringify(doc.body.paths)).not.toContain("resolveToken");
    // Every operation documents what it answers: a JSON schema, or the media type of a file.
    const undocumented: string[] = [];
    for (const [route, ops] of Object.entries(doc.body.paths as Record<string, Record<string, Operation>>)) {
      if (route.startsWith("/health")) continue;
      for (const [method, op] of Object.entries(ops)) {
        if (!op.responses["2XX"]?.content) undocumented.push(`${method.toUpperCase()} ${route}`);
      }
    }
    expect(undocumented).toEqual([]);
    const notice = doc.body.paths["/api/public/notices/{id}"].get.responses["2XX"].content["application/json"].schema;
    expect(notice.required).toEqual(expect.arrayContaining(["id", "status", "verifyCode", "fields", "sections"]));
    expect(notice.properties.partyName).toMatchObject({ type: "string", nullable: true });
    expect(doc.body.paths["/api/public/notices/{id}/pdf"].get.responses["2XX"].content).toHaveProperty(
      "application/pdf",
    );
  });

  it("rejects bad JSON with 400, oversized bodies with 413, unknown routes with 404", async () => {
    const bad = await api.request("POST", "/api/bodies", { raw: "{bad", token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 400 });
    const huge = await api.request("POST", "/api/bodies", {
      raw: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }),
      token: admin,
    });
    expect(huge.status).toBe(413);
    expect((await api.get("/api/no-such-thing")).status).toBe(404);
  });
});

describe("accounts", () => {
  it("refuses wrong passwords and bad tokens", async () => {
    const wrong = await api.post("/api/auth/login", { username: "admin", password: "nope-nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ name: expect.any(String), code: 401, type: "BAD_CREDENTIALS" });
    expect((await api.get("/api/auth/me", "v1.forged.token")).status).toBe(401);
    const me = await api.get("/api/auth/me", officerA);
    expect(me.body).toMatchObject({ username: "officer.a", role: "officer", bodyId: bodyA.id });
  });

  it("creates users without ever returning the password or its hash", async () => {
    const res = await api.post(
      "/api/users",
      { username: "clerk.b", password: "secret-pass-9", displayName: "张三", role: "officer", bodyId: bodyB.id },
      admin,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), username: "clerk.b", role: "officer", bodyId: bodyB.id });
    expect(JSON.stringify(res.body)).not.toMatch(/secret-pass-9|scrypt|password/i);
  });

  it("validates users: duplicate 409, unknown body 422, officer without body 422, non-admin 403", async () => {
    const base = { password: "secret-pass-9", displayName: "李四", role: "officer", bodyId: bodyA.id };
    expect((await api.post("/api/users", { ...base, username: "officer.a" }, admin)).status).toBe(409);
    const unknownBody = await api.post(
      "/api/users",
      { ...base, username: "ghost", bodyId: "01a218bd-ee1b-7000-968e-f431a7adefef" },
      admin,
    );
    expect(unknownBody.status).toBe(422);
    expect(unknownBody.body.data[0].field).toBe("bodyId");
    const noBody = await api.post("/api/users", { ...base, username: "ghost", bodyId: undefined }, admin);
    expect(noBody.status).toBe(422);
    expect((await api.post("/api/users", { ...base, username: "ghost2" }, officerA)).status).toBe(403);
    expect((await api.post("/api/users", { ...base, username: "ghost3" })).status).toBe(401);
    const users = await api.get("/api/users", admin);
    expect(users.body.items.map((u: { username: string }) => u.username)).not.toContain("ghost");
  });

  it("a deactivated user's token stops working at once", async () => {
    const created = await api.post(
      "/api/users",
      { username: "temp.a", password: "temp-pass-12", displayName: "临时", role: "officer", bodyId: bodyA.id },
      admin,
    );
    const token = await api.login("temp.a", "temp-pass-12");
    expect((await api.get("/api/auth/me", token)).status).toBe(200);
    expect((await api.patch(`/api/users/${created.body.id}`, { active: false }, admin)).status).toBe(200);
    const after = await api.get("/api/auth/me", token);
    expect(after.status).toBe(401);
    expect((await api.post("/api/auth/login", { username: "temp.a", password: "temp-pass-12" })).status).toBe(401);
  });
});

describe("bodies (执法主体)", () => {
  it("checks the 统一社会信用代码 and writes nothing on failure", async () => {
    const before = await count("/api/public/bodies");
    const code = creditCode();
    const bad = await api.post(
      "/api/bodies",
      { name: "某某局", creditCode: badCheckChar(code), region: "宁波市" },
      admin,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.data).toEqual([
      expect.objectContaining({
        field: "creditCode",
        type: "CREDIT_CODE_CHECK",
        message: expect.stringContaining("校验位"),
      }),
    ]);
    const missing = await api.post("/api/bodies", { name: "", region: 42 }, admin);
    expect(missing.status).toBe(422);
    expect(missing.body.data.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(["name", "creditCode", "region"]),
    );
    expect(await count("/api/public/bodies")).toBe(before);
  });

  it("rejects a duplicate credit code with 409, and unauthenticated writes with 401 before validation", async () => {
    const code = creditCode();
    expect((await api.post("/api/bodies", { name: "甲", creditCode: code, region: "温州市" }, admin)).status).toBe(201);
    const dup = await api.post("/api/bodies", { name: "乙", creditCode: code.toLowerCase(), region: "温州市" }, admin);
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe("DUPLICATE_CREDIT_CODE");
    expect((await api.post("/api/bodies", { name: "" })).status).toBe(401);
    expect(
      (await api.post("/api/bodies", { name: "丙", creditCode: creditCode(), region: "x" }, officerA)).status,
    ).toBe(403);
  });

  it("lets an officer update their own body only", async () => {
    const current = (await api.get(`/api/public/bodies/${bodyA.id}`)).body;
    const update = { name: current.name, creditCode: current.creditCode, region: current.region, phone: "0571-12345" };
    const own = await api.put(`/api/bodies/${bodyA.id}`, update, officerA);
    expect(own.status).toBe(200);
    expect(own.body.phone).toBe("0571-12345");
    const other = (await api.get(`/api/public/bodies/${bodyB.id}`)).body;
    const res = await api.put(
      `/api/bodies/${bodyB.id}`,
      { name: "改名", creditCode: other.creditCode, region: other.region },
      officerA,
    );
    expect(res.status).toBe(403);
    expect((await api.get(`/api/public/bodies/${bodyB.id}`)).body.name).toBe("杭州市民政局");
  });

  it("lets only an administrator change a body's name or 统一社会信用代码 (403, nothing written)", async () => {
    const current = (await api.get(`/api/public/bodies/${bodyA.id}`)).body;
    const same = { name: current.name, creditCode: current.creditCode, region: current.region };
    for (const change of [{ creditCode: creditCode() }, { name: "浙江省民政厅（改）" }]) {
      const res = await api.put(`/api/bodies/${bodyA.id}`, { ...same, ...change }, officerA);
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.type).toBe("BODY_IDENTITY_ADMIN_ONLY");
    }
    expect((await api.get(`/api/public/bodies/${bodyA.id}`)).body).toMatchObject(same);
    // The other fields stay the officer's; the code typed in lower case or full width is the same code.
    const region = await api.put(
      `/api/bodies/${bodyA.id}`,
      { ...same, creditCode: fullWidth(current.creditCode.toLowerCase()), region: "浙江省杭州市" },
      officerA,
    );
    expect(region.status, JSON.stringify(region.body)).toBe(200);
    expect(region.body).toMatchObject({ creditCode: current.creditCode, region: "浙江省杭州市" });
    const code = creditCode();
    const byAdmin = await api.put(`/api/bodies/${bodyA.id}`, { ...same, creditCode: code }, admin);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.creditCode).toBe(code);
  });

  it("compares credit codes after NFKC: a full-width code is stored as its ASCII twin, and is a duplicate of it", async () => {
    const code = creditCode();
    const created = await api.post("/api/bodies", { name: "丁", creditCode: fullWidth(code), region: "台州市" }, admin);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.creditCode).toBe(code);
    const twin = await api.post("/api/bodies", { name: "戊", creditCode: code, region: "台州市" }, admin);
    expect(twin.status).toBe(409);
    expect(twin.body.type).toBe("DUPLICATE_CREDIT_CODE");
  });

  it("reads publicly, with a 2-character Chinese keyword, 404 for unknown ids", async () => {
    const list = await api.get(`/api/public/bodies?q=${encodeURIComponent("民政")}`);
    expect(list.status).toBe(200);
    const names = list.body.items.map((b: { name: string }) => b.name);
    expect(names).toEqual(expect.arrayContaining(["浙江省民政厅", "杭州市民政局"]));
    expect(names).not.toContain("甲");
    const one = await api.get(`/api/public/bodies/${bodyA.id}`);
    expect(one.body).toMatchObject({ id: bodyA.id, name: "浙江省民政厅", counts: expect.any(Object) });
    expect((await api.get("/api/public/bodies/01a218bd-ee1b-7000-968e-f431a7adefef")).status).toBe(404);
    expect((await api.get("/api/public/bodies/..%2F..%2Fetc")).status).toBe(422);
  });
});

describe("officers (执法人员)", () => {
  it("lets an officer register officers of their own body, 403 for another body, 409 for a duplicate 执法证号", async () => {
    const input = {
      bodyId: bodyA.id,
      name: "王五",
      certificateNo: "ZJ-33010001",
      fields: ["民政", "殡葬管理"],
      region: "杭州市",
    };
    const res = await api.post("/api/officers", input, officerA);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...input, status: "active" });
    const beforeB = await count(`/api/public/officers?bodyId=${bodyB.id}`);
    const forB = await api.post("/api/officers", { ...input, bodyId: bodyB.id, certificateNo: "ZJ-1" }, officerA);
    expect(forB.status).toBe(403);
    expect(await count(`/api/public/officers?bodyId=${bodyB.id}`)).toBe(beforeB);
    const dup = await api.post("/api/officers", { ...input, name: "赵六" }, admin);
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe("DUPLICATE_CERTIFICATE_NO");
    expect((await api.post("/api/officers", { ...input, certificateNo: "ZJ-2" }, reviewerA)).status).toBe(403);
  });

  it("compares 执法证号 after NFKC: a full-width number is a duplicate of its ASCII twin and stored as it", async () => {
    const input = { bodyId: bodyA.id, name: "孙八", certificateNo: "ZJ-33010009", fields: ["民政"] };
    expect((await api.post("/api/officers", input, officerA)).status).toBe(201);
    const twin = await api.post("/api/officers", { ...input, certificateNo: fullWidth("ZJ-33010009") }, officerA);
    expect(twin.status, JSON.stringify(twin.body)).toBe(409);
    expect(twin.body.type).toBe("DUPLICATE_CERTIFICATE_NO");
    const wide = await api.post(
      "/api/officers",
      { ...input, name: "周九", certificateNo: `浙${fullWidth("ZJ-33010010")}` },
      officerA,
    );
    expect(wide.status).toBe(201);
    expect(wide.body.certificateNo).toBe("浙ZJ-33010010");
    const renamed = await api.put(
      `/api/officers/${wide.body.id}`,
      { ...input, name: "周九", certificateNo: fullWidth("ZJ-33010009") },
      officerA,
    );
    expect(renamed.status).toBe(409);
  });

  it("the migration stores existing 执法证号 normalised, and stops naming any that clash so", async () => {
    const db = await createDatabase();
    const log = { info() {}, warn() {} };
    const before = { ...DATABASE, migrations: DATABASE.migrations.filter((m) => m.name < "Migration20261206") };
    const insert = async (url: string, rows: [string, string][]) => {
      const orm = await openDatabase(url, before, log, { attempts: 1, delayMs: 0 });
      const conn = orm.em.getConnection();
      await conn.execute(
        `insert into duties.bodies (id, name, credit_code, region, created_at, updated_at) values ('b', '局', ?, '浙江省', now(), now())`,
        [creditCode()],
      );
      for (const [id, certificateNo] of rows) {
        await conn.execute(
          `insert into duties.officers (id, body_id, name, certificate_no, fields, status, status_changed_at, created_at, updated_at)
           values (?, 'b', '某', ?, '[]', 'active', now(), now(), now())`,
          [id, certificateNo],
        );
      }
      await orm.close();
    };
    try {
      await insert(db.url, [
        ["o1", "ZJ-1"],
        ["o2", fullWidth("ZJ-1")],
        ["o3", fullWidth("ZJ-3")],
      ]);
      const failed = await openDatabase(db.url, DATABASE, log, { attempts: 1, delayMs: 0 }).then(
        () => null,
        (err: { data?: { cause?: string } }) => err,
      );
      expect(failed?.data?.cause).toMatch(/equal after NFKC/);
      expect(failed?.data?.cause).toContain(fullWidth("ZJ-1"));
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(`update duties.officers set certificate_no = 'ZJ-2' where id = 'o2'`);
      const migrated = await openDatabase(db.url, DATABASE, log, { attempts: 1, delayMs: 0 });
      await migrated.close();
      const rows = await client.query(`select id, certificate_no from duties.officers order by id`);
      expect(rows.rows).toEqual([
        { id: "o1", certificate_no: "ZJ-1" },
        { id: "o2", certificate_no: "ZJ-2" },
        { id: "o3", certificate_no: "ZJ-3" },
      ]);
      const events = await client.query(
        `select entity, entity_id from duties.events where entity = 'officer' order by seq`,
      );
      expect(events.rows.at(-1)).toEqual({ entity: "officer", entity_id: "o3" });
      await client.end();
    } finally {
      await db.drop();
    }
  });

  it("the follow-up migration trims as the API does, records each change (officer, old, new) and stops on a clash", async () => {
    const db = await createDatabase();
    const log = { info() {}, warn() {} };
    const before = { ...DATABASE, migrations: DATABASE.migrations.filter((m) => m.name < "Migration20261206001200") };
    const client = new pg.Client({ connectionString: db.url });
    try {
      const orm = await openDatabase(db.url, before, log, { attempts: 1, delayMs: 0 });
      const conn = orm.em.getConnection();
      await conn.execute(
        `insert into duties.bodies (id, name, credit_code, region, created_at, updated_at) values ('b', '局', ?, '浙江省', now(), now())`,
        [creditCode()],
      );
      // What the first NFKC migration left: spaces (an ideographic one, a tab) around the number.
      const rows: [string, string][] = [
        ["o1", " ZJ-5 "],
        ["o2", "\u3000ZJ-6\t"],
        ["o3", "ZJ-7"],
        ["o4", "ZJ-8"],
        ["o5", "ZJ-8\u2028"],
      ];
      for (const [id, certificateNo] of rows) {
        await conn.execute(
          `insert into duties.officers (id, body_id, name, certificate_no, fields, status, status_changed_at, created_at, updated_at)
           values (?, 'b', '某', ?, '[]', 'active', now(), now(), now())`,
          [id, certificateNo],
        );
      }
      await orm.close();
      const failed = await openDatabase(db.url, DATABASE, log, { attempts: 1, delayMs: 0 }).then(
        () => null,
        (err: { data?: { cause?: string } }) => err,
      );
      expect(failed?.data?.cause).toMatch(/equal after NFKC normalisation and trimming/);
      expect(failed?.data?.cause).toContain("'ZJ-8'");
      await client.connect();
      await client.query(`update duties.officers set certificate_no = 'ZJ-9' where id = 'o5'`);
      const migrated = await openDatabase(db.url, DATABASE, log, { attempts: 1, delayMs: 0 });
      await migrated.close();
      const stored = await client.query(`select id, certificate_no from duties.officers order by id`);
      expect(stored.rows).toEqual([
        { id: "o1", certificate_no: "ZJ-5" },
        { id: "o2", certificate_no: "ZJ-6" },
        { id: "o3", certificate_no: "ZJ-7" },
        { id: "o4", certificate_no: "ZJ-8" },
        { id: "o5", certificate_no: "ZJ-9" },
      ]);
      const changes = await client.query(
        `select officer_id, field, old_value, new_value from duties.identifier_changes order by id`,
      );
      expect(changes.rows).toEqual([
        { officer_id: "o1", field: "certificate_no", old_value: " ZJ-5 ", new_value: "ZJ-5" },
        { officer_id: "o2", field: "certificate_no", old_value: "\u3000ZJ-6\t", new_value: "ZJ-6" },
      ]);
      const events = await client.query(
        `select entity_id from duties.events where entity = 'officer' order by seq desc limit 2`,
      );
      expect(events.rows.map((r) => r.entity_id).sort()).toEqual(["o1", "o2"]);
    } finally {
      await client.end().catch(() => undefined);
      await db.drop();
    }
  });

  it("the migration's SQL normalises 执法证号 exactly as normalizeCertificateNo does", async () => {
    const samples = [
      " ZJ-1 ",
      "\u3000ＺＪ－３３０１\u3000",
      "\tZJ-2\n",
      "\u00a0ZJ-3\u2007",
      "\ufeffZJ-4\u2029",
      "\u1680ZJ-5\u205f",
      "Z J-6",
      "ZJ\u3000-7",
      "浙ZJ-8 ",
      "\u0085ZJ-9\u0085",
      "ﬁ-10",
      "",
      "   ",
    ];
    const client = new pg.Client({ connectionString: platform.db.url });
    await client.connect();
    try {
      const res = await client.query(
        `select ${normalizedCertificateNoSql("s")} as v from unnest($1::text[]) with ordinality as t(s, n) order by n`,
        [samples],
      );
      expect(res.rows.map((r) => r.v)).toEqual(samples.map(normalizeCertificateNo));
    } finally {
      await client.end();
    }
  });

  it("keeps a revoked officer listed as revoked, and never reinstates one", async () => {
    const created = await api.post(
      "/api/officers",
      { bodyId: bodyA.id, name: "钱七", certificateNo: "ZJ-33010002", fields: ["民政"] },
      officerA,
    );
    const id = created.body.id;
    const noReason = await api.post(`/api/officers/${id}/status`, { status: "suspended" }, officerA);
    expect(noReason.status).toBe(422);
    expect(
      (await api.post(`/api/officers/${id}/status`, { status: "revoked", reason: "调离执法岗位" }, officerA)).status,
    ).toBe(200);
    const listed = await api.get(`/api/public/officers?bodyId=${bodyA.id}&q=${encodeURIComponent("钱七")}`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id, status: "revoked", statusReason: "调离执法岗位" }),
    ]);
    const back = await api.post(`/api/officers/${id}/status`, { status: "active" }, officerA);
    expect(back.status).toBe(409);
  });
});

describe("powers (权责清单)", () => {
  it("creates a power with nested validation that strips unknown fields at every depth", async () => {
    const input = powerInput(bodyA.id, "330217001000", {
      basis: [{ law: "《殡葬管理条例》", article: "第二十八条", injected: "drop me" }],
      standards: [{ level: "一般", circumstance: "首次", measure: "警告", sneaky: 1 }],
      somethingElse: true,
    });
    const res = await api.post("/api/powers", input, officerA);
    expect(res.status).toBe(201);
    expect(res.body.basis).toEqual([{ law: "《殡葬管理条例》", article: "第二十八条" }]);
    expect(res.body.standards).toEqual([{ level: "一般", circumstance: "首次", measure: "警告" }]);
    expect(res.body).not.toHaveProperty("somethingElse");
    expect(res.body.procedure[0]).toEqual({ name: "立案" });
    expect(res.body.version).toBe(1);
  });

  it("rejects a bad category, an empty basis and a basis without article, writing nothing", async () => {
    const before = await count(`/api/public/powers?bodyId=${bodyA.id}`);
    const bad = await api.post(
      "/api/powers",
      powerInput(bodyA.id, "X-1", { category: "行政罚款", basis: [{ law: "某法" }] }),
      officerA,
    );
    expect(bad.status).toBe(422);
    const fields = bad.body.data.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["category", "basis[0].article"]));
    expect((await api.post("/api/powers", powerInput(bodyA.id, "X-2", { basis: [] }), officerA)).status).toBe(422);
    expect(await count(`/api/public/powers?bodyId=${bodyA.id}`)).toBe(before);
  });

  it("403 for another body's power; 409 for a duplicate code in the same body", async () => {
    expect((await api.post("/api/powers", powerInput(bodyB.id, "B-1"), officerA)).status).toBe(403);
    expect((await api.post("/api/powers", powerInput(bodyA.id, "A-DUP"), officerA)).status).toBe(201);
    const dup = await api.post("/api/powers", powerInput(bodyA.id, "A-DUP"), admin);
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe("DUPLICATE_POWER_CODE");
    // the same code in another body is a different item
    expect((await api.post("/api/powers", powerInput(bodyB.id, "A-DUP"), admin)).status).toBe(201);
  });

  it("keeps every version readable when a power is revised", async () => {
    const created = await api.post("/api/powers", powerInput(bodyA.id, "REV-1", { name: "殡葬设施审批" }), officerA);
    const id = created.body.id;
    const revised = await api.put(
      `/api/powers/${id}`,
      powerInput(bodyA.id, "REV-1", { name: "公墓建设审批", category: "行政许可", changeNote: "依据条例修订" }),
      officerA,
    );
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ id, version: 2, name: "公墓建设审批", category: "行政许可" });
    const pub = await api.get(`/api/public/powers/${id}`);
    expect(pub.body).toMatchObject({ id, version: 2, name: "公墓建设审批" });
    expect(pub.body.history.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([
      [2, "公墓建设审批"],
      [1, "殡葬设施审批"],
    ]);
    expect(pub.body.history[0].changeNote).toBe("依据条例修订");
    const byCategory = await api.get(
      `/api/public/powers?bodyId=${bodyA.id}&category=${encodeURIComponent("行政许可")}`,
    );
    expect(byCategory.body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect((await api.put(`/api/powers/${id}`, powerInput(bodyB.id, "REV-1"), admin)).status).toBe(422);
    const otherOfficer = await api.login("clerk.b", "secret-pass-9");
    expect((await api.put(`/api/powers/${id}`, powerInput(bodyA.id, "REV-1"), otherOfficer)).status).toBe(403);
    expect((await api.get(`/api/public/powers/${id}`)).body.version).toBe(2);
  });

  it("finds powers by a 2-character word and pages through them without gaps or repeats", async () => {
    const codes = ["P-01", "P-02", "P-03", "P-04", "P-05"];
    for (const code of codes) {
      expect(
        (await api.post("/api/powers", powerInput(bodyB.id, code, { name: `公墓年检${code}` }), admin)).status,
      ).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await api.get(
        `/api/public/powers?bodyId=${bodyB.id}&q=${encodeURIComponent("年检")}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((p: { code: string }) => p.code));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(codes);
    expect((await api.get("/api/public/powers?cursor=not-a-cursor!")).status).toBe(422);
    expect((await api.get("/api/public/powers?limit=1000")).status).toBe(422);
  });
});

describe("random-inspection list (随机抽查事项清单)", () => {
  it("records items for a body and lists them publicly", async () => {
    const item = {
      bodyId: bodyA.id,
      project: "殡葬服务机构监督检查",
      subItem: "经营性公墓年检",
      subject: "浙江省民政厅",
      basis: "《殡葬管理条例》第三条",
      method: "现场检查",
      content: "检查公墓建设、销售和管理情况",
    };
    expect((await api.post("/api/inspections", item, officerA)).status).toBe(201);
    expect((await api.post("/api/inspections", { ...item, bodyId: bodyB.id }, officerA)).status).toBe(403);
    const list = await api.get(`/api/public/inspections?bodyId=${bodyA.id}`);
    expect(list.body.items).toEqual([expect.objectContaining(item)]);
  });
});
