import type { Day } from "./day.js";
import type { OriginIndex, SkuIndex, WarehouseIndex } from "./network-index.js";

export interface InboundLot {
  readonly quantity: number;
  /** Expected arrival, warehouse-local. */
  readonly etaDay: Day;
}

/**
 * What the engine needs to know about stock. The in-memory view implements it over compact
 * arrays; tests implement it over literals.
 */
export interface StockReader {
  /** The SKU's index, or NO_SKU (-1) when the SKU is unknown. */
  skuIndex(sku: string): SkuIndex;
  /** max(0, on hand - reserved - safety stock) at a warehouse (by warehouse index). */
  available(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): number;
  /** Inbound lots at a warehouse, sorted by ETA. */
  inbound(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): readonly InboundLot[];
  /**
   * Units already promised out of inbound lots (backorders): max(0, reserved + safety stock -
   * on hand). Absent: none.
   */
  backordered?(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): number;
}

/** What the engine needs to know about warehouse load. */
export interface CapacityReader {
  /** Orders a warehouse can still take for a ship date; Infinity when there is no limit. */
  remaining(warehouseIndex: WarehouseIndex, day: Day): number;
  /** Pickups a service can still take at a warehouse on a day (peak pickup limits); Infinity: no limit. */
  remainingPickups(originIndex: OriginIndex, day: Day): number;
  /**
   * When the day is expected to fill (UTC ms), from the observed booking rate; undefined when
   * not known. order_by is never later than this.
   */
  expectedFullAtMs(warehouseIndex: WarehouseIndex, day: Day): number | undefined;
  /**
   * Orders of older work (a backlog: promises past their day that have not shipped, first in
   * first out) the warehouse still has to ship on `day` ahead of new promises; 0 or absent: none.
   * `remaining` is already net of it; this only names the reason.
   */
  backlog?(warehouseIndex: WarehouseIndex, day: Day): number;
}

export const NO_CAPACITY_LIMIT: CapacityReader = {
  remaining: () => Number.POSITIVE_INFINITY,
  remainingPickups: () => Number.POSITIVE_INFINITY,
  expectedFullAtMs: () => undefined,
};
