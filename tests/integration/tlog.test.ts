/**
 * The transparency log over the split platform: notices published, withdrawn and corrected through
 * the API become entries; the checkpoint verifies with the published key; inclusion proofs from the
 * API, from the tiles and in the verification answer check out with shared/tlog alone (the offline
 * verifier); a later checkpoint is consistent with an earlier one.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, verifyOffline, type LogRecord } from "../../src/zfgs-verify.js";
import {
  inclusionProof,
  leafHash,
  openNote,
  cosignaturesOf,
  parseCheckpoint,
  parseCosignerKey,
  parseEntryBundle,
  parseVerifierKey,
  rootHash,
  tileReader,
  verifyConsistency,
  TILE_WIDTH,
} from "../../shared/tlog.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";
import { startWitness, type TestWitness } from "../support/witness.js";

let platform: Platform;
let api: Api;
let office: Office;
let first: Published;
let firstPdf: Buffer;
let key: string;
let witness: TestWitness;
let liar: TestWitness;

beforeAll(async () => {
  // The witnesses learn the log's key once it is published (first test): until then they answer 404.
  witness = await startWitness("witness.test/honest");
  liar = await startWitness("witness.test/liar", { lie: true });
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results,notices,feed",
      "feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    { TLOG_WITNESSES: `${witness.vkey} ${witness.url}, ${liar.vkey} ${liar.url}` },
  );
  api = platform.api;
  office = await setUpOffice(api, "杭州市透明日志局", "tlog.officer");
});

afterAll(async () => {
  await platform?.stop();
  await witness?.stop();
  await liar?.stop();
});

async function bytes(url: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(platform.baseUrl + url);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** The verification answer once its log entry records `type` (the log pulls on its own). */
async function loggedAs(code: string, type: string): Promise<{ log: LogRecord }> {
  for (let attempt = 0; ; attempt++) {
    const v = await api.get(`/api/public/verify/${code}`);
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    const entry = v.body.log && JSON.parse(Buffer.from(v.body.log.entry, "base64").toString());
    if (entry?.type === type) return v.body;
    if (attempt > 300) throw new Error(`not logged as ${type}: ${JSON.stringify(v.body.log)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function checkpoint(): Promise<{ note: string; origin: string; size: number; root: Uint8Array }> {
  const res = await bytes("/api/public/tlog/checkpoint");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  expect(res.headers.get("cache-control")).toBe("max-age=5");
  const note = res.body.toString("utf8");
  return { note, ...parseCheckpoint(openNote(note, [parseVerifierKey(key)]).text) };
}

const b64 = (hashes: string[]) => hashes.map((h) => Buffer.from(h, "base64"));

describe("the transparency log", () => {
  it("publishes its verifier key and a signed checkpoint named after the public host", async () => {
    const res = await bytes("/api/public/tlog/key");
    expect(res.status).toBe(200);
    key = res.body.toString("utf8").trim();
    witness.trust(key);
    liar.trust(key);
    const origin = `${platform.baseUrl.replace("http://", "")}/tlog`;
    expect(parseVerifierKey(key).name).toBe(origin);
    const cp = await checkpoint();
    expect(cp.origin).toBe(origin);
    expect(cp.note.startsWith(`${origin}\n${cp.size}\n`)).toBe(true);
  });

  it("logs a published notice: the verification answer's log checks out offline, and so does the PDF", async () => {
    first = await publishNotice(api, office);
    const { log } = await loggedAs(first.verifyCode, "notice.published");
    const entry = JSON.parse(Buffer.from(log.entry, "base64").toString());
    expect(entry).toMatchObject({ id: first.noticeId, version: 1, sha256: first.sha256, bodyId: office.bodyId });
    expect(Object.keys(entry)).toEqual(["at", "bodyId", "id", "seq", "sha256", "type", "version"]);
    const pdf = await bytes(`/api/public/notices/${first.noticeId}/pdf`);
    expect(pdf.status).toBe(200);
    firstPdf = pdf.body;
    const checked = verifyOffline({ pdf: firstPdf, key, record: log });
    expect(checked.checks.filter((c) => !c.ok)).toEqual([]);
    expect(checked.ok).toBe(true);
    // The same answer by the file's bytes; a changed file does not match its entry.
    const byBytes = await api.request("POST", "/api/public/verify", { raw: firstPdf, contentType: "application/pdf" });
    expect(verifyOffline({ pdf: firstPdf, key, record: byBytes.body.log }).ok).toBe(true);
    const tampered = Buffer.from(firstPdf);
    tampered[100] = (tampered[100] as number) ^ 1;
    expect(verifyOffline({ pdf: tampered, key, record: log }).ok).toBe(false);
    // The API's inclusion proof is the answer's.
    const proof = await api.get(`/api/public/tlog/proof/inclusion?index=${log.index}&size=${log.treeSize}`);
    expect(proof.status).toBe(200);
    expect(proof.body.hashes).toEqual(log.inclusionProof);
  });

  it("serves tiles and entry bundles from which anyone recomputes the tree and the proofs", async () => {
    const cp = await checkpoint();
    const tiles = new Map<string, Buffer>();
    for (let level = 0; TILE_WIDTH ** level <= cp.size; level++) {
      const count = Math.floor(cp.size / TILE_WIDTH ** level);
      for (let n = 0; n * TILE_WIDTH < count; n++) {
        const width = Math.min(TILE_WIDTH, count - n * TILE_WIDTH);
        const res = await bytes(`/api/public/tlog/tile/${level}/${String(n).padStart(3, "0")}.p/${width}`);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("application/octet-stream");
        expect(res.body.length).toBe(width * 32);
        tiles.set(`${level}/${n}`, res.body);
      }
    }
    const tree = tileReader((level, index) => tiles.get(`${level}/${index}`) ?? Buffer.alloc(0));
    expect(Buffer.from(rootHash(tree, cp.size))).toEqual(Buffer.from(cp.root));
    const bundle = await bytes(`/api/public/tlog/tile/entries/000.p/${cp.size}`);
    const entries = parseEntryBundle(bundle.body);
    expect(entries).toHaveLength(cp.size);
    const index = entries.findIndex((e) => JSON.parse(e.toString()).id === first.noticeId);
    expect(Buffer.from(leafHash(entries[index] as Buffer))).toEqual(
      (tiles.get("0/0") as Buffer).subarray(index * 32, index * 32 + 32),
    );
    const fromTiles = inclusionProof(tree, index, cp.size).map((h) => Buffer.from(h).toString("base64"));
    const fromApi = await api.get(`/api/public/tlog/proof/inclusion?index=${index}&size=${cp.size}`);
    expect(fromApi.body.hashes).toEqual(fromTiles);
    // Beyond the tree, or not a tile path: 404.
    expect((await bytes(`/api/public/tlog/tile/0/000.p/${cp.size + 1}`)).status).toBe(404);
    expect((await bytes("/api/public/tlog/tile/0/x000/000.p/1")).status).toBe(404);
    expect((await bytes("/api/public/tlog/tile/entries/abc")).status).toBe(404);
  });

  it("logs withdrawal and correction; a later checkpoint is consistent with an earlier one", async () => {
    const before = await checkpoint();
    const withdrawn = await api.post(
      `/api/results/${first.resultId}/withdraw`,
      { reason: "经行政复议撤销原处罚决定" },
      office.officer,
    );
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const { log: withdrawal } = await loggedAs(first.verifyCode, "notice.withdrawn");
    expect(withdrawal.index).toBeGreaterThanOrEqual(before.size);
    // The withdrawn notice's PDF is gone from the site, but the bytes kept still verify against the log.
    expect(verifyOffline({ pdf: firstPdf, key, record: withdrawal }).ok).toBe(true);

    const second = await publishNotice(api, office);
    await loggedAs(second.verifyCode, "notice.published");
    const corrected = await api.post(
      `/api/results/${second.resultId}/correct`,
      { conclusion: "责令改正，并处罚款人民币三千元。", reason: "更正罚款金额" },
      office.officer,
    );
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const { log: correction } = await loggedAs(second.verifyCode, "notice.corrected");
    const fresh = await api.get(`/api/public/notices/${corrected.body.noticeId}`);
    await loggedAs(fresh.body.verifyCode, "notice.published");

    const after = await checkpoint();
    expect(after.size).toBeGreaterThan(before.size);
    const proof = await api.get(`/api/public/tlog/proof/consistency?old=${before.size}&new=${after.size}`);
    expect(proof.status).toBe(200);
    expect(verifyConsistency(before.size, after.size, before.root, after.root, b64(proof.body.hashes))).toBe(true);
    expect(verifyOffline({ pdf: Buffer.from("not the PDF"), key, record: correction }).ok).toBe(false);
    // The offline verifier with --previous: the older checkpoint the reader kept.
    const latest = (await api.request("POST", "/api/public/verify", { raw: firstPdf, contentType: "application/pdf" }))
      .body.log as LogRecord;
    const withPrevious = verifyOffline({
      pdf: firstPdf,
      key,
      record: latest,
      previous: { checkpoint: before.note, proof: await consistency(before.size, latest.treeSize) },
    });
    expect(withPrevious.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("the zfgs-verify command checks a PDF with the key only, from a saved answer or the platform", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-verify-"));
    try {
      const pdfFile = path.join(dir, "notice.pdf");
      fs.writeFileSync(pdfFile, firstPdf);
      const answer = await api.request("POST", "/api/public/verify", { raw: firstPdf, contentType: "application/pdf" });
      fs.writeFileSync(path.join(dir, "answer.json"), JSON.stringify(answer.body));
      const cp = await checkpoint();
      fs.writeFileSync(path.join(dir, "old.txt"), cp.note);
      const lines: string[] = [];
      const out = (l: string) => void lines.push(l);
      expect(await main([pdfFile, "--key", key, "--proof", path.join(dir, "answer.json")], out), lines.join("\n")).toBe(
        0,
      );
      expect(
        await main([pdfFile, "--key", key, "--url", platform.baseUrl, "--previous", path.join(dir, "old.txt")], out),
        lines.join("\n"),
      ).toBe(0);
      // The command itself, as `npx zfgs-verify` runs it (package.json "bin").
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["bin/zfgs-verify.js", pdfFile, "--key", key, "--proof", path.join(dir, "answer.json")],
        { cwd: path.resolve(import.meta.dirname, "../..") },
      );
      expect(stdout).toContain("核验通过");
      fs.writeFileSync(pdfFile, Buffer.concat([firstPdf, Buffer.from("\n")]));
      expect(await main([pdfFile, "--key", key, "--proof", path.join(dir, "answer.json")], out)).toBe(1);
      expect(await main([pdfFile], out)).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses bad numbers and sizes beyond the tree", async () => {
    const cp = await checkpoint();
    for (const query of [
      "index=abc&size=1",
      "index=-1&size=1",
      "index=1.5&size=2",
      "size=1",
      `index=${cp.size}&size=${cp.size}`,
    ]) {
      const res = await api.get(`/api/public/tlog/proof/inclusion?${query}`);
      expect(res.status, query).toBe(422);
    }
    expect((await api.get(`/api/public/tlog/proof/inclusion?index=0&size=${cp.size + 1000}`)).status).toBe(404);
    expect((await api.get(`/api/public/tlog/proof/consistency?old=2&new=1`)).status).toBe(422);
    expect((await api.get(`/api/public/tlog/proof/consistency?old=1&new=${cp.size + 1000}`)).status).toBe(404);
  });

  it("shows the log on the portal: the verification page's 透明日志 section and the /transparency page", async () => {
    const page = await bytes(`/verify/${first.verifyCode}`);
    expect(page.status).toBe(200);
    const html = page.body.toString();
    expect(html).toContain("透明日志");
    expect(html).toContain("日志条目序号");
    const about = await bytes("/transparency");
    expect(about.status).toBe(200);
    const text = about.body.toString();
    expect(text).toContain("当前日志树头");
    expect(text).toContain(key.split("+")[0] as string);
    // The page escapes "=" (web/html): the root's base64 padding shows as &#61;.
    const root = Buffer.from((await checkpoint()).root).toString("base64");
    expect(text).toContain(root.replace(/=/g, "&#61;"));
  });

  it("witnesses cosign: the served checkpoint carries the honest witness's cosignature, never the liar's", async () => {
    const honest = parseCosignerKey(witness.vkey);
    const lying = parseCosignerKey(liar.vkey);
    // Pushing is asynchronous and backs off from the 404s before the witnesses knew the key.
    let cosigned: { note: string; size: number } | undefined;
    for (let attempt = 0; !cosigned; attempt++) {
      const cp = await checkpoint();
      const text = cp.note.slice(0, cp.note.indexOf("\n\n") + 1);
      if (cosignaturesOf(cp.note.slice(text.length + 1), text, honest).length) cosigned = cp;
      else if (attempt > 600) throw new Error(`never cosigned: ${JSON.stringify(witness.answers)}`);
      else await new Promise((r) => setTimeout(r, 100));
    }
    const text = cosigned.note.slice(0, cosigned.note.indexOf("\n\n") + 1);
    const lines = cosigned.note.slice(text.length + 1);
    expect(lines.split("\n").filter(Boolean)).toHaveLength(2);
    expect(lines).not.toContain(`\u2014 ${liar.name} `);
    expect(cosignaturesOf(lines, text, lying)).toEqual([]);
    expect(witness.sizeOf(parseVerifierKey(key).name)).toBeGreaterThanOrEqual(cosigned.size);
    // The portal's page names the witnesses whose cosignatures the served checkpoint carries.
    const about = (await bytes("/transparency")).body.toString();
    expect(about).toContain(witness.name);
    expect(about).not.toContain(liar.name);
    // The log's own key still opens it (the witness line is one it does not know).
    expect(openNote(cosigned.note, [parseVerifierKey(key)]).signedBy).toEqual([parseVerifierKey(key).name]);
    // Readiness reports the liar without failing. Its first pushes may have failed with 404 before it
    // trusted the key (backing off 2 s, 4 s, …): wait for the push that meets its bad cosignature.
    for (let attempt = 0; ; attempt++) {
      const ready = await api.get("/health/ready");
      expect(ready.status).toBe(200);
      const detail = String(ready.body.checks.witnesses?.detail);
      if (new RegExp(`${liar.name}: failing \\(\\d+×\\): [^;]*bad cosignature`).test(detail)) {
        expect(detail).toMatch(new RegExp(`${witness.name}: (cosigned size|failing)`));
        break;
      }
      if (attempt > 600) throw new Error(`readiness never reported the liar's bad cosignature: ${detail}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it("the monitor passes on a healthy log, checks consistency with what it saw, and catches a size going back", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tlog-monitor-"));
    try {
      const state = path.join(dir, "state.json");
      const first = await monitor([platform.baseUrl, "--state", state, "--once"]);
      expect(first.code, first.output).toBe(0);
      expect(first.output).toContain("recomputed from the entry bundles matches");
      expect(JSON.parse(fs.readFileSync(state, "utf8")).key).toBe(key);
      await loggedAs((await publishNotice(api, office)).verifyCode, "notice.published");
      const second = await monitor([platform.baseUrl, "--state", state, "--once", "--key", key]);
      expect(second.code, second.output).toBe(0);
      expect(second.output).toMatch(/consistent with the checkpoint of size \d+ seen before/);
      // A state that saw a larger tree: the log now shows a smaller one.
      const saved = JSON.parse(fs.readFileSync(state, "utf8"));
      saved.latest.size += 1000;
      fs.writeFileSync(state, JSON.stringify(saved));
      const back = await monitor([platform.baseUrl, "--state", state, "--once"]);
      expect(back.code, back.output).toBe(1);
      expect(back.output).toMatch(/the size went backwards/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Last: it breaks the log on purpose.
  it("the monitor catches an entry changed directly in PostgreSQL, past the append-only trigger", async () => {
    const cp = await checkpoint();
    const client = new pg.Client({ connectionString: platform.db.url });
    await client.connect();
    let index: number;
    try {
      const { rows } = await client.query<{ idx: string }>(
        `select idx from tlog.entries where item_id = $1 order by idx limit 1`,
        [first.noticeId],
      );
      index = Number(rows[0]?.idx);
      // The trigger refuses the change; a superuser disables it first, as an insider with the database could.
      await expect(
        client.query(`update tlog.entries set entry = entry || ' '::bytea where idx = $1`, [index]),
      ).rejects.toThrow(/append-only/);
      await client.query(`alter table tlog.entries disable trigger entries_append_only`);
      await client.query(
        `update tlog.entries
            set entry = convert_to(replace(convert_from(entry, 'UTF8'), '"version":1', '"version":2'), 'UTF8')
          where idx = $1`,
        [index],
      );
      await client.query(`alter table tlog.entries enable trigger entries_append_only`);
    } finally {
      await client.end();
    }
    const run = await monitor([platform.baseUrl, "--once", "--key", key]);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`✗ entry ${index}: its leaf hash differs from the one tile 0/0 holds`);
    expect(run.output).toContain(`the checkpoint of size`);
    expect(cp.size).toBeGreaterThan(index);
  });
});

/** The monitor as a real child process, as `npm run tlog:monitor` runs it. */
async function monitor(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/tlog-monitor.ts", ...args],
      { cwd: path.resolve(import.meta.dirname, "../.."), timeout: 60_000 },
    );
    return { code: 0, output: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

async function consistency(older: number, newer: number): Promise<string[]> {
  const res = await api.get(`/api/public/tlog/proof/consistency?old=${older}&new=${newer}`);
  expect(res.status).toBe(200);
  return res.body.hashes;
}
