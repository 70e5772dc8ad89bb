import { stringify } from "yaml";
import { parseScenarioFile, type Scenario } from "../../src/sim/parse-scenario.js";
import type { ScenarioInput } from "../../src/sim/scenario-schema.js";
import type { NetworkInput } from "../network/fixtures/minimal-network.js";

/**
 * One warehouse w1 (UTC, Mon-Fri, cut-off 15:00, capacity 100 orders a day, no holidays), one
 * carrier c1 (no holidays), service s1 (next day, picks up Mon-Fri at 16:00, delivers Mon-Fri,
 * lane w1 -> z1 1-1 day), zone z1 (TH, postal prefix 10).
 */
export function smallNetwork(): NetworkInput {
  return {
    version: 1,
    warehouses: [
      {
        id: "w1",
        name: "Warehouse 1",
        time_zone: "UTC",
        holidays: { country: "TH", use_library: false },
        working_days: ["mon", "tue", "wed", "thu", "fri"],
        cutoff: { default: "15:00" },
        daily_capacity: 100,
      },
    ],
    carriers: [{ id: "c1", name: "Carrier 1", holidays: { country: "TH", use_library: false } }],
    services: [
      {
        id: "s1",
        carrier: "c1",
        name: "Service 1",
        level: "next_day",
        pickup_days: ["mon", "tue", "wed", "thu", "fri"],
        delivery_days: ["mon", "tue", "wed", "thu", "fri"],
        origins: [{ warehouse: "w1", pickup_cutoff: "16:00" }],
        lanes: [{ from: "w1", to: ["z1"], transit_days: { min: 1, max: 1 } }],
        price: { currency: "THB", amount: 40 },
      },
    ],
    zones: [{ id: "z1", country: "TH", postal_prefixes: ["10"] }],
  };
}

/** Every order of a day placed between 09:00 and 10:00 (UTC), before the 15:00 cut-off. */
export const NINE_O_CLOCK = Array.from({ length: 24 }, (_, h) => (h === 9 ? 1 : 0));

/**
 * 150 orders on Monday 2026-0601, none after; stock unlimited; carriers exactly on time
 * (transit = the lane's minimum); real throughput = capacity (100 a day).
 */
export function capacityScenario(capacityAware: boolean): ScenarioInput {
  return {
    version: 1,
    name: "150 orders against 100 a day",
    seed: 7,
    network: smallNetwork() as unknown as Record<string, unknown>,
    start: "2026-06-01",
    days: 3,
    demand: {
      time_zone: "UTC",
      orders_per_day: { "2026-06-01": 150 },
      hourly_profile: NINE_O_CLOCK,
    },
    mix: {
      skus: [{ sku: "TEE", weight: 1 }],
      destinations: [{ country: "TH", postal_code: "10110", weight: 1 }],
    },
    stock: { unlimited: true },
    actual: { transit: { default: { "0": 1 } } },
    policy: { capacity_aware: capacityAware },
  };
}

/** 150 orders a weekday against 100 a day for a week; carriers 5% a day late, target 85%. */
export function luckyWeek() {
  const input = capacityScenario(true);
  input.days = 5;
  input.demand.orders_per_day = 150;
  input.actual = { transit: { default: { "0": 0.95, "1": 0.05 } } };
  input.target_on_time = 0.85;
  input.questions = { compare_capacity_aware: true, min_capacity: ["w1"], min_buffer_days: true };
  return input;
}

/**
 * Two days over capacity: 150 orders on Monday 2026-06-01 and on Wednesday 2026-06-03 against
 * 100 a day (Tuesday and Thursday are free to clear the 50 left over, a day late). Temporary
 * staff cost 3 a parcel on Monday and 8 on Wednesday; a broken promise costs 5.
 */
export function twoPeaks(target: number) {
  const input = capacityScenario(true);
  input.days = 5;
  input.demand.orders_per_day = { "2026-06-01": 150, "2026-06-03": 150 };
  input.target_on_time = target;
  input.costs = {
    currency: "THB",
    broken_promise: 5,
    extra_capacity: [
      { warehouse: "w1", date: "2026-06-01", unit_cost: 3, max_units: 200 },
      { warehouse: "w1", date: "2026-06-03", unit_cost: 8, max_units: 200 },
    ],
  };
  return input;
}

export function scenarioOf(input: ScenarioInput, source = "scenario.yaml"): Scenario {
  return parseScenarioFile(stringify(input), source);
}
