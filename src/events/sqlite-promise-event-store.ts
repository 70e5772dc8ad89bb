import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { type Day, dayNumber, dayNumberOrNull } from "../engine/day.js";
import { PICKUP_SERVICE } from "../engine/pickup-options.js";
import { withStoreErrors } from "../store/store-error.js";
import {
  CANDIDATE_COLUMNS,
  type CellHolder,
  type EventRow,
  fromEventArray,
  type ListCursor,
  OPEN_PROMISE,
  type OpenPromise,
  type OpenShipment,
  PICKUP_STORES_SQLITE,
  type PromiseEvent,
  type PromiseEventStore,
  type PromiseFilter,
  type PromiseListItem,
  pickupCandidateIds,
  RISK_OF_SQL,
  type RiskCandidate,
  type RiskGroup,
  type RiskPage,
  type RiskUpdate,
  type RiskWriteRow,
  riskOfRow,
  riskWriteRows,
  SQLITE_DROP_RISK_TEXT,
  SQLITE_EVENT_COLUMNS,
  SQLITE_RISK_EVENTS,
  SQLITE_RISK_TEXT,
  SQLITE_UPSERT_RISKS,
  type StoredRisk,
  sqliteRiskParams,
  toPromiseEvent,
  toRiskCandidates,
  withPickupStores,
} from "./promise-event-store.js";
import { listPromisesSql } from "./promise-filter-sql.js";
import { SqliteRiskWriter } from "./sqlite-risk-writer.js";

interface PromiseRow {
  id: string;
  status: string;
  payload: string;
  created_at_ms: number;
  risk: string | null;
  idempotency_key?: string;
  cancelled_at_ms?: number | string | null;
  fulfilled_at_ms?: number | string | null;
}

/** How long a publisher holds the outbox lane without renewing it (ms). */
const LANE_LEASE_MS = 10_000;

/** Risk updates at least this many go to the writer thread. */
const BULK_WRITE = 200;

/**
 * One page of promise_leg (ids after the first parameter, up to the second) grouped: the open promises with one shipment,
 * no tracking and not excluded, by their leg, a pick-up's store (from its payload, by a
 * subquery run for pick-up shipments only: `p` stays read from its covering index), destination, window, status, confirm minute and
 * stored risk (the engine's answer depends on the confirm instant only through its local order
 * day and side of the cut-off, which change on whole minutes: RiskPass checks each group); the
 * others (`single` = 1) each in a group of their own, read again by id.
 */
/** Deletes the risk texts below the smallest one an event still references (all if none). */
const PRUNE_RISK_TEXTS = `delete from promise_event_risk where id <
  coalesce((select min(risk_id) from promise_event), (select max(id) + 1 from promise_event_risk))`;

const GROUPED_PAGE = `select warehouse_id, service_id, ship_day, earliest_day, latest_day,
    country_code, postal_code, province, promise_earliest_day, promise_latest_day, status,
    risk_status, risk_since_ms, risk, min(created_at_ms), max(created_at_ms), count(*),
    json_group_array(promise_id), single, pickup_store
  from (select l.promise_id, l.warehouse_id, l.service_id, l.ship_day, l.earliest_day,
      l.latest_day, l.country_code, l.postal_code, l.province, l.promise_earliest_day,
      l.promise_latest_day, p.status, p.created_at_ms, r.status as risk_status,
      r.since_ms as risk_since_ms, r.risk,
      (exists (select 1 from promise_leg l2 where l2.promise_id = l.promise_id
          and l2.warehouse_id <> l.warehouse_id)
        or exists (select 1 from shipment s where s.promise_id = l.promise_id)
        or exists (select 1 from temp.risk_pass_exclude x where x.promise_id = l.promise_id)
      ) as single,
      case when l.service_id = 'pickup' then (select json_extract(x.payload, '$.pickup.storeId')
          from promise x where x.id = l.promise_id and json_valid(x.payload)) end as pickup_store
    from promise_leg l
    cross join promise p indexed by promise_risk_read on p.id = l.promise_id
    left join promise_risk r on r.promise_id = l.promise_id
    where l.promise_id > ? and l.promise_id <= ? and ${OPEN_PROMISE})
  group by single, case when single then promise_id end, warehouse_id, service_id, ship_day,
    earliest_day, latest_day, country_code, postal_code, province, promise_earliest_day,
    promise_latest_day, status, created_at_ms / 60000, risk_status, risk_since_ms, risk,
    pickup_store`;

