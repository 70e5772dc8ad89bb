import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EstimateResponse__Output } from "../../src/grpc/generated/promise/v1/EstimateResponse.js";
import type { PromiseServiceClient } from "../../src/grpc/generated/promise/v1/PromiseService.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { FIXTURE_NETWORK, NOW_ISO, ts, unary } from "../grpc/grpc-test-helpers.js";
import { healthStatus, type ServiceProcess, startServiceProcess } from "./lifecycle-helpers.js";

let dir: string;
let networkFile: string;
const running: ServiceProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "promise-signals-"));
});

afterEach(() => {
  for (const p of running.splice(0)) p.kill();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function baseEnv(): Record<string, string> {
  networkFile = join(dir, `network-${Math.random().toString(36).slice(2)}.yaml`);
  copyFileSync(FIXTURE_NETWORK, networkFile);
  return {
    PROMISE_NETWORK_FILE: networkFile,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_SQLITE_PATH: join(dir, `promise-${Math.random().toString(36).slice(2)}.db`),
    PROMISE_LOG_LEVEL: "info",
  };
}

function clientFor(port: number): PromiseServiceClient {
  const { proto } = loadProto();
  return new proto.promise.v1.PromiseService(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
}

/** Kerry's ship date for SKU-A ordered Thursday 26 Nov 2026 10:00 in Bangkok (cut-off 14:00). */
async function kerryShipDate(client: PromiseServiceClient): Promise<string> {
  const reply = await unary<object, EstimateResponse__Output>(client.Estimate.bind(client), {
    sku: "SKU-A",
    quantity: 1,
    destination: { countryCode: "TH", postalCode: "10110" },
    at: ts("2026-11-26T10:00:00+07:00"),
  });
  return reply.options.find((o) => o.serviceId === "kerry-express")!.shipDate;
}

describe("SIGHUP", () => {
  it("reloads a changed network file, and keeps the old network when the new file is bad", async () => {
    const { process: service, port } = await startServiceProcess(baseEnv());
    running.push(service);
    const client = clientFor(port);
    try {
      expect(await kerryShipDate(client)).toBe("2026-11-26");

      // The Bangkok cut-off moves from 14:00 to 09:00: a 10:00 order now ships the next day.
      const text = readFileSync(networkFile, "utf8");
      writeFileSync(networkFile, text.replace('default: "14:00"', 'default: "09:00"'));
      let from = service.lines.length;
      service.child.kill("SIGHUP");
      const reloaded = await service.waitForLine("network reloaded", from);
      expect(reloaded["file"]).toBe(networkFile);
      expect(await kerryShipDate(client)).toBe("2026-11-27");

      // A time zone that does not exist: rejected, the 09:00 network keeps serving.
      writeFileSync(
        networkFile,
        text
          .replace('default: "14:00"', 'default: "09:00"')
          .replace("time_zone: Asia/Bangkok", "time_zone: Mars/Olympus_Mons"),
      );
      from = service.lines.length;
      service.child.kill("SIGHUP");
      const rejected = await service.waitForLine(
        "network reload rejected: the old network keeps serving",
        from,
      );
      const errors = rejected["errors"] as string[];
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]).toContain(`${networkFile}:15: warehouses[0].time_zone`);
      expect(await kerryShipDate(client)).toBe("2026-11-27");
    } finally {
      client.close();
    }
  });
});

describe("SIGTERM", () => {
  it("reports NOT_SERVING while draining, then exits 0", async () => {
    const { process: service, port } = await startServiceProcess({
      ...baseEnv(),
      // long enough to look at health while the calls are still served
      PROMISE_DRAIN_DELAY_MS: "3000",
      PROMISE_SHUTDOWN_GRACE_MS: "8000",
    });
    running.push(service);
    const address = `127.0.0.1:${port}`;
    expect(await healthStatus(address)).toBe("SERVING");

    service.child.kill("SIGTERM");
    await service.waitForLine("draining");
    expect(await healthStatus(address)).toBe("NOT_SERVING");
    expect(await healthStatus(address, "promise.v1.PromiseService")).toBe("NOT_SERVING");

    const exit = await service.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(service.lines.at(-1)?.["msg"]).toBe("stopped");
    // and nothing listens any more
    expect(await healthStatus(address)).toBe(grpc.status.UNAVAILABLE);
  });
});
