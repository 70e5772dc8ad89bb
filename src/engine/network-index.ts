/**
 * Indexes into the compiled network's lists and the stock view's SKU table. Each is a plain
 * number at run time (typed arrays hold them as Int32), branded by the list it points into, so a
 * warehouse index cannot be passed where a SKU or an origin index is meant.
 *
 * They are made where the lists are built (the network compiler, the stock view) and read back
 * out of an IndexArray; nothing else turns a number into one.
 */
declare const indexBrand: unique symbol;
type IndexInto<List extends string> = number & { readonly [indexBrand]: List };

/** Into `net.warehouses` (pick-up stores' stock locations follow the warehouses). */
export type WarehouseIndex = IndexInto<"warehouses">;
/** Into `net.carriers`. */
export type CarrierIndex = IndexInto<"carriers">;
/** Into `net.services`. */
export type ServiceIndex = IndexInto<"services">;
/** Into `net.origins` (a service picking up at a warehouse). */
export type OriginIndex = IndexInto<"origins">;
/** Into `net.zones`. */
export type ZoneIndex = IndexInto<"zones">;
/** Into `net.stores` (pick-up stores). */
export type StoreIndex = IndexInto<"stores">;
/** Into the stock view's SKU table; -1 (NO_SKU) for a SKU it does not know. */
export type SkuIndex = IndexInto<"skus">;

/** The index of the `position`-th entry of a list as it is built (the compiler, the stock view). */
export function indexAt<I extends number>(position: number): I {
  return position as I;
}

/** What skuIndex answers for a SKU the stock view does not know. */
export const NO_SKU = -1 as SkuIndex;
