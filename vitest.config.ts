import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Engine suites pin their own zone per run (see test/host-zone.test.ts); the default is UTC.
    env: { TZ: "UTC" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
