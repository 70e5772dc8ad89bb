import type { CompiledNetwork } from "../engine/compiled-network.js";
import type { Day } from "../engine/day.js";
import type { CapacityReader } from "../engine/stock-reader.js";

/**
 * Warehouse capacity and carrier pickup limits for a simulation, behind the engine's
 * CapacityReader. Bookings (one per shipment, on its promised ship date) are always counted; when
 * `aware` is false the reader shows no limit to promising (the store promises as if capacity were
 * endless) while the counts still feed the results.
 */
export class SimCapacity implements CapacityReader {
  private readonly first: Day;
  private readonly length: number;
  /** capacity[w * length + i]: orders per day, -1 = no limit. */
  readonly capacity: Int32Array;
  readonly booked: Int32Array;
  /** Pickup limits per origin and day (-1 = none) and pickups booked. */
  private readonly pickupLimit: Int32Array;
  readonly bookedPickups: Int32Array;
  /**
   * Backlog-aware promising (see setBacklog): per warehouse, the first day the backlog applies
   * from, the older work ahead of each day from there, and the learned throughput factor.
   */
  private readonly backlogFrom: Int32Array;
  private readonly backlogAhead: Array<Int32Array | undefined>;
  private readonly factor: Float64Array;

  constructor(
    net: CompiledNetwork,
    capacity: Int32Array,
    readonly aware: boolean,
  ) {
    this.first = net.horizon.firstDay;
    this.length = net.horizon.length;
    this.capacity = capacity;
    this.booked = new Int32Array(capacity.length);
    this.pickupLimit = new Int32Array(net.origins.length * this.length);
    for (const origin of net.origins) {
      this.pickupLimit.set(origin.service.pickupLimit, origin.index * this.length);
    }
    this.bookedPickups = new Int32Array(this.pickupLimit.length);
    const W = net.warehouses.length;
    this.backlogFrom = new Int32Array(W).fill(2_147_483_647);
    this.backlogAhead = new Array<Int32Array | undefined>(W);
    this.factor = new Float64Array(W).fill(1);
  }

  /**
   * What the warehouse has not shipped yet as promising sees it from day `from` on: `ahead[k]`
   * orders of older work on day from + k (first in, first out), and `factor` applied to its
   * capacity from `from` on. The same rule as the service's capacity view.
   */
  setBacklog(warehouseIndex: number, from: Day, ahead: Int32Array, factor: number): void {
    this.backlogFrom[warehouseIndex] = from;
    this.backlogAhead[warehouseIndex] = ahead;
    this.factor[warehouseIndex] = factor;
  }

  /** Capacity promising counts on: times the learned factor from the backlog's first day on. */
  effectiveCapacity(warehouseIndex: number, day: Day): number {
    const cap = this.capacity[warehouseIndex * this.length + (day - this.first)]!;
    if (cap < 0 || day < this.backlogFrom[warehouseIndex]!) return cap;
    const f = this.factor[warehouseIndex]!;
    return f >= 1 ? cap : Math.floor(cap * f + 1e-9);
  }

  backlog(warehouseIndex: number, day: Day): number {
    const from = this.backlogFrom[warehouseIndex]!;
    if (day < from) return 0;
    return this.backlogAhead[warehouseIndex]?.[day - from] ?? 0;
  }

  remaining(warehouseIndex: number, day: Day): number {
    if (!this.aware) return Number.POSITIVE_INFINITY;
    const i = warehouseIndex * this.length + (day - this.first);
    const cap = this.effectiveCapacity(warehouseIndex, day);
    if (cap < 0) return Number.POSITIVE_INFINITY;
    return cap - this.backlog(warehouseIndex, day) - this.booked[i]!;
  }

  remainingPickups(originIndex: number, day: Day): number {
    if (!this.aware) return Number.POSITIVE_INFINITY;
    const i = originIndex * this.length + (day - this.first);
    const limit = this.pickupLimit[i]!;
    return limit < 0 ? Number.POSITIVE_INFINITY : limit - this.bookedPickups[i]!;
  }

  expectedFullAtMs(): number | undefined {
    return undefined;
  }

  /** Books one shipment of an origin at a warehouse on its ship date. */
  book(warehouseIndex: number, originIndex: number, day: Day): void {
    const d = day - this.first;
    this.booked[warehouseIndex * this.length + d]!++;
    this.bookedPickups[originIndex * this.length + d]!++;
  }
}
