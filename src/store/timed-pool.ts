import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import type pg from "pg";

/**
 * A pg pool as Kysely's PostgresDialect uses it, where no query waits longer than `queryTimeoutMs`
 * for its answer. `statement_timeout` cannot fire when the server is not reached (a network
 * partition silently dropping packets); this timer, on the client side, can. A query that times
 * out fails with `QueryTimeoutError` and its connection is destroyed (never handed out again:
 * whatever it was waiting for may still arrive), so that when the network comes back the pool
 * opens fresh connections instead of queueing behind stuck ones. Waiting for a connection is
 * limited by the pool's own `connectionTimeoutMillis`.
 */
export class TimedPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #queryTimeoutMs: number;

  constructor(pool: pg.Pool, queryTimeoutMs: number) {
    this.#pool = pool;
    this.#queryTimeoutMs = queryTimeoutMs;
  }

  async connect(): Promise<PostgresPoolClient> {
    return new TimedClient(await this.#pool.connect(), this.#queryTimeoutMs);
  }

  end(): Promise<void> {
    return this.#pool.end();
  }

  /**
   * Runs a named prepared statement (`text` is parsed and planned once per connection, then
   * only bound and executed: for the statements run many times a second, such as a confirm
   * group's read and write), with the same time limit as every other query.
   */
  async prepared<R>(
    name: string,
    text: string,
    values: readonly unknown[],
  ): Promise<PostgresQueryResult<R>> {
    const client = new TimedClient(await this.#pool.connect(), this.#queryTimeoutMs);
    try {
      return await client.run<R>({ name, text, values: values as unknown[] });
    } finally {
      client.release();
    }
  }
}

/** A query that got no answer in time (its connection was destroyed). */
export class QueryTimeoutError extends Error {
  override readonly name = "QueryTimeoutError";
  /** Matched by isUnavailableError as a network timeout. */
  readonly code = "ETIMEDOUT";
  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms`);
  }
}

class TimedClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  readonly #timeoutMs: number;
  #broken: Error | undefined;

  constructor(client: pg.PoolClient, timeoutMs: number) {
    this.#client = client;
    this.#timeoutMs = timeoutMs;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sql: unknown, parameters?: ReadonlyArray<unknown>): unknown {
    if (typeof sql !== "string") return this.#client.query(sql as never);
    return this.run<R>({ text: sql, values: parameters as unknown[] });
  }

  /** A query (named: a prepared statement) that fails when no answer comes in time. */
  run<R>(config: pg.QueryConfig): Promise<PostgresQueryResult<R>> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    const client = this.#client;
    return new Promise<PostgresQueryResult<R>>((resolve, reject) => {
      const timer = setTimeout(() => {
        const error = new QueryTimeoutError(this.#timeoutMs);
        this.#broken = error;
        reject(error);
        destroySocket(client);
      }, this.#timeoutMs);
      client.query(config).then(
        (result) => {
          clearTimeout(timer);
          resolve(result as unknown as PostgresQueryResult<R>);
        },
        (err: unknown) => {
          clearTimeout(timer);
          // A connection-level failure leaves the connection unusable too.
          if (isConnectionFailure(err)) this.#broken = err as Error;
          reject(err);
        },
      );
    });
  }

  release(): void {
    // A broken connection is removed from the pool (and closed) instead of reused.
    this.#client.release(this.#broken);
  }
}

function isConnectionFailure(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (code.startsWith("08") || code.startsWith("57P"))) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === "string" && /connection terminated|not queryable/i.test(message);
}

/**
 * Closes the client's socket at once. pg has no public way to abandon a connection whose server
 * does not answer (`end()` waits for it); its socket is `connection.stream`.
 */
function destroySocket(client: pg.PoolClient): void {
  const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection
    ?.stream;
  stream?.destroy();
}
