import { type Kysely, sql } from "kysely";
import { DomainError } from "../domain/domain-error.js";
import type { ClaimPlan } from "./claim-plan.js";
import {
  type DecidedGroup,
  decideConfirmGroup,
  groupReadRequest,
  settle,
} from "./confirm-group.js";
import {
  COMMIT_MARGIN_MS,
  ConfirmQueue,
  type GroupRun,
  type QueuedConfirm,
  tooLateError,
} from "./confirm-queue.js";
import { PendingClaims } from "./pending-claims.js";
import type {
  ConfirmDecision,
  ConfirmOutcome,
  ConfirmRequest,
  ConfirmSnapshot,
  StoredPromise,
} from "./store.js";
import { REJECTED_CAPACITY, REJECTED_STOCK } from "./store.js";
import { isRetryableConflict, isUnavailableError, toStoreError } from "./store-error.js";
import {
  type CapacityReservationRow,
  type CapacityRow,
  type LoadRow,
  type OverrideRow,
  type PickupLoadRow,
  type PickupReservationRow,
  type PromiseRow,
  type StockReservationRow,
  type StockRow,
  toCapacityDefault,
  toCapacityOverride,
  toLoadRecord,
  toPickupLoadRecord,
  toStockRecord,
  toStoredPromise,
} from "./store-rows.js";
import type { StoreDatabase } from "./store-schema.js";
import { existingOutcome } from "./stored-promise.js";
import type { TimedPool } from "./timed-pool.js";

/** The NOTIFY channel; the payload is `<schema>:<seq>`. */
export const CHANGE_CHANNEL = "promise_state";

/** Confirms written by one statement at most. */
const MAX_GROUP = 64;
/**
 * Groups in flight at once: the next group's snapshot is read and decided (on the pending
 * claims of the previous one) while the previous group's statement runs and commits; its own
 * statement then waits in PostgreSQL for the change counter, not for a round trip.
 */
const MAX_GROUPS_IN_FLIGHT = 2;
const IDEMPOTENCY_CONSTRAINT = "promise_idempotency_key";
/** The reason `promise_store_reject` raises when a group's statement ran too late. */
const WRITE_TOO_LATE = "WRITE_TOO_LATE";

type WriteResult =
  | { readonly kind: "written"; readonly seq: number }
  | { readonly kind: "rejected"; readonly outcome: ConfirmOutcome }
  | { readonly kind: "key-taken" }
  /** The statement reached the database after its confirms' `writeBy`: nothing was written. */
  | { readonly kind: "too-late" }
  /** A serialization failure or a deadlock: worth running again. */
  | { readonly kind: "conflict"; readonly error: unknown }
  /** Any other error of the statement (for example a promise id used twice). */
  | { readonly kind: "failed"; readonly error: unknown };

/**
 * Confirms on PostgreSQL: the PostgreSQL driver of the confirm algorithm (ConfirmQueue,
 * decideConfirmGroup, planClaims). Every confirm must lock the change counter and, at a peak,
 * the same load row until its commit is flushed to disk, so one-by-one transactions cannot go
 * faster than one fsync each; instead the confirms are committed in groups (at most 64):
 *
 * 1. one query reads the snapshot of every SKU of the group and the promises holding its keys;
 * 2. decideConfirmGroup runs `decide` for each confirm on that snapshot (shared with SQLite);
 * 3. one statement writes the group's plan: it takes the counter, applies the plan's
 *    conditional updates, inserts the promises and reservations, and NOTIFYs. If another process
 *    took the room meanwhile (or a key was taken), the statement aborts as a whole
 *    (`promise_store_reject`) and each confirm of the group is run again alone, on a fresh
 *    snapshot, up to `maxAttempts` times.
 *
 * One group is in flight per store instance; the answer to each confirm comes after its commit.
 */
export class PostgresConfirmQueue {
  readonly #db: Kysely<StoreDatabase>;
  readonly #pool: TimedPool;
  readonly #schema: string;
  readonly #maxAttempts: number;
  readonly #onCommitted: (seq: number) => void;
  readonly #queue: ConfirmQueue;
  /** The claims of this instance's groups whose statement has not answered yet. */
  readonly #pending = new PendingClaims();

