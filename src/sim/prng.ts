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

/**
 * A uniform number in [0, 1) that depends only on (seed, index, salt): a counter-based draw, so
 * a shipment's sampled transit does not depend on the order in which shipments are processed
 * (re-runs with other capacities see the same luck for the same shipment).
 */
export function hashUniform(seed: number, index: number, salt: number): number {
  let h = (seed ^ Math.imul(salt + 0x632be5ab, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ index, 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h, 0x1b873593);
  h ^= Math.floor(index / 4294967296);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
