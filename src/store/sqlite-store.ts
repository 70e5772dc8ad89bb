import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { type CompiledQuery, Kysely, SqliteDialect } from "kysely";
import { type Day, utcDayOf } from "../engine/day.js";
import { DomainError } from "../engine/domain-error.js";
import { ChangeListeners } from "./change-listeners.js";
import {
  type PromiseFacts,
  planShipmentEvents,
  type ShipmentEventsPlan,
  type StoredShipmentEvent,
  shipmentKey,
} from "./plan-shipment-events.js";
import { shipUnits } from "./ship-units.js";
import { shipmentEventsResult } from "./shipment-events-result.js";
import type {
  BookedLoad,
  CapacityChanges,
  CapacityUpdate,
  ConfirmDecision,
  ConfirmOutcome,
  ConfirmRequest,
  ConfirmSnapshot,
  DeliveryRecord,
  ImportedDelivery,
  ImportedOutcomeGroup,
  LoadCapacityOptions,
  PromiseStatus,
  RecordShipmentEventsResult,
  ReservationReport,
  ShipmentEventInput,
  ShipmentRecord,
  ShipmentTerms,
  ShippedRecord,
  StockChanges,
  StockRecord,
  StockUpsert,
  Store,
  StoredPromise,
  UntrackedShipment,
  UpsertStockResult,
} from "./store.js";
import { REJECTED_CAPACITY, REJECTED_STOCK } from "./store.js";
import { promiseStatusError, storeClosedError, toStoreError } from "./store-error.js";
import {
  checkBookedLoad,
  checkCapacityUpdate,
  checkConfirmRequest,
  checkRecentBookings,
  type PreparedStockRow,
  prepareClaims,
  prepareStockUpserts,
} from "./store-input.js";
import type { StoreLogger } from "./store-logger.js";
import { migrateStore } from "./store-migrations.js";
import { bookingsOf, storeQueries as q } from "./store-queries.js";
import {
  type CapacityReservationRow,
  type CapacityRow,
  compareStockTuples,
  countOverReserved,
  type DeliveryTuple,
  decodeInbound,
  encodeInbound,
  type LoadRow,
  type OverrideRow,
  type PickupLoadRow,
  type PickupReservationRow,
  type PromiseRow,
  SHIPMENT_COLUMNS,
  type ShipmentEventRow,
  type ShipmentRow,
  type ShippedRow,
  type ShippedTuple,
  type StockReservationRow,
  type StockRow,
  type StockTuple,
  shipmentValues,
  toCapacityDefault,
  toCapacityOverride,
  toLoadRecord,
  toPickupLoadRecord,
  toShipmentRecord,
  toStockRecord,
  toStoredPromise,
  toStoredShipmentEvent,
  tupleToDeliveryRecord,
  tupleToShippedRecord,
  tupleToStockRecord,
} from "./store-rows.js";
import type { StoreDatabase } from "./store-schema.js";
import {
  IMPORTED_OUTCOMES_SQLITE,
  type ImportedOutcomeTuple,
  tupleToImportedOutcome,
  tupleToUntrackedShipment,
  UNTRACKED_SHIPMENTS_SQLITE,
  type UntrackedTuple,
} from "./untracked-shipments.js";

export interface SqliteStoreOptions {
  /** A file path (directories are created) or `:memory:`. */
  readonly path: string;
  readonly logger: StoreLogger;
  /** How often other processes' commits are looked for (PRAGMA data_version); default 150 ms. */
  readonly pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock; default 5,000 ms. */
  readonly busyTimeoutMs?: number;
}

const DEFAULT_BATCH = 10_000;
const TUPLE_COLUMNS =
  "sku, warehouse_id, on_hand, safety_stock, reserved, json(inbound), version, change_seq";
const STOCK_COLUMNS =
  "sku, warehouse_id, on_hand, safety_stock, reserved, inbound, version, change_seq";

/** Opens in progress in this process, by absolute file path. */
const opening = new Map<string, Promise<unknown>>();

/** Confirms committed together (see `confirm`) at most. */
const MAX_CONFIRM_GROUP = 256;

interface PendingConfirm {
  readonly request: ConfirmRequest;
  readonly decide: (snapshot: ConfirmSnapshot) => ConfirmDecision;
  readonly resolve: (outcome: ConfirmOutcome) => void;
  readonly reject: (err: unknown) => void;
}

type SettledConfirm = { readonly outcome: ConfirmOutcome } | { readonly error: unknown };

