import pg from "pg";
import type { Day } from "../engine/day.js";
import { PICKUP_SERVICE } from "../engine/pickup-options.js";
import { OUTBOX_LANES } from "../store/promise-risk-outbox-migration.js";
import { withStoreErrors } from "../store/store-error.js";
import {
  CANDIDATE_COLUMNS,
  type CellHolder,
  type EventRow,
  groupRiskUpdates,
  type ListCursor,
  OPEN_PROMISE,
  type OpenPromise,
  PICKUP_STORES_POSTGRES,
  type PromiseEvent,
  type PromiseEventStore,
  type PromiseFilter,
  type PromiseListItem,
  pickupCandidateIds,
  RISK_OF_SQL,
  type RiskCandidate,
  type RiskUpdate,
  riskOfRow,
  type StoredRisk,
  toPromiseEvent,
  toRiskCandidates,
  withPickupStores,
} from "./promise-event-store.js";
import { listPromisesSql } from "./promise-filter-sql.js";
import {
  groupShipments,
  type PromiseRow,
  type ShipmentRow,
  toListItem,
  toOpenPromise,
} from "./sqlite-promise-event-store.js";

/**
 * The outbox and risks on PostgreSQL, through a small pool of its own (same schema as the
 * store). Publishers share the work by lane: a publisher locks one lane row with FOR UPDATE SKIP
 * LOCKED, publishes that lane's oldest unpublished events in order and marks them published in
 * the same transaction, so a lane has one publisher at a time (order per promise: a promise's
 * events are all in one lane) and a publisher killed mid-publish leaves its rows unpublished for
 * the next one (at least once; the event's sequence is the dedupe id).
 */
export class PostgresPromiseEventStore implements PromiseEventStore {
  readonly engine = "postgres" as const;
  readonly lanes = OUTBOX_LANES;
  readonly #pool: pg.Pool;

