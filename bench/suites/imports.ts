/**
 * imports: a historic 双公示 file of N generated CF_ rows (2 % of them refused: a bad date) sent to
 * `POST /api/imports` through the platform in two processes (gateway | the rest, over NATS), then
 * `GET /api/imports/:id` polled: how long the upload takes to be accepted (read and checked whole,
 * its rows stored), how long until every row is recorded (rows/s), and how long until every
 * imported notice is rendered, signed and stored (notices/s, in the background behind live
 * notices). A few live publications are timed before the import and while its notices render, to
 * show what the background pass costs live publication. With `capSeconds` reached the notice pass
 * is left running and its rate so far reported.
 */
import { csv, penaltyRow } from "../../tests/support/import-files.js";
import { startPlatform, type Api } from "../../tests/support/platform.js";
import { percentile, round, type SuiteOptions } from "./common.js";
import { draftResult, expectStatus, publishOne, setUpOffice, type Office } from "./publish.js";

const LIVE = 8;

export interface ImportsResult {
  rows: number;
  fileMb: number;
  uploadSeconds: number;
  rowsSeconds: number;
  rowsPerSecond: number;
  refused: number;
  noticesDue: number;
  noticesDone: number;
  noticesSeconds: number;
  noticesPerSecond: number;
  /** All notices signed within the cap. */
  noticesFinished: boolean;
  /** Live publish answers (ms): idle, and while the imported notices render. */
  liveIdleP50Ms: number;
  liveDuringImportP50Ms: number;
  noticeConcurrency: number;
}

function rowsOf(n: number) {
  const start = Date.UTC(2019, 0, 1);
  const span = Date.UTC(2026, 10, 30) - start;
  return Array.from({ length: n }, (_, i) => {
    const decidedOn = new Date(start + Math.floor((span * i) / n)).toISOString().slice(0, 10);
    return penaltyRow(`基准历史罚决〔${decidedOn.slice(0, 4)}〕${i + 1}号`, {
      CF_JDRQ: i % 50 === 49 ? "不详" : decidedOn,
      CF_XDR_MC: `基准历史当事人${i + 1}有限公司`,
    });
  });
}

async function job(api: Api, office: Office, id: string) {
  return expectStatus(await api.get(`/api/imports/${id}`, office.officer), 200, "job");
}

async function liveP50(api: Api, office: Office, drafts: string[]): Promise<number> {
  const ms: number[] = [];
  for (const d of drafts) ms.push((await publishOne(api, office, d)).answerMs);
  return round(percentile(ms, 50));
}

export async function importsSuite(opts: SuiteOptions): Promise<ImportsResult> {
  const n = opts.quick ? 10_000 : 100_000;
  const capSeconds = Number(process.env.IMPORTS_BENCH_CAP_SECONDS ?? (opts.quick ? 600 : 7200));
  const noticeConcurrency = 4;
  opts.log(`imports: starting the platform (gateway | the rest, over NATS)`);
  const platform = await startPlatform(undefined, { IMPORT_NOTICE_CONCURRENCY: String(noticeConcurrency) });
  try {
    const { api } = platform;
    const office = await setUpOffice(api);
    const drafts: string[] = [];
    for (let i = 0; i < 2 * LIVE; i++) drafts.push(await draftResult(api, office, i + 1));
    const liveIdleP50Ms = await liveP50(api, office, drafts.slice(0, LIVE));

    const file = Buffer.from(csv(rowsOf(n)));
    opts.log(`imports: uploading ${n} rows (${(file.length / 2 ** 20).toFixed(1)} MB)`);
    const t0 = performance.now();
    const res = await api.request("POST", "/api/imports", {
      raw: file,
      contentType: "text/csv",
      token: office.officer,
    });
    const { id } = expectStatus(res, 202, "upload") as { id: string };
    const uploadSeconds = (performance.now() - t0) / 1000;

    let j = await job(api, office, id);
    while (j.status !== "done") {
      if (j.status === "failed") throw new Error(`import failed: ${JSON.stringify(j)}`);
      await new Promise((r) => setTimeout(r, 250));
      j = await job(api, office, id);
    }
    const rowsSeconds = (performance.now() - t0) / 1000;
    opts.log(`imports: ${n} rows recorded in ${rowsSeconds.toFixed(1)} s; ${j.notices.due} notices to sign`);

    const tNotices = performance.now();
    const liveDuringImportP50Ms = await liveP50(api, office, drafts.slice(LIVE));
    let lastLog = performance.now();
    while (j.notices.done < j.notices.due && (performance.now() - t0) / 1000 < capSeconds) {
      await new Promise((r) => setTimeout(r, 1000));
      j = await job(api, office, id);
      if (performance.now() - lastLog > 60_000) {
        lastLog = performance.now();
        opts.log(`imports: ${j.notices.done} / ${j.notices.due} notices signed`);
      }
    }
    const noticesSeconds = (performance.now() - tNotices) / 1000;
    return {
      rows: n,
      fileMb: round(file.length / 2 ** 20, 1),
      uploadSeconds: round(uploadSeconds, 1),
      rowsSeconds: round(rowsSeconds, 1),
      rowsPerSecond: round(n / rowsSeconds, 0),
      refused: j.failed,
      noticesDue: j.notices.due,
      noticesDone: j.notices.done,
      noticesSeconds: round(noticesSeconds, 1),
      noticesPerSecond: round(j.notices.done / noticesSeconds, 1),
      noticesFinished: j.notices.done === j.notices.due,
      liveIdleP50Ms,
      liveDuringImportP50Ms,
      noticeConcurrency,
    };
  } finally {
    await platform.stop();
  }
}
