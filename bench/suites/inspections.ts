/**
 * inspections (issue 21): 双随机、一公开 at the sizes a city's market regulator has (its whole list of
 * supervised entities, 100 000 in the full run). Through the platform in one process:
 *  - uploadSeconds: a pool's list as CSV and as XLSX, from the POST to the job's new version (read,
 *    every row checked, canonical hash, rows written), and the POST's own answer time (the whole
 *    file read and checked before the 202);
 *  - unchangedSeconds: the same list again (no version: the hash equals the latest);
 *  - planMs / drawMs: publishing a plan over that pool (frozen roster, conflicts, commitment) and
 *    drawing it (1 % of the pool, 2 officers each) through the API;
 *  - in process: drawMs of the pure function and verifyMs of the verify script's checks (pool hash,
 *    commitment, the whole draw again) over the same pool, as a citizen's machine runs them.
 */
import { performance } from "node:perf_hooks";
import { creditCodeCheckChar } from "../../shared/credit-code.js";
import { commitmentOf, draw, poolSha256, type PoolEntity } from "../../shared/inspections/draw.js";
import { writeCsv, writeXlsx } from "../../shared/tabular.js";
import { verifyDraw } from "../../src/draw-verify.js";
import { setUpOffice } from "../../tests/support/flow.js";
import { startPlatform, type Api } from "../../tests/support/platform.js";
import { round, spread, type SuiteOptions } from "./common.js";

function entities(n: number): (PoolEntity & { address: string })[] {
  return Array.from({ length: n }, (_, i) => {
    const first17 = `91330100${String(i).padStart(9, "0")}`;
    return {
      creditCode: first17 + creditCodeCheckChar(first17),
      name: `杭州某某${i}号食品经营有限公司`,
      address: `杭州市某区某路${i}号`,
      category: ["食品生产", "食品销售", "餐饮服务"][i % 3] as string,
    };
  });
}

