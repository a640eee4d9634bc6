/** Shared helpers for the benchmark suites: statistics over rounds and a small HTTP load generator. */
import fs from "node:fs";
import http from "node:http";

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(xs: number[], digits = 2): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return {
    min: round(s[0] ?? NaN, digits),
    median: round(median, digits),
    max: round(s[s.length - 1] ?? NaN, digits),
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * GETs `url` (127.0.0.1 only) from `concurrency` keep-alive connections for `durationMs`, or until
 * `maxRequests` responses arrived. A response other than 200 counts as an error, not as a request.
 */
export async function load(
  url: string,
  concurrency: number,
  durationMs: number,
  maxRequests = 1_000_000,
): Promise<LoadResult> {
  const target = new URL(url);
  if (target.hostname !== "127.0.0.1") throw new Error(`load generator only targets 127.0.0.1, not ${target.host}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const one = () =>
    new Promise<number>((resolve) => {
      const req = http.get(
        { agent, host: target.hostname, port: target.port, path: target.pathname + target.search },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", () => resolve(0));
        },
      );
      req.setTimeout(30_000, () => req.destroy());
      req.on("error", () => resolve(0));
    });
  const worker = async () => {
    while (performance.now() < deadline && started < maxRequests) {
      started++;
      const t = performance.now();
      const status = await one();
      if (status === 200) latencies.push(performance.now() - t);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return loadResult(latencies, errors, seconds);
}

/** A run's figures: requests answered, failures, rate and latency percentiles. */
function loadResult(latencies: number[], errors: number, seconds: number): LoadResult {
  return {
    requests: latencies.length,
    errors,
    seconds: round(seconds),
    rps: round(latencies.length / seconds, 1),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

export interface SuiteOptions {
  quick: boolean;
  rounds: number;
  log: (line: string) => void;
}

export interface SequenceTarget {
  path: string;
  cls: string;
}

export interface ClassResult {
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface SequenceResult extends LoadResult {
  byClass: Record<string, ClassResult>;
  /** Answers other than 200, by "status path" (the first few of each status). */
  failures: Record<string, number>;
  failureSamples: string[];
}

/**
 * GETs every path of `sequence` once, in order, from `concurrency` keep-alive connections (each takes
 * the next path when its previous answer is in): the same requests for every target. An answer
 * other than 200 is an error.
 */
export async function loadSequence(
  baseUrl: string,
  sequence: readonly SequenceTarget[],
  concurrency: number,
): Promise<SequenceResult> {
  const target = new URL(baseUrl);
  if (target.hostname !== "127.0.0.1") throw new Error(`load generator only targets 127.0.0.1, not ${target.host}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const perClass = new Map<string, { latencies: number[]; errors: number }>();
  const failures: Record<string, number> = {};
  const failureSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const one = (t: SequenceTarget) =>
    new Promise<number>((resolve) => {
      const req = http.get({ agent, host: target.hostname, port: target.port, path: t.path }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      });
      req.setTimeout(30_000, () => req.destroy());
      req.on("error", () => resolve(0));
    });
  const t0 = performance.now();
  const worker = async () => {
    while (next < sequence.length) {
      const t = sequence[next++] as SequenceTarget;
      let c = perClass.get(t.cls);
      if (!c) perClass.set(t.cls, (c = { latencies: [], errors: 0 }));
      const started = performance.now();
      const status = await one(t);
      const ms = performance.now() - started;
      if (status === 200) {
        latencies.push(ms);
        c.latencies.push(ms);
      } else {
        errors++;
        c.errors++;
        failures[status] = (failures[status] ?? 0) + 1;
        if (failureSamples.length < 10) failureSamples.push(`${status} ${t.path}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  const byClass: Record<string, ClassResult> = {};
  for (const [cls, c] of [...perClass].sort(([a], [b]) => a.localeCompare(b)))
    byClass[cls] = {
      requests: c.latencies.length,
      errors: c.errors,
      p50Ms: round(percentile(c.latencies, 50)),
      p99Ms: round(percentile(c.latencies, 99)),
    };
  return {
    ...loadResult(latencies, errors, seconds),
    byClass,
    failures,
    failureSamples,
  };
}

/**
 * Each process's peak resident set (VmHWM of /proc/<pid>/status, MB) since it started: read at the
 * end of a suite, before the processes stop. A process already gone (or a system without /proc) is
 * left out.
 */
export function peakRssMb(procs: readonly { name: string; child: { pid?: number } }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of procs) {
    if (!p.child.pid) continue;
    try {
      const status = fs.readFileSync(`/proc/${p.child.pid}/status`, "utf8");
      const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
      if (kb) out[p.name] = round(Number(kb) / 1024, 1);
    } catch {
      // the process has exited
    }
  }
  return out;
}
