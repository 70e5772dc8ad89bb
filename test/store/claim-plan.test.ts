import { describe, expect, it } from "vitest";
import { type Day, isoDay } from "../../src/engine/day.js";
import { type AcceptedClaims, ClaimState, planClaims } from "../../src/store/claim-plan.js";
import type { ConfirmSnapshot, StoredPromise } from "../../src/store/store.js";
import { type PreparedClaims, prepareClaims } from "../../src/store/store-input.js";

const TUE = isoDay("2025-11-25");
const WED = isoDay("2025-11-26");

const snapshot: ConfirmSnapshot = {
  stock: [
    {
      sku: "A",
      warehouseId: "BKK",
      onHand: 5,
      safetyStock: 1,
      reserved: 1,
      inbound: [],
      version: 1,
      changeSeq: 1,
    },
  ],
  capacity: [],
  overrides: [],
  loads: [
    {
      warehouseId: "BKK",
      day: TUE,
      external: 1,
      promised: 1,
      shipped: 0,
      shippedOn: 0,
      changeSeq: 1,
    },
  ],
  pickups: [],
};

function accepted(id: string, claims: PreparedClaims): AcceptedClaims {
  return { promise: { id } as StoredPromise, payload: "null", legs: [], claims };
}

describe("the claim plan of a confirm group", () => {
  it("adds up 2 and 3 units of one row and keeps the allowance that lets each fit after the one before: quantity 5, allowance 3", () => {
    const state = new ClaimState(snapshot);
    const plan = planClaims(state, [
      accepted("p1", prepareClaims([{ sku: "A", warehouseId: "BKK", quantity: 2 }], [])),
      accepted(
        "p2",
        prepareClaims([{ sku: "A", warehouseId: "BKK", quantity: 3, inboundAllowance: 5 }], []),
      ),
    ]);
    // need = max(2 - 0, 5 - 5) = 2, allowance = 5 - 2 = 3: on hand + 3 - reserved - safety >= 5
    // is on hand - reserved - safety >= 2, the first confirm's own condition.
    expect(plan.stock).toEqual([{ sku: "A", warehouseId: "BKK", quantity: 5, allowance: 3 }]);
  });

  it("writes allowance 0 for claims without inbound, so the row is checked against the sum", () => {
    const state = new ClaimState(snapshot);
    const plan = planClaims(state, [
      accepted("p1", prepareClaims([{ sku: "A", warehouseId: "BKK", quantity: 1 }], [])),
      accepted("p2", prepareClaims([{ sku: "A", warehouseId: "BKK", quantity: 2 }], [])),
    ]);
    expect(plan.stock).toEqual([{ sku: "A", warehouseId: "BKK", quantity: 3, allowance: 0 }]);
  });

  it("counts 3 orders on one ship date under the smallest limit seen (4), and marks the day without a row as missing", () => {
    const state = new ClaimState(snapshot);
    const day = (d: Day, limit: number) =>
      prepareClaims([], [{ warehouseId: "BKK", day: d, limit }]);
    const plan = planClaims(state, [
      accepted("p1", day(TUE, -1)),
      accepted("p2", day(TUE, 9)),
      accepted("p3", day(TUE, 4)),
      accepted("p4", day(WED, -1)),
    ]);
    expect(plan.loads).toEqual([
      { warehouseId: "BKK", day: TUE, count: 3, limit: 4, missing: false },
      { warehouseId: "BKK", day: WED, count: 1, limit: -1, missing: true },
    ]);
  });

  it("lets a second claim see the first: 2 of the 3 free units taken leave 1, and a claim of 2 is refused with nothing taken", () => {
    const state = new ClaimState(snapshot);
    const two = prepareClaims([{ sku: "A", warehouseId: "BKK", quantity: 2 }], []);
    expect(state.take(two)).toBeUndefined();
    const request = {
      idempotencyKey: "k",
      requestHash: "h",
      skus: ["A"],
      fromDay: TUE,
      toDay: TUE,
    };
    expect(state.viewFor(request).stock[0]!.reserved).toBe(3);
    expect(state.take(two)).toEqual({
      kind: "rejected",
      reason: "OUT_OF_STOCK",
      details: { sku: "A", warehouseId: "BKK" },
    });
    expect(state.viewFor(request).stock[0]!.reserved).toBe(3);
  });
});
