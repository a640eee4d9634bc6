import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Platforms under test run dist/main.mjs: built first when the sources are newer.
    globalSetup: ["tests/support/global-setup.ts"],
    // Integration suites start real processes; they run one file at a time to fit two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
