import type { Day } from "../engine/day.js";

export type DeliveryOutcome = "early" | "on_time" | "late";

/**
 * How a delivery compares with the window promised at checkout: before the earliest date is
 * early, after the latest is late by that many calendar days, else on time.
 */
export function deliveryOutcome(
  deliveredDay: Day,
  earliestDay: Day | null,
  latestDay: Day,
): { readonly outcome: DeliveryOutcome; readonly lateDays: number } {
  if (deliveredDay > latestDay) return { outcome: "late", lateDays: deliveredDay - latestDay };
  if (earliestDay !== null && deliveredDay < earliestDay) return { outcome: "early", lateDays: 0 };
  return { outcome: "on_time", lateDays: 0 };
}
