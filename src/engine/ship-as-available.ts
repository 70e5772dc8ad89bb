import { cartOptionOf } from "./cart-option-of.js";
import type { CartLineQuery, CartOption, CartQuery, PlannedShipment } from "./cart-quote.js";
import type { CompiledNetwork } from "./compiled-network.js";
import type { Backorder } from "./plan-shipment.js";
import { cartShipmentContext, shipmentOf } from "./shipment-of.js";
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
 * parcel can arrive) to the latest of their latest dates (when everything has arrived): the
 * aggregation of QuoteCart's own options (cartOptionOf), with `as-available` arrival.
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
    // Each part as early as it can (deliver-on is not combined with shipping as available).
    const ctx = cartShipmentContext(net, capacity, query, origin, undefined);
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
    const first = shipmentOf(origin, ctx, now, undefined);
    const second = shipmentOf(origin, ctx, later, cover);
    if (first === undefined || second === undefined) return undefined;
    shipments.push(first, second);
    split = true;
  }
  if (!split) return undefined;
  return cartOptionOf(net.serviceById.get(option.serviceId)!, shipments, "as-available");
}
