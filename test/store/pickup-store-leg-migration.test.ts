import Database from "better-sqlite3";
import { Kysely, type MigrationProvider, Migrator, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { CurrentSchemaPostgresDialect } from "../../src/store/current-schema-dialect.js";
import { promiseLegs } from "../../src/store/promise-legs.js";
import { storeMigrations } from "../../src/store/store-migrations.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";
import { tempDir } from "../support/temp-dir.js";

const pgTests = await postgresForTests("pickup-store-leg-migration");
/** PostgreSQL unreachable and not required (CI and REQUIRE_POSTGRES=1 fail instead). */
const noPg = !pgTests.run && pgTests.failure === undefined;

const TUE = "2026-11-24";
const WED = "2026-11-25";

function pickup(
  shipments: readonly { warehouseId: string; shipDate: string }[],
  extra: Record<string, unknown> = {},
  pickupExtra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    lines: [{ sku: "LAMP", quantity: 1 }],
    destination: { countryCode: "TH", postalCode: "10110", province: "Bangkok" },
    serviceId: "",
    shipments: shipments.map((s) => ({
      ...s,
      serviceId: "pickup",
      deliveryEarliest: WED,
      deliveryLatest: WED,
      lines: [],
      priceCents: 0,
      backorder: false,
    })),
    deliveryEarliest: WED,
    deliveryLatest: WED,
    pickup: { storeId: "siam", readyDate: WED, transfer: true, ...pickupExtra },
    ...extra,
  });
}

const fromDc = [{ warehouseId: "bkk", shipDate: TUE }];
const fromSiam = [{ warehouseId: "siam", shipDate: WED }];
/** Promise id -> payload, as stored before migration 0022. */
const PAYLOADS: Record<string, string> = {
  "transfer-only": pickup(fromDc),
  "own-stock": pickup(fromSiam),
  "own-and-transfer": pickup([...fromSiam, ...fromDc]),
  "no-province": pickup(fromDc, { destination: { countryCode: "TH", postalCode: "10110" } }),
  "ready-30-feb": pickup(fromDc, {}, { readyDate: "2026-02-30" }),
  "ready-year-99": pickup(fromDc, {}, { readyDate: "0099-11-25" }),
  "store-not-text": pickup(fromDc, {}, { storeId: 7 }),
  "no-shipments": pickup([]),
  "window-not-dates": pickup(fromDc, { deliveryLatest: "soon" }),
  shipping: JSON.stringify({
    destination: { countryCode: "TH", postalCode: "10110", province: "" },
    deliveryEarliest: WED,
    deliveryLatest: WED,
    shipments: [
      {
        warehouseId: "bkk",
        serviceId: "kerry",
        shipDate: TUE,
        deliveryEarliest: WED,
        deliveryLatest: WED,
      },
    ],
  }),
  "not-json": "not json",
};

const before = (engine: "sqlite" | "postgres"): MigrationProvider => ({
  getMigrations: async () =>
    Object.fromEntries(Object.entries(storeMigrations(engine)).filter(([name]) => name < "0022")),
});
const all = (engine: "sqlite" | "postgres"): MigrationProvider => ({
  getMigrations: async () => storeMigrations(engine),
});

/** Stores the payloads on a database migrated up to 0021, applies 0022, reads promise_leg. */
async function migrate(db: Kysely<unknown>, engine: "sqlite" | "postgres", schema?: string) {
  const options = schema === undefined ? {} : { migrationTableSchema: schema };
  const first = await new Migrator({ db, provider: before(engine), ...options }).migrateToLatest();
  expect(first.error).toBeUndefined();
  for (const [id, payload] of Object.entries(PAYLOADS)) {
    await sql`insert into promise (id, idempotency_key, request_hash, status, payload,
        created_at_ms) values (${id}, ${id}, 'h', 'confirmed', ${payload}, 0)`.execute(db);
  }
  const second = await new Migrator({ db, provider: all(engine), ...options }).migrateToLatest();
  expect(second.error).toBeUndefined();
  expect(second.results?.map((r) => r.migrationName)).toEqual(["0022_pickup_store_legs"]);
  const rows = await sql<Record<string, unknown>>`select * from promise_leg
    order by promise_id, warehouse_id`.execute(db);
  return rows.rows.map((r) => ({
    id: r["promise_id"],
    warehouseId: r["warehouse_id"],
    serviceId: r["service_id"],
    shipDay: Number(r["ship_day"]),
    earliestDay: Number(r["earliest_day"]),
    latestDay: Number(r["latest_day"]),
    countryCode: r["country_code"],
    postalCode: r["postal_code"],
    province: r["province"],
    promiseEarliestDay: Number(r["promise_earliest_day"]),
    promiseLatestDay: Number(r["promise_latest_day"]),
  }));
}

/**
 * What 0022 must write, worked out by hand: a row at Siam on Wednesday 25 November (2026-01-01
 * is day 20,454; 25 November is 304 + 24 = 328 days later: 20,782) for each pick-up with a
 * string store, a valid ready date and window, and shipments; nothing for the others (the
 * 30 February and the year 0099 are not dates, as parseIsoDay reads them).
 */
const WED_DAY = 20_782;
const siamRow = (id: string, province = "Bangkok") => ({
  id,
  warehouseId: "siam",
  serviceId: "pickup",
  shipDay: WED_DAY,
  earliestDay: WED_DAY,
  latestDay: WED_DAY,
  countryCode: "TH",
  postalCode: "10110",
  province,
  promiseEarliestDay: WED_DAY,
  promiseLatestDay: WED_DAY,
});
const EXPECTED = [
  siamRow("no-province", ""),
  siamRow("own-and-transfer"),
  siamRow("own-stock"),
  siamRow("transfer-only"),
];

describe("migration 0022 (every pick-up has a row at its store)", () => {
  it("numbers Wednesday 25 November 2026 as day 20,782", () => {
    expect(isoDay(WED)).toBe(WED_DAY);
  });

  it("gives the store rows a confirm writes now (promiseLegs) for the same payloads", () => {
    const byConfirm = Object.entries(PAYLOADS).flatMap(([id, payload]) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload);
      } catch {
        return [];
      }
      return promiseLegs(parsed)
        .filter((l) => l.warehouseId === "siam")
        .map((l) => ({ id, ...l }));
    });
    expect(byConfirm.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(EXPECTED);
  });
});

describe("migration 0022 on SQLite", () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(() => {
    dir?.remove();
    dir = undefined;
  });

  it("writes a row at the store on the ready day for each stored pick-up with valid dates, and nothing for a shipping promise or a bad payload", async () => {
    dir = tempDir("promise-migration-0022-");
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new Database(`${dir.path}/promise.db`) }),
    });
    try {
      expect(await migrate(db, "sqlite")).toEqual(EXPECTED);
    } finally {
      await db.destroy();
    }
  });
});

describe.skipIf(noPg)("migration 0022 on PostgreSQL", () => {
  let schema: TestSchema | undefined;
  afterEach(async () => {
    await schema?.drop();
    schema = undefined;
  });

  it("writes a row at the store on the ready day for each stored pick-up with valid dates, and nothing for a shipping promise or a bad payload", async () => {
    if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
    schema = await createTestSchema(pgTests.url);
    const pool = new pg.Pool({
      connectionString: pgTests.url,
      max: 1,
      options: `-c search_path=${schema.name}`,
    });
    const db = new Kysely<unknown>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
    try {
      expect(await migrate(db, "postgres", schema.name)).toEqual(EXPECTED);
    } finally {
      await db.destroy();
    }
  });
});
