import { describe, expect, it } from "vitest";
import { hashUniform, Sfc32 } from "../../src/sim/prng.js";
import { WeightedPicker } from "../../src/sim/weighted-picker.js";

describe("seeded random numbers", () => {
  it("repeats the same sequence for the same seed and stream, and another for another seed", () => {
    const draw = (seed: number, stream: number) => {
      const rng = new Sfc32(seed, stream);
      return Array.from({ length: 5 }, () => rng.nextUint32());
    };
    expect(draw(42, 1)).toEqual(draw(42, 1));
    expect(draw(42, 1)).not.toEqual(draw(43, 1));
    expect(draw(42, 1)).not.toEqual(draw(42, 2));
  });

  it("draws uniformly in [0, 1)", () => {
    const rng = new Sfc32(1);
    const buckets = new Array(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      else buckets[Math.floor(u * 10)]++;
    }
    expect(outside).toBe(0);
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it("gives a counter-based draw that depends only on seed, index and salt", () => {
    expect(hashUniform(7, 123, 1)).toBe(hashUniform(7, 123, 1));
    expect(hashUniform(7, 123, 1)).not.toBe(hashUniform(7, 124, 1));
    expect(hashUniform(7, 123, 1)).not.toBe(hashUniform(7, 123, 2));
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += hashUniform(9, i, 1);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.01);
  });

  it("picks indexes in proportion to their weights", () => {
    const picker = new WeightedPicker([80, 15, 5, 0]);
    const counts = [0, 0, 0, 0];
    const rng = new Sfc32(3);
    for (let i = 0; i < 100_000; i++) counts[picker.pick(rng.next())]!++;
    expect(counts[3]).toBe(0);
    expect(Math.abs(counts[0]! - 80_000)).toBeLessThan(1000);
    expect(Math.abs(counts[1]! - 15_000)).toBeLessThan(600);
    expect(Math.abs(counts[2]! - 5_000)).toBeLessThan(400);
  });
});
