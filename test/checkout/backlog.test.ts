import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Checkout } from "../../src/checkout/checkout.js";
import type { PromisePayload } from "../../src/checkout/promise-payload.js";
import { addDays, isoDay } from "../../src/engine/day.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store, StoredPromise } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";

const pgTests = await postgresForTests("checkout-backlog");

// bkk: Asia/Bangkok (UTC+7), Mon-Sat, cut-off 14:00 (07:00Z); Kerry Next Day picks up Mon-Sat
// and delivers the next day. With the default grace of 2 h a day's unshipped promises become
// backlog at 16:00 local (09:00Z).
const WED_MORNING = Date.parse("2026-11-25T03:00:00Z"); // Wed 10:00 local
const WED_AFTERNOON = Date.parse("2026-11-25T08:00:00Z"); // Wed 15:00 local
const THU_MORNING = Date.parse("2026-11-26T02:00:00Z"); // Thu 09:00 local
const THU = isoDay("2026-11-26");
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000", province: "" };
const STOCK_YAML = `
stock:
  - { sku: TEE, warehouse: bkk, on_hand: 5000 }
`;

interface Engine {
  readonly name: string;
  readonly skip: boolean;
  open(): Promise<{ store: Store; drop: () => Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: "SQLite",
    skip: false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "promise-backlog-"));
      const store = await openStore({ sqlitePath: join(dir, "promise.db") });
      return { store, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "PostgreSQL",
    skip: !pgTests.run && pgTests.failure === undefined,
    async open() {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      const schema: TestSchema = await createTestSchema(pgTests.url);
      const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
      return { store, drop: () => schema.drop() };
    },
  },
];

