import type Database from "better-sqlite3";
import { importedOutcomeUpsert } from "./outcome-rollup-migration.js";
import {
  EMPTIED_SHIPMENT_OUTCOMES_SQLITE,
  SHIPMENT_OUTCOME_DELTA_SQLITE,
} from "./shipment-outcome-rollup.js";
import {
  type CapacityReservationRow,
  type CapacityRow,
  type LoadRow,
  type OverrideRow,
  type PickupLoadRow,
  type PickupReservationRow,
  type PromiseRow,
  SHIPMENT_COLUMNS,
  type ShipmentRow,
  type ShippedRow,
  type StockReservationRow,
  type StockRow,
} from "./store-rows.js";

export const STOCK_COLUMNS =
  "sku, warehouse_id, on_hand, safety_stock, reserved, inbound, version, change_seq";

/** The SQLite driver's prepared statements, by name (prepared once per connection). */
export interface SqliteStatements {
  readonly seqGet: Database.Statement<[], number>;
  readonly seqSet: Database.Statement<[number]>;
  readonly stockUpsert: Database.Statement;
  readonly stockVersion: Database.Statement<[string, string], number>;
  readonly stockOfSku: Database.Statement<[string], StockRow>;
  readonly capacityOf: Database.Statement<[string], CapacityRow>;
  readonly overridesOf: Database.Statement<[string, number, number], OverrideRow>;
  readonly loadsOf: Database.Statement<[string, number, number], LoadRow>;
  readonly pickupsOf: Database.Statement<[string, number, number], PickupLoadRow>;
  readonly reserveStock: Database.Statement<
    [
      quantity: number,
      seq: number,
      sku: string,
      warehouseId: string,
      allowance: number,
      quantity: number,
    ]
  >;
  readonly ensureLoad: Database.Statement<[warehouseId: string, day: number, seq: number]>;
  readonly claimLoad: Database.Statement<
    [
      count: number,
      seq: number,
      warehouseId: string,
      day: number,
      limit: number,
      count: number,
      limit: number,
    ]
  >;
  readonly ensurePickup: Database.Statement<
    [serviceId: string, warehouseId: string, day: number, seq: number]
  >;
  readonly claimPickup: Database.Statement<
    [
      count: number,
      seq: number,
      serviceId: string,
      warehouseId: string,
      day: number,
      limit: number,
      count: number,
      limit: number,
    ]
  >;
  readonly insertPickupReservation: Database.Statement<
    [promiseId: string, serviceId: string, warehouseId: string, day: number]
  >;
  readonly pickupReservationsOf: Database.Statement<[string], PickupReservationRow>;
  readonly releasePickups: Database.Statement;
  readonly insertPromise: Database.Statement<
    [id: string, key: string, requestHash: string, payload: string, createdAtMs: number]
  >;
  readonly insertPromiseLeg: Database.Statement<
    [
      promiseId: string,
      warehouseId: string,
      serviceId: string,
      shipDay: number,
      earliestDay: number,
      latestDay: number,
      countryCode: string,
      postalCode: string,
      province: string,
      promiseEarliestDay: number,
      promiseLatestDay: number,
    ]
  >;
  readonly insertStockReservation: Database.Statement<
    [promiseId: string, sku: string, warehouseId: string, quantity: number]
  >;
  readonly insertCapacityReservation: Database.Statement<
    [promiseId: string, warehouseId: string, day: number, bookedAtMs: number]
  >;
  readonly promiseByKey: Database.Statement<[string], PromiseRow>;
  readonly promiseById: Database.Statement<[string], PromiseRow>;
  readonly stockReservationsOf: Database.Statement<[string], StockReservationRow>;
  readonly capacityReservationsOf: Database.Statement<[string], CapacityReservationRow>;
  readonly markCancelled: Database.Statement;
  readonly releaseStock: Database.Statement;
  readonly releaseLoad: Database.Statement;
  readonly markFulfilled: Database.Statement;
  readonly shippedRows: Database.Statement<[string], ShippedRow>;
  readonly shipStock: Database.Statement;
  readonly shipDue: Database.Statement;
  readonly shipOn: Database.Statement;
  readonly upsertDaily: Database.Statement;
  readonly upsertOverride: Database.Statement;
  readonly upsertExternal: Database.Statement;
  readonly dataVersionGet: Database.Statement<[], number>;
  /** Of a JSON array of event ids, those stored already. */
  readonly knownEvents: Database.Statement<[string], string>;
  /** Of a JSON array of promise ids, [id, status, created_at_ms, payload] of those that exist. */
  readonly promiseFactsOf: Database.Statement<[string], unknown[]>;
  /** The events of a JSON array of promise ids, as arrays in SHIPMENT_EVENT_COLUMNS order. */
  readonly eventsOfPromises: Database.Statement<[string], unknown[]>;
  readonly insertEvent: Database.Statement;
  readonly upsertShipment: Database.Statement;
  readonly countShipmentOutcomes: Database.Statement<
    [{ promises: string; split: string; groups: string }],
    unknown[]
  >;
  readonly deleteEmptiedOutcomes: Database.Statement<[string]>;
  readonly shipmentsOf: Database.Statement<[string], ShipmentRow>;
  readonly markDelivered: Database.Statement<[atMs: number, id: string]>;
  readonly markUndelivered: Database.Statement<[id: string]>;
  readonly insertImported: Database.Statement;
  readonly lastImportedId: Database.Statement<[], number>;
  readonly rollUpImported: Database.Statement<[number]>;
  readonly addImportedCounts: Database.Statement<[string]>;
}

