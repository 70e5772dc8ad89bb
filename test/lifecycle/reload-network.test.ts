import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/config/clock.js";
import { reloadNetwork } from "../../src/lifecycle/reload-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { LiveView } from "../../src/view/live-view.js";
import { FIXTURE_NETWORK, NOW_ISO } from "../grpc/grpc-test-helpers.js";

const NOW = Date.parse(NOW_ISO);
let dir: string;
let path: string;
let original: string;
let live: LiveView;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "promise-reload-"));
  original = readFileSync(FIXTURE_NETWORK, "utf8");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  path = join(dir, "network.yaml");
  copyFileSync(FIXTURE_NETWORK, path);
  live = new LiveView({ file: loadNetworkFile(path), clock: fixedClock(NOW) });
});

describe("reloadNetwork", () => {
  it("swaps in a changed file and says which version now serves", () => {
    writeFileSync(path, original.replace('default: "14:00"', 'default: "09:00"'));
    const before = live.current;
    const result = reloadNetwork({ live, path, clock: fixedClock(NOW) });
    expect(result).toEqual({
      reloaded: true,
      networkVersion: live.network.version,
      errors: [],
      atMs: NOW,
    });
    expect(live.current).not.toBe(before);
    expect(live.current.generation).toBe(before.generation + 1);
    expect(live.networkFile.warehouses[0]!.cutoff.default).toBe("09:00");
  });

  it("keeps the old network and returns every problem of a bad file", () => {
    writeFileSync(
      path,
      original
        .replace("time_zone: Asia/Bangkok", "time_zone: Mars/Olympus_Mons")
        .replace("time_zone: Asia/Ho_Chi_Minh", "time_zone: Moon/Tranquility"),
    );
    const before = live.current;
    const metrics = createMetrics({ processMetrics: false });
    const result = reloadNetwork({
      live,
      path,
      clock: fixedClock(NOW),
      counter: metrics.networkReloads,
    });
    expect(result.reloaded).toBe(false);
    expect(result.networkVersion).toBe(before.network.version);
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(new RegExp(`^${path}:15: warehouses\\[0\\]\\.time_zone: `));
    expect(result.errors[1]).toMatch(new RegExp(`^${path}:28: warehouses\\[1\\]\\.time_zone: `));
    expect(live.current).toBe(before);
  });

  it("keeps the old network when the file is gone or not YAML", () => {
    const before = live.current;
    rmSync(path);
    expect(reloadNetwork({ live, path, clock: fixedClock(NOW) }).errors).toEqual([
      `${path}: file not found`,
    ]);
    writeFileSync(path, "warehouses: [\n");
    const broken = reloadNetwork({ live, path, clock: fixedClock(NOW) });
    expect(broken.reloaded).toBe(false);
    expect(broken.errors).toHaveLength(1);
    expect(live.current).toBe(before);
  });

  it("counts reloads by result", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const counter = metrics.networkReloads;
    reloadNetwork({ live, path, clock: fixedClock(NOW), counter });
    writeFileSync(path, "not: [a network");
    reloadNetwork({ live, path, clock: fixedClock(NOW), counter });
    const text = await metrics.registry.metrics();
    expect(text).toContain('promise_network_reloads_total{result="reloaded"} 1\n');
    expect(text).toContain('promise_network_reloads_total{result="rejected"} 1\n');
  });
});
