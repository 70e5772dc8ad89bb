import { dayArray } from "../engine/day.js";

/** How the store promises in a run. */
export interface PromisePolicy {
  /** Promising sees capacity and pickup limits (full ship dates are skipped). */
  readonly capacityAware: boolean;
  /** The share of shoppers who pick the fastest option (the rest pick the cheapest). */
  readonly fastestShare: number;
  /**
   * With capacity-aware promising: capacity net of the backlog the warehouse really has and of
   * its learned real throughput (SimBacklog). Default false.
   */
  readonly backlogAware?: boolean | undefined;
}

/** Every shipment promised in a run, in the order they were confirmed, in flat typed arrays. */
export class ShipmentLog {
  count = 0;
  origin = new Int32Array(1024);
  /** The day of ordering, as an index from the first simulated day (in the demand's zone). */
  orderDay = new Int16Array(1024);
  /** Promised latest delivery date minus the warehouse-local order date. */
  lead = new Int16Array(1024);
  shipDay = dayArray(1024);
  latestDay = dayArray(1024);
  /** The lane's minimum transit plus the zone's extra days (what a carrier needs at best). */
  minTransit = new Int8Array(1024);
  /** The lane's max - min transit days. */
  spread = new Int8Array(1024);
  /** The destination zone's index. */
  zone = new Int16Array(1024);
  /** 1 when promising pushed the ship date past full days (CAPACITY_FULL). */
  pushed = new Uint8Array(1024);
  /** The next shipment in the same (warehouse, promised ship date) bucket, or -1. */
  next = new Int32Array(1024);

  grow(): void {
    const size = this.origin.length * 2;
    const grown = <T extends Int32Array | Int16Array | Int8Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.origin = grown(this.origin);
    this.orderDay = grown(this.orderDay);
    this.lead = grown(this.lead);
    this.shipDay = grown(this.shipDay);
    this.latestDay = grown(this.latestDay);
    this.minTransit = grown(this.minTransit);
    this.spread = grown(this.spread);
    this.zone = grown(this.zone);
    this.pushed = grown(this.pushed);
    this.next = grown(this.next);
  }
}

/** What the promising phase of a run leaves for the play-out and the results. */
export interface Bookings {
  readonly policy: PromisePolicy;
  readonly log: ShipmentLog;
  /** First shipment of each (warehouse, promised ship date): bucketHead[w * length + i], -1. */
  readonly bucketHead: Int32Array;
  /** The last day with a bucket, per warehouse (-1: none). */
  readonly lastBucketDay: Int32Array;
  /** Per simulated day: orders placed, orders with no option, units ordered and unavailable. */
  readonly ordersPlaced: Int32Array;
  readonly ordersUnavailable: Int32Array;
  readonly unitsOrdered: Float64Array;
  readonly unitsUnavailable: Float64Array;
  /** Shipments booked per warehouse and promised ship date. */
  readonly booked: Int32Array;
}
