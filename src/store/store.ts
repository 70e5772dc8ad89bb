import type { Day } from "../engine/day.js";
import type { InboundLot } from "../engine/stock-reader.js";

/**
 * The durable state of the service: stock per (SKU, warehouse), warehouse capacity and load per
 * day, confirmed promises and what they reserve. Two implementations share this contract:
 * embedded SQLite (one file, several processes may share it) and PostgreSQL (several replicas).
 *
 * Days are civil dates as day numbers (`Day`, days since 1970-01-01), stored as integers.
 * Instants are UTC milliseconds. The store knows nothing about gRPC or the network file.
 *
 * Errors: a store that cannot reach its database throws `DomainError('UNAVAILABLE')`; bad input
 * throws `DomainError('INVALID_ARGUMENT')` with the field at fault; anything else is a bug.
 */
export interface Store {
  /** `sqlite` or `postgres`. */
  readonly engine: StoreEngine;

  // ---- stock feed -------------------------------------------------------------------------
  /**
   * Upserts stock rows in one transaction. A row whose version is lower than the stored one is
   * stale and ignored; an equal version is an idempotent re-apply (counted as applied, changes
   * nothing). `reserved` belongs to promises and is never written by the feed. Within one batch,
   * the highest version of a key wins.
   */
  upsertStock(rows: readonly StockUpsert[]): Promise<UpsertStockResult>;
  /**
   * The stock rows changed after `afterSeq` (all rows when omitted or 0), in batches of at most
   * `batchSize` (default 10,000) read page by page, so millions of rows never sit in memory at
   * once. Remember `seq` and pass it next time: every change committed after this call began has
   * a greater sequence number. A row changed again after `seq` (while the pages are read) is left
   * to that next call, so no row arrives in a state newer than `seq`: a process that wrote a
   * change numbered above `seq` can add it to what this call gave without counting it twice.
   */
  loadStock(afterSeq?: number, options?: { batchSize?: number }): Promise<StockChanges>;

  // ---- capacity -----------------------------------------------------------------------------
  /**
   * Sets a warehouse's default daily capacity (`daily`: orders per day; null = unlimited;
   * undefined = keep) and upserts per-date overrides (`value` null removes the override).
   */
  setCapacity(warehouseId: string, update: CapacityUpdate): Promise<void>;
  /** Sets the externally booked load (orders per day) of the given days; other days are kept. */
  setBookedLoad(warehouseId: string, loads: readonly BookedLoad[]): Promise<void>;
  /**
   * Capacity defaults, overrides, load rows and pickup load rows changed after `afterSeq` (all
   * when omitted or 0), read in one snapshot; with `recentBookings`, also the confirm instants
   * of the latest promises on each of those load rows (see `CapacityChanges.bookings`).
   */
  loadCapacity(afterSeq?: number, options?: LoadCapacityOptions): Promise<CapacityChanges>;

