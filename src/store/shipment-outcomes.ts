import { type RawBuilder, sql } from "kysely";
import { type Day, dayNumber, dayNumberOrNull } from "../engine/day.js";
import type { ShipmentOutcomeGroup } from "./store.js";
import { storeClosedError } from "./store-error.js";

/**
 * [warehouse, service, country, postal code, ship day, delivered day, promised earliest day,
 * promised latest day, on-time probability, promise id (null: one-shipment promises), count]
 */
export type ShipmentOutcomeTuple = [
  string,
  string,
  string,
  string,
  number,
  number | null,
  number,
  number,
  number | null,
  string | null,
  number,
];

/**
 * One page of promises' tracked shipments counted in groups: how many shipments the page held
 * (fewer than asked: the last page), the key of its last shipment, and its groups.
 */
export type ShipmentOutcomePage = [
  number,
  [string, string] | null,
  ShipmentOutcomeTuple[] | string | null,
];

/**
 * One page of `shipment` rows shipped in a day range (the SHIPPED event's day, else the promised
 * ship day), in key order after a key, counted by the store in groups of identical outcomes.
 * Shipments of one-shipment promises are grouped together (promise id null); the others keep
 * their promise id, so accuracy counts each promise once. Parameters: from day, to day, after
 * promise id, after warehouse id, page size.
 */
export const SHIPMENT_OUTCOMES_SQLITE = `
  with page as materialized (
    select promise_id, warehouse_id, service_id, country_code, postal_code,
      coalesce(ship_day, promised_ship_day) as day, delivered_day, promised_earliest_day,
      promised_latest_day, on_time_probability,
      case when promise_shipments = 1 then null else promise_id end as pid
    from shipment
    where coalesce(ship_day, promised_ship_day) between ? and ?
      and (promise_id, warehouse_id) > (?, ?)
    order by promise_id, warehouse_id limit ?)
  select json_array(
    (select count(*) from page),
    (select json_array(promise_id, warehouse_id) from page
      order by promise_id desc, warehouse_id desc limit 1),
    (select json_group_array(json_array(warehouse_id, service_id, country_code, postal_code, day,
        delivered_day, promised_earliest_day, promised_latest_day, on_time_probability, pid, n))
      from (select warehouse_id, service_id, country_code, postal_code, day, delivered_day,
          promised_earliest_day, promised_latest_day, on_time_probability, pid, count(*) as n
        from page
        group by warehouse_id, service_id, country_code, postal_code, day, delivered_day,
          promised_earliest_day, promised_latest_day, on_time_probability, pid)))`;

/** The same page on PostgreSQL. */
export function shipmentOutcomesPostgres(
  fromDay: Day,
  toDay: Day,
  after: readonly [string, string],
  batchSize: number,
): RawBuilder<{ page: ShipmentOutcomePage }> {
  return sql<{ page: ShipmentOutcomePage }>`
    with page as materialized (
      select promise_id, warehouse_id, service_id, country_code, postal_code,
        coalesce(ship_day, promised_ship_day) as day, delivered_day, promised_earliest_day,
        promised_latest_day, on_time_probability,
        case when promise_shipments = 1 then null else promise_id end as pid
      from shipment
      where coalesce(ship_day, promised_ship_day) between ${fromDay} and ${toDay}
        and (promise_id, warehouse_id) > (${after[0]}, ${after[1]})
      order by promise_id, warehouse_id limit ${batchSize})
    select json_build_array(
      (select count(*) from page),
      (select json_build_array(promise_id, warehouse_id) from page
        order by promise_id desc, warehouse_id desc limit 1),
      (select coalesce(json_agg(json_build_array(warehouse_id, service_id, country_code,
          postal_code, day, delivered_day, promised_earliest_day, promised_latest_day,
          on_time_probability, pid, n)), '[]'::json)
        from (select warehouse_id, service_id, country_code, postal_code, day, delivered_day,
            promised_earliest_day, promised_latest_day, on_time_probability, pid,
            count(*) as n
          from page
          group by warehouse_id, service_id, country_code, postal_code, day, delivered_day,
            promised_earliest_day, promised_latest_day, on_time_probability, pid) g)) as page`;
}

export function tupleToShipmentOutcome(t: ShipmentOutcomeTuple): ShipmentOutcomeGroup {
  return {
    warehouseId: t[0],
    serviceId: t[1],
    countryCode: t[2],
    postalCode: t[3],
    shipDay: dayNumber(Number(t[4])),
    deliveredDay: dayNumberOrNull(t[5] === null ? null : Number(t[5])),
    promisedEarliestDay: dayNumber(Number(t[6])),
    promisedLatestDay: dayNumber(Number(t[7])),
    onTimeProbability: t[8] === null ? null : Number(t[8]),
    promiseId: t[9],
    count: Number(t[10]),
  };
}

/**
 * The pages of one read (a driver supplies the page query), each page's groups mapped. Stops
 * after a page of fewer shipments than `batchSize`. Throws the store's closed error when the
 * store closes between two pages.
 */
export async function* shipmentOutcomePages(
  page: (
    after: readonly [string, string],
    limit: number,
  ) => ShipmentOutcomePage | Promise<ShipmentOutcomePage>,
  batchSize: number,
  closed: () => boolean,
): AsyncGenerator<readonly ShipmentOutcomeGroup[]> {
  let after: readonly [string, string] = ["", ""];
  for (;;) {
    if (closed()) throw storeClosedError();
    const [count, last, groups] = await page(after, batchSize);
    // SQLite nests the groups' JSON as text.
    const tuples = (
      typeof groups === "string" ? JSON.parse(groups) : (groups ?? [])
    ) as ShipmentOutcomeTuple[];
    if (tuples.length > 0) yield tuples.map(tupleToShipmentOutcome);
    if (Number(count) < batchSize || last === null) return;
    after = typeof last === "string" ? (JSON.parse(last) as [string, string]) : last;
  }
}
