/**
 * The tables of the store, as Kysely sees them (snake_case columns). Days are integer day numbers,
 * instants UTC ms, JSON payloads text. Every row the in-memory views read carries `change_seq`,
 * the value of `change_counter.seq` of the transaction that last wrote it.
 */
export interface StoreDatabase {
  change_counter: ChangeCounterTable;
  stock: StockTable;
  warehouse_capacity: WarehouseCapacityTable;
  capacity_override: CapacityOverrideTable;
  warehouse_load: WarehouseLoadTable;
  promise: PromiseTable;
  stock_reservation: StockReservationTable;
  capacity_reservation: CapacityReservationTable;
  /** Added by migration 0003. */
  pickup_load: PickupLoadTable;
  /** Added by migration 0003. */
  pickup_reservation: PickupReservationTable;
  /** Added by migration 0004. */
  shipment_event: ShipmentEventTable;
  /** Added by migration 0004. */
  shipment: ShipmentTable;
  /** Added by migration 0004. */
  imported_delivery: ImportedDeliveryTable;
  /** Added by migration 0014. */
  imported_outcome: ImportedOutcomeTable;
  shipment_outcome: ShipmentOutcomeTable;
}

/** One row (id 1): the global change sequence, bumped by every writing transaction. */
export interface ChangeCounterTable {
  id: number;
  seq: number;
}

export interface StockTable {
  sku: string;
  warehouse_id: string;
  on_hand: number;
  safety_stock: number;
  reserved: number;
  /** JSON `[{"quantity":n,"etaDay":d}, ...]` sorted by ETA. */
  inbound: string;
  version: number;
  change_seq: number;
}

export interface WarehouseCapacityTable {
  warehouse_id: string;
  /** Orders per day; null = unlimited. */
  daily: number | null;
  change_seq: number;
}

export interface CapacityOverrideTable {
  warehouse_id: string;
  day: number;
  /** null = the override was removed. */
  value: number | null;
  change_seq: number;
}

export interface WarehouseLoadTable {
  warehouse_id: string;
  day: number;
  external: number;
  promised: number;
  /** Added by migration 0004: promises due this day that shipped (any day). */
  shipped: number;
  /** Added by migration 0004: promises that shipped on this warehouse-local day. */
  shipped_on: number;
  change_seq: number;
}

export interface PromiseTable {
  id: string;
  idempotency_key: string;
  request_hash: string;
  /** `confirmed` | `cancelled` | `fulfilled` */
  status: string;
  /** JSON */
  payload: string;
  created_at_ms: number;
  cancelled_at_ms: number | null;
  /** Added by migration 0002. */
  fulfilled_at_ms: number | null;
  /** Added by migration 0004. */
  delivered_at_ms: number | null;
}

export interface StockReservationTable {
  promise_id: string;
  sku: string;
  warehouse_id: string;
  quantity: number;
}

export interface CapacityReservationTable {
  promise_id: string;
  warehouse_id: string;
  day: number;
  /** The promise's created_at_ms (the booking-rate index); added by migration 0004. */
  booked_at_ms: number | null;
}

export interface PickupLoadTable {
  service_id: string;
  warehouse_id: string;
  day: number;
  promised: number;
  change_seq: number;
}

export interface PickupReservationTable {
  promise_id: string;
  service_id: string;
  warehouse_id: string;
  day: number;
}

export interface ShipmentEventTable {
  event_id: string;
  promise_id: string;
  warehouse_id: string;
  kind: string;
  occurred_at_ms: number;
  day: number;
  service_id: string | null;
  tracking_number: string | null;
}

export interface ShipmentTable {
  promise_id: string;
  warehouse_id: string;
  state: string;
  state_at_ms: number;
  service_id: string;
  tracking_number: string | null;
  country_code: string;
  postal_code: string;
  promised_ship_day: number;
  promised_earliest_day: number;
  promised_latest_day: number;
  on_time_probability: number | null;
  shipped_at_ms: number | null;
  ship_day: number | null;
  delivered_at_ms: number | null;
  delivered_day: number | null;
  /** Added by migration 0014: how many shipments the promise has. */
  promise_shipments: number;
}

export interface ImportedDeliveryTable {
  id: number;
  warehouse_id: string;
  service_id: string;
  country_code: string;
  postal_code: string;
  ship_day: number;
  delivered_day: number;
  promised_latest_day: number | null;
  /** Added by migration 0009 (null for rows imported before it). */
  import_key: string | null;
}

/**
 * Imported history counted per group of identical rows (migration 0014), kept by
 * importDeliveries in the import's transaction. `promised_latest_day` is NO_PROMISED_DAY when the
 * rows had none (a key column cannot be null).
 */
export interface ImportedOutcomeTable {
  ship_day: number;
  warehouse_id: string;
  service_id: string;
  country_code: string;
  postal_code: string;
  delivered_day: number;
  promised_latest_day: number;
  n: number;
}

/**
 * Promises' tracked shipments counted per group of identical outcomes (migration 0015), kept by
 * RecordShipmentEvents in its transaction; see shipment-outcome-rollup.ts for the key and its
 * stand-ins for null (delivered day, probability, and '' for one-shipment promises' ids).
 */
export interface ShipmentOutcomeTable {
  ship_day: number;
  warehouse_id: string;
  service_id: string;
  country_code: string;
  postal_code: string;
  delivered_day: number;
  promised_earliest_day: number;
  promised_latest_day: number;
  on_time_probability: number;
  promise_id: string;
  n: number;
}
