import { type Kysely, type Migration, type RawBuilder, sql } from "kysely";
import { NO_PROMISED_DAY } from "./outcome-rollup-migration.js";
import type { ShipmentRecord, StoreEngine } from "./store.js";

/** `shipment_outcome.delivered_day` of shipments not delivered (a key column cannot be null). */
export const NO_DELIVERED_DAY = NO_PROMISED_DAY;
/** `shipment_outcome.on_time_probability` of shipments promised without one. */
export const NO_PROBABILITY = -1;

/** The key of `shipment_outcome`, in its order (ship day first: accuracy reads a day range). */
export const SHIPMENT_OUTCOME_KEY =
  "ship_day, warehouse_id, service_id, country_code, postal_code, delivered_day, " +
  "promised_earliest_day, promised_latest_day, on_time_probability, promise_id";

/**
 * The `shipment_outcome` key of each row of `s` (a relation with `shipment`'s columns): the day
 * it shipped (the SHIPPED event's day, else the promised ship day), lane, destination, delivered
 * day, the window and probability it was promised, and its promise id when the promise has
 * several shipments ('' otherwise: shipments of one-shipment promises are counted together, as a
 * promise of one shipment is counted once whatever the grouping). The one definition of the
 * rollup's grouping: the migration's backfill and every batch's delta both use it.
 */
export function shipmentOutcomeKeyOf(s: string): string {
  return `coalesce(${s}.ship_day, ${s}.promised_ship_day) as ship_day,
    ${s}.warehouse_id as warehouse_id, ${s}.service_id as service_id,
    ${s}.country_code as country_code, ${s}.postal_code as postal_code,
    coalesce(${s}.delivered_day, ${NO_DELIVERED_DAY}) as delivered_day,
    ${s}.promised_earliest_day as promised_earliest_day,
    ${s}.promised_latest_day as promised_latest_day,
    coalesce(${s}.on_time_probability, ${NO_PROBABILITY}) as on_time_probability,
    case when ${s}.promise_shipments = 1 then '' else ${s}.promise_id end as promise_id`;
}

/**
 * RecordShipmentEvents' one statement per batch that keeps `shipment_outcome` true (both
 * engines): each touched shipment's stored row (`before`, read before the batch writes it) leaves
 * its group and its new row (`after`; `afterCount` rows of it when the caller grouped them
 * already) joins its group. A shipment whose key did not change nets
 * to nothing and writes nothing (replays, a later scan that moves no date); groups are written in
 * key order. Returns every group it wrote with its count: the ones at 0 are deleted after
 * (`EMPTIED_SHIPMENT_OUTCOMES_*`), so a group a shipment left for good does not linger.
 */
export function shipmentOutcomeDelta(before: string, after: string, afterCount = "1"): string {
  return `
    insert into shipment_outcome (${SHIPMENT_OUTCOME_KEY}, n)
    select ${SHIPMENT_OUTCOME_KEY}, sum(d)
    from (
      select ${shipmentOutcomeKeyOf("o")}, -1 as d from ${before} as o
      union all
      select ${shipmentOutcomeKeyOf("a")}, ${afterCount} as d from ${after} as a) as delta
    group by ${SHIPMENT_OUTCOME_KEY}
    having sum(d) <> 0
    order by ${SHIPMENT_OUTCOME_KEY}
    on conflict (${SHIPMENT_OUTCOME_KEY}) do update set n = shipment_outcome.n + excluded.n
    returning ${SHIPMENT_OUTCOME_KEY}, n`;
}

/**
 * The shipments a batch writes, in groups of rows the rollup key cannot tell apart (every field
 * `shipmentOutcomeKeyOf` reads, the promise id only of promises with several shipments), each
 * as the fields `SHIPMENT_OUTCOME_DELTA_SQLITE` reads and the group's size: a batch of 1,000
 * parcels of one lane and day sends a few groups, not 1,000 rows for SQLite to take apart.
 */
export function shipmentOutcomeGroupsOf(shipments: readonly ShipmentRecord[]): unknown[][] {
  const groups = new Map<string, unknown[]>();
  for (const r of shipments) {
    const pid = r.promiseShipments === 1 ? null : r.promiseId;
    // Text fields by length and value (no separator to collide with), numbers as they print.
    const key = `${pid === null ? "" : `${pid.length}:${pid}`}|${r.warehouseId.length}:${r.warehouseId}${r.serviceId.length}:${r.serviceId}${r.countryCode.length}:${r.countryCode}${r.postalCode.length}:${r.postalCode}|${r.promisedShipDay}|${r.shipDay}|${r.deliveredDay}|${r.promisedEarliestDay}|${r.promisedLatestDay}|${r.onTimeProbability}|${r.promiseShipments}`;
    const group = groups.get(key);
    if (group !== undefined) {
      (group[12] as number)++;
      continue;
    }
    groups.set(key, [
      pid,
      r.warehouseId,
      r.serviceId,
      r.countryCode,
      r.postalCode,
      r.promisedShipDay,
      r.shipDay,
      r.deliveredDay,
      r.promisedEarliestDay,
      r.promisedLatestDay,
      r.onTimeProbability,
      r.promiseShipments,
      1,
    ]);
  }
  return [...groups.values()];
}

