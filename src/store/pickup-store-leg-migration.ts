import { type Kysely, type Migration, sql } from "kysely";
import type { StoreEngine } from "./store.js";

/**
 * Migration 0022: every stored pick-up gets a `promise_leg` row at its store on its ready day,
 * as a confirm now writes one (promiseLegs): service `pickup`, ship day and window the payload's
 * `pickup.readyDate`, the destination and the promise's window from the payload. Only a pick-up
 * whose lines all came by transfer lacked one (a shipment from the store's own stock already has
 * that row, which the insert leaves alone), so the store's pick-up capacity on the ready day is
 * ranked over every pick-up holding it (docs/omnichannel.md, "Risk of a pick-up").
 *
 * The rows are those promiseLegs gives: a payload that is a JSON object with a non-empty
 * `shipments` array, `deliveryEarliest` and `deliveryLatest` valid ISO dates, `pickup.storeId`
 * a string and `pickup.readyDate` a valid ISO date. Payloads without `"pickup":` are skipped
 * before any JSON is parsed. No schema change.
 */
export function pickupStoreLegMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (engine === "sqlite") {
        // As parseIsoDay: date(x) = x is a valid date written as one (date('2026-02-30') is
        // '2026-03-02'), and years before 0100 are refused.
        const isoDate = (path: string) =>
          sql.raw(`(date(json_extract(payload, '${path}')) = json_extract(payload, '${path}')
            and json_extract(payload, '${path}') >= '0100')`);
        await sql`insert or ignore into promise_leg (promise_id, warehouse_id, service_id,
            ship_day, earliest_day, latest_day, country_code, postal_code, province,
            promise_earliest_day, promise_latest_day)
          select id, store, 'pickup', ready, ready, ready, country, postal, province, earliest,
            latest
          from (
            select id, json_extract(payload, '$.pickup.storeId') as store,
              cast(julianday(json_extract(payload, '$.pickup.readyDate')) - 2440587.5 as integer)
                as ready,
              coalesce(json_extract(payload, '$.destination.countryCode'), '') as country,
              coalesce(json_extract(payload, '$.destination.postalCode'), '') as postal,
              coalesce(json_extract(payload, '$.destination.province'), '') as province,
              cast(julianday(json_extract(payload, '$.deliveryEarliest')) - 2440587.5 as integer)
                as earliest,
              cast(julianday(json_extract(payload, '$.deliveryLatest')) - 2440587.5 as integer)
                as latest
            from promise
            where instr(payload, '"pickup":') > 0 and json_valid(payload)
              and json_type(payload, '$.pickup.storeId') = 'text'
              and json_type(payload, '$.shipments') = 'array'
              and json_array_length(payload, '$.shipments') > 0
              and ${isoDate("$.pickup.readyDate")}
              and ${isoDate("$.deliveryEarliest")}
              and ${isoDate("$.deliveryLatest")}
          )`.execute(db);
        return;
      }
      const day = (text: string) => sql.raw(`((${text})::date - date '1970-01-01')`);
      // As parseIsoDay: YYYY-MM-DD from year 0100, a day the month has (checked before any
      // cast, so no payload can make the migration fail).
      const isoDate = (text: string) =>
        sql.raw(`case when coalesce(${text}, '') ~ '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$'
          and substr(${text}, 1, 4) >= '0100'
          then substr(${text}, 9, 2)::integer <= extract(day from
            (substr(${text}, 1, 8) || '01')::date + interval '1 month' - interval '1 day')
          else false end`);
      await sql`insert into promise_leg (promise_id, warehouse_id, service_id, ship_day,
          earliest_day, latest_day, country_code, postal_code, province, promise_earliest_day,
          promise_latest_day)
        select id, j->'pickup'->>'storeId', 'pickup', ${day("j->'pickup'->>'readyDate'")},
          ${day("j->'pickup'->>'readyDate'")}, ${day("j->'pickup'->>'readyDate'")},
          coalesce(j->'destination'->>'countryCode', ''),
          coalesce(j->'destination'->>'postalCode', ''),
          coalesce(j->'destination'->>'province', ''),
          ${day("j->>'deliveryEarliest'")}, ${day("j->>'deliveryLatest'")}
        from (
          -- offset 0: parsed once per promise (a flattened subquery would parse the payload
          -- again for every reference to j, 16 per row).
          select id, case when payload ~ '^\\s*\\{' then payload::jsonb else '{}'::jsonb end as j
          from promise where strpos(payload, '"pickup":') > 0 offset 0
        ) as p
        where jsonb_typeof(j->'pickup'->'storeId') = 'string'
          and case when jsonb_typeof(j->'shipments') = 'array'
            then jsonb_array_length(j->'shipments') else 0 end > 0
          and ${isoDate("j->'pickup'->>'readyDate'")}
          and ${isoDate("j->>'deliveryEarliest'")}
          and ${isoDate("j->>'deliveryLatest'")}
        on conflict do nothing`.execute(db);
    },
  };
}
