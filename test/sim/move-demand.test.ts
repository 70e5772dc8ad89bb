import { describe, expect, it } from "vitest";
import { reportEvents } from "../../src/grpc/peak-planner-service.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { capacityScenario, scenarioOf, smallNetwork } from "./scenario-fixtures.js";

/**
 * 150 orders a weekday for a week at w1 (the only stock), capacity 1,000 at w1 and at w2, but
 * carrier s1 takes 120 parcels a day at each: w2 is a second warehouse of s1 with the same 1-day
 * lane and no orders of its own.
 */
function pickupBound() {
  const input = capacityScenario(false);
  const network = smallNetwork();
  const w1 = network.warehouses[0]!;
  network.warehouses.push({ ...w1, id: "w2", name: "Warehouse 2" });
  const s1 = network.services[0]!;
  s1.origins.push({ warehouse: "w2", pickup_cutoff: "16:00" });
  s1.lanes.push({ from: "w2", to: ["z1"], transit_days: { min: 1, max: 1 } });
  input.network = network as unknown as Record<string, unknown>;
  input.days = 5;
  input.demand.orders_per_day = 150;
  input.stock = {
    unlimited: false,
    from_network: false,
    rows: [{ sku: "TEE", warehouse: "w1", on_hand: 1_000_000 }],
  };
  input.capacity_changes = [
    { warehouse: "w1", from: "2026-06-01", to: "2026-06-30", capacity: 1000 },
    { warehouse: "w2", from: "2026-06-01", to: "2026-06-30", capacity: 1000 },
  ];
  input.extra_peaks = [
    { name: "carrier cap", from: "2026-06-01", to: "2026-06-30", pickup_limit: 120 },
  ];
  input.questions = { min_capacity: ["w1"] };
  return input;
}

describe("moving demand to another warehouse", () => {
  it("plays the demand moved and gives the fewest parcels a day that hold the target", () => {
    // Moving m a day leaves 150 - m at w1. m = 29: 121 a day against 120 pickups, so day d (1-5)
    // first ships the d - 1 parcels left from before and keeps 121 - d of its own: Friday keeps
    // 116 of 121 = 95.9%, and the week 590 of 605 = 97.5%; w2 ships its 29 a day on time.
    // m = 28: Friday keeps 120 - 2 x 4 = 112 of 122 = 91.8%, below 95%.
    const report = simulateSync(scenarioOf(pickupBound()));
    const [answer] = report.answers.capacity!;
    expect(answer!.found).toBe(false);
    const moved = {
      fromWarehouseId: "w1",
      toWarehouseId: "w2",
      perDay: 29,
      moved: 145,
      shipments: 750,
      onTimeFrom: 590 / 605,
      onTimeTo: 1,
    };
    expect(answer!.movedDemand).toEqual(moved);
    // The gRPC summary carries the same numbers (CapacityAnswer.moved_demand).
    const summary = reportEvents(report).at(-1)!.summary!;
    expect(summary.capacityAnswers![0]!.movedDemand).toEqual(moved);
    expect(answer!.whatDoes).toBe(
      "Capacity alone cannot hold 95% at w1; what does: raising the pickup limits of s1 by 29 a day; or 2 more buffer days for every service; or moving 29 parcels a day to w2 (145 of the window's 750; played with them moved: 97.5% on time at w1, 100% at w2). 120 a day is where the warehouse stops adding broken promises at today's pickup limits.",
    );
  });

  it("says when the other warehouse cannot take what moving would need", () => {
    // w2 really ships only 10 a day: the 29 a day w1 needs moved are too many for it.
    const input = pickupBound();
    input.extra_peaks = [
      { name: "carrier cap", from: "2026-06-01", to: "2026-06-30", pickup_limit: 120 },
    ];
    input.actual = { transit: { default: { "0": 1 } }, throughput: { w2: { per_day: 10 } } };
    const [answer] = simulateSync(scenarioOf(input)).answers.capacity!;
    expect(answer!.movedDemand).toBeUndefined();
    expect(answer!.whatDoes).toContain(
      "Moving its demand to w2 does not hold it either (played with the demand moved).",
    );
  });
});
