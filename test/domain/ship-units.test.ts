import { describe, expect, it } from "vitest";
import { shipUnits } from "../../src/domain/ship-units.js";

const lots = [
  { quantity: 4, etaDay: 100 },
  { quantity: 6, etaDay: 105 },
];

describe("shipUnits", () => {
  it("takes units from on hand while it lasts and leaves the lots alone", () => {
    expect(shipUnits({ onHand: 10, inbound: lots }, 3)).toEqual({ onHand: 7, inbound: lots });
    expect(shipUnits({ onHand: 3, inbound: lots }, 3)).toEqual({ onHand: 0, inbound: lots });
  });

  it("takes what on hand cannot cover from the earliest lots, dropping emptied lots", () => {
    // 2 on hand, 7 shipped: 2 from stock, 4 (all of the first lot) and 1 of the second.
    expect(shipUnits({ onHand: 2, inbound: lots }, 7)).toEqual({
      onHand: 0,
      inbound: [{ quantity: 5, etaDay: 105 }],
    });
  });

  it("keeps on hand + inbound - shipped whenever the row can cover it", () => {
    for (let onHand = 0; onHand <= 12; onHand++) {
      for (let quantity = 0; quantity <= onHand + 10; quantity++) {
        const after = shipUnits({ onHand, inbound: lots }, quantity);
        const total = after.onHand + after.inbound.reduce((sum, lot) => sum + lot.quantity, 0);
        expect(total).toBe(onHand + 10 - quantity);
        expect(after.onHand).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("empties the row when more ships than it holds (the feed lowered it meanwhile)", () => {
    expect(shipUnits({ onHand: 1, inbound: lots }, 20)).toEqual({ onHand: 0, inbound: [] });
  });
});
