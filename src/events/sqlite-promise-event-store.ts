import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { type Day, dayNumberOrNull } from "../engine/day.js";
import {
  CANDIDATE_COLUMNS,
  type CellHolder,
  type EventRow,
  fromEventArray,
  groupRiskUpdates,
  type ListCursor,
  OPEN_PROMISE,
  type OpenPromise,
  type OpenShipment,
  type PromiseEvent,
  type PromiseEventStore,
  type PromiseFilter,
  type PromiseListItem,
  RISK_OF_SQL,
  type RiskCandidate,
  type RiskUpdate,
  riskOfRow,
  SQLITE_UPSERT_RISKS,
  type StoredRisk,
  toPromiseEvent,
  toRiskCandidates,
} from "./promise-event-store.js";
import { promiseFilterSql } from "./promise-filter-sql.js";
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

export const LIST_COLUMNS = `id, idempotency_key, status, payload, created_at_ms, cancelled_at_ms,
  fulfilled_at_ms, (select r.risk from promise_risk r where r.promise_id = promise.id) as risk`;

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
  readonly #applyTx: Database.Transaction<(updates: readonly RiskUpdate[]) => number>;
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
    const upsert = db.prepare(SQLITE_UPSERT_RISKS);
    this.#applyTx = db.transaction((updates: readonly RiskUpdate[]) => {
      let n = 0;
      for (const g of groupRiskUpdates(updates)) {
        n += upsert.run(g.status, g.json, g.sinceMs, JSON.stringify(g.ids)).changes;
      }
      return n;
    });
  }

  async latestSeq(): Promise<number> {
    const row = this.#db
      .prepare("select seq from sqlite_sequence where name = 'promise_event'")
      .get() as { seq: number } | undefined;
    return row === undefined ? 0 : Number(row.seq);
  }

  async oldestSeq(): Promise<number> {
    const row = this.#db.prepare("select min(seq) as seq from promise_event").get() as {
      seq: number | null;
    };
    return row.seq ?? 0;
  }

  async riskOf(promiseId: string): Promise<StoredRisk | null> {
    return riskOfRow(this.#stmt(RISK_OF_SQL).raw().get(promiseId) as unknown[] | undefined);
  }

  async readEvents(afterSeq: number, limit: number): Promise<PromiseEvent[]> {
    // One prepared statement, rows as arrays (no per-row key lookups): the stream's hot path.
    const rows = this.#stmt(
      `select seq, promise_id, kind, status, risk, at_ms from promise_event
       where seq > ? order by seq limit ?`,
    )
      .raw()
      .all(afterSeq, limit) as [number, string, string, string, string | null, number][];
    return rows.map(fromEventArray);
  }

  async applyRisks(updates: readonly RiskUpdate[]): Promise<number> {
    if (updates.length === 0) return 0;
    // A few risks (a targeted re-check) are written here at once; a bulk pass's batches on the
    // writer thread, so the event loop keeps serving while they commit.
    if (this.#writer !== undefined && updates.length >= BULK_WRITE) {
      return this.#writer.write(updates);
    }
    return this.#applyTx.immediate(updates);
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
    return toRiskCandidates(rows);
  }

  allRiskCandidates(pageSize: number): AsyncIterable<readonly RiskCandidate[]> {
    const page = this.#stmt(
      // CROSS JOIN keeps promise_leg the outer loop, in its key order: a page is one range of
      // it (left to itself, SQLite drives from the status index and sorts every open promise
      // for every page).
      `select ${CANDIDATE_COLUMNS} from promise_leg l
       cross join promise p on p.id = l.promise_id
       left join promise_risk r on r.promise_id = l.promise_id
       left join shipment s on s.promise_id = l.promise_id and s.warehouse_id = l.warehouse_id
       where l.promise_id > ? and ${OPEN_PROMISE}
       order by l.promise_id, l.warehouse_id limit ?`,
    );
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
          yield candidates;
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
  ): Promise<{ taken: number; holders: CellHolder[] }> {
    const rows = this.#stmt(
      `select l.promise_id, p.created_at_ms, p.status from promise_leg l
       join promise p on p.id = l.promise_id
       where l.warehouse_id = ? and l.ship_day = ? and l.service_id = ?
         and p.status in ('confirmed', 'fulfilled')`,
    )
      .raw()
      .all(warehouseId, day, serviceId) as [string, number, string][];
    return {
      taken: rows.length,
      holders: rows
        .filter((r) => r[2] === "confirmed")
        .map(([id, at]) => ({
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
    const { where, params } = promiseFilterSql("sqlite", filter, 1);
    if (after !== undefined) {
      where.push("(created_at_ms < ? or (created_at_ms = ? and id < ?))");
      params.push(after.createdAtMs, after.createdAtMs, after.id);
    }
    const rows = this.#db
      .prepare(
        `select ${LIST_COLUMNS} from promise
         ${where.length > 0 ? `where ${where.join(" and ")}` : ""}
         order by created_at_ms desc, id desc limit ?`,
      )
      .all(...params, limit) as PromiseRow[];
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
      `select seq, promise_id, kind, status, risk, at_ms from promise_event
       where published_at_ms is null and lane = 0 order by seq limit ?`,
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
    return this.#db
      .prepare(
        `delete from promise_event where at_ms < ?
         ${publishedOnly ? "and published_at_ms is not null" : ""}`,
      )
      .run(beforeMs).changes;
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
