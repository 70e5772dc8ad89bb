import { describe, expect, it } from "vitest";
import { simulateSync } from "../../src/sim/simulate.js";
import { capacityScenario, scenarioOf, twoPeaks } from "./scenario-fixtures.js";

describe("the cheapest extra capacity per day", () => {
  it("adds capacity only on the day where a saved promise costs less than a broken one", () => {
    // Target 60%: 100 of 150 kept already holds it on both days. Each extra parcel on Monday
    // saves one promise (3 < 5): all 50; on Wednesday it would cost 8 > 5: none.
    const plans = simulateSync(scenarioOf(twoPeaks(0.6))).answers.costPlans!;
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({
      warehouseId: "w1",
      currency: "THB",
      holdsTarget: true,
      days: [{ date: "2026-06-01", extraCapacity: 50, unitCost: 3, cost: 150 }],
      capacityCost: 150,
      brokenBefore: 100,
      brokenAfter: 50,
      promisesSaved: 50,
      savedValue: 250,
      worstDayOnTimeRate: 0.6667,
    });
  });

  it("pays for the target on the dear day only as far as the target needs", () => {
    // Target 95%: each day needs 143 of 150 shipped on time: +43 on both days; Monday's other 7
    // pay for themselves (3 < 5), Wednesday's do not (8 > 5): 50 x 3 + 43 x 8 = 494.
    const plan = simulateSync(scenarioOf(twoPeaks(0.95))).answers.costPlans![0]!;
    expect(plan.days).toEqual([
      { date: "2026-06-01", extraCapacity: 50, unitCost: 3, cost: 150 },
      { date: "2026-06-03", extraCapacity: 43, unitCost: 8, cost: 344 },
    ]);
    expect(plan).toMatchObject({
      holdsTarget: true,
      capacityCost: 494,
      promisesSaved: 93,
      savedValue: 465,
      worstDayOnTimeRate: 0.9533,
    });
    // The curve starts at no extra capacity and ends at the plan.
    expect(plan.curve[0]).toMatchObject({ addedCapacity: 0, cost: 0, broken: 100 });
    expect(plan.curve.at(-1)).toMatchObject({ addedCapacity: 93, cost: 494, broken: 7 });
    const rates = plan.curve.map((p) => p.onTimeRate!);
    expect(rates[0]).toBeCloseTo(200 / 300, 4);
    expect(rates.at(-1)).toBeCloseTo(293 / 300, 4);
  });

  it("says in one line that raising the pickup limit holds the target when capacity cannot", () => {
    // 150 orders a weekday, capacity 1,000, but the carrier takes 120 a day: the backlog grows by
    // 30 a day whatever the warehouse does. With 120 + x pickups, Friday keeps 5(120 + x) - 600
    // of 150; 95% needs 142.5, so x = 29 (28 keeps 140). Priced at 2 a pickup on the 5 days.
    const input = capacityScenario(false);
    input.days = 5;
    input.demand.orders_per_day = 150;
    input.capacity_changes = [
      { warehouse: "w1", from: "2026-06-01", to: "2026-06-30", capacity: 1000 },
    ];
    input.extra_peaks = [
      { name: "carrier cap", from: "2026-06-01", to: "2026-06-30", pickup_limit: 120 },
    ];
    input.questions = { min_capacity: ["w1"] };
    input.costs = {
      currency: "THB",
      pickup_limit_increases: [
        { service: "s1", from: "2026-06-01", to: "2026-06-30", unit_cost: 2, max_units: 100 },
      ],
    };
    const [answer] = simulateSync(scenarioOf(input)).answers.capacity!;
    expect(answer!.found).toBe(false);
    expect(answer!.whatDoes).toBe(
      "Capacity alone cannot hold 95% at w1; what does: raising the pickup limits of s1 by 29 a day (THB 290 over the 5 limited pickup days of the window); or 2 more buffer days for every service. 120 a day is where the warehouse stops adding broken promises at today's pickup limits.",
    );
  });
});
