import type { CompiledService, Horizon } from "../engine/compiled-network.js";
import type { Day } from "../engine/day.js";

/**
 * A parcel's transit counted the way the engine counts it: the carrier's delivery days d with
 * ship < d <= delivered, so holidays and closures in between (Songkran, a Tet shutdown) are not
 * mistaken for slowness. A parcel delivered on a day the carrier does not deliver (a Sunday
 * exception, a holiday run) counts as delivered on its next delivery day: one more than the
 * delivery days up to it, so an exception never makes a lane look faster than its calendar.
 * Delivered on the ship date: 0. Undefined when either date is outside the compiled horizon or
 * the parcel was delivered before it shipped.
 */
export function deliveryTransit(
  service: CompiledService,
  horizon: Horizon,
  shipDay: Day,
  deliveredDay: Day,
): number | undefined {
  if (deliveredDay < shipDay) return undefined;
  const s = shipDay - horizon.firstDay;
  const d = deliveredDay - horizon.firstDay;
  if (s < 0 || d >= horizon.length) return undefined;
  if (d === s) return 0;
  const rank = service.deliveryRank;
  return rank[d]! - rank[s]! + (service.deliveryDay[d] === 1 ? 0 : 1);
}
