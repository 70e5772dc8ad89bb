import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { type CompiledQuery, Kysely, SqliteDialect } from "kysely";
import { type Day, dayNumber, dayNumberOrNull, utcDayOf } from "../engine/day.js";
import { ChangeListeners } from "./change-listeners.js";
import { ConfirmQueue, type QueuedConfirm } from "./confirm-queue.js";
import {
  batchSizeOf,
  dailyPages,
  keysetPages,
  OUTCOME_DAY_COLUMNS,
  type OutcomeDay,
  type OutcomeQueries,
  outcomePages,
} from "./keyset-pages.js";
import { shipmentEventsResult } from "./shipment-events-result.js";
import { SHIPMENT_OUTCOMES_SQLITE, tupleToShipmentOutcome } from "./shipment-outcomes.js";
import { prepareSqliteStatements, type SqliteStatements } from "./sqlite-statements.js";
import {
  readPromise,
  type SqliteTransactions,
  sqliteTransactions,
  type WrittenConfirms,
} from "./sqlite-transactions.js";
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
  PromiseRecord,
  RecordShipmentEventsResult,
  ReservationReport,
  ShipmentEventInput,
  ShipmentOutcomeGroup,
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
import { storeClosedError, toStoreError } from "./store-error.js";
import {
  checkBookedLoad,
  checkCapacityUpdate,
  checkConfirmRequest,
  checkRecentBookings,
  prepareStockUpserts,
} from "./store-input.js";
import type { StoreLogger } from "./store-logger.js";
import { migrateStore } from "./store-migrations.js";
import { bookingsOf, storeQueries as q } from "./store-queries.js";
import {
  compareStockTuples,
  countOverReserved,
  type PromiseTuple,
  type ShippedTuple,
  type StockTuple,
  toCapacityDefault,
  toCapacityOverride,
  toLoadRecord,
  toPickupLoadRecord,
  toShipmentRecord,
  tupleToDeliveryRecord,
  tupleToPromiseRecord,
  tupleToShippedRecord,
  tupleToStockRecord,
} from "./store-rows.js";
import type { StoreDatabase } from "./store-schema.js";
import {
  IMPORTED_OUTCOMES_SQLITE,
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

/** Opens in progress in this process, by absolute file path. */
const opening = new Map<string, Promise<unknown>>();

/** Confirms committed together (see `confirm`) at most. */
const MAX_CONFIRM_GROUP = 256;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

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
  readonly #confirms: ConfirmQueue;
  /** The confirm writes' thread, for a database file (undefined: written on this thread). */
  #pollTimer: NodeJS.Timeout | undefined;
  #dataVersion = 0;

  readonly #st: SqliteStatements;

  /** Transactions (BEGIN IMMEDIATE when called through `.immediate`). */
  readonly #tx: SqliteTransactions;

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
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
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

    this.#st = prepareSqliteStatements(db);

    this.#tx = sqliteTransactions(db, this.#st);
    this.#confirms = new ConfirmQueue({
      maxGroup: MAX_CONFIRM_GROUP,
      run: (group) => this.#runConfirmGroup(group),
    });
  }

  /**
   * The store's own connection, for the outbox of an in-memory database (`:memory:` is private to
   * its connection, so a second one would open an empty database). Nothing else may use it.
   */
  get connection(): Database.Database {
    return this.#db;
  }

  async upsertStock(rows: readonly StockUpsert[]): Promise<UpsertStockResult> {
    this.#checkOpen();
    const batch = prepareStockUpserts(rows);
    if (batch.rows.length === 0) return { applied: 0, stale: batch.staleInBatch };
    const result = this.#write(() => this.#tx.upsertStock.immediate(batch.rows));
    if (result.seq !== undefined) this.#listeners.emit(result.seq);
    return { applied: result.applied, stale: result.stale + batch.staleInBatch };
  }

  async loadStock(afterSeq = 0, options: { batchSize?: number } = {}): Promise<StockChanges> {
    this.#checkOpen();
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
    const seq = this.#read(() => this.#st.seqGet.get()!);
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
    // Pages are read one after another, each in its own read: a row changed again after `seq`
    // is left to the next load (so no row arrives newer than `seq`). A full load walks the key
    // (`+change_seq`: given statistics, as after an ANALYZE, the planner takes the change index
    // for `change_seq <= ?` and sorts the whole table for every page).
    const first = full
      ? page("where +change_seq <= ?", "sku, warehouse_id")
      : page("where change_seq > ? and change_seq <= ?", "change_seq, sku, warehouse_id");
    const next = full
      ? page("where (sku, warehouse_id) > (?, ?) and +change_seq <= ?", "sku, warehouse_id")
      : page(
          "where (change_seq, sku, warehouse_id) > (?, ?, ?) and change_seq <= ?",
          "change_seq, sku, warehouse_id",
        );
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
            ? first.get(...(full ? [seq, batchSize] : [afterSeq, seq, batchSize]))
            : next.get(
                ...(full ? [at[0], at[1], seq, batchSize] : [at[7], at[0], at[1], seq, batchSize]),
              ),
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
    const seq = this.#write(() => this.#tx.capacity.immediate(warehouseId, update));
    if (seq !== undefined) this.#listeners.emit(seq);
  }

  async setBookedLoad(warehouseId: string, loads: readonly BookedLoad[]): Promise<void> {
    this.#checkOpen();
    checkBookedLoad(warehouseId, loads);
    const seq = this.#write(() => this.#tx.bookedLoad.immediate(warehouseId, loads));
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
          seq: this.#st.seqGet.get()!,
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
    return this.#confirms.push(request, decide);
  }

  async getPromise(id: string): Promise<StoredPromise | undefined> {
    this.#checkOpen();
    return this.#read(() =>
      this.#db.transaction(() => {
        const row = this.#st.promiseById.get(id);
        return row === undefined ? undefined : readPromise(this.#st, row);
      })(),
    );
  }

  async cancelPromise(id: string, atMs: number): Promise<StoredPromise | undefined> {
    this.#checkOpen();
    const result = this.#write(() => this.#tx.cancel.immediate(id, atMs));
    if (result?.seq !== undefined) this.#listeners.emit(result.seq);
    return result?.promise;
  }

  async fulfilPromise(
    id: string,
    atMs: number,
    shippedOn: (warehouseId: string) => Day = () => utcDayOf(atMs),
  ): Promise<StoredPromise | undefined> {
    this.#checkOpen();
    const result = this.#write(() => this.#tx.fulfil.immediate(id, atMs, shippedOn));
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
    const { plan, seq } = this.#write(() =>
      this.#tx.shipmentEvents.immediate(events, nowMs, terms),
    );
    if (seq !== undefined) this.#listeners.emit(seq);
    return shipmentEventsResult(plan);
  }

  async getShipments(promiseId: string): Promise<ShipmentRecord[]> {
    this.#checkOpen();
    return this.#read(() => this.#st.shipmentsOf.all(promiseId).map(toShipmentRecord));
  }

  loadDeliveries(
    fromDay: Day,
    toDay: Day,
    options: { batchSize?: number } = {},
  ): AsyncIterable<readonly DeliveryRecord[]> {
    return this.#outcomes("delivered", fromDay, toDay, options, tupleToDeliveryRecord);
  }

  loadShipped(
    fromDay: Day,
    toDay: Day,
    options: { batchSize?: number; promisesOnly?: boolean } = {},
  ): AsyncIterable<readonly ShippedRecord[]> {
    return this.#outcomes("shipped", fromDay, toDay, options, tupleToShippedRecord);
  }

  /** Outcomes by delivered or ship day, through the shared reader (keyset-pages.ts). */
  #outcomes<Out>(
    day: OutcomeDay,
    fromDay: Day,
    toDay: Day,
    options: { batchSize?: number; promisesOnly?: boolean },
    map: (t: ShippedTuple) => Out,
  ): AsyncIterable<readonly Out[]> {
    this.#checkOpen();
    const read = this.#read.bind(this);
    const pages = (sql: string) => {
      const stmt = this.#pluckedStatement(sql);
      return (...args: unknown[]) =>
        JSON.parse(read(() => stmt.get(...args)) ?? "[]") as ShippedTuple[];
    };
    const columns = OUTCOME_DAY_COLUMNS[day];
    // Shipments of promises page by key, imports by id; each page is one JSON text. `+column` on
    // imports: page along the rowid (an index on the day would sort the whole range every page).
    const shipments = pages(
      `select json_group_array(json_array(0, warehouse_id, service_id, country_code, postal_code,
         coalesce(ship_day, promised_ship_day), delivered_day, promised_earliest_day,
         promised_latest_day, on_time_probability, promise_id))
       from (select * from shipment
         where ${columns.shipment} between ? and ? and (promise_id, warehouse_id) > (?, ?)
         order by promise_id, warehouse_id limit ?)`,
    );
    const imports = pages(
      `select json_group_array(json_array(1, warehouse_id, service_id, country_code, postal_code,
         ship_day, delivered_day, null, promised_latest_day, null, id))
       from (select * from imported_delivery
         where +${columns.imported} between ? and ? and id > ? order by id limit ?)`,
    );
    const queries: OutcomeQueries = {
      shipments: (after, limit) => shipments(fromDay, toDay, after[0], after[1], limit),
      imports: (after, limit) => imports(fromDay, toDay, after, limit),
    };
    const settings = {
      batchSize: batchSizeOf(options, 50_000),
      promisesOnly: options.promisesOnly === true,
      closed: () => this.#closed,
    };
    return {
      [Symbol.asyncIterator]: () => outcomePages(queries, settings, map),
    };
  }

  loadPromises(
    fromMs: number,
    toMs: number,
    options: { batchSize?: number } = {},
  ): AsyncIterable<readonly PromiseRecord[]> {
    this.#checkOpen();
    const read = this.#read.bind(this);
    const closed = () => this.#closed;
    const stmt = this.#pluckedStatement(
      `select json_group_array(json_array(id, status, created_at_ms, payload))
       from (select id, status, created_at_ms, payload from promise
         where id > ? and created_at_ms >= ? and created_at_ms < ? and status <> 'cancelled'
         order by id limit ?)`,
    );
    const batchSize = batchSizeOf(options, 20_000);
    return {
      [Symbol.asyncIterator]: () =>
        keysetPages<PromiseTuple, string, PromiseRecord>(
          {
            first: "",
            keyOf: (last) => last[0],
            page: (after, limit) =>
              JSON.parse(
                read(() => stmt.get(after, fromMs, toMs, limit)) ?? "[]",
              ) as PromiseTuple[],
          },
          batchSize,
          closed,
          tupleToPromiseRecord,
        ),
    };
  }

  loadImportedOutcomes(fromDay: Day, toDay: Day): AsyncIterable<readonly ImportedOutcomeGroup[]> {
    return this.#dailyOutcomes(IMPORTED_OUTCOMES_SQLITE, fromDay, toDay, tupleToImportedOutcome);
  }

  loadShipmentOutcomes(fromDay: Day, toDay: Day): AsyncIterable<readonly ShipmentOutcomeGroup[]> {
    return this.#dailyOutcomes(SHIPMENT_OUTCOMES_SQLITE, fromDay, toDay, tupleToShipmentOutcome);
  }

  /** A rollup's groups one ship day at a time (`sql` answers one day's JSON array of tuples). */
  #dailyOutcomes<T, G>(
    sql: string,
    fromDay: Day,
    toDay: Day,
    map: (day: Day, t: T) => G,
  ): AsyncIterable<readonly G[]> {
    this.#checkOpen();
    const read = this.#read.bind(this);
    const closed = () => this.#closed;
    const stmt = this.#pluckedStatement(sql);
    return {
      [Symbol.asyncIterator]: () =>
        dailyPages(fromDay, toDay, closed, (day) =>
          (JSON.parse(read(() => stmt.get(day)) ?? "[]") as T[]).map((t) => map(day, t)),
        ),
    };
  }

  loadUntrackedShipments(
    fromDay: Day,
    toDay: Day,
    options: { batchSize?: number } = {},
  ): AsyncIterable<readonly UntrackedShipment[]> {
    this.#checkOpen();
    const read = this.#read.bind(this);
    const closed = () => this.#closed;
    const stmt = this.#pluckedStatement(UNTRACKED_SHIPMENTS_SQLITE);
    const batchSize = batchSizeOf(options, 50_000);
    return {
      [Symbol.asyncIterator]: () =>
        keysetPages<UntrackedTuple, readonly [string, string], UntrackedShipment>(
          {
            first: ["", ""],
            keyOf: (last) => [last[0], last[1]],
            page: (after, limit) =>
              JSON.parse(
                read(() => stmt.get(fromDay, toDay, after[0], after[1], limit)) ?? "[]",
              ) as UntrackedTuple[],
          },
          batchSize,
          closed,
          tupleToUntrackedShipment,
        ),
    };
  }

  async importDeliveries(rows: readonly ImportedDelivery[]): Promise<number> {
    this.#checkOpen();
    if (rows.length === 0) return 0;
    return this.#write(() => this.#tx.importDeliveries.immediate(rows));
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
            day: dayNumber(r.day),
            promised: r.promised,
            promisedByPromises: Number(r.by_promises),
          })),
          pickupMismatches: this.#all(q.pickupMismatches().compile(k)).map((r) => ({
            serviceId: r.service_id,
            warehouseId: r.warehouse_id,
            day: dayNumber(r.day),
            promised: r.promised,
            promisedByPromises: Number(r.by_promises),
          })),
          shippedMismatches: this.#all(q.shippedMismatches().compile(k)).map((r) => ({
            warehouseId: r.warehouse_id,
            day: dayNumberOrNull(r.day),
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
    return this.#read(() => this.#st.seqGet.get()!);
  }

  onChange(listener: (seq: number) => void): () => void {
    this.#checkOpen();
    if (this.#listeners.size === 0) {
      this.#listeners.observe(this.#read(() => this.#st.seqGet.get()!));
      this.#dataVersion = this.#read(() => this.#st.dataVersionGet.get()!);
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
    // Answers what was asked before close (the groups run synchronously, before `#closed`).
    const drained = this.#confirms.close();
    this.#closed = true;
    await drained;
    this.#stopPolling();
    this.#listeners.clear();
    this.#statements.clear();
    this.#db.close();
  }

  // ---- internals --------------------------------------------------------------------------

  /** Writes one group (one transaction, one fsync) and answers its confirms after the commit. */
  #runConfirmGroup(group: readonly QueuedConfirm[]): void {
    if (this.#closed) {
      for (const p of group) p.reject(storeClosedError());
      return;
    }
    let written: WrittenConfirms[];
    try {
      written = this.#tx.confirmGroup.immediate(group);
    } catch (err) {
      const error = toStoreError(err);
      for (const p of group) p.reject(error); // no effect on the ones already answered
      return;
    }
    let seq = -1;
    for (const w of written) {
      for (const a of w.accepted)
        a.item.resolve({ kind: "confirmed", promise: a.promise, seq: w.seq });
      if (w.seq > seq) seq = w.seq;
    }
    if (seq >= 0) this.#listeners.emit(seq);
  }

  #checkOpen(): void {
    if (this.#closed) throw storeClosedError();
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
      const version = this.#st.dataVersionGet.get()!;
      if (version === this.#dataVersion) return;
      this.#dataVersion = version;
      this.#listeners.emit(this.#st.seqGet.get()!);
    } catch (err) {
      this.#logger.warn({ err }, "store change poll failed");
    }
  }
}
