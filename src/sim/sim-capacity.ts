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
  }

  remaining(warehouseIndex: number, day: Day): number {
    if (!this.aware) return Number.POSITIVE_INFINITY;
    const i = warehouseIndex * this.length + (day - this.first);
    const cap = this.capacity[i]!;
    return cap < 0 ? Number.POSITIVE_INFINITY : cap - this.booked[i]!;
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