async function untilDone(api: Api, token: string, jobId: string): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await api.get(`/api/pools/uploads/${jobId}`, token);
    if (res.body.status === "done" || res.body.status === "failed") return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function inspectionsSuite(opts: SuiteOptions): Promise<unknown> {
  const size = opts.quick ? 20_000 : 100_000;
  const list = entities(size);
  const header = ["名称", "统一社会信用代码", "地址", "类别"];
  const rows = list.map((e) => [e.name, e.creditCode, e.address, e.category]);
  const csv = Buffer.from(writeCsv([header, ...rows]));
  const xlsx = Buffer.from(writeXlsx([{ name: "名录", rows: [header, ...rows] }]));
  opts.log(
    `inspections: ${size} entities, CSV ${round(csv.length / 2 ** 20)} MB, XLSX ${round(xlsx.length / 2 ** 20)} MB`,
  );

  // In process: the draw and the verification as anyone runs them.
  const seedHex = "5a".repeat(32);
  const officers = Array.from({ length: 40 }, (_, i) => ({ id: `o${i}`, name: `执法${i}`, certificateNo: `C${i}` }));
  const drawInput = {
    seedHex,
    entities: list,
    size: Math.ceil(size / 100),
    officersPerEntity: 2,
    officers,
    conflicts: [],
  };
  const drawMs: number[] = [];
  const verifyMs: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    let t = performance.now();
    const drawn = draw(drawInput);
    drawMs.push(performance.now() - t);
    const plan = {
      algorithm: "zfgs-draw-v1",
      poolSha256: poolSha256(list),
      seed: seedHex,
      commitment: commitmentOf(seedHex),
      size: drawInput.size,
      officersPerEntity: 2,
      officers,
      conflicts: [],
      selected: drawn.map((d, i) => ({
        ...d,
        rank: i + 1,
        officers: d.officerIds.map((id) => ({ id, name: "", certificateNo: "" })),
      })),
      drawAt: "",
    };
    t = performance.now();
    const check = verifyDraw(plan as never, { poolId: "", version: 1, sha256: plan.poolSha256, entities: list });
    verifyMs.push(performance.now() - t);
    if (check.problems.length) throw new Error(check.problems.join("; "));
  }

  const platform = await startPlatform();
  try {
    const api = platform.api;
    const office = await setUpOffice(api, "杭州市市场监管局", "bench.ins");
    const roster = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.post(
          "/api/officers",
          { bodyId: office.bodyId, name: `抽查员${i}`, certificateNo: `bench-ins-${i}`, fields: ["综合执法"] },
          office.admin,
        ),
      ),
    );
    if (roster.some((r) => r.status !== 201)) throw new Error("officers not created");
    const item = await api.post(
      "/api/inspections",
      {
        bodyId: office.bodyId,
        project: "食品经营者监督检查",
        subject: "主体",
        basis: "依据",
        method: "现场",
        content: "内容",
      },
      office.officer,
    );
    const upload = async (poolId: string, bytes: Buffer, type: string) => {
      const t0 = performance.now();
      const res = await api.request("POST", `/api/pools/${poolId}/uploads`, {
        raw: bytes,
        contentType: type,
        token: office.officer,
      });
      if (res.status !== 202) throw new Error(`upload ${res.status} ${JSON.stringify(res.body)}`);
      const answeredMs = performance.now() - t0;
      const job = await untilDone(api, office.officer, res.body.id);
      return { answeredMs, seconds: (performance.now() - t0) / 1000, job };
    };
    const results: Record<string, { answeredMs: number; seconds: number; outcome: unknown }[]> = {
      csv: [],
      xlsx: [],
      unchanged: [],
    };
    const planMs: number[] = [];
    const drawApiMs: number[] = [];
    for (let r = 0; r < Math.min(opts.rounds, 3); r++) {
      const pool = await api.post("/api/pools", { name: `名录${r}` }, office.officer);
      const first = await upload(
        pool.body.id,
        r % 2 ? xlsx : csv,
        r % 2 ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv",
      );
      results[r % 2 ? "xlsx" : "csv"]?.push({
        answeredMs: first.answeredMs,
        seconds: first.seconds,
        outcome: first.job.outcome,
      });
      const again = await upload(pool.body.id, csv, "text/csv");
      results.unchanged?.push({ answeredMs: again.answeredMs, seconds: again.seconds, outcome: again.job.outcome });
      const drawAt = Date.now() + 2000;
      let t = performance.now();
      const plan = await api.post(
        "/api/inspection-plans",
        {
          title: `抽查${r}`,
          inspectionItemId: item.body.id,
          poolId: pool.body.id,
          ratio: 0.01,
          officerField: "综合执法",
          drawAt: new Date(drawAt).toISOString(),
          inspectBy: "2099-12-31",
        },
        office.officer,
      );
      if (plan.status !== 201) throw new Error(`plan ${plan.status} ${JSON.stringify(plan.body)}`);
      planMs.push(performance.now() - t);
      await new Promise((res) => setTimeout(res, Math.max(0, drawAt - Date.now() + 20)));
      t = performance.now();
      const drawn = await api.post(`/api/inspection-plans/${plan.body.id}/draw`, {}, office.officer);
      if (drawn.status !== 200) throw new Error(`draw ${drawn.status}`);
      drawApiMs.push(performance.now() - t);
    }
    const summary = {
      entities: size,
      csvMb: round(csv.length / 2 ** 20),
      xlsxMb: round(xlsx.length / 2 ** 20),
      uploads: results,
      planMs: spread(planMs, 1),
      drawApiMs: spread(drawApiMs, 1),
      inProcess: { drawMs: spread(drawMs, 1), verifyMs: spread(verifyMs, 1) },
    };
    opts.log(`inspections: ${JSON.stringify(summary)}`);
    return summary;
  } finally {
    await platform.stop();
  }
}
