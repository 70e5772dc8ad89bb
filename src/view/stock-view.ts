import type { Day } from "../engine/day.js";
import { indexAt, type SkuIndex, type WarehouseIndex } from "../engine/network-index.js";
import type { InboundLot, StockReader } from "../engine/stock-reader.js";
import { SkuTable } from "./sku-table.js";

/** One SKU at one warehouse, as the stock feed (or the network file's `stock` section) gives it. */
export interface StockRow {
  readonly sku: string;
  readonly warehouseId: string;
  readonly onHand: number;
  /** Units promised and not yet shipped; left unchanged when undefined. */
  readonly reserved?: number | undefined;
  readonly safetyStock: number;
  /** Inbound lots; replaced by this list (empty list: none). */
  readonly inbound: readonly InboundLot[];
}

const NO_LOTS: readonly InboundLot[] = Object.freeze([]);
const INT32_MAX = 2_147_483_647;

/**
 * Stock per SKU per warehouse in memory, compact enough for 1,000,000 SKUs x 3 warehouses in
 * about 80 MB, almost all of it off the V8 heap (see bench/README.md for the measurement):
 *
 * - SKUs get a dense index (a SkuTable: one byte pool and a hash table), never reused while the
 *   view lives;
 * - on hand, reserved and safety stock are Int32Arrays indexed by
 *   `skuIndex * warehouseCount + warehouseIndex`, grown by doubling; the safety stock array is
 *   only made when a row first has safety stock (1,000,000 SKUs x 6 locations: 25 MB saved
 *   where none is set);
 * - inbound lots are sparse (most SKUs have none): a Map from that slot to the lots, by ETA.
 *
 * Every change stamps the SKU with a new value of the view's global `version`, so
 * `stamp(skuIndex)` changes whenever anything about that SKU changes and never returns to an
 * earlier value (a Float64Array: no wrap-around, unlike a 32-bit counter). Estimate cache keys
 * include it. A view rebuilt for a new warehouse list continues the version of the old one.
 *
 * Warehouse indexes are those of the compiled network the view was built for.
 */
export class StockView implements StockReader {
  readonly warehouseIds: readonly string[];
  readonly warehouseCount: number;
  private readonly warehouseIndexById: ReadonlyMap<string, number>;
  private readonly skus: SkuTable;
  private capacity: number;
  private onHandArr: Int32Array;
  private reservedArr: Int32Array;
  /** Undefined until some row has safety stock (then as large as the others). */
  private safetyArr: Int32Array | undefined;
  private stamps: Float64Array;
  private readonly lots = new Map<number, readonly InboundLot[]>();
  private versionValue: number;
  private syncedSeqValue = 0;

  constructor(
    warehouseIds: readonly string[],
    options: { initialSkuCapacity?: number; version?: number; skus?: SkuTable } = {},
  ) {
    this.warehouseIds = [...warehouseIds];
    this.warehouseCount = warehouseIds.length;
    this.warehouseIndexById = new Map(warehouseIds.map((id, i) => [id, i]));
    this.capacity = Math.max(16, options.initialSkuCapacity ?? 1024);
    this.skus = options.skus ?? new SkuTable(this.capacity);
    const slots = this.capacity * this.warehouseCount;
    this.onHandArr = new Int32Array(slots);
    this.reservedArr = new Int32Array(slots);
    this.stamps = new Float64Array(this.capacity);
    this.versionValue = options.version ?? 0;
  }

  /**
   * The store change up to which this view holds the store's rows, or is being given them by a
   * pull under way: a write numbered at or below it is in those rows, so a process's own write is
   * not mirrored on top of them (it would count twice until the row changed again).
   */
  get syncedSeq(): number {
    return this.syncedSeqValue;
  }

  /** Records that the store's rows up to change `seq` are in this view or being applied to it. */
  markSynced(seq: number): void {
    if (seq > this.syncedSeqValue) this.syncedSeqValue = seq;
  }

  /** Bumped by every change; the newest SKU stamp. */
  get version(): number {
    return this.versionValue;
  }

  get skuCount(): number {
    return this.skus.size;
  }

