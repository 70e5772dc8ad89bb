import type { Day } from "../../src/engine/day.js";
import { indexAt } from "../../src/engine/network-index.js";
import type { InboundLot, StockReader } from "../../src/engine/stock-reader.js";

export interface LiteralStockRow {
  readonly sku: string;
  readonly warehouse: number;
  readonly available: number;
  readonly inbound?: readonly { quantity: number; etaDay: Day }[];
}

/** A StockReader over a handful of literal rows, for engine tests. */
export function literalStock(rows: readonly LiteralStockRow[]): StockReader {
  const skus = [...new Set(rows.map((row) => row.sku))];
  const find = (skuIndex: number, warehouse: number) =>
    rows.find((row) => row.sku === skus[skuIndex] && row.warehouse === warehouse);
  return {
    skuIndex: (sku) => indexAt(skus.indexOf(sku)),
    available: (skuIndex, warehouse) => find(skuIndex, warehouse)?.available ?? 0,
    inbound: (skuIndex, warehouse): readonly InboundLot[] =>
      [...(find(skuIndex, warehouse)?.inbound ?? [])].sort((a, b) => a.etaDay - b.etaDay),
  };
}
