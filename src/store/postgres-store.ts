import { Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import pg from "pg";
import { DomainError } from "../domain/domain-error.js";
import { shipUnits } from "../domain/ship-units.js";
import { type Day, dayNumber, dayNumberOrNull, utcDayOf } from "../engine/day.js";
import { ChangeListeners } from "./change-listeners.js";
import { CurrentSchemaPostgresDialect } from "./current-schema-dialect.js";
import {
  batchSizeOf,
  dailyPages,
  keysetPages,
  OUTCOME_DAY_COLUMNS,
  type OutcomeDay,
  type OutcomeQueries,
  outcomePages,
} from "./keyset-pages.js";
import { importedOutcomeUpsert } from "./outcome-rollup-migration.js";
import {
  type PromiseFacts,
  planShipmentEvents,
  type ShipmentEventsPlan,
  type StoredShipmentEvent,
  shipmentKey,
} from "./plan-shipment-events.js";
import { PostgresChangeListener } from "./postgres-change-listener.js";
import { CHANGE_CHANNEL, PostgresConfirmQueue } from "./postgres-confirm-queue.js";
import { shipmentEventsResult } from "./shipment-events-result.js";
import {
  emptiedShipmentOutcomesPostgres,
  SHIPMENT_OUTCOME_KEY,
  shipmentOutcomeDelta,
} from "./shipment-outcome-rollup.js";
import { shipmentOutcomesPostgres, tupleToShipmentOutcome } from "./shipment-outcomes.js";
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
  PromiseStatus,
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
import {
  describeStoreFailure,
  isRetryableConflict,
  promiseStatusError,
  storeClosedError,
  storeUnavailable,
  toStoreError,
} from "./store-error.js";
import { StoreHealth } from "./store-health.js";
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
  type CapacityRow,
  countOverReserved,
  decodeInbound,
  encodeInbound,
  type LoadRow,
  type OverrideRow,
  type PickupLoadRow,
  type PromiseTuple,
  SHIPMENT_COLUMNS,
  type ShipmentEventRow,
  type ShipmentRow,
  type ShippedRow,
  type ShippedTuple,
  type StockTuple,
  shipmentValues,
  toCapacityDefault,
  toCapacityOverride,
  toLoadRecord,
  toPickupLoadRecord,
  toShipmentRecord,
  toStoredShipmentEvent,
  tupleToDeliveryRecord,
  tupleToPromiseRecord,
  tupleToShippedRecord,
  tupleToStockRecord,
} from "./store-rows.js";
import type { StoreDatabase } from "./store-schema.js";
import { QueryTimeoutError, TimedPool } from "./timed-pool.js";
import {
  importedOutcomesPostgres,
  tupleToImportedOutcome,
  tupleToUntrackedShipment,
  type UntrackedTuple,
  untrackedShipmentsPostgres,
} from "./untracked-shipments.js";

export interface PostgresStoreOptions {
  readonly databaseUrl: string;
  /** The schema holding the tables (created when missing); default: the connection's own. */
  readonly schema?: string;
  readonly logger: StoreLogger;
  /** Pool size (default 10). */
  readonly poolSize?: number;
  /**
   * The longest any store operation may take (connecting, waiting for a pooled connection, each
   * query, and the operation as a whole) before it fails with UNAVAILABLE; a query that got no
   * answer in time has its connection destroyed (default 5,000 ms: PROMISE_STORE_TIMEOUT_MS).
   */
  readonly timeoutMs?: number;
  /** How long to wait for a connection before failing with UNAVAILABLE (default: timeoutMs). */
  readonly connectTimeoutMs?: number;
  /** Attempts of a confirm whose conditional update lost a race (default 3). */
  readonly confirmAttempts?: number;
  /**
   * The longest any statement may run or wait for a lock before PostgreSQL cancels it (default:
   * timeoutMs; the call then fails with UNAVAILABLE instead of hanging on a stuck lock). Full
   * loads and upserts are paged well below it.
   */
  readonly statementTimeoutMs?: number;
}

/** The default of PostgresStoreOptions.timeoutMs (and of PROMISE_STORE_TIMEOUT_MS). */
export const DEFAULT_STORE_TIMEOUT_MS = 5_000;
/** Attempts of a transaction that failed with a serialization failure or a deadlock. */
const CONFLICT_ATTEMPTS = 3;

const DEFAULT_BATCH = 10_000;
const UPSERT_CHUNK = 5_000;

/** int8 (counts, sums, bigint columns) as JS numbers: every value here is far below 2^53. */
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20 && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The shared store on PostgreSQL (several service processes on one database). Transactions run
 * at READ COMMITTED; correctness under concurrency comes from conditional updates (re-checked by
 * PostgreSQL on the latest row version after a lock wait) and the unique idempotency key.
 * Confirms go through `PostgresConfirmQueue` (group commit).
 *
 * Every writing transaction bumps the single `change_counter` row before it touches any stock,
 * load or promise row it updates, and holds it to its commit: sequence numbers therefore follow
 * commit order (a reader that read seq N has every change numbered N or lower committed, which
 * a PostgreSQL sequence would not give), the lock order is fixed (no deadlocks), and each
 * transaction sends `NOTIFY promise_state` (payload `<schema>:<seq>`) with its commit. The
 * counter serialises the commits of writers; PostgreSQL serialises the commits of NOTIFYing
 * transactions anyway, and group commit keeps that to one commit per group of confirms.
 */