function toRiskPage(rows: readonly unknown[][]): RiskPage {
  const groups: RiskGroup[] = [];
  const single = new Set<string>();
  for (const r of rows) {
    if (r[18] === 1) {
      single.add((JSON.parse(r[17] as string) as string[])[0]!);
      continue;
    }
    const leg = {
      warehouseId: r[0] as string,
      serviceId: r[1] as string,
      shipDay: dayNumber(Number(r[2])),
      earliestDay: dayNumber(Number(r[3])),
      latestDay: dayNumber(Number(r[4])),
      state: null,
      stateAtMs: 0,
      shippedDay: null,
      deliveredDay: null,
    };
    groups.push({
      candidate: {
        id: "",
        status: r[10] as string,
        createdAtMs: Number(r[14]),
        riskStatus: (r[11] as string | null) ?? null,
        riskSinceMs: r[12] === null ? null : Number(r[12]),
        riskJson: (r[13] as string | null) ?? null,
        countryCode: r[5] as string,
        postalCode: r[6] as string,
        province: r[7] as string,
        promisedEarliestDay: dayNumber(Number(r[8])),
        promisedLatestDay: dayNumber(Number(r[9])),
        legs: [leg],
        pickupStoreId: typeof r[19] === "string" ? r[19] : undefined,
      },
      lastCreatedAtMs: Number(r[15]),
      count: Number(r[16]),
      idsJson: r[17] as string,
    });
  }
  return { groups, single: [...single] };
}

interface ShipmentRow {
  promise_id: string;
  warehouse_id: string;
  state: string;
  state_at_ms: number;
  ship_day: number | null;
  delivered_day: number | null;
}

/**
 * The outbox and risks on the store's SQLite file, through a connection of its own (WAL: reads
 * never wait for the store's writer; writes wait for the lock like any other process's would).
 * SQLite has one writer, so sequence order is commit order; one lane.
 */
export class SqlitePromiseEventStore implements PromiseEventStore {
  readonly engine = "sqlite" as const;
  readonly lanes = 1;
  readonly #db: Database.Database;
  /** The connection is the store's (an in-memory database): the store closes it. */
  readonly #shared: boolean;
  readonly #statements = new Map<string, Database.Statement>();
  /** Bulk risk writes, on a worker thread (file databases only). */
  readonly #writer: SqliteRiskWriter | undefined;
  readonly #applyTx: Database.Transaction<(rows: readonly RiskWriteRow[]) => number>;
  /** This connection's name as the outbox lane's leaseholder. */
  readonly #owner = `${process.pid}-${randomUUID()}`;