  constructor(options: {
    databaseUrl: string;
    schema?: string | undefined;
    poolSize?: number;
    /** The store's time limit (PROMISE_STORE_TIMEOUT_MS): connect, each statement, idle in a transaction. */
    timeoutMs?: number | undefined;
  }) {
    const timeoutMs = options.timeoutMs ?? 5_000;
    this.#pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: timeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      statement_timeout: timeoutMs,
      // statement_timeout cannot fire when the server is not reached (a partition silently
      // dropping packets): a query unanswered a second after it is failed on this side, and
      // pg-pool destroys its connection (a GetPromise's risk read or a stream's read answers
      // UNAVAILABLE instead of waiting for TCP to give up).
      query_timeout: timeoutMs + 1_000,
      idle_in_transaction_session_timeout: timeoutMs,
      application_name: "promise-outbox",
      ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    });
    // A lost connection must never crash the process: the pool's listener covers idle clients
    // only (pg-pool removes it from a checked-out client), so every client gets its own. The
    // query in flight fails with the error, and its caller (sweep, publisher, stream) retries.
    this.#pool.on("error", () => {});
    this.#pool.on("connect", (client) => client.on("error", () => {}));
  }

  async latestSeq(): Promise<number> {
    const r = await withStoreErrors(() =>
      this.#pool.query<{ seq: string }>("select seq from promise_event_counter where id = 1"),
    );
    return Number(r.rows[0]?.seq ?? 0);
  }

  async oldestSeq(): Promise<number> {
    const r = await withStoreErrors(() =>
      this.#pool.query<{ seq: string | null }>("select min(seq) as seq from promise_event"),
    );
    return Number(r.rows[0]?.seq ?? 0);
  }

  async riskOf(promiseId: string): Promise<StoredRisk | null> {
    const rows = await withStoreErrors(() =>
      this.#rows(RISK_OF_SQL.replace("?", "$1"), [promiseId]),
    );
    return riskOfRow(rows[0]);
  }

  async readEvents(afterSeq: number, limit: number): Promise<PromiseEvent[]> {
    const r = await withStoreErrors(() =>
      this.#pool.query<EventRow>(
        `select seq, promise_id, kind, status, risk, at_ms from promise_event
         where seq > $1 order by seq limit $2`,
        [afterSeq, limit],
      ),
    );
    return r.rows.map(toPromiseEvent);
  }

  async applyRisks(updates: readonly RiskUpdate[]): Promise<number> {
    if (updates.length === 0) return 0;
    const client = await this.#pool.connect();
    try {
      await client.query("begin");
      // Every writing transaction locks the change counter first (see the store): the same lock
      // order as the store's, so the outbox counter the trigger takes cannot deadlock.
      // Listeners of the store (other processes' streams) hear of it at commit.
      await client.query(
        `with c as (update change_counter set seq = seq + 1 where id = 1 returning seq)
         select pg_notify('promise_state', current_schema() || ':' || (select seq from c)::text)`,
      );
      // One statement per outcome (a bulk pass has a few outcomes for many promises), the ids
      // in key order (two writers lock rows in one order).
      let n = 0;
      for (const g of groupRiskUpdates(updates)) {
        const r = await client.query(
          `insert into promise_risk (promise_id, status, risk, since_ms)
           select id, $1, $2, $3 from unnest($4::text[]) as u(id) order by id
           on conflict (promise_id) do update set status = excluded.status,
             risk = excluded.risk, since_ms = excluded.since_ms
           where promise_risk.risk <> excluded.risk`,
          [g.status, g.json, g.sinceMs, g.ids],
        );
        n += r.rowCount ?? 0;
      }
      await client.query("commit");
      return n;
    } catch (err) {
      await client.query("rollback").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async #rows(text: string, values: unknown[]): Promise<unknown[][]> {
    const r = await this.#pool.query<unknown[]>({ text, values, rowMode: "array" });
    return r.rows;
  }

  async riskCandidates(ids: readonly string[]): Promise<RiskCandidate[]> {
    if (ids.length === 0) return [];
    const rows = await this.#rows(
      `select ${CANDIDATE_COLUMNS} from promise_leg l
       join promise p on p.id = l.promise_id
       left join promise_risk r on r.promise_id = l.promise_id
       left join shipment s on s.promise_id = l.promise_id and s.warehouse_id = l.warehouse_id
       where l.promise_id = any($1) and ${OPEN_PROMISE}
       order by l.promise_id, l.warehouse_id`,
      [ids],
    );
    return this.#withPickupStores(toRiskCandidates(rows));
  }

  /** The candidates, pick-ups with their store (read for them alone, see pickupCandidateIds). */
  async #withPickupStores(candidates: RiskCandidate[]): Promise<RiskCandidate[]> {
    const ids = pickupCandidateIds(candidates);
    if (ids.length === 0) return candidates;
    return withPickupStores(candidates, await this.#rows(PICKUP_STORES_POSTGRES, [ids]));
  }

  allRiskCandidates(pageSize: number): AsyncIterable<readonly RiskCandidate[]> {
    const read = (after: string) =>
      this.#rows(
        `select ${CANDIDATE_COLUMNS} from promise_leg l
         join promise p on p.id = l.promise_id
         left join promise_risk r on r.promise_id = l.promise_id
         left join shipment s on s.promise_id = l.promise_id and s.warehouse_id = l.warehouse_id
         where l.promise_id > $1 and ${OPEN_PROMISE}
         order by l.promise_id, l.warehouse_id limit $2`,
        [after, pageSize],
      );
    const stores = (candidates: RiskCandidate[]) => this.#withPickupStores(candidates);
    return {
      async *[Symbol.asyncIterator]() {
        let after = "";
        for (;;) {
          const rows = await read(after);
          if (rows.length === 0) return;
          const candidates = toRiskCandidates(rows);
          if (rows.length === pageSize && candidates.length > 1) candidates.pop();
          after = candidates[candidates.length - 1]!.id;
          yield await stores(candidates);
          if (rows.length < pageSize) return;
        }
      },
    };
  }

  async countLegs(): Promise<number> {
    const rows = await this.#rows("select count(*) from promise_leg", []);
    return Number(rows[0]![0]);
  }

  async stockHolders(sku: string, warehouseId: string): Promise<CellHolder[]> {
    const rows = await this.#rows(
      `select r.promise_id, p.created_at_ms, r.quantity from stock_reservation r
       join promise p on p.id = r.promise_id
       where r.sku = $1 and r.warehouse_id = $2 and p.status = 'confirmed'`,
      [sku, warehouseId],
    );
    return rows.map((r) => ({
      promiseId: `${r[0] as string}|${warehouseId}`,
      createdAtMs: Number(r[1]),
      quantity: Number(r[2]),
    }));
  }

  async shipDayHolders(warehouseId: string, day: Day): Promise<CellHolder[]> {
    const rows = await this.#rows(
      `select l.promise_id, p.created_at_ms from promise_leg l join promise p on p.id = l.promise_id
       where l.warehouse_id = $1 and l.ship_day = $2 and p.status = 'confirmed'`,
      [warehouseId, day],
    );
    return rows.map((r) => ({
      promiseId: `${r[0] as string}|${warehouseId}`,
      createdAtMs: Number(r[1]),
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
    // One statement: the day's pickups are counted in PostgreSQL and only the newest confirmed
    // ones beyond the limit (ties at the boundary included) come back, as one JSON array.
    const rows = await this.#rows(
      `with h as (
         select l.promise_id, p.created_at_ms, p.status from promise_leg l
         join promise p on p.id = l.promise_id
         where l.warehouse_id = $1 and l.ship_day = $2
           and (l.service_id = $3 or (l.service_id = '${PICKUP_SERVICE}' and exists (
             select 1 from promise_leg s where s.promise_id = l.promise_id
               and s.service_id = '${PICKUP_SERVICE}' and s.warehouse_id = any($5::text[]))))
           and p.status in ('confirmed', 'fulfilled')
       ), t as (select count(*)::int as taken from h)
       select t.taken, case when t.taken <= $4 then '[]'::json else coalesce((
         select json_agg(json_build_array(h.promise_id, h.created_at_ms)) from h
         where h.status = 'confirmed' and h.created_at_ms >= coalesce((
           select c.created_at_ms from h c where c.status = 'confirmed'
           order by c.created_at_ms desc offset t.taken - $4 - 1 limit 1), h.created_at_ms)
       ), '[]'::json) end from t`,
      [warehouseId, day, serviceId, limit, transferStores],
    );
    const [taken, holders] = rows[0] as [number, [string, number | string][]];
    return {
      taken: Number(taken),
      holders: holders.map(([id, at]) => ({
        promiseId: `${id}|${warehouseId}`,
        createdAtMs: Number(at),
        quantity: 1,
      })),
    };
  }

  async pendingRechecks(limit: number): Promise<string[]> {
    const rows = await this.#rows("select promise_id from risk_recheck limit $1", [limit]);
    return rows.map((r) => r[0] as string);
  }

  async clearRechecks(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#pool.query("delete from risk_recheck where promise_id = any($1)", [ids]);
  }

  openPromises(pageSize: number): AsyncIterable<readonly OpenPromise[]> {
    const pool = this.#pool;
    return {
      async *[Symbol.asyncIterator]() {
        let after = "";
        for (;;) {
          const rows = (
            await pool.query<PromiseRow>(
              `select p.id, p.status, p.payload, p.created_at_ms, r.risk from promise p
               left join promise_risk r on r.promise_id = p.id
               where p.id > $1 and ${OPEN_PROMISE}
               order by p.id limit $2`,
              [after, pageSize],
            )
          ).rows;
          if (rows.length === 0) return;
          after = rows[rows.length - 1]!.id;
          const shipments = (
            await pool.query<ShipmentRow>(
              `select promise_id, warehouse_id, state, state_at_ms, ship_day, delivered_day
               from shipment where promise_id = any($1)`,
              [rows.map((r) => r.id)],
            )
          ).rows;
          const byPromise = groupShipments(shipments);
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
    const { text, params } = listPromisesSql("postgres", filter, after, limit);
    const r = await withStoreErrors(() => this.#pool.query<PromiseRow>(text, params));
    return r.rows.map(toListItem);
  }

  async publishLane(
    lane: number,
    limit: number,
    publish: (events: readonly PromiseEvent[]) => Promise<void>,
    nowMs: number,
  ): Promise<number> {
    const client = await this.#pool.connect();
    try {
      await client.query("begin");
      const locked = await client.query(
        "select lane from promise_event_lane where lane = $1 for update skip locked",
        [lane],
      );
      if (locked.rowCount === 0) {
        await client.query("rollback");
        return 0;
      }
      const rows = (
        await client.query<EventRow>(
          `select seq, promise_id, kind, status, risk, at_ms from promise_event
           where lane = $1 and published_at_ms is null order by seq limit $2`,
          [lane, limit],
        )
      ).rows;
      if (rows.length === 0) {
        await client.query("rollback");
        return 0;
      }
      const events = rows.map(toPromiseEvent);
      await publish(events);
      await client.query("update promise_event set published_at_ms = $1 where seq = any($2)", [
        nowMs,
        events.map((e) => e.seq),
      ]);
      await client.query("commit");
      return events.length;
    } catch (err) {
      await client.query("rollback").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async prune(beforeMs: number, publishedOnly: boolean): Promise<number> {
    const r = await this.#pool.query(
      `delete from promise_event where at_ms < $1
       ${publishedOnly ? "and published_at_ms is not null" : ""}`,
      [beforeMs],
    );
    return r.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