export class PostgresStore implements Store {
  readonly engine = "postgres" as const;
  readonly #db: Kysely<StoreDatabase>;
  readonly #schema: string;
  readonly #logger: StoreLogger;
  readonly #listeners: ChangeListeners;
  readonly #changeListener: PostgresChangeListener;
  readonly #confirms: PostgresConfirmQueue;
  readonly #health: StoreHealth;
  readonly #timeoutMs: number;
  #closed = false;

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const { schema, logger } = options;
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new DomainError("INVALID_ARGUMENT", `not a plain schema name: ${schema}`, "pgSchema");
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    const config: pg.ClientConfig = {
      connectionString: options.databaseUrl,
      connectionTimeoutMillis: options.connectTimeoutMs ?? timeoutMs,
      // TCP keepalive: an idle connection whose peer vanished is found out by the kernel.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: "promise",
      statement_timeout: options.statementTimeoutMs ?? timeoutMs,
      // A transaction whose client went silent (a partition between two of its statements) is
      // rolled back by PostgreSQL after the limit, releasing the locks that would otherwise
      // block every other replica's writes until TCP gives up on the connection.
      idle_in_transaction_session_timeout: timeoutMs,
      types: PG_TYPES,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    };
    const health = new StoreHealth(logger);
    const pool = new pg.Pool({ ...config, max: options.poolSize ?? 10, idleTimeoutMillis: 30_000 });
    // A lost connection (idle, or checked out: such a client has no pool listener, so each gets
    // its own) must never crash the process; it is logged once per outage, without a stack.
    const lost = (err: Error) => {
      if (!health.unavailable) logger.warn(describeStoreFailure(err), "store connection lost");
    };
    pool.on("error", lost);
    pool.on("connect", (client) => {
      client.on("error", lost);
    });
    const timed = new TimedPool(pool, timeoutMs);
    const db = new Kysely<StoreDatabase>({
      dialect: new CurrentSchemaPostgresDialect({ pool: timed }),
    });
    try {
      if (schema !== undefined) {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(db).catch(async (err) => {
          // Two processes creating it at once: one loses the race, the schema is there.
          const exists = await sql<{ n: number }>`
            select count(*) as n from pg_namespace where nspname = ${schema}`.execute(db);
          if (exists.rows[0]?.n !== 1) throw err;
        });
      }
      const current = await sql<{ s: string }>`select current_schema() as s`.execute(db);
      const effective = current.rows[0]?.s;
      if (effective === undefined || effective === null) {
        throw new DomainError("FAILED_PRECONDITION", "the connection has no current schema");
      }
      const applied = await migrateStore(db as Kysely<unknown>, "postgres", {
        migrationTableSchema: effective,
      });
      if (applied.length > 0)
        logger.info({ schema: effective, migrations: applied }, "store migrated");
      return new PostgresStore(db, timed, config, effective, options, health);
    } catch (err) {
      await db.destroy().catch(() => {});
      throw toStoreError(err);
    }
  }

  private constructor(
    db: Kysely<StoreDatabase>,
    pool: TimedPool,
    config: pg.ClientConfig,
    schema: string,
    options: PostgresStoreOptions,
    health: StoreHealth,
  ) {
    this.#db = db;
    this.#schema = schema;
    this.#logger = options.logger;
    this.#health = health;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    this.#confirms = new PostgresConfirmQueue({
      db,
      pool,
      schema,
      maxAttempts: Math.max(1, options.confirmAttempts ?? 3),
      onCommitted: (seq) => this.#listeners.emit(seq),
    });
    this.#listeners = new ChangeListeners(options.logger);
    // Every operation below is limited in time and retried on conflicts (see #guard); confirm
    // has its own limit (the caller's deadline).
    this.upsertStock = this.#guard("upsertStock", this.upsertStock);
    this.loadStock = this.#guard("loadStock", this.loadStock);
    this.setCapacity = this.#guard("setCapacity", this.setCapacity);
    this.setBookedLoad = this.#guard("setBookedLoad", this.setBookedLoad);
    this.loadCapacity = this.#guard("loadCapacity", this.loadCapacity);
    this.getPromise = this.#guard("getPromise", this.getPromise);
    this.cancelPromise = this.#guard("cancelPromise", this.cancelPromise);
    this.fulfilPromise = this.#guard("fulfilPromise", this.fulfilPromise);
    this.recordShipmentEvents = this.#guard("recordShipmentEvents", this.recordShipmentEvents);
    this.getShipments = this.#guard("getShipments", this.getShipments);
    this.importDeliveries = this.#guard("importDeliveries", this.importDeliveries);
    this.checkReservations = this.#guard("checkReservations", this.checkReservations);
    this.currentSeq = this.#guard("currentSeq", this.currentSeq);
    this.#changeListener = new PostgresChangeListener({
      config,
      channel: CHANGE_CHANNEL,
      logger: options.logger,
      onNotification: (payload) => this.#onNotification(payload),
      onListening: () => this.#catchUp(),
    });
  }

  /** Whether the change listener is connected (for health reporting and tests). */
  get listening(): boolean {
    return this.#changeListener.listening;
  }

  async upsertStock(rows: readonly StockUpsert[]): Promise<UpsertStockResult> {
    this.#checkOpen();
    const batch = prepareStockUpserts(rows);
    let applied = 0;
    let stale = batch.staleInBatch;
    let lastSeq: number | undefined;
    try {
      await this.#db.transaction().execute(async (trx) => {
        for (let i = 0; i < batch.rows.length; i += UPSERT_CHUNK) {
          const chunk = batch.rows.slice(i, i + UPSERT_CHUNK);
          const skus = chunk.map((r) => r.sku);
          const whs = chunk.map((r) => r.warehouseId);
          const stored = await sql<{ sku: string; warehouse_id: string; version: number }>`
            select s.sku, s.warehouse_id, s.version
            from stock s join unnest(${skus}::text[], ${whs}::text[]) as k(sku, wh)
              on s.sku = k.sku and s.warehouse_id = k.wh`.execute(trx);
          const versions = new Map<string, number>();
          for (const r of stored.rows) versions.set(`${r.sku}\u0000${r.warehouse_id}`, r.version);
          const write = [];
          for (const r of chunk) {
            const v = versions.get(`${r.sku}\u0000${r.warehouseId}`);
            if (v === undefined || v < r.version) write.push(r);
            else if (v > r.version) stale += r.weight;
            else applied += r.weight;
          }
          if (write.length === 0) continue;
          const result = await sql<{ seq: number; written: number }>`
            with c as (update change_counter set seq = seq + 1 where id = 1 returning seq),
            u as (
              insert into stock
                (sku, warehouse_id, on_hand, safety_stock, reserved, inbound, version, change_seq)
              select v.sku, v.wh, v.oh, v.ss, 0, v.inb, v.ver, (select seq from c)
              from unnest(${write.map((r) => r.sku)}::text[], ${write.map((r) => r.warehouseId)}::text[],
                ${write.map((r) => r.onHand)}::int[], ${write.map((r) => r.safetyStock)}::int[],
                ${write.map((r) => r.inbound)}::text[], ${write.map((r) => r.version)}::int8[])
                as v(sku, wh, oh, ss, inb, ver)
              on conflict (sku, warehouse_id) do update set
                on_hand = excluded.on_hand, safety_stock = excluded.safety_stock,
                inbound = excluded.inbound, version = excluded.version,
                change_seq = excluded.change_seq
              where stock.version < excluded.version
              returning sku, warehouse_id
            )
            select (select seq from c) as seq, (select count(*) from u) as written,
              pg_notify(${CHANGE_CHANNEL}, ${this.#schema}::text || ':' || (select seq from c)::text)
          `.execute(trx);
          const row = result.rows[0]!;
          lastSeq = row.seq;
          // Rows written = applied. Rows not written lost a race with a concurrent feed batch
          // that stored a version at least as new: counted as stale.
          const expected = write.reduce((n, r) => n + r.weight, 0);
          if (row.written === write.length) applied += expected;
          else {
            applied += row.written;
            stale += expected - row.written;
          }
        }
      });
    } catch (err) {
      throw toStoreError(err);
    }
    if (lastSeq !== undefined) this.#listeners.emit(lastSeq);
    return { applied, stale };
  }

  async loadStock(afterSeq = 0, options: { batchSize?: number } = {}): Promise<StockChanges> {
    this.#checkOpen();
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
    const db = this.#db;
    const closed = () => this.#closed;
    const full = afterSeq <= 0;
    // A page is one JSON value (parsed once by the driver), in key order; the first page also
    // reads the change counter (one round trip, and the counter of the same snapshot). Later
    // pages are later statements: a row changed again after that counter is left to the next
    // load (so no row arrives newer than `seq`).
    const counter = sql`(select seq from change_counter where id = 1)`;
    const page = (where: RawBuilder<unknown>, order: RawBuilder<unknown>, upTo: unknown) =>
      sql<{ seq: number; page: StockTuple[] }>`
        select ${counter} as seq,
          coalesce(json_agg(json_build_array(sku, warehouse_id, on_hand, safety_stock,
          reserved, inbound::json, version, change_seq) order by ${order}), '[]'::json) as page
        from (select * from stock ${where} and change_seq <= ${upTo}
          order by ${order} limit ${batchSize}) s`;
    const byKey = sql`sku, warehouse_id`;
    const byChange = sql`change_seq, sku, warehouse_id`;
    let seq: number | undefined;
    const read = async (at: StockTuple | undefined) => {
      const upTo = seq ?? counter;
      let query: RawBuilder<{ seq: number; page: StockTuple[] }>;
      if (full) {
        query =
          at === undefined
            ? page(sql`where true`, byKey, upTo)
            : page(sql`where (sku, warehouse_id) > (${at[0]}, ${at[1]})`, byKey, upTo);
      } else {
        query =
          at === undefined
            ? page(sql`where change_seq > ${afterSeq}`, byChange, upTo)
            : page(
                sql`where (change_seq, sku, warehouse_id) > (${at[7]}, ${at[0]}, ${at[1]})`,
                byChange,
                upTo,
              );
      }
      try {
        return (await query.execute(db)).rows[0]!;
      } catch (err) {
        throw toStoreError(err);
      }
    };
    const first = await read(undefined);
    seq = Number(first.seq);
    async function* pages(): AsyncGenerator<readonly StockRecord[]> {
      let tuples = first.page;
      for (;;) {
        if (tuples.length === 0) return;
        yield tuples.map(tupleToStockRecord);
        if (tuples.length < batchSize) return;
        if (closed()) throw storeClosedError();
        tuples = (await read(tuples[tuples.length - 1])).page;
      }
    }
    return { seq, batches: pages() };
  }

  async setCapacity(warehouseId: string, update: CapacityUpdate): Promise<void> {
    this.#checkOpen();
    checkCapacityUpdate(warehouseId, update);
    const overrides = update.overrides ?? [];
    if (update.daily === undefined && overrides.length === 0) return;
    await this.#write(async (trx, seq) => {
      if (update.daily !== undefined) {
        await sql`
          insert into warehouse_capacity (warehouse_id, daily, change_seq)
          values (${warehouseId}, ${update.daily}::int, ${seq})
          on conflict (warehouse_id) do update set
            daily = excluded.daily, change_seq = excluded.change_seq`.execute(trx);
      }
      if (overrides.length > 0) {
        await sql`
          insert into capacity_override (warehouse_id, day, value, change_seq)
          select ${warehouseId}, v.day, v.value, ${seq}
          from unnest(${overrides.map((o) => o.day)}::int[], ${overrides.map((o) => o.value)}::int[])
            as v(day, value)
          on conflict (warehouse_id, day) do update set
            value = excluded.value, change_seq = excluded.change_seq`.execute(trx);
      }
    });
  }

  async setBookedLoad(warehouseId: string, loads: readonly BookedLoad[]): Promise<void> {
    this.#checkOpen();
    checkBookedLoad(warehouseId, loads);
    if (loads.length === 0) return;
    // Last value of a day wins, as in a sequence of single updates.
    const byDay = new Map<number, number>();
    for (const l of loads) byDay.set(l.day, l.orders);
    const days = [...byDay.keys()].sort((a, b) => a - b);
    await this.#write(async (trx, seq) => {
      await sql`
        insert into warehouse_load (warehouse_id, day, external, promised, change_seq)
        select ${warehouseId}, v.day, v.orders, 0, ${seq}
        from unnest(${days}::int[], ${days.map((d) => byDay.get(d)!)}::int[]) as v(day, orders)
        on conflict (warehouse_id, day) do update set
          external = excluded.external, change_seq = excluded.change_seq`.execute(trx);
    });
  }

  async loadCapacity(afterSeq = 0, options: LoadCapacityOptions = {}): Promise<CapacityChanges> {
    const perDay = checkRecentBookings(options.recentBookings);
    this.#checkOpen();
    try {
      // One statement, so one snapshot and one round trip for the counter and the five reads
      // (a view refresh follows every change notice: under confirms from another process, this
      // was eight round trips in a read-only transaction, 50 times a second).
      const bookings =
        perDay === 0
          ? sql`'[]'::json`
          : sql`(select coalesce(json_agg(json_build_array(l.warehouse_id, l.day, (
              select string_agg(b.at::text, ',') from (
                select r.booked_at_ms as at
                from capacity_reservation r join promise p on p.id = r.promise_id
                where r.warehouse_id = l.warehouse_id and r.day = l.day
                  and p.status in ('confirmed', 'fulfilled', 'delivered')
                order by r.booked_at_ms desc
                limit ${perDay}) b))), '[]'::json)
              from warehouse_load l where l.change_seq > ${afterSeq})`;
      const r = await sql<CapacityChangesRow>`
        select (select seq from change_counter where id = 1) as seq,
          (select coalesce(json_agg(c order by c.warehouse_id), '[]'::json)
            from warehouse_capacity c where c.change_seq > ${afterSeq}) as defaults,
          (select coalesce(json_agg(o order by o.warehouse_id, o.day), '[]'::json)
            from capacity_override o where o.change_seq > ${afterSeq}) as overrides,
          (select coalesce(json_agg(l order by l.warehouse_id, l.day), '[]'::json)
            from warehouse_load l where l.change_seq > ${afterSeq}) as loads,
          (select coalesce(json_agg(k order by k.service_id, k.warehouse_id, k.day), '[]'::json)
            from pickup_load k where k.change_seq > ${afterSeq}) as pickups,
          ${bookings} as bookings`.execute(this.#db);
      const row = r.rows[0]!;
      const loads = row.loads.map(toLoadRecord);
      return {
        seq: Number(row.seq),
        defaults: row.defaults.map(toCapacityDefault),
        overrides: row.overrides.map(toCapacityOverride),
        loads,
        pickups: row.pickups.map(toPickupLoadRecord),
        bookings:
          perDay === 0 || loads.length === 0
            ? []
            : bookingsOf(
                loads,
                row.bookings.map(([warehouse_id, day, booked]) => ({ warehouse_id, day, booked })),
              ),
      };
    } catch (err) {
      throw toStoreError(err);
    }
  }

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
    // Answered within the store's time limit and by the caller's deadline; the write cannot
    // commit after that instant (`writeBy`), so a caller told "unavailable" or "deadline
    // exceeded" never holds a promise it does not know about.
    const now = Date.now();
    const callerDeadline = request.deadlineMs ?? Number.POSITIVE_INFINITY;
    const budget = Math.max(0, Math.min(this.#timeoutMs, callerDeadline - now));
    const writeBy = now + budget;
    return this.#limit(
      "confirm",
      budget,
      () => this.#confirms.confirm(request, decide, writeBy),
      () => (callerDeadline <= writeBy ? confirmDeadlineError() : undefined),
    );
  }

  async getPromise(id: string): Promise<StoredPromise | undefined> {
    this.#checkOpen();
    return this.#confirms.promiseWhere("id", id);
  }

  async cancelPromise(id: string, atMs: number): Promise<StoredPromise | undefined> {
    this.#checkOpen();
    const before = await this.#confirms.promiseWhere("id", id);
    if (before?.status === "fulfilled" || before?.status === "delivered") {
      throw promiseStatusError("cancel");
    }
    if (before === undefined || before.status !== "confirmed") return before;
    let result: { seq: number; cancelled: number };
    try {
      // One statement: it takes the counter first, then flips the status; only the statement
      // that flips it releases (a concurrent cancel re-checks `status` on the latest row
      // version after waiting, finds nothing to do, and releases nothing).
      const r = await sql<{ seq: number; cancelled: number }>`
        with c as (update change_counter set seq = seq + 1 where id = 1 returning seq),
        p as (
          update promise set status = 'cancelled', cancelled_at_ms = ${atMs}
          where id = ${id} and status = 'confirmed' and (select seq from c) > 0
          returning id
        ),
        s as (
          update stock as t set reserved = t.reserved - r.quantity, change_seq = (select seq from c)
          from stock_reservation r
          where r.promise_id in (select id from p)
            and t.sku = r.sku and t.warehouse_id = r.warehouse_id
          returning 1
        ),
        l as (
          update warehouse_load as t set promised = t.promised - 1,
            change_seq = (select seq from c)
          from capacity_reservation r
          where r.promise_id in (select id from p) and t.warehouse_id = r.warehouse_id
            and t.day = r.day
          returning 1
        ),
        k as (
          update pickup_load as t set promised = t.promised - 1,
            change_seq = (select seq from c)
          from pickup_reservation r
          where r.promise_id in (select id from p) and t.service_id = r.service_id
            and t.warehouse_id = r.warehouse_id and t.day = r.day
          returning 1
        )
        select (select seq from c) as seq, (select count(*) from p) as cancelled,
          (select count(*) from s) + (select count(*) from l) + (select count(*) from k)
            as released,
          pg_notify(${CHANGE_CHANNEL}, ${this.#schema}::text || ':' || (select seq from c)::text)
      `.execute(this.#db);
      result = r.rows[0]!;
    } catch (err) {
      throw toStoreError(err);
    }
    this.#listeners.emit(result.seq);
    if (result.cancelled === 1) return { ...before, status: "cancelled", cancelledAtMs: atMs };
    // A concurrent cancel won (return what it stored), or a concurrent fulfil did (refuse).
    const now = await this.#confirms.promiseWhere("id", id);
    if (now?.status === "fulfilled" || now?.status === "delivered") {
      throw promiseStatusError("cancel");
    }
    return now;
  }

  async fulfilPromise(
    id: string,
    atMs: number,
    shippedOn: (warehouseId: string) => Day = () => utcDayOf(atMs),
  ): Promise<StoredPromise | undefined> {
    this.#checkOpen();
    const before = await this.#confirms.promiseWhere("id", id);
    if (before?.status === "cancelled") throw promiseStatusError("fulfil");
    if (before === undefined || before.status !== "confirmed") return before;
    // The counter first (as every writer takes it), then the status flip: only the transaction
    // that flips it ships. The units leave the reservation and on hand alike (see shipUnits);
    // `version` is kept so the feed's next count still overwrites on hand. Capacity and pickup
    // reservations stay booked: the day's work was done.
    let fulfilled = false;
    await this.#write(async (trx, seq) => {
      fulfilled = await shipPromise(trx, id, atMs, seq, shippedOn);
    });
    if (fulfilled) return { ...before, status: "fulfilled", fulfilledAtMs: atMs };
    // A concurrent fulfil won (return what it stored), or a concurrent cancel did (refuse).
    const now = await this.#confirms.promiseWhere("id", id);
    if (now?.status === "cancelled") throw promiseStatusError("fulfil");
    return now;
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
    let outcome: { plan: ShipmentEventsPlan; seq: number };
    try {
      outcome = await this.#db.transaction().execute(async (trx) => {
        // The counter first, as every writer: batches (and fulfils, cancels) take turns, so what
        // is read below stays true until the commit.
        const seq = (
          await sql<{ seq: number }>`
            update change_counter set seq = seq + 1 where id = 1 returning seq`.execute(trx)
        ).rows[0]!.seq;
        const eventIds = events.map((e) => String(e.eventId));
        const promiseIds = [...new Set(events.map((e) => String(e.promiseId)))];
        const known = await sql<{ event_id: string }>`
          select event_id from shipment_event where event_id = any(${eventIds}::text[])`.execute(
          trx,
        );
        const promiseRows = await sql<{
          id: string;
          status: string;
          created_at_ms: number;
          payload: string;
        }>`
          select id, status, created_at_ms, payload from promise
          where id = any(${promiseIds}::text[])`.execute(trx);
        const stored = await sql<ShipmentEventRow>`
          select event_id, promise_id, warehouse_id, kind, occurred_at_ms, day, service_id,
            tracking_number
          from shipment_event where promise_id = any(${promiseIds}::text[])`.execute(trx);
        const promises = new Map<string, PromiseFacts>();
        for (const r of promiseRows.rows) {
          promises.set(r.id, {
            status: r.status as PromiseStatus,
            createdAtMs: Number(r.created_at_ms),
            payload: JSON.parse(r.payload) as unknown,
          });
        }
        const storedEvents = new Map<string, StoredShipmentEvent[]>();
        for (const r of stored.rows) {
          const key = shipmentKey(r.promise_id, r.warehouse_id);
          let list = storedEvents.get(key);
          if (list === undefined) {
            list = [];
            storedEvents.set(key, list);
          }
          list.push(toStoredShipmentEvent(r));
        }
        const plan = planShipmentEvents(
          events,
          nowMs,
          { promises, storedEventIds: new Set(known.rows.map((r) => r.event_id)), storedEvents },
          terms,
        );
        // Nothing to write: roll back, so the counter does not move.
        if (plan.applied === 0) throw new NothingApplied(plan);
        await sql`
          insert into shipment_event
          select * from json_populate_recordset(null::shipment_event, ${JSON.stringify(
            plan.insertEvents.map((e) => ({
              event_id: e.eventId,
              promise_id: e.promiseId,
              warehouse_id: e.warehouseId,
              kind: e.kind,
              occurred_at_ms: e.occurredAtMs,
              day: e.day,
              service_id: e.serviceId,
              tracking_number: e.trackingNumber,
            })),
          )}::json)`.execute(trx);
        const columns = SHIPMENT_COLUMNS.split(",").map((c) => c.trim());
        const rows = plan.shipments.map((r) => {
          const values = shipmentValues(r);
          return Object.fromEntries(columns.map((c, i) => [c, values[i]]));
        });
        // The shipment rows and migration 0015's counts in one statement: each shipment's group
        // moves from its stored row (the statement's snapshot, before the write) to the new one.
        const emptied = await sql<Record<string, unknown>>`
          with new_rows as materialized (
            select * from json_populate_recordset(null::shipment, ${JSON.stringify(rows)}::json)),
          stored_rows as materialized (
            select * from shipment
            where (promise_id, warehouse_id) in (select promise_id, warehouse_id from new_rows)),
          written as (
            insert into shipment (${sql.raw(SHIPMENT_COLUMNS)})
            select ${sql.raw(SHIPMENT_COLUMNS)} from new_rows
            on conflict (promise_id, warehouse_id) do update set
              ${sql.raw(
                columns
                  .slice(2)
                  .map((c) => `${c} = excluded.${c}`)
                  .join(", "),
              )}),
          counted as (${sql.raw(shipmentOutcomeDelta("stored_rows", "new_rows"))})
          select ${sql.raw(SHIPMENT_OUTCOME_KEY)} from counted where n = 0`.execute(trx);
        if (emptied.rows.length > 0) {
          await emptiedShipmentOutcomesPostgres(emptied.rows).execute(trx);
        }
        // A few statements for the whole batch, not a few per promise (round trips).
        await shipPromises(trx, plan.fulfil, seq);
        if (plan.deliver.length > 0) {
          await sql`
            update promise as p set status = 'delivered', delivered_at_ms = v.at
            from unnest(${plan.deliver.map((d) => d.id)}::text[],
              ${plan.deliver.map((d) => d.atMs)}::bigint[]) as v(id, at)
            where p.id = v.id and p.status = 'fulfilled'`.execute(trx);
        }
        if (plan.undeliver.length > 0) {
          await sql`
            update promise set status = 'fulfilled', delivered_at_ms = null
            where id = any(${plan.undeliver}::text[]) and status = 'delivered'`.execute(trx);
        }
        await sql`select pg_notify(${CHANGE_CHANNEL}, ${`${this.#schema}:${seq}`})`.execute(trx);
        return { plan, seq };
      });
    } catch (err) {
      if (err instanceof NothingApplied) return shipmentEventsResult(err.plan);
      throw toStoreError(err);
    }
    this.#listeners.emit(outcome.seq);
    return shipmentEventsResult(outcome.plan);
  }

  async getShipments(promiseId: string): Promise<ShipmentRecord[]> {
    this.#checkOpen();
    try {
      const rows = await sql<ShipmentRow>`
        select ${sql.raw(SHIPMENT_COLUMNS)} from shipment where promise_id = ${promiseId}
        order by warehouse_id`.execute(this.#db);
      return rows.rows.map(toShipmentRecord);
    } catch (err) {
      throw toStoreError(err);
    }
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
    const db = this.#db;
    const columns = OUTCOME_DAY_COLUMNS[day];
    const queries: OutcomeQueries = {
      shipments: (after, limit) =>
        pageOf(
          db,
          sql<{ page: ShippedTuple[] }>`
          select coalesce(json_agg(json_build_array(0, warehouse_id, service_id, country_code,
            postal_code, coalesce(ship_day, promised_ship_day), delivered_day,
            promised_earliest_day, promised_latest_day, on_time_probability, promise_id)
            order by promise_id, warehouse_id), '[]'::json) as page
          from (select * from shipment
            where ${sql.raw(columns.shipment)} between ${fromDay} and ${toDay}
              and (promise_id, warehouse_id) > (${after[0]}, ${after[1]})
            order by promise_id, warehouse_id limit ${limit}) s`,
        ),
      imports: (after, limit) =>
        pageOf(
          db,
          sql<{ page: ShippedTuple[] }>`
          select coalesce(json_agg(json_build_array(1, warehouse_id, service_id, country_code,
            postal_code, ship_day, delivered_day, null, promised_latest_day, null, id)
            order by id), '[]'::json) as page
          from (select * from imported_delivery
            where ${sql.raw(columns.imported)} between ${fromDay} and ${toDay} and id > ${after}
            order by id limit ${limit}) s`,
        ),
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
    const db = this.#db;
    const closed = () => this.#closed;
    const batchSize = batchSizeOf(options, 20_000);
    return {
      [Symbol.asyncIterator]: () =>
        keysetPages<PromiseTuple, string, PromiseRecord>(
          {
            first: "",
            keyOf: (last) => last[0],
            page: (after, limit) =>
              pageOf(
                db,
                sql<{ page: PromiseTuple[] }>`
                select coalesce(json_agg(json_build_array(id, status, created_at_ms, payload)
                  order by id), '[]'::json) as page
                from (select id, status, created_at_ms, payload from promise
                  where id > ${after} and created_at_ms >= ${fromMs} and created_at_ms < ${toMs}
                    and status <> 'cancelled'
                  order by id limit ${limit}) s`,
              ),
          },
          batchSize,
          closed,
          tupleToPromiseRecord,
        ),
    };
  }

  loadImportedOutcomes(fromDay: Day, toDay: Day): AsyncIterable<readonly ImportedOutcomeGroup[]> {
    return this.#dailyOutcomes(importedOutcomesPostgres, fromDay, toDay, tupleToImportedOutcome);
  }

  loadShipmentOutcomes(fromDay: Day, toDay: Day): AsyncIterable<readonly ShipmentOutcomeGroup[]> {
    return this.#dailyOutcomes(shipmentOutcomesPostgres, fromDay, toDay, tupleToShipmentOutcome);
  }

  /** A rollup's groups one ship day at a time (`query` answers one day's page of tuples). */
  #dailyOutcomes<T, G>(
    query: (day: Day) => RawBuilder<{ page: T[] }>,
    fromDay: Day,
    toDay: Day,
    map: (day: Day, t: T) => G,
  ): AsyncIterable<readonly G[]> {
    this.#checkOpen();
    const db = this.#db;
    const closed = () => this.#closed;
    return {
      [Symbol.asyncIterator]: () =>
        dailyPages(fromDay, toDay, closed, async (day) =>
          (await pageOf(db, query(day))).map((t) => map(day, t)),
        ),
    };
  }

  loadUntrackedShipments(
    fromDay: Day,
    toDay: Day,
    options: { batchSize?: number } = {},
  ): AsyncIterable<readonly UntrackedShipment[]> {
    this.#checkOpen();
    const db = this.#db;
    const closed = () => this.#closed;
    const batchSize = batchSizeOf(options, 50_000);
    return {
      [Symbol.asyncIterator]: () =>
        keysetPages<UntrackedTuple, readonly [string, string], UntrackedShipment>(
          {
            first: ["", ""],
            keyOf: (last) => [last[0], last[1]],
            page: (after, limit) =>
              pageOf(db, untrackedShipmentsPostgres(fromDay, toDay, after, limit)),
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
    try {
      return await this.#db.transaction().execute(async (trx) => {
        let stored = 0;
        for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
          const chunk = rows.slice(i, i + UPSERT_CHUNK);
          // The rows stored (not the duplicates skipped) are counted into accuracy's groups in
          // the same statement.
          const r = await sql<{ stored: string }>`
            with stored as (
              insert into imported_delivery (warehouse_id, service_id, country_code, postal_code,
                ship_day, delivered_day, promised_latest_day, import_key)
              select * from unnest(${chunk.map((r) => r.warehouseId)}::text[],
                ${chunk.map((r) => r.serviceId)}::text[], ${chunk.map((r) => r.countryCode)}::text[],
                ${chunk.map((r) => r.postalCode)}::text[], ${chunk.map((r) => r.shipDay)}::int[],
                ${chunk.map((r) => r.deliveredDay)}::int[],
                ${chunk.map((r) => r.promisedLatestDay)}::int[],
                ${chunk.map((r) => r.importKey ?? null)}::text[])
              on conflict (import_key) do nothing
              returning ship_day, warehouse_id, service_id, country_code, postal_code,
                delivered_day, promised_latest_day),
            counted as (${sql.raw(importedOutcomeUpsert("stored"))})
            select count(*) as stored from stored`.execute(trx);
          stored += Number(r.rows[0]?.stored ?? 0);
        }
        return stored;
      });
    } catch (err) {
      throw toStoreError(err);
    }
  }

  async checkReservations(): Promise<ReservationReport> {
    this.#checkOpen();
    try {
      return await this.#db
        .transaction()
        .setIsolationLevel("repeatable read")
        .setAccessMode("read only")
        .execute(async (trx): Promise<ReservationReport> => {
          const counts = await q.promiseCounts(trx).execute();
          const stock = await q.stockMismatches().execute(trx);
          const load = await q.loadMismatches().execute(trx);
          const pickups = await q.pickupMismatches().execute(trx);
          const shipped = await q.shippedMismatches().execute(trx);
          const over = await q.reservedBeyondOnHand().execute(trx);
          const orphans = await q.orphanReservationCount().execute(trx);
          return {
            confirmed: Number(counts.find((c) => c.status === "confirmed")?.n ?? 0),
            cancelled: Number(counts.find((c) => c.status === "cancelled")?.n ?? 0),
            fulfilled:
              Number(counts.find((c) => c.status === "fulfilled")?.n ?? 0) +
              Number(counts.find((c) => c.status === "delivered")?.n ?? 0),
            stockMismatches: stock.rows.map((r) => ({
              sku: r.sku,
              warehouseId: r.warehouse_id,
              reserved: r.reserved,
              reservedByPromises: Number(r.by_promises),
            })),
            loadMismatches: load.rows.map((r) => ({
              warehouseId: r.warehouse_id,
              day: dayNumber(r.day),
              promised: r.promised,
              promisedByPromises: Number(r.by_promises),
            })),
            pickupMismatches: pickups.rows.map((r) => ({
              serviceId: r.service_id,
              warehouseId: r.warehouse_id,
              day: dayNumber(r.day),
              promised: r.promised,
              promisedByPromises: Number(r.by_promises),
            })),
            shippedMismatches: shipped.rows.map((r) => ({
              warehouseId: r.warehouse_id,
              day: dayNumberOrNull(r.day),
              shipped: Number(r.shipped),
              shippedByPromises: Number(r.by_promises),
            })),
            overReserved: countOverReserved(over.rows),
            orphanReservations: Number(orphans.rows[0]?.n ?? 0),
          };
        });
    } catch (err) {
      throw toStoreError(err);
    }
  }

  async currentSeq(): Promise<number> {
    this.#checkOpen();
    try {
      return Number((await q.currentSeq(this.#db).executeTakeFirstOrThrow()).seq);
    } catch (err) {
      throw toStoreError(err);
    }
  }

  onChange(listener: (seq: number) => void): () => void {
    this.#checkOpen();
    const remove = this.#listeners.add(listener);
    this.#changeListener.start();
    return remove;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#confirms.close();
    this.#listeners.clear();
    await this.#changeListener.stop();
    await this.#db.destroy();
  }

  // ---- internals --------------------------------------------------------------------------

  #checkOpen(): void {
    if (this.#closed) throw storeClosedError();
  }

  /**
   * `method` as a store operation: run again while it fails with a conflict between concurrent
   * transactions (40001, 40P01; up to 3 attempts, then UNAVAILABLE), and limited to the store's
   * time limit as a whole (see #limit).
   */
  #guard<A extends unknown[], R>(
    operation: string,
    method: (...args: A) => Promise<R>,
  ): (...args: A) => Promise<R> {
    return (...args) =>
      this.#limit(operation, this.#timeoutMs, async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await method.apply(this, args);
          } catch (err) {
            if (attempt >= CONFLICT_ATTEMPTS || !isRetryableConflict(err)) throw err;
          }
        }
      });
  }

  /**
   * Runs `work`, answering UNAVAILABLE (or `late()`, when given and not undefined) once
   * `budgetMs` have passed, whatever `work` is waiting for; work still running then is abandoned
   * (its queries time out on their own and their connections are destroyed: see TimedPool).
   * UNAVAILABLE outcomes are reported to StoreHealth (the log), others count as the store
   * answering.
   */
  async #limit<R>(
    operation: string,
    budgetMs: number,
    work: () => Promise<R>,
    late?: () => DomainError | undefined,
  ): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(late?.() ?? storeUnavailable(new QueryTimeoutError(budgetMs))),
        budgetMs,
      );
    });
    // Started at once (a confirm joins the queue before a close that follows it).
    let running: Promise<R>;
    try {
      running = work();
    } catch (err) {
      running = Promise.reject(err);
    }
    running.catch(() => {}); // an abandoned operation's outcome is of no use any more
    try {
      const result = await Promise.race([running, limit]);
      this.#health.succeeded();
      return result;
    } catch (err) {
      const mapped = toStoreError(err);
      if (mapped instanceof DomainError && mapped.kind === "UNAVAILABLE") {
        this.#health.failed(mapped, operation);
      } else if (mapped instanceof DomainError && mapped.kind !== "DEADLINE_EXCEEDED") {
        this.#health.succeeded();
      }
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs `fn` in a transaction with a freshly bumped sequence number, notifying on commit. */
  async #write(fn: (trx: Transaction<StoreDatabase>, seq: number) => Promise<void>): Promise<void> {
    let seq: number;
    try {
      seq = await this.#db.transaction().execute(async (trx) => {
        const r = await sql<{ seq: number }>`
          update change_counter set seq = seq + 1 where id = 1 returning seq`.execute(trx);
        const s = r.rows[0]!.seq;
        await fn(trx, s);
        await sql`select pg_notify(${CHANGE_CHANNEL}, ${`${this.#schema}:${s}`})`.execute(trx);
        return s;
      });
    } catch (err) {
      throw toStoreError(err);
    }
    this.#listeners.emit(seq);
  }

  #onNotification(payload: string): void {
    const at = payload.lastIndexOf(":");
    if (at < 0 || payload.slice(0, at) !== this.#schema) return;
    const seq = Number(payload.slice(at + 1));
    if (Number.isSafeInteger(seq)) this.#listeners.emit(seq);
  }

  /** After (re)connecting the listener: report what was committed while it was not listening. */
  #catchUp(): void {
    if (this.#closed) return;
    this.currentSeq().then(
      (seq) => this.#listeners.emit(seq),
      (err) => this.#logger.warn({ err }, "store change catch-up failed"),
    );
  }
}

