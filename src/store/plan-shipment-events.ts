import type { Day } from "../engine/day.js";
import {
  type PromiseStatus,
  SHIPMENT_EVENT_KINDS,
  type ShipmentEventError,
  type ShipmentEventInput,
  type ShipmentEventKind,
  type ShipmentRecord,
  type ShipmentTerms,
} from "./store.js";

/** Events may be dated at most this far after the call (clock skew, carriers' time zones). */
export const FUTURE_TOLERANCE_MS = 86_400_000;

/** A stored tracking event. */
export interface StoredShipmentEvent {
  readonly eventId: string;
  readonly promiseId: string;
  readonly warehouseId: string;
  readonly kind: ShipmentEventKind;
  readonly occurredAtMs: number;
  readonly day: Day;
  readonly serviceId: string | null;
  readonly trackingNumber: string | null;
}

export interface PromiseFacts {
  readonly status: PromiseStatus;
  readonly createdAtMs: number;
  readonly payload: unknown;
}

/** What the engine read for the batch (only the keys the batch names). */
export interface ShipmentEventsState {
  readonly promises: ReadonlyMap<string, PromiseFacts>;
  /** The batch's event ids that are stored already. */
  readonly storedEventIds: ReadonlySet<string>;
  /** Stored events per shipment (`shipmentKey`) of the promises the batch names. */
  readonly storedEvents: ReadonlyMap<string, readonly StoredShipmentEvent[]>;
}

export interface ShipmentEventsPlan {
  readonly applied: number;
  readonly duplicates: number;
  readonly errors: ShipmentEventError[];
  readonly insertEvents: StoredShipmentEvent[];
  /** Every shipment an accepted event touched, as it is now. */
  readonly shipments: ShipmentRecord[];
  readonly newlyDelivered: ShipmentRecord[];
  /**
   * Confirmed promises whose shipments have all shipped: fulfil them (as FulfilPromise), with the
   * warehouse-local day each shipment left (by warehouse id).
   */
  readonly fulfil: {
    readonly id: string;
    readonly atMs: number;
    readonly shipDays: ReadonlyMap<string, Day>;
  }[];
  /** Promises whose shipments are all delivered (status `delivered`). */
  readonly deliver: { readonly id: string; readonly atMs: number }[];
  /** Delivered promises a later event took back (status `fulfilled` again). */
  readonly undeliver: string[];
}

export function shipmentKey(promiseId: string, warehouseId: string): string {
  return `${promiseId}\u0000${warehouseId}`;
}

const KIND_SET: ReadonlySet<string> = new Set(SHIPMENT_EVENT_KINDS);
/** Ties on `occurredAtMs` go to the later stage. */
const KIND_RANK: Readonly<Record<ShipmentEventKind, number>> = {
  SHIPPED: 0,
  OUT_FOR_DELIVERY: 1,
  DELIVERY_FAILED: 2,
  DELIVERED: 3,
  RETURNED: 4,
};

function later(a: StoredShipmentEvent, b: StoredShipmentEvent): boolean {
  if (a.occurredAtMs !== b.occurredAtMs) return a.occurredAtMs > b.occurredAtMs;
  if (a.kind !== b.kind) return KIND_RANK[a.kind] > KIND_RANK[b.kind];
  return a.eventId > b.eventId;
}

/** The first SHIPPED event of a shipment, if any. */
function firstShipped(events: readonly StoredShipmentEvent[]): StoredShipmentEvent | undefined {
  let first: StoredShipmentEvent | undefined;
  for (const e of events) {
    if (e.kind === "SHIPPED" && (first === undefined || e.occurredAtMs < first.occurredAtMs)) {
      first = e;
    }
  }
  return first;
}

/**
 * The DELIVERED event that stands: the latest one, unless a SHIPPED, OUT_FOR_DELIVERY or
 * DELIVERY_FAILED event came after it (a RETURNED after delivery is the shopper's return and
 * keeps the delivery).
 */
function standingDelivery(events: readonly StoredShipmentEvent[]): StoredShipmentEvent | undefined {
  let delivered: StoredShipmentEvent | undefined;
  for (const e of events) {
    if (e.kind === "DELIVERED" && (delivered === undefined || later(e, delivered))) delivered = e;
  }
  if (delivered === undefined) return undefined;
  for (const e of events) {
    if (e.kind !== "DELIVERED" && e.kind !== "RETURNED" && later(e, delivered)) return undefined;
  }
  return delivered;
}