  constructor(options: {
    db: Kysely<StoreDatabase>;
    /** The pool under `db`, for the group's prepared statements. */
    pool: TimedPool;
    schema: string;
    maxAttempts: number;
    onCommitted: (seq: number) => void;
  }) {
    this.#db = options.db;
    this.#pool = options.pool;
    this.#schema = options.schema;
    this.#maxAttempts = options.maxAttempts;
    this.#onCommitted = options.onCommitted;
    this.#queue = new ConfirmQueue({
      maxGroup: MAX_GROUP,
      maxInFlight: MAX_GROUPS_IN_FLIGHT,
      run: (group) => this.#runGroup(group),
    });
  }

  /**
   * Queues a confirm. `writeBy` (UTC ms, default never): the confirm is not started after it, and
   * its write cannot commit after it (the statement checks the database's clock; the service's
   * and the database's clocks are assumed to agree within COMMIT_MARGIN_MS).
   */
  confirm(
    request: ConfirmRequest,
    decide: (snapshot: ConfirmSnapshot) => ConfirmDecision,
    writeBy = Number.POSITIVE_INFINITY,
  ): Promise<ConfirmOutcome> {
    return this.#queue.push(request, decide, writeBy);
  }

  /** Refuses new confirms and answers the ones already asked (drains the queue). */
  close(): Promise<void> {
    return this.#queue.close();
  }

  /** A promise with its reservations, by id or by idempotency key. */
  async promiseWhere(by: "id" | "key", value: string): Promise<StoredPromise | undefined> {
    try {
      const r =
        by === "id"
          ? await sql<{ p: PromiseJson | null }>`
              select (${PROMISE_JSON} where p.id = ${value}) as p`.execute(this.#db)
          : await sql<{ p: PromiseJson | null }>`
              select (${PROMISE_JSON} where p.idempotency_key = ${value}) as p`.execute(this.#db);
      const json = r.rows[0]?.p ?? null;
      return json === null ? undefined : fromPromiseJson(json);
    } catch (err) {
      throw toStoreError(err);
    }
  }

  async #runGroup(group: readonly QueuedConfirm[]): Promise<GroupRun> {
    let decided: DecidedGroup;
    let result: WriteResult;
    try {
      decided = await this.#decideGroup(group);
      if (decided.accepted.length === 0) return decided.deferred;
      result = await this.#write(decided);
    } catch (err) {
      const error = toStoreError(err);
      for (const item of group) item.reject(error);
      return;
    }
    const { accepted } = decided;
    if (result.kind === "written") {
      this.#onCommitted(result.seq);
      for (const a of accepted)
        a.item.resolve({ kind: "confirmed", promise: a.promise, seq: result.seq });
      return decided.deferred;
    }
    const deferred = [...decided.deferred];
    for (const a of accepted) {
      await this.#runAlone(a.item, accepted.length === 1 ? result : undefined, deferred);
    }
    return deferred;
  }

  /** A confirm whose group lost a race: again alone, on fresh snapshots. */
  async #runAlone(
    item: QueuedConfirm,
    first: WriteResult | undefined,
    deferred: QueuedConfirm[],
  ): Promise<void> {
    let last = first;
    for (let attempt = first === undefined ? 1 : 2; ; attempt++) {
      try {
        if (last?.kind === "key-taken") {
          // A twin with the same key committed first: answer with its promise.
          const existing = await this.promiseWhere("key", item.request.idempotencyKey);
          if (existing !== undefined) {
            return settle(item, () => existingOutcome(existing, item.request));
          }
        }
        if (last?.kind === "failed") return item.reject(toStoreError(last.error));
        if (last?.kind === "too-late" || Date.now() >= item.writeBy - COMMIT_MARGIN_MS) {
          return item.reject(tooLateError());
        }
        if (attempt > this.#maxAttempts) {
          if (last?.kind === "rejected") return item.resolve(last.outcome);
          return item.reject(
            new DomainError("UNAVAILABLE", "confirm kept losing races with concurrent writers"),
          );
        }
        const decided = await this.#decideGroup([item]);
        const accepted = decided.accepted[0];
        if (accepted === undefined) {
          deferred.push(...decided.deferred);
          return; // settled by decideConfirmGroup, or deferred
        }
        last = await this.#write(decided);
        if (last.kind === "written") {
          this.#onCommitted(last.seq);
          return item.resolve({ kind: "confirmed", promise: accepted.promise, seq: last.seq });
        }
      } catch (err) {
        return item.reject(toStoreError(err));
      }
    }
  }

  /** Reads the group's snapshot in one query and decides the group on it. */
  async #decideGroup(group: readonly QueuedConfirm[]): Promise<DecidedGroup> {
    const { skus, locations, keys, fromDay, toDay } = groupReadRequest(group);
    const snap = await this.#pool.prepared<GroupSnapshotRow>("promise_confirm_read", READ_GROUP, [
      skus,
      locations,
      keys,
      fromDay,
      toDay,
    ]);
    const row = snap.rows[0]!;
    return decideConfirmGroup(
      group,
      {
        existing: row.existing.map(fromPromiseJson),
        stock: row.stock.map(toStockRecord),
        capacity: row.capacity.map(toCapacityDefault),
        overrides: row.overrides.map(toCapacityOverride),
        loads: row.loads.map(toLoadRecord),
        pickups: row.pickups.map(toPickupLoadRecord),
      },
      this.#pending,
    );
  }

  /** Writes a group's plan in one statement; its claims are pending until it answers. */
  async #write(decided: DecidedGroup): Promise<WriteResult> {
    this.#pending.add(decided.plan);
    try {
      return await this.#writeStatement(decided);
    } finally {
      this.#pending.delete(decided.plan);
    }
  }

  /**
   * The one statement of a group: it takes the change counter, applies the conditional updates,
   * creates the load and pickup rows that do not exist yet (with the group's claims in them),
   * inserts the promises and their reservations, checks that every row took its claims (or aborts
   * through `promise_store_reject`) and NOTIFYs.
   */
  async #writeStatement({ accepted, plan }: DecidedGroup): Promise<WriteResult> {
    const { stock: s, loads: l, pickups: k } = plan;
    const rs = reservationColumns(plan);
    const ps = accepted.map((a) => a.promise);
    const writeBy = Math.min(...accepted.map((a) => a.item.writeBy)) - COMMIT_MARGIN_MS;
    const finite = Number.isFinite(writeBy);
    try {
      const r = await this.#pool.prepared<{ seq: number }>("promise_confirm_write", WRITE_GROUP, [
        s.map((x) => x.sku),
        s.map((x) => x.warehouseId),
        s.map((x) => x.quantity),
        s.map((x) => x.allowance),
        l.map((x) => x.warehouseId),
        l.map((x) => x.day),
        l.map((x) => x.count),
        l.map((x) => x.limit),
        k.map((x) => x.serviceId),
        k.map((x) => x.warehouseId),
        k.map((x) => x.day),
        k.map((x) => x.count),
        k.map((x) => x.limit),
        ps.map((p) => p.id),
        ps.map((p) => p.idempotencyKey),
        ps.map((p) => p.requestHash),
        accepted.map((a) => a.payload),
        ps.map((p) => p.createdAtMs),
        rs.stock.pid,
        rs.stock.sku,
        rs.stock.wh,
        rs.stock.q,
        rs.days.pid,
        rs.days.wh,
        rs.days.day,
        rs.days.at,
        rs.pickups.pid,
        rs.pickups.svc,
        rs.pickups.wh,
        rs.pickups.day,
        finite ? writeBy : null,
        `${this.#schema}:`,
        ...legColumns(accepted),
      ]);
      return { kind: "written", seq: r.rows[0]!.seq };
    } catch (err) {
      if (isRetryableConflict(err)) return { kind: "conflict", error: err };
      if (isUnavailableError(err)) throw err;
      const rejection = asRejection(err);
      if (rejection?.kind === "rejected" && rejection.reason === WRITE_TOO_LATE) {
        return { kind: "too-late" };
      }
      if (rejection !== undefined) return { kind: "rejected", outcome: rejection };
      if (isIdempotencyConflict(err)) return { kind: "key-taken" };
      return { kind: "failed", error: err };
    }
  }
}

