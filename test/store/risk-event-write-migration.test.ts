import Database from "better-sqlite3";
import { Kysely, type MigrationProvider, Migrator, SqliteDialect } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openPromiseEventStore } from "../../src/events/open-promise-event-store.js";
import {
  type RiskWriteRow,
  SQLITE_EVENT_COLUMNS,
  SQLITE_UPSERT_RISKS,
  type StoredRisk,
} from "../../src/events/promise-event-store.js";
import { openStore } from "../../src/store/open-store.js";
import { storeMigrations } from "../../src/store/store-migrations.js";
import { tempDir } from "../support/temp-dir.js";

let dir: ReturnType<typeof tempDir> | undefined;

afterEach(() => {
  dir?.remove();
  dir = undefined;
});

const json = (status: string, sinceMs: number, reasons: string[] = []) =>
  JSON.stringify({
    status,
    reasons,
    expectedEarliest: "2026-11-26",
    expectedLatest: "2026-11-26",
    sinceMs,
  } satisfies StoredRisk);

/**
 * Three writes of grouped rows (status, risk, since, ids) over promises a (confirmed), b
 * (confirmed) and c (cancelled), and ids x and y of no promise.
 */
const WRITES: RiskWriteRow[][] = [
  [
    ["AT_RISK", json("AT_RISK", 2000, ["NETWORK_CHANGED"]), 2000, '["a","b"]'],
    // A first ON_TRACK: a row, no event.
    ["ON_TRACK", json("ON_TRACK", 2000), 2000, '["c"]'],
  ],
  [
    // a: AT_RISK again with other reasons (the row changes, no event); b: back on track; c: a
    // new since (the row changes, no event); x: a first ON_TRACK; y: no promise, AT_RISK.
    ["AT_RISK", json("AT_RISK", 2000, ["STOCK_SHORT"]), 2000, '["a"]'],
    ["ON_TRACK", json("ON_TRACK", 3000), 3000, '["b","c","x"]'],
    ["LATE", json("LATE", 3000, ["PAST_WINDOW"]), 3000, '["y"]'],
  ],
  [
    // b: the same risk again (nothing written); a: kept.
    ["ON_TRACK", json("ON_TRACK", 3000), 3000, '["b"]'],
    ["KEPT", json("KEPT", 4000), 4000, '["a"]'],
  ],
];

/** The events expected after the three CONFIRMED ones, worked out by hand. */
const EXPECTED = [
  "4 a AT_RISK confirmed AT_RISK 2000",
  "5 b AT_RISK confirmed AT_RISK 2000",
  "6 b BACK_ON_TRACK confirmed ON_TRACK 3000",
  "7 y AT_RISK  LATE 3000",
  "8 a KEPT confirmed KEPT 4000",
];

/** A store file migrated up to (not including) `before`, or to the latest; three promises. */
async function storeFile(path: string, before?: string): Promise<void> {
  if (before === undefined) {
    await (await openStore({ sqlitePath: path })).close();
  } else {
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new Database(path) }),
    });
    const older = Object.fromEntries(
      Object.entries(storeMigrations("sqlite")).filter(([name]) => name < before),
    );
    const provider: MigrationProvider = { getMigrations: async () => older };
    expect((await new Migrator({ db, provider }).migrateToLatest()).error).toBeUndefined();
    await db.destroy();
  }
  const db = new Database(path);
  db.exec(`insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
    values ('a', 'a', 'h', 'confirmed', '{}', 1000), ('b', 'b', 'h', 'confirmed', '{}', 1100),
      ('c', 'c', 'h', 'cancelled', '{}', 1200)`);
  db.close();
}

/**
 * The outbox after the CONFIRMED events (each risk's status, and its whole JSON text as
 * published: since migration 0021 read through SQLITE_EVENT_COLUMNS), and the risk rows, as text.
 */
function outbox(path: string): { events: string[]; texts: string[]; risks: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    const since0021 =
      db.prepare("select 1 from sqlite_master where name = 'promise_event_risk'").get() !==
      undefined;
    const rows = db
      .prepare(
        `select ${since0021 ? SQLITE_EVENT_COLUMNS : "seq, promise_id, kind, status, risk, at_ms"}
         from promise_event e where seq > 3 order by seq`,
      )
      .raw()
      .all() as [number, string, string, string, string, number][];
    const events = rows.map(([seq, id, kind, status, risk, at]) => {
      const r = JSON.parse(risk) as StoredRisk;
      return `${seq} ${id} ${kind} ${status} ${r.status} ${at}`;
    });
    const texts = rows.map((r) => r[4]);
    const risks = (
      db
        .prepare("select promise_id, status, since_ms, risk from promise_risk order by promise_id")
        .raw()
        .all() as [string, string, number, string][]
    ).map(([id, status, since, risk]) => `${id} ${status} ${since} ${JSON.parse(risk).reasons}`);
    return { events, texts, risks };
  } finally {
    db.close();
  }
}

describe("migration 0018 (a risk change's event written by the risk write, not a trigger)", () => {
  it("drops the triggers on promise_risk, and the store's connection and the bulk writer thread write the events they wrote", async () => {
    dir = tempDir("promise-migration-0018-");
    // Before 0018: the upsert alone, the row triggers writing the events.
    const before = `${dir.path}/before.db`;
    await storeFile(before, "0018");
    const db = new Database(before);
    const upsert = db.prepare(SQLITE_UPSERT_RISKS);
    for (const rows of WRITES) {
      db.transaction(() => {
        for (const g of rows) upsert.run(g[0], g[1], g[2], g[3]);
      }).immediate();
    }
    db.close();

    const written: Record<string, { events: string[]; texts: string[]; risks: string[] }> = {
      before: outbox(before),
    };
    for (const bulkWriter of [false, true]) {
      const path = `${dir.path}/${bulkWriter ? "thread" : "connection"}.db`;
      await storeFile(path);
      const events = openPromiseEventStore({ sqlitePath: path, bulkWriter });
      try {
        const changed: number[] = [];
        for (const rows of WRITES) changed.push(await events.applyRiskRows!(rows));
        // a, b, c; a, b, c, x, y; a.
        expect(changed).toEqual([3, 5, 1]);
      } finally {
        await events.close();
      }
      written[bulkWriter ? "thread" : "connection"] = outbox(path);
      const file = new Database(path, { readonly: true });
      expect(
        file
          .prepare(
            "select name from sqlite_master where type = 'trigger' and tbl_name = 'promise_risk'",
          )
          .pluck()
          .all(),
      ).toEqual([]);
      file.close();
    }
    expect(written.before!.events).toEqual(EXPECTED);
    expect(written.connection).toEqual(written.before);
    expect(written.thread).toEqual(written.before);
    expect(written.thread!.risks).toEqual([
      "a KEPT 4000 ",
      "b ON_TRACK 3000 ",
      "c ON_TRACK 3000 ",
      "x ON_TRACK 3000 ",
      "y LATE 3000 PAST_WINDOW",
    ]);
  });
});