  // ---- promises -----------------------------------------------------------------------------
  /**
   * Confirms a promise, all or nothing: (1) an existing promise with the same idempotency key is
   * returned when its request hash matches, and `DomainError('ALREADY_EXISTS')` is thrown when it
   * does not; (2) `decide` runs synchronously on a snapshot of the current state; (3) the stock
   * capacity and carrier pickups it claims are reserved with conditional updates that never
   * oversell (a claim with no room left gives `rejected` with REJECTED_STOCK / REJECTED_CAPACITY
   * and details; a pickup claim that does not fit is REJECTED_CAPACITY too);
   * (4) the promise and its reservations are recorded. Nothing is reported before it is durably
   * committed.
   *
   * Both engines commit the confirms that arrive together in one transaction (one fsync for the
   * group): each confirm still applies as a whole or not at all, and the group behaves as if its
   * confirms ran one after the other in arrival order (`decide` sees what the earlier ones
   * reserved). A group whose write fails is run again confirm by confirm on fresh snapshots (on
   * PostgreSQL also when it lost a race with another process: up to 3 attempts each; on SQLite
   * only when a row of it cannot be written, such as a promise id used twice), so `decide` may
   * run more than once. The algorithm is shared (confirm-queue, confirm-group, claim-plan); the
   * drivers only read the snapshot and write the plan.
   */
  confirm(
    request: ConfirmRequest,
    decide: (snapshot: ConfirmSnapshot) => ConfirmDecision,
  ): Promise<ConfirmOutcome>;
  /** The promise with this id, or undefined. */
  getPromise(id: string): Promise<StoredPromise | undefined>;
  /**
   * Cancels a promise and releases exactly what it reserved, once. Cancelling a cancelled promise
   * returns it unchanged; cancelling a fulfilled one throws `DomainError('FAILED_PRECONDITION')`
   * (field `id`). Undefined when there is no such promise.
   */
  cancelPromise(id: string, atMs: number): Promise<StoredPromise | undefined>;
  /**
   * Records that a confirmed promise shipped, once, in one transaction: its status becomes
   * `fulfilled` (`fulfilledAtMs` = `atMs`); each stock reservation is released (`reserved -= q`)
   * and the same quantity leaves on hand, or the earliest inbound lots for what on hand cannot
   * cover (see shipUnits), so what can be promised does not change. The stock rows' `version` is kept (the feed's next update, which carries the
   * warehouse's count after the shipment, still overwrites on hand); their `change_seq` is bumped.
   * Capacity and pickup reservations are kept (the day's work was done). Fulfilling a fulfilled promise
   * returns it unchanged; fulfilling a cancelled one throws `DomainError('FAILED_PRECONDITION')`
   * (field `id`). Undefined when there is no such promise.
   *
   * For the backlog and the real throughput, each of its capacity reservations (warehouse, due
   * day) counts one more `shipped` on the load row of its due day and one more `shippedOn` on the
   * load row of the day it shipped: `shippedOn(warehouseId)`, the warehouse-local date of `atMs`
   * (the caller knows the warehouses' zones; default: the UTC date of `atMs`).
   */
  fulfilPromise(
    id: string,
    atMs: number,
    shippedOn?: (warehouseId: string) => Day,
  ): Promise<StoredPromise | undefined>;
  /**
   * Records carrier tracking events of promises' shipments, in one transaction (see
   * `planShipmentEvents` for the rules both engines share):
   * - an event whose `eventId` is stored already is a duplicate and changes nothing;
   * - each shipment's state is the kind of its latest event by `occurredAtMs`, whatever order
   *   events arrive in;
   * - a promise whose shipments have all shipped is fulfilled exactly as by `fulfilPromise`
   *   (same code path, `fulfilledAtMs` = its last shipment's ship instant); one whose shipments
   *   are all delivered becomes `delivered`;
   * - a bad row (unknown promise or shipment, cancelled promise, delivered before shipped, before
   *   the promise was confirmed, more than a day after `nowMs`, unknown kind) is reported with its
   *   index, field and reason, and the other rows still apply.
   * `terms` reads a promise's payload: its shipments and the window each was promised.
   */
  recordShipmentEvents(
    events: readonly ShipmentEventInput[],
    nowMs: number,
    terms: (payload: unknown) => readonly ShipmentTerms[],
  ): Promise<RecordShipmentEventsResult>;
  /** The tracked state of a promise's shipments (sorted by warehouse), for reads and tests. */
  getShipments(promiseId: string): Promise<ShipmentRecord[]>;
  /**
   * Delivered shipments (of promises, and imported history) whose delivered day lies in
   * [fromDay, toDay], page by page (for learning and accuracy; never held in memory at once).
   */
  loadDeliveries(
    fromDay: Day,
    toDay: Day,
    options?: { batchSize?: number },
  ): AsyncIterable<readonly DeliveryRecord[]>;
  /**
   * Shipments that shipped on a day in [fromDay, toDay] (the SHIPPED event's day, else the
   * promised ship date; imports by their ship date), delivered or not, page by page (accuracy).
   */
  loadShipped(
    fromDay: Day,
    toDay: Day,
    options?: { batchSize?: number; promisesOnly?: boolean },
  ): AsyncIterable<readonly ShippedRecord[]>;
  /**
   * Imported history that shipped on a day in [fromDay, toDay], counted in groups of identical
   * rows (same warehouse, service, destination, ship day, delivered day and promised latest day),
   * one page per ship day (accuracy over millions of imported parcels without reading each).
   */
  loadImportedOutcomes(fromDay: Day, toDay: Day): AsyncIterable<readonly ImportedOutcomeGroup[]>;
  /**
   * Promises' tracked shipments that shipped on a day in [fromDay, toDay] (as `loadShipped`),
   * counted in groups of identical outcomes (accuracy): shipments of one-shipment promises are
   * counted together (`promiseId` null), those of promises with several shipments keep their
   * promise id, so a promise is counted once per group. Read from the counts RecordShipmentEvents
   * keeps (migration 0015's `shipment_outcome`), one page per ship day: the same groups as
   * grouping the `shipment` rows, without reading each.
   */
  loadShipmentOutcomes(fromDay: Day, toDay: Day): AsyncIterable<readonly ShipmentOutcomeGroup[]>;
  /**
   * Shipments of confirmed promises (not cancelled) that have no tracking event yet, whose
   * promised ship day lies in [fromDay, toDay], page by page: what each promise said (accuracy
   * counts them under `promises`). Read from the capacity reservation every shipment takes.
   */
  loadUntrackedShipments(
    fromDay: Day,
    toDay: Day,
    options?: { batchSize?: number },
  ): AsyncIterable<readonly UntrackedShipment[]>;
  /**
   * Promises created in [fromMs, toMs) (any status but cancelled), page by page in id order, with
   * their payload parsed (for the peak planner's demand from history; a full read of the range).
   */
  loadPromises(
    fromMs: number,
    toMs: number,
    options?: { batchSize?: number },
  ): AsyncIterable<readonly PromiseRecord[]>;
  /**
   * Appends historical deliveries that have no promise of ours (last year's shipments), in one
   * transaction: when it returns, all of them are durable. Rows are checked by the caller. A row
   * whose `importKey` is stored already (or repeats one earlier in the batch) is skipped; the
   * answer is the number of rows stored.
   */
  importDeliveries(rows: readonly ImportedDelivery[]): Promise<number>;
  /**
   * Compares the `reserved` counters with the stock reservations of confirmed promises, and the
   * `promised` counters of load and pickup load rows with the capacity and pickup reservations of
   * confirmed and fulfilled promises (for tests and operations; reads every reservation).
   */
  checkReservations(): Promise<ReservationReport>;

