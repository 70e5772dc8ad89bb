import type { CartLineQuery, CartOption, CartQuery, PlannedShipment } from "./cart-quote.js";
import type { CompiledNetwork, CompiledOrigin } from "./compiled-network.js";
import { maxDay, minDay } from "./day.js";
import { localDayOf } from "./local-day.js";
import { type Backorder, planShipment, type ShipmentContext } from "./plan-shipment.js";
import type { Reason } from "./shipping-option.js";
import { backorderCoverage } from "./stock-coverage.js";
import type { CapacityReader, StockReader } from "./stock-reader.js";

/**
 * "Ship what is ready now, the rest when it arrives": the alternative to a cart option whose
 * backordered shipment also carries lines its warehouse has now. Each such shipment is split in
 * two at the same warehouse with the same service: the lines it has now ship as an in-stock
 * shipment (the dates an order of them alone gets), and the backordered lines ship when their
 * inbound lots allow (the latest release their lots give, as in the one shipment). Other shipments
 * are kept. Each shipment is priced on its own (free_over applies to the whole cart's value, as it
 * does for every shipment), so the alternative costs the sum. Undefined when no shipment can be
 * split (nothing differs) or a part cannot be planned.
 *
 * The alternative's window runs from the earliest of its shipments' earliest dates (when the first
 * parcel can arrive) to the latest of their latest dates (when everything has arrived).
 */
export function shipAsAvailable(
  net: CompiledNetwork,
  stock: StockReader,
  capacity: CapacityReader,
  query: CartQuery,
  option: CartOption,
): CartOption | undefined {
  const shipments: PlannedShipment[] = [];
  let split = false;
  for (const shipment of option.shipments) {
    const now: CartLineQuery[] = [];
    const later: CartLineQuery[] = [];
    for (const line of shipment.lines) {
      if (stock.available(line.skuIndex, shipment.warehouseIndex) >= line.quantity) now.push(line);
      else later.push(line);
    }
    if (!shipment.backorder || now.length === 0 || later.length === 0) {
      shipments.push(shipment);
      continue;
    }
    const origin = net.origins[shipment.originIndex]!;
    const ctx: ShipmentContext = {
      net,
      capacity,
      zone: query.zone,
      atMs: query.atMs,
      orderDay: localDayOf(origin.warehouse, net.horizon, query.atMs),
      cartValue: query.cartValue,
    };
    let cover: Backorder | undefined;
    for (const line of later) {
      const c = backorderCoverage(
        net,
        stock,
        origin.warehouse,
        line.skuIndex,
        line.quantity,
        ctx.orderDay,
      );
      if (c === undefined) return undefined;
      if (cover === undefined || c.minRelease > cover.minRelease) cover = c;
    }
    const first = planned(origin, ctx, now, undefined);
    const second = planned(origin, ctx, later, cover);
    if (first === undefined || second === undefined) return undefined;
    shipments.push(first, second);
    split = true;
  }
  if (!split) return undefined;
  let earliestDay = shipments[0]!.earliestDay;
  let latestDay = shipments[0]!.latestDay;
  let orderByMs = Number.POSITIVE_INFINITY;
  let priceCents = 0;
  // As for the together option: the product of the shipments' chances (quote-cart.ts).
  let onTimeProbability: number | undefined = 1;
  const reasons: Reason[] = [];
  for (const s of shipments) {
    onTimeProbability =
      onTimeProbability === undefined || s.onTimeProbability === undefined
        ? undefined
        : onTimeProbability * s.onTimeProbability;
    earliestDay = minDay(earliestDay, s.earliestDay);
    latestDay = maxDay(latestDay, s.latestDay);
    orderByMs = Math.min(orderByMs, s.orderByMs);
    priceCents += s.priceCents;
    reasons.push(...s.reasons);
  }
  return {
    serviceId: option.serviceId,
    serviceName: option.serviceName,
    carrier: option.carrier,
    level: option.level,
    earliestDay,
    latestDay,
    orderByMs,
    priceCents,
    currency: option.currency,
    shipments,
    reasons,
    fastest: false,
    cheapest: false,
    onTimeProbability,
  };
}

function planned(
  origin: CompiledOrigin,
  ctx: ShipmentContext,
  lines: readonly CartLineQuery[],
  backorder: Backorder | undefined,
): PlannedShipment | undefined {
  const o = planShipment(ctx, origin, backorder);
  if (o === undefined) return undefined;
  return {
    originIndex: origin.index,
    warehouseId: origin.warehouse.id,
    warehouseIndex: origin.warehouse.index,
    serviceId: origin.service.id,
    shipDay: o.shipDay,
    earliestDay: o.earliestDay,
    latestDay: o.latestDay,
    orderByMs: o.orderByMs,
    priceCents: o.priceCents,
    backorder: o.backorder,
    lines,
    reasons: o.reasons,
    onTimeProbability: o.onTimeProbability,
  };
}
