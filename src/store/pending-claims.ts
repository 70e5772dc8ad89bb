import type { ClaimPlan } from "./claim-plan.js";
import type { ConfirmSnapshot, LoadRecord, PickupLoadRecord, StockRecord } from "./store.js";

/**
 * The claims of the commit groups that are written but not yet known to be committed (a group
 * whose write is still in flight while the next group is decided). A snapshot read meanwhile may
 * or may not show them, so the next group is decided on the snapshot with these claims added
 * (`overlay`): at worst it counts a claim twice, which can only refuse, never oversell; the
 * conditional writes check the rows themselves in any case. A refusal such an overlay may have
 * caused is not answered (see decideConfirmGroup).
 */
export class PendingClaims {
  readonly #plans = new Set<ClaimPlan>();

  get size(): number {
    return this.#plans.size;
  }

  /** Counts `plan` until `delete(plan)` (call it once the write settled, either way). */
  add(plan: ClaimPlan): void {
    this.#plans.add(plan);
  }

  delete(plan: ClaimPlan): void {
    this.#plans.delete(plan);
  }

  /** `snapshot` with the pending claims added (the same object when there are none). */
  overlay(snapshot: ConfirmSnapshot): ConfirmSnapshot {
    if (this.#plans.size === 0) return snapshot;
    const stock = new Map<string, number>();
    const loads = new Map<string, { warehouseId: string; day: number; count: number }>();
    const pickups = new Map<
      string,
      { serviceId: string; warehouseId: string; day: number; count: number }
    >();
    for (const plan of this.#plans) {
      for (const s of plan.stock) {
        const key = `${s.sku}\u0000${s.warehouseId}`;
        stock.set(key, (stock.get(key) ?? 0) + s.quantity);
      }
      for (const l of plan.loads) {
        const key = `${l.warehouseId}\u0000${l.day}`;
        const x = loads.get(key);
        if (x === undefined)
          loads.set(key, { warehouseId: l.warehouseId, day: l.day, count: l.count });
        else x.count += l.count;
      }
      for (const k of plan.pickups) {
        const key = `${k.serviceId}\u0000${k.warehouseId}\u0000${k.day}`;
        const x = pickups.get(key);
        if (x === undefined) {
          pickups.set(key, {
            serviceId: k.serviceId,
            warehouseId: k.warehouseId,
            day: k.day,
            count: k.count,
          });
        } else x.count += k.count;
      }
    }
    const withStock: StockRecord[] = snapshot.stock.map((r) => {
      const q = stock.get(`${r.sku}\u0000${r.warehouseId}`);
      return q === undefined ? r : { ...r, reserved: r.reserved + q };
    });
    // Only the warehouses of the snapshot (their load rows are all in it, or missing).
    const warehouses = new Set(snapshot.stock.map((r) => r.warehouseId));
    const withLoads: LoadRecord[] = snapshot.loads.map((l) => {
      const key = `${l.warehouseId}\u0000${l.day}`;
      const x = loads.get(key);
      if (x === undefined) return l;
      loads.delete(key);
      return { ...l, promised: l.promised + x.count };
    });
    for (const x of loads.values()) {
      if (!warehouses.has(x.warehouseId)) continue;
      withLoads.push({
        warehouseId: x.warehouseId,
        day: x.day as LoadRecord["day"],
        external: 0,
        promised: x.count,
        shipped: 0,
        shippedOn: 0,
        changeSeq: 0,
      });
    }
    const withPickups: PickupLoadRecord[] = snapshot.pickups.map((k) => {
      const key = `${k.serviceId}\u0000${k.warehouseId}\u0000${k.day}`;
      const x = pickups.get(key);
      if (x === undefined) return k;
      pickups.delete(key);
      return { ...k, promised: k.promised + x.count };
    });
    for (const x of pickups.values()) {
      if (!warehouses.has(x.warehouseId)) continue;
      withPickups.push({
        serviceId: x.serviceId,
        warehouseId: x.warehouseId,
        day: x.day as PickupLoadRecord["day"],
        promised: x.count,
        changeSeq: 0,
      });
    }
    return { ...snapshot, stock: withStock, loads: withLoads, pickups: withPickups };
  }
}