  // ---- change feed --------------------------------------------------------------------------
  /** The sequence number of the latest committed change. */
  currentSeq(): Promise<number>;
  /**
   * Calls `listener` with the new sequence number after changes are committed, by this process or
   * another one sharing the database. Calls are coalesced and in increasing order; a listener
   * must be quick (schedule a reload, do not run it inline) and must not throw.
   *
   * Freshness: writes through this Store instance are reported right after their commit. Writes
   * from elsewhere: PostgreSQL reports them through LISTEN/NOTIFY within milliseconds of the
   * commit (after a lost listener connection, on reconnect, within the reconnect backoff of at
   * most 2 s); SQLite polls `PRAGMA data_version` every `pollIntervalMs` (default 150 ms). On
   * PostgreSQL a listener may also be called once soon after subscribing with the current number
   * (the catch-up when LISTEN starts). Returns a function that removes the listener.
   */
  onChange(listener: (seq: number) => void): () => void;

  /**
   * Answers the confirms already asked, then releases connections and timers. Calls after close
   * throw UNAVAILABLE.
   */
  close(): Promise<void>;
}

export type StoreEngine = "sqlite" | "postgres";

export interface StockUpsert {
  readonly sku: string;
  readonly warehouseId: string;
  readonly onHand: number;
  readonly safetyStock: number;
  readonly inbound: readonly InboundLot[];
  /** Orders updates of this row (for example `as_of` in ms): lower than stored = stale. */
  readonly version: number;
}

export interface UpsertStockResult {
  readonly applied: number;
  readonly stale: number;
}

