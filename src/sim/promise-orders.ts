import type { CartLineQuery } from "../engine/cart-quote.js";
import type { CompiledZone } from "../engine/compiled-network.js";
import type { Day } from "../engine/day.js";
import { estimate } from "../engine/estimate.js";
import { localDayOf } from "../engine/local-day.js";
import { quoteCart } from "../engine/quote-cart.js";
import type { Reason } from "../engine/shipping-option.js";
import { type Bookings, type PromisePolicy, ShipmentLog } from "./bookings.js";
import { Sfc32 } from "./prng.js";
import { SimBacklog } from "./sim-backlog.js";
import { SimCapacity } from "./sim-capacity.js";
import type { SimContext } from "./sim-context.js";
import { SimStock } from "./sim-stock.js";

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
