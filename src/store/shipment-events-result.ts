import type { ShipmentEventsPlan } from "./plan-shipment-events.js";
import type { RecordShipmentEventsResult } from "./store.js";

/** What RecordShipmentEvents reports for a plan both engines carried out. */
export function shipmentEventsResult(plan: ShipmentEventsPlan): RecordShipmentEventsResult {
  return {
    applied: plan.applied,
    duplicates: plan.duplicates,
    errors: plan.errors,
    fulfilled: plan.fulfil.map((f) => f.id),
    delivered: plan.deliver.map((d) => d.id),
    newlyDelivered: plan.newlyDelivered,
  };
}
