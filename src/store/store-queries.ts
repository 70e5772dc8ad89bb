import { type Kysely, sql } from "kysely";
import type { BookingRecord, LoadRecord } from "./store.js";
import type { StoreDatabase } from "./store-schema.js";

/**
 * One BookingRecord per load row, from recentBookingsChangedAfter's rows (read in the same
 * snapshot as `loads`), instants oldest first.
 */
export function bookingsOf(
  loads: readonly LoadRecord[],
  rows: readonly { warehouse_id: string; day: number; booked: string | null }[],
): BookingRecord[] {
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    if (row.booked === null || row.booked === "") continue;
    const instants = row.booked.split(",").map(Number);
    instants.sort((a, b) => a - b);
    byKey.set(`${row.warehouse_id}\u0000${row.day}`, instants);
  }
  return loads.map((l) => ({
    warehouseId: l.warehouseId,
    day: l.day,
    bookedAtMs: byKey.get(`${l.warehouseId}\u0000${l.day}`) ?? [],
  }));
}

export interface ReservedBeyondOnHandRow {
  on_hand: number;
  safety_stock: number;
  reserved: number;
  inbound: string;
}

/**
 * The queries both engines run the same way, as Kysely builders. PostgreSQL executes them through
 * Kysely; SQLite compiles them and runs them synchronously on its connection (see
 * `SqliteStore`). The hot paths (stock batches and pages, confirm, cancel, promise reads) are
 * engine-specific: prepared statements on SQLite (Kysely's per-call query building cost ~4x the
 * CPU of the whole confirm transaction there), multi-row `unnest`/JSON statements on PostgreSQL.
 */
type Db = Kysely<StoreDatabase>;

