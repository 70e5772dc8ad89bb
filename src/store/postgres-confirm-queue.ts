import { type Kysely, sql } from "kysely";
import { DomainError } from "../engine/domain-error.js";
import type {
  CapacityClaim,
  CapacityDefault,
  CapacityOverride,
  ConfirmDecision,
  ConfirmOutcome,
  ConfirmRequest,
  ConfirmSnapshot,
  LoadRecord,
  PickupClaim,
  PickupLoadRecord,
  StockRecord,
  StoredPromise,
} from "./store.js";
import { REJECTED_CAPACITY, REJECTED_STOCK } from "./store.js";
import {
  isRetryableConflict,
  isUnavailableError,
  storeClosedError,
  storeUnavailable,
  toStoreError,
} from "./store-error.js";
import {
  comparePickupKey,
  type PreparedClaims,
  type PreparedStockClaim,
  prepareClaims,
} from "./store-input.js";
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

/** The NOTIFY channel; the payload is `<schema>:<seq>`. */
export const CHANGE_CHANNEL = "promise_state";

/** Confirms written by one statement at most. */
const MAX_GROUP = 64;
const IDEMPOTENCY_CONSTRAINT = "promise_idempotency_key";
/**
 * A group's statement refuses to commit once it is this close to the earliest `writeBy` of its
 * confirms: room for the commit itself, so that it is over before their callers are answered.
 */
export const COMMIT_MARGIN_MS = 100;
/** The reason `promise_store_reject` raises when a group's statement ran too late. */
const WRITE_TOO_LATE = "WRITE_TOO_LATE";

interface PendingConfirm {
  readonly request: ConfirmRequest;
  /** UTC ms after which this confirm must not commit (its caller has been answered). */
  readonly writeBy: number;
  readonly decide: (snapshot: ConfirmSnapshot) => ConfirmDecision;
  readonly resolve: (outcome: ConfirmOutcome) => void;
  readonly reject: (err: unknown) => void;
}

/** A confirm `decide` accepted and the state in memory had room for. */
interface Accepted {
  readonly item: PendingConfirm;
  readonly promise: StoredPromise;
  readonly payload: string;
  /** Its stock claims, merged per key, with their inbound allowances. */
  readonly stock: readonly PreparedStockClaim[];
  /** Its capacity claims, with the limits `decide` saw. */
  readonly capacity: readonly CapacityClaim[];
  /** Its pickup claims, with the limits `decide` saw. */
  readonly pickups: readonly PickupClaim[];
}