/** The state of a shipment from all its events (at least one). */
export function shipmentFromEvents(
  promiseId: string,
  terms: ShipmentTerms,
  events: readonly StoredShipmentEvent[],
  promiseShipments: number,
): ShipmentRecord {
  let latest = events[0]!;
  let service: StoredShipmentEvent | undefined;
  let tracking: StoredShipmentEvent | undefined;
  for (const e of events) {
    if (later(e, latest)) latest = e;
    if (e.serviceId !== null && (service === undefined || later(e, service))) service = e;
    if (e.trackingNumber !== null && (tracking === undefined || later(e, tracking))) tracking = e;
  }
  const shipped = firstShipped(events);
  const delivered = standingDelivery(events);
  return {
    promiseId,
    warehouseId: terms.warehouseId,
    state: latest.kind,
    stateAtMs: latest.occurredAtMs,
    serviceId: service?.serviceId ?? terms.serviceId,
    trackingNumber: tracking?.trackingNumber ?? null,
    countryCode: terms.countryCode,
    postalCode: terms.postalCode,
    promisedShipDay: terms.shipDay,
    promisedEarliestDay: terms.earliestDay,
    promisedLatestDay: terms.latestDay,
    onTimeProbability: terms.onTimeProbability,
    shippedAtMs: shipped?.occurredAtMs ?? null,
    shipDay: shipped?.day ?? null,
    deliveredAtMs: delivered?.occurredAtMs ?? null,
    deliveredDay: delivered?.day ?? null,
    promiseShipments,
  };
}

function badRow(errors: ShipmentEventError[], index: number, field: string, reason: string) {
  errors.push({ index, field: `events[${index}].${field}`, reason });
}

/**
 * The one algorithm of RecordShipmentEvents, run by both engines inside their transaction on
 * what they read for the batch. Pure: it decides, the engine writes.
 */
