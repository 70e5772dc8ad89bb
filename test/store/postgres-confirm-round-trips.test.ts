import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { hashRequest } from "../../src/domain/request-hash.js";
import type { Day } from "../../src/engine/day.js";
import { openStore } from "../../src/store/open-store.js";
import { PostgresConfirmQueue } from "../../src/store/postgres-confirm-queue.js";
import type { ConfirmDecision, ConfirmOutcome } from "../../src/store/store.js";
import type { StoreDatabase } from "../../src/store/store-schema.js";
import { TimedPool } from "../../src/store/timed-pool.js";
import { createTestSchema, postgresForTests } from "../support/postgres.js";

const pgTests = await postgresForTests("postgres-confirm-round-trips");

const DAY = 20_000 as Day;

describe.skipIf(!pgTests.run)("round trips of postgres confirms", () => {
  it("writes a group of 16 confirms with 2 prepared statements, a snapshot and a write, even on a day without a load row", async () => {
    const schema = await createTestSchema(pgTests.url);
    const setup = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 2 });
    const pool = new pg.Pool({
      connectionString: pgTests.url,
      max: 3,
      options: `-c search_path=${schema.name}`,
    });
    // Every statement sent on the pool's connections, prepared or not.
    const statements: string[] = [];
    pool.on("connect", (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
        const config = args[0] as string | { text: string };
        statements.push(typeof config === "string" ? config : config.text);
        return query(...args);
      };
    });
    const timed = new TimedPool(pool, 5_000);
    const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool: timed }) });
    const queue = new PostgresConfirmQueue({
      db,
      pool: timed,
      schema: schema.name,
      maxAttempts: 3,
      onCommitted: () => {},
    });
    try {
      await setup.upsertStock([
        { sku: "A", warehouseId: "WH", onHand: 100, safetyStock: 0, inbound: [], version: 1 },
      ]);
      await setup.setCapacity("WH", { daily: 1_000 });
      const group = (from: number): Promise<ConfirmOutcome[]> =>
        Promise.all(
          Array.from({ length: 16 }, (_, i) => {
            const key = `k${from + i}`;
            return queue.confirm(
              {
                idempotencyKey: key,
                requestHash: hashRequest(key),
                skus: ["A"],
                fromDay: DAY,
                toDay: DAY,
              },
              (): ConfirmDecision => ({
                ok: true,
                promise: { id: key, payload: null, createdAtMs: 0 },
                stock: [{ sku: "A", warehouseId: "WH", quantity: 1 }],
                capacity: [{ warehouseId: "WH", day: DAY, limit: 1_000 }],
              }),
            );
          }),
        );
      const first = await group(0);
      expect(first.map((o) => o.kind)).toEqual(Array(16).fill("confirmed"));
      // The load row of DAY did not exist: the write statement created it.
      expect(statements).toHaveLength(2);
      const second = await group(16);
      expect(second.map((o) => o.kind)).toEqual(Array(16).fill("confirmed"));
      expect(statements).toHaveLength(4);
      // Prepared: the same two texts each time (parsed and planned once per connection).
      expect(new Set(statements).size).toBe(2);
      const report = await setup.checkReservations();
      expect(report).toMatchObject({
        confirmed: 32,
        stockMismatches: [],
        loadMismatches: [],
        overReserved: 0,
      });
    } finally {
      await queue.close();
      await db.destroy();
      await setup.close();
      await schema.drop();
    }
  });
});
