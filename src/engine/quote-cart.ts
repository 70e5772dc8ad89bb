import { invalidArgument } from "../domain/domain-error.js";
import { cartOptionOf } from "./cart-option-of.js";
import type {
  CartLineQuery,
  CartOption,
  CartQuery,
  CartQuote,
  PlannedShipment,
} from "./cart-quote.js";
import type { CompiledNetwork, CompiledOrigin, CompiledZone } from "./compiled-network.js";
import { type Day, minDay } from "./day.js";
import { cartChoosableDates } from "./deliver-on.js";
import { applyDominance } from "./dominated-options.js";
import { servesZone } from "./estimate.js";
import { localDayOf } from "./local-day.js";
import type { SkuIndex } from "./network-index.js";
import type { Backorder, ShipmentContext } from "./plan-shipment.js";
import { rankOptions } from "./rank-options.js";
import { shipAsAvailable } from "./ship-as-available.js";
import { cartShipmentContext, shipmentOf } from "./shipment-of.js";
import type { Availability } from "./shipping-option.js";
import { backorderCoverage } from "./stock-coverage.js";
import type { CapacityReader, StockReader } from "./stock-reader.js";

/**
 * Options for a whole cart, one per carrier service, by the rules a one-line cart shares with
 * `estimate` (a cart of one line gets exactly the options Estimate gives that SKU and quantity):
 *
 * - Stock now comes first, over the whole network: a line may be backordered only when no
 *   warehouse with a lane to the zone (by any service) has its quantity now. A service that cannot
 *   carry such a line from a warehouse that has it now offers no option.
 * - A service ships the cart from the single warehouse that can fill it now and delivers it best
 *   (earliest date, then latest, then price, then the warehouse listed first in the network).
 * - Otherwise the cart is split into shipments: lines go to the warehouse that fills the most of
 *   the remaining lines (a tie to the warehouse listed first); a line nobody has now goes to the
 *   warehouse from which the service delivers it best as a backorder (receiving, handling and
 *   pickup days included). A line is never split across warehouses; lines of one SKU are summed.
 * - The option's window runs from the latest of the shipments' earliest dates to the latest of
 *   their latest dates (when the whole cart can have arrived), its order_by is the earliest of
 *   theirs, and its price their sum.
 * - Dominated options are then hidden, marked or shown as `query.dominatedOptions` says (fastest
 *   and cheapest hold in every mode).
 */
export function quoteCart(
  net: CompiledNetwork,
  stock: StockReader,
  capacity: CapacityReader,
  query: CartQuery,
): CartQuote {
  const lines = mergeLines(query.lines);
  const options: CartOption[] = [];
  for (const service of net.services) {
    if (query.deliverOn !== undefined && service.scheduleDays === 0) continue;
    // In the order the warehouses are listed, which breaks ties as estimate does.
    const origins: CompiledOrigin[] = [];
    for (const atWarehouse of net.originsByWarehouse) {
      for (const o of atWarehouse) {
        if (o.service === service && o.lanes[query.zone.index] !== undefined) origins.push(o);
      }
    }
    if (origins.length === 0) continue;
    const option = quoteService(net, stock, capacity, query, lines, origins);
    if (option === undefined) continue;
    const asAvailable =
      query.deliverOn === undefined
        ? shipAsAvailable(net, stock, capacity, query, option)
        : undefined;
    let dates: readonly Day[] = [];
    if (service.scheduleDays > 0 && query.deliverOn === undefined) {
      const orderDay = origins
        .map((o) => localDayOf(o.warehouse, net.horizon, query.atMs))
        .reduce(minDay);
      dates = cartChoosableDates(net, service.id, option.latestDay, orderDay);
    }
    options.push({
      ...option,
      ...(asAvailable === undefined ? {} : { asAvailable }),
      ...(dates.length === 0 ? {} : { deliverOnDates: dates }),
    });
  }
  rankOptions(options);
  // Availability describes the stock, so it is worked out on every option, hidden or not.
  let availability: Availability = "UNAVAILABLE";
  for (const option of options) {
    if (option.shipments.every((s) => !s.backorder)) {
      availability = "IN_STOCK";
      break;
    }
    availability = "BACKORDER";
  }
  return { availability, options: applyDominance(options, query.dominatedOptions) };
}

