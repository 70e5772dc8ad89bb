import { type Kysely, type Migration, sql } from "kysely";
import { OUTBOX_LANES } from "./promise-risk-outbox-migration.js";
import { RISK_KIND } from "./promise-risk-table-migration.js";
import type { StoreEngine } from "./store.js";

/** The statement-level trigger that writes the events of an insert into promise_risk (PostgreSQL). */
export const RISK_INSERT_EVENTS_TRIGGER = "promise_risk_event_insert";
/** The statement-level trigger that writes the events of an update of promise_risk (PostgreSQL). */
export const RISK_UPDATE_EVENTS_TRIGGER = "promise_risk_event_update";

/** The event kind of the risk row `r`'s status (RISK_KIND, of `r` instead of `new`). */
const KIND = sql.raw(RISK_KIND.replaceAll("new.status", "r.status"));
/** The lane of the risk row `r`'s promise: the same function of the id as every other event's. */
const LANE = sql.raw(`mod(abs(hashtext(r.promise_id)::bigint), ${OUTBOX_LANES})`);
/** The status of the risk row `r`'s promise ('' when there is no such promise), as the row trigger read it. */
const PROMISE_STATUS = sql.raw(
  "coalesce((select p.status from promise p where p.id = r.promise_id), '')",
);

/**
 * Migration 0020: on PostgreSQL the events of risk changes (AT_RISK, BACK_ON_TRACK, KEPT,
 * BROKEN) are written once per statement on `promise_risk`, not once per row (issue 13's scale
 * goal; migration 0019 did the same for CONFIRMED).
 *
 * Before it, migration 0012's row trigger ran for every risk row a pass wrote (inserted, or
 * updated because its risk changed): a PL/pgSQL call calling `promise_event_append`, which
 * updated the outbox counter row (one more version of that row per changed promise, in one
 * transaction) and inserted one event. A pass moving 100,000 promises updated the counter
 * 100,000 times. Measured (bench/pg-risk-events-ab.ts, PostgreSQL's backend CPU, batches of
 * 10,000 as a bulk pass writes them): 98-100 us per changed promise with the row trigger, 8.6-11.5
 * us with the statement triggers below (bench/README, branch `pgrisk`).
 *
 * Now two statement triggers with transition tables (PostgreSQL allows one event per trigger
 * with transition tables, and no column list on an UPDATE one):
 * - after insert (`new` rows): an event for each new row that is not ON_TRACK (a first ON_TRACK
 *   is no event);
 * - after update (`old` and `new` rows, paired by promise id): an event for each row whose
 *   status differs from its old one (another risk of the same status is no event).
 * Each takes its statement's sequence numbers from the counter at once (`seq + n`, the row's
 * lock still held to commit, so sequence numbers stay in commit order: see migration 0007; no
 * lock at all when there is no event) and inserts the events in one statement, numbered in the
 * order the rows were written (the new transition table's order), with the same contents as the
 * row trigger's: the kind of the new status, the promise's status ('' for no such promise), the
 * risk JSON (its reasons included), its since, and the lane of the promise id.
 *
 * One difference: the risk write's upsert (`insert ... on conflict do update`) fires its
 * statement's UPDATE triggers before its INSERT triggers, so within one statement the events of
 * rows updated come first (in their order), then those of rows inserted (in theirs); the row
 * trigger interleaved them. A statement names each promise at most once, so each promise's own
 * events keep their order (and a promise's events are all in its lane).
 *
 * SQLite writes these events in the risk write itself since migration 0018: nothing to do there.
 */
export function promiseRiskEventsPerStatementMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (engine === "sqlite") return;
      await sql`drop trigger promise_risk_event_write on promise_risk`.execute(db);
      await sql`drop function promise_risk_event_write()`.execute(db);
      // JIT off in these functions: the planner has no statistics of a transition table, and
      // its estimate of the update's join (124,375 rows for 5,000) priced the event insert over
      // jit_above_cost, so every statement compiled and optimized it (about 0.4 s for 5,000
      // rows, 80 us a row, in a scratch run) to run it once. And PL/pgSQL plans a statement
      // once per session, with the transition tables' sizes of that first call: the risk
      // write's upsert fires the UPDATE trigger even when it updates no row, so the join was
      // planned for empty tables, as a nested loop, and then ran for 10,000 rows (n^2: 700 us
      // a row). Without nested loops it is a hash or merge join whatever the first sizes.
      await sql`create function ${sql.raw(RISK_INSERT_EVENTS_TRIGGER)}() returns trigger
        language plpgsql set jit = off as $$
        declare
          n bigint;
          last bigint;
        begin
          select count(*) into n from inserted_risks where status <> 'ON_TRACK';
          if n = 0 then
            return null;
          end if;
          update promise_event_counter set seq = seq + n where id = 1 returning seq into last;
          insert into promise_event (seq, promise_id, kind, status, risk, at_ms, lane)
          select last - n + row_number() over (), r.promise_id, ${KIND}, ${PROMISE_STATUS},
            r.risk, r.since_ms, ${LANE}
          from inserted_risks as r
          where r.status <> 'ON_TRACK';
          return null;
        end
      $$`.execute(db);
      await sql`create trigger ${sql.raw(RISK_INSERT_EVENTS_TRIGGER)} after insert on promise_risk
        referencing new table as inserted_risks
        for each statement execute function ${sql.raw(RISK_INSERT_EVENTS_TRIGGER)}()`.execute(db);
      // The rows whose status changed, each with its place in the new transition table (the
      // join does not keep an order of its own).
      const changed = sql.raw(`(select row_number() over () as ord, u.* from updated_risks as u)
          as r join previous_risks as o on o.promise_id = r.promise_id
          where o.status <> r.status`);
      await sql`create function ${sql.raw(RISK_UPDATE_EVENTS_TRIGGER)}() returns trigger
        language plpgsql set jit = off set enable_nestloop = off as $$
        declare
          n bigint;
          last bigint;
        begin
          select count(*) into n from ${changed};
          if n = 0 then
            return null;
          end if;
          update promise_event_counter set seq = seq + n where id = 1 returning seq into last;
          insert into promise_event (seq, promise_id, kind, status, risk, at_ms, lane)
          select last - n + row_number() over (order by r.ord), r.promise_id, ${KIND},
            ${PROMISE_STATUS}, r.risk, r.since_ms, ${LANE}
          from ${changed};
          return null;
        end
      $$`.execute(db);
      await sql`create trigger ${sql.raw(RISK_UPDATE_EVENTS_TRIGGER)} after update on promise_risk
        referencing old table as previous_risks new table as updated_risks
        for each statement execute function ${sql.raw(RISK_UPDATE_EVENTS_TRIGGER)}()`.execute(db);
    },
  };
}
