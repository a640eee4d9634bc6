#!/usr/bin/env node
// The offline verifier's entry point: runs src/zfgs-verify.ts through tsx (no build step).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/zfgs-verify.ts");
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(`zfgs-verify: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
