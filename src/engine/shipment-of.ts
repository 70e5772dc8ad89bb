import type { CartLineQuery, CartQuery, PlannedShipment } from "./cart-quote.js";
import type { CompiledNetwork, CompiledOrigin } from "./compiled-network.js";
import type { Day } from "./day.js";
import { deliverOn } from "./deliver-on.js";
import { localDayOf } from "./local-day.js";
import { type Backorder, planShipment, type ShipmentContext } from "./plan-shipment.js";
import type { CapacityReader } from "./stock-reader.js";

/**
 * What planning a cart's shipment from `origin` needs: the cart's destination, order instant
 * (and the origin warehouse's local date of it), value, and the delivery date it asks for
 * (undefined: as early as it can).
 */
export function cartShipmentContext(
  net: CompiledNetwork,
  capacity: CapacityReader,
  query: CartQuery,
  origin: CompiledOrigin,
  deliverOn: Day | undefined,
): ShipmentContext {
  return {
    net,
    capacity,
    zone: query.zone,
    atMs: query.atMs,
    orderDay: localDayOf(origin.warehouse, net.horizon, query.atMs),
    cartValue: query.cartValue,
    deliverOn,
  };
}

/**
 * The cart's lines shipped by one origin: planShipment's dates and price (from `backorder`'s
 * release when given), moved to the latest ship date that still meets `ctx.deliverOn` when the
 * cart asks for one. Undefined when it cannot be planned (or the date cannot be met).
 */
export function shipmentOf(
  origin: CompiledOrigin,
  ctx: ShipmentContext,
  lines: readonly CartLineQuery[],
  backorder: Backorder | undefined,
): PlannedShipment | undefined {
  const planned = planShipment(ctx, origin, backorder);
  if (planned === undefined) return undefined;
  const option =
    ctx.deliverOn === undefined
      ? planned
      : deliverOn(ctx, origin, backorder, planned, ctx.deliverOn);
  if (option === undefined) return undefined;
  return {
    originIndex: origin.index,
    warehouseId: origin.warehouse.id,
    warehouseIndex: origin.warehouse.index,
    serviceId: origin.service.id,
    shipDay: option.shipDay,
    earliestDay: option.earliestDay,
    latestDay: option.latestDay,
    orderByMs: option.orderByMs,
    priceCents: option.priceCents,
    backorder: option.backorder,
    lines,
    reasons: option.reasons,
    onTimeProbability: option.onTimeProbability,
  };
}
