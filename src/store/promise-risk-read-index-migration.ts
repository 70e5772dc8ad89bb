import { type Kysely, type Migration, sql } from "kysely";
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
        return;
      }
      await sql`create index ${sql.raw(PROMISE_RISK_READ_INDEX)}
        on promise (id) include (status, created_at_ms)`.execute(db);
    },
  };
}
