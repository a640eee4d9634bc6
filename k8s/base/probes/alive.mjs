// Liveness of a pod that has no HTTP port (every service but the gateway): the main process
// (PID 1) exists and is neither stopped nor a zombie. That is all it proves: a blocked event loop
// goes unnoticed until these services get an HTTP health endpoint like the gateway's.
// PROBE_PID (unset in pods) lets tests/k8s point it at another process.
import fs from "node:fs";

let state;
try {
  const stat = fs.readFileSync(`/proc/${process.env.PROBE_PID || "1"}/stat`, "utf8");
  state = stat.charAt(stat.lastIndexOf(")") + 2);
} catch {
  process.exit(1);
}
process.exit("ZXxTt".includes(state) ? 1 : 0);
