/**
 * Picks an index with probability proportional to its weight in O(1) (Vose's alias method), from
 * one uniform draw in [0, 1). Deterministic: the same draw always gives the same index.
 */
export class WeightedPicker {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new RangeError("no weights");
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError("weights must be finite and >= 0");
      total += w;
    }
    if (!(total > 0)) throw new RangeError("weights must not all be 0");
    this.size = n;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => {
      (p < 1 ? small : large).push(i);
    });
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of large) {
      this.probability[i] = 1;
      this.alias[i] = i;
    }
    for (const i of small) {
      this.probability[i] = 1;
      this.alias[i] = i;
    }
  }

  /** The index for a uniform draw u in [0, 1). */
  pick(u: number): number {
    const x = u * this.size;
    const i = Math.floor(x);
    return x - i < this.probability[i]! ? i : this.alias[i]!;
  }
}
