import { type Kysely, type Migration, sql } from "kysely";
import type { StoreEngine } from "./store.js";

/** Lanes the outbox is split into on PostgreSQL, so several publishers share it in order. */
export const OUTBOX_LANES = 16;

/**
 * Migration 0007: each promise's risk, and the promise event outbox.
 *
 * The events are written by triggers on `promise`, so every change of a promise (whichever code
 * path makes it, on either engine) and its event commit in one transaction:
 * - insert: CONFIRMED; status confirmed -> cancelled: CANCELLED; -> fulfilled: SHIPPED;
 *   -> delivered: DELIVERED;
 * - risk_status changes: KEPT, BROKEN, BACK_ON_TRACK (to ON_TRACK) or AT_RISK (AT_RISK, LATE); a
 *   first assessment that finds ON_TRACK is no event.
 *
 * Sequence numbers are commit order on both engines: SQLite has one writer (AUTOINCREMENT, never
 * reused after the retention deletes); on PostgreSQL the trigger takes the next number from one
 * counter row, whose lock is held until commit, so a transaction that takes 41 commits before
 * the one that takes 42 can read it (a bigserial would not guarantee that). Every writing
 * transaction locks `change_counter` first, so the two locks are always taken in one order.
 */
export function promiseRiskOutboxMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("promise").addColumn("risk_status", "text").execute();
      await db.schema.alterTable("promise").addColumn("risk", "text").execute();
      await db.schema.alterTable("promise").addColumn("risk_since_ms", "bigint").execute();
      await db.schema
        .createIndex("promise_risk_status")
        .on("promise")
        .columns(["risk_status", "created_at_ms"])
        .execute();
      await db.schema
        .createIndex("promise_status_created")
        .on("promise")
        .columns(["status", "created_at_ms"])
        .execute();
      if (engine === "sqlite") {
        await sql`create table promise_event (
          seq integer primary key autoincrement,
          promise_id text not null,
          kind text not null,
          status text not null,
          risk text,
          at_ms bigint not null,
          lane integer not null default 0,
          published_at_ms bigint
        )`.execute(db);
        await sql`create index promise_event_unpublished on promise_event (lane, seq)
          where published_at_ms is null`.execute(db);
        await sql`create trigger promise_event_confirmed after insert on promise
          begin
            insert into promise_event (promise_id, kind, status, risk, at_ms)
            values (new.id, 'CONFIRMED', new.status, new.risk, new.created_at_ms);
          end`.execute(db);
        await sql`create trigger promise_event_status after update of status on promise
          when old.status <> new.status and new.status in ('cancelled', 'fulfilled', 'delivered')
            and not (old.status = 'delivered' and new.status = 'fulfilled')
          begin
            insert into promise_event (promise_id, kind, status, risk, at_ms)
            values (new.id,
              case new.status when 'cancelled' then 'CANCELLED' when 'fulfilled' then 'SHIPPED'
                else 'DELIVERED' end,
              new.status, new.risk,
              coalesce(case new.status when 'cancelled' then new.cancelled_at_ms
                when 'fulfilled' then new.fulfilled_at_ms else new.delivered_at_ms end,
                new.created_at_ms));
          end`.execute(db);
        await sql`create trigger promise_event_risk after update of risk_status on promise
          when new.risk_status is not null and old.risk_status is not new.risk_status
            and not (old.risk_status is null and new.risk_status = 'ON_TRACK')
          begin
            insert into promise_event (promise_id, kind, status, risk, at_ms)
            values (new.id,
              case new.risk_status when 'KEPT' then 'KEPT' when 'BROKEN' then 'BROKEN'
                when 'ON_TRACK' then 'BACK_ON_TRACK' else 'AT_RISK' end,
              new.status, new.risk, coalesce(new.risk_since_ms, new.created_at_ms));
          end`.execute(db);
        return;
      }
      await sql`create table promise_event_counter (id integer primary key, seq bigint not null)`.execute(
        db,
      );
      await sql`insert into promise_event_counter (id, seq) values (1, 0)`.execute(db);
      await sql`create table promise_event (
        seq bigint primary key,
        promise_id text not null,
        kind text not null,
        status text not null,
        risk text,
        at_ms bigint not null,
        lane integer not null,
        published_at_ms bigint
      )`.execute(db);
      await sql`create index promise_event_unpublished on promise_event (lane, seq)
        where published_at_ms is null`.execute(db);
      await sql`create table promise_event_lane (lane integer primary key)`.execute(db);
      await sql`insert into promise_event_lane (lane)
        select generate_series(0, ${sql.lit(OUTBOX_LANES - 1)})`.execute(db);
      // The function and triggers live in the current schema (search_path).
      await sql`create function promise_event_write() returns trigger language plpgsql as $$
        declare
          k text;
          at bigint;
          n bigint;
        begin
          if tg_op = 'INSERT' then
            k := 'CONFIRMED';
            at := new.created_at_ms;
          elsif new.status is distinct from old.status then
            if new.status = 'cancelled' then
              k := 'CANCELLED'; at := new.cancelled_at_ms;
            elsif new.status = 'fulfilled' and old.status = 'confirmed' then
              k := 'SHIPPED'; at := new.fulfilled_at_ms;
            elsif new.status = 'delivered' then
              k := 'DELIVERED'; at := new.delivered_at_ms;
            end if;
          end if;
          if k is null and tg_op = 'UPDATE' and new.risk_status is not null
              and new.risk_status is distinct from old.risk_status
              and not (old.risk_status is null and new.risk_status = 'ON_TRACK') then
            k := case new.risk_status when 'KEPT' then 'KEPT' when 'BROKEN' then 'BROKEN'
              when 'ON_TRACK' then 'BACK_ON_TRACK' else 'AT_RISK' end;
            at := new.risk_since_ms;
          end if;
          if k is null then
            return null;
          end if;
          update promise_event_counter set seq = seq + 1 where id = 1 returning seq into n;
          insert into promise_event (seq, promise_id, kind, status, risk, at_ms, lane)
          values (n, new.id, k, new.status, new.risk, coalesce(at, new.created_at_ms),
            mod(abs(hashtext(new.id)::bigint), ${sql.lit(OUTBOX_LANES)}));
          return null;
        end
      $$`.execute(db);
      await sql`create trigger promise_event_write after insert or update of status, risk_status
        on promise for each row execute function promise_event_write()`.execute(db);
    },
  };
}
