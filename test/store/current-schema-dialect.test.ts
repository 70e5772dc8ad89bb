import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { CurrentSchemaPostgresDialect } from "../../src/store/current-schema-dialect.js";
import { openStore } from "../../src/store/open-store.js";
import { createTestSchema, postgresForTests } from "../support/postgres.js";

const pgTests = await postgresForTests("current-schema-dialect");

function kyselyOn(schema: string, scoped: boolean): Kysely<unknown> {
  const pool = new pg.Pool({
    connectionString: pgTests.url,
    max: 2,
    options: `-c search_path=${schema}`,
  });
  const dialect = scoped
    ? new CurrentSchemaPostgresDialect({ pool })
    : new PostgresDialect({ pool });
  return new Kysely<unknown>({ dialect });
}

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "the store's PostgreSQL introspection",
  () => {
    it("sees only the store's own schema, with its tables and their columns, and not a neighbour's", async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      const own = await createTestSchema(pgTests.url);
      const neighbour = await createTestSchema(pgTests.url);
      const db = kyselyOn(own.name, true);
      const stock = kyselyOn(own.name, false);
      try {
        await sql`create table ${sql.id(own.name, "parcel")} (id serial primary key, note text not null)`.execute(
          db,
        );
        await sql`create view ${sql.id(own.name, "parcel_notes")} as select note from ${sql.id(own.name, "parcel")}`.execute(
          db,
        );
        await sql`create table ${sql.id(neighbour.name, "kysely_migration")} (name text)`.execute(
          db,
        );

        expect(await db.introspection.getSchemas()).toEqual([{ name: own.name }]);
        const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
        expect(tables.map((t) => [t.schema, t.name, t.isView])).toEqual([
          [own.name, "parcel", false],
          [own.name, "parcel_notes", true],
        ]);
        expect(
          tables[0]?.columns.map((c) => [c.name, c.dataType, c.isNullable, c.isAutoIncrementing]),
        ).toEqual([
          ["id", "int4", false, true],
          ["note", "text", false, false],
        ]);
        // Kysely's own introspector answers the same for this schema (it reads every schema).
        const stockTables = (await stock.introspection.getTables()).filter(
          (t) => t.schema === own.name,
        );
        expect(stockTables.map((t) => t.columns.map((c) => c.name))).toEqual(
          tables.map((t) => t.columns.map((c) => c.name)),
        );
      } finally {
        await db.destroy();
        await stock.destroy();
        await own.drop();
        await neighbour.drop();
      }
    });

    it("migrates a new store while other schemas of the database are created and dropped", async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      const own = await createTestSchema(pgTests.url);
      let churning = true;
      const churn = (async () => {
        while (churning) {
          const other = await createTestSchema(pgTests.url);
          await other.drop();
        }
      })();
      try {
        for (let i = 0; i < 5; i++) {
          const store = await openStore({
            databaseUrl: pgTests.url,
            pgSchema: own.name,
            poolSize: 1,
          });
          await store.close();
        }
      } finally {
        churning = false;
        await churn;
        await own.drop();
      }
    });

    it("migrates a store while another schema's migration holds its lock, and waits for its own schema's", async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      const busy = await createTestSchema(pgTests.url);
      const other = await createTestSchema(pgTests.url);
      // A migration of `busy` in progress: its lock taken as the store's migrator takes it, on a
      // connection of its own, and held.
      const holder = kyselyOn(busy.name, true);
      const adapter = new CurrentSchemaPostgresDialect({
        pool: new pg.Pool({ connectionString: pgTests.url }),
      }).createAdapter();
      try {
        await holder.connection().execute(async (conn) => {
          await adapter.acquireMigrationLock(conn, {
            lockTable: "kysely_migration_lock",
            lockRowId: "migration_lock",
          });
          try {
            // Another schema migrates and opens within the time limit.
            const store = await openStore({
              databaseUrl: pgTests.url,
              pgSchema: other.name,
              poolSize: 1,
              timeoutMs: 2_000,
            });
            await store.close();
            // The busy schema's own store waits for the lock, up to its time limit.
            const waited = await openStore({
              databaseUrl: pgTests.url,
              pgSchema: busy.name,
              poolSize: 1,
              timeoutMs: 1_000,
            }).then(
              async (s) => {
                await s.close();
                return "opened";
              },
              (err: unknown) => (err instanceof Error ? err.message : String(err)),
            );
            expect(waited).toBe("the store is unavailable right now; retry later");
          } finally {
            await adapter.releaseMigrationLock(conn, {
              lockTable: "kysely_migration_lock",
              lockRowId: "migration_lock",
            });
          }
        });
        // Released: it opens.
        const store = await openStore({
          databaseUrl: pgTests.url,
          pgSchema: busy.name,
          poolSize: 1,
          timeoutMs: 2_000,
        });
        await store.close();
      } finally {
        await holder.destroy();
        await busy.drop();
        await other.drop();
      }
    }, 30_000);
  },
);
