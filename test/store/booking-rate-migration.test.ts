import Database from "better-sqlite3";
import { Kysely, type MigrationProvider, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { openStore } from "../../src/store/open-store.js";
import { storeMigrations } from "../../src/store/store-migrations.js";
import { tempDir } from "../support/temp-dir.js";

const WED = isoDay("2026-11-25");
const T0 = Date.UTC(2026, 10, 25, 3, 0, 0);

let dir: ReturnType<typeof tempDir> | undefined;

afterEach(() => {
  dir?.remove();
  dir = undefined;
});

describe("migration 0004 (booking instants on capacity reservations)", () => {
  it("fills in the confirm instant of every reservation already stored, so the booking rate counts old promises", async () => {
    dir = tempDir("promise-migration-0004-");
    const path = `${dir.path}/promise.db`;

    // A store as it was before 0004, holding three promises on Wednesday, one of them cancelled.
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new Database(path) }),
    });
    // Only the migrations before 0004 (names sort in the order they run).
    const before = Object.fromEntries(
      Object.entries(storeMigrations("sqlite")).filter(([name]) => name < "0004"),
    );
    const provider: MigrationProvider = { getMigrations: async () => before };
    const migrated = await new Migrator({ db, provider }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    for (const [id, status, at] of [
      ["p1", "confirmed", T0],
      ["p2", "cancelled", T0 + 60_000],
      ["p3", "fulfilled", T0 + 120_000],
    ] as const) {
      await sql`insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
        values (${id}, ${id}, 'h', ${status}, '{}', ${at})`.execute(db);
      await sql`insert into capacity_reservation (promise_id, warehouse_id, day)
        values (${id}, 'bkk-1', ${WED})`.execute(db);
    }
    await sql`insert into warehouse_load (warehouse_id, day, external, promised, change_seq)
      values ('bkk-1', ${WED}, 0, 2, 1)`.execute(db);
    await sql`update change_counter set seq = 1`.execute(db);
    await db.destroy();

    const store = await openStore({ sqlitePath: path });
    try {
      const { bookings } = await store.loadCapacity(0, { recentBookings: 16 });
      expect(bookings).toEqual([
        { warehouseId: "bkk-1", day: WED, bookedAtMs: [T0, T0 + 120_000] },
      ]);
    } finally {
      await store.close();
    }
  });
});
