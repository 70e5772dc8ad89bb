import type { CompiledService, Horizon } from "./compiled-network.js";
import { type Day, NO_DAY } from "./day.js";

/**
 * The n-th day after `ship` on which the service delivers (n = 0: `ship` itself), by rank lookup:
 * O(1). Returns NO_DAY when it falls outside the horizon.
 */
export function advanceDelivery(
  service: CompiledService,
  horizon: Horizon,
  ship: Day,
  n: number,
): Day {
  if (n === 0) return ship;
  const index = service.deliveryRank[ship - horizon.firstDay]! + n - 1;
  return index < service.deliveryDays.length ? service.deliveryDays[index]! : NO_DAY;
}
