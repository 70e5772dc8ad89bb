import { dayArray, sliceDays } from "../engine/day.js";
import { type Bookings, ShipmentLog } from "./bookings.js";
import { emptyOutcome, playOutWarehouse } from "./play-out.js";
import type { QuestionWindow } from "./question-window.js";
import type { SimContext } from "./sim-context.js";

/** Moving part of a warehouse's demand to another one, played out. */
export interface MovedDemand {
  readonly fromWarehouseId: string;
  readonly toWarehouseId: string;
  /** The fewest shipments a day of ordering that, moved, hold the target. */
  readonly perDay: number;
  /** Shipments moved over the window (fewer than perDay x days on days with fewer shipments). */
  readonly moved: number;
  /** The window's shipments at the first warehouse before the move. */
  readonly shipments: number;
  /** The on-time rate of the window's shipments at each warehouse once they moved. */
  readonly onTimeFrom: number;
  readonly onTimeTo: number;
}

/**
 * Plays the scenario's promises with part of one warehouse's demand moved to another warehouse of
 * the same services, and finds the fewest shipments a day of ordering that, moved, keep the
 * target on every day of ordering in the window at both warehouses (binary search over re-runs).
 * Moving m a day moves the last m shipments confirmed on each day (the day's later orders), so a
 * larger m moves a superset.
 * A moved shipment keeps its service and its promise's slack (peak widening, buffer days): it
 * ships from `to` on the first day on or after its promised ship date that `to` works and the
 * carrier picks up, and its latest date is that ship date plus the `to` lane's maximum transit
 * (plus the zone's extra days) plus the slack, in the carrier's delivery days. Both warehouses
 * are then played out with their real throughput and the same carrier luck per shipment. Stock at
 * `to` is not checked (the answer says how much to send there). A shipment whose service has no
 * lane from `to` to its zone stays. Undefined when no number a day holds the target at both
 * warehouses (the fewest that hold it at `from` are too many for `to`, and more only make `to`
 * worse).
 */