  skuIndex(sku: string): SkuIndex {
    return indexAt(this.skus.get(sku));
  }

  skuAt(skuIndex: SkuIndex): string {
    return this.skus.at(skuIndex);
  }

  /** The warehouse's index, or -1 when this view does not know it. */
  warehouseIndex(warehouseId: string): WarehouseIndex {
    return indexAt(this.warehouseIndexById.get(warehouseId) ?? -1);
  }

  /** Changes whenever anything about the SKU changes; never repeats an earlier value. */
  stamp(skuIndex: SkuIndex): number {
    return this.stamps[skuIndex] ?? -1;
  }

  available(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): number {
    const slot = skuIndex * this.warehouseCount + warehouseIndex;
    const safety = this.safetyArr === undefined ? 0 : this.safetyArr[slot]!;
    const free = this.onHandArr[slot]! - this.reservedArr[slot]! - safety;
    return Math.max(free, 0);
  }

  backordered(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): number {
    const slot = skuIndex * this.warehouseCount + warehouseIndex;
    const safety = this.safetyArr === undefined ? 0 : this.safetyArr[slot]!;
    const short = this.reservedArr[slot]! + safety - this.onHandArr[slot]!;
    return Math.max(short, 0);
  }

  inbound(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): readonly InboundLot[] {
    if (this.lots.size === 0) return NO_LOTS;
    return this.lots.get(skuIndex * this.warehouseCount + warehouseIndex) ?? NO_LOTS;
  }

  onHand(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): number {
    return this.onHandArr[skuIndex * this.warehouseCount + warehouseIndex] ?? 0;
  }

  reserved(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): number {
    return this.reservedArr[skuIndex * this.warehouseCount + warehouseIndex] ?? 0;
  }

  safetyStock(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): number {
    return this.safetyArr?.[skuIndex * this.warehouseCount + warehouseIndex] ?? 0;
  }

  /** The SKU's index, adding the SKU (with zero stock everywhere) when it is new. */
  ensureSku(sku: string): number {
    const known = this.skus.get(sku);
    if (known >= 0) return known;
    const index = this.skus.size;
    if (index >= this.capacity) this.grow(index + 1);
    this.skus.add(sku);
    this.stamps[index] = ++this.versionValue;
    return index;
  }

  /**
   * Sets one SKU's levels at one warehouse. Throws RangeError for a warehouse this view does not
   * know (callers validate ids against the network first) or a negative or non-integer count.
   * Returns the SKU's index.
   */
  upsert(row: StockRow): number {
    const w = this.requireWarehouse(row.warehouseId);
    checkCount("onHand", row.onHand);
    checkCount("safetyStock", row.safetyStock);
    if (row.reserved !== undefined) checkCount("reserved", row.reserved);
    const skuIndex = this.ensureSku(row.sku);
    const slot = skuIndex * this.warehouseCount + w;
    this.onHandArr[slot] = row.onHand;
    if (row.safetyStock !== 0) {
      this.safetyArr ??= new Int32Array(this.capacity * this.warehouseCount);
      this.safetyArr[slot] = row.safetyStock;
    } else if (this.safetyArr !== undefined) {
      this.safetyArr[slot] = 0;
    }
    if (row.reserved !== undefined) this.reservedArr[slot] = row.reserved;
    this.setLots(slot, row.inbound);
    this.stamps[skuIndex] = ++this.versionValue;
    return skuIndex;
  }

  /** Upserts many rows (start-up seeding, a stock-feed batch). Returns how many were applied. */
  load(rows: Iterable<StockRow>): number {
    let n = 0;
    for (const row of rows) {
      this.upsert(row);
      n++;
    }
    return n;
  }

  /** Sets the units reserved by open promises for one SKU at one warehouse. */
  setReserved(sku: string, warehouseId: string, reserved: number): void {
    const w = this.requireWarehouse(warehouseId);
    checkCount("reserved", reserved);
    const skuIndex = this.ensureSku(sku);
    this.reservedArr[skuIndex * this.warehouseCount + w] = reserved;
    this.stamps[skuIndex] = ++this.versionValue;
  }

