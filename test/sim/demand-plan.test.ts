import { describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { planDemand } from "../../src/sim/demand-plan.js";
import { demandSchema } from "../../src/sim/scenario-schema.js";

const hours = (plan: ReturnType<typeof planDemand>, day: number) =>
  Array.from(plan.perHour.subarray(day * 24, day * 24 + 24));

describe("the demand plan", () => {
  it("multiplies the base by the weekday factor and every multiplier covering the day, rounded", () => {
    const demand = demandSchema.parse({
      orders_per_day: 100,
      weekday_factors: { sun: 0.5 },
      multipliers: [
        { date: "2026-11-11", factor: 3 },
        { from: "2026-11-10", to: "2026-11-15", factor: 1.5 },
      ],
    });
    // Mon 11-09 .. Sun 11-15.
    const plan = planDemand(demand, isoDay("2026-11-09"), 7, "Asia/Bangkok");
    expect(Array.from(plan.perDay)).toEqual([100, 150, 450, 150, 150, 150, 75]);
    expect(plan.total).toBe(1225);
  });

  it("takes per-date counts and gives days not listed none", () => {
    const demand = demandSchema.parse({ orders_per_day: { "2026-11-10": 7 } });
    const plan = planDemand(demand, isoDay("2026-11-09"), 3, "UTC");
    expect(Array.from(plan.perDay)).toEqual([0, 7, 0]);
  });

  it("spreads a day over the profile's hours by largest remainders, the earlier hour first on a tie", () => {
    const profile = new Array(24).fill(0);
    profile[9] = 1;
    profile[10] = 1;
    profile[11] = 1;
    const demand = demandSchema.parse({ orders_per_day: 10, hourly_profile: profile });
    const plan = planDemand(demand, isoDay("2026-06-01"), 1, "UTC");
    const expected = new Array(24).fill(0);
    expected[9] = 4;
    expected[10] = 3;
    expected[11] = 3;
    expect(hours(plan, 0)).toEqual(expected);
  });

  it("uses a multiplier's own profile on its days (a sale opening at midnight)", () => {
    const midnight = new Array(24).fill(0);
    midnight[0] = 1;
    const demand = demandSchema.parse({
      orders_per_day: 24,
      multipliers: [{ date: "2026-11-11", factor: 2, hourly_profile: midnight }],
    });
    const plan = planDemand(demand, isoDay("2026-11-10"), 2, "UTC");
    expect(hours(plan, 0)).toEqual(new Array(24).fill(1));
    expect(hours(plan, 1)[0]).toBe(48);
  });

  it("starts the hours at the local midnight of the demand's zone, 23 of them on a spring-forward day", () => {
    const demand = demandSchema.parse({ orders_per_day: 0 });
    // Bangkok is UTC+7: the local day 2026-11-11 starts at 2026-11-10T17:00Z.
    const bangkok = planDemand(demand, isoDay("2026-11-11"), 1, "Asia/Bangkok");
    expect(new Date(bangkok.hourStartMs[0]!).toISOString()).toBe("2026-11-10T17:00:00.000Z");
    expect(new Date(bangkok.hourStartMs[24]!).toISOString()).toBe("2026-11-11T17:00:00.000Z");
    // Amsterdam springs forward on 2026-03-29: midnight is 23:00Z, the next one 22:00Z.
    const amsterdam = planDemand(demand, isoDay("2026-03-29"), 1, "Europe/Amsterdam");
    const iso = (h: number) => new Date(amsterdam.hourStartMs[h]!).toISOString();
    expect(iso(0)).toBe("2026-03-28T23:00:00.000Z");
    expect(iso(2)).toBe("2026-03-29T01:00:00.000Z");
    expect(iso(23)).toBe("2026-03-29T22:00:00.000Z");
    expect(iso(24)).toBe("2026-03-29T22:00:00.000Z");
  });
});
