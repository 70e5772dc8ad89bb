import { advanceDelivery } from "../engine/advance-delivery.js";
import { addDays, type DayArray, dayArray } from "../engine/day.js";
import type { Bookings } from "./bookings.js";
import { hashUniform } from "./prng.js";
import type { SimContext } from "./sim-context.js";

/** What really happened to the shipments of a run. */
export interface Outcome {
  /** Per shipment: the day it left the warehouse (-1: never, within the horizon). */
  readonly shippedDay: DayArray;
  /** Per shipment: the day it was delivered (-1: never, within the horizon). */
  readonly deliveredDay: DayArray;
  /** Per shipment: the extra days a slowdown added to its transit. */
  readonly slowedDays: Uint8Array;
  /** Per warehouse and day (w * length + i): shipped, and eligible but not shipped at day's end. */
  readonly shipped: Int32Array;
  readonly backlog: Int32Array;
  /** The same per origin (o * length + i). */
  readonly originShipped: Int32Array;
  readonly originBacklog: Int32Array;
  /** The real throughput used per warehouse and day (-1: no limit). */
  readonly throughput: Int32Array;
}

/** Salts of the counter-based draws of a shipment. */
const TRANSIT_SALT = 1;
const SLOWDOWN_SALT = 2;

export function emptyOutcome(ctx: SimContext, bookings: Bookings): Outcome {
  const W = ctx.net.warehouses.length;
  const O = ctx.net.origins.length;
  const n = bookings.log.count;
  return {
    shippedDay: dayArray(n),
    deliveredDay: dayArray(n),
    slowedDays: new Uint8Array(n),
    shipped: new Int32Array(W * ctx.length),
    backlog: new Int32Array(W * ctx.length),
    originShipped: new Int32Array(O * ctx.length),
    originBacklog: new Int32Array(O * ctx.length),
    throughput: new Int32Array(W * ctx.length),
  };
}

/**
 * Plays out one warehouse day by day: on each working day it ships up to its real throughput
 * (`throughput[i]`, -1 = no limit), taking shipments whose promised ship date has come in
 * promised-ship-date order (then the order they were confirmed in), on days their carrier picks up
 * and within the carrier's pickup limit; the rest is backlog carried to the next day. Each shipped
 * parcel's transit is the lane's minimum plus draws from the carrier's actual distribution and any
 * slowdown on its pickup day, counted in the carrier's delivery days (advanceDelivery). The draws
 * depend only on (seed, shipment), so runs that differ in throughput see the same luck.
 */
export function playOutWarehouse(
  ctx: SimContext,
  bookings: Bookings,
  warehouseIndex: number,
  throughput: Int32Array,
  throughputOffset: number,
  seed: number,
  outcome: Outcome,
  originBacklog: boolean,
  /** Added to every carrier pickup limit (the planner's "what if the carriers took more"). */
  pickupExtra = 0,
): void {
  const lastBucket = bookings.lastBucketDay[warehouseIndex]!;
  if (lastBucket < 0) return;
  new WarehousePlayOut(
    ctx,
    bookings,
    warehouseIndex,
    throughput,
    throughputOffset,
    seed,
    outcome,
    originBacklog,
    pickupExtra,
  ).playUntil(ctx.length, true);
}

/**
 * The play-out of one warehouse, day by day, that can stop and go on (see playOutWarehouse for
 * the rules). Backlog-aware promising plays out the days before the one it promises on while the
 * later bookings are still being made: a day's play-out depends only on the shipments promised to
 * ship on or before it, and those are all booked by then.
 */
export class WarehousePlayOut {
  private queue = new Int32Array(64);
  private kept = new Int32Array(64);
  private queueLength = 0;
  private next = 0;
  private readonly pickupsUsed: Int32Array;

  constructor(
    private readonly ctx: SimContext,
    private readonly bookings: Pick<Bookings, "log" | "bucketHead" | "lastBucketDay">,
    private readonly warehouseIndex: number,
    private readonly throughput: Int32Array,
    private readonly throughputOffset: number,
    private readonly seed: number,
    private readonly outcome: Outcome,
    private readonly originBacklog: boolean,
    /** Added to every carrier pickup limit. */
    private readonly pickupExtra = 0,
  ) {
    this.pickupsUsed = new Int32Array(ctx.net.origins.length);
    const base = warehouseIndex * ctx.length;
    outcome.throughput.set(
      throughput.subarray(throughputOffset, throughputOffset + ctx.length),
      base,
    );
  }

