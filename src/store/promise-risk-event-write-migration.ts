import { type Kysely, type Migration, sql } from "kysely";
import type { StoreEngine } from "./store.js";

/**
 * Migration 0018 (SQLite): the events of risk changes are written by the risk write itself
 * (SQLITE_RISK_EVENTS, one set-based insert per outcome before its upsert, in the same
 * transaction), no longer by the row triggers of migrations 0012 and 0017 on `promise_risk`.
 *
 * Issue 13's scale goal: a pass moving a million promises ran the trigger program a million
 * times (a frame per row, the promise's status looked up inside it); the set-based insert reads
 * the same rows once per outcome and writes the same events, in the same order, with the same
 * sequence numbers. Every write of `promise_risk` on SQLite goes through SqlitePromiseEventStore
 * (its own connection, or the bulk writer thread), which runs the two statements together.
 *
 * PostgreSQL keeps its trigger (migration 0012): nothing to do there.
 */
export function promiseRiskEventWriteMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (engine !== "sqlite") return;
      await sql`drop trigger promise_risk_event_insert`.execute(db);
      await sql`drop trigger promise_risk_event_update`.execute(db);
    },
  };
}