/** The promise_leg rows of a group, as the columns $33-$43 of WRITE_GROUP. */
function legColumns(accepted: DecidedGroup["accepted"]): unknown[][] {
  const cols: unknown[][] = Array.from({ length: 11 }, () => []);
  for (const { promise, legs } of accepted) {
    for (const l of legs) {
      cols[0]!.push(promise.id);
      cols[1]!.push(l.warehouseId);
      cols[2]!.push(l.serviceId);
      cols[3]!.push(l.shipDay);
      cols[4]!.push(l.earliestDay);
      cols[5]!.push(l.latestDay);
      cols[6]!.push(l.countryCode);
      cols[7]!.push(l.postalCode);
      cols[8]!.push(l.province);
      cols[9]!.push(l.promiseEarliestDay);
      cols[10]!.push(l.promiseLatestDay);
    }
  }
  return cols;
}

/** The reservation rows of a plan's promises, as columns (for `unnest`). */
function reservationColumns(plan: ClaimPlan) {
  const stock = { pid: [] as string[], sku: [] as string[], wh: [] as string[], q: [] as number[] };
  const days = { pid: [] as string[], wh: [] as string[], day: [] as number[], at: [] as number[] };
  const pickups = {
    pid: [] as string[],
    svc: [] as string[],
    wh: [] as string[],
    day: [] as number[],
  };
  for (const { promise: p } of plan.promises) {
    for (const r of p.stock) {
      stock.pid.push(p.id);
      stock.sku.push(r.sku);
      stock.wh.push(r.warehouseId);
      stock.q.push(r.quantity);
    }
    for (const r of p.capacity) {
      days.pid.push(p.id);
      days.wh.push(r.warehouseId);
      days.day.push(r.day);
      days.at.push(p.createdAtMs);
    }
    for (const r of p.pickups) {
      pickups.pid.push(p.id);
      pickups.svc.push(r.serviceId);
      pickups.wh.push(r.warehouseId);
      pickups.day.push(r.day);
    }
  }
  return { stock, days, pickups };
}

