import Database from "better-sqlite3";
import { Kysely, type MigrationProvider, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openPromiseEventStore } from "../../src/events/open-promise-event-store.js";
import { SQLITE_RISK_EVENTS } from "../../src/events/promise-event-store.js";
import { openStore } from "../../src/store/open-store.js";
import { PROMISE_RISK_READ_INDEX } from "../../src/store/promise-risk-read-index-migration.js";
import { PROMISE_RISK_STATUS_INDEX } from "../../src/store/promise-risk-status-index-migration.js";
import { storeMigrations } from "../../src/store/store-migrations.js";
import { tempDir } from "../support/temp-dir.js";

let dir: ReturnType<typeof tempDir> | undefined;

afterEach(() => {
  dir?.remove();
  dir = undefined;
});

describe("migrations 0016 and 0017 (the risk indexes)", () => {
  it("index the promises and risks stored before them, which the at-risk list and the risk pass then read", async () => {
    dir = tempDir("promise-migration-0016-");
    const path = `${dir.path}/promise.db`;
    // A store as it was before 0016: two promises, one of them AT_RISK.
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new Database(path) }),
    });
    const before = Object.fromEntries(
      Object.entries(storeMigrations("sqlite")).filter(([name]) => name < "0016"),
    );
    const provider: MigrationProvider = { getMigrations: async () => before };
    expect((await new Migrator({ db, provider }).migrateToLatest()).error).toBeUndefined();
    await sql`insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
      values ('a', 'a', 'h', 'confirmed', '{}', 1000), ('b', 'b', 'h', 'confirmed', '{}', 2000)`.execute(
      db,
    );
    await sql`insert into promise_risk (promise_id, status, risk, since_ms)
      values ('b', 'AT_RISK', '{"status":"AT_RISK","reasons":[],"expectedEarliest":"","expectedLatest":"","sinceMs":1500}', 1500)`.execute(
      db,
    );
    await db.destroy();

    const store = await openStore({ sqlitePath: path });
    const events = openPromiseEventStore({ sqlitePath: path, bulkWriter: false });
    try {
      const file = new Database(path, { readonly: true });
      const indexed = (name: string) =>
        file.prepare(`select count(*) from pragma_index_info(?)`).pluck().get(name);
      const entries = (name: string, table: string) =>
        file.prepare(`select count(*) from ${table} indexed by ${name}`).pluck().get();
      expect([indexed(PROMISE_RISK_STATUS_INDEX), indexed(PROMISE_RISK_READ_INDEX)]).toEqual([
        1, 3,
      ]);
      // The partial index holds the one risk that is not ON_TRACK; the covering one both promises.
      expect(
        file
          .prepare(
            `select count(*) from promise_risk indexed by ${PROMISE_RISK_STATUS_INDEX} where status <> 'ON_TRACK'`,
          )
          .pluck()
          .get(),
      ).toBe(1);
      expect(entries(PROMISE_RISK_READ_INDEX, "promise")).toBe(2);
      // A risk change's event reads the promise's status from the covering index too (since
      // migration 0018 in the risk write's event statement, before in the row triggers).
      const plan = file
        .prepare(`explain query plan ${SQLITE_RISK_EVENTS}`)
        .all({ status: "AT_RISK", risk: "{}", since: 0, ids: "[]", riskId: 1 }) as {
        detail: string;
      }[];
      expect(plan.filter((r) => r.detail.includes(`INDEX ${PROMISE_RISK_READ_INDEX}`)).length).toBe(
        1,
      );
      file.close();
      const list = await events.listPromises({ riskStatuses: ["AT_RISK"] }, undefined, 10);
      expect(list.map((p) => [p.id, p.risk?.sinceMs])).toEqual([["b", 1500]]);
      const atRisk = {
        status: "AT_RISK",
        reasons: ["NETWORK_CHANGED"],
        expectedEarliest: "",
        expectedLatest: "",
        sinceMs: 3000,
      };
      await events.applyRisks([
        { promiseId: "a", risk: atRisk },
        { promiseId: "b", risk: { ...atRisk, status: "ON_TRACK", reasons: [], sinceMs: 3000 } },
      ]);
      expect(
        // (Events 1-3: the two CONFIRMED and b's AT_RISK, written before the store was opened.)
        (await events.readEvents(3, 10)).map(
          (e) => `${e.promiseId} ${e.kind} ${e.status} ${e.atMs}`,
        ),
      ).toEqual(["a AT_RISK confirmed 3000", "b BACK_ON_TRACK confirmed 3000"]);
    } finally {
      await events.close();
      await store.close();
    }
  });
});