export const storeQueries = {
  currentSeq: (db: Db) => db.selectFrom("change_counter").select("seq").where("id", "=", 1),

  capacityChangedAfter: (db: Db, seq: number) =>
    db
      .selectFrom("warehouse_capacity")
      .selectAll()
      .where("change_seq", ">", seq)
      .orderBy("warehouse_id"),

  overridesChangedAfter: (db: Db, seq: number) =>
    db
      .selectFrom("capacity_override")
      .selectAll()
      .where("change_seq", ">", seq)
      .orderBy("warehouse_id")
      .orderBy("day"),

  loadsChangedAfter: (db: Db, seq: number) =>
    db
      .selectFrom("warehouse_load")
      .selectAll()
      .where("change_seq", ">", seq)
      .orderBy("warehouse_id")
      .orderBy("day"),

  pickupsChangedAfter: (db: Db, seq: number) =>
    db
      .selectFrom("pickup_load")
      .selectAll()
      .where("change_seq", ">", seq)
      .orderBy("service_id")
      .orderBy("warehouse_id")
      .orderBy("day"),

  /**
   * For each load row changed after `seq`: the confirm instants of its latest `perDay` confirmed
   * or fulfilled promises, comma-separated (any order). One short backward range of the
   * capacity_reservation_booked_at index per row (a correlated subquery with LIMIT), whatever
   * the number of bookings of the day.
   */
  recentBookingsChangedAfter: (engine: "sqlite" | "postgres", seq: number, perDay: number) => sql<{
    warehouse_id: string;
    day: number;
    booked: string | null;
  }>`
    select l.warehouse_id, l.day, (
      select ${sql.raw(engine === "postgres" ? "string_agg(b.at::text, ',')" : "group_concat(b.at, ',')")}
      from (
        select r.booked_at_ms as at
        from capacity_reservation r join promise p on p.id = r.promise_id
        where r.warehouse_id = l.warehouse_id and r.day = l.day
          and p.status in ('confirmed', 'fulfilled', 'delivered')
        order by r.booked_at_ms desc
        limit ${perDay}
      ) b
    ) as booked
    from warehouse_load l
    where l.change_seq > ${seq}
    order by l.warehouse_id, l.day`,

  promiseCounts: (db: Db) =>
    db
      .selectFrom("promise")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("status"),

  /** Only confirmed promises hold stock: a cancelled or fulfilled one released it. */
  stockMismatches: () => sql<{
    sku: string;
    warehouse_id: string;
    reserved: number;
    by_promises: number;
  }>`
    select s.sku, s.warehouse_id, s.reserved, coalesce(t.total, 0) as by_promises
    from stock s
    left join (
      select r.sku, r.warehouse_id, sum(r.quantity) as total
      from stock_reservation r join promise p on p.id = r.promise_id
      where p.status = 'confirmed'
      group by r.sku, r.warehouse_id
    ) t on t.sku = s.sku and t.warehouse_id = s.warehouse_id
    where s.reserved <> coalesce(t.total, 0)
    union all
    select t.sku, t.warehouse_id, 0, t.total
    from (
      select r.sku, r.warehouse_id, sum(r.quantity) as total
      from stock_reservation r join promise p on p.id = r.promise_id
      where p.status = 'confirmed'
      group by r.sku, r.warehouse_id
    ) t
    where not exists (
      select 1 from stock s where s.sku = t.sku and s.warehouse_id = t.warehouse_id
    )`,

  /** A fulfilled promise's capacity stays booked (its day's work was done). */
  loadMismatches: () => sql<{
    warehouse_id: string;
    day: number;
    promised: number;
    by_promises: number;
  }>`
    select l.warehouse_id, l.day, l.promised, coalesce(t.total, 0) as by_promises
    from warehouse_load l
    left join (
      select r.warehouse_id, r.day, count(*) as total
      from capacity_reservation r join promise p on p.id = r.promise_id
      where p.status in ('confirmed', 'fulfilled', 'delivered')
      group by r.warehouse_id, r.day
    ) t on t.warehouse_id = l.warehouse_id and t.day = l.day
    where l.promised <> coalesce(t.total, 0)
    union all
    select t.warehouse_id, t.day, 0, t.total
    from (
      select r.warehouse_id, r.day, count(*) as total
      from capacity_reservation r join promise p on p.id = r.promise_id
      where p.status in ('confirmed', 'fulfilled', 'delivered')
      group by r.warehouse_id, r.day
    ) t
    where not exists (
      select 1 from warehouse_load l where l.warehouse_id = t.warehouse_id and l.day = t.day
    )`,

  /**
   * Load rows whose `shipped` differs from the fulfilled promises' capacity reservations of that
   * day, and warehouses whose `shipped_on` total differs from their `shipped` total (each
   * shipment counts once on its due day and once on the day it shipped).
   */
  shippedMismatches: () => sql<{
    warehouse_id: string;
    day: number | null;
    shipped: number;
    by_promises: number;
  }>`
    select l.warehouse_id, l.day, l.shipped, coalesce(t.total, 0) as by_promises
    from warehouse_load l
    left join (
      select r.warehouse_id, r.day, count(*) as total
      from capacity_reservation r join promise p on p.id = r.promise_id
      where p.status in ('fulfilled', 'delivered')
      group by r.warehouse_id, r.day
    ) t on t.warehouse_id = l.warehouse_id and t.day = l.day
    where l.shipped <> coalesce(t.total, 0)
    union all
    select warehouse_id, null, sum(shipped_on), sum(shipped)
    from warehouse_load
    group by warehouse_id
    having sum(shipped_on) <> sum(shipped)`,

  /** A fulfilled promise's pickup stays booked, like its capacity. */
  pickupMismatches: () => sql<{
    service_id: string;
    warehouse_id: string;
    day: number;
    promised: number;
    by_promises: number;
  }>`
    select l.service_id, l.warehouse_id, l.day, l.promised, coalesce(t.total, 0) as by_promises
    from pickup_load l
    left join (
      select r.service_id, r.warehouse_id, r.day, count(*) as total
      from pickup_reservation r join promise p on p.id = r.promise_id
      where p.status in ('confirmed', 'fulfilled', 'delivered')
      group by r.service_id, r.warehouse_id, r.day
    ) t on t.service_id = l.service_id and t.warehouse_id = l.warehouse_id and t.day = l.day
    where l.promised <> coalesce(t.total, 0)
    union all
    select t.service_id, t.warehouse_id, t.day, 0, t.total
    from (
      select r.service_id, r.warehouse_id, r.day, count(*) as total
      from pickup_reservation r join promise p on p.id = r.promise_id
      where p.status in ('confirmed', 'fulfilled', 'delivered')
      group by r.service_id, r.warehouse_id, r.day
    ) t
    where not exists (
      select 1 from pickup_load l
      where l.service_id = t.service_id and l.warehouse_id = t.warehouse_id and l.day = t.day
    )`,

  /**
   * Stock rows reserved beyond what is on hand (backorders, or over-reserved); whether inbound
   * lots cover them is worked out by `countOverReserved` (inbound is JSON text on both engines).
   */
  reservedBeyondOnHand: () => sql<ReservedBeyondOnHandRow>`
    select on_hand, safety_stock, reserved, inbound from stock
    where cast(on_hand as bigint) - reserved - safety_stock < 0`,

  orphanReservationCount: () => sql<{ n: number }>`
    select
      (select count(*) from stock_reservation r
        where not exists (select 1 from promise p where p.id = r.promise_id))
      + (select count(*) from capacity_reservation r
        where not exists (select 1 from promise p where p.id = r.promise_id))
      + (select count(*) from pickup_reservation r
        where not exists (select 1 from promise p where p.id = r.promise_id)) as n`,
};