export interface StockRecord {
  readonly sku: string;
  readonly warehouseId: string;
  readonly onHand: number;
  readonly safetyStock: number;
  /** Units held by confirmed promises. */
  readonly reserved: number;
  /** Sorted by ETA. */
  readonly inbound: readonly InboundLot[];
  readonly version: number;
  readonly changeSeq: number;
}

export interface StockChanges {
  /** Pass this as `afterSeq` next time. */
  readonly seq: number;
  readonly batches: AsyncIterable<readonly StockRecord[]>;
}

export interface CapacityUpdate {
  /** Orders per day; null = unlimited; undefined = keep the current default. */
  readonly daily?: number | null | undefined;
  readonly overrides?: readonly CapacityOverrideUpdate[];
}

export interface CapacityOverrideUpdate {
  readonly day: Day;
  /** Orders that day; null removes the override (the default applies again). */
  readonly value: number | null;
}

export interface BookedLoad {
  readonly day: Day;
  readonly orders: number;
}

export interface CapacityDefault {
  readonly warehouseId: string;
  /** Orders per day; null = unlimited. */
  readonly daily: number | null;
  readonly changeSeq: number;
}

export interface CapacityOverride {
  readonly warehouseId: string;
  readonly day: Day;
  /** null: the override was removed. */
  readonly value: number | null;
  readonly changeSeq: number;
}

export interface LoadRecord {
  readonly warehouseId: string;
  readonly day: Day;
  /** Orders booked through other channels. */
  readonly external: number;
  /** Orders taken by confirmed and fulfilled promises. */
  readonly promised: number;
  /** Promises due to ship this day that have shipped (on any day). */
  readonly shipped: number;
  /** Promises that shipped on this warehouse-local day, whatever day they were due. */
  readonly shippedOn: number;
  readonly changeSeq: number;
}

/** Carrier pickups of one service at one warehouse on one ship date, taken by promises. */
export interface PickupLoadRecord {
  readonly serviceId: string;
  readonly warehouseId: string;
  readonly day: Day;
  /** Pickups taken by confirmed and fulfilled promises. */
  readonly promised: number;
  readonly changeSeq: number;
}

export interface CapacityChanges {
  /** Pass this as `afterSeq` next time. */
  readonly seq: number;
  readonly defaults: readonly CapacityDefault[];
  readonly overrides: readonly CapacityOverride[];
  readonly loads: readonly LoadRecord[];
  readonly pickups: readonly PickupLoadRecord[];
  /**
   * One entry per row of `loads` (same order) when `recentBookings` was asked for, else empty.
   * This is what every process's booking-rate estimate reads, so all of them see every
   * process's confirms.
   */
  readonly bookings: readonly BookingRecord[];
}

export interface LoadCapacityOptions {
  /** For each load row returned, how many of its latest bookings to return (default 0: none). */
  readonly recentBookings?: number;
}

/** The latest bookings of one warehouse and ship date. */
export interface BookingRecord {
  readonly warehouseId: string;
  readonly day: Day;
  /**
   * `createdAtMs` of the latest (at most `recentBookings`) confirmed or fulfilled promises holding
   * capacity on that day, oldest first (ties by promise id); cancelled promises do not count.
   */
  readonly bookedAtMs: readonly number[];
}

export interface ConfirmRequest {
  /** Chosen by the caller; at most one promise per key. */
  readonly idempotencyKey: string;
  /** A digest of what was asked (see `hashRequest`): a retry must carry the same one. */
  readonly requestHash: string;
  /** The SKUs whose stock rows (every warehouse) the snapshot holds. */
  readonly skus: readonly string[];
  /**
   * Stock locations (warehouses or pick-up stores) whose capacity, overrides and load the
   * snapshot holds besides those holding a stock row of the SKUs: a pick-up store that has no
   * row of the cart's SKUs (everything comes by transfer) still takes its pick-up capacity.
   */
  readonly locations?: readonly string[] | undefined;
  /**
   * The ship dates (inclusive) whose overrides and load the snapshot holds, for the warehouses
   * that hold any of the SKUs (and `locations`).
   */
  readonly fromDay: Day;
  readonly toDay: Day;
  /**
   * The caller's deadline (UTC ms, wall clock; default none). PostgreSQL: the confirm is answered
   * by then, and its write can no longer commit once it has passed (nor once the store's own
   * time limit has), even if the statement reaches the database later.
   */
  readonly deadlineMs?: number | undefined;
}