export function moveDemand(
  ctx: SimContext,
  bookings: Bookings,
  fromIndex: number,
  toIndex: number,
  target: number,
  window: QuestionWindow,
  seed: number,
): MovedDemand | undefined {
  const { net, first, length } = ctx;
  const { log } = bookings;
  const horizon = net.horizon;
  // Where each movable shipment would go: its origin, ship day and latest day at `to`.
  const candidates: number[] = [];
  const toOrigin = new Int32Array(log.count).fill(-1);
  const toShip = dayArray(log.count);
  const toLatest = dayArray(log.count);
  const toMin = new Int8Array(log.count);
  const toSpread = new Int8Array(log.count);
  const toWarehouse = net.warehouses[toIndex]!;
  for (let s = 0; s < log.count; s++) {
    const d = log.orderDay[s]!;
    if (d < window.fromIndex || d > window.toIndex) continue;
    const origin = net.origins[log.origin[s]!]!;
    if (origin.warehouse.index !== fromIndex) continue;
    const service = origin.service;
    const other = net.originsByWarehouse[toIndex]!.find((o) => o.service === service);
    const lane = other?.lanes[log.zone[s]!];
    if (other === undefined || lane === undefined) continue;
    let ship = log.shipDay[s]!;
    while (
      ship - first < length &&
      (toWarehouse.working[ship - first] !== 1 || service.pickupDay[ship - first] !== 1)
    ) {
      ship++;
    }
    if (ship - first >= length) continue;
    const rank = (day: number) => service.deliveryRank[day - first]!;
    const zoneExtra = log.minTransit[s]! - origin.lanes[log.zone[s]!]!.min;
    const slack =
      rank(log.latestDay[s]!) - rank(log.shipDay[s]!) - (log.minTransit[s]! + log.spread[s]!);
    const k = rank(ship) + lane.max + zoneExtra + slack - 1;
    toLatest[s] = k < service.deliveryDays.length ? service.deliveryDays[k]! : horizon.lastDay;
    toOrigin[s] = other.index;
    toShip[s] = ship;
    toMin[s] = lane.min + zoneExtra;
    toSpread[s] = lane.max - lane.min;
    candidates.push(s);
  }
  if (candidates.length === 0) return undefined;
  // Per day of ordering in the window, its movable shipments in the order they were confirmed.
  const byDay: number[][] = Array.from({ length: window.toIndex - window.fromIndex + 1 }, () => []);
  for (const s of candidates) byDay[log.orderDay[s]! - window.fromIndex]!.push(s);
  const most = Math.max(...byDay.map((list) => list.length));

  const moved = new ShipmentLog();
  const days = window.toIndex - window.fromIndex + 1;
  const play = (perDay: number) => {
    // A copy of the log with the chosen shipments at `to`, and both warehouses' buckets rebuilt.
    moved.count = log.count;
    moved.origin = log.origin.slice(0, log.count);
    moved.orderDay = log.orderDay;
    moved.lead = log.lead;
    moved.shipDay = sliceDays(log.shipDay, log.count);
    moved.latestDay = sliceDays(log.latestDay, log.count);
    moved.minTransit = log.minTransit.slice(0, log.count);
    moved.spread = log.spread.slice(0, log.count);
    moved.zone = log.zone;
    moved.pushed = log.pushed;
    moved.next = new Int32Array(log.count).fill(-1);
    let count = 0;
    for (const s of byDay.flatMap((list) => list.slice(Math.max(0, list.length - perDay)))) {
      count++;
      moved.origin[s] = toOrigin[s]!;
      moved.shipDay[s] = toShip[s]!;
      moved.latestDay[s] = toLatest[s]!;
      moved.minTransit[s] = toMin[s]!;
      moved.spread[s] = toSpread[s]!;
    }
    const bucketHead = bookings.bucketHead.slice();
    const lastBucketDay = bookings.lastBucketDay.slice();
    const tails = new Int32Array(2 * length).fill(-1);
    for (const [k, w] of [fromIndex, toIndex].entries()) {
      bucketHead.fill(-1, w * length, (w + 1) * length);
      lastBucketDay[w] = -1;
      for (let s = 0; s < log.count; s++) {
        if (net.origins[moved.origin[s]!]!.warehouse.index !== w) continue;
        const i = moved.shipDay[s]! - first;
        const tail = tails[k * length + i]!;
        if (tail < 0) bucketHead[w * length + i] = s;
        else moved.next[tail] = s;
        tails[k * length + i] = s;
        if (moved.shipDay[s]! > lastBucketDay[w]!) lastBucketDay[w] = moved.shipDay[s]!;
      }
    }
    const movedBookings: Bookings = { ...bookings, log: moved, bucketHead, lastBucketDay };
    const outcome = emptyOutcome(ctx, movedBookings);
    for (const w of [fromIndex, toIndex]) {
      playOutWarehouse(ctx, movedBookings, w, ctx.throughput, w * length, seed, outcome, false);
    }
    // Per day of ordering in the window, at each warehouse: kept and all.
    const kept = new Int32Array(2 * days);
    const total = new Int32Array(2 * days);
    for (let s = 0; s < log.count; s++) {
      const d = log.orderDay[s]! - window.fromIndex;
      if (d < 0 || d >= days) continue;
      const w = net.origins[moved.origin[s]!]!.warehouse.index;
      if (w !== fromIndex && w !== toIndex) continue;
      const k = (w === fromIndex ? 0 : 1) * days + d;
      total[k]!++;
      const delivered = outcome.deliveredDay[s]!;
      if (delivered >= 0 && delivered <= moved.latestDay[s]!) kept[k]!++;
    }
    // Moving more never hurts `from` and never helps `to`: each is checked on its own.
    const holdsAt = (w: number) => {
      for (let d = 0; d < days; d++) {
        const k = w * days + d;
        if (total[k]! > 0 && kept[k]! / total[k]! < target - 1e-12) return false;
      }
      return true;
    };
    const rate = (w: number) => {
      let a = 0;
      let b = 0;
      for (let d = 0; d < days; d++) {
        a += kept[w * days + d]!;
        b += total[w * days + d]!;
      }
      return b === 0 ? 1 : a / b;
    };
    return {
      holdsFrom: holdsAt(0),
      holdsTo: holdsAt(1),
      count,
      onTimeFrom: rate(0),
      onTimeTo: rate(1),
    };
  };

  // The fewest a day that hold the target at `from`; if `to` cannot take those, it cannot take
  // more either.
  if (!play(most).holdsFrom) return undefined;
  let lo = 0;
  let hi = most;
  if (play(0).holdsFrom) hi = 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (play(mid).holdsFrom) hi = mid;
    else lo = mid;
  }
  const best = play(hi);
  if (!best.holdsTo) return undefined;
  return {
    fromWarehouseId: net.warehouses[fromIndex]!.id,
    toWarehouseId: toWarehouse.id,
    perDay: hi,
    moved: best.count,
    shipments: candidates.length,
    onTimeFrom: best.onTimeFrom,
    onTimeTo: best.onTimeTo,
  };
}