interface GroupSnapshotRow {
  existing: PromiseJson[];
  stock: StockRow[];
  capacity: CapacityRow[];
  overrides: OverrideRow[];
  loads: LoadRow[];
  pickups: PickupLoadRow[];
}

/** A promise row and its reservations as one JSON value (append a `where` on `p`). */
const PROMISE_JSON_TEXT = `
  select json_build_object(
    'row', row_to_json(p),
    'stock', (select coalesce(json_agg(json_build_object(
        'sku', r.sku, 'warehouse_id', r.warehouse_id, 'quantity', r.quantity)
        order by r.sku, r.warehouse_id), '[]'::json)
      from stock_reservation r where r.promise_id = p.id),
    'capacity', (select coalesce(json_agg(json_build_object(
        'warehouse_id', r.warehouse_id, 'day', r.day) order by r.warehouse_id, r.day), '[]'::json)
      from capacity_reservation r where r.promise_id = p.id),
    'pickups', (select coalesce(json_agg(json_build_object(
        'service_id', r.service_id, 'warehouse_id', r.warehouse_id, 'day', r.day)
        order by r.service_id, r.warehouse_id, r.day), '[]'::json)
      from pickup_reservation r where r.promise_id = p.id)
  ) from promise p`;
const PROMISE_JSON = sql.raw(PROMISE_JSON_TEXT);

/**
 * A group's snapshot in one statement: $1 the SKUs, $2 the extra locations, $3 the idempotency
 * keys, $4 and $5 the day range. Run as a prepared statement (parsed and planned once per
 * connection).
 */
