import type { PromisePayload } from "../checkout/promise-payload.js";
import { parseIsoDay } from "../engine/day.js";
import type { ShipmentTerms } from "../store/store.js";

/**
 * The shipments a promise's payload (see promisePayload) promised: warehouse, service,
 * destination, ship date and window of each, and the on-time probability shown with it. A
 * payload that is not one (a promise written by a test harness) has no shipments.
 */
export function shipmentTerms(payload: unknown): readonly ShipmentTerms[] {
  const p = payload as Partial<PromisePayload> | null;
  if (p === null || typeof p !== "object" || !Array.isArray(p.shipments)) return [];
  const destination = p.destination ?? { countryCode: "", postalCode: "", province: "" };
  const terms: ShipmentTerms[] = [];
  for (const s of p.shipments) {
    const shipDay = parseIsoDay(s.shipDate);
    const earliestDay = parseIsoDay(s.deliveryEarliest);
    const latestDay = parseIsoDay(s.deliveryLatest);
    if (shipDay === undefined || earliestDay === undefined || latestDay === undefined) continue;
    terms.push({
      warehouseId: s.warehouseId,
      serviceId: s.serviceId,
      countryCode: destination.countryCode,
      postalCode: destination.postalCode,
      shipDay,
      earliestDay,
      latestDay,
      onTimeProbability: typeof s.onTimeProbability === "number" ? s.onTimeProbability : null,
    });
  }
  return terms;
}
