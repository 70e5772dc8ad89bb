import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import type { Day } from "../../src/engine/day.js";
import type { CapacityReader } from "../../src/engine/stock-reader.js";

export interface LiteralLoad {
  /** Orders already taken per warehouse and ship date, keyed by loadKey(warehouseIndex, day). */
  readonly used?: ReadonlyMap<string, number>;
  /** Pickups already taken per origin and ship date, keyed by loadKey(originIndex, day). */
  readonly picked?: ReadonlyMap<string, number>;
  /** Expected fill instants per warehouse and ship date, keyed by loadKey(warehouseIndex, day). */
  readonly fullAt?: ReadonlyMap<string, number>;
}

export function loadKey(index: number, day: Day | number): string {
  return `${index}:${day}`;
}

/**
 * A CapacityReader over the network's own compiled capacity (daily capacity, peak capacity,
 * per-date overrides) and peak pickup limits, less a literal load: what the live view answers
 * without admin settings, for engine tests.
 */
export function literalCapacity(net: CompiledNetwork, load: LiteralLoad = {}): CapacityReader {
  const first = net.horizon.firstDay;
  return {
    remaining(w, day) {
      const limit = net.warehouses[w]!.capacity[day - first]!;
      return limit < 0 ? Number.POSITIVE_INFINITY : limit - (load.used?.get(loadKey(w, day)) ?? 0);
    },
    remainingPickups(o, day) {
      const limit = net.origins[o]!.service.pickupLimit[day - first]!;
      return limit < 0
        ? Number.POSITIVE_INFINITY
        : limit - (load.picked?.get(loadKey(o, day)) ?? 0);
    },
    expectedFullAtMs: (w, day) => load.fullAt?.get(loadKey(w, day)),
  };
}
