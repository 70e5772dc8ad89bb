import { type Kysely, type Migration, sql } from "kysely";
import type { StoreEngine } from "./store.js";

/**
 * Migration 0021 (SQLite): a risk change's event stores its risk JSON once per outcome, not once
 * per event (issue 13's scale goal). A bulk risk write gives thousands of promises the same risk;
 * each of their events carried the same JSON (about 120-170 bytes) beside the same JSON in the
 * promise's `promise_risk` row, so a pass over a million promises wrote it twice a million times.
 *
 * Now SQLITE_RISK_EVENTS writes the outcome's JSON as one row of `promise_event_risk` and each
 * event of that outcome references it (`promise_event.risk_id`, `risk` left null); the readers of
 * the outbox read `coalesce(risk, that row's risk)` (SQLITE_EVENT_COLUMNS), so a published event
 * is the same text as before. Events written otherwise (the triggers on `promise`, and every
 * event written before this migration) keep their JSON in `risk` and have no `risk_id`. Retention
 * deletes the rows no event references any more (SqlitePromiseEventStore.prune).
 *
 * PostgreSQL writes these events by its statement triggers (migration 0020): nothing to do there.
 */
export const PROMISE_EVENT_RISK_TABLE = "promise_event_risk";

export function promiseEventRiskTextMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (engine !== "sqlite") return;
      await sql`create table ${sql.raw(PROMISE_EVENT_RISK_TABLE)} (
        id integer primary key,
        risk text not null
      )`.execute(db);
      await sql`alter table promise_event add column risk_id integer`.execute(db);
    },
  };
}
