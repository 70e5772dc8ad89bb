import { type RawBuilder, sql } from "kysely";
import { type Day, dayNumber, dayNumberOrNull } from "../engine/day.js";
import { NO_DELIVERED_DAY, NO_PROBABILITY } from "./shipment-outcome-rollup.js";
import type { ShipmentOutcomeGroup } from "./store.js";

/**
 * [warehouse, service, country, postal code, delivered day, promised earliest day, promised
 * latest day, on-time probability, promise id (null: one-shipment promises), count]
 */
export type ShipmentOutcomeTuple = [
  string,
  string,
  string,
  string,
  number | null,
  number,
  number,
  number | null,
  string | null,
  number,
];

/**
 * One ship day's tracked shipments of promises in groups of identical outcomes: the counts
 * RecordShipmentEvents keeps in `shipment_outcome` (migration 0015), in its key order. Parameter:
 * the ship day.
 */
export const SHIPMENT_OUTCOMES_SQLITE = `
  select json_group_array(json_array(warehouse_id, service_id, country_code, postal_code,
    nullif(delivered_day, ${NO_DELIVERED_DAY}), promised_earliest_day, promised_latest_day,
    nullif(on_time_probability, ${NO_PROBABILITY}), nullif(promise_id, ''), n))
  from shipment_outcome where ship_day = ?`;

/** The same on PostgreSQL. */
export function shipmentOutcomesPostgres(
  shipDay: Day,
): RawBuilder<{ page: ShipmentOutcomeTuple[] }> {
  return sql<{ page: ShipmentOutcomeTuple[] }>`
    select coalesce(json_agg(json_build_array(warehouse_id, service_id, country_code,
      postal_code, nullif(delivered_day, ${sql.lit(NO_DELIVERED_DAY)}), promised_earliest_day,
      promised_latest_day, nullif(on_time_probability, ${sql.lit(NO_PROBABILITY)}),
      nullif(promise_id, ''), n)
      order by warehouse_id, service_id, country_code, postal_code, delivered_day,
        promised_earliest_day, promised_latest_day, on_time_probability, promise_id), '[]'::json)
      as page
    from shipment_outcome where ship_day = ${shipDay}`;
}

export function tupleToShipmentOutcome(
  shipDay: Day,
  t: ShipmentOutcomeTuple,
): ShipmentOutcomeGroup {
  return {
    warehouseId: t[0],
    serviceId: t[1],
    countryCode: t[2],
    postalCode: t[3],
    shipDay,
    deliveredDay: dayNumberOrNull(t[4] === null ? null : Number(t[4])),
    promisedEarliestDay: dayNumber(Number(t[5])),
    promisedLatestDay: dayNumber(Number(t[6])),
    onTimeProbability: t[7] === null ? null : Number(t[7]),
    promiseId: t[8],
    count: Number(t[9]),
  };
}
