import type { CompiledNetwork } from "../engine/compiled-network.js";
import type { Day } from "../engine/day.js";
import type { ConfirmSnapshot } from "../store/store.js";
import { CapacityView } from "../view/capacity-view.js";
import { StockView } from "../view/stock-view.js";
import type { BacklogSettings } from "../view/warehouse-backlog.js";

export interface SnapshotState {
  readonly stock: StockView;
  readonly capacity: CapacityView;
}

/**
 * The stock, capacity and carrier pickups of a confirm snapshot (read inside the store's
 * transaction) in the same view classes estimates read, so a confirmation re-computes its option
 * under exactly the rules of the product page: the admin's per-date capacity, else their
 * default, else the network's, net of the backlog and the learned throughput at `backlog.atMs`
 * (the snapshot holds the load rows of the lookback, see BACKLOG_LOOKBACK_DAYS).
 * Rows for warehouses the network does not know are ignored.
 */
export function snapshotState(
  net: CompiledNetwork,
  snapshot: ConfirmSnapshot,
  backlog?: { readonly atMs: number; readonly settings: BacklogSettings },
): SnapshotState {
  const ids = net.warehouses.map((w) => w.id);
  const known = new Set(ids);
  const stock = new StockView(ids, { initialSkuCapacity: 16 });
  for (const row of snapshot.stock) {
    if (!known.has(row.warehouseId)) continue;
    stock.upsert({
      sku: row.sku,
      warehouseId: row.warehouseId,
      onHand: row.onHand,
      reserved: row.reserved,
      safetyStock: row.safetyStock,
      inbound: row.inbound,
    });
  }
  const capacity = new CapacityView(net, backlog?.settings);
  const overrides = new Map<string, [Day, number][]>();
  for (const row of snapshot.overrides) {
    if (!known.has(row.warehouseId) || row.value === null) continue;
    const list = overrides.get(row.warehouseId) ?? [];
    list.push([row.day, row.value]);
    overrides.set(row.warehouseId, list);
  }
  const defaults = new Map(snapshot.capacity.map((row) => [row.warehouseId, row.daily]));
  for (const id of new Set([...overrides.keys(), ...defaults.keys()])) {
    if (known.has(id)) capacity.setCapacity(id, defaults.get(id), overrides.get(id) ?? []);
  }
  for (const row of snapshot.loads) {
    if (!known.has(row.warehouseId)) continue;
    capacity.setExternalLoad(row.warehouseId, row.day, row.external);
    capacity.setPromisedLoad(row.warehouseId, row.day, row.promised);
    capacity.setShippedLoad(row.warehouseId, row.day, row.shipped, row.shippedOn);
  }
  for (const row of snapshot.pickups) {
    if (!known.has(row.warehouseId)) continue;
    capacity.setPickups(row.serviceId, row.warehouseId, row.day, row.promised);
  }
  // The backlog at the confirm's instant, from the same rows: the same rule as the view's.
  if (backlog !== undefined) capacity.setNow(backlog.atMs);
  return { stock, capacity };
}
