import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/engine/domain-error.js";
import type { DayResult, SimulationReport } from "../../src/sim/sim-result.js";
import { type SimProgress, simulate, simulateSync } from "../../src/sim/simulate.js";
import { capacityScenario, NINE_O_CLOCK, scenarioOf } from "./scenario-fixtures.js";

/**
 * The hand-worked case: w1 ships 100 parcels a day (capacity 100, real throughput = capacity),
 * 150 orders arrive on Monday 2026-06-01 between 09:00 and 10:00 UTC (before the 15:00 cut-off),
 * service s1 takes exactly 1 day (lane 1-1, carrier always on time), Mon-Fri.
 */
const row = (report: SimulationReport, date: string, run = 0): DayResult =>
  report.runs[run]!.days.find((r) => r.date === date && r.warehouseId === "")!;

describe("a day of 150 orders against a capacity of 100", () => {
  it("carries 50 over to Tuesday and breaks their promises when promising ignores capacity", () => {
    const report = simulateSync(scenarioOf(capacityScenario(false)));
    const monday = row(report, "2026-06-01");
    const tuesday = row(report, "2026-06-02");
    // All 150 promised: ship Monday, deliver Tuesday (lead 1 day).
    expect(monday).toMatchObject({ orders: 150, booked: 150, capacity: 100, throughput: 100 });
    expect(monday.promisedLeadDaysMean).toBe(1);
    expect(monday.promisedLeadDaysP95).toBe(1);
    // Monday ships 100; 50 wait overnight and leave Tuesday, arriving Wednesday: a day late.
    expect(monday).toMatchObject({ shipped: 100, backlog: 50, kept: 100, broken: 50 });
    expect(monday.brokenShippedLate).toBe(50);
    expect(monday.onTimeRate).toBeCloseTo(2 / 3, 4);
    expect(tuesday).toMatchObject({ shipped: 50, backlog: 0 });
    const summary = report.runs[0]!.summary;
    expect(summary).toMatchObject({ orders: 150, shipments: 150, kept: 100, broken: 50 });
    expect(summary.lastShipDate).toBe("2026-06-02");
    expect(summary.lastDeliveryDate).toBe("2026-06-03");
    expect(summary.worstDays[0]!.reasons[0]).toBe(
      "50 promised to ship from w1 on 2026-06-01 left later: 0 parcels were still waiting from earlier days, 150 were booked for that day against a real throughput of 100",
    );
  });

  it("already shows Tuesday to the orders after the 100th when promising is capacity-aware, so none is broken", () => {
    const report = simulateSync(scenarioOf(capacityScenario(true)));
    const monday = row(report, "2026-06-01");
    const tuesday = row(report, "2026-06-02");
    // 100 promised Monday -> Tuesday, 50 promised Tuesday -> Wednesday (CAPACITY_FULL).
    expect(monday).toMatchObject({ orders: 150, booked: 100, pushedByCapacity: 50 });
    expect(tuesday.booked).toBe(50);
    expect(monday.promisedLeadDaysMean).toBeCloseTo((100 * 1 + 50 * 2) / 150, 4);
    expect(monday.promisedLeadDaysP95).toBe(2);
    // The same 50 leave on Tuesday, as promised this time.
    expect(monday).toMatchObject({ shipped: 100, backlog: 0, kept: 150, broken: 0 });
    expect(tuesday).toMatchObject({ shipped: 50, backlog: 0 });
    expect(report.runs[0]!.summary).toMatchObject({ kept: 150, broken: 0, onTimeRate: 1 });
    expect(report.runs[0]!.summary.worstDays).toEqual([]);
  });

  it("runs the same orders both ways when asked to compare", () => {
    const input = capacityScenario(true);
    input.questions = { compare_capacity_aware: true };
    const report = simulateSync(scenarioOf(input));
    expect(report.runs.map((r) => [r.label, r.summary.broken])).toEqual([
      ["capacity-aware on", 0],
      ["capacity-aware off", 50],
    ]);
  });

  it("finds 143 a day as the smallest capacity keeping 95% (143 of 150 shipped Monday)", () => {
    const input = capacityScenario(true);
    input.target_on_time = 0.95;
    input.questions = { min_capacity: ["w1"] };
    const report = simulateSync(scenarioOf(input));
    expect(report.answers.capacity).toEqual([
      {
        warehouseId: "w1",
        dailyCapacity: 143,
        found: true,
        worstDayOnTimeRate: 0.9533,
        runs: expect.any(Number),
        note: "",
      },
    ]);
  });

  it("needs one buffer day without capacity-aware promising, and a re-run with it keeps every promise", () => {
    const input = capacityScenario(false);
    input.questions = { min_buffer_days: true };
    const report = simulateSync(scenarioOf(input));
    expect(report.answers.buffer).toEqual([
      { serviceId: "", bufferDays: 1, found: true, worstDayOnTimeRate: 1 },
      { serviceId: "s1", bufferDays: 1, found: true, worstDayOnTimeRate: 1 },
    ]);
    const rerun = capacityScenario(false);
    rerun.policy = { capacity_aware: false, buffer_days: 1 };
    const buffered = simulateSync(scenarioOf(rerun));
    expect(buffered.runs[0]!.summary).toMatchObject({ kept: 150, broken: 0 });
    // The buffer moves the promised latest date from Tuesday to Wednesday: lead 2 days.
    expect(row(buffered, "2026-06-01").promisedLeadDaysMean).toBe(2);
  });

  it("moves orders after the cut-off to the next working day's ship date", () => {
    const input = capacityScenario(false);
    // All 150 orders between 16:00 and 17:00: after the 15:00 cut-off, they ship Tuesday.
    input.demand.hourly_profile = NINE_O_CLOCK.map((_, h) => (h === 16 ? 1 : 0));
    const report = simulateSync(scenarioOf(input));
    expect(row(report, "2026-06-01")).toMatchObject({ shipped: 0, backlog: 0, booked: 0 });
    expect(row(report, "2026-06-02")).toMatchObject({ shipped: 100, backlog: 50, booked: 150 });
    expect(row(report, "2026-06-03")).toMatchObject({ shipped: 50, backlog: 0 });
    expect(row(report, "2026-06-01").promisedLeadDaysMean).toBe(2);
  });
});