export function planShipmentEvents(
  events: readonly ShipmentEventInput[],
  nowMs: number,
  state: ShipmentEventsState,
  termsOf: (payload: unknown) => readonly ShipmentTerms[],
): ShipmentEventsPlan {
  const errors: ShipmentEventError[] = [];
  const insertEvents: StoredShipmentEvent[] = [];
  const seenIds = new Set<string>();
  const termsCache = new Map<string, readonly ShipmentTerms[]>();
  /** Events per touched shipment: stored ones plus those accepted from this batch. */
  const touched = new Map<string, StoredShipmentEvent[]>();
  let duplicates = 0;

  const terms = (id: string, facts: PromiseFacts) => {
    let t = termsCache.get(id);
    if (t === undefined) {
      t = termsOf(facts.payload);
      termsCache.set(id, t);
    }
    return t;
  };
  const eventsOf = (key: string): StoredShipmentEvent[] => {
    let list = touched.get(key);
    if (list === undefined) {
      list = [...(state.storedEvents.get(key) ?? [])];
      touched.set(key, list);
    }
    return list;
  };

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (typeof e.eventId !== "string" || e.eventId === "" || e.eventId.length > 200) {
      badRow(errors, i, "event_id", "must be 1 to 200 characters");
      continue;
    }
    if (!KIND_SET.has(e.kind)) {
      badRow(
        errors,
        i,
        "kind",
        `unknown kind "${e.kind}"; expected one of ${SHIPMENT_EVENT_KINDS.join(", ")}`,
      );
      continue;
    }
    if (state.storedEventIds.has(e.eventId) || seenIds.has(e.eventId)) {
      duplicates++;
      continue;
    }
    if (!Number.isSafeInteger(e.occurredAtMs) || e.occurredAtMs <= 0) {
      badRow(errors, i, "occurred_at", "required");
      continue;
    }
    if (e.occurredAtMs > nowMs + FUTURE_TOLERANCE_MS) {
      badRow(errors, i, "occurred_at", "more than a day in the future");
      continue;
    }
    const facts = state.promises.get(e.promiseId);
    if (facts === undefined) {
      badRow(errors, i, "promise_id", "unknown promise");
      continue;
    }
    if (facts.status === "cancelled") {
      badRow(errors, i, "promise_id", "the promise was cancelled");
      continue;
    }
    if (e.occurredAtMs < facts.createdAtMs) {
      badRow(errors, i, "occurred_at", "before the promise was confirmed");
      continue;
    }
    const shipmentTerms = terms(e.promiseId, facts).find((t) => t.warehouseId === e.warehouseId);
    if (shipmentTerms === undefined) {
      badRow(errors, i, "warehouse_id", "the promise has no shipment from this warehouse");
      continue;
    }
    const key = shipmentKey(e.promiseId, e.warehouseId);
    const list = eventsOf(key);
    const kind = e.kind as ShipmentEventKind;
    if (kind === "DELIVERED") {
      const shipped = firstShipped(list);
      if (shipped !== undefined && e.occurredAtMs < shipped.occurredAtMs) {
        badRow(errors, i, "occurred_at", "delivered before the shipment shipped");
        continue;
      }
    } else if (kind === "SHIPPED") {
      const delivered = standingDelivery(list);
      if (delivered !== undefined && e.occurredAtMs > delivered.occurredAtMs) {
        badRow(errors, i, "occurred_at", "shipped after the shipment was delivered");
        continue;
      }
    }
    const stored: StoredShipmentEvent = {
      eventId: e.eventId,
      promiseId: e.promiseId,
      warehouseId: e.warehouseId,
      kind,
      occurredAtMs: e.occurredAtMs,
      day: e.day,
      serviceId: e.serviceId === undefined || e.serviceId === "" ? null : e.serviceId,
      trackingNumber:
        e.trackingNumber === undefined || e.trackingNumber === "" ? null : e.trackingNumber,
    };
    seenIds.add(e.eventId);
    list.push(stored);
    insertEvents.push(stored);
  }

  // Shipments and promises after the accepted events.
  const shipments: ShipmentRecord[] = [];
  const newlyDelivered: ShipmentRecord[] = [];
  const touchedPromises = new Set<string>();
  for (const [key, list] of touched) {
    if (list.length === (state.storedEvents.get(key)?.length ?? 0)) continue;
    const promiseId = list[0]!.promiseId;
    const facts = state.promises.get(promiseId)!;
    const promiseTerms = terms(promiseId, facts);
    const shipmentTerms = promiseTerms.find((t) => t.warehouseId === list[0]!.warehouseId)!;
    const now = shipmentFromEvents(promiseId, shipmentTerms, list, promiseTerms.length);
    const storedList = state.storedEvents.get(key) ?? [];
    const wasDelivered = storedList.length > 0 && standingDelivery(storedList) !== undefined;
    shipments.push(now);
    if (now.deliveredAtMs !== null && !wasDelivered) newlyDelivered.push(now);
    touchedPromises.add(promiseId);
  }

  const fulfil: { id: string; atMs: number; shipDays: Map<string, Day> }[] = [];
  const deliver: { id: string; atMs: number }[] = [];
  const undeliver: string[] = [];
  for (const id of touchedPromises) {
    const facts = state.promises.get(id)!;
    let allShipped = true;
    let allDelivered = true;
    let shippedAt = 0;
    let deliveredAt = 0;
    const shipDays = new Map<string, Day>();
    for (const t of terms(id, facts)) {
      const key = shipmentKey(id, t.warehouseId);
      const list = touched.get(key) ?? state.storedEvents.get(key) ?? [];
      if (list.length === 0) {
        allShipped = false;
        allDelivered = false;
        break;
      }
      // Any tracking event means the parcel left; the ship instant is the first SHIPPED event,
      // else the earliest event.
      let left = firstShipped(list);
      if (left === undefined) {
        for (const e of list)
          if (left === undefined || e.occurredAtMs < left.occurredAtMs) left = e;
      }
      shippedAt = Math.max(shippedAt, left!.occurredAtMs);
      shipDays.set(t.warehouseId, left!.day);
      const delivered = standingDelivery(list);
      if (delivered === undefined) allDelivered = false;
      else deliveredAt = Math.max(deliveredAt, delivered.occurredAtMs);
    }
    if (allShipped && facts.status === "confirmed") fulfil.push({ id, atMs: shippedAt, shipDays });
    if (allDelivered && facts.status !== "delivered") deliver.push({ id, atMs: deliveredAt });
    if (!allDelivered && facts.status === "delivered") undeliver.push(id);
  }

  return {
    applied: insertEvents.length,
    duplicates,
    errors,
    insertEvents,
    shipments,
    newlyDelivered,
    fulfil,
    deliver,
    undeliver,
  };
}
