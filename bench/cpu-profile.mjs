/**
 * A V8 CPU profile of a platform process (node refuses --cpu-prof in NODE_OPTIONS): loaded with
 * `NODE_OPTIONS=--import <this file>` and BENCH_CPU_PROF_DIR=<dir>, it samples every millisecond
 * from the start and writes CPU.<pid>.cpuprofile (Chrome DevTools' format) when the process exits.
 */
import fs from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  // An in-thread session answers synchronously, so the profile is written before the exit ends.
  process.on("exit", () => {
    session.post("Profiler.stop", (err, res) => {
      if (!err) fs.writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
