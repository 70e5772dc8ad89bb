import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../../src/cli/run-cli.js";
import { fixedClock } from "../../src/config/clock.js";
import { formatIsoDay } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import type { PromiseServiceClient } from "../../src/grpc/generated/promise/v1/PromiseService.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { reloadNetwork } from "../../src/lifecycle/reload-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { ruleLine } from "../../src/sim/plan-peak-rules.js";
import { renderReport } from "../../src/sim/render-report.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { LiveView } from "../../src/view/live-view.js";
import { ts, unary } from "../grpc/grpc-test-helpers.js";
import { startServiceProcess } from "../lifecycle/lifecycle-helpers.js";
import { capacityScenario, scenarioOf, smallNetwork } from "./scenario-fixtures.js";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const RULE =
  '  - { name: "planner (150 orders against 100 a day): 1 buffer day for s1", from: "2026-06-01", to: "2026-06-03", services: [s1], widen_days: 1 }';

/** The small network with stock, written as a file with a comment that must survive. */
function networkFile(dir: string): string {
  const network = { ...smallNetwork(), stock: [{ sku: "TEE", warehouse: "w1", on_hand: 1000 }] };
  const path = join(dir, "network.yaml");
  writeFileSync(path, `# the planner's test network\n${stringify(network)}`);
  return path;
}

/** The simulation's results: without capacity-aware promising, s1 needs one buffer day. */
function resultsFile(dir: string): string {
  const input = capacityScenario(false);
  input.questions = { min_buffer_days: true };
  const report = simulateSync(scenarioOf(input));
  expect(report.answers.buffer).toContainEqual(
    expect.objectContaining({ serviceId: "s1", bufferDays: 1, found: true }),
  );
  // The report states the same change.
  expect(report.applyPreview.map((r) => `  - ${ruleLine(r.rule)}`)).toEqual([RULE]);
  expect(renderReport(report)).toContain(
    `<li>promises of s1 shipping 2026-06-01..2026-06-03 end 1 delivery day later (widen_days 1), so that 95% are kept every day<br><code>`,
  );
  const path = join(dir, "results.json");
  writeFileSync(path, JSON.stringify(report));
  return path;
}

/** The latest delivery date the live network promises for one TEE ordered Monday 09:00 UTC. */
function latestPromised(live: LiveView): string {
  const net = live.network;
  const zone = resolveDestination(net, { countryCode: "TH", postalCode: "10110" });
  const { options } = estimate(net, live.stock, live.capacity, {
    dominatedOptions: "show",
    skuIndex: live.stock.skuIndex("TEE"),
    quantity: 1,
    zone,
    atMs: Date.parse("2026-06-01T09:00:00Z"),
  });
  return formatIsoDay(options[0]!.latestDay);
}

describe("promise apply", () => {
  it("shows the rule and a diff without writing, then writes it, and a reload promises the buffer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promise-apply-"));
    const network = networkFile(dir);
    const results = resultsFile(dir);
    const original = readFileSync(network, "utf8");
    const clock = fixedClock(Date.parse("2026-06-01T09:00:00Z"));
    const live = new LiveView({ file: loadNetworkFile(network), clock });
    expect(latestPromised(live)).toBe("2026-06-02");

    const dry = new Capture();
    expect(
      await runCli(["apply", results, "--network", network], {
        stdout: dry,
        stderr: new Capture(),
      }),
    ).toBe(0);
    expect(dry.text).toContain(
      "150 orders against 100 a day: 1 peak rule to add, 0 earlier planner rules to replace\n  + promises of s1 shipping 2026-06-01..2026-06-03 end 1 delivery day later (widen_days 1), so that 95% are kept every day\n",
    );
    expect(dry.text).toContain(`+peaks:\n+${RULE}\n`);
    expect(dry.text).toContain("dry run: nothing written");
    expect(readFileSync(network, "utf8")).toBe(original);

    const write = new Capture();
    expect(
      await runCli(["apply", results, "--network", network, "--write"], {
        stdout: write,
        stderr: new Capture(),
      }),
    ).toBe(0);
    expect(write.text).toContain(`written: ${network}`);
    const after = readFileSync(network, "utf8");
    expect(after.startsWith("# the planner's test network\n")).toBe(true);
    expect(after).toContain(`peaks:\n${RULE}\n`);

    const reload = reloadNetwork({ live, path: network, clock });
    expect(reload).toMatchObject({ reloaded: true, errors: [] });
    // Ship Monday, delivered Tuesday at best; the buffer moves the latest date to Wednesday.
    expect(latestPromised(live)).toBe("2026-06-03");

    // Applying the same results again replaces the planner's rule instead of stacking it.
    const again = new Capture();
    expect(
      await runCli(["apply", results, "--network", network, "--write"], {
        stdout: again,
        stderr: new Capture(),
      }),
    ).toBe(0);
    expect(again.text).toContain("1 peak rule to add, 1 earlier planner rule to replace");
    expect(again.text).toContain("no change to the network file");
    expect(readFileSync(network, "utf8")).toBe(after);
  });

  it("writes and reloads a running service through AdminService, whose next estimate shows the buffer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promise-apply-"));
    const network = networkFile(dir);
    const results = resultsFile(dir);
    const token = "apply-test-admin-token";
    const { process: service, port } = await startServiceProcess({
      PROMISE_NETWORK_FILE: network,
      PROMISE_FIXED_NOW: "2026-06-01T08:00:00Z",
      PROMISE_TOKENS: JSON.stringify([{ name: "planner-test", role: "admin", token }]),
    });
    const { proto } = loadProto();
    const client = new proto.promise.v1.PromiseService(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    ) as unknown as PromiseServiceClient;
    const latest = async (): Promise<string> => {
      const reply = await unary(client.Estimate.bind(client), {
        sku: "TEE",
        quantity: 1,
        destination: { countryCode: "TH", postalCode: "10110" },
        at: ts("2026-06-01T09:00:00Z"),
      });
      return reply.options[0]!.deliveryLatest;
    };
    try {
      expect(await latest()).toBe("2026-06-02");
      const stdout = new Capture();
      const stderr = new Capture();
      const code = await runCli(
        [
          "apply",
          results,
          "--network",
          network,
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
      expect(stdout.text).toMatch(/^reloaded: network version \S+$/m);
      expect(await latest()).toBe("2026-06-03");
    } finally {
      client.close();
      service.kill();
      await service.exited;
    }
  }, 60_000);

  it("refuses a file that is not simulation results, and needs --network", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promise-apply-"));
    const bogus = join(dir, "bogus.json");
    writeFileSync(bogus, "{}");
    const stderr = new Capture();
    expect(
      await runCli(["apply", bogus, "--network", networkFile(dir)], {
        stdout: new Capture(),
        stderr,
      }),
    ).toBe(1);
    expect(stderr.text).toBe(
      `promise: ${bogus}: not the results of promise simulate --json (scenario, runs and answers expected)\n`,
    );
    expect(await runCli(["apply", bogus], { stdout: new Capture(), stderr: new Capture() })).toBe(
      2,
    );
  });
});
