import { Kysely, type MigrationProvider, Migrator, sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openPromiseEventStore } from "../../src/events/open-promise-event-store.js";
import type { PromiseEventStore, StoredRisk } from "../../src/events/promise-event-store.js";
import { CurrentSchemaPostgresDialect } from "../../src/store/current-schema-dialect.js";
import { openStore } from "../../src/store/open-store.js";
import {
  RISK_INSERT_EVENTS_TRIGGER,
  RISK_UPDATE_EVENTS_TRIGGER,
} from "../../src/store/promise-risk-events-per-statement-migration.js";
import type { Store } from "../../src/store/store.js";
import { storeMigrations } from "../../src/store/store-migrations.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";

const pgTests = await postgresForTests("risk-events-per-statement-migration");
if (pgTests.failure !== undefined) {
  const failure = pgTests.failure;
  describe("migration 0020 on PostgreSQL", () => {
    it("needs PostgreSQL", () => {
      throw new Error(failure);
    });
  });
}

const before: MigrationProvider = {
  getMigrations: async () =>
    Object.fromEntries(
      Object.entries(storeMigrations("postgres")).filter(([name]) => name < "0020"),
    ),
};

const risk = (status: string, sinceMs: number, reasons: string[] = []): StoredRisk => ({
  status,
  reasons,
  expectedEarliest: "2026-11-26",
  expectedLatest: "2026-11-26",
  sinceMs,
});
const json = (status: string, sinceMs: number, reasons: string[] = []) =>
  JSON.stringify(risk(status, sinceMs, reasons));

/** A client on the schema. */
async function connect(schema: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: pgTests.url,
    options: `-c search_path=${schema}`,
  });
  await client.connect();
  return client;
}

/** The outbox as text: sequence, promise, kind, status, the risk's status and reasons, at, lane. */
async function outbox(c: pg.Client, after = 0): Promise<string[]> {
  const r = await c.query<{ e: string }>(
    `select concat_ws(' ', seq, promise_id, kind, coalesce(nullif(status, ''), '(none)'),
       coalesce((risk::json)->>'status', '-'),
       coalesce((select string_agg(x, ',') from json_array_elements_text((risk::json)->'reasons') x),
         '-'),
       at_ms, lane) as e
     from promise_event where seq > $1 order by seq`,
    [after],
  );
  return r.rows.map((x) => x.e);
}

const counter = async (c: pg.Client, table = "promise_event_counter") =>
  Number((await c.query(`select seq from ${table} where id = 1`)).rows[0].seq);

const UPSERT = `on conflict (promise_id) do update set status = excluded.status,
  risk = excluded.risk, since_ms = excluded.since_ms where promise_risk.risk <> excluded.risk`;

