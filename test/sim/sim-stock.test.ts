import { describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { SimStock } from "../../src/sim/sim-stock.js";
import { minimalNetwork, parseNetworkObject } from "../network/fixtures/minimal-network.js";
import { skuNo, warehouseNo } from "../support/indexes.js";

// w1: UTC, Mon-Fri, receiving 1 working day (the default).
const net = compileNetwork(parseNetworkObject(minimalNetwork()), {
  todayDay: isoDay("2026-06-01"),
});

function stock() {
  return new SimStock(net, {
    rows: [
      {
        sku: "TEE",
        warehouse: "w1",
        on_hand: 10,
        reserved: 2,
        safety_stock: 3,
        inbound: [{ quantity: 20, eta: "2026-06-05" }],
      },
    ],
    inbound: [{ sku: "TEE", warehouse: "w1", quantity: 7, eta: "2026-06-03" }],
    skus: ["TEE"],
    unlimited: false,
  });
}

describe("simulated stock", () => {
  it("offers on hand minus reserved minus safety stock, and the lots in ETA order", () => {
    const s = stock();
    expect(s.available(skuNo(0), warehouseNo(0))).toBe(5);
    expect(s.inbound(skuNo(0), warehouseNo(0)).map((l) => [l.quantity, l.etaDay])).toEqual([
      [7, isoDay("2026-06-03")],
      [20, isoDay("2026-06-05")],
    ]);
  });

  it("takes available units first, then the earliest lot, for a backorder", () => {
    const s = stock();
    s.consume(skuNo(0), warehouseNo(0), 8);
    expect(s.available(skuNo(0), warehouseNo(0))).toBe(0);
    expect(s.inbound(skuNo(0), warehouseNo(0)).map((l) => l.quantity)).toEqual([4, 20]);
  });

  it("makes a lot available at midnight of its first pickable day: Friday's ETA is received Monday", () => {
    const s = stock();
    s.consume(skuNo(0), warehouseNo(0), 6);
    // Wed 06-03 lot: received Thu 06-04 00:00Z; its 6 free units join the available stock.
    s.receiveUntil(Date.parse("2026-06-03T23:59:59Z"));
    expect(s.available(skuNo(0), warehouseNo(0))).toBe(0);
    s.receiveUntil(Date.parse("2026-06-04T00:00:00Z"));
    expect(s.available(skuNo(0), warehouseNo(0))).toBe(6);
    // Fri 06-05 lot: the next working day is Mon 06-08.
    s.receiveUntil(Date.parse("2026-06-07T23:00:00Z"));
    expect(s.available(skuNo(0), warehouseNo(0))).toBe(6);
    s.receiveUntil(Date.parse("2026-06-08T00:00:00Z"));
    expect(s.available(skuNo(0), warehouseNo(0))).toBe(26);
    expect(s.inbound(skuNo(0), warehouseNo(0))).toEqual([]);
  });
});
