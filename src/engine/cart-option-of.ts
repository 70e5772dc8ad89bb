import type { CartOption, PlannedShipment } from "./cart-quote.js";
import type { CompiledService } from "./compiled-network.js";
import { maxDay, minDay, NO_DAY } from "./day.js";
import type { Reason } from "./shipping-option.js";

/**
 * A service's cart option from its shipments, the one aggregation of QuoteCart's options and of
 * their ship-as-available alternatives: the latest of the shipments' latest dates (when
 * everything has arrived), the earliest order_by, the sum of their prices, their reasons in
 * order, and the product of their on-time chances (unknown when one is). The earliest date is
 * when everything can have arrived for one shipment when all is ready (`together`: the latest of
 * the earliest dates) and when the first parcel can arrive when each ships as it is ready
 * (`as-available`: the earliest of them).
 */
export function cartOptionOf(
  service: CompiledService,
  shipments: PlannedShipment[],
  arrival: "together" | "as-available",
): CartOption {
  // As available: the earliest of the shipments' earliest dates (there is always one shipment).
  let earliestDay = arrival === "together" ? NO_DAY : (shipments[0]?.earliestDay ?? NO_DAY);
  let latestDay = NO_DAY;
  let orderByMs = Number.POSITIVE_INFINITY;
  let priceCents = 0;
  let onTimeProbability: number | undefined = 1;
  const reasons: Reason[] = [];
  for (const shipment of shipments) {
    onTimeProbability =
      onTimeProbability === undefined || shipment.onTimeProbability === undefined
        ? undefined
        : onTimeProbability * shipment.onTimeProbability;
    earliestDay =
      arrival === "together"
        ? maxDay(earliestDay, shipment.earliestDay)
        : minDay(earliestDay, shipment.earliestDay);
    latestDay = maxDay(latestDay, shipment.latestDay);
    orderByMs = Math.min(orderByMs, shipment.orderByMs);
    priceCents += shipment.priceCents;
    reasons.push(...shipment.reasons);
  }
  return {
    serviceId: service.id,
    serviceName: service.name,
    carrier: service.carrier.name,
    level: service.level,
    earliestDay,
    latestDay,
    orderByMs,
    priceCents,
    currency: service.price.currency,
    shipments,
    reasons,
    fastest: false,
    cheapest: false,
    onTimeProbability,
  };
}
