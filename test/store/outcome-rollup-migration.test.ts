import Database from "better-sqlite3";
import { Kysely, type MigrationProvider, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { openStore } from "../../src/store/open-store.js";
import type { ImportedOutcomeGroup } from "../../src/store/store.js";
import { storeMigrations } from "../../src/store/store-migrations.js";
import { tempDir } from "../support/temp-dir.js";

const MON = isoDay("2026-06-01");
const TUE = isoDay("2026-06-02");
const WED = isoDay("2026-06-03");

let dir: ReturnType<typeof tempDir> | undefined;

afterEach(() => {
  dir?.remove();
  dir = undefined;
});

function payload(warehouses: readonly string[]): string {
  return JSON.stringify({
    destination: { countryCode: "TH", postalCode: "10110", province: "" },
    deliveryEarliest: "2026-06-02",
    deliveryLatest: "2026-06-03",
    shipments: warehouses.map((warehouseId) => ({
      warehouseId,
      serviceId: "kerry-express",
      shipDate: "2026-06-01",
      deliveryEarliest: "2026-06-02",
      deliveryLatest: "2026-06-03",
      lines: [],
      priceCents: 0,
      backorder: false,
    })),
  });
}

describe("migration 0014 (accuracy counted set-based)", () => {
  it("counts the history imported before it in groups, and gives each stored shipment its promise's shipment count", async () => {
    dir = tempDir("promise-migration-0014-");
    const path = `${dir.path}/promise.db`;

    // A store as it was before 0014 (and 0013: its promise_leg rows still written by a trigger
    // on promise insert): four imported parcels (two identical, one without a promised date) and
    // the shipments of a one-shipment and a two-shipment promise.
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new Database(path) }),
    });
    const before = Object.fromEntries(
      Object.entries(storeMigrations("sqlite")).filter(([name]) => name < "0013"),
    );
    const provider: MigrationProvider = { getMigrations: async () => before };
    const migrated = await new Migrator({ db, provider }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    for (const [postal, delivered, latest, key] of [
      ["10110", TUE, WED, "a#1"],
      ["10110", TUE, WED, "a#2"],
      ["30000", WED, null, "b#1"],
      ["30000", WED, WED, "c#1"],
    ] as const) {
      await sql`insert into imported_delivery (warehouse_id, service_id, country_code,
          postal_code, ship_day, delivered_day, promised_latest_day, import_key)
        values ('bkk-1', 'kerry-express', 'TH', ${postal}, ${MON}, ${delivered}, ${latest},
          ${key})`.execute(db);
    }
    for (const [id, warehouses] of [
      ["p1", ["bkk-1"]],
      ["p2", ["bkk-1", "cnx-1"]],
    ] as const) {
      await sql`insert into promise (id, idempotency_key, request_hash, status, payload,
          created_at_ms)
        values (${id}, ${id}, 'h', 'fulfilled', ${payload(warehouses)}, 0)`.execute(db);
      await sql`insert into shipment (promise_id, warehouse_id, state, state_at_ms, service_id,
          country_code, postal_code, promised_ship_day, promised_earliest_day,
          promised_latest_day, ship_day)
        values (${id}, 'bkk-1', 'SHIPPED', 0, 'kerry-express', 'TH', '10110', ${MON}, ${TUE},
          ${WED}, ${MON})`.execute(db);
    }
    await db.destroy();

    const store = await openStore({ sqlitePath: path });
    try {
      const groups: ImportedOutcomeGroup[] = [];
      for await (const page of store.loadImportedOutcomes(MON, WED)) groups.push(...page);
      const lane = {
        warehouseId: "bkk-1",
        serviceId: "kerry-express",
        countryCode: "TH",
        shipDay: MON,
      };
      expect(groups).toEqual([
        { ...lane, postalCode: "10110", deliveredDay: TUE, promisedLatestDay: WED, count: 2 },
        { ...lane, postalCode: "30000", deliveredDay: WED, promisedLatestDay: null, count: 1 },
        { ...lane, postalCode: "30000", deliveredDay: WED, promisedLatestDay: WED, count: 1 },
      ]);
      expect((await store.getShipments("p1")).map((s) => s.promiseShipments)).toEqual([1]);
      expect((await store.getShipments("p2")).map((s) => s.promiseShipments)).toEqual([2]);
      // A later import adds to the counts the migration made.
      expect(
        await store.importDeliveries([
          {
            ...lane,
            postalCode: "10110",
            deliveredDay: TUE,
            promisedLatestDay: WED,
            importKey: "a#3",
          },
        ]),
      ).toBe(1);
      const after: ImportedOutcomeGroup[] = [];
      for await (const page of store.loadImportedOutcomes(MON, MON)) after.push(...page);
      expect(after.map((g) => g.count)).toEqual([3, 1, 1]);
      // A batch with a row stored already: only the new one is counted.
      const again = { ...lane, postalCode: "30000", deliveredDay: WED, promisedLatestDay: null };
      expect(
        await store.importDeliveries([
          { ...again, importKey: "b#1" },
          { ...again, importKey: "b#2" },
        ]),
      ).toBe(1);
      const last: ImportedOutcomeGroup[] = [];
      for await (const page of store.loadImportedOutcomes(MON, MON)) last.push(...page);
      expect(last.map((g) => g.count)).toEqual([3, 2, 1]);
    } finally {
      await store.close();
    }
  });
});
