import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/domain-error.js";
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
        whatDoes: "",
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

describe("150 orders a day for five days against a capacity of 100 (the planner's hand check)", () => {
  const week = (capacityAware: boolean) => {
    const input = capacityScenario(capacityAware);
    input.days = 5; // Monday 2026-06-01 to Friday 2026-06-05
    input.demand.orders_per_day = 150;
    input.questions = { compare_capacity_aware: true, min_capacity: ["w1"] };
    return input;
  };

  it("keeps 150 and breaks 600 without capacity-aware promising, pushes 600 and breaks none with it, and needs 149 a day", () => {
    const report = simulateSync(scenarioOf(week(true)));
    const [on, off] = report.runs;
    // Without: 100 leave Monday (kept), then every day 100 of the backlog leave a day or more
    // late; only Tuesday's first 50 of its own are kept: 100 + 50 = 150 kept of 750.
    expect(off!.summary).toMatchObject({ shipments: 750, kept: 150, broken: 600 });
    const perDay = off!.days.filter((r) => r.warehouseId === "").slice(0, 5);
    expect(perDay.map((r) => r.broken)).toEqual([50, 100, 150, 150, 150]);
    // With: each day's orders beyond what is left of the day are promised on later days.
    expect(on!.summary).toMatchObject({ kept: 750, broken: 0, pushedByCapacity: 600 });
    // Capacity c: on day k, c - (k - 1)(150 - c) of its 150 leave on time; Friday needs
    // 5c - 600 >= 0.95 x 150 = 142.5, so c = 149 (148 keeps 140 of 150 on Friday).
    expect(report.answers.capacity).toMatchObject([
      { warehouseId: "w1", dailyCapacity: 149, found: true, worstDayOnTimeRate: 0.9667 },
    ]);
  });
});

describe("seeds", () => {
  /** 200 orders a weekday, no backlog; carriers 80% on time, 20% a day late (promise: 1 day). */
  const luck = () => {
    const input = capacityScenario(false);
    input.days = 5;
    input.demand.orders_per_day = 200;
    input.capacity_changes = [
      { warehouse: "w1", from: "2026-06-01", to: "2026-06-30", capacity: 1000 },
    ];
    input.actual = { transit: { default: { "0": 0.8, "1": 0.2 } } };
    return input;
  };
  const brokenPerDay = (seed: number): number[] =>
    simulateSync(scenarioOf(luck()), { seed })
      .runs[0]!.days.filter((r) => r.warehouseId === "")
      .slice(0, 5)
      .map((r) => r.broken);

  it("give each seed its own luck: per-day broken promises differ between neighbouring seeds", () => {
    const perSeed = [2, 3, 4, 5, 1111, 1112].map(brokenPerDay);
    for (let a = 0; a < perSeed.length; a++) {
      for (let b = a + 1; b < perSeed.length; b++) expect(perSeed[a]).not.toEqual(perSeed[b]);
    }
    // Each seed breaks about 20% of 1,000 (binomial, sd 12.6).
    for (const days of perSeed) {
      const total = days.reduce((x, y) => x + y, 0);
      expect(total).toBeGreaterThan(150);
      expect(total).toBeLessThan(250);
    }
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
