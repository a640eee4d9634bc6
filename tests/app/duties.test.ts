/**
 * The duties use cases (services/duties/app/) against the service's own PostgreSQL schema, no
 * broker: each write lands with its outbox row in one transaction and nudges the feed; each
 * refusal (4xx) writes nothing, neither the record nor an outbox row.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import { bodyExists, caseContext, createBody, getBody, updateBody } from "../../services/duties/app/bodies.js";
import type { DutiesDeps } from "../../services/duties/app/changes.js";
import { eventsSince } from "../../services/duties/app/events.js";
import { createInspectionItem, updateInspectionItem } from "../../services/duties/app/inspections.js";
import { createOfficer, getOfficer, setOfficerStatus, updateOfficer } from "../../services/duties/app/officers.js";
import { createPower, getPower, revisePower } from "../../services/duties/app/powers.js";
import { getSeal, removeSeal, setSeal } from "../../services/duties/app/seals.js";
import type { BodyParams, BodyView, PowerParams } from "../../services/duties/contract.js";
import { DATABASE } from "../../services/duties/database.js";
import {
  Body,
  BodySeal,
  DutiesEvent,
  InspectionItem,
  Officer,
  Power,
  PowerVersion,
} from "../../services/duties/entities.js";
import { newId } from "../../shared/ids.js";
import { badCheckChar, creditCode, powerInput } from "../support/fixtures.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";
import { sealPng } from "../support/png.js";

let db: TestOrm;
/** The actions the use cases called on other services, by name. */
let calls: { name: string; params: unknown }[];

/** The feed, as far as duties sees it: it takes the nudge. */
const caller: Caller = {
  async call(name, params) {
    calls.push({ name, params });
    return undefined;
  },
};

function deps(): DutiesDeps {
  return { em: db.em(), caller, now: () => new Date() };
}

const admin: SessionUser = { id: newId(), username: "admin", role: "admin", bodyId: null, officerId: null };
function officerOf(bodyId: string): SessionUser {
  return { id: newId(), username: "officer", role: "officer", bodyId, officerId: null };
}

/** How many rows each table holds: a refusal leaves all of them as they were. */
async function counts() {
  const em = db.em();
  return {
    bodies: await em.count(Body, {}),
    officers: await em.count(Officer, {}),
    powers: await em.count(Power, {}),
    versions: await em.count(PowerVersion, {}),
    inspections: await em.count(InspectionItem, {}),
    events: await em.count(DutiesEvent, {}),
  };
}

/** Runs a use case that must be refused: answers its error, and checks that nothing was written. */
async function refused(work: () => Promise<unknown>): Promise<{ code: number; type: string }> {
  const before = await counts();
  const err = (await work().then(
    () => expect.unreachable("the use case went through"),
    (e: unknown) => e,
  )) as { code: number; type: string };
  expect(await counts()).toEqual(before);
  return err;
}

async function lastEvent(): Promise<DutiesEvent> {
  const [event] = await db.em().find(DutiesEvent, {}, { orderBy: { seq: "desc" }, limit: 1 });
  return event as DutiesEvent;
}

/** What the body's form sends: its registered details, none of the view's timestamps. */
function bodyInput(b: BodyView, extra: Partial<BodyParams> = {}): BodyParams & { id: string } {
  return { id: b.id, name: b.name, creditCode: b.creditCode, region: b.region, ...extra };
}

function newBody(name = "浙江省民政厅"): Promise<BodyView> {
  return createBody(deps(), { name, creditCode: creditCode(), region: "浙江省" });
}

beforeAll(async () => {
  db = await openTestOrm(DATABASE);
});

afterAll(async () => {
  await db?.close();
});

beforeEach(() => {
  calls = [];
});