describe.each(engines)("backlog on $name", (engine) => {
  let now = WED_MORNING;
  let store: Store;
  let drop: () => Promise<void>;
  let live: LiveView;
  let sync: StoreSync;
  let checkout: Checkout;
  let orders = 0;

  beforeEach(async (ctx) => {
    if (engine.skip) ctx.skip();
    now = WED_MORNING;
    ({ store, drop } = await engine.open());
    const file = networkFileSchema.parse(parse(FIXTURE_YAML + STOCK_YAML));
    const clock = () => now;
    live = new LiveView({ file, clock, seedStock: false });
    sync = new StoreSync({ store, live, clock, pollMs: 0 });
    await sync.start(file);
    checkout = new Checkout({ live, store, clock });
  }, 30_000);

  afterEach(async () => {
    if (engine.skip) return;
    sync.stop();
    await store.close();
    await drop();
  });

  async function order(): Promise<StoredPromise> {
    orders++;
    const { promise } = await checkout.confirm({
      idempotencyKey: `order-${orders}`,
      lines: [{ sku: "TEE", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    });
    return promise;
  }

  /** [ship date, latest delivery, reasons as "CODE date detail"] of a promise. */
  function datesOf(promise: StoredPromise): [string, string, string[]] {
    const p = promise.payload as PromisePayload;
    return [
      p.shipments[0]!.shipDate,
      p.deliveryLatest,
      p.reasons.map((r) => [r.code, r.date ?? "", r.detail ?? ""].join(" ").trim()),
    ];
  }

  /**
   * Wednesday: `promised` orders promised to ship that day (while the warehouse had no limit),
   * then capacity 100 a day from the admin, and `shipped` of them really shipped at 15:00.
   */
  async function wednesday(promised: number, shipped: number): Promise<StoredPromise[]> {
    const made: StoredPromise[] = [];
    for (let i = 0; i < promised; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, promised - i) }, () => order()),
      );
      made.push(...batch);
    }
    expect(new Set(made.map((p) => datesOf(p)[0]))).toEqual(new Set(["2026-11-25"]));
    await store.setCapacity("bkk", { daily: 100 });
    now = WED_AFTERNOON;
    for (const p of made.slice(0, shipped)) await checkout.fulfil(p.id);
    await sync.refresh();
    return made;
  }

  it("gives tomorrow's new orders 100 - 70 carried - 28 booked, then pushes the third to Friday with WAREHOUSE_BACKLOG", async () => {
    await wednesday(150, 80);
    now = THU_MORNING;
    await store.setBookedLoad("bkk", [{ day: THU, orders: 28 }]);
    const bkk = live.network.warehouseById.get("bkk")!.index;
    // The change notice's refresh may already be running when the test asks for one.
    await expect.poll(() => sync.refresh().then(() => live.capacity.load(bkk, THU))).toBe(28);
    expect(live.capacity.backlogOf(bkk)?.backlog).toBe(70);
    expect(live.capacity.remaining(bkk, THU)).toBe(2);

    const first = datesOf(await order());
    const second = datesOf(await order());
    const third = datesOf(await order());
    expect(first).toEqual(["2026-11-26", "2026-11-27", []]);
    expect(second).toEqual(["2026-11-26", "2026-11-27", []]);
    expect(third).toEqual([
      "2026-11-27",
      "2026-11-28",
      ["WAREHOUSE_BACKLOG 2026-11-26 70 orders still to ship"],
    ]);
    const report = await store.checkReservations();
    expect([
      report.confirmed,
      report.fulfilled,
      report.loadMismatches,
      report.shippedMismatches,
    ]).toEqual([73, 80, [], []]);
  }, 60_000);

  it("gives a second process's shopper Friday from the store's state although its view still shows Thursday", async () => {
    await wednesday(150, 80);
    now = THU_MORNING;
    await store.setBookedLoad("bkk", [{ day: THU, orders: 29 }]);
    // A second process: its own view, started before the booked load, never refreshed.
    const other = new LiveView({
      file: networkFileSchema.parse(parse(FIXTURE_YAML + STOCK_YAML)),
      clock: () => now,
      seedStock: false,
    });
    const otherSync = new StoreSync({ store, live: other, clock: () => now, pollMs: 0 });
    await otherSync.start();
    otherSync.stop();
    await store.setBookedLoad("bkk", [{ day: THU, orders: 30 }]);
    const otherCheckout = new Checkout({ live: other, store, clock: () => now });
    // Its view still says Thursday has 1 left (100 - 70 - 29); the store's transaction says 0.
    expect(other.capacity.remaining(other.network.warehouseById.get("bkk")!.index, THU)).toBe(1);
    const { promise } = await otherCheckout.confirm({
      idempotencyKey: "other-1",
      lines: [{ sku: "TEE", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    });
    expect(datesOf(promise)[0]).toBe("2026-11-27");
    expect((await store.checkReservations()).loadMismatches).toEqual([]);
  }, 60_000);

  it("brings dates back when the warehouse catches up on its backlog", async () => {
    // 250 promised, 80 shipped: 170 behind. Thursday takes 100 of them, Friday the other 70
    // (plus 30 booked there): a Thursday order ships on Saturday.
    const made = await wednesday(250, 80);
    now = THU_MORNING;
    await store.setBookedLoad("bkk", [{ day: addDays(THU, 1), orders: 30 }]);
    await sync.refresh();
    expect(datesOf(await order())).toEqual([
      "2026-11-28",
      "2026-11-30",
      [
        "WAREHOUSE_BACKLOG 2026-11-26 170 orders still to ship",
        "WAREHOUSE_BACKLOG 2026-11-27 70 orders still to ship",
        "NON_DELIVERY_DAY 2026-11-29",
      ],
    ]);
    // Thursday 10:00: an extra shift ships all 170 (Wednesday's) by mid-morning. Thursday's
    // throughput went to them; Friday is free again (100 - 30 booked).
    now += 60 * 60 * 1000;
    for (const p of made.slice(80)) await checkout.fulfil(p.id);
    await sync.refresh();
    expect(datesOf(await order())).toEqual([
      "2026-11-27",
      "2026-11-28",
      ["CAPACITY_FULL 2026-11-26"],
    ]);
  }, 120_000);
});
