import { type Kysely, type Migration, sql } from "kysely";

/**
 * Migration 0016: an index on the risk status of `promise_risk`, for ListPromises' risk filter
 * (an operator's list of today's at-risk promises). Before it the filter looked up each promise's
 * risk row as it paged through every promise, newest first; now the promises with a listed status
 * other than ON_TRACK are found from the index (see promiseFilterSql).
 *
 * Partial, on the statuses other than ON_TRACK: those are the ones worth listing (ON_TRACK also
 * matches every promise never assessed, which have no row), and a risk pass moving promises back
 * on track then deletes index entries rather than writing new ones. The same on both engines; a
 * new index reads the rows already stored, so there is nothing else to back-fill.
 */
export const PROMISE_RISK_STATUS_INDEX = "promise_risk_not_on_track";

export function promiseRiskStatusIndexMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`create index ${sql.raw(PROMISE_RISK_STATUS_INDEX)} on promise_risk (status)
        where status <> 'ON_TRACK'`.execute(db);
    },
  };
}