describe("bodies", () => {
  it("registers a body with its outbox row and nudges the feed", async () => {
    const before = await counts();
    const body = await newBody();
    expect(body).toMatchObject({ name: "浙江省民政厅", region: "浙江省", phone: null, address: null });
    expect(await counts()).toEqual({ ...before, bodies: before.bodies + 1, events: before.events + 1 });
    expect(await lastEvent()).toMatchObject({ entity: "body", entityId: body.id });
    expect(calls).toEqual([{ name: "feed.catchUp", params: { source: "duties" } }]);
    expect(await getBody(db.em(), { id: body.id })).toEqual(body);
    expect(await bodyExists(db.em(), { id: body.id })).toBe(true);
    expect(await bodyExists(db.em(), { id: newId() })).toBe(false);
  });

  it("refuses a credit code already registered or with a wrong check character, writing nothing", async () => {
    const body = await newBody();
    const again = await refused(() =>
      createBody(deps(), { name: "另一个机关", creditCode: body.creditCode, region: "浙江省" }),
    );
    expect(again).toMatchObject({ code: 409, type: "DUPLICATE_CREDIT_CODE" });
    const bad = await refused(() =>
      createBody(deps(), { name: "另一个机关", creditCode: badCheckChar(creditCode()), region: "浙江省" }),
    );
    expect(bad).toMatchObject({ code: 422, type: "INVALID_CREDIT_CODE" });
  });

  it("lets an officer of the body change its phone but not its name; another body's officer nothing", async () => {
    const body = await newBody();
    const officer = officerOf(body.id);
    const changed = await updateBody(deps(), officer, bodyInput(body, { phone: "0571-87054321" }));
    expect(changed).toMatchObject({ name: body.name, phone: "0571-87054321" });
    expect(await lastEvent()).toMatchObject({ entity: "body", entityId: body.id });
    const renamed = await refused(() => updateBody(deps(), officer, bodyInput(body, { name: "新名称" })));
    expect(renamed).toMatchObject({ code: 403, type: "BODY_IDENTITY_ADMIN_ONLY" });
    const other = await refused(() => updateBody(deps(), officerOf(newId()), bodyInput(body)));
    expect(other).toMatchObject({ code: 403, type: "OTHER_BODY" });
    expect(await updateBody(deps(), admin, bodyInput(body, { name: "新名称" }))).toMatchObject({ name: "新名称" });
  });
});

describe("officers", () => {
  it("adds an officer with its outbox row, and refuses a 执法证号 already registered", async () => {
    const body = await newBody();
    const officer = await createOfficer(deps(), officerOf(body.id), {
      bodyId: body.id,
      name: "张三",
      certificateNo: ` zj-${newId().slice(-8)} `,
      fields: ["民政"],
    });
    expect(officer).toMatchObject({ bodyId: body.id, status: "active", statusReason: null, region: null });
    expect(officer.certificateNo).not.toMatch(/^\s|\s$/);
    expect(await lastEvent()).toMatchObject({ entity: "officer", entityId: officer.id });
    expect(await getOfficer(db.em(), { id: officer.id })).toEqual(officer);

    const duplicate = await refused(() =>
      createOfficer(deps(), admin, { bodyId: body.id, name: "李四", certificateNo: officer.certificateNo, fields: [] }),
    );
    expect(duplicate).toMatchObject({ code: 409, type: "DUPLICATE_CERTIFICATE_NO" });
    const noBody = await refused(() =>
      createOfficer(deps(), admin, { bodyId: newId(), name: "李四", certificateNo: "ZJ-X", fields: [] }),
    );
    expect(noBody).toMatchObject({ code: 422 });
    const moved = await refused(() =>
      updateOfficer(deps(), admin, {
        id: officer.id,
        bodyId: newId(),
        name: officer.name,
        certificateNo: officer.certificateNo,
        fields: officer.fields,
      }),
    );
    expect(moved).toMatchObject({ code: 422 });
  });

  it("suspends with a reason, revokes, and never reinstates a revoked officer", async () => {
    const body = await newBody();
    const user = officerOf(body.id);
    const officer = await createOfficer(deps(), user, {
      bodyId: body.id,
      name: "王五",
      certificateNo: `ZJ-${newId().slice(-8)}`,
      fields: [],
    });
    const noReason = await refused(() => setOfficerStatus(deps(), user, { id: officer.id, status: "suspended" }));
    expect(noReason).toMatchObject({ code: 422 });
    const suspended = await setOfficerStatus(deps(), user, { id: officer.id, status: "suspended", reason: "调岗" });
    expect(suspended).toMatchObject({ status: "suspended", statusReason: "调岗" });
    await setOfficerStatus(deps(), user, { id: officer.id, status: "revoked", reason: "离职" });
    const reinstated = await refused(() => setOfficerStatus(deps(), user, { id: officer.id, status: "active" }));
    expect(reinstated).toMatchObject({ code: 409, type: "OFFICER_REVOKED" });
    expect(await getOfficer(db.em(), { id: officer.id })).toMatchObject({ status: "revoked", statusReason: "离职" });
  });
});

