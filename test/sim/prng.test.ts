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

  it("gives unrelated draws for different seeds: no shared values, no correlation", () => {
    const N = 100_000;
    const draws = (seed: number) => {
      const a = new Float64Array(N);
      for (let i = 0; i < N; i++) a[i] = hashUniform(seed, i, 1);
      return a;
    };
    const correlation = (x: Float64Array, y: Float64Array): number => {
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let i = 0; i < N; i++) {
        sx += x[i]!;
        sy += y[i]!;
        sxx += x[i]! * x[i]!;
        syy += y[i]! * y[i]!;
        sxy += x[i]! * y[i]!;
      }
      const cov = sxy / N - (sx / N) * (sy / N);
      return cov / Math.sqrt((sxx / N - (sx / N) ** 2) * (syy / N - (sy / N) ** 2));
    };
    // Seeds one apart (the pairs that drew identical values before) and far apart.
    for (const [a, b] of [
      [2, 3],
      [4, 5],
      [1111, 1112],
      [0, 2 ** 31],
    ] as const) {
      const x = draws(a);
      const y = draws(b);
      // The same draw for the same shipment: 100,000 pairs of 32-bit values, ~0 expected.
      let same = 0;
      for (let i = 0; i < N; i++) if (x[i] === y[i]) same++;
      expect(same).toBeLessThanOrEqual(1);
      // The same values in another order (a relabelling of shipments): ~2.3 expected.
      const values = new Set(x);
      let shared = 0;
      for (const v of y) if (values.has(v)) shared++;
      expect(shared).toBeLessThan(15);
      // Pearson correlation of paired draws: standard error 1/sqrt(N) = 0.0032.
      expect(Math.abs(correlation(x, y))).toBeLessThan(0.015);
      // Paired draws fall in a 10 x 10 grid as independent draws would (chi-square, 99 d.o.f.;
      // 99.9% quantile 148.2).
      const grid = new Float64Array(100);
      for (let i = 0; i < N; i++) grid[Math.floor(x[i]! * 10) * 10 + Math.floor(y[i]! * 10)]!++;
      let chi = 0;
      for (const n of grid) chi += (n - N / 100) ** 2 / (N / 100);
      expect(chi).toBeLessThan(148.2);
    }
  });

  it("gives unrelated draws for neighbouring indexes and for another salt under one seed", () => {
    const N = 100_000;
    let sxy = 0;
    let sxz = 0;
    for (let i = 0; i < N; i++) {
      const x = hashUniform(7, i, 1) - 0.5;
      sxy += x * (hashUniform(7, i + 1, 1) - 0.5);
      sxz += x * (hashUniform(7, i, 2) - 0.5);
    }
    // Covariance of centred uniforms; standard error 1/(12 sqrt(N)) = 0.00026.
    expect(Math.abs(sxy / N)).toBeLessThan(0.0013);
    expect(Math.abs(sxz / N)).toBeLessThan(0.0013);
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
