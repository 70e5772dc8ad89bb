import type { CompiledNetwork, CompiledZone } from "./compiled-network.js";
import type { EstimateResult } from "./shipping-option.js";
import type { CapacityReader, StockReader } from "./stock-reader.js";

export interface CartValue {
  readonly currency: string;
  readonly cents: number;
}

export interface EstimateQuery {
  /** From StockReader.skuIndex; must be >= 0 (the edge reports unknown SKUs). */
  readonly skuIndex: number;
  readonly quantity: number;
  /** From resolveDestination. */
  readonly zone: CompiledZone;
  /** The order instant, UTC ms; checked with checkOrderInstant. */
  readonly atMs: number;
  readonly cartValue?: CartValue | undefined;
}

/**
 * The shipping options that can really be kept for `quantity` of one SKU to one zone, ordered
 * at `atMs`: one option per carrier service (from the warehouse that delivers it best), sorted by
 * delivery date then price, fastest and cheapest flagged.
 */
export function estimate(
  _net: CompiledNetwork,
  _stock: StockReader,
  _capacity: CapacityReader,
  _query: EstimateQuery,
): EstimateResult {
  throw new Error("estimate: being written");
}