/** The state `decide` works on, read inside the confirm transaction. */
export interface ConfirmSnapshot {
  readonly stock: readonly StockRecord[];
  /** Defaults of the warehouses in `stock` that have one (no row = unlimited). */
  readonly capacity: readonly CapacityDefault[];
  /** Overrides of those warehouses in the day range (value null = none). */
  readonly overrides: readonly CapacityOverride[];
  /** Load rows of those warehouses in the day range (no row = nothing booked). */
  readonly loads: readonly LoadRecord[];
  /** Pickup load rows of those warehouses (any service) in the day range (no row = none taken). */
  readonly pickups: readonly PickupLoadRecord[];
}

export type ConfirmDecision =
  | { readonly ok: false; readonly reason: string; readonly details?: unknown }
  | {
      readonly ok: true;
      readonly promise: NewPromise;
      /**
       * Units to reserve; lines with the same (sku, warehouse) are added up (and take the largest
       * `inboundAllowance`).
       */
      readonly stock: readonly StockClaim[];
      /** One order of capacity per (warehouse, day); duplicates count once. */
      readonly capacity: readonly CapacityClaim[];
      /**
       * One carrier pickup per (service, warehouse, day) with a pickup limit; duplicates count
       * once. Absent = none.
       */
      readonly pickups?: readonly PickupClaim[];
    };

export interface NewPromise {
  /** Unique; chosen by the caller. */
  readonly id: string;
  /** What the promise says (lines, shipments, window, ...), stored as JSON. */
  readonly payload: unknown;
  readonly createdAtMs: number;
}

export interface StockClaim {
  readonly sku: string;
  readonly warehouseId: string;
  readonly quantity: number;
  /**
   * Units of inbound lots (as `decide` saw them in the snapshot) this claim may count on, for a
   * backorder; 0/absent = only stock on hand. The claim fits when
   * `on hand + allowance - reserved - safety stock >= quantity`, so `reserved` may exceed on hand.
   * Lines with the same (sku, warehouse) take the largest allowance of them.
   */
  readonly inboundAllowance?: number;
}

export interface CapacityClaim {
  readonly warehouseId: string;
  readonly day: Day;
  /** The day's capacity as `decide` saw it (override or default); -1 = no limit. */
  readonly limit: number;
}

export interface PickupClaim {
  readonly serviceId: string;
  readonly warehouseId: string;
  readonly day: Day;
  /** The service's pickup limit that day as `decide` saw it; -1 = no limit. */
  readonly limit: number;
}

export type ConfirmOutcome =
  | { readonly kind: "confirmed"; readonly promise: StoredPromise; readonly seq: number }
  | { readonly kind: "existing"; readonly promise: StoredPromise }
  | { readonly kind: "rejected"; readonly reason: string; readonly details?: unknown };

/** `rejected.reason` when a stock line no longer fits at update time. */
export const REJECTED_STOCK = "OUT_OF_STOCK";
/** `rejected.reason` when a capacity or pickup line no longer fits at update time. */
export const REJECTED_CAPACITY = "CAPACITY_FULL";

/** `delivered`: every shipment of a fulfilled promise was delivered (RecordShipmentEvents). */
export type PromiseStatus = "confirmed" | "cancelled" | "fulfilled" | "delivered";

export interface StoredPromise {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly status: PromiseStatus;
  readonly payload: unknown;
  readonly createdAtMs: number;
  readonly cancelledAtMs: number | null;
  readonly fulfilledAtMs: number | null;
  /**
   * What it reserved: stock, capacity and pickups are released when cancelled; when fulfilled,
   * stock is released (it left on hand) and capacity and pickups stay booked.
   */
  readonly stock: readonly StockReservation[];
  readonly capacity: readonly CapacityReservation[];
  readonly pickups: readonly PickupReservation[];
}

