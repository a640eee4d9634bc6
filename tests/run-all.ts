/**
 * `npm test`'s runner: two streams side by side, each a sequence of steps. Most of an integration
 * suite's time is waiting — on the processes it starts, the bus, the database — so the integration
 * suites run beside everything else instead of after it: the second stream runs the static checks
 * (format, lint, types), then the unit, use-case and manifest suites in one vitest process without
 * per-file isolation (pure modules: half the time of re-importing them for each of ~100 files), then
 * the browser suites and three long integration suites (BESIDE) to even the streams out. Those keep
 * a process per file: a file's leftovers (servers, timers, browsers) end with it, and measured, one
 * shared process made both streams ~5 % slower.
 * Each vitest runs its files one at a time (vitest.config.ts), so at most two platforms are up at once.
 *
 * With arguments (`npm test -- tests/unit/x.test.ts`), one vitest runs them as given (no checks).
 * The last line sums every step: "Tests: N passed, N failed", the line CI tooling reads.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { ensureBuilt } from "../src/build.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const VITEST = path.join(ROOT, "node_modules", ".bin", "vitest");

/** Integration suites that run in the second stream, to end both streams together (measured, BENCHMARKS.md). */
const BESIDE = [
  "tests/integration/runtime.test.ts",
  "tests/integration/durability.test.ts",
  "tests/integration/outage.test.ts",
];

interface Step {
  command: string;
  args: string[];
}

const vitest = (...args: string[]): Step => ({ command: VITEST, args: ["run", ...args] });

const STREAMS: { name: string; steps: Step[] }[] = [
  { name: "integration", steps: [vitest("tests/integration", ...BESIDE.flatMap((f) => ["--exclude", f]))] },
  {
    name: "checks+unit+browser",
    steps: [
      { command: "npm", args: ["run", "-s", "checks"] },
      vitest("tests/unit", "tests/app", "tests/k8s", "--no-isolate"),
      vitest("tests/browser", ...BESIDE),
    ],
  },
];

interface Outcome {
  code: number;
  passed: number;
  failed: number;
  skipped: number;
}

const SUMMARY = /^Tests: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;

function run(name: string, step: Step, prefix: boolean): Promise<Outcome> {
  const child = spawn(step.command, step.args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const outcome: Outcome = { code: 1, passed: 0, failed: 0, skipped: 0 };
  const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    readline.createInterface({ input: stream }).on("line", (line) => {
      const summary = SUMMARY.exec(line);
      if (summary) {
        outcome.passed = Number(summary[1]);
        outcome.failed = Number(summary[2]);
        outcome.skipped = Number(summary[3] ?? 0);
      }
      out.write(prefix ? `[${name}] ${line}\n` : `${line}\n`);
    });
  };
  if (child.stdout) relay(child.stdout, process.stdout);
  if (child.stderr) relay(child.stderr, process.stderr);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => resolve({ ...outcome, code: code ?? (signal ? 1 : 0) })),
  );
}

/** A stream's steps one after another, each run whatever the one before answered. */
async function runStream(name: string, steps: Step[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of steps) {
    const started = Date.now();
    const outcome = await run(name, step, true);
    const what = step.args.filter((a) => !a.startsWith("-")).join(" ");
    console.log(`[${name}] step "${what}" exit ${outcome.code} after ${Math.round((Date.now() - started) / 1000)} s`);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function main(): Promise<void> {
  // Built once here, so the streams' own check (tests/support/global-setup.ts) finds it current.
  await ensureBuilt();
  const given = process.argv.slice(2);
  if (given.length > 0) {
    process.exitCode = (await run("vitest", vitest(...given), false)).code;
    return;
  }
  const outcomes = (await Promise.all(STREAMS.map((s) => runStream(s.name, s.steps)))).flat();
  const sum = (k: "passed" | "failed" | "skipped") => outcomes.reduce((n, o) => n + o[k], 0);
  console.log(
    `\nTests: ${sum("passed")} passed, ${sum("failed")} failed${sum("skipped") ? `, ${sum("skipped")} skipped` : ""}`,
  );
  // A step that died before its summary (or the checks, which print none) failed, whatever it counted.
  process.exitCode = outcomes.some((o) => o.code !== 0) ? 1 : 0;
}

await main();
