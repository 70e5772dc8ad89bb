import { type RawBuilder, sql } from "kysely";
import { type Day, dayNumber } from "../engine/day.js";
import { NO_PROMISED_DAY } from "./outcome-rollup-migration.js";
import type { ImportedOutcomeGroup, UntrackedShipment } from "./store.js";

/** [promise id, warehouse id, promised ship day, service id, country code, postal code] */
export type UntrackedTuple = [string, string, number, string | null, string | null, string | null];

/**
 * Shipments of promises that are not cancelled and have no `shipment` row (no tracking event
 * yet), by the capacity reservation each shipment of a confirmed promise takes on its promised
 * ship day (warehouse-local); the service and destination come from the promise's payload.
 * Paged by (promise id, warehouse id), one JSON text per page. Parameters: from day, to day,
 * after promise id, after warehouse id, page size.
 */
export const UNTRACKED_SHIPMENTS_SQLITE = `
  select json_group_array(json_array(promise_id, warehouse_id, day, service_id, country_code,
    postal_code))
  from (
    select r.promise_id, r.warehouse_id, r.day,
      (select j.value ->> 'serviceId' from json_each(p.payload, '$.shipments') as j
        where j.value ->> 'warehouseId' = r.warehouse_id limit 1) as service_id,
      p.payload ->> '$.destination.countryCode' as country_code,
      p.payload ->> '$.destination.postalCode' as postal_code
    from capacity_reservation as r
    join promise as p on p.id = r.promise_id
    where r.day between ? and ? and p.status <> 'cancelled'
      and (r.promise_id, r.warehouse_id) > (?, ?)
      and not exists (select 1 from shipment as s
        where s.promise_id = r.promise_id and s.warehouse_id = r.warehouse_id)
    order by r.promise_id, r.warehouse_id
    limit ?)`;

/** The same page on PostgreSQL. */
export function untrackedShipmentsPostgres(
  fromDay: Day,
  toDay: Day,
  after: readonly [string, string],
  batchSize: number,
): RawBuilder<{ page: UntrackedTuple[] }> {
  return sql<{ page: UntrackedTuple[] }>`
    select coalesce(json_agg(json_build_array(promise_id, warehouse_id, day, service_id,
      country_code, postal_code) order by promise_id, warehouse_id), '[]'::json) as page
    from (
      select r.promise_id, r.warehouse_id, r.day,
        (select j ->> 'serviceId' from json_array_elements(p.payload::json -> 'shipments') as j
          where j ->> 'warehouseId' = r.warehouse_id limit 1) as service_id,
        p.payload::json -> 'destination' ->> 'countryCode' as country_code,
        p.payload::json -> 'destination' ->> 'postalCode' as postal_code
      from capacity_reservation as r
      join promise as p on p.id = r.promise_id
      where r.day between ${fromDay} and ${toDay} and p.status <> 'cancelled'
        and (r.promise_id, r.warehouse_id) > (${after[0]}, ${after[1]})
        and not exists (select 1 from shipment as s
          where s.promise_id = r.promise_id and s.warehouse_id = r.warehouse_id)
      order by r.promise_id, r.warehouse_id
      limit ${batchSize}) u`;
}

export function tupleToUntrackedShipment(t: UntrackedTuple): UntrackedShipment {
  return {
    promiseId: t[0],
    warehouseId: t[1],
    shipDay: dayNumber(Number(t[2])),
    serviceId: t[3] ?? "",
    countryCode: t[4] ?? "",
    postalCode: t[5] ?? "",
  };
}

/** [warehouse, service, country, postal code, delivered day, promised latest day, count] */
export type ImportedOutcomeTuple = [string, string, string, string, number, number | null, number];

/**
 * One ship day's imported rows in groups of identical rows: the counts importDeliveries keeps in
 * `imported_outcome` (migration 0014), in its key order. Parameter: the ship day.
 */
export const IMPORTED_OUTCOMES_SQLITE = `
  select json_group_array(json_array(warehouse_id, service_id, country_code, postal_code,
    delivered_day, nullif(promised_latest_day, ${NO_PROMISED_DAY}), n))
  from imported_outcome where ship_day = ?`;

/** The same on PostgreSQL. */
export function importedOutcomesPostgres(
  shipDay: Day,
): RawBuilder<{ page: ImportedOutcomeTuple[] }> {
  return sql<{ page: ImportedOutcomeTuple[] }>`
    select coalesce(json_agg(json_build_array(warehouse_id, service_id, country_code,
      postal_code, delivered_day, nullif(promised_latest_day, ${sql.lit(NO_PROMISED_DAY)}), n)
      order by warehouse_id, service_id, country_code, postal_code, delivered_day,
        promised_latest_day), '[]'::json) as page
    from imported_outcome where ship_day = ${shipDay}`;
}

export function tupleToImportedOutcome(
  shipDay: Day,
  t: ImportedOutcomeTuple,
): ImportedOutcomeGroup {
  return {
    warehouseId: t[0],
    serviceId: t[1],
    countryCode: t[2],
    postalCode: t[3],
    shipDay,
    deliveredDay: dayNumber(Number(t[4])),
    promisedLatestDay: t[5] === null ? null : dayNumber(Number(t[5])),
    count: Number(t[6]),
  };
}
