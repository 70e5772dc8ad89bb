import {
  indexAt,
  type SkuIndex,
  type WarehouseIndex,
  type ZoneIndex,
} from "../../src/engine/network-index.js";

/** The index of the n-th SKU a hand-built stock reader knows (0 = the first). */
export const skuNo = (n: number): SkuIndex => indexAt(n);
/** The index of the n-th warehouse of a network or stock view (0 = the first). */
export const warehouseNo = (n: number): WarehouseIndex => indexAt(n);
/** The index of the n-th zone of a network (0 = the first). */
export const zoneNo = (n: number): ZoneIndex => indexAt(n);
