import type { CartValue } from "./cart-value.js";
import type { CompiledNetwork, CompiledZone } from "./compiled-network.js";
import type { Day } from "./day.js";
import { choosableDates } from "./deliver-on.js";
import { applyDominance, type DominatedOptionsMode } from "./dominated-options.js";
import { localDayOf } from "./local-day.js";
import type { SkuIndex, WarehouseIndex } from "./network-index.js";
import { type Backorder, planShipment, type ShipmentContext } from "./plan-shipment.js";
import { compareOptions, rankOptions } from "./rank-options.js";
import type {
  Availability,
  Confidence,
  EstimateResult,
  ShippingOption,
} from "./shipping-option.js";
import { backorderCoverage } from "./stock-coverage.js";
import type { CapacityReader, StockReader } from "./stock-reader.js";

export type { CartValue };

export interface EstimateQuery {
  /** From StockReader.skuIndex; must be >= 0 (the edge reports unknown SKUs). */
  readonly skuIndex: SkuIndex;
  readonly quantity: number;
  /** From resolveDestination. */
  readonly zone: CompiledZone;
  /** The order instant, UTC ms; checked with checkOrderInstant. */
  readonly atMs: number;
  readonly cartValue?: CartValue | undefined;
  /** What to do with dominated options (the service's setting); see applyDominance. */
  readonly dominatedOptions: DominatedOptionsMode;
  /** HIGH: learned lanes promise their 0.98 quantile (default STANDARD). */
  readonly confidence?: Confidence | undefined;
}

/**
 * The shipping options that can really be kept for `quantity` of one SKU to one zone, ordered
 * at `atMs`: one option per carrier service (from the warehouse that delivers it best), sorted by
 * delivery date then price, fastest and cheapest flagged, dominated options hidden, marked or
 * shown as `query.dominatedOptions` says.
 *
 * Stock: only warehouses with a lane to the zone count. If any has the quantity available now,
 * options come from those; otherwise each warehouse whose inbound lots cover the quantity offers
 * backorder options; otherwise the SKU is unavailable.
 */
export function estimate(
  net: CompiledNetwork,
  stock: StockReader,
  capacity: CapacityReader,
  query: EstimateQuery,
): EstimateResult {
  const { skuIndex, quantity, zone } = query;
  const candidates: number[] = [];
  for (const warehouse of net.warehouses) {
    if (!servesZone(net, warehouse.index, zone)) continue;
    if (stock.available(skuIndex, warehouse.index) >= quantity) candidates.push(warehouse.index);
  }
  let availability: Availability = "IN_STOCK";
  const backorders: (Backorder | undefined)[] = [];
  if (candidates.length === 0) {
    for (const warehouse of net.warehouses) {
      if (!servesZone(net, warehouse.index, zone)) continue;
      const today = localDayOf(warehouse, net.horizon, query.atMs);
      const backorder = backorderCoverage(net, stock, warehouse, skuIndex, quantity, today);
      if (backorder === undefined) continue;
      candidates.push(warehouse.index);
      backorders[warehouse.index] = backorder;
    }
    availability = candidates.length > 0 ? "BACKORDER" : "UNAVAILABLE";
  }
  const best = new Map<string, ShippingOption>();
  for (const warehouseIndex of candidates) {
    const warehouse = net.warehouses[warehouseIndex]!;
    const ctx: ShipmentContext = {
      net,
      capacity,
      zone,
      atMs: query.atMs,
      orderDay: localDayOf(warehouse, net.horizon, query.atMs) as Day,
      cartValue: query.cartValue,
      confidence: query.confidence,
    };
    for (const origin of net.originsByWarehouse[warehouseIndex]!) {
      const planned = planShipment(ctx, origin, backorders[warehouseIndex]);
      if (planned === undefined) continue;
      const dates = origin.service.scheduleDays > 0 ? choosableDates(ctx, origin, planned) : [];
      const option = dates.length > 0 ? { ...planned, deliverOnDates: dates } : planned;
      const current = best.get(option.serviceId);
      if (current === undefined || compareOptions(option, current) < 0) {
        best.set(option.serviceId, option);
      }
    }
  }
  const options = rankOptions([...best.values()]);
  if (options.length === 0 && availability !== "UNAVAILABLE") {
    // Stock exists but no service can keep a promise (for example every lane closed): say so
    // plainly rather than promise nothing under an "in stock" banner.
    return { availability: "UNAVAILABLE", options };
  }
  return { availability, options: applyDominance(options, query.dominatedOptions) };
}

/** Whether any service picking up at the warehouse has a lane to the zone. */
export function servesZone(
  net: CompiledNetwork,
  warehouseIndex: WarehouseIndex,
  zone: CompiledZone,
): boolean {
  for (const origin of net.originsByWarehouse[warehouseIndex]!) {
    if (origin.lanes[zone.index] !== undefined) return true;
  }
  return false;
}
