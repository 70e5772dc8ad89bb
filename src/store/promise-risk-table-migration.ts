import { type Kysely, type Migration, sql } from "kysely";
import { OUTBOX_LANES } from "./promise-risk-outbox-migration.js";
import type { StoreEngine } from "./store.js";

/**
 * Migration 0012: each promise's risk in a narrow table of its own, `promise_risk` (promise id,
 * status, the risk as JSON, since), instead of three columns of `promise` (issue 13's scale goal).
 *
 * A risk pass that moves a million promises wrote a million `promise` rows: on SQLite the table is
 * clustered on its id, so every risk rewrote the whole row, payload included, and its risk index.
 * Now a risk is a short row of its own, written set-based (one statement per batch and outcome).
 * A promise with no row was never assessed (ON_TRACK by construction, see riskOfRow).
 *
 * The risk events move with it: a trigger on `promise_risk` writes AT_RISK, BACK_ON_TRACK, KEPT
 * and BROKEN to the outbox in the same transaction (a first row that is ON_TRACK is no event), and
 * the status events of `promise` (CANCELLED, SHIPPED, DELIVERED) carry the risk read from
 * `promise_risk`. The old columns' risks are copied over, then the columns are dropped.
 */
export function promiseRiskTableMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (engine === "sqlite") {
        await sql`create table promise_risk (
          promise_id text primary key,
          status text not null,
          risk text not null,
          since_ms bigint not null
        ) without rowid`.execute(db);
        await sql`insert into promise_risk (promise_id, status, risk, since_ms)
          select id, risk_status, risk, coalesce(risk_since_ms, created_at_ms) from promise
          where risk_status is not null and risk is not null`.execute(db);
        // (ListPromises reads a promise's risk by its id; no index on the status, one write less.)
        await sql`drop index promise_risk_status`.execute(db);
        // The triggers that read the old columns go first (SQLite refuses to drop a column
        // a trigger or an index names).
        await sql`drop trigger promise_event_risk`.execute(db);
        await sql`drop trigger promise_event_confirmed`.execute(db);
        await sql`drop trigger promise_event_status`.execute(db);
        await sql`alter table promise drop column risk_status`.execute(db);
        await sql`alter table promise drop column risk`.execute(db);
        await sql`alter table promise drop column risk_since_ms`.execute(db);
        await sql`create trigger promise_event_confirmed after insert on promise
          begin
            insert into promise_event (promise_id, kind, status, risk, at_ms)
            values (new.id, 'CONFIRMED', new.status, null, new.created_at_ms);
          end`.execute(db);
        await sql`create trigger promise_event_status after update of status on promise
          when old.status <> new.status and new.status in ('cancelled', 'fulfilled', 'delivered')
            and not (old.status = 'delivered' and new.status = 'fulfilled')
          begin
            insert into promise_event (promise_id, kind, status, risk, at_ms)
            values (new.id,
              case new.status when 'cancelled' then 'CANCELLED' when 'fulfilled' then 'SHIPPED'
                else 'DELIVERED' end,
              new.status, (select r.risk from promise_risk r where r.promise_id = new.id),
              coalesce(case new.status when 'cancelled' then new.cancelled_at_ms
                when 'fulfilled' then new.fulfilled_at_ms else new.delivered_at_ms end,
                new.created_at_ms));
          end`.execute(db);
        const event = (kind: string) =>
          sql.raw(`
            insert into promise_event (promise_id, kind, status, risk, at_ms)
            values (new.promise_id, ${kind},
              coalesce((select p.status from promise p where p.id = new.promise_id), ''),
              new.risk, new.since_ms);`);
        await sql`create trigger promise_risk_event_insert after insert on promise_risk
          when new.status <> 'ON_TRACK'
          begin ${event(RISK_KIND)} end`.execute(db);
        await sql`create trigger promise_risk_event_update after update of status on promise_risk
          when old.status <> new.status
          begin ${event(RISK_KIND)} end`.execute(db);
        // SQLite's one outbox lane is leased to one publisher at a time (a process, by its id,
        // until `until_ms`; renewed every round): processes sharing the file take turns.
        await sql`create table promise_event_lease (
          lane integer primary key,
          owner text not null,
          until_ms bigint not null
        )`.execute(db);
        return;
      }
      await sql`create table promise_risk (
        promise_id text primary key,
        status text not null,
        risk text not null,
        since_ms bigint not null
      )`.execute(db);
      await sql`insert into promise_risk (promise_id, status, risk, since_ms)
        select id, risk_status, risk, coalesce(risk_since_ms, created_at_ms) from promise
        where risk_status is not null and risk is not null`.execute(db);
      await sql`drop index promise_risk_status`.execute(db);
      await sql`drop trigger promise_event_write on promise`.execute(db);
      await sql`alter table promise drop column risk_status`.execute(db);
      await sql`alter table promise drop column risk`.execute(db);
      await sql`alter table promise drop column risk_since_ms`.execute(db);
      // The next sequence number: the counter row's lock is held to commit (see migration 0007).
      await sql`create or replace function promise_event_append(id text, k text, st text, r text,
          at bigint) returns void language plpgsql as $$
        declare
          n bigint;
        begin
          update promise_event_counter set seq = seq + 1 where promise_event_counter.id = 1
            returning seq into n;
          insert into promise_event (seq, promise_id, kind, status, risk, at_ms, lane)
          values (n, id, k, st, r, at, mod(abs(hashtext(id)::bigint), ${sql.lit(OUTBOX_LANES)}));
        end
      $$`.execute(db);
      await sql`create or replace function promise_event_write() returns trigger language plpgsql as $$
        declare
          k text;
          at bigint;
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
          if k is null then
            return null;
          end if;
          perform promise_event_append(new.id, k, new.status,
            case when tg_op = 'INSERT' then null
              else (select r.risk from promise_risk r where r.promise_id = new.id) end,
            coalesce(at, new.created_at_ms));
          return null;
        end
      $$`.execute(db);
      await sql`create trigger promise_event_write after insert or update of status
        on promise for each row execute function promise_event_write()`.execute(db);
      await sql`create function promise_risk_event_write() returns trigger language plpgsql as $$
        begin
          if tg_op = 'INSERT' and new.status = 'ON_TRACK' then
            return null;
          end if;
          if tg_op = 'UPDATE' and new.status = old.status then
            return null;
          end if;
          perform promise_event_append(new.promise_id, ${sql.raw(RISK_KIND)},
            coalesce((select p.status from promise p where p.id = new.promise_id), ''),
            new.risk, new.since_ms);
          return null;
        end
      $$`.execute(db);
      await sql`create trigger promise_risk_event_write after insert or update of status
        on promise_risk for each row execute function promise_risk_event_write()`.execute(db);
    },
  };
}

/** The event kind of a risk row's new status (`new.status`). */
export const RISK_KIND = `case new.status when 'KEPT' then 'KEPT' when 'BROKEN' then 'BROKEN'
  when 'ON_TRACK' then 'BACK_ON_TRACK' else 'AT_RISK' end`;
