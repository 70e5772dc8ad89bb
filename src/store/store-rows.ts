import { dayNumber, dayNumberOrNull } from "../engine/day.js";
import type { InboundLot } from "../engine/stock-reader.js";
import type { StoredShipmentEvent } from "./plan-shipment-events.js";
import type {
  CapacityDefault,
  CapacityOverride,
  CapacityReservation,
  DeliveryRecord,
  LoadRecord,
  PickupLoadRecord,
  PickupReservation,
  PromiseRecord,
  PromiseStatus,
  ShipmentEventKind,
  ShipmentRecord,
  ShippedRecord,
  StockRecord,
  StockReservation,
  StoredPromise,
} from "./store.js";

/** Row shapes as both engines return them (numbers already numbers). */
export interface StockRow {
  sku: string;
  warehouse_id: string;
  on_hand: number;
  safety_stock: number;
  reserved: number;
  inbound: string;
  version: number;
  change_seq: number;
}

export interface CapacityRow {
  warehouse_id: string;
  daily: number | null;
  change_seq: number;
}

export interface OverrideRow {
  warehouse_id: string;
  day: number;
  value: number | null;
  change_seq: number;
}

export interface LoadRow {
  warehouse_id: string;
  day: number;
  external: number;
  promised: number;
  /** Absent in rows read before migration 0004 columns are selected. */
  shipped?: number;
  shipped_on?: number;
  change_seq: number;
}

export interface PickupLoadRow {
  service_id: string;
  warehouse_id: string;
  day: number;
  promised: number;
  change_seq: number;
}

export interface PromiseRow {
  id: string;
  idempotency_key: string;
  request_hash: string;
  status: string;
  payload: string;
  created_at_ms: number;
  cancelled_at_ms: number | null;
  fulfilled_at_ms: number | null;
}

export interface StockReservationRow {
  sku: string;
  warehouse_id: string;
  quantity: number;
}

export interface CapacityReservationRow {
  warehouse_id: string;
  day: number;
}

export interface PickupReservationRow {
  service_id: string;
  warehouse_id: string;
  day: number;
}

const NO_LOTS: readonly InboundLot[] = Object.freeze([]);

/** A stock row a fulfilled promise reserved, with the quantity it reserved there. */
export interface ShippedRow {
  sku: string;
  warehouse_id: string;
  on_hand: number;
  inbound: string;
  quantity: number;
}

export function encodeInbound(lots: readonly InboundLot[]): string {
  if (lots.length === 0) return "[]";
  const sorted = [...lots].sort((a, b) => a.etaDay - b.etaDay);
  return JSON.stringify(sorted.map((l) => ({ quantity: l.quantity, etaDay: l.etaDay })));
}

export function decodeInbound(text: string): readonly InboundLot[] {
  return text === "[]" ? NO_LOTS : (JSON.parse(text) as InboundLot[]);
}

export function toStockRecord(row: StockRow): StockRecord {
  return {
    sku: row.sku,
    warehouseId: row.warehouse_id,
    onHand: row.on_hand,
    safetyStock: row.safety_stock,
    reserved: row.reserved,
    inbound: decodeInbound(row.inbound),
    version: Number(row.version),
    changeSeq: Number(row.change_seq),
  };
}

export function toCapacityDefault(row: CapacityRow): CapacityDefault {
  return { warehouseId: row.warehouse_id, daily: row.daily, changeSeq: Number(row.change_seq) };
}

export function toCapacityOverride(row: OverrideRow): CapacityOverride {
  return {
    warehouseId: row.warehouse_id,
    day: dayNumber(row.day),
    value: row.value,
    changeSeq: Number(row.change_seq),
  };
}

export function toLoadRecord(row: LoadRow): LoadRecord {
  return {
    warehouseId: row.warehouse_id,
    day: dayNumber(row.day),
    external: row.external,
    promised: row.promised,
    shipped: Number(row.shipped ?? 0),
    shippedOn: Number(row.shipped_on ?? 0),
    changeSeq: Number(row.change_seq),
  };
}

