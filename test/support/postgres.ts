import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";

/** The database test suites use: env TEST_DATABASE_URL, default the local `test` database. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** In CI (env CI set) or with REQUIRE_POSTGRES=1, an unreachable PostgreSQL fails the suites. */
export function postgresRequired(): boolean {
  const ci = process.env.CI;
  return (ci !== undefined && ci !== "" && ci !== "false") || process.env.REQUIRE_POSTGRES === "1";
}

/** Hides the password of a URL for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/** Tries to connect and run `select 1`; resolves with the error message when it cannot. */
export async function probePostgres(
  url: string = TEST_DATABASE_URL,
  timeoutMs = 3_000,
): Promise<{ reachable: true } | { reachable: false; error: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return { reachable: true };
  } catch (err) {
    return { reachable: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.end().catch(() => {});
  }
}

export interface PostgresForTests {
  /** Run the PostgreSQL suites. */
  readonly run: boolean;
  readonly url: string;
  /** Set when PostgreSQL is required but not reachable: the suite must fail with it. */
  readonly failure?: string;
}

/**
 * Decides whether a suite that needs PostgreSQL runs: yes when it is reachable; when it is not,
 * the suite is skipped with a message on stderr, unless PostgreSQL is required (CI), in which
 * case `failure` says why the suite must fail. Use at the top of a test file:
 *
 *   const pgTests = await postgresForTests("postgres-store");
 *   describe.skipIf(!pgTests.run && !pgTests.failure)(...)
 */
export async function postgresForTests(suite: string): Promise<PostgresForTests> {
  const url = TEST_DATABASE_URL;
  const probe = await probePostgres(url);
  if (probe.reachable) return { run: true, url };
  const message = `PostgreSQL not reachable at ${redactUrl(url)} (${probe.error})`;
  if (postgresRequired()) {
    return {
      run: false,
      url,
      failure: `${message}: the ${suite} suite requires it (CI or REQUIRE_POSTGRES=1)`,
    };
  }
  process.stderr.write(`${message}: skipping ${suite} suite\n`);
  return { run: false, url };
}

/** A fresh schema in the test database, for one suite or test; `drop` removes it with its data. */
export interface TestSchema {
  readonly name: string;
  drop(): Promise<void>;
}

export async function createTestSchema(url: string = TEST_DATABASE_URL): Promise<TestSchema> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`create schema ${name}`);
  } finally {
    await client.end();
  }
  return {
    name,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      c.on("error", () => {});
      await c.connect();
      try {
        await c.query(`drop schema if exists ${name} cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A TCP port on 127.0.0.1 where nothing listens (bound, then closed). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
