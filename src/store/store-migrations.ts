import {
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from "kysely";
import { outcomeRollupMigration } from "./outcome-rollup-migration.js";
import { pickupStoreLegMigration } from "./pickup-store-leg-migration.js";
import { promiseConfirmedEventsMigration } from "./promise-confirmed-events-migration.js";
import { promiseEventRiskTextMigration } from "./promise-event-risk-text-migration.js";
import { promiseLegMigration } from "./promise-leg-migration.js";
import { promiseRiskEventWriteMigration } from "./promise-risk-event-write-migration.js";
import { promiseRiskEventsPerStatementMigration } from "./promise-risk-events-per-statement-migration.js";
import { promiseRiskOutboxMigration } from "./promise-risk-outbox-migration.js";
import { promiseRiskReadIndexMigration } from "./promise-risk-read-index-migration.js";
import { promiseRiskStatusIndexMigration } from "./promise-risk-status-index-migration.js";
import { promiseRiskTableMigration } from "./promise-risk-table-migration.js";
import { shipmentOutcomeRollupMigration } from "./shipment-outcome-rollup.js";
import type { StoreEngine } from "./store.js";

/**
 * The versioned schema, in code. Append new migrations (never edit an applied one); names sort in
 * the order they apply.
 */
export function storeMigrations(engine: StoreEngine): Record<string, Migration> {
  // SQLite: tables keyed by text are clustered on their key (no hidden rowid).
  const clustered = <T extends string, C extends string>(t: CreateTableBuilder<T, C>) =>
    engine === "sqlite" ? t.modifyEnd(sql`without rowid`) : t;

  return {
    "0001_initial": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("change_counter")
          .addColumn("id", "integer", (c) => c.primaryKey())
          .addColumn("seq", "bigint", (c) => c.notNull())
          .execute();
        await sql`insert into change_counter (id, seq) values (1, 0)`.execute(db);

        await clustered(
          db.schema
            .createTable("stock")
            .addColumn("sku", "text", (c) => c.notNull())
            .addColumn("warehouse_id", "text", (c) => c.notNull())
            .addColumn("on_hand", "integer", (c) => c.notNull())
            .addColumn("safety_stock", "integer", (c) => c.notNull())
            .addColumn("reserved", "integer", (c) => c.notNull().defaultTo(0))
            .addColumn("inbound", "text", (c) => c.notNull().defaultTo("[]"))
            .addColumn("version", "bigint", (c) => c.notNull())
            .addColumn("change_seq", "bigint", (c) => c.notNull())
            .addPrimaryKeyConstraint("stock_pk", ["sku", "warehouse_id"]),
        ).execute();
        await db.schema
          .createIndex("stock_change_seq")
          .on("stock")
          .columns(["change_seq", "sku", "warehouse_id"])
          .execute();

        await clustered(
          db.schema
            .createTable("warehouse_capacity")
            .addColumn("warehouse_id", "text", (c) => c.primaryKey())
            .addColumn("daily", "integer")
            .addColumn("change_seq", "bigint", (c) => c.notNull()),
        ).execute();

        await clustered(
          db.schema
            .createTable("capacity_override")
            .addColumn("warehouse_id", "text", (c) => c.notNull())
            .addColumn("day", "integer", (c) => c.notNull())
            .addColumn("value", "integer")
            .addColumn("change_seq", "bigint", (c) => c.notNull())
            .addPrimaryKeyConstraint("capacity_override_pk", ["warehouse_id", "day"]),
        ).execute();
        await db.schema
          .createIndex("capacity_override_change_seq")
          .on("capacity_override")
          .column("change_seq")
          .execute();

        await clustered(
          db.schema
            .createTable("warehouse_load")
            .addColumn("warehouse_id", "text", (c) => c.notNull())
            .addColumn("day", "integer", (c) => c.notNull())
            .addColumn("external", "integer", (c) => c.notNull().defaultTo(0))
            .addColumn("promised", "integer", (c) => c.notNull().defaultTo(0))
            .addColumn("change_seq", "bigint", (c) => c.notNull())
            .addPrimaryKeyConstraint("warehouse_load_pk", ["warehouse_id", "day"]),
        ).execute();
        await db.schema
          .createIndex("warehouse_load_change_seq")
          .on("warehouse_load")
          .column("change_seq")
          .execute();

        await clustered(
          db.schema
            .createTable("promise")
            .addColumn("id", "text", (c) => c.primaryKey())
            .addColumn("idempotency_key", "text", (c) => c.notNull())
            .addColumn("request_hash", "text", (c) => c.notNull())
            .addColumn("status", "text", (c) => c.notNull())
            .addColumn("payload", "text", (c) => c.notNull())
            .addColumn("created_at_ms", "bigint", (c) => c.notNull())
            .addColumn("cancelled_at_ms", "bigint")
            .addUniqueConstraint("promise_idempotency_key", ["idempotency_key"]),
        ).execute();

        await clustered(
          db.schema
            .createTable("stock_reservation")
            .addColumn("promise_id", "text", (c) =>
              c.notNull().references("promise.id").onDelete("cascade"),
            )
            .addColumn("sku", "text", (c) => c.notNull())
            .addColumn("warehouse_id", "text", (c) => c.notNull())
            .addColumn("quantity", "integer", (c) => c.notNull())
            .addPrimaryKeyConstraint("stock_reservation_pk", ["promise_id", "sku", "warehouse_id"]),
        ).execute();

        await clustered(
          db.schema
            .createTable("capacity_reservation")
            .addColumn("promise_id", "text", (c) =>
              c.notNull().references("promise.id").onDelete("cascade"),
            )
            .addColumn("warehouse_id", "text", (c) => c.notNull())
            .addColumn("day", "integer", (c) => c.notNull())
            .addPrimaryKeyConstraint("capacity_reservation_pk", [
              "promise_id",
              "warehouse_id",
              "day",
            ]),
        ).execute();

        if (engine === "postgres") {
          // Aborts the statement that calls it (a confirm whose conditional update found no
          // room) with SQLSTATE PSR01, the reason as message and JSON details as detail.
          await sql`
            create function promise_store_reject(reason text, details text) returns integer
            language plpgsql volatile as $$
            begin
              raise exception using errcode = 'PSR01', message = reason, detail = coalesce(details, '');
            end
            $$`.execute(db);
        }
      },
    },
    // FulfilPromise: status `fulfilled` (no CHECK constraint on status to change) and its instant.
    "0002_promise_fulfilled": {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable("promise").addColumn("fulfilled_at_ms", "bigint").execute();
      },
    },
    // Carrier pickups per (service, warehouse, ship date) taken by promises, and what each
    // promise took (mirrors warehouse_load.promised and capacity_reservation).
    "0003_pickup_load": {
      async up(db: Kysely<unknown>) {
        await clustered(
          db.schema
            .createTable("pickup_load")
            .addColumn("service_id", "text", (c) => c.notNull())
            .addColumn("warehouse_id", "text", (c) => c.notNull())
            .addColumn("day", "integer", (c) => c.notNull())
            .addColumn("promised", "integer", (c) => c.notNull().defaultTo(0))
            .addColumn("change_seq", "bigint", (c) => c.notNull())
            .addPrimaryKeyConstraint("pickup_load_pk", ["service_id", "warehouse_id", "day"]),
        ).execute();
        await db.schema
          .createIndex("pickup_load_change_seq")
          .on("pickup_load")
          .column("change_seq")
          .execute();
        await db.schema
          .createIndex("pickup_load_warehouse_day")
          .on("pickup_load")
          .columns(["warehouse_id", "day"])
          .execute();

        await clustered(
          db.schema
            .createTable("pickup_reservation")
            .addColumn("promise_id", "text", (c) =>
              c.notNull().references("promise.id").onDelete("cascade"),
            )
            .addColumn("service_id", "text", (c) => c.notNull())
            .addColumn("warehouse_id", "text", (c) => c.notNull())
            .addColumn("day", "integer", (c) => c.notNull())
            .addPrimaryKeyConstraint("pickup_reservation_pk", [
              "promise_id",
              "service_id",
              "warehouse_id",
              "day",
            ]),
        ).execute();
      },
    },
    // The booking rate every view reads (loadCapacity's recentBookings): each capacity
    // reservation carries its promise's confirm instant, indexed by warehouse, day and instant,
    // so the latest bookings of a ship date are the last entries of one index range.
    "0004_capacity_reservation_booked_at": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable("capacity_reservation")
          .addColumn("booked_at_ms", "bigint")
          .execute();
        await sql`
          update capacity_reservation set booked_at_ms =
            (select p.created_at_ms from promise p where p.id = capacity_reservation.promise_id)`.execute(
          db,
        );
        await db.schema
          .createIndex("capacity_reservation_booked_at")
          .on("capacity_reservation")
          .columns(["warehouse_id", "day", "booked_at_ms"])
          .execute();
      },
    },
    // Backlog and real throughput: per (warehouse, day), how many promises due to ship that day
    // have shipped (at any time), and how many promises shipped on that warehouse-local day
    // (whatever their due day).
    "0005_load_shipped": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable("warehouse_load")
          .addColumn("shipped", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable("warehouse_load")
          .addColumn("shipped_on", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    // Outcomes (RecordShipmentEvents, ImportShipments): tracking events, each shipment's state
    // with the window it was promised, history without a promise, and the delivered status.
    "0006_shipment_outcomes": {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable("promise").addColumn("delivered_at_ms", "bigint").execute();

        await clustered(
          db.schema
            .createTable("shipment_event")
            .addColumn("event_id", "text", (c) => c.primaryKey())
            .addColumn("promise_id", "text", (c) =>
              c.notNull().references("promise.id").onDelete("cascade"),
            )
            .addColumn("warehouse_id", "text", (c) => c.notNull())
            .addColumn("kind", "text", (c) => c.notNull())
            .addColumn("occurred_at_ms", "bigint", (c) => c.notNull())
            .addColumn("day", "integer", (c) => c.notNull())
            .addColumn("service_id", "text")
            .addColumn("tracking_number", "text"),
        ).execute();
        await db.schema
          .createIndex("shipment_event_promise")
          .on("shipment_event")
          .columns(["promise_id", "warehouse_id"])
          .execute();

        await clustered(
          db.schema
            .createTable("shipment")
            .addColumn("promise_id", "text", (c) =>
              c.notNull().references("promise.id").onDelete("cascade"),
            )
            .addColumn("warehouse_id", "text", (c) => c.notNull())
            .addColumn("state", "text", (c) => c.notNull())
            .addColumn("state_at_ms", "bigint", (c) => c.notNull())
            .addColumn("service_id", "text", (c) => c.notNull())
            .addColumn("tracking_number", "text")
            .addColumn("country_code", "text", (c) => c.notNull())
            .addColumn("postal_code", "text", (c) => c.notNull())
            .addColumn("promised_ship_day", "integer", (c) => c.notNull())
            .addColumn("promised_earliest_day", "integer", (c) => c.notNull())
            .addColumn("promised_latest_day", "integer", (c) => c.notNull())
            .addColumn("on_time_probability", "real")
            .addColumn("shipped_at_ms", "bigint")
            .addColumn("ship_day", "integer")
            .addColumn("delivered_at_ms", "bigint")
            .addColumn("delivered_day", "integer")
            .addPrimaryKeyConstraint("shipment_pk", ["promise_id", "warehouse_id"]),
        ).execute();
        await db.schema
          .createIndex("shipment_delivered_day")
          .on("shipment")
          .column("delivered_day")
          .execute();

        await db.schema
          .createTable("imported_delivery")
          .addColumn("id", engine === "sqlite" ? "integer" : "bigserial", (c) => c.primaryKey())
          .addColumn("warehouse_id", "text", (c) => c.notNull())
          .addColumn("service_id", "text", (c) => c.notNull())
          .addColumn("country_code", "text", (c) => c.notNull())
          .addColumn("postal_code", "text", (c) => c.notNull())
          .addColumn("ship_day", "integer", (c) => c.notNull())
          .addColumn("delivered_day", "integer", (c) => c.notNull())
          .addColumn("promised_latest_day", "integer")
          .execute();
        await db.schema
          .createIndex("imported_delivery_delivered_day")
          .on("imported_delivery")
          .column("delivered_day")
          .execute();
      },
    },
    // Risk on each promise and the promise event outbox, written by triggers (issue 13).
    "0007_promise_risk_outbox": promiseRiskOutboxMigration(engine),
    // Imported history is idempotent: each row carries a stable key (ImportKeys) and a row whose
    // key is stored already is skipped. Rows imported before have none (NULLs never collide).
    // And an index for accuracy over imports.
    "0009_outcome_import_keys": {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable("imported_delivery").addColumn("import_key", "text").execute();
        await db.schema
          .createIndex("imported_delivery_import_key")
          .on("imported_delivery")
          .column("import_key")
          .unique()
          .execute();
        // Accuracy counts imported history by ship day in groups of identical rows
        // (loadImportedOutcomes): this index hands them over in group order, no sort.
        await db.schema
          .createIndex("imported_delivery_outcome")
          .on("imported_delivery")
          .columns([
            "ship_day",
            "warehouse_id",
            "service_id",
            "country_code",
            "postal_code",
            "delivered_day",
            "promised_latest_day",
          ])
          .execute();
      },
    },
    // The risk monitor's compact, indexed read of each promise's shipments, and the queue of
    // promises whose tracking or status changed (issue 13's targeted re-checks).
    "0011_promise_legs": promiseLegMigration(engine),
    // Each promise's risk in a narrow table of its own, written set-based; its events by trigger
    // on it (issue 13's scale goal: a reload that moves a million promises).
    "0012_promise_risk_table": promiseRiskTableMigration(engine),
    // A confirm writes its promises' legs itself (promiseLegs, in the group's write: one set of
    // rows per group instead of a trigger parsing each stored payload again; on SQLite that
    // trigger was ~30 us of a confirm's CPU). Confirms are the only code that inserts promises.
    "0013_promise_legs_written_by_confirm": {
      async up(db: Kysely<unknown>) {
        if (engine === "sqlite") {
          await sql`drop trigger if exists promise_leg_write`.execute(db);
          return;
        }
        await sql`drop trigger if exists promise_leg_write on promise`.execute(db);
        await sql`drop function if exists promise_leg_write()`.execute(db);
      },
    },
    // Accuracy counted set-based: imported history per group of identical rows, kept by the
    // import (its covering index dropped), and each shipment's promise's shipment count.
    "0014_outcome_rollup": outcomeRollupMigration(engine),
    // Promises' tracked shipments counted per group of identical outcomes, kept by
    // RecordShipmentEvents in its transaction (GetAccuracy no longer groups the shipment rows).
    "0015_shipment_outcome_rollup": shipmentOutcomeRollupMigration(engine),
    // ListPromises' risk filter finds the promises of a risk status from an index (issue 13).
    "0016_promise_risk_status_index": promiseRiskStatusIndexMigration(),
    // A risk pass reads each promise's status and confirm time from a covering index, not the
    // payload-sized row (issue 13's scale goal).
    "0017_promise_risk_read_index": promiseRiskReadIndexMigration(engine),
    // SQLite: a risk change's event is written set-based by the risk write, not by a row trigger
    // (issue 13's scale goal).
    "0018_promise_risk_event_write": promiseRiskEventWriteMigration(engine),
    // PostgreSQL: the CONFIRMED events of an insert written once per statement (one take of the
    // outbox counter for a confirm group), not by a row trigger per promise (issue 11).
    "0019_promise_confirmed_events_per_statement": promiseConfirmedEventsMigration(engine),
    // PostgreSQL: a risk write's events written once per statement on promise_risk (one take of
    // the outbox counter per statement), not by a row trigger per changed promise (issue 13).
    "0020_promise_risk_events_per_statement": promiseRiskEventsPerStatementMigration(engine),
    // SQLite: a bulk risk write stores its outcome's risk JSON once, its events reference it
    // (issue 13's scale goal: half the risk JSON a pass writes).
    "0021_promise_event_risk_text": promiseEventRiskTextMigration(engine),
    // Every pick-up has a promise_leg row at its store on its ready day (a transfer-only one had
    // none), written for the pick-ups stored before; confirms write it since (promiseLegs).
    "0022_pickup_store_legs": pickupStoreLegMigration(engine),
  };
}

/**
 * Applies the migrations not yet applied. On SQLite the caller wraps this in `BEGIN IMMEDIATE`
 * (so two processes opening one file do not race) and passes `inTransaction`. On PostgreSQL
 * pass the schema the tables live in as `migrationTableSchema` (Kysely otherwise finds the
 * migration table of any schema).
 */
export async function migrateStore(
  db: Kysely<unknown>,
  engine: StoreEngine,
  options: { inTransaction?: boolean; migrationTableSchema?: string } = {},
): Promise<string[]> {
  const migrations = storeMigrations(engine);
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({
    db,
    provider,
    disableTransactions: options.inTransaction === true,
    ...(options.migrationTableSchema === undefined
      ? {}
      : { migrationTableSchema: options.migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