export function toPickupLoadRecord(row: PickupLoadRow): PickupLoadRecord {
  return {
    serviceId: row.service_id,
    warehouseId: row.warehouse_id,
    day: dayNumber(row.day),
    promised: row.promised,
    changeSeq: Number(row.change_seq),
  };
}

export function toStoredPromise(
  row: PromiseRow,
  stock: readonly StockReservationRow[],
  capacity: readonly CapacityReservationRow[],
  pickups: readonly PickupReservationRow[],
): StoredPromise {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    status: row.status as PromiseStatus,
    payload: JSON.parse(row.payload) as unknown,
    createdAtMs: Number(row.created_at_ms),
    cancelledAtMs: row.cancelled_at_ms === null ? null : Number(row.cancelled_at_ms),
    fulfilledAtMs: row.fulfilled_at_ms == null ? null : Number(row.fulfilled_at_ms),
    stock: stock.map(
      (r): StockReservation => ({ sku: r.sku, warehouseId: r.warehouse_id, quantity: r.quantity }),
    ),
    capacity: capacity.map(
      (r): CapacityReservation => ({ warehouseId: r.warehouse_id, day: dayNumber(r.day) }),
    ),
    pickups: pickups.map(
      (r): PickupReservation => ({
        serviceId: r.service_id,
        warehouseId: r.warehouse_id,
        day: dayNumber(r.day),
      }),
    ),
  };
}

/**
 * A stock row as a JSON array, the form pages of stock are read in (one JSON text per page
 * parses about twice as fast as row objects): [sku, warehouse_id, on_hand, safety_stock,
 * reserved, inbound, version, change_seq].
 */
export type StockTuple = [string, string, number, number, number, InboundLot[], number, number];

export function tupleToStockRecord(t: StockTuple): StockRecord {
  const inbound = t[5];
  return {
    sku: t[0],
    warehouseId: t[1],
    onHand: t[2],
    safetyStock: t[3],
    reserved: t[4],
    inbound: inbound.length === 0 ? NO_LOTS : inbound,
    version: t[6],
    changeSeq: t[7],
  };
}

/** Orders strings by code point, as SQLite (BINARY) and PostgreSQL (C collations) do. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts surrogates (code points >= 0x10000) below U+E000..U+FFFF: move them above.
    if (x >= 0xd800) x += x <= 0xdfff ? 0x2000 : -0x800;
    if (y >= 0xd800) y += y <= 0xdfff ? 0x2000 : -0x800;
    return x - y;
  }
  return a.length - b.length;
}

/** Compares stock tuples by (sku, warehouse), or by (change_seq, sku, warehouse). */
export function compareStockTuples(byChange: boolean): (a: StockTuple, b: StockTuple) => number {
  return (a, b) =>
    (byChange ? a[7] - b[7] : 0) || compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]);
}

/**
 * Rows promised beyond what is on hand or inbound: on hand + all inbound lots - reserved -
 * safety stock < 0 (see `ReservationReport.overReserved`).
 */
export function countOverReserved(
  rows: readonly { on_hand: number; safety_stock: number; reserved: number; inbound: string }[],
): number {
  let n = 0;
  for (const r of rows) {
    let inbound = 0;
    for (const lot of decodeInbound(r.inbound)) inbound += lot.quantity;
    if (r.on_hand + inbound - r.reserved - r.safety_stock < 0) n++;
  }
  return n;
}

/** A `shipment` row as both engines read it. */
export interface ShipmentRow {
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
  promise_shipments: number;
}

const nullableNumber = (v: number | null) => (v === null || v === undefined ? null : Number(v));

export function toShipmentRecord(row: ShipmentRow): ShipmentRecord {
  return {
    promiseId: row.promise_id,
    warehouseId: row.warehouse_id,
    state: row.state as ShipmentEventKind,
    stateAtMs: Number(row.state_at_ms),
    serviceId: row.service_id,
    trackingNumber: row.tracking_number,
    countryCode: row.country_code,
    postalCode: row.postal_code,
    promisedShipDay: dayNumber(row.promised_ship_day),
    promisedEarliestDay: dayNumber(row.promised_earliest_day),
    promisedLatestDay: dayNumber(row.promised_latest_day),
    onTimeProbability: nullableNumber(row.on_time_probability),
    shippedAtMs: nullableNumber(row.shipped_at_ms),
    shipDay: dayNumberOrNull(nullableNumber(row.ship_day)),
    deliveredAtMs: nullableNumber(row.delivered_at_ms),
    deliveredDay: dayNumberOrNull(nullableNumber(row.delivered_day)),
    promiseShipments: Number(row.promise_shipments),
  };
}

