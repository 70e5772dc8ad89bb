import { Kysely, type MigrationProvider, Migrator, sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { hashRequest } from "../../src/domain/request-hash.js";
import { dayNumber } from "../../src/engine/day.js";
import { CurrentSchemaPostgresDialect } from "../../src/store/current-schema-dialect.js";
import { openStore } from "../../src/store/open-store.js";
import { CONFIRMED_EVENTS_TRIGGER } from "../../src/store/promise-confirmed-events-migration.js";
import type { Store } from "../../src/store/store.js";
import { storeMigrations } from "../../src/store/store-migrations.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";

const pgTests = await postgresForTests("confirmed-events-migration");
if (pgTests.failure !== undefined) {
  const failure = pgTests.failure;
  describe("migration 0019 on PostgreSQL", () => {
    it("needs PostgreSQL", () => {
      throw new Error(failure);
    });
  });
}

const before: MigrationProvider = {
  getMigrations: async () =>
    Object.fromEntries(
      Object.entries(storeMigrations("postgres")).filter(([name]) => name < "0019"),
    ),
};

describe.skipIf(!pgTests.run)("migration 0019 on PostgreSQL", () => {
  let schema: TestSchema | undefined;
  let store: Store | undefined;
  let client: pg.Client | undefined;
  afterEach(async () => {
    await client?.end();
    client = undefined;
    await store?.close();
    store = undefined;
    await schema?.drop();
    schema = undefined;
  });

  it("keeps the events stored before it and numbers each later insert's CONFIRMED events once, in insert order, after them", async () => {
    schema = await createTestSchema(pgTests.url);
    const pool = new pg.Pool({
      connectionString: pgTests.url,
      max: 1,
      options: `-c search_path=${schema.name}`,
    });
    const db = new Kysely<unknown>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
    const migrated = await new Migrator({
      db,
      provider: before,
      migrationTableSchema: schema.name,
    }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    // Before 0019: two promises in one insert (the row trigger: events 1 and 2), a cancelled.
    await sql`insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
      values ('a', 'a', 'h', 'confirmed', '{}', 1000), ('b', 'b', 'h', 'confirmed', '{}', 2000)`.execute(
      db,
    );
    await sql`update promise set status = 'cancelled', cancelled_at_ms = 3000 where id = 'a'`.execute(
      db,
    );
    await db.destroy();

    store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 2 });
    client = new pg.Client({
      connectionString: pgTests.url,
      options: `-c search_path=${schema.name}`,
    });
    await client.connect();
    const c = client;
    const events = async () =>
      (
        await c.query<{ e: string }>(
          `select concat_ws(' ', seq, promise_id, kind, status, coalesce(risk, '-'), at_ms, lane)
             as e from promise_event order by seq`,
        )
      ).rows.map((r) => r.e);
    const counter = async () =>
      Number((await c.query("select seq from promise_event_counter")).rows[0].seq);
    const triggers = (
      await c.query<{ tgname: string }>(
        `select tgname from pg_trigger where tgrelid = 'promise'::regclass and not tgisinternal
         order by tgname`,
      )
    ).rows.map((r) => r.tgname);
    expect(triggers).toEqual([
      CONFIRMED_EVENTS_TRIGGER,
      "promise_event_write",
      "risk_recheck_status",
    ]);
    // The lane is mod(abs(hashtext(id)), 16): a 1, b 0, c 10, d 10, e 2, x 9.
    const stored = ["1 a CONFIRMED confirmed - 1000 1", "2 b CONFIRMED confirmed - 2000 0"];
    expect(await events()).toEqual([...stored, "3 a CANCELLED cancelled - 3000 1"]);

    // After: three promises inserted by SQL in one statement, then one by a confirm; b ships.
    await c.query(`insert into promise (id, idempotency_key, request_hash, status, payload,
        created_at_ms)
      values ('c', 'c', 'h', 'confirmed', '{}', 4000), ('d', 'd', 'h', 'confirmed', '{}', 4001),
        ('e', 'e', 'h', 'confirmed', '{}', 4002)`);
    // An insert of no row writes no event and takes no number.
    await c.query(`insert into promise (id, idempotency_key, request_hash, status, payload,
        created_at_ms) select id, id, 'h', 'confirmed', '{}', 0 from promise where false`);
    const outcome = await store.confirm(
      {
        idempotencyKey: "x",
        requestHash: hashRequest("x"),
        skus: [],
        fromDay: dayNumber(0),
        toDay: dayNumber(0),
      },
      () => ({
        ok: true,
        promise: { id: "x", payload: {}, createdAtMs: 5000 },
        stock: [],
        capacity: [],
      }),
    );
    expect(outcome.kind).toBe("confirmed");
    expect((await store.fulfilPromise("b", 6000))?.status).toBe("fulfilled");
    expect(await events()).toEqual([
      ...stored,
      "3 a CANCELLED cancelled - 3000 1",
      "4 c CONFIRMED confirmed - 4000 10",
      "5 d CONFIRMED confirmed - 4001 10",
      "6 e CONFIRMED confirmed - 4002 2",
      "7 x CONFIRMED confirmed - 5000 9",
      "8 b SHIPPED fulfilled - 6000 0",
    ]);
    expect(await counter()).toBe(8);
  });
});