  /**
   * Adds `delta` (negative to release) to the units reserved for one SKU at one warehouse, never
   * going below 0. Returns the new reserved count.
   */
  addReserved(sku: string, warehouseId: string, delta: number): number {
    const w = this.requireWarehouse(warehouseId);
    if (!Number.isInteger(delta))
      throw new RangeError(`reserved delta must be whole, got ${delta}`);
    const skuIndex = this.ensureSku(sku);
    const slot = skuIndex * this.warehouseCount + w;
    const next = Math.min(INT32_MAX, Math.max(0, this.reservedArr[slot]! + delta));
    this.reservedArr[slot] = next;
    this.stamps[skuIndex] = ++this.versionValue;
    return next;
  }

  /**
   * A view for another warehouse list (a reloaded network): same SKUs and indexes, levels copied
   * for warehouses present in both, version continued so stamps never repeat.
   */
  rebuild(warehouseIds: readonly string[]): StockView {
    const next = new StockView(warehouseIds, {
      initialSkuCapacity: this.capacity,
      version: this.versionValue,
      skus: this.skus.clone(),
    });
    next.syncedSeqValue = this.syncedSeqValue;
    const map: Array<[from: number, to: number]> = [];
    for (let to = 0; to < warehouseIds.length; to++) {
      const from = this.warehouseIndex(warehouseIds[to]!);
      if (from >= 0) map.push([from, to]);
    }
    for (let s = 0; s < this.skus.size; s++) {
      for (const [from, to] of map) {
        const a = s * this.warehouseCount + from;
        const b = s * next.warehouseCount + to;
        next.onHandArr[b] = this.onHandArr[a]!;
        next.reservedArr[b] = this.reservedArr[a]!;
        if (this.safetyArr !== undefined) {
          next.safetyArr ??= new Int32Array(next.capacity * next.warehouseCount);
          next.safetyArr[b] = this.safetyArr[a]!;
        }
        const lots = this.lots.get(a);
        if (lots !== undefined) next.lots.set(b, lots);
      }
    }
    next.versionValue++;
    next.stamps.fill(next.versionValue, 0, next.skus.size);
    return next;
  }

  /** Whether this view's warehouses are exactly these, in this order. */
  hasWarehouses(warehouseIds: readonly string[]): boolean {
    return (
      warehouseIds.length === this.warehouseCount &&
      warehouseIds.every((id, i) => this.warehouseIds[i] === id)
    );
  }

  private requireWarehouse(warehouseId: string): number {
    const w = this.warehouseIndexById.get(warehouseId);
    if (w === undefined) throw new RangeError(`unknown warehouse ${JSON.stringify(warehouseId)}`);
    return w;
  }

  private setLots(slot: number, inbound: readonly InboundLot[]): void {
    if (inbound.length === 0) {
      this.lots.delete(slot);
      return;
    }
    const sorted: InboundLot[] = [];
    for (const lot of inbound) {
      checkCount("inbound quantity", lot.quantity);
      if (!Number.isInteger(lot.etaDay)) throw new RangeError(`bad inbound ETA day ${lot.etaDay}`);
      sorted.push({ quantity: lot.quantity, etaDay: lot.etaDay as Day });
    }
    sorted.sort((a, b) => a.etaDay - b.etaDay);
    this.lots.set(slot, Object.freeze(sorted));
  }

  private grow(minCapacity: number): void {
    let capacity = this.capacity;
    while (capacity < minCapacity) capacity *= 2;
    const slots = capacity * this.warehouseCount;
    const grown = (old: Int32Array) => {
      const arr = new Int32Array(slots);
      arr.set(old);
      return arr;
    };
    this.onHandArr = grown(this.onHandArr);
    this.reservedArr = grown(this.reservedArr);
    if (this.safetyArr !== undefined) this.safetyArr = grown(this.safetyArr);
    const stamps = new Float64Array(capacity);
    stamps.set(this.stamps);
    this.stamps = stamps;
    this.capacity = capacity;
  }
}

function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > INT32_MAX) {
    throw new RangeError(`${what} must be a whole number from 0 to ${INT32_MAX}, got ${n}`);
  }
}
