import { describe, expect, it } from "vitest";
import { impliedCeiling } from "../../bench/confirm-ceiling.js";

describe("impliedCeiling", () => {
  it("gives one core's microseconds divided by the CPU a call costs in all its parts", () => {
    // 100 us of grpc-js + 150 us of the confirm path: 1,000,000 / 250.
    expect(impliedCeiling(1, [100, 150])).toBe(4000);
  });

  it("counts every core: two cores at 800 us per confirm allow 2,500 confirms/s", () => {
    expect(impliedCeiling(2, [100, 300, 400])).toBe(2500);
  });

  it("is not a number when the parts cost nothing (nothing was measured)", () => {
    expect(impliedCeiling(1, [])).toBeNaN();
  });
});
