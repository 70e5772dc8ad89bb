/**
 * Decoded requests by their exact bytes, for a method whose callers send the same request again
 * and again (a product page asks for the same SKU, quantity and postal code on every view): a
 * request whose bytes were decoded before is answered with the same decoded object, deep-frozen,
 * so it is neither decoded again (protobufjs builds it twice: message, then plain object) nor
 * checked again (its wire format and string limits passed when it was first decoded).
 *
 * A fixed number of slots, each holding one request whose bytes hash to it (a copy of the bytes
 * and the decoded object): a lookup hashes the bytes and compares them in full with the slot's,
 * so a hash collision only costs a miss, and a hit allocates nothing. A request is kept only when
 * it is seen a second time in a row at its slot (the slot remembers the hash of its last miss):
 * a stream of distinct requests (random SKUs) keeps nothing, so it costs a hash per call and no
 * copies, frozen objects or promoted garbage (keeping every miss cost 3.4 us more per distinct
 * request). Requests longer than `maxBytes` are never kept. Memory: at most `slots` x (maxBytes +
 * the decoded object).
 */
export class RepeatedRequests<T extends object> {
  private readonly keys: Array<Buffer | undefined>;
  private readonly values: Array<T | undefined>;
  /** Per slot, the hash of the last request that missed there. */
  private readonly lastMiss: Int32Array;
  private readonly mask: number;
  hits = 0;
  misses = 0;

  constructor(
    /** A power of two. */
    readonly slots = 1024,
    readonly maxBytes = 256,
  ) {
    if (!Number.isInteger(Math.log2(slots)) || slots < 1) {
      throw new Error(`slots must be a power of two, got ${slots}`);
    }
    this.keys = new Array<Buffer | undefined>(slots).fill(undefined);
    this.values = new Array<T | undefined>(slots).fill(undefined);
    this.lastMiss = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /**
   * The decoded request of `bytes`: the kept one when the same bytes were decoded before, else
   * `decode(bytes)`, kept (deep-frozen) when `keep` says so (an error result is not kept) and the
   * same bytes were the last to miss at this slot.
   */
  decode<R>(bytes: Buffer, decode: (bytes: Buffer) => R, keep: (result: R) => boolean): R | T {
    if (bytes.length > this.maxBytes) return decode(bytes);
    const hash = hashOf(bytes);
    const slot = hash & this.mask;
    const known = this.keys[slot];
    if (known?.equals(bytes)) {
      this.hits++;
      return this.values[slot]!;
    }
    this.misses++;
    const result = decode(bytes);
    const again = this.lastMiss[slot] === hash;
    this.lastMiss[slot] = hash;
    if (again && keep(result)) {
      this.keys[slot] = Buffer.from(bytes); // a copy: `bytes` is a view of grpc-js's read buffer
      this.values[slot] = deepFreeze(result as unknown as T);
    }
    return result;
  }
}

/** FNV-1a over the bytes (32 bits). */
function hashOf(bytes: Buffer): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

/** Freezes a decoded message and every object and array inside it (byte fields excepted). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return value;
  if (Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
