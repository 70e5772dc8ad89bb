import type { CartLineQuery } from "../engine/cart-quote.js";
import type { CompiledZone } from "../engine/compiled-network.js";
import { type Day, dayArray } from "../engine/day.js";
import { estimate } from "../engine/estimate.js";
import { localDayOf } from "../engine/local-day.js";
import { quoteCart } from "../engine/quote-cart.js";
import type { Reason } from "../engine/shipping-option.js";
import { Sfc32 } from "./prng.js";
import { SimBacklog } from "./sim-backlog.js";
import { SimCapacity } from "./sim-capacity.js";
import type { SimContext } from "./sim-context.js";
import { SimStock } from "./sim-stock.js";

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

/** Where the promising phase is: days fully done and orders done. */
export interface PromiseStep {
  readonly daysDone: number;
  readonly ordersDone: number;
}

/** How many orders the promising phase handles between two progress reports. */
const ORDERS_PER_STEP = 50_000;

function hasCapacityFull(reasons: readonly Reason[]): boolean {
  for (const reason of reasons) {
    if (reason.code === "CAPACITY_FULL" || reason.code === "WAREHOUSE_BACKLOG") return true;
  }
  return false;
}

/**
 * The promising phase: generates the orders hour by hour (the same orders for the same seed,
 * whatever the policy: every order draws the same numbers), asks the engine for the options each
 * would get at that instant (estimate for one line, quoteCart for a cart) against the run's stock
 * and capacity, lets the shopper pick (fastest or cheapest), and confirms: consumes stock and books
 * capacity on the promised ship date. Buffer days are added to the chosen promise's latest date
 * (after the choice, so buffers never change what is chosen or booked). Yields the number of
 * orders done after every day and every 50,000 orders; returns the bookings.
 */
