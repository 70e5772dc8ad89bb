import Database from "better-sqlite3";
import { Kysely, type MigrationProvider, Migrator, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { shipmentTerms } from "../../src/outcomes/shipment-terms.js";
import { CurrentSchemaPostgresDialect } from "../../src/store/current-schema-dialect.js";
import { openStore } from "../../src/store/open-store.js";
import type { ShipmentOutcomeGroup, Store } from "../../src/store/store.js";
import { storeMigrations } from "../../src/store/store-migrations.js";
import { createTestSchema, postgresForTests } from "../support/postgres.js";
import { tempDir } from "../support/temp-dir.js";

const MON = isoDay("2026-06-01");
const TUE = isoDay("2026-06-02");
const WED = isoDay("2026-06-03");

const pgTests = await postgresForTests("shipment-outcome-rollup-migration");
if (pgTests.failure !== undefined) {
  const failure = pgTests.failure;
  describe("migration 0015 on PostgreSQL", () => {
    it("needs PostgreSQL", () => {
      throw new Error(failure);
    });
  });
}

const provider = (engine: "sqlite" | "postgres"): MigrationProvider => ({
  getMigrations: async () =>
    Object.fromEntries(Object.entries(storeMigrations(engine)).filter(([name]) => name < "0015")),
});

/** A database as it was before migration 0015, the store that opens it after, and clean-up. */
interface Before {
  db: Kysely<unknown>;
  open(): Promise<Store>;
  drop(): Promise<void>;
}

const engines: { name: string; run: boolean; before(): Promise<Before> }[] = [
  {
    name: "SQLite",
    run: true,
    async before() {
      const dir = tempDir("promise-migration-0015-");
      const path = `${dir.path}/promise.db`;
      const db = new Kysely<unknown>({
        dialect: new SqliteDialect({ database: new Database(path) }),
      });
      const migrated = await new Migrator({ db, provider: provider("sqlite") }).migrateToLatest();
      expect(migrated.error).toBeUndefined();
      return { db, open: () => openStore({ sqlitePath: path }), drop: async () => dir.remove() };
    },
  },
  {
    name: "PostgreSQL",
    run: pgTests.run,
    async before() {
      const schema = await createTestSchema(pgTests.url);
      const pool = new pg.Pool({
        connectionString: pgTests.url,
        max: 1,
        options: `-c search_path=${schema.name}`,
      });
      const db = new Kysely<unknown>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
      const migrated = await new Migrator({
        db,
        provider: provider("postgres"),
        migrationTableSchema: schema.name,
      }).migrateToLatest();
      expect(migrated.error).toBeUndefined();
      return {
        db,
        open: () => openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 2 }),
        drop: () => schema.drop(),
      };
    },
  },
];

function payload(warehouses: readonly string[], onTimeProbability: number | null): string {
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
      ...(onTimeProbability === null ? {} : { onTimeProbability }),
    })),
  });
}

async function counted(store: Store): Promise<unknown[][]> {
  const groups: ShipmentOutcomeGroup[] = [];
  for await (const page of store.loadShipmentOutcomes(MON, WED)) groups.push(...page);
  return groups
    .map((g) => [
      g.shipDay,
      g.warehouseId,
      g.deliveredDay,
      g.onTimeProbability,
      g.promiseId,
      g.count,
      `${g.serviceId} ${g.countryCode} ${g.postalCode} ${g.promisedEarliestDay}..${g.promisedLatestDay}`,
    ])
    .sort((a, b) => {
      // Element by element, null first.
      for (let i = 0; i < a.length; i++) {
        const x = a[i] ?? -Infinity;
        const y = b[i] ?? -Infinity;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    });
}

for (const engine of engines) {
  describe.skipIf(!engine.run)(`migration 0015 on ${engine.name}`, () => {
    let before: Before | undefined;
    let store: Store | undefined;
    afterEach(async () => {
      await store?.close();
      store = undefined;
      await before?.drop();
      before = undefined;
    });

    it("counts the shipments stored before it, group by group, and later events move them", async () => {
      before = await engine.before();
      const db = before.db;
      // Five promises' shipments as RecordShipmentEvents stored them before 0015: p1 and p2
      // identical (Monday, delivered Tuesday); p3 not scanned SHIPPED (its promised Monday) and
      // not delivered, promised with 0.9; p4 two shipments (Monday Bangkok delivered Tuesday,
      // Tuesday Chiang Mai on its way); p5 Monday, delivered Wednesday, promised with 0.9.
      const rows = [
        ["p1", "bkk-1", MON, TUE, null, 1],
        ["p2", "bkk-1", MON, TUE, null, 1],
        ["p3", "bkk-1", null, null, 0.9, 1],
        ["p4", "bkk-1", MON, TUE, null, 2],
        ["p4", "cnx-1", TUE, null, null, 2],
        ["p5", "bkk-1", MON, WED, 0.9, 1],
      ] as const;
      for (const id of ["p1", "p2", "p3", "p4", "p5"]) {
        const mine = rows.filter((r) => r[0] === id);
        await sql`insert into promise (id, idempotency_key, request_hash, status, payload,
            created_at_ms)
          values (${id}, ${id}, 'h', 'fulfilled',
            ${payload(
              mine.map((r) => r[1]),
              mine[0]![4],
            )}, 0)`.execute(db);
      }
      for (const [id, warehouse, shipDay, deliveredDay, probability, shipments] of rows) {
        await sql`insert into shipment (promise_id, warehouse_id, state, state_at_ms, service_id,
            country_code, postal_code, promised_ship_day, promised_earliest_day,
            promised_latest_day, on_time_probability, ship_day, delivered_day, promise_shipments)
          values (${id}, ${warehouse}, ${deliveredDay === null ? "SHIPPED" : "DELIVERED"}, 0,
            'kerry-express', 'TH', '10110', ${MON}, ${TUE}, ${WED}, ${probability}, ${shipDay},
            ${deliveredDay}, ${shipments})`.execute(db);
      }
      await db.destroy();

      store = await before.open();
      const lane = `kerry-express TH 10110 ${TUE}..${WED}`;
      expect(await counted(store)).toEqual([
        [MON, "bkk-1", null, 0.9, null, 1, lane],
        [MON, "bkk-1", TUE, null, null, 2, lane],
        [MON, "bkk-1", TUE, null, "p4", 1, lane],
        [MON, "bkk-1", WED, 0.9, null, 1, lane],
        [TUE, "cnx-1", null, null, "p4", 1, lane],
      ]);

      // p3 is delivered on Wednesday: it leaves the group the migration counted it in (which
      // empties) and joins p5's.
      const r = await store.recordShipmentEvents(
        [
          {
            eventId: "p3-delivered",
            promiseId: "p3",
            warehouseId: "bkk-1",
            kind: "DELIVERED",
            occurredAtMs: Date.parse("2026-06-03T05:00:00Z"),
            day: WED,
          },
        ],
        Date.parse("2026-06-03T06:00:00Z"),
        shipmentTerms,
      );
      expect([r.applied, r.errors]).toEqual([1, []]);
      expect(await counted(store)).toEqual([
        [MON, "bkk-1", TUE, null, null, 2, lane],
        [MON, "bkk-1", TUE, null, "p4", 1, lane],
        [MON, "bkk-1", WED, 0.9, null, 2, lane],
        [TUE, "cnx-1", null, null, "p4", 1, lane],
      ]);
    });
  });
}
