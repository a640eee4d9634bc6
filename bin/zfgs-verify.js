#!/usr/bin/env node
// The offline verifier's entry point: runs src/zfgs-verify.ts through tsx (no build step).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/zfgs-verify.ts");
process.exitCode = await main(process.argv.slice(2));
