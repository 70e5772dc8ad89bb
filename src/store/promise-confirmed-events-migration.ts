import { type Kysely, type Migration, sql } from "kysely";
import { OUTBOX_LANES } from "./promise-risk-outbox-migration.js";
import type { StoreEngine } from "./store.js";

/** The statement-level trigger that writes the CONFIRMED events of an insert on PostgreSQL. */
export const CONFIRMED_EVENTS_TRIGGER = "promise_event_confirmed";

/**
 * Migration 0019: on PostgreSQL the CONFIRMED events of an insert into `promise` are written once
 * per statement, not once per row (issue 11: what each confirm writes).
 *
 * Before it, migration 0007's row trigger ran for every promise a confirm group inserted: a
 * PL/pgSQL call that called another one (`promise_event_append`), which updated the outbox counter
 * row (one more version of that row per promise, in one transaction) and inserted one event. In a
 * scratch measurement (groups of 16 promises inserted by one statement, PostgreSQL's backend CPU)
 * a promise insert cost 88-98 us with it and 37-40 us with the statement trigger below; a confirm,
 * through the store, 264 against 209 us of the backend (bench/README, branch `confirmwrites`).
 *
 * Now a statement trigger with a transition table takes the whole statement's sequence numbers
 * from the counter at once (`seq + n`, the row's lock still held to commit, so sequence numbers
 * stay in commit order: see migration 0007) and inserts the events in one statement, numbered in
 * the order the rows were inserted (the transition table is read in that order), as the row
 * trigger numbered them. The lane is the same function of the promise id, so a promise's later
 * events (written by the row trigger on status changes, which stays) are in the same lane.
 * Whichever code inserts promises (a confirm group, a bulk insert by SQL) still gets one CONFIRMED
 * event per promise in its transaction. Events stored before are not touched.
 *
 * SQLite has no statement triggers, and its row trigger is one insert (its sequence is the
 * AUTOINCREMENT key, no counter row): nothing changes there.
 */
export function promiseConfirmedEventsMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (engine === "sqlite") return;
      // The row trigger keeps the status changes (CANCELLED, SHIPPED, DELIVERED) only.
      await sql`drop trigger promise_event_write on promise`.execute(db);
      await sql`create or replace function promise_event_write() returns trigger
        language plpgsql as $$
        declare
          k text;
          at bigint;
        begin
          if new.status is not distinct from old.status then
            return null;
          end if;
          if new.status = 'cancelled' then
            k := 'CANCELLED'; at := new.cancelled_at_ms;
          elsif new.status = 'fulfilled' and old.status = 'confirmed' then
            k := 'SHIPPED'; at := new.fulfilled_at_ms;
          elsif new.status = 'delivered' then
            k := 'DELIVERED'; at := new.delivered_at_ms;
          else
            return null;
          end if;
          perform promise_event_append(new.id, k, new.status,
            (select r.risk from promise_risk r where r.promise_id = new.id),
            coalesce(at, new.created_at_ms));
          return null;
        end
      $$`.execute(db);
      await sql`create trigger promise_event_write after update of status on promise
        for each row execute function promise_event_write()`.execute(db);
      await sql`create function ${sql.raw(CONFIRMED_EVENTS_TRIGGER)}() returns trigger
        language plpgsql as $$
        declare
          n bigint;
          last bigint;
        begin
          select count(*) into n from confirmed_rows;
          if n = 0 then
            return null;
          end if;
          update promise_event_counter set seq = seq + n where id = 1 returning seq into last;
          insert into promise_event (seq, promise_id, kind, status, risk, at_ms, lane)
          select last - n + row_number() over (), r.id, 'CONFIRMED', r.status, null,
            r.created_at_ms, mod(abs(hashtext(r.id)::bigint), ${sql.lit(OUTBOX_LANES)})
          from confirmed_rows as r;
          return null;
        end
      $$`.execute(db);
      await sql`create trigger ${sql.raw(CONFIRMED_EVENTS_TRIGGER)} after insert on promise
        referencing new table as confirmed_rows
        for each statement execute function ${sql.raw(CONFIRMED_EVENTS_TRIGGER)}()`.execute(db);
    },
  };
}
