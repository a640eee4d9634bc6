/**
 * `npm test`'s test runner: two vitest processes side by side. Most of an integration suite's time
 * is waiting — on the processes it starts, the bus, the database — so the integration suites run
 * beside the browser, unit and use-case suites instead of after them; each stream still runs its
 * files one at a time (vitest.config.ts), so at most two platforms are up at once. The two longest
 * integration suites join the second stream to even the streams out.
 *
 * With arguments (`npm test -- tests/unit/x.test.ts`), one vitest runs them as given.
 * The last line sums both streams: "Tests: N passed, N failed", the line CI tooling reads.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { ensureBuilt } from "../src/build.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const VITEST = path.join(ROOT, "node_modules", ".bin", "vitest");

/** Long integration suites that run in the second stream (each over a minute; see BENCHMARKS.md). */
const BESIDE = ["tests/integration/runtime.test.ts", "tests/integration/durability.test.ts"];

const STREAMS = [
  { name: "integration", args: ["tests/integration", ...BESIDE.flatMap((f) => ["--exclude", f])] },
  { name: "browser+unit", args: ["tests/unit", "tests/app", "tests/k8s", "tests/browser", ...BESIDE] },
];

interface Outcome {
  code: number;
  passed: number;
  failed: number;
  skipped: number;
}

const SUMMARY = /^Tests: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;

function run(name: string, args: string[], prefix: boolean): Promise<Outcome> {
  const child = spawn(VITEST, ["run", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
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

async function main(): Promise<void> {
  // Built once here, so the streams' own check (tests/support/global-setup.ts) finds it current.
  await ensureBuilt();
  const given = process.argv.slice(2);
  if (given.length > 0) {
    process.exitCode = (await run("vitest", given, false)).code;
    return;
  }
  const outcomes = await Promise.all(STREAMS.map((s) => run(s.name, s.args, true)));
  const sum = (k: "passed" | "failed" | "skipped") => outcomes.reduce((n, o) => n + o[k], 0);
  console.log(
    `\nTests: ${sum("passed")} passed, ${sum("failed")} failed${sum("skipped") ? `, ${sum("skipped")} skipped` : ""}`,
  );
  // A stream that died before its summary failed, whatever it counted.
  process.exitCode = outcomes.some((o) => o.code !== 0) ? 1 : 0;
}

await main();
