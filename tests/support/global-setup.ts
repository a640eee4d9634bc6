/** Vitest's global set-up: the bundle the test platforms run (`dist/main.mjs`) is current. */
import { ensureBuilt } from "../../src/build.js";

export default async function setup(): Promise<void> {
  await ensureBuilt();
}
