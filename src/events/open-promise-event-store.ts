import { DEFAULT_SQLITE_PATH } from "../store/open-store.js";
import { PostgresPromiseEventStore } from "./postgres-promise-event-store.js";
import type { PromiseEventStore } from "./promise-event-store.js";
import { SqlitePromiseEventStore } from "./sqlite-promise-event-store.js";

/**
 * Opens the outbox over the store's database. Open the Store first: its migrations create the
 * tables and triggers this reads.
 */
export function openPromiseEventStore(options: {
  readonly sqlitePath?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly pgSchema?: string | undefined;
  readonly timeoutMs?: number | undefined;
}): PromiseEventStore {
  if (options.databaseUrl !== undefined && options.databaseUrl !== "") {
    return new PostgresPromiseEventStore({
      databaseUrl: options.databaseUrl,
      schema: options.pgSchema,
      timeoutMs: options.timeoutMs,
    });
  }
  return new SqlitePromiseEventStore(options.sqlitePath ?? DEFAULT_SQLITE_PATH);
}
