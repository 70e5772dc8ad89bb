import { type Kysely, type Migration, sql } from "kysely";
import type { StoreEngine } from "./store.js";

/**
 * `imported_outcome.promised_latest_day` when the imported rows had no promised date: a key
 * column cannot be null. No parsed date is this far back (years 0000-9999 are days -719,528
 * to 2,932,896).
 */
export const NO_PROMISED_DAY = -1_000_000;

/**
 * Migration 0014: accuracy counted set-based (issue 12's GetAccuracy over millions of outcomes).
 *
 * - `imported_outcome`: imported history counted per group of identical rows (ship day, lane,
 *   postal code, delivered day, promised latest day), kept by importDeliveries in the import's
 *   own transaction from the rows it stored, and back-filled from the rows stored already.
 *   Accuracy reads these counts; it no longer needs the 7-column covering index on
 *   `imported_delivery` (migration 0009), which is dropped, nor the delivered-day index, which
 *   no query used (learning pages along the id): each imported row now writes the table, the
 *   import key's index and a few hundred bytes less.
 * - `shipment.promise_shipments`: how many shipments the promise has, written with every
 *   shipment row (back-filled from `promise_leg`). Shipments of one-shipment promises can be
 *   counted in groups, as a promise is then counted once whatever the grouping.
 */
export function outcomeRollupMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`
        create table imported_outcome (
          ship_day integer not null,
          warehouse_id text not null,
          service_id text not null,
          country_code text not null,
          postal_code text not null,
          delivered_day integer not null,
          promised_latest_day integer not null,
          n bigint not null,
          primary key (ship_day, warehouse_id, service_id, country_code, postal_code,
            delivered_day, promised_latest_day)
        ) ${sql.raw(engine === "sqlite" ? "without rowid" : "")}`.execute(db);
      await sql`
        insert into imported_outcome
        select ship_day, warehouse_id, service_id, country_code, postal_code, delivered_day,
          coalesce(promised_latest_day, ${sql.lit(NO_PROMISED_DAY)}), count(*)
        from imported_delivery
        group by ship_day, warehouse_id, service_id, country_code, postal_code, delivered_day,
          coalesce(promised_latest_day, ${sql.lit(NO_PROMISED_DAY)})`.execute(db);
      await sql`drop index imported_delivery_outcome`.execute(db);
      await sql`drop index imported_delivery_delivered_day`.execute(db);

      await sql`alter table shipment add column promise_shipments integer not null default 1`.execute(
        db,
      );
      await sql`
        update shipment set promise_shipments = (select count(*) from promise_leg as l
          where l.promise_id = shipment.promise_id)
        where (select count(*) from promise_leg as l where l.promise_id = shipment.promise_id) > 1`.execute(
        db,
      );
    },
  };
}

/**
 * The imported_outcome upsert of the rows `source` names (columns ship_day, warehouse_id,
 * service_id, country_code, postal_code, delivered_day, promised_latest_day), the same on both
 * engines; groups are added in key order (PostgreSQL: two imports lock shared rows in one order).
 */
export function importedOutcomeUpsert(source: string): string {
  return `
    insert into imported_outcome (ship_day, warehouse_id, service_id, country_code, postal_code,
      delivered_day, promised_latest_day, n)
    select ship_day, warehouse_id, service_id, country_code, postal_code, delivered_day,
      coalesce(promised_latest_day, ${NO_PROMISED_DAY}) as latest, count(*)
    from ${source}
    group by ship_day, warehouse_id, service_id, country_code, postal_code, delivered_day, latest
    order by ship_day, warehouse_id, service_id, country_code, postal_code, delivered_day, latest
    on conflict (ship_day, warehouse_id, service_id, country_code, postal_code, delivered_day,
      promised_latest_day) do update set n = imported_outcome.n + excluded.n`;
}
