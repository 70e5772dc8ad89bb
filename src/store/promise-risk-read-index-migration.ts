import { type Kysely, type Migration, sql } from "kysely";
import { RISK_KIND } from "./promise-risk-table-migration.js";
import type { StoreEngine } from "./store.js";

/**
 * Migration 0017: a covering index of each promise's status and confirm time by its id, for the
 * risk pass (issue 13's scale goal). A pass reads, for each of a million promise_leg rows, its
 * promise's status and confirm time; on SQLite `promise` is clustered on its id with its payload
 * (1-2 KB, the confirm time stored after it, often on an overflow page), so each look-up walked
 * the payload-sized table: about 0.7-1 CPU-s of a pass over 1,000,000. The index holds short
 * entries (the id, the status, the time) and the pass reads it instead (`indexed by`). Each
 * confirm writes one entry more, and a status change updates it.
 *
 * On SQLite the triggers that write a risk change's event (migration 0012) read the promise's
 * status the same way, from the index: each of a million risk events looked the status up in
 * the payload-sized row (0.7-1.1 CPU-s of the writer thread's 4-5 per 1,000,000 in a scratch run).
 *
 * PostgreSQL: the same columns as an index on id including the two (an index-only scan when the
 * visibility map allows). A new index reads the rows already stored: nothing to back-fill.
 */
export const PROMISE_RISK_READ_INDEX = "promise_risk_read";

export function promiseRiskReadIndexMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (engine === "sqlite") {
        await sql`create index ${sql.raw(PROMISE_RISK_READ_INDEX)}
          on promise (id, status, created_at_ms)`.execute(db);
        const event = sql.raw(`
            insert into promise_event (promise_id, kind, status, risk, at_ms)
            values (new.promise_id, ${RISK_KIND},
              coalesce((select p.status from promise p indexed by ${PROMISE_RISK_READ_INDEX}
                where p.id = new.promise_id), ''),
              new.risk, new.since_ms);`);
        await sql`drop trigger promise_risk_event_insert`.execute(db);
        await sql`drop trigger promise_risk_event_update`.execute(db);
        await sql`create trigger promise_risk_event_insert after insert on promise_risk
          when new.status <> 'ON_TRACK'
          begin ${event} end`.execute(db);
        await sql`create trigger promise_risk_event_update after update of status on promise_risk
          when old.status <> new.status
          begin ${event} end`.execute(db);
        return;
      }
      await sql`create index ${sql.raw(PROMISE_RISK_READ_INDEX)}
        on promise (id) include (status, created_at_ms)`.execute(db);
    },
  };
}