/** The rows of one page a query returns as a single JSON array (`page`); store errors mapped. */
async function pageOf<T>(
  db: Kysely<StoreDatabase>,
  query: RawBuilder<{ page: T[] }>,
): Promise<T[]> {
  try {
    return (await query.execute(db)).rows[0]?.page ?? [];
  } catch (err) {
    throw toStoreError(err);
  }
}

function confirmDeadlineError(): DomainError {
  return new DomainError(
    "DEADLINE_EXCEEDED",
    "the deadline passed before the promise could be written; nothing was reserved",
  );
}

/** Thrown to roll back a batch of events none of which applies. */
class NothingApplied {
  constructor(readonly plan: ShipmentEventsPlan) {}
}

/**
 * FulfilPromise's work inside a transaction that holds the change counter (FulfilPromise and
 * shipped events share it): only the transaction that flips the status ships. The units leave
 * the reservation and on hand alike (see shipUnits); `version` is kept so the feed's next count
 * still overwrites on hand. Capacity and pickup reservations stay booked. For the backlog and the
 * real throughput, each capacity reservation counts one more `shipped` on its due day's load row
 * and one more `shipped_on` on the load row of `shippedOn(warehouse)`, the warehouse-local day it
 * shipped. True when it shipped.
 */
/**
 * shipPromise for many promises at once (RecordShipmentEvents' fulfils), in a fixed number of
 * statements: the same writes as calling it for each in turn. Each promise's units leave its
 * stock rows in the order given; each (warehouse, day) a promise reserved counts once.
 */