export function* promiseOrders(
  ctx: SimContext,
  policy: PromisePolicy,
  seed: number,
): Generator<PromiseStep, Bookings, void> {
  const { net, first, length, demand } = ctx;
  const W = net.warehouses.length;
  const stock = new SimStock(net, ctx.stockInput);
  const capacity = new SimCapacity(net, ctx.capacity, policy.capacityAware);
  const skuIndexes = ctx.skus.map((sku) => stock.skuIndex(sku));
  const log = new ShipmentLog();
  const bucketHead = new Int32Array(W * length).fill(-1);
  const bucketTail = new Int32Array(W * length).fill(-1);
  const lastBucketDay = new Int32Array(W).fill(-1);
  const ordersPlaced = new Int32Array(ctx.days);
  const ordersUnavailable = new Int32Array(ctx.days);
  const unitsOrdered = new Float64Array(ctx.days);
  const unitsUnavailable = new Float64Array(ctx.days);
  const rng = new Sfc32(seed, 1);
  const lines: CartLineQuery[] = [];
  const backlog =
    policy.capacityAware && policy.backlogAware === true
      ? new SimBacklog(ctx, { log, bucketHead, lastBucketDay }, capacity, seed)
      : undefined;
  let done = 0;
  let sinceStep = 0;

  const record = (
    originIndex: number,
    shipDay: Day,
    latestDay: Day,
    pushed: boolean,
    zone: CompiledZone,
    dayIndex: number,
    atMs: number,
  ): void => {
    const origin = net.origins[originIndex]!;
    const service = origin.service;
    const warehouse = origin.warehouse;
    const lane = origin.lanes[zone.index]!;
    const buffer = ctx.bufferDays[service.index]!;
    let latest = latestDay;
    if (buffer > 0) {
      const k = service.deliveryRank[latest - first]! + buffer - 1;
      latest = k < service.deliveryDays.length ? service.deliveryDays[k]! : net.horizon.lastDay;
    }
    if (log.count === log.origin.length) log.grow();
    const s = log.count++;
    log.origin[s] = originIndex;
    log.orderDay[s] = dayIndex;
    log.lead[s] = latest - localDayOf(warehouse, net.horizon, atMs);
    log.shipDay[s] = shipDay;
    log.latestDay[s] = latest;
    log.minTransit[s] = lane.min + zone.extraTransitDays;
    log.spread[s] = lane.max - lane.min;
    log.zone[s] = zone.index;
    log.pushed[s] = pushed ? 1 : 0;
    log.next[s] = -1;
    capacity.book(warehouse.index, originIndex, shipDay);
    const b = warehouse.index * length + (shipDay - first);
    const tail = bucketTail[b]!;
    if (tail < 0) bucketHead[b] = s;
    else log.next[tail] = s;
    bucketTail[b] = s;
    if (shipDay > lastBucketDay[warehouse.index]!) lastBucketDay[warehouse.index] = shipDay;
  };

  for (let d = 0; d < ctx.days; d++) {
    backlog?.dayStarts(demand.hourStartMs[d * 25]!);
    for (let h = 0; h < 24; h++) {
      const n = demand.perHour[d * 24 + h]!;
      if (n === 0) continue;
      const h0 = demand.hourStartMs[d * 25 + h]!;
      const span = demand.hourStartMs[d * 25 + h + 1]! - h0;
      for (let k = 0; k < n; k++) {
        const atMs = h0 + Math.floor(((k + rng.next()) / n) * span);
        stock.receiveUntil(atMs);
        const lineCount = ctx.lineCounts[ctx.linesPicker.pick(rng.next())]!;
        const zone = ctx.zones[ctx.destinationPicker.pick(rng.next())]!;
        lines.length = 0;
        let units = 0;
        for (let l = 0; l < lineCount; l++) {
          const skuIndex = skuIndexes[ctx.skuPicker.pick(rng.next())]!;
          const quantity = ctx.quantities[ctx.quantityPicker.pick(rng.next())]!;
          lines.push({ skuIndex, quantity });
          units += quantity;
        }
        const wantsFastest = rng.next() < policy.fastestShare;
        ordersPlaced[d]!++;
        unitsOrdered[d]! += units;
        let promised = false;
        if (lines.length === 1) {
          const line = lines[0]!;
          const { options } = estimate(net, stock, capacity, {
            skuIndex: line.skuIndex,
            quantity: line.quantity,
            zone,
            atMs,
            // What shoppers are shown by default. Fastest and cheapest are never dominated, so
            // the shoppers' choices (below) are the same in every mode.
            dominatedOptions: "hide",
          });
          const chosen = wantsFastest ? options[0] : options.find((o) => o.cheapest);
          if (chosen !== undefined) {
            stock.consume(line.skuIndex, chosen.warehouseIndex, line.quantity);
            record(
              chosen.originIndex,
              chosen.shipDay,
              chosen.latestDay,
              hasCapacityFull(chosen.reasons),
              zone,
              d,
              atMs,
            );
            promised = true;
          }
        } else {
          const { options } = quoteCart(net, stock, capacity, {
            lines,
            zone,
            atMs,
            dominatedOptions: "hide",
          });
          const chosen = wantsFastest ? options[0] : options.find((o) => o.cheapest);
          if (chosen !== undefined) {
            for (const shipment of chosen.shipments) {
              for (const line of shipment.lines) {
                stock.consume(line.skuIndex, shipment.warehouseIndex, line.quantity);
              }
              record(
                shipment.originIndex,
                shipment.shipDay,
                shipment.latestDay,
                hasCapacityFull(shipment.reasons),
                zone,
                d,
                atMs,
              );
            }
            promised = true;
          }
        }
        if (!promised) {
          ordersUnavailable[d]!++;
          unitsUnavailable[d]! += units;
        }
        done++;
        if (++sinceStep === ORDERS_PER_STEP) {
          sinceStep = 0;
          yield { daysDone: d, ordersDone: done };
        }
      }
    }
    yield { daysDone: d + 1, ordersDone: done };
  }
  return {
    policy,
    log,
    bucketHead,
    lastBucketDay,
    ordersPlaced,
    ordersUnavailable,
    unitsOrdered,
    unitsUnavailable,
    booked: capacity.booked,
  };
}