describe.skipIf(!pgTests.run)("migration 0020 on PostgreSQL", () => {
  let schema: TestSchema | undefined;
  let store: Store | undefined;
  let events: PromiseEventStore | undefined;
  const clients: pg.Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end();
    await events?.close();
    events = undefined;
    await store?.close();
    store = undefined;
    await schema?.drop();
    schema = undefined;
  });

  it("keeps the risk events stored before it and numbers each later statement's risk events once, after them, in the order its rows were written", async () => {
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
    // Before 0020: three promises (CONFIRMED 1-3, 0019's statement trigger), then a at risk and
    // b first assessed ON_TRACK in one statement (0012's row trigger: event 4 only).
    await sql`insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
      values ('a', 'a', 'h', 'confirmed', '{}', 1000), ('b', 'b', 'h', 'confirmed', '{}', 1100),
        ('c', 'c', 'h', 'cancelled', '{}', 1200)`.execute(db);
    await sql`insert into promise_risk (promise_id, status, risk, since_ms)
      values ('a', 'AT_RISK', ${json("AT_RISK", 2000, ["STOCK_SHORT"])}, 2000),
        ('b', 'ON_TRACK', ${json("ON_TRACK", 2000)}, 2000)`.execute(db);
    await db.destroy();

    store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 2 });
    events = openPromiseEventStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
    const c = await connect(schema.name);
    clients.push(c);
    const triggers = (
      await c.query<{ tgname: string }>(
        `select tgname from pg_trigger where tgrelid = 'promise_risk'::regclass
           and not tgisinternal order by tgname`,
      )
    ).rows.map((r) => r.tgname);
    expect(triggers).toEqual([RISK_INSERT_EVENTS_TRIGGER, RISK_UPDATE_EVENTS_TRIGGER]);
    expect(
      (
        await c.query(`select 1 from pg_proc where proname = 'promise_risk_event_write'
          and pronamespace = current_schema()::regnamespace`)
      ).rowCount,
    ).toBe(0);
    // The lane is mod(abs(hashtext(id)), 16): a 1, b 0, c 10, d 10, y 8.
    const stored = [
      "1 a CONFIRMED confirmed - - 1000 1",
      "2 b CONFIRMED confirmed - - 1100 0",
      "3 c CONFIRMED cancelled - - 1200 10",
      "4 a AT_RISK confirmed AT_RISK STOCK_SHORT 2000 1",
    ];
    expect(await outbox(c)).toEqual(stored);
    expect(await counter(c)).toBe(4);

    // One upsert, rows in this order: y (no such promise) LATE, c first assessed ON_TRACK (no
    // event), d (no such promise) AT_RISK, a back on track (an update), b AT_RISK (an update).
    // PostgreSQL fires the statement's UPDATE triggers before its INSERT ones: a 5, b 6, then
    // y 7, d 8.
    await c.query(
      `insert into promise_risk (promise_id, status, risk, since_ms) values
         ('y', 'LATE', $1, 3000), ('c', 'ON_TRACK', $2, 3000), ('d', 'AT_RISK', $3, 3000),
         ('a', 'ON_TRACK', $2, 3000), ('b', 'AT_RISK', $3, 3000) ${UPSERT}`,
      [
        json("LATE", 3000, ["PAST_WINDOW"]),
        json("ON_TRACK", 3000),
        json("AT_RISK", 3000, ["STOCK_SHORT", "NETWORK_CHANGED"]),
      ],
    );
    // Updates whose status stays: another risk of the same status (b), every row set to its
    // own status, a statement of no row: no event, no number taken.
    await c.query(`update promise_risk set risk = $1, since_ms = 3500 where promise_id = 'b'`, [
      json("AT_RISK", 3500, ["NETWORK_CHANGED"]),
    ]);
    await c.query("update promise_risk set status = status");
    await c.query("update promise_risk set status = 'KEPT' where false");
    expect(await counter(c)).toBe(8);
    // Through the event store: a and b kept, then a broken, one statement and one change
    // number each (written in id order).
    const changes = await counter(c, "change_counter");
    expect(
      await events.applyRisks([
        { promiseId: "b", risk: risk("KEPT", 4000) },
        { promiseId: "a", risk: risk("KEPT", 4000) },
      ]),
    ).toBe(2);
    expect(await events.applyRisks([{ promiseId: "a", risk: risk("BROKEN", 5000) }])).toBe(1);
    expect(await counter(c, "change_counter")).toBe(changes + 2);
    expect(await outbox(c)).toEqual([
      ...stored,
      "5 a BACK_ON_TRACK confirmed ON_TRACK - 3000 1",
      "6 b AT_RISK confirmed AT_RISK STOCK_SHORT,NETWORK_CHANGED 3000 0",
      "7 y AT_RISK (none) LATE PAST_WINDOW 3000 8",
      "8 d AT_RISK (none) AT_RISK STOCK_SHORT,NETWORK_CHANGED 3000 10",
      "9 a KEPT confirmed KEPT - 4000 1",
      "10 b KEPT confirmed KEPT - 4000 0",
      "11 a BROKEN confirmed BROKEN - 5000 1",
    ]);
    expect(await counter(c)).toBe(11);
    // The events carry the risk as written, every field.
    expect((await events.readEvents(5, 1))[0]?.risk).toEqual(
      risk("AT_RISK", 3000, ["STOCK_SHORT", "NETWORK_CHANGED"]),
    );
  });

  it("writes the 10,000 events of a risk write updating 10,000 rows in well under 5 s after the session's first write updated none (no plan kept from empty transition tables), without JIT", async () => {
    schema = await createTestSchema(pgTests.url);
    store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 2 });
    const c = await connect(schema.name);
    clients.push(c);
    await c.query(`insert into promise (id, idempotency_key, request_hash, status, payload,
        created_at_ms)
      select 'P' || lpad(i::text, 5, '0'), 'P' || i, 'h', 'confirmed', '{}', 1000
      from generate_series(0, 9999) as i`);
    const write = (status: string, sinceMs: number) =>
      c.query(
        `insert into promise_risk (promise_id, status, risk, since_ms)
         select 'P' || lpad(i::text, 5, '0'), $1, $2, $3 from generate_series(0, 9999) as i
         ${UPSERT}`,
        [status, json(status, sinceMs), sinceMs],
      );
    // The first write inserts every row (its statement's UPDATE trigger runs on empty tables:
    // the session plans the trigger's statements then), the second updates every row. With the
    // join planned as a nested loop for empty tables, the second took about 7 s of CPU here.
    await c.query("set statement_timeout = '5s'");
    await write("ON_TRACK", 2000);
    expect(await counter(c)).toBe(10_000);
    await write("AT_RISK", 3000);
    expect(await counter(c)).toBe(20_000);
    const ends = await c.query<{ e: string }>(
      `select concat_ws(' ', seq, promise_id, kind, at_ms) as e from promise_event
       where seq in (10001, 20000) order by seq`,
    );
    expect(ends.rows.map((r) => r.e)).toEqual([
      "10001 P00000 AT_RISK 3000",
      "20000 P09999 AT_RISK 3000",
    ]);
    const config = await c.query<{ proname: string; proconfig: string[] }>(
      `select proname, proconfig from pg_proc where pronamespace = current_schema()::regnamespace
         and proname like 'promise_risk_event_%' order by proname`,
    );
    expect(config.rows).toEqual([
      { proname: RISK_INSERT_EVENTS_TRIGGER, proconfig: ["jit=off"] },
      { proname: RISK_UPDATE_EVENTS_TRIGGER, proconfig: ["jit=off", "enable_nestloop=off"] },
    ]);
  });

  it("keeps sequence numbers in commit order when two sessions write risk changes at once: the second waits for the first's commit", async () => {
    schema = await createTestSchema(pgTests.url);
    store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 2 });
    const [first, second, reader] = [
      await connect(schema.name),
      await connect(schema.name),
      await connect(schema.name),
    ];
    clients.push(first, second, reader);
    await reader.query(`insert into promise (id, idempotency_key, request_hash, status, payload,
        created_at_ms)
      values ('a', 'a', 'h', 'confirmed', '{}', 1000), ('b', 'b', 'h', 'confirmed', '{}', 1000),
        ('c', 'c', 'h', 'confirmed', '{}', 1000), ('d', 'd', 'h', 'confirmed', '{}', 1000)`);
    const atRisk = json("AT_RISK", 2000, ["STOCK_SHORT"]);
    // The first session writes a and b (events 5, 6) and does not commit yet.
    await first.query("begin");
    await first.query(
      `insert into promise_risk (promise_id, status, risk, since_ms)
       select id, 'AT_RISK', $1, 2000 from unnest(array['a', 'b']) as u(id) ${UPSERT}`,
      [atRisk],
    );
    // The second writes c and d and commits, at once.
    const secondPid = (await second.query("select pg_backend_pid() as pid")).rows[0].pid;
    let secondDone = false;
    const secondWrite = (async () => {
      await second.query("begin");
      await second.query(
        `insert into promise_risk (promise_id, status, risk, since_ms)
         select id, 'AT_RISK', $1, 2000 from unnest(array['c', 'd']) as u(id) ${UPSERT}`,
        [atRisk],
      );
      await second.query("commit");
      secondDone = true;
    })();
    // It waits on a lock (the outbox counter row) until the first commits.
    let waiting = false;
    for (let i = 0; i < 100 && !waiting && !secondDone; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const r = await reader.query("select wait_event_type from pg_stat_activity where pid = $1", [
        secondPid,
      ]);
      waiting = r.rows[0]?.wait_event_type === "Lock";
    }
    expect(await outbox(reader, 4)).toEqual([]);
    expect(secondDone).toBe(false);
    expect(waiting).toBe(true);
    await first.query("commit");
    await secondWrite;
    // a 1, b 0, c 10, d 10.
    expect(await outbox(reader, 4)).toEqual([
      "5 a AT_RISK confirmed AT_RISK STOCK_SHORT 2000 1",
      "6 b AT_RISK confirmed AT_RISK STOCK_SHORT 2000 0",
      "7 c AT_RISK confirmed AT_RISK STOCK_SHORT 2000 10",
      "8 d AT_RISK confirmed AT_RISK STOCK_SHORT 2000 10",
    ]);
    expect(await counter(reader)).toBe(8);
  });
});
