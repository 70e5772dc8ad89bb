import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * Tests run the client package from its TypeScript sources (the `@promise/source` export
 * condition, as tsconfig.json's customConditions); test/client/built-client.test.ts checks the
 * built JavaScript and declarations that everyone else gets.
 */
const SOURCE_CONDITION = "@promise/source";

/** Suites whose results must not depend on the host's time zone run once per zone below. */
const ZONE_SENSITIVE = [
  "test/engine/**/*.test.ts",
  "test/network/**/*.test.ts",
  "test/sim/**/*.test.ts",
  "test/learning/**/*.test.ts",
];

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "utc", include: ["test/**/*.test.ts"], env: { TZ: "UTC" } },
      },
      {
        extends: true,
        test: { name: "tz-bangkok", include: ZONE_SENSITIVE, env: { TZ: "Asia/Bangkok" } },
      },
      {
        extends: true,
        test: {
          name: "tz-los-angeles",
          include: ZONE_SENSITIVE,
          env: { TZ: "America/Los_Angeles" },
        },
      },
    ],
  },
});
