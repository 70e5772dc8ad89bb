import type { Clock } from "../config/clock.js";
import { invalidArgument } from "../domain/domain-error.js";
import { NO_DAY } from "../engine/day.js";
import type {
  RecordShipmentEventsResult,
  ShipmentEventInput,
  ShipmentRecord,
  Store,
} from "../store/store.js";
import type { LiveView } from "../view/live-view.js";
import { type DeliveryOutcome, deliveryOutcome } from "./delivery-outcome.js";
import { shipmentTerms } from "./shipment-terms.js";
import { warehouseDayOf } from "./warehouse-day.js";

/** The most events one call may carry. */
export const MAX_SHIPMENT_EVENTS = 10_000;

/** A tracking event as callers send it (the day is worked out here). */
export type ShipmentEventRequest = Omit<ShipmentEventInput, "day">;

export interface ShipmentTrackingDeps {
  readonly store: Store;
  readonly live: LiveView;
  readonly clock: Clock;
  /** Called once per shipment that became delivered, with its outcome against the promise. */
  readonly onDelivered?:
    | ((shipment: ShipmentRecord, outcome: DeliveryOutcome, lateDays: number) => void)
    | undefined;
}

/**
 * The use case behind RecordShipmentEvents: dates each event in its warehouse's zone, lets the
 * store apply the batch (idempotent, latest event wins, shipped = fulfilled, all delivered =
 * delivered), and reports each newly delivered shipment's outcome.
 */
export class ShipmentTracking {
  constructor(private readonly deps: ShipmentTrackingDeps) {}

  async record(events: readonly ShipmentEventRequest[]): Promise<RecordShipmentEventsResult> {
    if (events.length === 0) throw invalidArgument("events", "expected at least one event");
    if (events.length > MAX_SHIPMENT_EVENTS) {
      throw invalidArgument("events", `expected at most ${MAX_SHIPMENT_EVENTS} events per call`);
    }
    const net = this.deps.live.network;
    const dated = events.map(
      (e): ShipmentEventInput => ({
        ...e,
        day: Number.isFinite(e.occurredAtMs)
          ? warehouseDayOf(net, e.warehouseId, e.occurredAtMs)
          : NO_DAY, // rejected below (occurredAtMs)
      }),
    );
    const result = await this.deps.store.recordShipmentEvents(
      dated,
      this.deps.clock(),
      shipmentTerms,
    );
    const onDelivered = this.deps.onDelivered;
    if (onDelivered !== undefined) {
      for (const s of result.newlyDelivered) {
        const { outcome, lateDays } = deliveryOutcome(
          s.deliveredDay!,
          s.promisedEarliestDay,
          s.promisedLatestDay,
        );
        onDelivered(s, outcome, lateDays);
      }
    }
    return result;
  }
}