describe("powers", () => {
  it("creates a power at version 1 and revises it to version 2, keeping the first readable", async () => {
    const body = await newBody();
    const user = officerOf(body.id);
    const input = powerInput(body.id, `P-${newId().slice(-8)}`) as unknown as PowerParams;
    const before = await counts();
    const power = await createPower(deps(), user, input);
    expect(power).toMatchObject({ bodyId: body.id, version: 1, code: input.code, timeLimitDays: 90 });
    expect(power.procedure[0]).toEqual({ name: "立案" });
    expect(power.history.map((v) => v.version)).toEqual([1]);
    expect(await counts()).toMatchObject({ powers: before.powers + 1, versions: before.versions + 1 });
    expect(await lastEvent()).toMatchObject({ entity: "power", entityId: power.id });

    const revised = await revisePower(deps(), user, { ...input, id: power.id, name: "新名称", changeNote: "依法调整" });
    expect(revised).toMatchObject({ version: 2, name: "新名称", changeNote: "依法调整" });
    expect(revised.history.map((v) => [v.version, v.name])).toEqual([
      [2, "新名称"],
      [1, input.name],
    ]);

    const duplicate = await refused(() => createPower(deps(), user, input));
    expect(duplicate).toMatchObject({ code: 409, type: "DUPLICATE_POWER_CODE" });
    const moved = await refused(() => revisePower(deps(), admin, { ...input, id: power.id, bodyId: newId() }));
    expect(moved).toMatchObject({ code: 422 });
    const other = await refused(() => revisePower(deps(), officerOf(newId()), { ...input, id: power.id }));
    expect(other).toMatchObject({ code: 403, type: "OTHER_BODY" });
  });

  it("gives the cases service the body, the current power version and the officers in one answer", async () => {
    const body = await newBody();
    const power = await createPower(deps(), admin, powerInput(body.id, `P-${newId().slice(-8)}`) as never);
    const officer = await createOfficer(deps(), admin, {
      bodyId: body.id,
      name: "赵六",
      certificateNo: `ZJ-${newId().slice(-8)}`,
      fields: [],
    });
    const context = await caseContext(db.em(), { bodyId: body.id, powerId: power.id, officerIds: [officer.id] });
    expect(context.body?.id).toBe(body.id);
    expect(context.power).toMatchObject({ id: power.id, bodyId: body.id, version: 1 });
    expect(context.officers.map((o) => o.id)).toEqual([officer.id]);
    const none = await caseContext(db.em(), { bodyId: newId(), powerId: newId(), officerIds: [] });
    expect(none).toEqual({ body: null, power: null, officers: [] });
  });

  it("answers one power with its current version's remedies, and 404 for an unknown id", async () => {
    const body = await newBody();
    const input = powerInput(body.id, `P-${newId().slice(-8)}`) as unknown as PowerParams;
    const power = await createPower(deps(), admin, input);
    const remedies = [
      { kind: "行政复议", organ: "杭州市人民政府", timeLimit: "60日" },
      { kind: "行政诉讼", organ: "杭州市西湖区人民法院" },
    ];
    await revisePower(deps(), admin, { ...input, id: power.id, remedies, changeNote: "补充救济渠道" });
    const got = await getPower(db.em(), { id: power.id });
    expect(got).toMatchObject({ id: power.id, bodyId: body.id, version: 2, remedies });
    expect(got).not.toHaveProperty("history");
    expect(await refused(() => getPower(db.em(), { id: newId() }))).toMatchObject({ code: 404 });
  });
});

