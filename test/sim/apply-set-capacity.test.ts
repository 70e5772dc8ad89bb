import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../../src/cli/run-cli.js";
import type { AdminServiceClient } from "../../src/grpc/generated/promise/v1/AdminService.js";
import type { GetWarehouseThroughputResponse__Output } from "../../src/grpc/generated/promise/v1/GetWarehouseThroughputResponse.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { renderReport } from "../../src/sim/render-report.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { startServiceProcess } from "../lifecycle/lifecycle-helpers.js";
import { capacityScenario, scenarioOf, smallNetwork } from "./scenario-fixtures.js";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * 150 orders on Monday 2026-06-01 against 100 a day: the smallest daily capacity that keeps 95%
 * is 143 (143 of 150 = 95.3%; 142 = 94.7%), on each working day of the window Mon-Wed.
 */
function setup(): { network: string; results: string } {
  const dir = mkdtempSync(join(tmpdir(), "promise-apply-capacity-"));
  const network = join(dir, "network.yaml");
  writeFileSync(
    network,
    stringify({ ...smallNetwork(), stock: [{ sku: "TEE", warehouse: "w1", on_hand: 1000 }] }),
  );
  const input = capacityScenario(false);
  input.questions = { min_capacity: ["w1"] };
  const report = simulateSync(scenarioOf(input));
  expect(report.answers.capacity).toEqual([
    expect.objectContaining({ warehouseId: "w1", dailyCapacity: 143, found: true }),
  ]);
  // The report states the same change before anything is applied.
  expect(renderReport(report)).toContain(
    "as 3 per-date overrides (before: what this simulation counted): w1 2026-06-01: 100 → 143; w1 2026-06-02: 100 → 143; w1 2026-06-03: 100 → 143.</p>",
  );
  const results = join(dir, "results.json");
  writeFileSync(results, JSON.stringify(report));
  return { network, results };
}

const DRY_RUN = `150 orders against 100 a day: 0 peak rules to add, 0 earlier planner rules to replace
no change to the network file
capacity through AdminService.SetCapacity: 3 dates (before: what the simulation counted)
  w1 2026-06-01: 100 -> 143
  w1 2026-06-02: 100 -> 143
  w1 2026-06-03: 100 -> 143
`;

describe("promise apply --set-capacity", () => {
  it("shows each date's capacity change in the dry run and writes nothing", async () => {
    const { network, results } = setup();
    const before = readFileSync(network, "utf8");
    const stdout = new Capture();
    const code = await runCli(["apply", results, "--network", network, "--set-capacity"], {
      stdout,
      stderr: new Capture(),
    });
    expect(code).toBe(0);
    expect(stdout.text).toBe(
      `${DRY_RUN}dry run: nothing written (add --write --admin <host:port> to apply)\n`,
    );
    expect(readFileSync(network, "utf8")).toBe(before);
    const stderr = new Capture();
    expect(
      await runCli(["apply", results, "--network", network, "--set-capacity", "--write"], {
        stdout: new Capture(),
        stderr,
      }),
    ).toBe(2);
    expect(stderr.text).toContain(
      "--set-capacity --write sends the capacity through AdminService: add --admin <host:port>",
    );
  });

  it("sets the capacity of a running service through AdminService.SetCapacity", async () => {
    const { network, results } = setup();
    const token = "apply-capacity-admin-token";
    const { process: service, port } = await startServiceProcess({
      PROMISE_NETWORK_FILE: network,
      PROMISE_FIXED_NOW: "2026-06-01T08:00:00Z",
      PROMISE_TOKENS: JSON.stringify([{ name: "planner-test", role: "admin", token }]),
    });
    const { proto } = loadProto();
    const admin = new proto.promise.v1.AdminService(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    ) as unknown as AdminServiceClient;
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${token}`);
    const capacities = () =>
      new Promise<[string, number][]>((resolve, reject) => {
        admin.GetWarehouseThroughput(
          { warehouseId: "w1", days: 5 },
          metadata,
          (error: grpc.ServiceError | null, reply?: GetWarehouseThroughputResponse__Output) => {
            if (error !== null || reply === undefined) reject(error);
            else resolve(reply.warehouses[0]!.days.map((d) => [d.date, d.capacity]));
          },
        );
      });
    try {
      // Monday to Friday (the weekend is closed and not listed as open days).
      const week = ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05"];
      expect((await capacities()).filter(([d]) => week.includes(d))).toEqual(
        week.map((d) => [d, 100]),
      );
      const stdout = new Capture();
      const stderr = new Capture();
      const code = await runCli(
        [
          "apply",
          results,
          "--network",
          network,
          "--set-capacity",
          "--write",
          "--admin",
          `127.0.0.1:${port}`,
          "--token",
          token,
        ],
        { stdout, stderr },
      );
      expect(stderr.text).toBe("");
      expect(code).toBe(0);
      expect(stdout.text).toBe(`${DRY_RUN}capacity set: 3 dates at w1\n`);
      expect((await capacities()).filter(([d]) => week.includes(d))).toEqual([
        ["2026-06-01", 143],
        ["2026-06-02", 143],
        ["2026-06-03", 143],
        ["2026-06-04", 100],
        ["2026-06-05", 100],
      ]);
    } finally {
      admin.close();
      service.kill();
      await service.exited;
    }
  }, 60_000);
});