async function shipPromises(
  trx: Transaction<StoreDatabase>,
  fulfils: readonly {
    readonly id: string;
    readonly atMs: number;
    readonly shipDays: ReadonlyMap<string, Day>;
  }[],
  seq: number,
): Promise<void> {
  if (fulfils.length === 0) return;
  const flipped = await sql<{ id: string }>`
    update promise as p set status = 'fulfilled', fulfilled_at_ms = v.at
    from unnest(${fulfils.map((f) => f.id)}::text[], ${fulfils.map((f) => f.atMs)}::bigint[])
      as v(id, at)
    where p.id = v.id and p.status = 'confirmed'
    returning p.id`.execute(trx);
  if (flipped.rows.length === 0) return;
  const order = new Map(fulfils.map((f, i) => [f.id, i]));
  const ids = flipped.rows.map((r) => r.id).sort((a, b) => order.get(a)! - order.get(b)!);
  const rows = await sql<ShippedRow & { promise_id: string }>`
    select r.promise_id, s.sku, s.warehouse_id, s.on_hand, s.inbound, r.quantity
    from stock_reservation r
    join stock s on s.sku = r.sku and s.warehouse_id = r.warehouse_id
    where r.promise_id = any(${ids}::text[])
    order by s.sku, s.warehouse_id
    for update of s`.execute(trx);
  // Each stock row once, with every shipped reservation applied in the promises' order.
  const stock = new Map<
    string,
    { sku: string; warehouseId: string; quantity: number; onHand: number; inbound: string }
  >();
  const reservations = [...rows.rows].sort(
    (a, b) => order.get(a.promise_id)! - order.get(b.promise_id)!,
  );
  for (const r of reservations) {
    const key = `${r.sku}\u0000${r.warehouse_id}`;
    const row = stock.get(key) ?? {
      sku: r.sku,
      warehouseId: r.warehouse_id,
      quantity: 0,
      onHand: r.on_hand,
      inbound: r.inbound,
    };
    const shipped = shipUnits(
      { onHand: row.onHand, inbound: decodeInbound(row.inbound) },
      r.quantity,
    );
    row.quantity += r.quantity;
    row.onHand = shipped.onHand;
    row.inbound = encodeInbound(shipped.inbound);
    stock.set(key, row);
  }
  if (stock.size > 0) {
    const s = [...stock.values()];
    await sql`
      update stock as t set reserved = t.reserved - v.quantity, on_hand = v.on_hand,
        inbound = v.inbound, change_seq = ${seq}
      from unnest(${s.map((r) => r.sku)}::text[], ${s.map((r) => r.warehouseId)}::text[],
        ${s.map((r) => r.quantity)}::int[], ${s.map((r) => r.onHand)}::int[],
        ${s.map((r) => r.inbound)}::text[]) as v(sku, warehouse_id, quantity, on_hand, inbound)
      where t.sku = v.sku and t.warehouse_id = v.warehouse_id`.execute(trx);
  }
  // The load rows due: each (warehouse, day) a promise reserved that has a row, once.
  const due = await sql<{ promise_id: string; warehouse_id: string; day: number }>`
    select distinct r.promise_id, r.warehouse_id, r.day
    from capacity_reservation r
    join warehouse_load t on t.warehouse_id = r.warehouse_id and t.day = r.day
    where r.promise_id = any(${ids}::text[])`.execute(trx);
  if (due.rows.length === 0) return;
  const shipDays = new Map(fulfils.map((f) => [f.id, f]));
  const shippedDue = new Map<string, { warehouseId: string; day: number; n: number }>();
  const shippedOn = new Map<string, { warehouseId: string; day: number; n: number }>();
  const count = (
    m: Map<string, { warehouseId: string; day: number; n: number }>,
    warehouseId: string,
    day: number,
  ) => {
    const key = `${warehouseId}\u0000${day}`;
    const c = m.get(key) ?? { warehouseId, day, n: 0 };
    c.n++;
    m.set(key, c);
  };
  for (const r of due.rows) {
    const f = shipDays.get(r.promise_id)!;
    count(shippedDue, r.warehouse_id, r.day);
    count(shippedOn, r.warehouse_id, f.shipDays.get(r.warehouse_id) ?? utcDayOf(f.atMs));
  }
  const d = [...shippedDue.values()];
  await sql`
    update warehouse_load as t set shipped = t.shipped + v.n, change_seq = ${seq}
    from unnest(${d.map((x) => x.warehouseId)}::text[], ${d.map((x) => x.day)}::int[],
      ${d.map((x) => x.n)}::int[]) as v(warehouse_id, day, n)
    where t.warehouse_id = v.warehouse_id and t.day = v.day`.execute(trx);
  const o = [...shippedOn.values()];
  await sql`
    insert into warehouse_load (warehouse_id, day, external, promised, shipped, shipped_on,
      change_seq)
    select v.warehouse_id, v.day, 0, 0, 0, v.n, ${seq}
    from unnest(${o.map((x) => x.warehouseId)}::text[], ${o.map((x) => x.day)}::int[],
      ${o.map((x) => x.n)}::int[]) as v(warehouse_id, day, n)
    on conflict (warehouse_id, day) do update set
      shipped_on = warehouse_load.shipped_on + excluded.shipped_on,
      change_seq = excluded.change_seq`.execute(trx);
}

