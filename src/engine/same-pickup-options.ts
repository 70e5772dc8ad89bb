import type { PickupOption, PickupSource } from "./pickup-options.js";
import type { Reason } from "./shipping-option.js";

function sameReasons(a: readonly Reason[], b: readonly Reason[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.code !== y.code || x.day !== y.day || x.detail !== y.detail || x.count !== y.count) {
      return false;
    }
  }
  return true;
}

function sameSources(a: readonly PickupSource[], b: readonly PickupSource[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.warehouseIndex !== y.warehouseIndex ||
      x.warehouseId !== y.warehouseId ||
      x.transfer !== y.transfer ||
      x.departDay !== y.departDay ||
      x.lines.length !== y.lines.length
    ) {
      return false;
    }
    for (let j = 0; j < x.lines.length; j++) {
      const l = x.lines[j]!;
      const m = y.lines[j]!;
      if (l.skuIndex !== m.skuIndex || l.quantity !== m.quantity) return false;
    }
  }
  return true;
}

/**
 * Whether two answers of `pickupOptions` are the same, field by field (stores, dates, instants,
 * distance, price, sources and reasons), in the same order: what a reply built from one would say
 * for the other. Compares numbers and strings only, so it costs far less than building the reply.
 */
export function samePickupOptions(a: readonly PickupOption[], b: readonly PickupOption[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.storeIndex !== y.storeIndex ||
      x.storeId !== y.storeId ||
      x.storeName !== y.storeName ||
      x.locationIndex !== y.locationIndex ||
      x.readyDay !== y.readyDay ||
      x.readyAtMs !== y.readyAtMs ||
      x.orderByMs !== y.orderByMs ||
      x.pickUpUntilMs !== y.pickUpUntilMs ||
      x.distanceKm !== y.distanceKm ||
      x.priceCents !== y.priceCents ||
      x.currency !== y.currency ||
      x.transfer !== y.transfer ||
      !sameReasons(x.reasons, y.reasons) ||
      !sameSources(x.sources, y.sources)
    ) {
      return false;
    }
  }
  return true;
}