const READ_GROUP = `
  with s as (
    select sku, warehouse_id, on_hand, safety_stock, reserved, inbound, version, change_seq
    from stock where sku = any($1::text[])
  ),
  w as (
    select warehouse_id from s
    union select unnest($2::text[]) as warehouse_id
  )
  select
    (select coalesce(json_agg(x.j), '[]'::json)
      from (${PROMISE_JSON_TEXT} where p.idempotency_key = any($3::text[])) as x(j))
      as existing,
    (select coalesce(json_agg(s order by s.sku, s.warehouse_id), '[]'::json) from s) as stock,
    (select coalesce(json_agg(c order by c.warehouse_id), '[]'::json)
      from warehouse_capacity c where c.warehouse_id in (select warehouse_id from w))
      as capacity,
    (select coalesce(json_agg(o order by o.warehouse_id, o.day), '[]'::json)
      from capacity_override o
      where o.warehouse_id in (select warehouse_id from w)
        and o.day between $4::int and $5::int) as overrides,
    (select coalesce(json_agg(l order by l.warehouse_id, l.day), '[]'::json)
      from warehouse_load l
      where l.warehouse_id in (select warehouse_id from w)
        and l.day between $4::int and $5::int) as loads,
    (select coalesce(json_agg(k order by k.warehouse_id, k.service_id, k.day), '[]'::json)
      from pickup_load k
      where k.warehouse_id in (select warehouse_id from w)
        and k.day between $4::int and $5::int) as pickups`;

/**
 * The one statement of a group, prepared like READ_GROUP. Parameters, as columns of the plan:
 * stock claims $1-$4 (sku, warehouse, quantity, allowance), load claims $5-$8 (warehouse, day,
 * count, limit), pickup claims $9-$13 (service, warehouse, day, count, limit), promises $14-$18
 * (id, key, request hash, payload, created), stock reservations $19-$22, capacity reservations
 * $23-$26, pickup reservations $27-$30, $31 the instant (ms) after which it must not commit or
 * null, $32 the NOTIFY payload's prefix (`<schema>:`), promise legs $33-$43 (promiseLegs: the
 * promise id and the columns of PromiseLeg in order).
 */
