const EMPTY = 0;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * A dense index of SKU strings (0, 1, 2, ... in the order they were added, never reused), kept
 * compact enough for millions of SKUs: the characters of every SKU sit in one byte pool, and an
 * open-addressing hash table of Int32 slots maps them to their index. A `Map<string, number>` plus
 * one JS string per SKU costs about 90 bytes a SKU of V8 heap (measured: 51 MB of strings and 42 MB
 * of Map and array backing stores for 1,000,000 SKUs); this costs its length plus 12-20 bytes, off
 * the V8 heap, so the garbage collector neither scans it nor sizes the heap after it.
 *
 * SKUs whose characters all fit in one byte (Latin-1, so every ASCII SKU) live in the pool; the
 * rare SKU with a wider character is kept in a small Map beside it, with an index from the same
 * sequence. Lookups hash the query's UTF-16 code units directly (FNV-1a) and compare them with the
 * pool's bytes, so a lookup allocates nothing.
 */
export class SkuTable {
  private pool: Uint8Array;
  private poolUsed = 0;
  /** starts[i] = pool offset of SKU i; starts[count] = poolUsed. */
  private starts: Int32Array;
  /** index + 1 of the SKU in each slot (0: empty); length a power of two, at most half full. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  private readonly wide = new Map<string, number>();
  private readonly wideByIndex = new Map<number, string>();

  constructor(expected = 1024) {
    const capacity = Math.max(16, expected);
    this.pool = new Uint8Array(capacity * 16);
    this.starts = new Int32Array(capacity + 1);
    let size = 32;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The SKU's index, or -1 when it was never added. */
  get(sku: string): number {
    let h = FNV_OFFSET;
    const n = sku.length;
    for (let i = 0; i < n; i++) {
      const c = sku.charCodeAt(i);
      if (c > 0xff) return this.wide.get(sku) ?? -1;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    const slots = this.slots;
    const mask = this.mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const entry = slots[s]!;
      if (entry === EMPTY) return -1;
      if (this.equals(entry - 1, sku)) return entry - 1;
    }
  }

  /** Adds a SKU that is not in the index yet; returns its new index. */
  add(sku: string): number {
    const index = this.count;
    if (index + 2 > this.starts.length) this.growStarts();
    let h = FNV_OFFSET;
    let wide = false;
    for (let i = 0; i < sku.length; i++) {
      const c = sku.charCodeAt(i);
      if (c > 0xff) {
        wide = true;
        break;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    if (wide) {
      this.wide.set(sku, index);
      this.wideByIndex.set(index, sku);
    } else {
      if (this.poolUsed + sku.length > this.pool.length) this.growPool(sku.length);
      for (let i = 0; i < sku.length; i++) this.pool[this.poolUsed + i] = sku.charCodeAt(i);
      this.poolUsed += sku.length;
      if ((index + 1) * 2 > this.slots.length) this.growSlots();
      this.place(h, index);
    }
    this.count = index + 1;
    this.starts[index + 1] = this.poolUsed;
    return index;
  }

  /** The SKU at `index`; RangeError when there is none. */
  at(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new RangeError(`no SKU at index ${index}`);
    }
    const wide = this.wideByIndex.get(index);
    if (wide !== undefined) return wide;
    let s = "";
    for (let i = this.starts[index]!; i < this.starts[index + 1]!; i++) {
      s += String.fromCharCode(this.pool[i]!);
    }
    return s;
  }

  /** An independent copy (a view rebuilt for a reloaded network keeps the same indexes). */
  clone(): SkuTable {
    const copy = new SkuTable(16);
    copy.pool = this.pool.slice();
    copy.poolUsed = this.poolUsed;
    copy.starts = this.starts.slice();
    copy.slots = this.slots.slice();
    copy.mask = this.mask;
    copy.count = this.count;
    for (const [sku, i] of this.wide) {
      copy.wide.set(sku, i);
      copy.wideByIndex.set(i, sku);
    }
    return copy;
  }

  /** Bytes held off the V8 heap (pool, offsets and slots). */
  get byteLength(): number {
    return this.pool.byteLength + this.starts.byteLength + this.slots.byteLength;
  }

  private equals(index: number, sku: string): boolean {
    const start = this.starts[index]!;
    const end = this.starts[index + 1]!;
    if (end - start !== sku.length || this.wideByIndex.has(index)) return false;
    const pool = this.pool;
    for (let i = 0; i < sku.length; i++) {
      if (pool[start + i] !== sku.charCodeAt(i)) return false;
    }
    return true;
  }

  private place(hash: number, index: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let s = hash & mask;
    while (slots[s] !== EMPTY) s = (s + 1) & mask;
    slots[s] = index + 1;
  }

  private hashAt(index: number): number {
    let h = FNV_OFFSET;
    for (let i = this.starts[index]!; i < this.starts[index + 1]!; i++) {
      h = Math.imul(h ^ this.pool[i]!, FNV_PRIME);
    }
    return h;
  }

  private growSlots(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < this.count; i++) {
      if (!this.wideByIndex.has(i)) this.place(this.hashAt(i), i);
    }
  }

  private growStarts(): void {
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
  }

  private growPool(needed: number): void {
    let size = this.pool.length * 2;
    while (size < this.poolUsed + needed) size *= 2;
    const pool = new Uint8Array(size);
    pool.set(this.pool.subarray(0, this.poolUsed));
    this.pool = pool;
  }
}