/** The confirms of a group that need writing, and the load and pickup rows the snapshot had. */
interface Decided {
  readonly accepted: Accepted[];
  readonly knownLoads: ReadonlySet<string>;
  readonly knownPickups: ReadonlySet<string>;
}

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
 * Confirms on PostgreSQL, committed in groups. Every confirm must lock the change counter and,
 * at a peak, the same load row (a warehouse's ship date), until its commit is flushed to disk,
 * so one-by-one transactions cannot go faster than one fsync each. Instead, the confirms that
 * arrive while a group is being written wait and form the next group (at most 64):
 *
 * 1. one query reads the snapshot of every SKU of the group and the promises holding its keys;
 * 2. `decide` runs for each confirm in arrival order on that snapshot, updated in memory with
 *    what the earlier confirms of the group reserved (so the group behaves as if its confirms
 *    ran one after the other); claims that do not fit are refused right there;
 * 3. one statement writes the whole group: it takes the counter, adds up the claims per stock
 *    row and per load row in conditional updates, inserts the promises and reservations, and
 *    NOTIFYs. If another process took the room meanwhile (or a key was taken), the statement
 *    aborts as a whole (`promise_store_reject`) and each confirm of the group is run again
 *    alone, on a fresh snapshot, up to `maxAttempts` times.
 *
 * One group is in flight per store instance; the answer to each confirm comes after its commit.
 */
export class PostgresConfirmQueue {
  readonly #db: Kysely<StoreDatabase>;
  readonly #schema: string;
  readonly #maxAttempts: number;
  readonly #onCommitted: (seq: number) => void;
  #queue: PendingConfirm[] = [];
  #running: Promise<void> | undefined;
  #scheduled = false;
  #closed = false;

  constructor(options: {
    db: Kysely<StoreDatabase>;
    schema: string;
    maxAttempts: number;
    onCommitted: (seq: number) => void;
  }) {
    this.#db = options.db;
    this.#schema = options.schema;
    this.#maxAttempts = options.maxAttempts;
    this.#onCommitted = options.onCommitted;
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
    if (this.#closed) return Promise.reject(storeClosedError());
    return new Promise<ConfirmOutcome>((resolve, reject) => {
      this.#queue.push({ request, writeBy, decide, resolve, reject });
      if (this.#running === undefined && !this.#scheduled) {
        // Let the calls of this turn of the event loop join the first group.
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#pump();
        });
      }
    });
  }

  /** Refuses new confirms and answers the ones already asked (drains the queue). */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running !== undefined || this.#queue.length > 0) {
      if (this.#running === undefined) this.#pump();
      await this.#running;
    }
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

  #pump(): void {
    if (this.#running !== undefined || this.#queue.length === 0) return;
    const group = this.#takeGroup();
    this.#running = this.#runGroup(group).finally(() => {
      this.#running = undefined;
      this.#pump();
    });
  }

  /** The next confirms in arrival order, one per idempotency key (a twin waits for the next). */
  #takeGroup(): PendingConfirm[] {
    const group: PendingConfirm[] = [];
    const keys = new Set<string>();
    const rest: PendingConfirm[] = [];
    const now = Date.now();
    for (const item of this.#queue) {
      // Its caller has been answered meanwhile (it waited behind a group that hung).
      if (now >= item.writeBy - COMMIT_MARGIN_MS) {
        item.reject(tooLateError());
        continue;
      }
      if (group.length < MAX_GROUP && !keys.has(item.request.idempotencyKey)) {
        keys.add(item.request.idempotencyKey);
        group.push(item);
      } else {
        rest.push(item);
      }
    }
    this.#queue = rest;
    return group;
  }

  async #runGroup(group: readonly PendingConfirm[]): Promise<void> {
    let accepted: Accepted[];
    let result: WriteResult;
    try {
      const decided = await this.#decideGroup(group);
      accepted = decided.accepted;
      if (accepted.length === 0) return;
      result = await this.#write(decided);
    } catch (err) {
      const error = toStoreError(err);
      for (const item of group) item.reject(error);
      return;
    }
    if (result.kind === "written") {
      this.#onCommitted(result.seq);
      for (const a of accepted)
        a.item.resolve({ kind: "confirmed", promise: a.promise, seq: result.seq });
      return;
    }
    for (const a of accepted)
      await this.#runAlone(a.item, accepted.length === 1 ? result : undefined);
  }

  /** A confirm whose group lost a race: again alone, on fresh snapshots. */
  async #runAlone(item: PendingConfirm, first: WriteResult | undefined): Promise<void> {
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
        if (accepted === undefined) return; // settled by #decideGroup
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

  /**
   * Reads the group's snapshot and runs `decide` for each confirm; settles the confirms that do
   * not need a write (existing promise, refusal, no room, decide threw) and returns the others.
   */
  async #decideGroup(group: readonly PendingConfirm[]): Promise<Decided> {
    const skus = [...new Set(group.flatMap((g) => g.request.skus))];
    const keys = group.map((g) => g.request.idempotencyKey);
    const fromDay = Math.min(...group.map((g) => g.request.fromDay));
    const toDay = Math.max(...group.map((g) => g.request.toDay));
    const snap = await sql<GroupSnapshotRow>`
      with s as (
        select sku, warehouse_id, on_hand, safety_stock, reserved, inbound, version, change_seq
        from stock where sku = any(${skus}::text[])
      ),
      w as (select distinct warehouse_id from s)
      select
        (select coalesce(json_agg(x.j), '[]'::json)
          from (${PROMISE_JSON} where p.idempotency_key = any(${keys}::text[])) as x(j))
          as existing,
        (select coalesce(json_agg(s order by s.sku, s.warehouse_id), '[]'::json) from s) as stock,
        (select coalesce(json_agg(c order by c.warehouse_id), '[]'::json)
          from warehouse_capacity c where c.warehouse_id in (select warehouse_id from w))
          as capacity,
        (select coalesce(json_agg(o order by o.warehouse_id, o.day), '[]'::json)
          from capacity_override o
          where o.warehouse_id in (select warehouse_id from w)
            and o.day between ${fromDay}::int and ${toDay}::int) as overrides,
        (select coalesce(json_agg(l order by l.warehouse_id, l.day), '[]'::json)
          from warehouse_load l
          where l.warehouse_id in (select warehouse_id from w)
            and l.day between ${fromDay}::int and ${toDay}::int) as loads,
        (select coalesce(json_agg(k order by k.warehouse_id, k.service_id, k.day), '[]'::json)
          from pickup_load k
          where k.warehouse_id in (select warehouse_id from w)
            and k.day between ${fromDay}::int and ${toDay}::int) as pickups
    `.execute(this.#db);
    const row = snap.rows[0]!;
    const existing = new Map<string, StoredPromise>();
    for (const json of row.existing) {
      const p = fromPromiseJson(json);
      existing.set(p.idempotencyKey, p);
    }
    const knownLoads = new Set(row.loads.map((l) => `${l.warehouse_id}\u0000${l.day}`));
    const knownPickups = new Set(
      row.pickups.map((k) => pickupKey(k.service_id, k.warehouse_id, k.day)),
    );
    const state = new GroupState(
      row.stock.map(toStockRecord),
      row.capacity.map(toCapacityDefault),
      row.overrides.map(toCapacityOverride),
      row.loads.map(toLoadRecord),
      row.pickups.map(toPickupLoadRecord),
    );

    const accepted: Accepted[] = [];
    for (const item of group) {
      const found = existing.get(item.request.idempotencyKey);
      if (found !== undefined) {
        settle(item, () => existingOutcome(found, item.request));
        continue;
      }
      let decision: ConfirmDecision;
      let claims: PreparedClaims;
      try {
        decision = item.decide(state.viewFor(item.request));
        if (!decision.ok) {
          item.resolve(
            decision.details === undefined
              ? { kind: "rejected", reason: decision.reason }
              : { kind: "rejected", reason: decision.reason, details: decision.details },
          );
          continue;
        }
        claims = prepareClaims(decision.stock, decision.capacity, decision.pickups);
      } catch (err) {
        item.reject(err);
        continue;
      }
      const noRoom = state.take(claims.stock, claims.capacity, claims.pickups);
      if (noRoom !== undefined) {
        item.resolve(noRoom);
        continue;
      }
      const payload = JSON.stringify(decision.promise.payload ?? null);
      accepted.push({
        item,
        payload,
        promise: {
          id: decision.promise.id,
          idempotencyKey: item.request.idempotencyKey,
          requestHash: item.request.requestHash,
          status: "confirmed",
          payload: JSON.parse(payload) as unknown,
          createdAtMs: decision.promise.createdAtMs,
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
        },
        stock: claims.stock,
        capacity: claims.capacity,
        pickups: claims.pickups,
      });
    }
    return { accepted, knownLoads, knownPickups };
  }

  /** Writes the accepted confirms in one statement (after creating missing load rows). */
  async #write({ accepted, knownLoads, knownPickups }: Decided): Promise<WriteResult> {
    // Claims added up per stock row and per load row, in key order. A stock row's confirms must
    // each fit after the earlier ones of the group: on hand - reserved - safety stock >= (units
    // claimed up to and including it) - its allowance, for all of them, which is one condition
    // with `need` the largest right-hand side; the statement gets `a` = q - need (0 when no
    // claim has an allowance, so the common path checks on hand - reserved - safety stock >= q).
    const stock = new Map<string, { sku: string; wh: string; q: number; need: number }>();
    const load = new Map<string, { wh: string; day: number; n: number; lim: number }>();
    const reservedStock: { pid: string; sku: string; wh: string; q: number }[] = [];
    const reservedDays: { pid: string; wh: string; day: number; at: number }[] = [];
    for (const a of accepted) {
      for (const c of a.stock) {
        const key = `${c.sku}\u0000${c.warehouseId}`;
        const s = stock.get(key) ?? {
          sku: c.sku,
          wh: c.warehouseId,
          q: 0,
          need: Number.NEGATIVE_INFINITY,
        };
        s.q += c.quantity;
        s.need = Math.max(s.need, s.q - c.inboundAllowance);
        stock.set(key, s);
        reservedStock.push({ pid: a.promise.id, sku: c.sku, wh: c.warehouseId, q: c.quantity });
      }
    }
    for (const a of accepted) {
      for (const c of a.capacity) {
        const key = `${c.warehouseId}\u0000${c.day}`;
        const l = load.get(key) ?? { wh: c.warehouseId, day: c.day, n: 0, lim: c.limit };
        l.n += 1;
        if (c.limit >= 0 && (l.lim < 0 || c.limit < l.lim)) l.lim = c.limit;
        load.set(key, l);
        reservedDays.push({
          pid: a.promise.id,
          wh: c.warehouseId,
          day: c.day,
          at: a.promise.createdAtMs,
        });
      }
    }
    // Pickup claims added up per pickup load row, like load claims (the smallest limit wins).
    const pickup = new Map<
      string,
      { svc: string; wh: string; day: number; n: number; lim: number }
    >();
    const reservedPickups: { pid: string; svc: string; wh: string; day: number }[] = [];
    for (const a of accepted) {
      for (const c of a.pickups) {
        const key = pickupKey(c.serviceId, c.warehouseId, c.day);
        const k = pickup.get(key) ?? {
          svc: c.serviceId,
          wh: c.warehouseId,
          day: c.day,
          n: 0,
          lim: c.limit,
        };
        k.n += 1;
        if (c.limit >= 0 && (k.lim < 0 || c.limit < k.lim)) k.lim = c.limit;
        pickup.set(key, k);
        reservedPickups.push({
          pid: a.promise.id,
          svc: c.serviceId,
          wh: c.warehouseId,
          day: c.day,
        });
      }
    }
    const s = [...stock.values()].sort((a, b) =>
      a.sku !== b.sku ? (a.sku < b.sku ? -1 : 1) : a.wh < b.wh ? -1 : a.wh > b.wh ? 1 : 0,
    );
    const l = [...load.values()].sort((a, b) =>
      a.wh !== b.wh ? (a.wh < b.wh ? -1 : 1) : a.day - b.day,
    );

    const k = [...pickup.values()].sort((a, b) =>
      comparePickupKey(
        { serviceId: a.svc, warehouseId: a.wh, day: a.day },
        { serviceId: b.svc, warehouseId: b.wh, day: b.day },
      ),
    );

    const missingPickups = k.filter((x) => !knownPickups.has(pickupKey(x.svc, x.wh, x.day)));
    if (missingPickups.length > 0) {
      await sql`
        insert into pickup_load (service_id, warehouse_id, day, promised, change_seq)
        select v.svc, v.wh, v.day, 0, 0
        from unnest(${missingPickups.map((x) => x.svc)}::text[],
          ${missingPickups.map((x) => x.wh)}::text[], ${missingPickups.map((x) => x.day)}::int[])
          as v(svc, wh, day)
        on conflict (service_id, warehouse_id, day) do nothing`.execute(this.#db);
    }

    const missing = l.filter((x) => !knownLoads.has(`${x.wh}\u0000${x.day}`));
    if (missing.length > 0) {
      // Rows of zeros mean the same as no row; they let the conditional updates below find them.
      await sql`
        insert into warehouse_load (warehouse_id, day, external, promised, change_seq)
        select v.wh, v.day, 0, 0, 0
        from unnest(${missing.map((x) => x.wh)}::text[], ${missing.map((x) => x.day)}::int[])
          as v(wh, day)
        on conflict (warehouse_id, day) do nothing`.execute(this.#db);
    }

    const ps = accepted.map((a) => a.promise);
    const writeBy = Math.min(...accepted.map((a) => a.item.writeBy)) - COMMIT_MARGIN_MS;
    try {
      const r = await sql<{ seq: number }>`
        with c as (update change_counter set seq = seq + 1 where id = 1 returning seq),
        s as (
          update stock as t set reserved = t.reserved + v.q, change_seq = (select seq from c)
          from unnest(${s.map((x) => x.sku)}::text[], ${s.map((x) => x.wh)}::text[],
            ${s.map((x) => x.q)}::int[], ${s.map((x) => x.q - x.need)}::int8[]) as v(sku, wh, q, a)
          where t.sku = v.sku and t.warehouse_id = v.wh
            and t.on_hand + v.a - t.reserved - t.safety_stock >= v.q
          returning t.sku, t.warehouse_id
        ),
        l as (
          update warehouse_load as t set promised = t.promised + v.n,
            change_seq = (select seq from c)
          from unnest(${l.map((x) => x.wh)}::text[], ${l.map((x) => x.day)}::int[],
            ${l.map((x) => x.n)}::int[], ${l.map((x) => x.lim)}::int[]) as v(wh, day, n, lim)
          where t.warehouse_id = v.wh and t.day = v.day
            and (v.lim < 0 or t.external + t.promised + v.n <= v.lim)
          returning t.warehouse_id, t.day
        ),
        k as (
          update pickup_load as t set promised = t.promised + v.n,
            change_seq = (select seq from c)
          from unnest(${k.map((x) => x.svc)}::text[], ${k.map((x) => x.wh)}::text[],
            ${k.map((x) => x.day)}::int[], ${k.map((x) => x.n)}::int[],
            ${k.map((x) => x.lim)}::int[]) as v(svc, wh, day, n, lim)
          where t.service_id = v.svc and t.warehouse_id = v.wh and t.day = v.day
            and (v.lim < 0 or t.promised + v.n <= v.lim)
          returning t.service_id, t.warehouse_id, t.day
        ),
        p as (
          insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
          select v.id, v.k, v.h, 'confirmed', v.payload, v.created
          from unnest(${ps.map((p) => p.id)}::text[], ${ps.map((p) => p.idempotencyKey)}::text[],
            ${ps.map((p) => p.requestHash)}::text[], ${accepted.map((a) => a.payload)}::text[],
            ${ps.map((p) => p.createdAtMs)}::int8[]) as v(id, k, h, payload, created)
          where (select seq from c) > 0
          returning id
        ),
        sr as (
          insert into stock_reservation (promise_id, sku, warehouse_id, quantity)
          select v.pid, v.sku, v.wh, v.q
          from unnest(${reservedStock.map((x) => x.pid)}::text[],
            ${reservedStock.map((x) => x.sku)}::text[], ${reservedStock.map((x) => x.wh)}::text[],
            ${reservedStock.map((x) => x.q)}::int[]) as v(pid, sku, wh, q)
          where (select count(*) from p) > 0
        ),
        cr as (
          insert into capacity_reservation (promise_id, warehouse_id, day, booked_at_ms)
          select v.pid, v.wh, v.day, v.at
          from unnest(${reservedDays.map((x) => x.pid)}::text[],
            ${reservedDays.map((x) => x.wh)}::text[], ${reservedDays.map((x) => x.day)}::int[],
            ${reservedDays.map((x) => x.at)}::int8[])
            as v(pid, wh, day, at)
          where (select count(*) from p) > 0
        ),
        kr as (
          insert into pickup_reservation (promise_id, service_id, warehouse_id, day)
          select v.pid, v.svc, v.wh, v.day
          from unnest(${reservedPickups.map((x) => x.pid)}::text[],
            ${reservedPickups.map((x) => x.svc)}::text[],
            ${reservedPickups.map((x) => x.wh)}::text[],
            ${reservedPickups.map((x) => x.day)}::int[]) as v(pid, svc, wh, day)
          where (select count(*) from p) > 0
        )
        select (select seq from c) as seq,
          case
            when ${Number.isFinite(writeBy) ? writeBy : null}::float8 is not null
              and clock_timestamp() > to_timestamp(${Number.isFinite(writeBy) ? writeBy : null}::float8 / 1000)
              then promise_store_reject(${WRITE_TOO_LATE}, null)
            when (select count(*) from s) < ${s.length}::int then promise_store_reject(
              ${REJECTED_STOCK},
              (select json_build_object('sku', v.sku, 'warehouseId', v.wh)::text
                from unnest(${s.map((x) => x.sku)}::text[], ${s.map((x) => x.wh)}::text[])
                  as v(sku, wh)
                where not exists (select 1 from s where s.sku = v.sku and s.warehouse_id = v.wh)
                limit 1))
            when (select count(*) from l) < ${l.length}::int then promise_store_reject(
              ${REJECTED_CAPACITY},
              (select json_build_object('warehouseId', v.wh, 'day', v.day)::text
                from unnest(${l.map((x) => x.wh)}::text[], ${l.map((x) => x.day)}::int[])
                  as v(wh, day)
                where not exists (select 1 from l where l.warehouse_id = v.wh and l.day = v.day)
                limit 1))
            when (select count(*) from k) < ${k.length}::int then promise_store_reject(
              ${REJECTED_CAPACITY},
              (select json_build_object('serviceId', v.svc, 'warehouseId', v.wh, 'day', v.day)::text
                from unnest(${k.map((x) => x.svc)}::text[], ${k.map((x) => x.wh)}::text[],
                  ${k.map((x) => x.day)}::int[]) as v(svc, wh, day)
                where not exists (select 1 from k where k.service_id = v.svc
                  and k.warehouse_id = v.wh and k.day = v.day)
                limit 1))
            else 0
          end as checked,
          pg_notify(${CHANGE_CHANNEL}, ${this.#schema}::text || ':' || (select seq from c)::text)
      `.execute(this.#db);
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

/**
 * The snapshot of a group in memory, updated as its confirms take stock and capacity, so each
 * `decide` sees what the earlier ones of the group reserved.
 */
class GroupState {
  readonly #stock = new Map<string, StockRecord>();
  readonly #loads = new Map<string, LoadRecord>();
  readonly #pickups = new Map<string, PickupLoadRecord>();

  constructor(
    stock: readonly StockRecord[],
    readonly capacity: readonly CapacityDefault[],
    readonly overrides: readonly CapacityOverride[],
    loads: readonly LoadRecord[],
    pickups: readonly PickupLoadRecord[],
  ) {
    for (const r of stock) this.#stock.set(`${r.sku}\u0000${r.warehouseId}`, r);
    for (const l of loads) this.#loads.set(`${l.warehouseId}\u0000${l.day}`, l);
    for (const k of pickups) this.#pickups.set(pickupKey(k.serviceId, k.warehouseId, k.day), k);
  }

  viewFor(request: ConfirmRequest): ConfirmSnapshot {
    const skus = new Set(request.skus);
    const stock = [...this.#stock.values()].filter((r) => skus.has(r.sku));
    const whs = new Set(stock.map((r) => r.warehouseId));
    const inRange = (day: number) => day >= request.fromDay && day <= request.toDay;
    return {
      stock,
      capacity: this.capacity.filter((c) => whs.has(c.warehouseId)),
      overrides: this.overrides.filter((o) => whs.has(o.warehouseId) && inRange(o.day)),
      loads: [...this.#loads.values()]
        .filter((l) => whs.has(l.warehouseId) && inRange(l.day))
        .sort((a, b) =>
          a.warehouseId !== b.warehouseId
            ? a.warehouseId < b.warehouseId
              ? -1
              : 1
            : a.day - b.day,
        ),
      pickups: [...this.#pickups.values()]
        .filter((k) => whs.has(k.warehouseId) && inRange(k.day))
        .sort(comparePickupKey),
    };
  }

  /** Takes the claims when they all fit; otherwise the refusal, and nothing is taken. */
  take(
    stock: readonly PreparedStockClaim[],
    capacity: readonly CapacityClaim[],
    pickups: readonly PickupClaim[],
  ): ConfirmOutcome | undefined {
    for (const c of stock) {
      const r = this.#stock.get(`${c.sku}\u0000${c.warehouseId}`);
      if (
        r === undefined ||
        r.onHand + c.inboundAllowance - r.reserved - r.safetyStock < c.quantity
      ) {
        return {
          kind: "rejected",
          reason: REJECTED_STOCK,
          details: { sku: c.sku, warehouseId: c.warehouseId },
        };
      }
    }
    for (const c of capacity) {
      const l = this.#loads.get(`${c.warehouseId}\u0000${c.day}`);
      if (c.limit >= 0 && (l?.external ?? 0) + (l?.promised ?? 0) + 1 > c.limit) {
        return {
          kind: "rejected",
          reason: REJECTED_CAPACITY,
          details: { warehouseId: c.warehouseId, day: c.day },
        };
      }
    }
    for (const c of pickups) {
      const k = this.#pickups.get(pickupKey(c.serviceId, c.warehouseId, c.day));
      if (c.limit >= 0 && (k?.promised ?? 0) + 1 > c.limit) {
        return {
          kind: "rejected",
          reason: REJECTED_CAPACITY,
          details: { serviceId: c.serviceId, warehouseId: c.warehouseId, day: c.day },
        };
      }
    }
    for (const c of stock) {
      const key = `${c.sku}\u0000${c.warehouseId}`;
      const r = this.#stock.get(key)!;
      this.#stock.set(key, { ...r, reserved: r.reserved + c.quantity });
    }
    for (const c of capacity) {
      const key = `${c.warehouseId}\u0000${c.day}`;
      const l = this.#loads.get(key);
      this.#loads.set(key, {
        warehouseId: c.warehouseId,
        day: c.day,
        external: l?.external ?? 0,
        promised: (l?.promised ?? 0) + 1,
        shipped: l?.shipped ?? 0,
        shippedOn: l?.shippedOn ?? 0,
        changeSeq: l?.changeSeq ?? 0,
      });
    }
    for (const c of pickups) {
      const key = pickupKey(c.serviceId, c.warehouseId, c.day);
      const k = this.#pickups.get(key);
      this.#pickups.set(key, {
        serviceId: c.serviceId,
        warehouseId: c.warehouseId,
        day: c.day,
        promised: (k?.promised ?? 0) + 1,
        changeSeq: k?.changeSeq ?? 0,
      });
    }
    return undefined;
  }
}

/** A confirm whose time ran out before its write: nothing was reserved. */
function tooLateError(): DomainError {
  return storeUnavailable(new Error("the confirm ran out of time before its write"));
}

function pickupKey(serviceId: string, warehouseId: string, day: number): string {
  return `${serviceId}\u0000${warehouseId}\u0000${day}`;
}

function settle(item: PendingConfirm, outcome: () => ConfirmOutcome): void {
  try {
    item.resolve(outcome());
  } catch (err) {
    item.reject(err);
  }
}

export function existingOutcome(promise: StoredPromise, request: ConfirmRequest): ConfirmOutcome {
  if (promise.requestHash !== request.requestHash) {
    throw new DomainError(
      "ALREADY_EXISTS",
      "this idempotency key was used for a different request",
      "idempotency_key",
    );
  }
  return { kind: "existing", promise };
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
const PROMISE_JSON = sql`
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
