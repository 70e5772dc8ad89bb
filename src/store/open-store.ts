import { PostgresStore } from "./postgres-store.js";
import { SqliteStore } from "./sqlite-store.js";
import type { Store } from "./store.js";
import { SILENT_LOGGER, type StoreLogger } from "./store-logger.js";

export const DEFAULT_SQLITE_PATH = "data/promise.db";

export interface OpenStoreOptions {
  /** SQLite file (directories are created); default `data/promise.db`. Ignored with databaseUrl. */
  readonly sqlitePath?: string;
  /** A PostgreSQL URL: when set, the store is on PostgreSQL. */
  readonly databaseUrl?: string | undefined;
  /** PostgreSQL schema for the tables (created when missing); default: the connection's. */
  readonly pgSchema?: string;
  readonly logger?: StoreLogger;
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
  /**
   * The longest a store operation may take before UNAVAILABLE (default 5,000 ms). PostgreSQL:
   * connecting, waiting for a pooled connection, each query and the operation as a whole; SQLite:
   * the default of busyTimeoutMs.
   */
  readonly timeoutMs?: number;
  /** PostgreSQL: how long to wait for a connection before UNAVAILABLE (default: timeoutMs). */
  readonly connectTimeoutMs?: number;
  /** PostgreSQL: the longest a statement may run or wait for a lock (default: timeoutMs). */
  readonly statementTimeoutMs?: number;
  /** SQLite: how often commits of other processes are looked for (default 150 ms). */
  readonly pollIntervalMs?: number;
  /** SQLite: how long a writer waits for another process's write lock (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens the store and applies pending migrations: PostgreSQL when `databaseUrl` is given,
 * otherwise the embedded SQLite file. A database that cannot be reached gives
 * `DomainError('UNAVAILABLE')`.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const logger = options.logger ?? SILENT_LOGGER;
  if (options.databaseUrl !== undefined && options.databaseUrl !== "") {
    return PostgresStore.open({
      databaseUrl: options.databaseUrl,
      logger,
      ...(options.pgSchema === undefined ? {} : { schema: options.pgSchema }),
      ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.connectTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.statementTimeoutMs === undefined
        ? {}
        : { statementTimeoutMs: options.statementTimeoutMs }),
    });
  }
  return SqliteStore.open({
    path: options.sqlitePath ?? DEFAULT_SQLITE_PATH,
    logger,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    ...(options.busyTimeoutMs === undefined
      ? options.timeoutMs === undefined
        ? {}
        : { busyTimeoutMs: options.timeoutMs }
      : { busyTimeoutMs: options.busyTimeoutMs }),
  });
}