/**
 * `shipmentOutcomeDelta` on SQLite, run before the batch writes its shipment rows. Parameters
 * (JSON arrays): `promises`, the ids of the promises whose shipments the batch writes; `split`,
 * the [promise id, warehouse id] of those shipments whose promise has several (a one-shipment
 * promise's stored row is the one written; a flat list of ids is several times cheaper for
 * SQLite to read than pairs); their stored rows leave their groups. `groups`,
 * `shipmentOutcomeGroupsOf` the new rows, join theirs.
 */
export const SHIPMENT_OUTCOME_DELTA_SQLITE = shipmentOutcomeDelta(
  `(select * from shipment
    where promise_id in (select value from json_each(@promises))
      and (promise_shipments = 1 or (promise_id, warehouse_id) in (
        select value ->> 0, value ->> 1 from json_each(@split))))`,
  `(select value ->> 0 as promise_id, value ->> 1 as warehouse_id, value ->> 2 as service_id,
      value ->> 3 as country_code, value ->> 4 as postal_code, value ->> 5 as promised_ship_day,
      value ->> 6 as ship_day, value ->> 7 as delivered_day, value ->> 8 as promised_earliest_day,
      value ->> 9 as promised_latest_day, value ->> 10 as on_time_probability,
      value ->> 11 as promise_shipments, value ->> 12 as n
    from json_each(@groups))`,
  "a.n",
);

/** Deletes the groups of a JSON array of keys (as `shipmentOutcomeDelta` returns them) left at 0. */
export const EMPTIED_SHIPMENT_OUTCOMES_SQLITE = `
  delete from shipment_outcome
  where n = 0 and (${SHIPMENT_OUTCOME_KEY}) in (
    select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
      value ->> 6, value ->> 7, value ->> 8, value ->> 9
    from json_each(?))`;

/** The same on PostgreSQL, of the groups `shipmentOutcomeDelta` returned (objects by column). */
export function emptiedShipmentOutcomesPostgres(groups: readonly unknown[]): RawBuilder<unknown> {
  return sql`
    delete from shipment_outcome as o
    using json_populate_recordset(null::shipment_outcome, ${JSON.stringify(groups)}::json) as z
    where o.n = 0 and ${sql.raw(
      SHIPMENT_OUTCOME_KEY.split(", ")
        .map((c) => `o.${c} = z.${c}`)
        .join(" and "),
    )}`;
}

/**
 * Migration 0015: promises' tracked shipments counted per group of identical outcomes
 * (`shipment_outcome`), the rollup accuracy reads instead of grouping the `shipment` rows (issue
 * 12's GetAccuracy over 1,000,000 outcomes). RecordShipmentEvents keeps it in its own
 * transaction (`shipmentOutcomeDelta`); nothing else writes `shipment` rows. Back-filled here
 * from the rows stored already, grouped by the same key.
 */
export function shipmentOutcomeRollupMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`
        create table shipment_outcome (
          ship_day integer not null,
          warehouse_id text not null,
          service_id text not null,
          country_code text not null,
          postal_code text not null,
          delivered_day integer not null,
          promised_earliest_day integer not null,
          promised_latest_day integer not null,
          on_time_probability real not null,
          promise_id text not null,
          n bigint not null,
          primary key (${sql.raw(SHIPMENT_OUTCOME_KEY)})
        ) ${sql.raw(engine === "sqlite" ? "without rowid" : "")}`.execute(db);
      await sql.raw(SHIPMENT_OUTCOME_BACKFILL).execute(db);
    },
  };
}

/** Counts every stored shipment into `shipment_outcome` (an empty one): the migration's backfill. */
export const SHIPMENT_OUTCOME_BACKFILL = `
  insert into shipment_outcome (${SHIPMENT_OUTCOME_KEY}, n)
  select ${SHIPMENT_OUTCOME_KEY}, count(*)
  from (select ${shipmentOutcomeKeyOf("s")} from shipment as s) as k
  group by ${SHIPMENT_OUTCOME_KEY}`;
