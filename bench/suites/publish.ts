/**
 * publish: signed notices per second end to end — `POST /api/results/:id/publish` (render, sign,
 * store in S3, record with its outbox row, nudge the feed) until `GET /api/public/notices/:id`
 * answers 200 — through the platform split in two processes (gateway | the rest, over NATS),
 * against the raw render + sign of the same notices with shared/pdf on two worker threads.
 *
 * Each round publishes its own drafts, made beforehand through the real API (case → transitions →
 * decision; not timed): a batch at CONCURRENCY (→ perSecond), then a few dozen one at a time, each
 * timed from the publish request to the first 200 of the public notice (→ p50Ms). The raw baseline
 * then renders and signs the batch's notices again from their public record with the platform's
 * own signing identity; RSA signatures are deterministic, so every raw file must have the SHA-256
 * the platform stored (`rawMismatches` counts those that do not).
 */
import fs from "node:fs";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../../lib/workers.js";
import type { NoticeInput, SigningIdentityPem } from "../../shared/pdf/index.js";
import { creditCode, powerInput } from "../../tests/support/fixtures.js";
import { ADMIN_PASSWORD, startPlatform, type Api, type ApiResponse } from "../../tests/support/platform.js";
import type { RawJob, RawReply, RawRequest } from "../render-worker.js";
import { peakRssMb, percentile, round, spread, type Spread, type SuiteOptions } from "./common.js";

const CONCURRENCY = 16;
const RAW_THREADS = 2;
const WARM_UP = 40;
/** Give up on a notice that is not public this long after its publish answered. */
const VISIBLE_TIMEOUT_MS = 30_000;
const CLOCK_TICKS = 100; // USER_HZ: /proc counts CPU time in 1/100 s on Linux

/** CPU time in ms of a process (Linux /proc): its main thread, and its other threads together. */
function processCpuMs(pid: number): { main: number; others: number } {
  const ticks = (stat: string) => {
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS; // utime + stime
  };
  let main = 0;
  let others = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const ms = ticks(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"));
    if (Number(tid) === pid) main += ms;
    else others += ms;
  }
  return { main, others };
}

/** Busy CPU time of the whole machine in ms (/proc/stat: all but idle and iowait). */
function machineCpuMs(): number {
  const f = (fs.readFileSync("/proc/stat", "utf8").split("\n")[0] as string).trim().split(/\s+/).slice(1).map(Number);
  const busy = f.slice(0, 8).reduce((a, b) => a + b, 0) - (f[3] as number) - (f[4] as number);
  return (busy * 1000) / CLOCK_TICKS;
}

interface CpuSnapshot {
  services: { main: number; others: number };
  gateway: { main: number; others: number };
  bench: number;
  machine: number;
}

function cpuSnapshot(gatewayPid: number, servicesPid: number): CpuSnapshot | undefined {
  if (!fs.existsSync("/proc/stat")) return undefined;
  const own = process.cpuUsage();
  return {
    services: processCpuMs(servicesPid),
    gateway: processCpuMs(gatewayPid),
    bench: (own.user + own.system) / 1000,
    machine: machineCpuMs(),
  };
}

/** Where the CPU went while publishing, in ms per notice. */
export interface CpuPerNotice {
  /** The main thread of the process with every service but the gateway. */
  servicesMain: number;
  /** Its other threads: the notice render workers, libuv's pool, V8's helpers. */
  servicesThreads: number;
  gateway: number;
  /** This process: the HTTP client and the S3 server (s3rver). */
  benchAndS3: number;
  /** Everything else on the machine: PostgreSQL, NATS, the kernel, other users' processes. */
  rest: number;
}

function cpuPerNotice(a: CpuSnapshot | undefined, b: CpuSnapshot | undefined, n: number): CpuPerNotice | undefined {
  if (!a || !b || !n) return undefined;
  const servicesMain = b.services.main - a.services.main;
  const servicesThreads = b.services.others - a.services.others;
  const gateway = b.gateway.main + b.gateway.others - a.gateway.main - a.gateway.others;
  const benchAndS3 = b.bench - a.bench;
  const rest = b.machine - a.machine - servicesMain - servicesThreads - gateway - benchAndS3;
  const per = (x: number) => round(x / n, 1);
  return {
    servicesMain: per(servicesMain),
    servicesThreads: per(servicesThreads),
    gateway: per(gateway),
    benchAndS3: per(benchAndS3),
    rest: per(Math.max(0, rest)),
  };
}

export function expectStatus<T>(res: ApiResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body;
}