  /** `source`: the database file, or the store's connection to share (an in-memory database). */
  constructor(
    source: string | Database.Database,
    options: {
      busyTimeoutMs?: number;
      bulkWriter?: boolean;
      writerNice?: number;
      writerIdleMs?: number;
    } = {},
  ) {
    this.#shared = typeof source !== "string";
    const db =
      typeof source === "string"
        ? new Database(source, { timeout: options.busyTimeoutMs ?? 5_000 })
        : source;
    if (!this.#shared) {
      db.pragma("journal_mode = WAL");
      // FULL, as the store's own connection: a risk's event may already be on a stream when the
      // power goes, and a lost outbox row would let its sequence number be given to another
      // event. Risk writes come in batches (one fsync each), so FULL costs little.
      db.pragma("synchronous = FULL");
    }
    this.#db = db;
    this.#writer =
      typeof source === "string" && options.bulkWriter !== false
        ? new SqliteRiskWriter(source, options.busyTimeoutMs ?? 5_000, {
            ...(options.writerNice === undefined ? {} : { nice: options.writerNice }),
            ...(options.writerIdleMs === undefined ? {} : { idleMs: options.writerIdleMs }),
          })
        : undefined;
    // Each outcome's risk text and events, then its upsert (migrations 0018 and 0021: no
    // trigger writes them; the bulk writer thread runs the same statements, SqliteRiskWriter).
    const riskText = db.prepare(SQLITE_RISK_TEXT);
    const dropRiskText = db.prepare(SQLITE_DROP_RISK_TEXT);
    const riskEvents = db.prepare(SQLITE_RISK_EVENTS);
    const upsert = db.prepare(SQLITE_UPSERT_RISKS);
    this.#applyTx = db.transaction((rows: readonly RiskWriteRow[]) => {
      let n = 0;
      for (const g of rows) {
        const riskId = riskText.run(g[1]).lastInsertRowid;
        if (riskEvents.run(sqliteRiskParams(g, riskId)).changes === 0) dropRiskText.run(riskId);
        n += upsert.run(g[0], g[1], g[2], g[3]).changes;
      }
      return n;
    });
  }

  async latestSeq(): Promise<number> {
    const row = await withStoreErrors(
      () =>
        this.#db.prepare("select seq from sqlite_sequence where name = 'promise_event'").get() as
          | { seq: number }
          | undefined,
    );
    return row === undefined ? 0 : Number(row.seq);
  }

  async oldestSeq(): Promise<number> {
    const row = await withStoreErrors(
      () =>
        this.#db.prepare("select min(seq) as seq from promise_event").get() as {
          seq: number | null;
        },
    );
    return row.seq ?? 0;
  }

  async riskOf(promiseId: string): Promise<StoredRisk | null> {
    return riskOfRow(
      await withStoreErrors(
        () => this.#stmt(RISK_OF_SQL).raw().get(promiseId) as unknown[] | undefined,
      ),
    );
  }

  async readEvents(afterSeq: number, limit: number): Promise<PromiseEvent[]> {
    // One prepared statement, rows as arrays (no per-row key lookups): the stream's hot path.
    const rows = await withStoreErrors(
      () =>
        this.#stmt(
          `select ${SQLITE_EVENT_COLUMNS} from promise_event e
           where e.seq > ? order by e.seq limit ?`,
        )
          .raw()
          .all(afterSeq, limit) as [number, string, string, string, string | null, number][],
    );
    return rows.map(fromEventArray);
  }

  async applyRisks(updates: readonly RiskUpdate[]): Promise<number> {
    if (updates.length === 0) return 0;
    // A few risks (a targeted re-check) are written here at once; a bulk pass's batches on the
    // writer thread, so the event loop keeps serving while they commit.
    if (this.#writer !== undefined && updates.length >= BULK_WRITE) {
      return this.#writer.write(riskWriteRows(updates));
    }
    return this.#applyTx.immediate(riskWriteRows(updates));
  }

  async applyRiskRows(rows: readonly RiskWriteRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    if (this.#writer !== undefined) return this.#writer.write(rows);
    return this.#applyTx.immediate(rows);
  }

  riskPages(pageSize: number, exclude: readonly string[]): AsyncIterable<RiskPage> {
    const db = this.#db;
    // The excluded ids, in a table of this connection's own (never the store file's).
    db.exec(
      "create temp table if not exists risk_pass_exclude (promise_id text primary key) without rowid",
    );
    this.#stmt("delete from temp.risk_pass_exclude").run();
    const add = this.#stmt(
      "insert or ignore into temp.risk_pass_exclude (promise_id) select value from json_each(?)",
    );
    for (let i = 0; i < exclude.length; i += 10_000) {
      add.run(JSON.stringify(exclude.slice(i, i + 10_000)));
    }
    // A page: the promises up to the one holding the page's last shipment, whole.
    const bound = this.#stmt(
      "select promise_id from promise_leg where promise_id > ? order by promise_id limit 1 offset ?",
    ).pluck();
    const last = this.#stmt("select max(promise_id) from promise_leg").pluck();
    const groups = this.#stmt(GROUPED_PAGE).raw();
    return {
      async *[Symbol.asyncIterator]() {
        let after = "";
        for (;;) {
          const upto =
            (bound.get(after, pageSize - 1) as string | undefined) ?? (last.get() as string | null);
          if (upto === null || upto === undefined || upto <= after) return;
          yield toRiskPage(groups.all(after, upto) as unknown[][]);
          after = upto;
        }
      },
    };
  }

  async riskCandidates(ids: readonly string[]): Promise<RiskCandidate[]> {
    if (ids.length === 0) return [];
    const rows = this.#stmt(
      `select ${CANDIDATE_COLUMNS} from promise_leg l
       join promise p on p.id = l.promise_id
       left join promise_risk r on r.promise_id = l.promise_id
       left join shipment s on s.promise_id = l.promise_id and s.warehouse_id = l.warehouse_id
       where l.promise_id in (select value from json_each(?)) and ${OPEN_PROMISE}
       order by l.promise_id, l.warehouse_id`,
    )
      .raw()
      .all(JSON.stringify(ids)) as unknown[][];
    return this.#withPickupStores(toRiskCandidates(rows));
  }

  /** The candidates, pick-ups with their store (read for them alone, see pickupCandidateIds). */
  #withPickupStores(candidates: RiskCandidate[]): RiskCandidate[] {
    const ids = pickupCandidateIds(candidates);
    if (ids.length === 0) return candidates;
    const rows = this.#stmt(PICKUP_STORES_SQLITE).raw().all(JSON.stringify(ids)) as unknown[][];
    return withPickupStores(candidates, rows);
  }

  allRiskCandidates(pageSize: number): AsyncIterable<readonly RiskCandidate[]> {
    const page = this.#stmt(
      // CROSS JOIN keeps promise_leg the outer loop, in its key order: a page is one range of
      // it (left to itself, SQLite drives from the status index and sorts every open promise
      // for every page).
      `select ${CANDIDATE_COLUMNS} from promise_leg l
       cross join promise p indexed by promise_risk_read on p.id = l.promise_id
       left join promise_risk r on r.promise_id = l.promise_id
       left join shipment s on s.promise_id = l.promise_id and s.warehouse_id = l.warehouse_id
       where l.promise_id > ? and ${OPEN_PROMISE}
       order by l.promise_id, l.warehouse_id limit ?`,
    );
    const stores = (candidates: RiskCandidate[]) => this.#withPickupStores(candidates);
    return {
      async *[Symbol.asyncIterator]() {
        let after = "";
        for (;;) {
          const rows = page.raw().all(after, pageSize) as unknown[][];
          if (rows.length === 0) return;
          const candidates = toRiskCandidates(rows);
          // A full page may end inside a promise: that one comes whole with the next page.
          if (rows.length === pageSize && candidates.length > 1) candidates.pop();
          after = candidates[candidates.length - 1]!.id;
          yield stores(candidates);
          if (rows.length < pageSize) return;
        }
      },
    };
  }

  async countLegs(): Promise<number> {
    return Number(this.#stmt("select count(*) from promise_leg").pluck().get());
  }

  async stockHolders(sku: string, warehouseId: string): Promise<CellHolder[]> {
    const rows = this.#stmt(
      `select r.promise_id, p.created_at_ms, r.quantity from stock_reservation r
       join promise p on p.id = r.promise_id
       where r.sku = ? and r.warehouse_id = ? and p.status = 'confirmed'`,
    )
      .raw()
      .all(sku, warehouseId) as [string, number, number][];
    return rows.map(([id, at, q]) => ({
      promiseId: `${id}|${warehouseId}`,
      createdAtMs: Number(at),
      quantity: Number(q),
    }));
  }

  async shipDayHolders(warehouseId: string, day: Day): Promise<CellHolder[]> {
    const rows = this.#stmt(
      `select l.promise_id, p.created_at_ms from promise_leg l join promise p on p.id = l.promise_id
       where l.warehouse_id = ? and l.ship_day = ? and p.status = 'confirmed'`,
    )
      .raw()
      .all(warehouseId, day) as [string, number][];
    return rows.map(([id, at]) => ({
      promiseId: `${id}|${warehouseId}`,
      createdAtMs: Number(at),
      quantity: 1,
    }));
  }

  async pickupHolders(
    warehouseId: string,
    serviceId: string,
    day: Day,
    limit: number,
    transferStores: readonly string[] = [],
  ): Promise<{ taken: number; holders: CellHolder[] }> {
    const cell = `from promise_leg l join promise p on p.id = l.promise_id
       where l.warehouse_id = ? and l.ship_day = ?
         and (l.service_id = ? or (l.service_id = '${PICKUP_SERVICE}' and exists (
           select 1 from promise_leg s where s.promise_id = l.promise_id
             and s.service_id = '${PICKUP_SERVICE}'
             and s.warehouse_id in (select value from json_each(?)))))`;
    const stores = JSON.stringify(transferStores);
    const taken = this.#stmt(`select count(*) ${cell} and p.status in ('confirmed', 'fulfilled')`)
      .pluck()
      .get(warehouseId, day, serviceId, stores) as number;
    if (taken <= limit) return { taken, holders: [] };
    // The newest `taken - limit` confirmed ones, and those confirmed at the same instant as the
    // oldest of them (all confirmed ones when there are fewer).
    const from = this.#stmt(
      `select p.created_at_ms ${cell} and p.status = 'confirmed'
       order by p.created_at_ms desc limit 1 offset ?`,
    )
      .pluck()
      .get(warehouseId, day, serviceId, stores, taken - limit - 1) as number | undefined;
    const rows = this.#stmt(
      `select l.promise_id, p.created_at_ms ${cell} and p.status = 'confirmed'
         and p.created_at_ms >= ?`,
    )
      .raw()
      .all(warehouseId, day, serviceId, stores, from ?? Number.MIN_SAFE_INTEGER) as [
      string,
      number,
    ][];
    return {
      taken,
      holders: rows.map(([id, at]) => ({
        promiseId: `${id}|${warehouseId}`,
        createdAtMs: Number(at),
        quantity: 1,
      })),
    };
  }

  async pendingRechecks(limit: number): Promise<string[]> {
    return this.#stmt("select promise_id from risk_recheck limit ?").pluck().all(limit) as string[];
  }

  async clearRechecks(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.#stmt("delete from risk_recheck where promise_id in (select value from json_each(?))").run(
      JSON.stringify(ids),
    );
  }

  /** A prepared statement, prepared once per connection. */
  #stmt(text: string): Database.Statement {
    let st = this.#statements.get(text);
    if (st === undefined) {
      st = this.#db.prepare(text);
      this.#statements.set(text, st);
    }
    return st;
  }

  openPromises(pageSize: number): AsyncIterable<readonly OpenPromise[]> {
    const db = this.#db;
    const page = db.prepare(
      `select p.id, p.status, p.payload, p.created_at_ms, r.risk from promise p
       left join promise_risk r on r.promise_id = p.id
       where p.id > ? and ${OPEN_PROMISE}
       order by p.id limit ?`,
    );
    const shipments = db.prepare(
      `select promise_id, warehouse_id, state, state_at_ms, ship_day, delivered_day from shipment
       where promise_id in (select value from json_each(?))`,
    );
    return {
      async *[Symbol.asyncIterator]() {
        let after = "";
        for (;;) {
          const rows = page.all(after, pageSize) as PromiseRow[];
          if (rows.length === 0) return;
          after = rows[rows.length - 1]!.id;
          const byPromise = groupShipments(
            shipments.all(JSON.stringify(rows.map((r) => r.id))) as ShipmentRow[],
          );
          yield rows.map((r) => toOpenPromise(r, byPromise.get(r.id) ?? []));
          if (rows.length < pageSize) return;
        }
      },
    };
  }

  async listPromises(
    filter: PromiseFilter,
    after: ListCursor | undefined,
    limit: number,
  ): Promise<PromiseListItem[]> {
    const { text, params } = listPromisesSql("sqlite", filter, after, limit);
    const rows = await withStoreErrors(() => this.#stmt(text).all(...params) as PromiseRow[]);
    return rows.map(toListItem);
  }

  async publishLane(
    _lane: number,
    limit: number,
    publish: (events: readonly PromiseEvent[]) => Promise<void>,
    nowMs: number,
  ): Promise<number> {
    // The lane's lease (real time, not the service's clock): one publisher at a time; one that
    // died holding it is replaced once it runs out.
    const claimed = this.#stmt(
      `insert into promise_event_lease (lane, owner, until_ms) values (0, ?, ?)
       on conflict (lane) do update set owner = excluded.owner, until_ms = excluded.until_ms
       where promise_event_lease.until_ms < ? or promise_event_lease.owner = excluded.owner`,
    ).run(this.#owner, Date.now() + LANE_LEASE_MS, Date.now()).changes;
    if (claimed === 0) return 0;
    const rows = this.#stmt(
      `select ${SQLITE_EVENT_COLUMNS} from promise_event e
       where e.published_at_ms is null and e.lane = 0 order by e.seq limit ?`,
    ).all(limit) as EventRow[];
    if (rows.length === 0) return 0;
    const events = rows.map(toPromiseEvent);
    await publish(events);
    this.#stmt(
      "update promise_event set published_at_ms = ? where seq between ? and ? and published_at_ms is null",
    ).run(nowMs, events[0]!.seq, events[events.length - 1]!.seq);
    return events.length;
  }

  async prune(beforeMs: number, publishedOnly: boolean): Promise<number> {
    const deleted = this.#db
      .prepare(
        `delete from promise_event where at_ms < ?
         ${publishedOnly ? "and published_at_ms is not null" : ""}`,
      )
      .run(beforeMs).changes;
    // The outcomes' risk texts (migration 0021) older than every one still referenced: ids grow
    // with each write, so no later event can reference them.
    if (deleted > 0) this.#stmt(PRUNE_RISK_TEXTS).run();
    return deleted;
  }

  async close(): Promise<void> {
    await this.#writer?.close();
    // The lane is free for another process at once (a process that dies keeps it until its
    // lease runs out).
    try {
      this.#stmt("delete from promise_event_lease where owner = ?").run(this.#owner);
    } catch {
      // Closing anyway.
    }
    if (!this.#shared) this.#db.close();
  }
}