export function prepareSqliteStatements(db: Database.Database): SqliteStatements {
  return {
    seqGet: db.prepare<[], number>("select seq from change_counter where id = 1").pluck(),
    seqSet: db.prepare<[number]>("update change_counter set seq = ? where id = 1"),
    stockUpsert: db.prepare(
      `insert into stock (${STOCK_COLUMNS}) values (?, ?, ?, ?, 0, ?, ?, ?)
     on conflict (sku, warehouse_id) do update set
       on_hand = excluded.on_hand, safety_stock = excluded.safety_stock,
       inbound = excluded.inbound, version = excluded.version, change_seq = excluded.change_seq
     where excluded.version > stock.version`,
    ),
    stockVersion: db
      .prepare<[string, string], number>(
        "select version from stock where sku = ? and warehouse_id = ?",
      )
      .pluck(),
    stockOfSku: db.prepare(
      `select ${STOCK_COLUMNS} from stock where sku = ? order by warehouse_id`,
    ),
    capacityOf: db.prepare(
      "select warehouse_id, daily, change_seq from warehouse_capacity where warehouse_id = ?",
    ),
    overridesOf: db.prepare(
      `select warehouse_id, day, value, change_seq from capacity_override
     where warehouse_id = ? and day between ? and ? order by day`,
    ),
    loadsOf: db.prepare(
      `select warehouse_id, day, external, promised, shipped, shipped_on, change_seq
     from warehouse_load where warehouse_id = ? and day between ? and ? order by day`,
    ),
    pickupsOf: db.prepare(
      `select service_id, warehouse_id, day, promised, change_seq from pickup_load
     where warehouse_id = ? and day between ? and ? order by service_id, day`,
    ),
    ensurePickup: db.prepare(
      `insert into pickup_load (service_id, warehouse_id, day, promised, change_seq)
     values (?, ?, ?, 0, ?) on conflict (service_id, warehouse_id, day) do nothing`,
    ),
    claimPickup: db.prepare(
      `update pickup_load set promised = promised + ?, change_seq = ?
     where service_id = ? and warehouse_id = ? and day = ? and (? < 0 or promised + ? <= ?)`,
    ),
    insertPickupReservation: db.prepare(
      `insert into pickup_reservation (promise_id, service_id, warehouse_id, day)
     values (?, ?, ?, ?)`,
    ),
    pickupReservationsOf: db.prepare(
      `select service_id, warehouse_id, day from pickup_reservation where promise_id = ?
     order by service_id, warehouse_id, day`,
    ),
    releasePickups: db.prepare(
      `update pickup_load as l set promised = l.promised - 1, change_seq = ?
     from pickup_reservation as r
     where r.promise_id = ? and l.service_id = r.service_id and l.warehouse_id = r.warehouse_id
       and l.day = r.day`,
    ),
    // The second-to-last parameter is the claim's inbound allowance (0 = only stock on hand).
    reserveStock: db.prepare(
      `update stock set reserved = reserved + ?, change_seq = ?
     where sku = ? and warehouse_id = ? and on_hand + ? - reserved - safety_stock >= ?`,
    ),
    ensureLoad: db.prepare(
      `insert into warehouse_load (warehouse_id, day, external, promised, change_seq)
     values (?, ?, 0, 0, ?) on conflict (warehouse_id, day) do nothing`,
    ),
    claimLoad: db.prepare(
      `update warehouse_load set promised = promised + ?, change_seq = ?
     where warehouse_id = ? and day = ? and (? < 0 or external + promised + ? <= ?)`,
    ),
    insertPromise: db.prepare(
      `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
     values (?, ?, ?, 'confirmed', ?, ?)`,
    ),
    insertPromiseLeg: db.prepare(
      `insert or ignore into promise_leg (promise_id, warehouse_id, service_id, ship_day,
       earliest_day, latest_day, country_code, postal_code, province, promise_earliest_day,
       promise_latest_day) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertStockReservation: db.prepare(
      "insert into stock_reservation (promise_id, sku, warehouse_id, quantity) values (?, ?, ?, ?)",
    ),
    insertCapacityReservation: db.prepare(
      `insert into capacity_reservation (promise_id, warehouse_id, day, booked_at_ms)
     values (?, ?, ?, ?)`,
    ),
    promiseByKey: db.prepare("select * from promise where idempotency_key = ?"),
    promiseById: db.prepare("select * from promise where id = ?"),
    stockReservationsOf: db.prepare(
      `select sku, warehouse_id, quantity from stock_reservation where promise_id = ?
     order by sku, warehouse_id`,
    ),
    capacityReservationsOf: db.prepare(
      `select warehouse_id, day from capacity_reservation where promise_id = ?
     order by warehouse_id, day`,
    ),
    markCancelled: db.prepare(
      `update promise set status = 'cancelled', cancelled_at_ms = ?
     where id = ? and status = 'confirmed'`,
    ),
    releaseStock: db.prepare(
      `update stock as s set reserved = s.reserved - r.quantity, change_seq = ?
     from stock_reservation as r
     where r.promise_id = ? and s.sku = r.sku and s.warehouse_id = r.warehouse_id`,
    ),
    releaseLoad: db.prepare(
      `update warehouse_load as l set promised = l.promised - 1, change_seq = ?
     from capacity_reservation as r
     where r.promise_id = ? and l.warehouse_id = r.warehouse_id and l.day = r.day`,
    ),
    markFulfilled: db.prepare(
      `update promise set status = 'fulfilled', fulfilled_at_ms = ?
     where id = ? and status = 'confirmed'`,
    ),
    shippedRows: db.prepare(
      `select s.sku, s.warehouse_id, s.on_hand, s.inbound, r.quantity
     from stock_reservation as r
     join stock as s on s.sku = r.sku and s.warehouse_id = r.warehouse_id
     where r.promise_id = ?`,
    ),
    // `version` is kept so the feed's next count still overwrites on hand.
    shipStock: db.prepare(
      `update stock set reserved = reserved - ?, on_hand = ?, inbound = ?, change_seq = ?
     where sku = ? and warehouse_id = ?`,
    ),
    shipDue: db.prepare(
      `update warehouse_load as l set shipped = l.shipped + 1, change_seq = ?
     from capacity_reservation as r
     where r.promise_id = ? and l.warehouse_id = r.warehouse_id and l.day = r.day`,
    ),
    shipOn: db.prepare(
      `insert into warehouse_load (warehouse_id, day, external, promised, shipped, shipped_on,
       change_seq) values (?, ?, 0, 0, 0, 1, ?)
     on conflict (warehouse_id, day) do update set
       shipped_on = warehouse_load.shipped_on + 1, change_seq = excluded.change_seq`,
    ),
    upsertDaily: db.prepare(
      `insert into warehouse_capacity (warehouse_id, daily, change_seq) values (?, ?, ?)
     on conflict (warehouse_id) do update set
       daily = excluded.daily, change_seq = excluded.change_seq`,
    ),
    upsertOverride: db.prepare(
      `insert into capacity_override (warehouse_id, day, value, change_seq) values (?, ?, ?, ?)
     on conflict (warehouse_id, day) do update set
       value = excluded.value, change_seq = excluded.change_seq`,
    ),
    upsertExternal: db.prepare(
      `insert into warehouse_load (warehouse_id, day, external, promised, change_seq)
     values (?, ?, ?, 0, ?)
     on conflict (warehouse_id, day) do update set
       external = excluded.external, change_seq = excluded.change_seq`,
    ),
    dataVersionGet: db.prepare<[], number>("pragma data_version").pluck(),
    // One statement per batch for each read of RecordShipmentEvents (not one per event).
    knownEvents: db
      .prepare<[string], string>(
        "select event_id from shipment_event where event_id in (select value from json_each(?))",
      )
      .pluck(),
    promiseFactsOf: db
      .prepare<[string], unknown[]>(
        `select id, status, created_at_ms, payload from promise
     where id in (select value from json_each(?))`,
      )
      .raw(),
    eventsOfPromises: db
      .prepare<[string], unknown[]>(
        `select event_id, promise_id, warehouse_id, kind, occurred_at_ms, day, service_id,
       tracking_number
     from shipment_event where promise_id in (select value from json_each(?))`,
      )
      .raw(),
    insertEvent: db.prepare(
      `insert into shipment_event (event_id, promise_id, warehouse_id, kind, occurred_at_ms, day,
       service_id, tracking_number) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertShipment: db.prepare(
      `insert or replace into shipment (${SHIPMENT_COLUMNS})
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // Migration 0015's counts: one statement per batch (and one more when a group empties).
    countShipmentOutcomes: db
      .prepare<[{ promises: string; split: string; groups: string }], unknown[]>(
        SHIPMENT_OUTCOME_DELTA_SQLITE,
      )
      .raw(),
    deleteEmptiedOutcomes: db.prepare<[string]>(EMPTIED_SHIPMENT_OUTCOMES_SQLITE),
    shipmentsOf: db.prepare(
      `select ${SHIPMENT_COLUMNS} from shipment where promise_id = ? order by warehouse_id`,
    ),
    // One statement per promise: with a json_each list of ids SQLite plans these from the
    // status index (every delivered promise), not the primary key.
    markDelivered: db.prepare<[number, string]>(
      `update promise set status = 'delivered', delivered_at_ms = ?
     where id = ? and status = 'fulfilled'`,
    ),
    markUndelivered: db.prepare<[string]>(
      `update promise set status = 'fulfilled', delivered_at_ms = null
     where id = ? and status = 'delivered'`,
    ),
    insertImported: db.prepare(
      `insert into imported_delivery (warehouse_id, service_id, country_code, postal_code,
       ship_day, delivered_day, promised_latest_day, import_key)
     select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
       value ->> 6, value ->> 7
     from json_each(?) order by value ->> 7
     on conflict (import_key) do nothing`,
    ),
    lastImportedId: db
      .prepare<[], number>("select coalesce(max(id), 0) from imported_delivery")
      .pluck(),
    // The rows this transaction stored (ids after the last one before it: one writer at a time).
    rollUpImported: db.prepare<[number]>(importedOutcomeUpsert("imported_delivery where id > ?")),
    // Counts already made (a JSON array of [ship day, warehouse, service, country, postal code,
    // delivered day, promised latest day, n]).
    addImportedCounts: db.prepare<[string]>(
      `insert into imported_outcome (ship_day, warehouse_id, service_id, country_code,
         postal_code, delivered_day, promised_latest_day, n)
       select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
         value ->> 6, value ->> 7
       from json_each(?) where true
       on conflict (ship_day, warehouse_id, service_id, country_code, postal_code, delivered_day,
         promised_latest_day) do update set n = imported_outcome.n + excluded.n`,
    ),
  };
}
