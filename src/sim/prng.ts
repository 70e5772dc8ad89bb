/**
 * Small deterministic random number generators for the simulator: the same seed gives the same
 * sequence on every platform (32-bit integer arithmetic only, no Math.random).
 */

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded by splitmix32. */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
}

/** The murmur3 32-bit finalizer: a bijection of 32-bit integers with full avalanche. */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** One splitmix32 output for state `x` (the increment already added by the caller). */
function splitmix32(x: number): number {
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return z ^ (z >>> 15);
}

/**
 * A uniform number in [0, 1) that depends only on (seed, index, salt): a counter-based draw, so
 * a shipment's sampled transit does not depend on the order in which shipments are processed
 * (re-runs with other capacities see the same luck for the same shipment).
 *
 * Seed and salt, hashed in turn, give two 32-bit keys (splitmix32), and the index is mixed between
 * them: fmix(fmix(index + k1) ^ k2). A key entering only once (as `seed ^ index` did) makes every
 * seed a relabelling of the same draws; entering on both sides of a non-linear mix, two seeds give
 * unrelated sequences. The high bits of the index (past 2^32) are folded into the second key.
 */
export function hashUniform(seed: number, index: number, salt: number): number {
  const s = splitmix32((splitmix32((seed + 0x9e3779b9) | 0) ^ salt) + 0x9e3779b9);
  const k1 = splitmix32((s + 0x3c6ef372) | 0);
  const k2 = splitmix32((s + 0xdaa66d2b) | 0) ^ Math.floor(index / 4294967296);
  const h = fmix32(fmix32((index + k1) | 0) ^ k2);
  return (h >>> 0) / 4294967296;
}
