import { describe, expect, it } from "vitest";
import { bandOf, quantile, summarizeSpread } from "../../src/sim/seed-spread.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { luckyWeek, scenarioOf } from "./scenario-fixtures.js";

describe("the spread over several seeds", () => {
  it("interpolates percentiles between neighbouring runs", () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(ten, 0.5)).toBe(5.5);
    expect(quantile(ten, 0.1)).toBe(1.9);
    expect(quantile(ten, 0.9)).toBe(9.1);
    expect(quantile([4], 0.9)).toBe(4);
    expect(bandOf([null, 3, 1, 2])).toEqual({ median: 2, p10: 1.2, p90: 2.8 });
    expect(bandOf([null])).toEqual({ median: null, p10: null, p90: null });
  });

  it("gives the answer holding in 9 of 10 runs as the 9th smallest of the runs' own answers", () => {
    const reports = Array.from({ length: 10 }, (_, k) =>
      simulateSync(scenarioOf(luckyWeek()), { seed: 100 + k }),
    );
    const spread = summarizeSpread(reports, 0.9);
    expect(spread.seeds).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    const perRun = reports.map((r) => r.answers.capacity![0]!.dailyCapacity);
    const capacity = spread.answers.find((a) => a.kind === "capacity")!;
    expect(capacity.perRun).toEqual(perRun);
    const ninth = [...perRun].sort((a, b) => a - b)[8]!;
    expect(capacity.value).toBe(ninth);
    expect(capacity.holdsIn).toBe(perRun.filter((c) => c <= ninth).length);
    expect(capacity.holdsIn).toBeGreaterThanOrEqual(9);
    expect(capacity.statement).toBe(
      `${ninth} a day at w1 holds 85% on time in ${capacity.holdsIn} of 10 runs`,
    );
    // Per-run luck differs (independent seeds), so the runs do not all agree.
    expect(new Set(reports.map((r) => r.runs[0]!.summary.broken)).size).toBeGreaterThan(1);
    const on = spread.policies[0]!;
    expect(on.label).toBe("capacity-aware on");
    const broken = reports.map((r) => r.runs[0]!.summary.broken).sort((a, b) => a - b);
    expect(on.broken.median).toBe((broken[4]! + broken[5]!) / 2);
    expect(on.broken.p10).toBeLessThanOrEqual(on.broken.median!);
    expect(on.broken.p90).toBeGreaterThanOrEqual(on.broken.median!);
    const monday = on.days.find((d) => d.date === "2026-06-01")!;
    expect(monday.backlog).toEqual({ median: 0, p10: 0, p90: 0 });
  });

  it("says when capacity alone holds the target in no run, and where the warehouse stops adding broken promises", () => {
    const slow = () => {
      const input = luckyWeek();
      input.actual = { transit: { default: { "0": 0.5, "1": 0.5 } } };
      return input;
    };
    const reports = [1, 2, 3].map((seed) => simulateSync(scenarioOf(slow()), { seed }));
    const capacity = summarizeSpread(reports, 0.9).answers.find((a) => a.kind === "capacity")!;
    expect(capacity.foundInEveryRun).toBe(false);
    expect(capacity.holdsIn).toBe(0);
    const third = Math.max(...capacity.perRun);
    expect(capacity.statement).toBe(
      `${third} a day at w1 is where the warehouse stops adding broken promises in 3 of 3 runs; capacity alone holds 85% on time in 0 of 3 runs (the carriers break the rest)`,
    );
  });
});