export interface StockReservation {
  readonly sku: string;
  readonly warehouseId: string;
  readonly quantity: number;
}

export interface CapacityReservation {
  readonly warehouseId: string;
  readonly day: Day;
}

export interface PickupReservation {
  readonly serviceId: string;
  readonly warehouseId: string;
  readonly day: Day;
}

export interface ReservationReport {
  readonly confirmed: number;
  readonly cancelled: number;
  /** Shipped promises, delivered ones included. */
  readonly fulfilled: number;
  /** Stock rows whose `reserved` differs from the sum of confirmed promises' reservations. */
  readonly stockMismatches: readonly {
    readonly sku: string;
    readonly warehouseId: string;
    readonly reserved: number;
    readonly reservedByPromises: number;
  }[];
  /**
   * Load rows whose `promised` differs from the count of confirmed and fulfilled promises'
   * capacity reservations.
   */
  readonly loadMismatches: readonly {
    readonly warehouseId: string;
    readonly day: Day;
    readonly promised: number;
    readonly promisedByPromises: number;
  }[];
  /**
   * Pickup load rows whose `promised` differs from the count of confirmed and fulfilled promises'
   * pickup reservations.
   */
  readonly pickupMismatches: readonly {
    readonly serviceId: string;
    readonly warehouseId: string;
    readonly day: Day;
    readonly promised: number;
    readonly promisedByPromises: number;
  }[];
  /**
   * Load rows whose `shipped` differs from the count of fulfilled promises' capacity reservations
   * of that day; `day` null: a warehouse whose `shippedOn` total (as `shipped`) differs from its
   * `shipped` total (as `shippedByPromises`).
   */
  readonly shippedMismatches: readonly {
    readonly warehouseId: string;
    readonly day: Day | null;
    readonly shipped: number;
    readonly shippedByPromises: number;
  }[];
  /**
   * Stock rows where on hand + inbound (all lots) - reserved - safety stock < 0: promised beyond
   * what is on hand or coming in. (Reserving into inbound lots, a backorder, is allowed, so
   * `reserved` above on hand alone is not counted.)
   */
  readonly overReserved: number;
  /** Reservation rows whose promise does not exist (must be 0). */
  readonly orphanReservations: number;
}

export const SHIPMENT_EVENT_KINDS = [
  "SHIPPED",
  "OUT_FOR_DELIVERY",
  "DELIVERED",
  "DELIVERY_FAILED",
  "RETURNED",
] as const;
export type ShipmentEventKind = (typeof SHIPMENT_EVENT_KINDS)[number];

/** One tracking event of one shipment (by its warehouse) of a promise. */
export interface ShipmentEventInput {
  /** Chosen by the sender; the same id twice is one event. */
  readonly eventId: string;
  readonly promiseId: string;
  readonly warehouseId: string;
  /** One of SHIPMENT_EVENT_KINDS; anything else is reported as a bad row. */
  readonly kind: string;
  readonly occurredAtMs: number;
  /** The warehouse-local date of `occurredAtMs` (worked out by the caller from the network). */
  readonly day: Day;
  readonly serviceId?: string | undefined;
  readonly trackingNumber?: string | undefined;
}

/** A shipment of a promise as its payload says (see `recordShipmentEvents`). */
export interface ShipmentTerms {
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly countryCode: string;
  readonly postalCode: string;
  /** The promised ship date and delivery window (local days). */
  readonly shipDay: Day;
  readonly earliestDay: Day;
  readonly latestDay: Day;
  /** The on-time probability shown with the window, if one was. */
  readonly onTimeProbability: number | null;
}

export interface ShipmentEventError {
  /** The event's index in the batch. */
  readonly index: number;
  /** The field at fault, for example `events[3].occurred_at`. */
  readonly field: string;
  readonly reason: string;
}

export interface RecordShipmentEventsResult {
  readonly applied: number;
  readonly duplicates: number;
  readonly errors: readonly ShipmentEventError[];
  /** Promises this call fulfilled (all shipments shipped) and delivered. */
  readonly fulfilled: readonly string[];
  readonly delivered: readonly string[];
  /** Shipments that became delivered in this call (for outcome metrics). */
  readonly newlyDelivered: readonly ShipmentRecord[];
}