/** Runs `task` over `items` with at most `concurrency` at a time, in order of `items`. */
async function eachLimit<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export interface Office {
  officer: string;
  bodyId: string;
  powerId: string;
  officerIds: string[];
}

/** A body with two officers, an officer account and a 行政处罚 power (as tests/support/flow.ts). */
export async function setUpOffice(api: Api): Promise<Office> {
  const admin = await api.login("admin", ADMIN_PASSWORD);
  const body = expectStatus(
    await api.post(
      "/api/bodies",
      { name: "基准测试市市场监督管理局", creditCode: creditCode(), region: "浙江省" },
      admin,
    ),
    201,
    "body",
  );
  const officerIds: string[] = [];
  for (const name of ["甲执法员", "乙执法员"]) {
    const o = expectStatus(
      await api.post(
        "/api/officers",
        { bodyId: body.id, name, certificateNo: `BENCH-${officerIds.length}`, fields: ["综合执法"] },
        admin,
      ),
      201,
      "officer",
    );
    officerIds.push(o.id);
  }
  const user = { username: "bench-officer", password: "pass-word-1" };
  expectStatus(
    await api.post("/api/users", { ...user, displayName: "基准", role: "officer", bodyId: body.id }, admin),
    201,
    "user",
  );
  const officer = await api.login(user.username, user.password);
  const power = expectStatus(await api.post("/api/powers", powerInput(body.id, "BENCH-CF"), officer), 201, "power");
  return { officer, bodyId: body.id, powerId: power.id, officerIds };
}

/** Files a 行政处罚 case, walks it and decides it: a draft result, ready to publish. */
export async function draftResult(api: Api, office: Office, n: number): Promise<string> {
  const partyName = `基准殡仪服务有限公司${n}`;
  const c = expectStatus(
    await api.post(
      "/api/cases",
      {
        bodyId: office.bodyId,
        powerId: office.powerId,
        title: `${partyName}违规经营案`,
        officerIds: office.officerIds,
        facts: `${partyName}未经批准擅自经营殡葬服务，在经营场所对外销售骨灰存放格位，违法所得人民币${1000 + n}元。`,
        party: { type: "legal", name: partyName, creditCode: creditCode(), legalRepresentative: "王某" },
      },
      office.officer,
    ),
    201,
    "case",
  );
  for (const to of ["investigating", "notified"]) {
    expectStatus(await api.post(`/api/cases/${c.id}/transitions`, { to }, office.officer), 200, `transition ${to}`);
  }
  const decided = expectStatus(
    await api.post(
      `/api/cases/${c.id}/decision`,
      {
        decisionNo: `基罚决〔2026〕${n}号`,
        decidedOn: "2026-11-02",
        kind: "行政处罚",
        conclusion: "责令改正，没收违法所得，并处罚款人民币5000元。",
        basis: "《殡葬管理条例》第二十八条",
        penalty: { categories: ["罚款"], content: "罚款人民币5000元", fineAmount: 5000, violationType: "违规经营" },
      },
      office.officer,
    ),
    201,
    "decision",
  );
  return decided.id as string;
}

