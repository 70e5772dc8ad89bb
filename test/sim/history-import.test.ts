import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadScenarioFile } from "../../src/sim/parse-scenario.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { smallNetwork } from "./scenario-fixtures.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/history");

/**
 * Last year's Monday 2025-06-02 and Tuesday 2025-06-03 (w1's zone, UTC) played on Monday
 * 2026-06-01 and Tuesday 2026-06-02 at twice the volume.
 */
function scenarioDir(history: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "promise-history-"));
  copyFileSync(join(FIXTURES, "past-orders.csv"), join(dir, "past-orders.csv"));
  copyFileSync(join(FIXTURES, "past-shipments.csv"), join(dir, "past-shipments.csv"));
  writeFileSync(join(dir, "network.yaml"), stringify(smallNetwork()));
  writeFileSync(
    join(dir, "scenario.yaml"),
    stringify({
      version: 1,
      network: "network.yaml",
      start: "2026-06-01",
      days: 2,
      history,
      stock: { unlimited: true },
    }),
  );
  return join(dir, "scenario.yaml");
}

describe("demand and transit from history", () => {
  it("takes orders per day (x growth), each day's hours and the mixes from past orders", () => {
    const scenario = loadScenarioFile(
      scenarioDir({ orders_csv: "past-orders.csv", from: "2025-06-02", growth: 2 }),
    );
    const { demand, mix } = scenario.file;
    // Monday: A1, A2, A3 and A4 (00:30 in Bangkok is 17:30 the day before in UTC); Tuesday: A5.
    // A6 (30 May) lies before the window.
    expect(demand.orders_per_day).toEqual({ "2026-06-01": 8, "2026-06-02": 2 });
    const monday = demand.multipliers[0]!;
    expect(monday).toMatchObject({ name: "history 2025-06-02", date: "2026-06-01", factor: 1 });
    const hours = monday.hourly_profile!;
    expect([hours[9], hours[14], hours[17]]).toEqual([2, 1, 1]);
    expect(hours.reduce((a, b) => a + b, 0)).toBe(4);
    expect(mix.skus).toEqual([
      { sku: "TEE", weight: 4 },
      { sku: "MUG", weight: 2 },
    ]);
    expect(mix.quantities).toEqual([
      { quantity: 1, weight: 4 },
      { quantity: 2, weight: 1 },
      { quantity: 3, weight: 1 },
    ]);
    expect(mix.lines).toEqual([
      { count: 1, weight: 4 },
      { count: 2, weight: 1 },
    ]);
    expect(mix.destinations).toEqual([
      { country: "TH", postal_code: "10110", weight: 4 },
      { country: "TH", postal_code: "10500", weight: 1 },
    ]);
    expect(simulateSync(scenario).runs[0]!.summary.orders).toBe(10);
  });

  it("takes each service's extra transit days from past shipments, in its delivery days", () => {
    const scenario = loadScenarioFile(
      scenarioDir({
        orders_csv: "past-orders.csv",
        from: "2025-06-02",
        shipments_csv: "past-shipments.csv",
      }),
    );
    // Lane w1 -> z1 takes 1 day: Mon->Tue 0 extra, Mon->Wed 1, Fri->Mon 0 (the weekend is no
    // delivery day), Thu->Mon 1.
    expect(scenario.file.actual.transit.services).toEqual({ s1: { "0": 0.5, "1": 0.5 } });
  });

  it("names the file and line of a bad history row", () => {
    const path = scenarioDir({ orders_csv: "past-orders.csv", from: "2025-06-02" });
    writeFileSync(
      join(path, "../past-orders.csv"),
      "order_id,ordered_at,sku,quantity,country,postal_code\nA1,2025-06-02 09:10,TEE,1,TH,10110\n",
    );
    expect(() => loadScenarioFile(path)).toThrow(
      "history.orders_csv: past-orders.csv:2: ordered_at: expected an ISO 8601 instant with its offset, such as 2025-11-11T00:05:00+07:00",
    );
    writeFileSync(join(path, "../past-orders.csv"), "order_id,when\n");
    expect(() => loadScenarioFile(path)).toThrow(
      "past-orders.csv:1: the header lacks ordered_at, sku, quantity, country, postal_code (it has order_id, when)",
    );
  });
});