export interface ShipmentRecord {
  readonly promiseId: string;
  readonly warehouseId: string;
  /** The kind of the latest event. */
  readonly state: ShipmentEventKind;
  readonly stateAtMs: number;
  readonly serviceId: string;
  readonly trackingNumber: string | null;
  readonly countryCode: string;
  readonly postalCode: string;
  readonly promisedShipDay: Day;
  readonly promisedEarliestDay: Day;
  readonly promisedLatestDay: Day;
  readonly onTimeProbability: number | null;
  /** The first SHIPPED event (null: none yet). */
  readonly shippedAtMs: number | null;
  readonly shipDay: Day | null;
  /** The latest DELIVERED event when no later event undid it (null: not delivered). */
  readonly deliveredAtMs: number | null;
  readonly deliveredDay: Day | null;
  /**
   * How many shipments its promise has (1: this one alone). Accuracy counts the shipments of
   * one-shipment promises in groups, and reads the others one by one (a promise is counted once).
   */
  readonly promiseShipments: number;
}

/** A delivered shipment, as learning and accuracy read it. */
export interface DeliveryRecord {
  /** `promise` (tracked through events) or `import` (history without a promise). */
  readonly source: "promise" | "import";
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly countryCode: string;
  readonly postalCode: string;
  /** The day it shipped (warehouse-local): the SHIPPED event's, else the promised ship date. */
  readonly shipDay: Day;
  readonly deliveredDay: Day;
  /** The promised window, when there was one (imports may give only the latest date). */
  readonly promisedEarliestDay: Day | null;
  readonly promisedLatestDay: Day | null;
  readonly onTimeProbability: number | null;
}

/** A promise as the peak planner's history reads it. */
export interface PromiseRecord {
  readonly id: string;
  readonly status: string;
  readonly createdAtMs: number;
  /** The stored payload (see promisePayload), parsed. */
  readonly payload: unknown;
}

/** A historical delivery with no promise of ours. */
export interface ImportedDelivery {
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly countryCode: string;
  readonly postalCode: string;
  readonly shipDay: Day;
  readonly deliveredDay: Day;
  readonly promisedLatestDay: Day | null;
  /**
   * Stable per parcel (see ImportKeys): a row whose key is stored already is skipped, so
   * importing the same history twice counts it once. Absent: always stored.
   */
  readonly importKey?: string | undefined;
}

/** A promise's shipment with no tracking event yet (see `loadUntrackedShipments`). */
export interface UntrackedShipment {
  readonly promiseId: string;
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly countryCode: string;
  readonly postalCode: string;
  /** The promised ship date (warehouse-local). */
  readonly shipDay: Day;
}

/** Identical imported rows, counted (see `loadImportedOutcomes`). */
export interface ImportedOutcomeGroup {
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly countryCode: string;
  readonly postalCode: string;
  readonly shipDay: Day;
  readonly deliveredDay: Day;
  readonly promisedLatestDay: Day | null;
  readonly count: number;
}

/** Identical tracked shipments of promises, counted (see `loadShipmentOutcomes`). */
export interface ShipmentOutcomeGroup {
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly countryCode: string;
  readonly postalCode: string;
  /** The SHIPPED event's day, else the promised ship date. */
  readonly shipDay: Day;
  readonly deliveredDay: Day | null;
  readonly promisedEarliestDay: Day;
  readonly promisedLatestDay: Day;
  readonly onTimeProbability: number | null;
  /** Null: `count` shipments of one-shipment promises; else this promise's one shipment. */
  readonly promiseId: string | null;
  readonly count: number;
}

/** A shipment as accuracy reads it: delivered or not, with its promise (null for imports). */
export interface ShippedRecord extends Omit<DeliveryRecord, "deliveredDay"> {
  readonly promiseId: string | null;
  /** Null while not delivered. */
  readonly deliveredDay: Day | null;
}