/** Whether any warehouse with a lane to the zone (by any service) has the line's quantity now. */
function hasStockNow(
  net: CompiledNetwork,
  stock: StockReader,
  zone: CompiledZone,
  line: CartLineQuery,
): boolean {
  for (const warehouse of net.warehouses) {
    if (
      stock.available(line.skuIndex, warehouse.index) >= line.quantity &&
      servesZone(net, warehouse.index, zone)
    ) {
      return true;
    }
  }
  return false;
}

function mergeLines(lines: readonly CartLineQuery[]): CartLineQuery[] {
  if (lines.length === 0) throw invalidArgument("lines", "the cart is empty");
  const bySku = new Map<SkuIndex, number>();
  for (const line of lines)
    bySku.set(line.skuIndex, (bySku.get(line.skuIndex) ?? 0) + line.quantity);
  return [...bySku].map(([skuIndex, quantity]) => ({ skuIndex, quantity }));
}

function quoteService(
  net: CompiledNetwork,
  stock: StockReader,
  capacity: CapacityReader,
  query: CartQuery,
  lines: readonly CartLineQuery[],
  origins: readonly CompiledOrigin[],
): CartOption | undefined {
  const contextOf = (origin: CompiledOrigin): ShipmentContext =>
    cartShipmentContext(net, capacity, query, origin, query.deliverOn);
  const fills = (origin: CompiledOrigin, line: CartLineQuery) =>
    stock.available(line.skuIndex, origin.warehouse.index) >= line.quantity;

  // One warehouse for the whole cart, the one that delivers it best.
  let single: PlannedShipment | undefined;
  for (const origin of origins) {
    if (!lines.every((line) => fills(origin, line))) continue;
    const shipment = shipmentOf(origin, contextOf(origin), lines, undefined);
    if (shipment !== undefined && (single === undefined || isBetter(shipment, single))) {
      single = shipment;
    }
  }
  if (single !== undefined) return cartOptionOf(origins[0]!.service, [single], "together");

  // Split: greedy by lines filled now, then backorders.
  const assigned = new Map<CompiledOrigin, CartLineQuery[]>();
  let left = [...lines];
  while (left.length > 0) {
    let bestOrigin: CompiledOrigin | undefined;
    let bestCount = 0;
    for (const origin of origins) {
      const count = left.filter((line) => fills(origin, line)).length;
      if (count > bestCount) {
        bestOrigin = origin;
        bestCount = count;
      }
    }
    if (bestOrigin === undefined) break;
    const taken = left.filter((line) => fills(bestOrigin, line));
    assigned.set(bestOrigin, [...(assigned.get(bestOrigin) ?? []), ...taken]);
    left = left.filter((line) => !taken.includes(line));
  }
  const backorders = new Map<CompiledOrigin, Backorder>();
  for (const line of left) {
    // Stock now elsewhere in the network rules out a backorder, as in estimate.
    if (hasStockNow(net, stock, query.zone, line)) return undefined;
    let best: { origin: CompiledOrigin; cover: Backorder; shipment: PlannedShipment } | undefined;
    for (const origin of origins) {
      const today = localDayOf(origin.warehouse, net.horizon, query.atMs);
      const cover = backorderCoverage(
        net,
        stock,
        origin.warehouse,
        line.skuIndex,
        line.quantity,
        today,
      );
      if (cover === undefined) continue;
      const shipment = shipmentOf(origin, contextOf(origin), [line], cover);
      if (shipment !== undefined && (best === undefined || isBetter(shipment, best.shipment))) {
        best = { origin, cover, shipment };
      }
    }
    if (best === undefined) return undefined;
    assigned.set(best.origin, [...(assigned.get(best.origin) ?? []), line]);
    const previous = backorders.get(best.origin);
    if (previous === undefined || best.cover.minRelease > previous.minRelease) {
      backorders.set(best.origin, best.cover);
    }
  }
  const shipments: PlannedShipment[] = [];
  for (const origin of origins) {
    const originLines = assigned.get(origin);
    if (originLines === undefined) continue;
    const shipment = shipmentOf(origin, contextOf(origin), originLines, backorders.get(origin));
    if (shipment === undefined) return undefined;
    shipments.push(shipment);
  }
  return cartOptionOf(origins[0]!.service, shipments, "together");
}

function isBetter(a: PlannedShipment, b: PlannedShipment): boolean {
  return (
    (a.earliestDay - b.earliestDay || a.latestDay - b.latestDay || a.priceCents - b.priceCents) < 0
  );
}