  /** Shipments waiting (promised ship date passed, not shipped) after the days played. */
  get waiting(): number {
    return this.queueLength;
  }

  /** The first day index not played yet. */
  get nextDayIndex(): number {
    return this.next;
  }

  /**
   * Plays the days up to index `end` (exclusive). `final`: no booking will come any more, so it
   * may stop once the queue is empty after the last booked day.
   */
  playUntil(end: number, final = false): void {
    const { net, first, transit } = this.ctx;
    const { log, bucketHead } = this.bookings;
    const warehouseIndex = this.warehouseIndex;
    const warehouse = net.warehouses[warehouseIndex]!;
    const lastBucket = this.bookings.lastBucketDay[warehouseIndex]!;
    const ownOrigins = net.originsByWarehouse[warehouseIndex]!;
    const length = this.ctx.length;
    const base = warehouseIndex * length;
    const { outcome, throughput, throughputOffset, seed, pickupsUsed } = this;
    let queue = this.queue;
    let kept = this.kept;
    let queueLength = this.queueLength;
    const stop = Math.min(end, length);

    let i = this.next;
    for (; i < stop; i++) {
      const day = addDays(first, i);
      if (final && day > lastBucket && queueLength === 0) {
        i = stop;
        break;
      }
      // Today's bucket joins the back of the queue (its ship date is later than any queued one).
      for (let s = bucketHead[base + i]!; s >= 0; s = log.next[s]!) {
        if (queueLength === queue.length) {
          const grown = new Int32Array(queue.length * 2);
          grown.set(queue);
          queue = grown;
          kept = new Int32Array(grown.length);
        }
        queue[queueLength++] = s;
      }
      const limit = throughput[throughputOffset + i]!;
      let left =
        warehouse.working[i] !== 1 ? 0 : limit < 0 ? Number.POSITIVE_INFINITY : Math.max(0, limit);
      for (const origin of ownOrigins) pickupsUsed[origin.index] = 0;
      let keptLength = 0;
      let k = 0;
      for (; k < queueLength && left > 0; k++) {
        const s = queue[k]!;
        const o = log.origin[s]!;
        const origin = net.origins[o]!;
        const service = origin.service;
        const limitToday = service.pickupLimit[i]!;
        const pickupLimit = limitToday < 0 ? limitToday : limitToday + this.pickupExtra;
        if (service.pickupDay[i] !== 1 || (pickupLimit >= 0 && pickupsUsed[o]! >= pickupLimit)) {
          kept[keptLength++] = s;
          continue;
        }
        left--;
        pickupsUsed[o]!++;
        const u = hashUniform(seed, s, TRANSIT_SALT);
        const own = transit.hasLanes
          ? transit.laneTransit(o, log.zone[s]!, service.peakNames.has(day), u)
          : -1;
        const extra =
          own >= 0 ? own - log.minTransit[s]! : transit.extraDays(service.index, log.spread[s]!, u);
        const slowed = transit.slowdownDays(
          service.index,
          day,
          hashUniform(seed, s, SLOWDOWN_SALT),
        );
        outcome.shippedDay[s] = day;
        outcome.slowedDays[s] = slowed;
        outcome.deliveredDay[s] = advanceDelivery(
          service,
          net.horizon,
          day,
          log.minTransit[s]! + extra + slowed,
        );
        outcome.shipped[base + i]!++;
        outcome.originShipped[o * length + i]!++;
      }
      if (k < queueLength) {
        kept.set(queue.subarray(k, queueLength), keptLength);
        keptLength += queueLength - k;
      }
      outcome.backlog[base + i] = keptLength;
      if (this.originBacklog) {
        for (let j = 0; j < keptLength; j++)
          outcome.originBacklog[log.origin[kept[j]!]! * length + i]!++;
      }
      const swap = queue;
      queue = kept;
      kept = swap;
      queueLength = keptLength;
    }
    this.next = i;
    this.queue = queue;
    this.kept = kept;
    this.queueLength = queueLength;
  }
}

/** Plays out every warehouse with the context's real throughput. */
export function playOut(ctx: SimContext, bookings: Bookings, seed: number): Outcome {
  const outcome = emptyOutcome(ctx, bookings);
  for (const warehouse of ctx.net.warehouses) {
    playOutWarehouse(
      ctx,
      bookings,
      warehouse.index,
      ctx.throughput,
      warehouse.index * ctx.length,
      seed,
      outcome,
      true,
    );
  }
  return outcome;
}
