import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { tempSqlitePath } from "../support/temp-dir.js";

let service: RunningService;

beforeAll(async () => {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_FIXED_NOW: "2026-06-17T03:00:00Z",
    PROMISE_LOG_LEVEL: "silent",
  });
  service = await startService(config, createLogger(config));
});

afterAll(async () => {
  await service?.stop(1000);
});

describe("the risk pass thread of a service", () => {
  it("is not started when the first sweep has no bulk work (no stored promises)", async () => {
    await expect.poll(() => service.riskMonitor.checks, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(service.riskWorker).toBeDefined();
    expect([service.riskWorker!.starts, service.riskWorker!.running]).toEqual([0, false]);
  });
});
