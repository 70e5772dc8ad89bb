import { describe, expect, it } from "vitest";
import { dayTableCsv } from "../../src/sim/day-table-csv.js";
import { renderReport } from "../../src/sim/render-report.js";
import type { DayResult, SimulationReport } from "../../src/sim/sim-result.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { capacityScenario, scenarioOf, smallNetwork } from "./scenario-fixtures.js";

const rowOf = (report: SimulationReport, date: string, warehouseId = "", serviceId = "") =>
  report.runs[0]!.days.find(
    (r: DayResult) => r.date === date && r.warehouseId === warehouseId && r.serviceId === serviceId,
  )!;

/** 150 orders a weekday for a week (Mon 2026-06-01 ..), capacity 100, carrier pickup limit 120. */
function week() {
  const input = capacityScenario(false);
  input.days = 7;
  input.demand.orders_per_day = 150;
  input.demand.weekday_factors = { sat: 0, sun: 0 };
  input.extra_peaks = [
    { name: "pickup cap", from: "2026-06-01", to: "2026-06-30", pickup_limit: 120 },
  ];
  return input;
}

describe("the per-day results and the report", () => {
  it("count no capacity on closed days: Saturday and Sunday show 0, weekdays 100", () => {
    const report = simulateSync(scenarioOf(week()));
    expect(rowOf(report, "2026-06-05", "w1").capacity).toBe(100);
    expect(rowOf(report, "2026-06-06", "w1").capacity).toBe(0);
    expect(rowOf(report, "2026-06-07", "w1").capacity).toBe(0);
    expect(rowOf(report, "2026-06-07").capacity).toBe(0);
  });

  it("give each service row its pickup limit (0 on a day without pickup) and what it picked up", () => {
    const report = simulateSync(scenarioOf(week()));
    expect(rowOf(report, "2026-06-01", "w1", "s1")).toMatchObject({
      pickupLimit: 120,
      shipped: 100,
    });
    expect(rowOf(report, "2026-06-06", "w1", "s1")).toMatchObject({ pickupLimit: 0, shipped: 0 });
    expect(rowOf(report, "2026-06-01", "w1").pickupLimit).toBeNull();
    const html = renderReport(report);
    expect(html).toContain('data-chart="pickups-w1"');
    expect(html).toContain("<title>2026-06-01: s1 pickup limit 120</title>");
    expect(html).toContain("<title>2026-06-01: s1 picked up 100</title>");
  });

  it("label the per-warehouse bars as shipments promised, draw booked last, and hover every value", () => {
    const html = renderReport(simulateSync(scenarioOf(week())));
    const chart = html.slice(html.indexOf('data-chart="demand-capacity-w1"'));
    expect(chart).toContain("<title>2026-06-01: shipments promised (day of ordering) 150</title>");
    const series = [...chart.slice(0, chart.indexOf("</svg>")).matchAll(/data-series="([^"]+)"/g)];
    expect(series.map((m) => m[1])).toEqual([
      "shipments promised (day of ordering)",
      "capacity (promising)",
      "real throughput",
      "shipped",
      "booked to ship",
    ]);
    expect(html).toContain("<title>2026-06-06: capacity (promising) 0</title>");
    expect(html).not.toContain("orders placed");
  });

  it("keep a service in every run's table, with zeros where that run made it no promise", () => {
    // s1 (next day) may take 100 pickups a day; s2 takes two days. With capacity-aware
    // promising, orders after the 200th see s1 only from Wednesday (Thursday delivery) and pick
    // s2 (Wednesday); without it, everyone picks s1 and s2 has no promise.
    const input = capacityScenario(true);
    input.demand.orders_per_day = { "2026-06-01": 250 };
    input.capacity_changes = [
      { warehouse: "w1", from: "2026-06-01", to: "2026-06-30", capacity: 1000 },
    ];
    input.extra_peaks = [
      {
        name: "s1 limit",
        from: "2026-06-01",
        to: "2026-06-30",
        services: ["s1"],
        pickup_limit: 100,
      },
    ];
    input.questions = { compare_capacity_aware: true };
    const network = smallNetwork();
    const s1 = network.services[0]!;
    network.services.push({
      ...s1,
      id: "s2",
      name: "Service 2",
      level: "standard",
      lanes: [{ from: "w1", to: ["z1"], transit_days: { min: 2, max: 2 } }],
    });
    input.network = network as unknown as Record<string, unknown>;
    const [on, off] = simulateSync(scenarioOf(input)).runs;
    expect(on!.summary.services.map((g) => [g.id, g.shipments])).toEqual([
      ["s1", 200],
      ["s2", 50],
    ]);
    expect(off!.summary.services.map((g) => [g.id, g.shipments, g.onTimeRate])).toEqual([
      ["s1", 250, expect.any(Number)],
      ["s2", 0, null],
    ]);
  });

  it("show a whole-day p95 without decimals", () => {
    const html = renderReport(simulateSync(scenarioOf(capacityScenario(false))));
    expect(html).toContain('<span class="value">1</span><span class="label">p95 promised lead');
  });

  it("export the per-day table as CSV, one line per run, day and group", () => {
    const csv = dayTableCsv(simulateSync(scenarioOf(capacityScenario(false))));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "run,date,warehouse_id,service_id,orders,promised_lead_days_mean,promised_lead_days_p95,booked,capacity,throughput,pickup_limit,shipped,backlog,kept,broken,on_time_rate,pushed_by_capacity,broken_shipped_late,broken_in_transit,broken_in_slowdown,units_unavailable",
    );
    expect(lines[1]).toBe(
      "capacity-aware off,2026-06-01,,,150,1,1,150,100,100,,100,50,100,50,0.6667,0,50,0,0,0",
    );
    expect(lines[2]).toBe(
      "capacity-aware off,2026-06-01,w1,,150,1,1,150,100,100,,100,50,100,50,0.6667,0,50,0,0,0",
    );
    expect(lines[3]).toBe(
      "capacity-aware off,2026-06-01,w1,s1,150,1,1,0,,,,100,50,100,50,0.6667,0,50,0,0,0",
    );
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});