describe("determinism and cancelling", () => {
  const busy = () => {
    const input = capacityScenario(true);
    input.days = 10;
    input.demand.orders_per_day = 120;
    input.demand.hourly_profile = new Array(24).fill(1);
    input.actual = { transit: { default: { "0": 0.7, "1": 0.2, "2": 0.1 } } };
    input.questions = { compare_capacity_aware: true, min_capacity: true, min_buffer_days: true };
    return input;
  };

  it("gives byte-identical JSON for the same scenario and seed, and other results for another seed", () => {
    const a = JSON.stringify(simulateSync(scenarioOf(busy())));
    const b = JSON.stringify(simulateSync(scenarioOf(busy())));
    expect(b).toBe(a);
    const c = JSON.stringify(simulateSync(scenarioOf(busy()), { seed: 8 }));
    expect(c).not.toBe(a);
  });

  it("stops when the signal is aborted and rejects with CANCELLED", async () => {
    const controller = new AbortController();
    const seen: SimProgress[] = [];
    const run = simulate(scenarioOf(busy()), {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (seen.length === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: "DomainError", kind: "CANCELLED" });
    await expect(run).rejects.toBeInstanceOf(DomainError);
    expect(seen).toHaveLength(3);
    expect(seen[2]!).toMatchObject({ stage: "promising", daysDone: 3, daysTotal: 10 });
  });

  it("reports progress from the first day to the end of the questions", async () => {
    const seen: SimProgress[] = [];
    await simulate(scenarioOf(busy()), { onProgress: (p) => seen.push(p) });
    expect(seen[0]).toMatchObject({ stage: "promising", run: "capacity-aware on", daysDone: 1 });
    expect(seen.at(-1)!.stage).toBe("questions");
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction);
    }
  });
});