describe("inspection items and the outbox", () => {
  it("adds and changes an item, refuses moving it, and hands the feed every change with its view", async () => {
    const body = await newBody();
    const user = officerOf(body.id);
    const [last] = await db.em().find(DutiesEvent, {}, { orderBy: { seq: "desc" }, limit: 1 });
    const fields = {
      bodyId: body.id,
      project: "殡葬设施检查",
      subject: "经营性公墓",
      basis: "《殡葬管理条例》",
      method: "现场检查",
      content: "检查墓穴占地面积",
    };
    const item = await createInspectionItem(deps(), user, fields);
    expect(item).toMatchObject({ ...fields, subItem: null });
    const changed = await updateInspectionItem(deps(), user, { ...fields, id: item.id, subItem: "墓穴" });
    expect(changed.subItem).toBe("墓穴");
    const moved = await refused(() => updateInspectionItem(deps(), admin, { ...fields, id: item.id, bodyId: newId() }));
    expect(moved).toMatchObject({ code: 422 });

    const events = await eventsSince(db.em(), { after: String(last?.seq ?? "0"), limit: 10 });
    expect(events.map((e) => [e.entity, e.id])).toEqual([
      ["inspection", item.id],
      ["inspection", item.id],
    ]);
    expect(events[1]?.view).toMatchObject({ id: item.id, subItem: "墓穴" });
  });
});

describe("a body's seal", () => {
  it("stores an uploaded PNG, answers it for the notice, replaces and removes it", async () => {
    const body = await newBody();
    expect(await getSeal(db.em(), { id: body.id })).toBeNull(); // none until uploaded: never made up
    const png = sealPng(200);
    const view = await setSeal(deps(), { bodyId: body.id, png: png.toString("base64") });
    expect(view).toMatchObject({ bodyId: body.id, size: png.length });
    expect((await getSeal(db.em(), { id: body.id }))?.png).toBe(png.toString("base64"));

    const other = sealPng(120);
    await setSeal(deps(), { bodyId: body.id, png: other.toString("base64") });
    expect((await getSeal(db.em(), { id: body.id }))?.png).toBe(other.toString("base64"));
    expect(await db.em().fork().count(BodySeal, { bodyId: body.id })).toBe(1);

    expect(await removeSeal(db.em(), { id: body.id })).toBe(true);
    expect(await getSeal(db.em(), { id: body.id })).toBeNull();
    expect(await removeSeal(db.em(), { id: body.id })).toBe(false);
  });

  it("refuses what is not a PNG, a PNG out of size, and an unknown body, storing nothing", async () => {
    const body = await newBody();
    const seals = () => db.em().fork().count(BodySeal, {});
    const before = await seals();
    const attempt = (png: Buffer, bodyId = body.id) =>
      setSeal(deps(), { bodyId, png: png.toString("base64") }).catch(
        (e: { type: string; data: { type: string }[] }) => [e.type, e.data[0]?.type],
      );
    expect(await attempt(Buffer.from("GIF89a not a png at all, but long enough"))).toEqual([
      "VALIDATION_ERROR",
      "NOT_A_PNG",
    ]);
    expect(await attempt(sealPng(32))).toEqual(["VALIDATION_ERROR", "SEAL_SIZE"]);
    expect(await attempt(sealPng(200), newId())).toEqual(["VALIDATION_ERROR", "UNKNOWN_BODY"]);
    expect(await seals()).toBe(before);
  });
});