const WRITE_GROUP = `
  with c as (update change_counter set seq = seq + 1 where id = 1 returning seq),
  s as (
    update stock as t set reserved = t.reserved + v.q, change_seq = (select seq from c)
    from unnest($1::text[], $2::text[], $3::int[], $4::int8[]) as v(sku, wh, q, a)
    where t.sku = v.sku and t.warehouse_id = v.wh
      and t.on_hand + v.a - t.reserved - t.safety_stock >= v.q
    returning t.sku, t.warehouse_id
  ),
  lv as (
    select * from unnest($5::text[], $6::int[], $7::int[], $8::int[]) as v(wh, day, n, lim)
  ),
  lu as (
    update warehouse_load as t set promised = t.promised + v.n,
      change_seq = (select seq from c)
    from lv as v
    where t.warehouse_id = v.wh and t.day = v.day
      and (v.lim < 0 or t.external + t.promised + v.n <= v.lim)
    returning t.warehouse_id, t.day
  ),
  li as (
    insert into warehouse_load (warehouse_id, day, external, promised, change_seq)
    select v.wh, v.day, 0, v.n, (select seq from c) from lv as v
    where (v.lim < 0 or v.n <= v.lim) and not exists (
      select 1 from warehouse_load t where t.warehouse_id = v.wh and t.day = v.day)
    on conflict (warehouse_id, day) do nothing
    returning warehouse_id, day
  ),
  l as (select * from lu union all select * from li),
  kv as (
    select * from unnest($9::text[], $10::text[], $11::int[], $12::int[], $13::int[])
      as v(svc, wh, day, n, lim)
  ),
  ku as (
    update pickup_load as t set promised = t.promised + v.n,
      change_seq = (select seq from c)
    from kv as v
    where t.service_id = v.svc and t.warehouse_id = v.wh and t.day = v.day
      and (v.lim < 0 or t.promised + v.n <= v.lim)
    returning t.service_id, t.warehouse_id, t.day
  ),
  ki as (
    insert into pickup_load (service_id, warehouse_id, day, promised, change_seq)
    select v.svc, v.wh, v.day, v.n, (select seq from c) from kv as v
    where (v.lim < 0 or v.n <= v.lim) and not exists (
      select 1 from pickup_load t
      where t.service_id = v.svc and t.warehouse_id = v.wh and t.day = v.day)
    on conflict (service_id, warehouse_id, day) do nothing
    returning service_id, warehouse_id, day
  ),
  k as (select * from ku union all select * from ki),
  p as (
    insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
    select v.id, v.k, v.h, 'confirmed', v.payload, v.created
    from unnest($14::text[], $15::text[], $16::text[], $17::text[], $18::int8[])
      as v(id, k, h, payload, created)
    where (select seq from c) > 0
    returning id
  ),
  sr as (
    insert into stock_reservation (promise_id, sku, warehouse_id, quantity)
    select v.pid, v.sku, v.wh, v.q
    from unnest($19::text[], $20::text[], $21::text[], $22::int[]) as v(pid, sku, wh, q)
    where (select count(*) from p) > 0
  ),
  cr as (
    insert into capacity_reservation (promise_id, warehouse_id, day, booked_at_ms)
    select v.pid, v.wh, v.day, v.at
    from unnest($23::text[], $24::text[], $25::int[], $26::int8[]) as v(pid, wh, day, at)
    where (select count(*) from p) > 0
  ),
  kr as (
    insert into pickup_reservation (promise_id, service_id, warehouse_id, day)
    select v.pid, v.svc, v.wh, v.day
    from unnest($27::text[], $28::text[], $29::text[], $30::int[]) as v(pid, svc, wh, day)
    where (select count(*) from p) > 0
  ),
  pl as (
    insert into promise_leg (promise_id, warehouse_id, service_id, ship_day, earliest_day,
      latest_day, country_code, postal_code, province, promise_earliest_day, promise_latest_day)
    select * from unnest($33::text[], $34::text[], $35::text[], $36::int[], $37::int[],
      $38::int[], $39::text[], $40::text[], $41::text[], $42::int[], $43::int[])
    where (select count(*) from p) > 0
    on conflict do nothing
  )
  select (select seq from c) as seq,
    case
      when $31::float8 is not null and clock_timestamp() > to_timestamp($31::float8 / 1000)
        then promise_store_reject('${WRITE_TOO_LATE}', null)
      when (select count(*) from s) < cardinality($1::text[]) then promise_store_reject(
        '${REJECTED_STOCK}',
        (select json_build_object('sku', v.sku, 'warehouseId', v.wh)::text
          from unnest($1::text[], $2::text[]) as v(sku, wh)
          where not exists (select 1 from s where s.sku = v.sku and s.warehouse_id = v.wh)
          limit 1))
      when (select count(*) from l) < cardinality($5::text[]) then promise_store_reject(
        '${REJECTED_CAPACITY}',
        (select json_build_object('warehouseId', v.wh, 'day', v.day)::text
          from unnest($5::text[], $6::int[]) as v(wh, day)
          where not exists (select 1 from l where l.warehouse_id = v.wh and l.day = v.day)
          limit 1))
      when (select count(*) from k) < cardinality($9::text[]) then promise_store_reject(
        '${REJECTED_CAPACITY}',
        (select json_build_object('serviceId', v.svc, 'warehouseId', v.wh, 'day', v.day)::text
          from unnest($9::text[], $10::text[], $11::int[]) as v(svc, wh, day)
          where not exists (select 1 from k where k.service_id = v.svc
            and k.warehouse_id = v.wh and k.day = v.day)
          limit 1))
      else 0
    end as checked,
    pg_notify('${CHANGE_CHANNEL}', $32::text || (select seq from c)::text)`;

interface PromiseJson {
  row: PromiseRow;
  stock: StockReservationRow[];
  capacity: CapacityReservationRow[];
  pickups: PickupReservationRow[];
}

function fromPromiseJson(json: PromiseJson): StoredPromise {
  return toStoredPromise(json.row, json.stock, json.capacity, json.pickups);
}

/** The outcome of a statement aborted by `promise_store_reject` (SQLSTATE PSR01). */
function asRejection(err: unknown): ConfirmOutcome | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; message?: unknown; detail?: unknown };
  if (e.code !== "PSR01" || typeof e.message !== "string") return undefined;
  let details: unknown;
  try {
    details = typeof e.detail === "string" && e.detail !== "" ? JSON.parse(e.detail) : undefined;
  } catch {
    details = undefined;
  }
  return details === undefined
    ? { kind: "rejected", reason: e.message }
    : { kind: "rejected", reason: e.message, details };
}

function isIdempotencyConflict(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown };
  return e.code === "23505" && e.constraint === IDEMPOTENCY_CONSTRAINT;
}