async function shipPromise(
  trx: Transaction<StoreDatabase>,
  id: string,
  atMs: number,
  seq: number,
  shippedOn: (warehouseId: string) => Day,
): Promise<boolean> {
  const flipped = await sql`
    update promise set status = 'fulfilled', fulfilled_at_ms = ${atMs}
    where id = ${id} and status = 'confirmed'`.execute(trx);
  if (Number(flipped.numAffectedRows ?? 0) !== 1) return false;
  const rows = await sql<ShippedRow>`
    select s.sku, s.warehouse_id, s.on_hand, s.inbound, r.quantity
    from stock_reservation r
    join stock s on s.sku = r.sku and s.warehouse_id = r.warehouse_id
    where r.promise_id = ${id}
    order by s.sku, s.warehouse_id
    for update of s`.execute(trx);
  for (const r of rows.rows) {
    const shipped = shipUnits({ onHand: r.on_hand, inbound: decodeInbound(r.inbound) }, r.quantity);
    await sql`
      update stock set reserved = reserved - ${r.quantity}, on_hand = ${shipped.onHand},
        inbound = ${encodeInbound(shipped.inbound)}, change_seq = ${seq}
      where sku = ${r.sku} and warehouse_id = ${r.warehouse_id}`.execute(trx);
  }
  const due = await sql<{ warehouse_id: string; day: number }>`
    update warehouse_load as t set shipped = t.shipped + 1, change_seq = ${seq}
    from capacity_reservation r
    where r.promise_id = ${id} and t.warehouse_id = r.warehouse_id and t.day = r.day
    returning r.warehouse_id, r.day`.execute(trx);
  for (const r of due.rows) {
    await sql`
      insert into warehouse_load (warehouse_id, day, external, promised, shipped, shipped_on,
        change_seq)
      values (${r.warehouse_id}, ${shippedOn(r.warehouse_id)}::int, 0, 0, 0, 1, ${seq})
      on conflict (warehouse_id, day) do update set
        shipped_on = warehouse_load.shipped_on + 1, change_seq = excluded.change_seq
      `.execute(trx);
  }
  return true;
}

/** loadCapacity's one row: the counter and each table's changed rows as JSON arrays. */
interface CapacityChangesRow {
  seq: number;
  defaults: CapacityRow[];
  overrides: OverrideRow[];
  loads: LoadRow[];
  pickups: PickupLoadRow[];
  /** [warehouse_id, day, booked instants comma-separated or null] per changed load row. */
  bookings: [string, number, string | null][];
}
