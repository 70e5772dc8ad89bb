import { describe, expect, it } from "vitest";
import { dayNumber } from "../../src/engine/day.js";
import { newestBeyond, stockShortfalls } from "../../src/risk/rank-shortfalls.js";

const holders = [
  { promiseId: "c", createdAtMs: 3000, quantity: 2 },
  { promiseId: "a", createdAtMs: 1000, quantity: 2 },
  { promiseId: "b", createdAtMs: 2000, quantity: 2 },
  { promiseId: "d", createdAtMs: 4000, quantity: 1 },
];

describe("a stock cut", () => {
  it("leaves the oldest promises their units and makes the newest short, covered by inbound in ETA order", () => {
    // Supply 3: a keeps 2 (used 2), b needs 4 > 3: short by 1, covered by the first lot (2 units,
    // ETA 100); c: short by 3, the lots so far give 2 < 3, the second (5 units, ETA 110) covers;
    // d: short by 4, still covered by the second lot (7 >= 4).
    const { short, kept } = stockShortfalls(holders, 3, [
      { quantity: 2, etaDay: dayNumber(100) },
      { quantity: 5, etaDay: dayNumber(110) },
    ]);
    expect(kept).toBe(1);
    expect(Object.fromEntries(short)).toEqual({
      b: { coverEtaDay: 100 },
      c: { coverEtaDay: 110 },
      d: { coverEtaDay: 110 },
    });
  });

  it("gives no cover when the inbound lots do not reach the shortage", () => {
    const { short, kept } = stockShortfalls(holders, 6, [{ quantity: 0, etaDay: dayNumber(100) }]);
    expect(kept).toBe(3);
    expect(Object.fromEntries(short)).toEqual({ d: { coverEtaDay: undefined } });
  });

  it("moves the newest promises beyond a cut limit, newest first", () => {
    expect([...newestBeyond(holders, 2)]).toEqual(["d", "c"]);
    expect([...newestBeyond(holders, 0)]).toEqual([]);
  });
});