/** Thrown inside a transaction to roll it back and report a rejection. */
class Rejection {
  constructor(
    readonly reason: string,
    readonly details: unknown,
  ) {}
}

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous=FULL` (a commit is on disk
 * before it is acknowledged). better-sqlite3 is synchronous, so each operation runs as one
 * `BEGIN IMMEDIATE` transaction from start to end without yielding: transactions of this process
 * never interleave, and other processes on the same file wait (busy timeout) for the write lock.
 *
 * Hot paths (stock batches, confirm, cancel, stock pages) use prepared statements directly;
 * the other queries are the shared Kysely builders of `storeQueries`, compiled and run here.
 */
export class SqliteStore implements Store {
  readonly engine = "sqlite" as const;
  readonly #db: Database.Database;
  readonly #kysely: Kysely<StoreDatabase>;
  readonly #logger: StoreLogger;
  readonly #listeners: ChangeListeners;
  readonly #pollIntervalMs: number;
  readonly #statements = new Map<string, Database.Statement>();
  #closed = false;
  #pendingConfirms: PendingConfirm[] = [];
  #flushScheduled = false;
  #pollTimer: NodeJS.Timeout | undefined;
  #dataVersion = 0;

  // prepared statements
  readonly #seqGet: Database.Statement<[], number>;
  readonly #seqSet: Database.Statement<[number]>;
  readonly #stockUpsert: Database.Statement;
  readonly #stockVersion: Database.Statement<[string, string], number>;
  readonly #stockOfSku: Database.Statement<[string], StockRow>;
  readonly #capacityOf: Database.Statement<[string], CapacityRow>;
  readonly #overridesOf: Database.Statement<[string, number, number], OverrideRow>;
  readonly #loadsOf: Database.Statement<[string, number, number], LoadRow>;
  readonly #pickupsOf: Database.Statement<[string, number, number], PickupLoadRow>;
  readonly #reserveStock: Database.Statement;
  readonly #ensureLoad: Database.Statement;
  readonly #claimLoad: Database.Statement;
  readonly #ensurePickup: Database.Statement;
  readonly #claimPickup: Database.Statement;
  readonly #insertPickupReservation: Database.Statement;
  readonly #pickupReservationsOf: Database.Statement<[string], PickupReservationRow>;
  readonly #releasePickups: Database.Statement;
  readonly #insertPromise: Database.Statement;
  readonly #insertStockReservation: Database.Statement;
  readonly #insertCapacityReservation: Database.Statement;
  readonly #promiseByKey: Database.Statement<[string], PromiseRow>;
  readonly #promiseById: Database.Statement<[string], PromiseRow>;
  readonly #stockReservationsOf: Database.Statement<[string], StockReservationRow>;
  readonly #capacityReservationsOf: Database.Statement<[string], CapacityReservationRow>;
  readonly #markCancelled: Database.Statement;
  readonly #releaseStock: Database.Statement;
  readonly #releaseLoad: Database.Statement;
  readonly #markFulfilled: Database.Statement;
  readonly #shippedRows: Database.Statement<[string], ShippedRow>;
  readonly #shipStock: Database.Statement;
  readonly #shipDue: Database.Statement;
  readonly #shipOn: Database.Statement;
  readonly #upsertDaily: Database.Statement;
  readonly #upsertOverride: Database.Statement;
  readonly #upsertExternal: Database.Statement;
  readonly #dataVersionGet: Database.Statement<[], number>;
  readonly #eventExists: Database.Statement<[string], number>;
  readonly #eventsOfPromise: Database.Statement<[string], ShipmentEventRow>;
  readonly #insertEvent: Database.Statement;
  readonly #upsertShipment: Database.Statement;
  readonly #shipmentsOf: Database.Statement<[string], ShipmentRow>;
  readonly #markDelivered: Database.Statement;
  readonly #markUndelivered: Database.Statement;
  readonly #insertImported: Database.Statement;

  // transactions (BEGIN IMMEDIATE when called through `.immediate`)
  readonly #upsertTx: Database.Transaction<
    (rows: readonly PreparedStockRow[]) => {
      applied: number;
      stale: number;
      seq: number | undefined;
    }
  >;
  readonly #confirmTx: Database.Transaction<
    (
      request: ConfirmRequest,
      decide: (snapshot: ConfirmSnapshot) => ConfirmDecision,
    ) => ConfirmOutcome
  >;
  readonly #confirmGroupTx: Database.Transaction<
    (group: readonly PendingConfirm[]) => SettledConfirm[]
  >;
  readonly #cancelTx: Database.Transaction<
    (id: string, atMs: number) => { promise: StoredPromise; seq: number | undefined } | undefined
  >;
  readonly #fulfilTx: Database.Transaction<
    (
      id: string,
      atMs: number,
      shippedOn: (warehouseId: string) => Day,
    ) => { promise: StoredPromise; seq: number | undefined } | undefined
  >;
  readonly #capacityTx: Database.Transaction<
    (warehouseId: string, update: CapacityUpdate) => number | undefined
  >;
  readonly #bookedLoadTx: Database.Transaction<
    (warehouseId: string, loads: readonly BookedLoad[]) => number | undefined
  >;
  readonly #eventsTx: Database.Transaction<
    (
      events: readonly ShipmentEventInput[],
      nowMs: number,
      terms: (payload: unknown) => readonly ShipmentTerms[],
    ) => { plan: ShipmentEventsPlan; seq: number | undefined }
  >;
  readonly #importTx: Database.Transaction<(rows: readonly ImportedDelivery[]) => number>;

  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    // Opens of one file in this process take turns: a second connection waiting (synchronously,
    // busy timeout) for the write lock of a migration that needs this thread would never get it.
    const key = options.path === ":memory:" ? undefined : resolve(options.path);
    if (key === undefined) return SqliteStore.#open(options);
    const previous = opening.get(key) ?? Promise.resolve();
    const mine = previous.catch(() => {}).then(() => SqliteStore.#open(options));
    opening.set(key, mine);
    try {
      return await mine;
    } finally {
      if (opening.get(key) === mine) opening.delete(key);
    }
  }

  static async #open(options: SqliteStoreOptions): Promise<SqliteStore> {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
    let db: Database.Database;
    try {
      if (options.path !== ":memory:" && !options.path.startsWith("file:")) {
        mkdirSync(dirname(options.path), { recursive: true });
      }
      db = new Database(options.path, { timeout: busyTimeoutMs });
    } catch (err) {
      throw toStoreError(err);
    }
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.pragma("foreign_keys = ON");
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      const kysely = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: db }) });
      // One writer migrates at a time, even across processes opening the same new file.
      db.exec("BEGIN IMMEDIATE");
      try {
        const applied = await migrateStore(kysely as Kysely<unknown>, "sqlite", {
          inTransaction: true,
        });
        db.exec("COMMIT");
        if (applied.length > 0) {
          options.logger.info({ path: options.path, migrations: applied }, "store migrated");
        }
      } catch (err) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw err;
      }
      return new SqliteStore(db, kysely, options);
    } catch (err) {
      db.close();
      throw toStoreError(err);
    }
  }

  private constructor(
    db: Database.Database,
    kysely: Kysely<StoreDatabase>,
    options: SqliteStoreOptions,
  ) {
    this.#db = db;
    this.#kysely = kysely;
    this.#logger = options.logger;
    this.#listeners = new ChangeListeners(options.logger);
    this.#pollIntervalMs = options.pollIntervalMs ?? 150;

    this.#seqGet = db.prepare<[], number>("select seq from change_counter where id = 1").pluck();
    this.#seqSet = db.prepare<[number]>("update change_counter set seq = ? where id = 1");
    this.#stockUpsert = db.prepare(
      `insert into stock (${STOCK_COLUMNS}) values (?, ?, ?, ?, 0, ?, ?, ?)
       on conflict (sku, warehouse_id) do update set
         on_hand = excluded.on_hand, safety_stock = excluded.safety_stock,
         inbound = excluded.inbound, version = excluded.version, change_seq = excluded.change_seq
       where excluded.version > stock.version`,
    );
    this.#stockVersion = db
      .prepare<[string, string], number>(
        "select version from stock where sku = ? and warehouse_id = ?",
      )
      .pluck();
    this.#stockOfSku = db.prepare(
      `select ${STOCK_COLUMNS} from stock where sku = ? order by warehouse_id`,
    );
    this.#capacityOf = db.prepare(
      "select warehouse_id, daily, change_seq from warehouse_capacity where warehouse_id = ?",
    );
    this.#overridesOf = db.prepare(
      `select warehouse_id, day, value, change_seq from capacity_override
       where warehouse_id = ? and day between ? and ? order by day`,
    );
    this.#loadsOf = db.prepare(
      `select warehouse_id, day, external, promised, shipped, shipped_on, change_seq
       from warehouse_load where warehouse_id = ? and day between ? and ? order by day`,
    );
    this.#pickupsOf = db.prepare(
      `select service_id, warehouse_id, day, promised, change_seq from pickup_load
       where warehouse_id = ? and day between ? and ? order by service_id, day`,
    );
    this.#ensurePickup = db.prepare(
      `insert into pickup_load (service_id, warehouse_id, day, promised, change_seq)
       values (?, ?, ?, 0, ?) on conflict (service_id, warehouse_id, day) do nothing`,
    );
    this.#claimPickup = db.prepare(
      `update pickup_load set promised = promised + 1, change_seq = ?
       where service_id = ? and warehouse_id = ? and day = ? and (? < 0 or promised + 1 <= ?)`,
    );
    this.#insertPickupReservation = db.prepare(
      `insert into pickup_reservation (promise_id, service_id, warehouse_id, day)
       values (?, ?, ?, ?)`,
    );
    this.#pickupReservationsOf = db.prepare(
      `select service_id, warehouse_id, day from pickup_reservation where promise_id = ?
       order by service_id, warehouse_id, day`,
    );
    this.#releasePickups = db.prepare(
      `update pickup_load as l set promised = l.promised - 1, change_seq = ?
       from pickup_reservation as r
       where r.promise_id = ? and l.service_id = r.service_id and l.warehouse_id = r.warehouse_id
         and l.day = r.day`,
    );
    // The second-to-last parameter is the claim's inbound allowance (0 = only stock on hand).
    this.#reserveStock = db.prepare(
      `update stock set reserved = reserved + ?, change_seq = ?
       where sku = ? and warehouse_id = ? and on_hand + ? - reserved - safety_stock >= ?`,
    );
    this.#ensureLoad = db.prepare(
      `insert into warehouse_load (warehouse_id, day, external, promised, change_seq)
       values (?, ?, 0, 0, ?) on conflict (warehouse_id, day) do nothing`,
    );
    this.#claimLoad = db.prepare(
      `update warehouse_load set promised = promised + 1, change_seq = ?
       where warehouse_id = ? and day = ? and (? < 0 or external + promised + 1 <= ?)`,
    );
    this.#insertPromise = db.prepare(
      `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
       values (?, ?, ?, 'confirmed', ?, ?)`,
    );
    this.#insertStockReservation = db.prepare(
      "insert into stock_reservation (promise_id, sku, warehouse_id, quantity) values (?, ?, ?, ?)",
    );
    this.#insertCapacityReservation = db.prepare(
      `insert into capacity_reservation (promise_id, warehouse_id, day, booked_at_ms)
       values (?, ?, ?, ?)`,
    );
    this.#promiseByKey = db.prepare("select * from promise where idempotency_key = ?");
    this.#promiseById = db.prepare("select * from promise where id = ?");
    this.#stockReservationsOf = db.prepare(
      `select sku, warehouse_id, quantity from stock_reservation where promise_id = ?
       order by sku, warehouse_id`,
    );
    this.#capacityReservationsOf = db.prepare(
      `select warehouse_id, day from capacity_reservation where promise_id = ?
       order by warehouse_id, day`,
    );
    this.#markCancelled = db.prepare(
      `update promise set status = 'cancelled', cancelled_at_ms = ?
       where id = ? and status = 'confirmed'`,
    );
    this.#releaseStock = db.prepare(
      `update stock as s set reserved = s.reserved - r.quantity, change_seq = ?
       from stock_reservation as r
       where r.promise_id = ? and s.sku = r.sku and s.warehouse_id = r.warehouse_id`,
    );
    this.#releaseLoad = db.prepare(
      `update warehouse_load as l set promised = l.promised - 1, change_seq = ?
       from capacity_reservation as r
       where r.promise_id = ? and l.warehouse_id = r.warehouse_id and l.day = r.day`,
    );
    this.#markFulfilled = db.prepare(
      `update promise set status = 'fulfilled', fulfilled_at_ms = ?
       where id = ? and status = 'confirmed'`,
    );
    this.#shippedRows = db.prepare(
      `select s.sku, s.warehouse_id, s.on_hand, s.inbound, r.quantity
       from stock_reservation as r
       join stock as s on s.sku = r.sku and s.warehouse_id = r.warehouse_id
       where r.promise_id = ?`,
    );
    // `version` is kept so the feed's next count still overwrites on hand.
    this.#shipStock = db.prepare(
      `update stock set reserved = reserved - ?, on_hand = ?, inbound = ?, change_seq = ?
       where sku = ? and warehouse_id = ?`,
    );
    this.#shipDue = db.prepare(
      `update warehouse_load as l set shipped = l.shipped + 1, change_seq = ?
       from capacity_reservation as r
       where r.promise_id = ? and l.warehouse_id = r.warehouse_id and l.day = r.day`,
    );
    this.#shipOn = db.prepare(
      `insert into warehouse_load (warehouse_id, day, external, promised, shipped, shipped_on,
         change_seq) values (?, ?, 0, 0, 0, 1, ?)
       on conflict (warehouse_id, day) do update set
         shipped_on = warehouse_load.shipped_on + 1, change_seq = excluded.change_seq`,
    );
    this.#upsertDaily = db.prepare(
      `insert into warehouse_capacity (warehouse_id, daily, change_seq) values (?, ?, ?)
       on conflict (warehouse_id) do update set
         daily = excluded.daily, change_seq = excluded.change_seq`,
    );
    this.#upsertOverride = db.prepare(
      `insert into capacity_override (warehouse_id, day, value, change_seq) values (?, ?, ?, ?)
       on conflict (warehouse_id, day) do update set
         value = excluded.value, change_seq = excluded.change_seq`,
    );
    this.#upsertExternal = db.prepare(
      `insert into warehouse_load (warehouse_id, day, external, promised, change_seq)
       values (?, ?, ?, 0, ?)
       on conflict (warehouse_id, day) do update set
         external = excluded.external, change_seq = excluded.change_seq`,
    );
    this.#dataVersionGet = db.prepare<[], number>("pragma data_version").pluck();
    this.#eventExists = db
      .prepare<[string], number>("select 1 from shipment_event where event_id = ?")
      .pluck();
    this.#eventsOfPromise = db.prepare(
      `select event_id, promise_id, warehouse_id, kind, occurred_at_ms, day, service_id,
         tracking_number
       from shipment_event where promise_id = ?`,
    );
    this.#insertEvent = db.prepare(
      `insert into shipment_event (event_id, promise_id, warehouse_id, kind, occurred_at_ms, day,
         service_id, tracking_number) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#upsertShipment = db.prepare(
      `insert or replace into shipment (${SHIPMENT_COLUMNS})
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#shipmentsOf = db.prepare(
      `select ${SHIPMENT_COLUMNS} from shipment where promise_id = ? order by warehouse_id`,
    );
    this.#markDelivered = db.prepare(
      `update promise set status = 'delivered', delivered_at_ms = ?
       where id = ? and status = 'fulfilled'`,
    );
    this.#markUndelivered = db.prepare(
      `update promise set status = 'fulfilled', delivered_at_ms = null
       where id = ? and status = 'delivered'`,
    );
    this.#insertImported = db.prepare(
      `insert into imported_delivery (warehouse_id, service_id, country_code, postal_code,
         ship_day, delivered_day, promised_latest_day, import_key)
       select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
         value ->> 6, value ->> 7
       from json_each(?) where true
       on conflict (import_key) do nothing`,
    );

    this.#upsertTx = db.transaction((rows: readonly PreparedStockRow[]) => {
      const seq = this.#seqGet.get()! + 1;
      let applied = 0;
      let stale = 0;
      let changed = 0;
      for (const r of rows) {
        const n = this.#stockUpsert.run(
          r.sku,
          r.warehouseId,
          r.onHand,
          r.safetyStock,
          r.inbound,
          r.version,
          seq,
        ).changes;
        if (n > 0) {
          changed++;
          applied += r.weight;
        } else if (this.#stockVersion.get(r.sku, r.warehouseId)! > r.version) {
          stale += r.weight;
        } else {
          applied += r.weight; // same version: idempotent re-apply, nothing to write
        }
      }
      if (changed === 0) return { applied, stale, seq: undefined };
      this.#seqSet.run(seq);
      return { applied, stale, seq };
    });

    this.#confirmTx = db.transaction(
      (request: ConfirmRequest, decide: (snapshot: ConfirmSnapshot) => ConfirmDecision) => {
        const existing = this.#promiseByKey.get(request.idempotencyKey);
        if (existing !== undefined) return this.#existingOutcome(existing, request);

        const decision = decide(this.#snapshot(request));
        if (!decision.ok) {
          return decision.details === undefined
            ? { kind: "rejected", reason: decision.reason }
            : { kind: "rejected", reason: decision.reason, details: decision.details };
        }
        const { promise } = decision;
        const claims = prepareClaims(decision.stock, decision.capacity, decision.pickups);
        const payload = JSON.stringify(promise.payload ?? null);

        const seq = this.#seqGet.get()! + 1;
        for (const c of claims.stock) {
          const n = this.#reserveStock.run(
            c.quantity,
            seq,
            c.sku,
            c.warehouseId,
            c.inboundAllowance,
            c.quantity,
          ).changes;
          if (n !== 1) {
            throw new Rejection(REJECTED_STOCK, { sku: c.sku, warehouseId: c.warehouseId });
          }
        }
        for (const c of claims.capacity) {
          this.#ensureLoad.run(c.warehouseId, c.day, seq);
          if (this.#claimLoad.run(seq, c.warehouseId, c.day, c.limit, c.limit).changes !== 1) {
            throw new Rejection(REJECTED_CAPACITY, { warehouseId: c.warehouseId, day: c.day });
          }
        }
        for (const c of claims.pickups) {
          this.#ensurePickup.run(c.serviceId, c.warehouseId, c.day, seq);
          const n = this.#claimPickup.run(
            seq,
            c.serviceId,
            c.warehouseId,
            c.day,
            c.limit,
            c.limit,
          ).changes;
          if (n !== 1) {
            throw new Rejection(REJECTED_CAPACITY, {
              serviceId: c.serviceId,
              warehouseId: c.warehouseId,
              day: c.day,
            });
          }
        }
        this.#seqSet.run(seq);
        this.#insertPromise.run(
          promise.id,
          request.idempotencyKey,
          request.requestHash,
          payload,
          promise.createdAtMs,
        );
        for (const c of claims.stock) {
          this.#insertStockReservation.run(promise.id, c.sku, c.warehouseId, c.quantity);
        }
        for (const c of claims.capacity) {
          this.#insertCapacityReservation.run(
            promise.id,
            c.warehouseId,
            c.day,
            promise.createdAtMs,
          );
        }
        for (const c of claims.pickups) {
          this.#insertPickupReservation.run(promise.id, c.serviceId, c.warehouseId, c.day);
        }
        const stored: StoredPromise = {
          id: promise.id,
          idempotencyKey: request.idempotencyKey,
          requestHash: request.requestHash,
          status: "confirmed",
          payload: JSON.parse(payload) as unknown,
          createdAtMs: promise.createdAtMs,
          cancelledAtMs: null,
          fulfilledAtMs: null,
          stock: claims.stock.map((c) => ({
            sku: c.sku,
            warehouseId: c.warehouseId,
            quantity: c.quantity,
          })),
          capacity: claims.capacity.map((c) => ({ warehouseId: c.warehouseId, day: c.day })),
          pickups: claims.pickups.map((c) => ({
            serviceId: c.serviceId,
            warehouseId: c.warehouseId,
            day: c.day,
          })),
        };
        return { kind: "confirmed", promise: stored, seq };
      },
    );

    // Each confirm of the group runs as a nested transaction (a savepoint).
    this.#confirmGroupTx = db.transaction((group: readonly PendingConfirm[]) =>
      group.map((p): SettledConfirm => {
        try {
          return { outcome: this.#confirmTx(p.request, p.decide) };
        } catch (err) {
          if (err instanceof Rejection) {
            return { outcome: { kind: "rejected", reason: err.reason, details: err.details } };
          }
          return { error: toStoreError(err) };
        }
      }),
    );

    this.#cancelTx = db.transaction((id: string, atMs: number) => {
      const row = this.#promiseById.get(id);
      if (row === undefined) return undefined;
      if (row.status === "fulfilled" || row.status === "delivered") {
        throw promiseStatusError("cancel");
      }
      if (row.status !== "confirmed") return { promise: this.#readPromise(row), seq: undefined };
      const seq = this.#seqGet.get()! + 1;
      this.#markCancelled.run(atMs, id);
      this.#releaseStock.run(seq, id);
      this.#releaseLoad.run(seq, id);
      this.#releasePickups.run(seq, id);
      this.#seqSet.run(seq);
      return {
        promise: this.#readPromise({ ...row, status: "cancelled", cancelled_at_ms: atMs }),
        seq,
      };
    });

    this.#fulfilTx = db.transaction(
      (id: string, atMs: number, shippedOn: (warehouseId: string) => Day) => {
        const row = this.#promiseById.get(id);
        if (row === undefined) return undefined;
        if (row.status === "cancelled") throw promiseStatusError("fulfil");
        if (row.status !== "confirmed") return { promise: this.#readPromise(row), seq: undefined };
        const seq = this.#seqGet.get()! + 1;
        this.#shipPromise(id, atMs, seq, shippedOn);
        this.#seqSet.run(seq);
        return {
          promise: this.#readPromise({ ...row, status: "fulfilled", fulfilled_at_ms: atMs }),
          seq,
        };
      },
    );

    this.#capacityTx = db.transaction((warehouseId: string, update: CapacityUpdate) => {
      const overrides = update.overrides ?? [];
      if (update.daily === undefined && overrides.length === 0) return undefined;
      const seq = this.#seqGet.get()! + 1;
      if (update.daily !== undefined) this.#upsertDaily.run(warehouseId, update.daily, seq);
      for (const o of overrides) this.#upsertOverride.run(warehouseId, o.day, o.value, seq);
      this.#seqSet.run(seq);
      return seq;
    });

    this.#eventsTx = db.transaction(
      (
        events: readonly ShipmentEventInput[],
        nowMs: number,
        terms: (payload: unknown) => readonly ShipmentTerms[],
      ) => {
        const promises = new Map<string, PromiseFacts>();
        const storedEvents = new Map<string, StoredShipmentEvent[]>();
        const storedEventIds = new Set<string>();
        for (const e of events) {
          if (typeof e.eventId === "string" && this.#eventExists.get(e.eventId) !== undefined) {
            storedEventIds.add(e.eventId);
          }
          if (promises.has(e.promiseId)) continue;
          const row = this.#promiseById.get(e.promiseId);
          if (row === undefined) continue;
          promises.set(e.promiseId, {
            status: row.status as PromiseStatus,
            createdAtMs: Number(row.created_at_ms),
            payload: JSON.parse(row.payload) as unknown,
          });
          for (const r of this.#eventsOfPromise.all(e.promiseId)) {
            const key = shipmentKey(r.promise_id, r.warehouse_id);
            let list = storedEvents.get(key);
            if (list === undefined) {
              list = [];
              storedEvents.set(key, list);
            }
            list.push(toStoredShipmentEvent(r));
          }
        }
        const plan = planShipmentEvents(
          events,
          nowMs,
          { promises, storedEventIds, storedEvents },
          terms,
        );
        if (plan.applied === 0) return { plan, seq: undefined };
        const seq = this.#seqGet.get()! + 1;
        for (const e of plan.insertEvents) {
          this.#insertEvent.run(
            e.eventId,
            e.promiseId,
            e.warehouseId,
            e.kind,
            e.occurredAtMs,
            e.day,
            e.serviceId,
            e.trackingNumber,
          );
        }
        for (const r of plan.shipments) this.#upsertShipment.run(...shipmentValues(r));
        for (const f of plan.fulfil) {
          this.#shipPromise(f.id, f.atMs, seq, (w) => f.shipDays.get(w) ?? utcDayOf(f.atMs));
        }
        for (const d of plan.deliver) this.#markDelivered.run(d.atMs, d.id);
        for (const id of plan.undeliver) this.#markUndelivered.run(id);
        this.#seqSet.run(seq);
        return { plan, seq };
      },
    );

    this.#importTx = db.transaction((rows: readonly ImportedDelivery[]) => {
      const CHUNK = 5_000;
      let stored = 0;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        stored += this.#insertImported.run(
          JSON.stringify(
            chunk.map((r) => [
              r.warehouseId,
              r.serviceId,
              r.countryCode,
              r.postalCode,
              r.shipDay,
              r.deliveredDay,
              r.promisedLatestDay,
              r.importKey ?? null,
            ]),
          ),
        ).changes;
      }
      return stored;
    });

    this.#bookedLoadTx = db.transaction((warehouseId: string, loads: readonly BookedLoad[]) => {
      if (loads.length === 0) return undefined;
      const seq = this.#seqGet.get()! + 1;
      for (const l of loads) this.#upsertExternal.run(warehouseId, l.day, l.orders, seq);
      this.#seqSet.run(seq);
      return seq;
    });
  }

  async upsertStock(rows: readonly StockUpsert[]): Promise<UpsertStockResult> {
    this.#checkOpen();
    const batch = prepareStockUpserts(rows);
    if (batch.rows.length === 0) return { applied: 0, stale: batch.staleInBatch };
    const result = this.#write(() => this.#upsertTx.immediate(batch.rows));
    if (result.seq !== undefined) this.#listeners.emit(result.seq);
    return { applied: result.applied, stale: result.stale + batch.staleInBatch };
  }

  async loadStock(afterSeq = 0, options: { batchSize?: number } = {}): Promise<StockChanges> {
    this.#checkOpen();
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
    const seq = this.#read(() => this.#seqGet.get()!);
    const full = afterSeq <= 0;
    // A page is one JSON text (json(inbound) embeds the lots as JSON, not as a string).
    const page = (where: string, order: string) => {
      const sql = `select json_group_array(json_array(${TUPLE_COLUMNS})) from (
             select * from stock ${where} order by ${order} limit ?)`;
      // Prepared once: the view's refresh after every commit runs these.
      let stmt = this.#statements.get(sql) as Database.Statement<unknown[], string> | undefined;
      if (stmt === undefined) {
        stmt = this.#db.prepare<unknown[], string>(sql).pluck();
        this.#statements.set(sql, stmt as Database.Statement);
      }
      return stmt;
    };
    const first = full
      ? page("", "sku, warehouse_id")
      : page("where change_seq > ?", "change_seq, sku, warehouse_id");
    const next = full
      ? page("where (sku, warehouse_id) > (?, ?)", "sku, warehouse_id")
      : page("where (change_seq, sku, warehouse_id) > (?, ?, ?)", "change_seq, sku, warehouse_id");
    const compare = compareStockTuples(!full);
    const read = this.#read.bind(this);
    const closed = () => this.#closed;
    async function* pages(): AsyncGenerator<readonly StockRecord[]> {
      let last: StockTuple | undefined;
      for (;;) {
        if (closed()) throw storeClosedError();
        const at = last;
        const text = read(() =>
          at === undefined
            ? first.get(...(full ? [batchSize] : [afterSeq, batchSize]))
            : next.get(...(full ? [at[0], at[1], batchSize] : [at[7], at[0], at[1], batchSize])),
        );
        const tuples = JSON.parse(text ?? "[]") as StockTuple[];
        if (tuples.length === 0) return;
        // The aggregate keeps the subquery's order in practice; make sure, cheaply.
        for (let i = 1; i < tuples.length; i++) {
          if (compare(tuples[i - 1]!, tuples[i]!) > 0) {
            tuples.sort(compare);
            break;
          }
        }
        yield tuples.map(tupleToStockRecord);
        if (tuples.length < batchSize) return;
        last = tuples[tuples.length - 1];
      }
    }
    return { seq, batches: pages() };
  }

  async setCapacity(warehouseId: string, update: CapacityUpdate): Promise<void> {
    this.#checkOpen();
    checkCapacityUpdate(warehouseId, update);
    const seq = this.#write(() => this.#capacityTx.immediate(warehouseId, update));
    if (seq !== undefined) this.#listeners.emit(seq);
  }

  async setBookedLoad(warehouseId: string, loads: readonly BookedLoad[]): Promise<void> {
    this.#checkOpen();
    checkBookedLoad(warehouseId, loads);
    const seq = this.#write(() => this.#bookedLoadTx.immediate(warehouseId, loads));
    if (seq !== undefined) this.#listeners.emit(seq);
  }

  async loadCapacity(afterSeq = 0, options: LoadCapacityOptions = {}): Promise<CapacityChanges> {
    this.#checkOpen();
    const perDay = checkRecentBookings(options.recentBookings);
    const k = this.#kysely;
    return this.#read(() =>
      this.#db.transaction(() => {
        const loads = this.#all(q.loadsChangedAfter(k, afterSeq).compile()).map(toLoadRecord);
        return {
          seq: this.#seqGet.get()!,
          defaults: this.#all(q.capacityChangedAfter(k, afterSeq).compile()).map(toCapacityDefault),
          overrides: this.#all(q.overridesChangedAfter(k, afterSeq).compile()).map(
            toCapacityOverride,
          ),
          loads,
          pickups: this.#all(q.pickupsChangedAfter(k, afterSeq).compile()).map(toPickupLoadRecord),
          bookings:
            perDay === 0 || loads.length === 0
              ? []
              : bookingsOf(
                  loads,
                  this.#all(q.recentBookingsChangedAfter("sqlite", afterSeq, perDay).compile(k)),
                ),
        };
      })(),
    );
  }

  /**
   * Confirms are committed in groups: the calls made while the event loop is busy are run in one
   * `BEGIN IMMEDIATE` transaction, each inside its own savepoint (a refusal or an error rolls
   * back that confirm only), and all are answered after the one commit (one fsync). The outcome
   * is the same as running them one after the other; only the fsyncs are shared.
   */
  confirm(
    request: ConfirmRequest,
    decide: (snapshot: ConfirmSnapshot) => ConfirmDecision,
  ): Promise<ConfirmOutcome> {
    try {
      this.#checkOpen();
      checkConfirmRequest(request);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<ConfirmOutcome>((resolve, reject) => {
      this.#pendingConfirms.push({ request, decide, resolve, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flushConfirms());
      }
    });
  }

  async getPromise(id: string): Promise<StoredPromise | undefined> {
    this.#checkOpen();
    return this.#read(() =>
      this.#db.transaction(() => {
        const row = this.#promiseById.get(id);
        return row === undefined ? undefined : this.#readPromise(row);
      })(),
    );
  }

  async cancelPromise(id: string, atMs: number): Promise<StoredPromise | undefined> {
    this.#checkOpen();
    const result = this.#write(() => this.#cancelTx.immediate(id, atMs));
    if (result?.seq !== undefined) this.#listeners.emit(result.seq);
    return result?.promise;
  }

  async fulfilPromise(
    id: string,
    atMs: number,
    shippedOn: (warehouseId: string) => Day = () => utcDayOf(atMs),
  ): Promise<StoredPromise | undefined> {
    this.#checkOpen();
    const result = this.#write(() => this.#fulfilTx.immediate(id, atMs, shippedOn));
    if (result?.seq !== undefined) this.#listeners.emit(result.seq);
    return result?.promise;
  }

  async recordShipmentEvents(
    events: readonly ShipmentEventInput[],
    nowMs: number,
    terms: (payload: unknown) => readonly ShipmentTerms[],
  ): Promise<RecordShipmentEventsResult> {
    this.#checkOpen();
    if (events.length === 0) {
      return {
        applied: 0,
        duplicates: 0,
        errors: [],
        fulfilled: [],
        delivered: [],
        newlyDelivered: [],
      };
    }
    const { plan, seq } = this.#write(() => this.#eventsTx.immediate(events, nowMs, terms));
    if (seq !== undefined) this.#listeners.emit(seq);
    return shipmentEventsResult(plan);
  }

  async getShipments(promiseId: string): Promise<ShipmentRecord[]> {
    this.#checkOpen();
    return this.#read(() => this.#shipmentsOf.all(promiseId).map(toShipmentRecord));
  }

  loadDeliveries(
    fromDay: Day,
    toDay: Day,
    options: { batchSize?: number } = {},
  ): AsyncIterable<readonly DeliveryRecord[]> {
    this.#checkOpen();
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? 50_000));
    const read = this.#read.bind(this);
    const closed = () => this.#closed;
    const prepare = (sql: string) => this.#pluckedStatement(sql);
    // Shipments of promises page by key, imports by id; each page is one JSON text.
    const shipments = prepare(
      `select json_group_array(json_array(0, warehouse_id, service_id, country_code, postal_code,
         coalesce(ship_day, promised_ship_day), delivered_day, promised_earliest_day,
         promised_latest_day, on_time_probability, promise_id))
       from (select * from shipment
         where delivered_day between ? and ? and (promise_id, warehouse_id) > (?, ?)
         order by promise_id, warehouse_id limit ?)`,
    );
    // `+delivered_day`: page along the rowid (an index on the day would sort the whole range
    // again for every page).
    const imports = prepare(
      `select json_group_array(json_array(1, warehouse_id, service_id, country_code, postal_code,
         ship_day, delivered_day, null, promised_latest_day, null, id))
       from (select * from imported_delivery
         where +delivered_day between ? and ? and id > ? order by id limit ?)`,
    );
    return {
      async *[Symbol.asyncIterator]() {
        let after: [string, string] = ["", ""];
        for (;;) {
          if (closed()) throw storeClosedError();
          const at = after;
          const page = JSON.parse(
            read(() => shipments.get(fromDay, toDay, at[0], at[1], batchSize)) ?? "[]",
          ) as (DeliveryTuple | [...DeliveryTuple, string])[];
          if (page.length === 0) break;
          yield page.map((t) => tupleToDeliveryRecord(t as DeliveryTuple));
          if (page.length < batchSize) break;
          const last = page[page.length - 1]!;
          after = [String(last[10]), last[1]];
        }
        let afterId = 0;
        for (;;) {
          if (closed()) throw storeClosedError();
          const at = afterId;
          const page = JSON.parse(
            read(() => imports.get(fromDay, toDay, at, batchSize)) ?? "[]",
          ) as (DeliveryTuple | [...DeliveryTuple, number])[];
          if (page.length === 0) break;
          yield page.map((t) => tupleToDeliveryRecord(t as DeliveryTuple));
          if (page.length < batchSize) break;
          afterId = Number(page[page.length - 1]![10]);
        }
      },
    };
  }

  loadShipped(
    fromDay: Day,
    toDay: Day,
    options: { batchSize?: number; promisesOnly?: boolean } = {},
  ): AsyncIterable<readonly ShippedRecord[]> {
    this.#checkOpen();
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? 50_000));
    const read = this.#read.bind(this);
    const closed = () => this.#closed;
    const prepare = (sql: string) => this.#pluckedStatement(sql);
    const shipments = prepare(
      `select json_group_array(json_array(0, warehouse_id, service_id, country_code, postal_code,
         coalesce(ship_day, promised_ship_day), delivered_day, promised_earliest_day,
         promised_latest_day, on_time_probability, promise_id))
       from (select * from shipment
         where coalesce(ship_day, promised_ship_day) between ? and ?
           and (promise_id, warehouse_id) > (?, ?)
         order by promise_id, warehouse_id limit ?)`,
    );
    const imports = prepare(
      // `+ship_day`: page along the rowid (the outcome index on the day would sort every page).
      `select json_group_array(json_array(1, warehouse_id, service_id, country_code, postal_code,
         ship_day, delivered_day, null, promised_latest_day, null, id))
       from (select * from imported_delivery
         where +ship_day between ? and ? and id > ? order by id limit ?)`,
    );
    return {
      async *[Symbol.asyncIterator]() {
        let after: [string, string] = ["", ""];
        for (;;) {
          if (closed()) throw storeClosedError();
          const at = after;
          const page = JSON.parse(
            read(() => shipments.get(fromDay, toDay, at[0], at[1], batchSize)) ?? "[]",
          ) as ShippedTuple[];
          if (page.length === 0) break;
          yield page.map(tupleToShippedRecord);
          if (page.length < batchSize) break;
          const last = page[page.length - 1]!;
          after = [String(last[10]), last[1]];
        }
        if (options.promisesOnly === true) return;
        let afterId = 0;
        for (;;) {
          if (closed()) throw storeClosedError();
          const at = afterId;
          const page = JSON.parse(
            read(() => imports.get(fromDay, toDay, at, batchSize)) ?? "[]",
          ) as ShippedTuple[];
          if (page.length === 0) break;
          yield page.map(tupleToShippedRecord);
          if (page.length < batchSize) break;
          afterId = Number(page[page.length - 1]![10]);
        }
      },
    };
  }

  loadImportedOutcomes(fromDay: Day, toDay: Day): AsyncIterable<readonly ImportedOutcomeGroup[]> {
    this.#checkOpen();
    const read = this.#read.bind(this);
    const closed = () => this.#closed;
    const stmt = this.#pluckedStatement(IMPORTED_OUTCOMES_SQLITE);
    return {
      async *[Symbol.asyncIterator]() {
        for (let day = fromDay; day <= toDay; day++) {
          if (closed()) throw storeClosedError();
          const page = JSON.parse(read(() => stmt.get(day)) ?? "[]") as ImportedOutcomeTuple[];
          if (page.length > 0) yield page.map((t) => tupleToImportedOutcome(day, t));
        }
      },
    };
  }

  loadUntrackedShipments(
    fromDay: Day,
    toDay: Day,
    options: { batchSize?: number } = {},
  ): AsyncIterable<readonly UntrackedShipment[]> {
    this.#checkOpen();
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? 50_000));
    const read = this.#read.bind(this);
    const closed = () => this.#closed;
    const stmt = this.#pluckedStatement(UNTRACKED_SHIPMENTS_SQLITE);
    return {
      async *[Symbol.asyncIterator]() {
        let after: [string, string] = ["", ""];
        for (;;) {
          if (closed()) throw storeClosedError();
          const at = after;
          const page = JSON.parse(
            read(() => stmt.get(fromDay, toDay, at[0], at[1], batchSize)) ?? "[]",
          ) as UntrackedTuple[];
          if (page.length === 0) break;
          yield page.map(tupleToUntrackedShipment);
          if (page.length < batchSize) break;
          const last = page[page.length - 1]!;
          after = [last[0], last[1]];
        }
      },
    };
  }

  async importDeliveries(rows: readonly ImportedDelivery[]): Promise<number> {
    this.#checkOpen();
    if (rows.length === 0) return 0;
    return this.#write(() => this.#importTx.immediate(rows));
  }

  async checkReservations(): Promise<ReservationReport> {
    this.#checkOpen();
    const k = this.#kysely;
    return this.#read(() =>
      this.#db.transaction((): ReservationReport => {
        const counts = this.#all(q.promiseCounts(k).compile());
        return {
          confirmed: Number(counts.find((c) => c.status === "confirmed")?.n ?? 0),
          cancelled: Number(counts.find((c) => c.status === "cancelled")?.n ?? 0),
          fulfilled:
            Number(counts.find((c) => c.status === "fulfilled")?.n ?? 0) +
            Number(counts.find((c) => c.status === "delivered")?.n ?? 0),
          stockMismatches: this.#all(q.stockMismatches().compile(k)).map((r) => ({
            sku: r.sku,
            warehouseId: r.warehouse_id,
            reserved: r.reserved,
            reservedByPromises: Number(r.by_promises),
          })),
          loadMismatches: this.#all(q.loadMismatches().compile(k)).map((r) => ({
            warehouseId: r.warehouse_id,
            day: r.day,
            promised: r.promised,
            promisedByPromises: Number(r.by_promises),
          })),
          pickupMismatches: this.#all(q.pickupMismatches().compile(k)).map((r) => ({
            serviceId: r.service_id,
            warehouseId: r.warehouse_id,
            day: r.day,
            promised: r.promised,
            promisedByPromises: Number(r.by_promises),
          })),
          shippedMismatches: this.#all(q.shippedMismatches().compile(k)).map((r) => ({
            warehouseId: r.warehouse_id,
            day: r.day,
            shipped: Number(r.shipped),
            shippedByPromises: Number(r.by_promises),
          })),
          overReserved: countOverReserved(this.#all(q.reservedBeyondOnHand().compile(k))),
          orphanReservations: Number(this.#all(q.orphanReservationCount().compile(k))[0]?.n ?? 0),
        };
      })(),
    );
  }

  async currentSeq(): Promise<number> {
    this.#checkOpen();
    return this.#read(() => this.#seqGet.get()!);
  }

  onChange(listener: (seq: number) => void): () => void {
    this.#checkOpen();
    if (this.#listeners.size === 0) {
      this.#listeners.observe(this.#read(() => this.#seqGet.get()!));
      this.#dataVersion = this.#read(() => this.#dataVersionGet.get()!);
    }
    const remove = this.#listeners.add(listener);
    this.#startPolling();
    return () => {
      remove();
      if (this.#listeners.size === 0) this.#stopPolling();
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flushConfirms(); // answer what was asked before close
    this.#closed = true;
    this.#stopPolling();
    this.#listeners.clear();
    this.#statements.clear();
    this.#db.close();
  }

  // ---- internals --------------------------------------------------------------------------

  #flushConfirms(): void {
    this.#flushScheduled = false;
    while (this.#pendingConfirms.length > 0) {
      const group = this.#pendingConfirms.splice(0, MAX_CONFIRM_GROUP);
      if (this.#closed) {
        for (const p of group) p.reject(storeClosedError());
        continue;
      }
      let settled: SettledConfirm[];
      try {
        settled = this.#confirmGroupTx.immediate(group);
      } catch (err) {
        const error = toStoreError(err);
        for (const p of group) p.reject(error);
        continue;
      }
      let seq = -1;
      for (let i = 0; i < group.length; i++) {
        const s = settled[i]!;
        if ("error" in s) group[i]!.reject(s.error);
        else {
          if (s.outcome.kind === "confirmed" && s.outcome.seq > seq) seq = s.outcome.seq;
          group[i]!.resolve(s.outcome);
        }
      }
      if (seq >= 0) this.#listeners.emit(seq);
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw storeClosedError();
  }

  /**
   * FulfilPromise's work inside a transaction (FulfilPromise and shipped events share it): the
   * status flips to fulfilled, and the units leave the reservation and on hand alike (see
   * shipUnits); capacity and pickup reservations stay: the day's work was done.
   */
  /**
   * FulfilPromise's work (shared with shipped events), inside a write transaction: only the one
   * that flips the status ships. The units leave the reservation and on hand alike (see
   * shipUnits); capacity and pickup reservations stay (the day's work was done). For the backlog
   * and the real throughput: `shipped` on each due day's load row, `shipped_on` on the row of
   * `shippedOn(warehouse)`, the warehouse-local day it shipped.
   */
  #shipPromise(
    id: string,
    atMs: number,
    seq: number,
    shippedOn: (warehouseId: string) => Day,
  ): void {
    if (this.#markFulfilled.run(atMs, id).changes !== 1) return;
    for (const r of this.#shippedRows.all(id)) {
      const shipped = shipUnits(
        { onHand: r.on_hand, inbound: decodeInbound(r.inbound) },
        r.quantity,
      );
      this.#shipStock.run(
        r.quantity,
        shipped.onHand,
        encodeInbound(shipped.inbound),
        seq,
        r.sku,
        r.warehouse_id,
      );
    }
    this.#shipDue.run(seq, id);
    for (const r of this.#capacityReservationsOf.all(id)) {
      this.#shipOn.run(r.warehouse_id, shippedOn(r.warehouse_id), seq);
    }
  }

  /** A statement answering one text column (a page as JSON), prepared once per text. */
  #pluckedStatement(sql: string): Database.Statement<unknown[], string> {
    let stmt = this.#statements.get(sql) as Database.Statement<unknown[], string> | undefined;
    if (stmt === undefined) {
      stmt = this.#db.prepare<unknown[], string>(sql).pluck();
      this.#statements.set(sql, stmt as Database.Statement);
    }
    return stmt;
  }

  #write<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof Rejection) throw err;
      throw toStoreError(err);
    }
  }

  #read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toStoreError(err);
    }
  }

  #all<O>(compiled: CompiledQuery<O>): O[] {
    let stmt = this.#statements.get(compiled.sql);
    if (stmt === undefined) {
      stmt = this.#db.prepare(compiled.sql);
      this.#statements.set(compiled.sql, stmt);
    }
    return stmt.all(...(compiled.parameters as unknown[])) as O[];
  }

  #snapshot(request: ConfirmRequest): ConfirmSnapshot {
    const stock: StockRecord[] = [];
    const warehouses = new Set<string>();
    for (const sku of new Set(request.skus)) {
      for (const row of this.#stockOfSku.all(sku)) {
        stock.push(toStockRecord(row));
        warehouses.add(row.warehouse_id);
      }
    }
    const capacity = [];
    const overrides = [];
    const loads = [];
    const pickups = [];
    for (const wh of warehouses) {
      const c = this.#capacityOf.get(wh);
      if (c !== undefined) capacity.push(toCapacityDefault(c));
      for (const o of this.#overridesOf.all(wh, request.fromDay, request.toDay)) {
        overrides.push(toCapacityOverride(o));
      }
      for (const l of this.#loadsOf.all(wh, request.fromDay, request.toDay)) {
        loads.push(toLoadRecord(l));
      }
      for (const p of this.#pickupsOf.all(wh, request.fromDay, request.toDay)) {
        pickups.push(toPickupLoadRecord(p));
      }
    }
    return { stock, capacity, overrides, loads, pickups };
  }

  #existingOutcome(row: PromiseRow, request: ConfirmRequest): ConfirmOutcome {
    if (row.request_hash !== request.requestHash) {
      throw new DomainError(
        "ALREADY_EXISTS",
        "this idempotency key was used for a different request",
        "idempotency_key",
      );
    }
    return { kind: "existing", promise: this.#readPromise(row) };
  }

  #readPromise(row: PromiseRow): StoredPromise {
    return toStoredPromise(
      row,
      this.#stockReservationsOf.all(row.id),
      this.#capacityReservationsOf.all(row.id),
      this.#pickupReservationsOf.all(row.id),
    );
  }

  #startPolling(): void {
    if (this.#pollTimer !== undefined || this.#pollIntervalMs <= 0) return;
    this.#pollTimer = setInterval(() => this.#poll(), this.#pollIntervalMs);
    this.#pollTimer.unref();
  }

  #stopPolling(): void {
    if (this.#pollTimer !== undefined) clearInterval(this.#pollTimer);
    this.#pollTimer = undefined;
  }

  /** Other connections' commits change `data_version`; ours do not (we report those directly). */
  #poll(): void {
    if (this.#closed) return;
    try {
      const version = this.#dataVersionGet.get()!;
      if (version === this.#dataVersion) return;
      this.#dataVersion = version;
      this.#listeners.emit(this.#seqGet.get()!);
    } catch (err) {
      this.#logger.warn({ err }, "store change poll failed");
    }
  }
}
