/** Shared helpers for the benchmark suites: statistics over rounds and a small HTTP load generator. */
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