export function groupShipments(rows: readonly ShipmentRow[]): Map<string, OpenShipment[]> {
  const map = new Map<string, OpenShipment[]>();
  for (const r of rows) {
    let list = map.get(r.promise_id);
    if (list === undefined) {
      list = [];
      map.set(r.promise_id, list);
    }
    list.push({
      warehouseId: r.warehouse_id,
      state: r.state,
      stateAtMs: Number(r.state_at_ms),
      shipDay: dayNumberOrNull(r.ship_day === null ? null : Number(r.ship_day)),
      deliveredDay: dayNumberOrNull(r.delivered_day === null ? null : Number(r.delivered_day)),
    });
  }
  return map;
}

export function toOpenPromise(r: PromiseRow, shipments: readonly OpenShipment[]): OpenPromise {
  return {
    id: r.id,
    status: r.status,
    payload: JSON.parse(r.payload) as unknown,
    createdAtMs: Number(r.created_at_ms),
    risk: r.risk === null ? null : (JSON.parse(r.risk) as StoredRisk),
    shipments,
  };
}

export function toListItem(r: PromiseRow): PromiseListItem {
  const ms = (v: number | string | null | undefined) =>
    v === null || v === undefined ? null : Number(v);
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key ?? "",
    status: r.status,
    cancelledAtMs: ms(r.cancelled_at_ms),
    fulfilledAtMs: ms(r.fulfilled_at_ms),
    payload: JSON.parse(r.payload) as unknown,
    createdAtMs: Number(r.created_at_ms),
    risk: r.risk === null ? null : (JSON.parse(r.risk) as StoredRisk),
  };
}

export type { PromiseRow, ShipmentRow };
