import { describe, expect, it } from "vitest";
import type { DayResult, SimulationReport } from "../../src/sim/sim-result.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { capacityScenario, scenarioOf } from "./scenario-fixtures.js";

/**
 * w1 has capacity 100 a day, but on Monday 2026-06-01 a staff shortage nobody planned ships only
 * 60. 100 orders arrive on Monday and 100 on Tuesday (09:00-10:00 UTC, before the cut-off);
 * service s1 takes exactly 1 day.
 */
function shortageScenario(backlogAware?: boolean) {
  const input = capacityScenario(true);
  input.demand = { ...input.demand, orders_per_day: { "2026-06-01": 100, "2026-06-02": 100 } };
  input.actual = { ...input.actual, throughput: { w1: { dates: { "2026-06-01": 60 } } } };
  input.policy = {
    capacity_aware: true,
    ...(backlogAware === undefined ? {} : { backlog_aware: backlogAware }),
  };
  input.questions = { compare_backlog_aware: true };
  return scenarioOf(input);
}

const row = (report: SimulationReport, run: number, date: string): DayResult =>
  report.runs[run]!.days.find((r) => r.date === date && r.warehouseId === "")!;

describe("backlog-aware promising in the simulator", () => {
  it("gives Tuesday's shoppers what Monday's shortfall left (60 on Tuesday, 40 on Wednesday) and breaks only Monday's 40", () => {
    const report = simulateSync(shortageScenario());
    expect(report.runs.map((r) => [r.label, r.summary.kept, r.summary.broken])).toEqual([
      // On: Monday's 40 left a day late (nothing could know); Tuesday's were promised around them.
      ["capacity-aware on", 160, 40],
      // Off: Tuesday's 100 were all promised Tuesday; the 40 of backlog took 40 of their places.
      ["capacity-aware on, backlog-aware off", 120, 80],
    ]);
    const on = row(report, 0, "2026-06-02");
    expect(on).toMatchObject({ orders: 100, pushedByCapacity: 40, kept: 100, broken: 0 });
    expect(on.promisedLeadDaysMean).toBeCloseTo((60 * 1 + 40 * 2) / 100, 4);
    const off = row(report, 1, "2026-06-02");
    expect(off).toMatchObject({ orders: 100, pushedByCapacity: 0, kept: 60, broken: 40 });
    expect(off.brokenShippedLate).toBe(40);
  });

  it("is on by default with capacity-aware promising, and can be switched off", () => {
    const off = simulateSync(shortageScenario(false));
    expect(off.runs.map((r) => [r.label, r.summary.broken])).toEqual([
      ["capacity-aware on, backlog-aware off", 80],
      ["capacity-aware on", 40],
    ]);
  });
});
