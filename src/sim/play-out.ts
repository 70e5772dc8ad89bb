import { advanceDelivery } from "../engine/advance-delivery.js";
import { hashUniform } from "./prng.js";
import type { Bookings } from "./promise-orders.js";
import type { SimContext } from "./sim-context.js";

/** What really happened to the shipments of a run. */
export interface Outcome {
  /** Per shipment: the day it left the warehouse (-1: never, within the horizon). */
  readonly shippedDay: Int32Array;
  /** Per shipment: the day it was delivered (-1: never, within the horizon). */
  readonly deliveredDay: Int32Array;
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
    shippedDay: new Int32Array(n).fill(-1),
    deliveredDay: new Int32Array(n).fill(-1),
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
  const { net, first, length, transit } = ctx;
  const { log, bucketHead } = bookings;
  const warehouse = net.warehouses[warehouseIndex]!;
  const lastBucket = bookings.lastBucketDay[warehouseIndex]!;
  if (lastBucket < 0) return;
  let queue = new Int32Array(64);
  let kept = new Int32Array(64);
  let queueLength = 0;
  const pickupsUsed = new Int32Array(net.origins.length);
  const ownOrigins = net.originsByWarehouse[warehouseIndex]!;
  const base = warehouseIndex * length;
  outcome.throughput.set(throughput.subarray(throughputOffset, throughputOffset + length), base);

  for (let i = 0; i < length; i++) {
    const day = first + i;
    if (day > lastBucket && queueLength === 0) break;
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
      const pickupLimit = limitToday < 0 ? limitToday : limitToday + pickupExtra;
      if (service.pickupDay[i] !== 1 || (pickupLimit >= 0 && pickupsUsed[o]! >= pickupLimit)) {
        kept[keptLength++] = s;
        continue;
      }
      left--;
      pickupsUsed[o]!++;
      const extra = transit.extraDays(
        service.index,
        log.spread[s]!,
        hashUniform(seed, s, TRANSIT_SALT),
      );
      const slowed = transit.slowdownDays(service.index, day, hashUniform(seed, s, SLOWDOWN_SALT));
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
    if (originBacklog) {
      for (let j = 0; j < keptLength; j++)
        outcome.originBacklog[log.origin[kept[j]!]! * length + i]!++;
    }
    const swap = queue;
    queue = kept;
    kept = swap;
    queueLength = keptLength;
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