/** Polls the public notice until it answers 200; the time it did, in ms (performance.now()). */
async function waitVisible(api: Api, noticeId: string): Promise<number> {
  const deadline = performance.now() + VISIBLE_TIMEOUT_MS;
  for (;;) {
    const res = await fetch(`${api.baseUrl}/api/public/notices/${noticeId}`);
    await res.arrayBuffer();
    if (res.status === 200) return performance.now();
    if (res.status !== 404) throw new Error(`GET notice ${noticeId}: ${res.status}`);
    if (performance.now() > deadline) throw new Error(`notice ${noticeId} not public after ${VISIBLE_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

interface Publication {
  noticeId: string;
  /** From the publish request to its answer, ms. */
  answerMs: number;
  /** From the publish request to the first 200 of the public notice, ms. */
  visibleMs: number;
}

export async function publishOne(api: Api, office: Office, resultId: string): Promise<Publication> {
  const t = performance.now();
  const res = await api.post(`/api/results/${resultId}/publish`, {}, office.officer);
  const answered = performance.now();
  const issued = expectStatus(res, 200, `publish ${resultId}`);
  const visible = await waitVisible(api, issued.noticeId);
  return { noticeId: issued.noticeId, answerMs: answered - t, visibleMs: visible - t };
}

/** Render + sign on `threads` worker threads, the jobs dealt round-robin; notices per second and each file's SHA-256. */
async function rawRun(workers: Worker[], jobs: RawJob[]): Promise<{ perSecond: number; sha256: string[] }> {
  const shares = workers.map((_, w) => jobs.filter((_, i) => i % workers.length === w));
  const t = performance.now();
  const replies = await Promise.all(workers.map((w, i) => ask(w, { type: "run", jobs: shares[i] as RawJob[] })));
  const seconds = (performance.now() - t) / 1000;
  const sha256: string[] = [];
  jobs.forEach((_, i) => {
    const reply = replies[i % workers.length] as Extract<RawReply, { type: "done" }>;
    sha256.push(reply.sha256[Math.floor(i / workers.length)] as string);
  });
  return { perSecond: jobs.length / seconds, sha256 };
}

function ask(worker: Worker, msg: RawRequest): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const onError = (err: unknown) => {
      worker.off("message", resolve);
      reject(err);
    };
    worker.once("message", (reply: RawReply) => {
      worker.off("error", onError);
      resolve(reply);
    });
    worker.once("error", onError);
    worker.postMessage(msg);
  });
}

/** The notices service's renderAndSignNotice input, rebuilt from a notice's public answer. */
function rawJob(notice: Record<string, unknown>, publicBaseUrl: string, location: string): RawJob {
  const publishedAt = new Date(notice.publishedAt as string);
  const input: NoticeInput = {
    category: notice.kind as NoticeInput["category"],
    issuingBody: notice.bodyName as string,
    documentNumber: notice.decisionNo as string,
    fields: notice.fields as NoticeInput["fields"],
    sections: notice.sections as NoticeInput["sections"],
    publishedOn: publishedAt,
    verificationCode: notice.verifyCode as string,
    publicBaseUrl,
    createdAt: publishedAt,
  };
  return { input, location, signingTime: publishedAt };
}

export interface PublishRound {
  published: number;
  errors: number;
  seconds: number;
  perSecond: number;
  /** Publish request → public, under load (at CONCURRENCY). */
  loadedP50Ms: number;
  loadedP99Ms: number;
  sequential: number;
  /** Publish request → public, one at a time. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Publish request → its answer, one at a time (the rest of p50Ms is the first public read). */
  answerP50Ms: number;
  rawPerSecond: number;
  rawOneThreadPerSecond: number;
  rawMismatches: number;
  ratio: number;
  /** CPU time per notice of the batch, by process (Linux only). */
  cpuMsPerNotice?: CpuPerNotice;
}

export interface PublishResult {
  /** Each platform process's peak RSS (MB) over the suite (VmHWM at its end). */
  peakRssMb: Record<string, number>;
  notices: number;
  sequential: number;
  concurrency: number;
  rawThreads: number;
  rounds: PublishRound[];
  perSecond: Spread;
  rawPerSecond: Spread;
  rawOneThreadPerSecond: Spread;
  ratio: Spread;
  p50Ms: Spread;
  p95Ms: Spread;
  answerP50Ms: Spread;
  loadedP50Ms: Spread;
  errors: number;
  rawMismatches: number;
  cpuMsPerNotice?: Record<keyof CpuPerNotice, Spread>;
}

export async function publish(opts: SuiteOptions): Promise<PublishResult> {
  const batch = opts.quick ? 120 : 600;
  const sequential = opts.quick ? 20 : 50;
  opts.log(`publish: starting the platform (gateway | the rest, over NATS)`);
  const platform = await startPlatform();
  const workers: Worker[] = [];
  try {
    const { api } = platform;
    const t0 = performance.now();
    const office = await setUpOffice(api);
    const total = WARM_UP + opts.rounds * (batch + sequential);
    const drafts: string[] = new Array(total);
    await eachLimit(
      Array.from({ length: total }, (_, i) => i),
      8,
      async (i) => {
        drafts[i] = await draftResult(api, office, i + 1);
      },
    );
    opts.log(`publish: ${total} draft results in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)`);

    const signingDir = path.join(platform.env.DATA_DIR as string, "signing");
    const pem: SigningIdentityPem = {
      certificatePem: fs.readFileSync(path.join(signingDir, "platform-cert.pem"), "utf8"),
      privateKeyPem: fs.readFileSync(path.join(signingDir, "platform-key.pem"), "utf8"),
    };
    for (let i = 0; i < RAW_THREADS; i++) workers.push(startWorker(new URL("../render-worker.ts", import.meta.url)));
    await Promise.all(workers.map((w) => ask(w, { type: "identity", pem })));

    const publicBaseUrl = platform.env.PUBLIC_BASE_URL as string;
    const jobsOf = async (noticeIds: string[]) => {
      const jobs: RawJob[] = [];
      const sha256: string[] = [];
      for (const id of noticeIds) {
        const notice = expectStatus(await api.get(`/api/public/notices/${id}`), 200, `notice ${id}`);
        jobs.push(rawJob(notice, publicBaseUrl, "中国"));
        sha256.push(notice.sha256);
      }
      return { jobs, sha256 };
    };

    // Warm-up (JIT, pools, fonts) of the platform and of the raw workers.
    const warm: string[] = [];
    await eachLimit(drafts.slice(0, WARM_UP), CONCURRENCY, async (id) => {
      warm.push((await publishOne(api, office, id)).noticeId);
    });
    let next = WARM_UP;
    const warmJobs = await jobsOf(warm);
    await rawRun(workers, warmJobs.jobs);

    const rounds: PublishRound[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const mine = drafts.slice(next, next + batch);
      next += batch;
      const published: Publication[] = [];
      let errors = 0;
      const pids = platform.procs.map((p) => p.child.pid as number);
      const cpuBefore = cpuSnapshot(pids[0] as number, pids[1] as number);
      const t = performance.now();
      await eachLimit(mine, CONCURRENCY, async (id) => {
        try {
          published.push(await publishOne(api, office, id));
        } catch (err) {
          errors++;
          opts.log(`publish: ${String(err)}`);
        }
      });
      const seconds = (performance.now() - t) / 1000;
      const cpu = cpuPerNotice(cpuBefore, cpuSnapshot(pids[0] as number, pids[1] as number), published.length);

      const one: Publication[] = [];
      for (const id of drafts.slice(next, next + sequential)) one.push(await publishOne(api, office, id));
      next += sequential;

      const { jobs, sha256 } = await jobsOf(published.map((p) => p.noticeId));
      const raw = await rawRun(workers, jobs);
      const rawOne = await rawRun(workers.slice(0, 1), jobs);
      const rawMismatches = raw.sha256.filter((h, i) => h !== sha256[i]).length;

      const loaded = published.map((p) => p.visibleMs);
      const visible = one.map((p) => p.visibleMs);
      const answers = one.map((p) => p.answerMs);
      const perSecond = published.length / seconds;
      const result: PublishRound = {
        published: published.length,
        errors,
        seconds: round(seconds),
        perSecond: round(perSecond, 1),
        loadedP50Ms: round(percentile(loaded, 50)),
        loadedP99Ms: round(percentile(loaded, 99)),
        sequential: one.length,
        p50Ms: round(percentile(visible, 50)),
        p95Ms: round(percentile(visible, 95)),
        maxMs: round(Math.max(...visible)),
        answerP50Ms: round(percentile(answers, 50)),
        rawPerSecond: round(raw.perSecond, 1),
        rawOneThreadPerSecond: round(rawOne.perSecond, 1),
        rawMismatches,
        ratio: round(perSecond / raw.perSecond, 3),
        cpuMsPerNotice: cpu,
      };
      opts.log(`publish round ${r + 1}: ${JSON.stringify(result)}`);
      rounds.push(result);
    }
    const over = (f: (x: PublishRound) => number, digits = 2) => spread(rounds.map(f), digits);
    const cpus = rounds.map((x) => x.cpuMsPerNotice).filter((x): x is CpuPerNotice => x !== undefined);
    const cpuKeys = Object.keys(cpus[0] ?? {}) as (keyof CpuPerNotice)[];
    const cpuOf = (k: keyof CpuPerNotice) => cpus.map((c) => c[k]);
    return {
      peakRssMb: peakRssMb(platform.procs),
      notices: batch,
      sequential,
      concurrency: CONCURRENCY,
      rawThreads: RAW_THREADS,
      rounds,
      perSecond: over((x) => x.perSecond, 1),
      rawPerSecond: over((x) => x.rawPerSecond, 1),
      rawOneThreadPerSecond: over((x) => x.rawOneThreadPerSecond, 1),
      ratio: over((x) => x.ratio, 3),
      p50Ms: over((x) => x.p50Ms),
      p95Ms: over((x) => x.p95Ms),
      answerP50Ms: over((x) => x.answerP50Ms),
      loadedP50Ms: over((x) => x.loadedP50Ms),
      errors: rounds.reduce((sum, x) => sum + x.errors, 0),
      rawMismatches: rounds.reduce((sum, x) => sum + x.rawMismatches, 0),
      cpuMsPerNotice: cpus.length
        ? (Object.fromEntries(cpuKeys.map((k) => [k, spread(cpuOf(k), 1)])) as Record<keyof CpuPerNotice, Spread>)
        : undefined,
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await platform.stop();
  }
}