/** The `shipment` columns in insert order, and a record's values in that order. */
export const SHIPMENT_COLUMNS =
  "promise_id, warehouse_id, state, state_at_ms, service_id, tracking_number, country_code, " +
  "postal_code, promised_ship_day, promised_earliest_day, promised_latest_day, " +
  "on_time_probability, shipped_at_ms, ship_day, delivered_at_ms, delivered_day, promise_shipments";

export function shipmentValues(r: ShipmentRecord): unknown[] {
  return [
    r.promiseId,
    r.warehouseId,
    r.state,
    r.stateAtMs,
    r.serviceId,
    r.trackingNumber,
    r.countryCode,
    r.postalCode,
    r.promisedShipDay,
    r.promisedEarliestDay,
    r.promisedLatestDay,
    r.onTimeProbability,
    r.shippedAtMs,
    r.shipDay,
    r.deliveredAtMs,
    r.deliveredDay,
    r.promiseShipments,
  ];
}

/** A stored `shipment_event` row. */
export interface ShipmentEventRow {
  event_id: string;
  promise_id: string;
  warehouse_id: string;
  kind: string;
  occurred_at_ms: number;
  day: number;
  service_id: string | null;
  tracking_number: string | null;
}

export function toStoredShipmentEvent(row: ShipmentEventRow): StoredShipmentEvent {
  return {
    eventId: row.event_id,
    promiseId: row.promise_id,
    warehouseId: row.warehouse_id,
    kind: row.kind as ShipmentEventKind,
    occurredAtMs: Number(row.occurred_at_ms),
    day: dayNumber(row.day),
    serviceId: row.service_id,
    trackingNumber: row.tracking_number,
  };
}

/**
 * A delivered shipment from a ShippedTuple (a read by delivered day, so its delivered day is
 * there; a tuple without one is a broken read and throws).
 */
export function tupleToDeliveryRecord(t: ShippedTuple): DeliveryRecord {
  if (t[6] === null) throw new RangeError("a delivery read returned a shipment not delivered");
  return {
    source: t[0] === 0 ? "promise" : "import",
    warehouseId: t[1],
    serviceId: t[2],
    countryCode: t[3],
    postalCode: t[4],
    shipDay: dayNumber(t[5]),
    deliveredDay: dayNumber(t[6]),
    promisedEarliestDay: dayNumberOrNull(t[7]),
    promisedLatestDay: dayNumberOrNull(t[8]),
    onTimeProbability: t[9],
  };
}

/** A promise as a JSON array: [id, status, created_at_ms, payload text]. */
export type PromiseTuple = [string, string, number | string, string];

export function tupleToPromiseRecord(t: PromiseTuple): PromiseRecord {
  return { id: t[0], status: t[1], createdAtMs: Number(t[2]), payload: JSON.parse(t[3]) };
}

/**
 * One shipment's outcome as a JSON array, the form pages of outcomes are read in: [source (0
 * promise, 1 import), warehouse, service, country, postal code, ship day, delivered day (null: not
 * yet), promised earliest, promised latest, on-time probability, promise id or import id].
 */
export type ShippedTuple = [
  number,
  string,
  string,
  string,
  string,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  string | number | null,
];

export function tupleToShippedRecord(t: ShippedTuple): ShippedRecord {
  return {
    source: t[0] === 0 ? "promise" : "import",
    promiseId: t[0] === 0 ? String(t[10]) : null,
    warehouseId: t[1],
    serviceId: t[2],
    countryCode: t[3],
    postalCode: t[4],
    shipDay: dayNumber(t[5]),
    deliveredDay: dayNumberOrNull(t[6]),
    promisedEarliestDay: dayNumberOrNull(t[7]),
    promisedLatestDay: dayNumberOrNull(t[8]),
    onTimeProbability: t[9],
  };
}
