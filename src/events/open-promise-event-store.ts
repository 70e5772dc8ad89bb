import { DEFAULT_SQLITE_PATH } from "../store/open-store.js";
import { SqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";
import { PostgresPromiseEventStore } from "./postgres-promise-event-store.js";
import type { PromiseEventStore } from "./promise-event-store.js";
import { SqlitePromiseEventStore } from "./sqlite-promise-event-store.js";

/**
 * Opens the outbox over the store's database. Open the Store first: its migrations create the
 * tables and triggers this reads. An in-memory SQLite database (`:memory:`) exists only on the
 * store's connection, so the outbox shares it (pass `store`).
 */
export function openPromiseEventStore(options: {
  readonly sqlitePath?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly pgSchema?: string | undefined;
  readonly timeoutMs?: number | undefined;
  /**
   * SQLite file: write bulk risk updates on a writer thread (default true); false on a thread
   * that may block (the risk pass worker).
   */
  readonly bulkWriter?: boolean | undefined;
  /** SQLite file: the writer thread's CPU priority (nice, Linux; default: the process's). */
  readonly writerNice?: number | undefined;
  /** SQLite file: the writer thread is ended after this long without a write (default 30 s). */
  readonly writerIdleMs?: number | undefined;
  /** The open store: its connection is shared when the database is SQLite `:memory:`. */
  readonly store?: Store | undefined;
}): PromiseEventStore {
  if (options.databaseUrl !== undefined && options.databaseUrl !== "") {
    return new PostgresPromiseEventStore({
      databaseUrl: options.databaseUrl,
      schema: options.pgSchema,
      timeoutMs: options.timeoutMs,
    });
  }
  const path = options.sqlitePath ?? DEFAULT_SQLITE_PATH;
  if (path === ":memory:") {
    if (!(options.store instanceof SqliteStore)) {
      throw new Error("an in-memory SQLite outbox needs the store whose connection it shares");
    }
    return new SqlitePromiseEventStore(options.store.connection);
  }
  return new SqlitePromiseEventStore(path, {
    bulkWriter: options.bulkWriter ?? true,
    ...(options.writerNice === undefined ? {} : { writerNice: options.writerNice }),
    ...(options.writerIdleMs === undefined ? {} : { writerIdleMs: options.writerIdleMs }),
  });
}
