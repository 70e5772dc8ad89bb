import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { Checkout } from "../../src/checkout/checkout.js";
import { isoDay } from "../../src/engine/day.js";
import { openPromiseEventStore } from "../../src/events/open-promise-event-store.js";
import type { PromiseEventStore } from "../../src/events/promise-event-store.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { RiskMonitor } from "../../src/risk/risk-monitor.js";
import { RiskPassWorker } from "../../src/risk/risk-pass-in-worker.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { PICKUP_NETWORK } from "../engine/store-changes-fixture.js";
import { pgTests } from "../events/support.js";
import { createTestSchema, type TestSchema } from "../support/postgres.js";
import { tempSqlitePath } from "../support/temp-dir.js";

// Siam (open every day 10:00-22:00 Bangkok, 60 minutes' preparation) takes no pick-ups on
// Tuesday 24 November 2026 (capacity 0) and 4 on Wednesday 25. Four pick-ups confirmed that
// Tuesday morning are all ready Wednesday at 11:00:
// - lamp-1 08:00 and lamp-2 09:00: lamps only Bangkok DC has, by the lane (cut-off 12:00 beaten,
//   1 day, the DC's van): they leave Tuesday and arrive Wednesday; their only shipment is the
//   transfer from the DC;
// - tee-1 08:30 and tee-2 09:30: tees from Siam's own stock, ready Tuesday 11:00 but Tuesday has
//   no room, so Wednesday 11:00 (CAPACITY_FULL).
// Wednesday cut to 2: 4 booked, 2 too many, so the two newest (tee-2 09:30, lamp-2 09:00) move,
// whichever their kind, and the two oldest (lamp-1, tee-1) keep the day. Siam takes no pick-ups
// on Thursday 26 either (capacity 0) and 2 on Friday 27 (its daily_pickup_capacity): the first
// later day with room is Friday, so the two moved are expected Friday.
const TUESDAY_0800 = Date.parse("2026-11-24T01:00:00Z");
const TUESDAY = isoDay("2026-11-24");
const WEDNESDAY = isoDay("2026-11-25");
const THURSDAY = isoDay("2026-11-26");
const METRO = { countryCode: "TH", postalCode: "10110", province: "" };
const STOCK =
  "\nstock:\n  - { sku: TEE, warehouse: siam, on_hand: 5 }\n  - { sku: LAMP, warehouse: bkk, on_hand: 5 }\n";
/** In confirm order, 30 minutes apart from Tuesday 08:00. */
const ORDERS = [
  ["lamp-1", "LAMP"],
  ["tee-1", "TEE"],
  ["lamp-2", "LAMP"],
  ["tee-2", "TEE"],
] as const;

/** PostgreSQL unreachable and not required (CI and REQUIRE_POSTGRES=1 fail instead). */
const noPg = !pgTests.run && pgTests.failure === undefined;

interface Opened {
  store: Store;
  events: PromiseEventStore;
  live: LiveView;
  sync: StoreSync;
  monitor: RiskMonitor;
}

for (const engine of ["sqlite", "postgres"] as const) {
  describe.skipIf(engine === "postgres" && noPg)(
    `a cut of a store's pick-up capacity on ${engine}`,
    () => {
      let now = TUESDAY_0800;
      const clock = () => now;
      /** The SQLite file, or the PostgreSQL schema. */
      let location = "";
      let schema: TestSchema | undefined;
      let opened: Opened | undefined;
      /** Promise id -> lamp-1, tee-1, ... */
      const names = new Map<string, string>();

      const open = async (): Promise<Opened> => {
        if (engine === "postgres" && pgTests.failure !== undefined) {
          throw new Error(pgTests.failure);
        }
        const where =
          engine === "sqlite"
            ? { sqlitePath: location }
            : { databaseUrl: pgTests.url, pgSchema: location };
        const store = await openStore({
          ...where,
          ...(engine === "postgres" ? { poolSize: 3 } : {}),
        });
        const events = openPromiseEventStore(where);
        const file = networkFileSchema.parse(parse(PICKUP_NETWORK + STOCK));
        const live = new LiveView({ file, clock, seedStock: false });
        const sync = new StoreSync({ store, live, clock });
        await sync.start(file);
        const monitor = new RiskMonitor({
          store,
          events,
          live,
          clock,
          shipGraceMinutes: 60,
          intervalMs: 0,
        });
        opened = { store, events, live, sync, monitor };
        return opened;
      };
      const close = async () => {
        if (opened === undefined) return;
        await opened.monitor.stop();
        opened.sync.stop();
        await opened.events.close();
        await opened.store.close();
        opened = undefined;
      };
      afterEach(async () => {
        await close();
        await schema?.drop();
        schema = undefined;
      });

      const siamCapacity = (o: Opened, day: number) =>
        o.live.capacity.capacity(o.live.network.warehouseById.get("siam")!.index, day as never);
      const setWednesday = async (o: Opened, value: number) => {
        await o.store.setCapacity("siam", { overrides: [{ day: WEDNESDAY, value }] });
        await vi.waitFor(() => expect(siamCapacity(o, WEDNESDAY)).toBe(value));
      };
      /** The risk events, each `name KIND reasons earliest..latest`, sorted. */
      const riskEvents = async (o: Opened) =>
        (await o.events.readEvents(0, 100))
          .filter((e) => e.kind !== "CONFIRMED")
          .map(
            (e) =>
              `${names.get(e.promiseId)} ${e.kind} ${e.risk?.reasons.join("+") ?? ""} ${e.risk?.expectedEarliest ?? ""}..${e.risk?.expectedLatest ?? ""}`,
          )
          .sort();

      /** A fresh database with the four pick-ups confirmed as worked out above. */
      const confirmFour = async (): Promise<Opened> => {
        now = TUESDAY_0800;
        names.clear();
        if (engine === "sqlite") {
          location = tempSqlitePath();
        } else {
          schema = await createTestSchema(pgTests.url);
          location = schema.name;
        }
        const o = await open();
        await o.store.upsertStock([
          { sku: "TEE", warehouseId: "siam", onHand: 5, safetyStock: 0, inbound: [], version: 1 },
          { sku: "LAMP", warehouseId: "bkk", onHand: 5, safetyStock: 0, inbound: [], version: 1 },
        ]);
        await o.store.setCapacity("siam", {
          overrides: [
            { day: TUESDAY, value: 0 },
            { day: WEDNESDAY, value: 4 },
            { day: THURSDAY, value: 0 },
          ],
        });
        await vi.waitFor(() => expect(siamCapacity(o, WEDNESDAY)).toBe(4));
        await vi.waitFor(() =>
          expect(
            o.live.stock.onHand(
              o.live.stock.skuIndex("LAMP"),
              o.live.network.warehouseById.get("bkk")!.index,
            ),
          ).toBe(5),
        );
        const checkout = new Checkout({ live: o.live, store: o.store, clock });
        const made: string[] = [];
        for (const [name, sku] of ORDERS) {
          const { promise } = await checkout.confirm({
            idempotencyKey: name,
            lines: [{ sku, quantity: 1 }],
            destination: METRO,
            serviceId: "",
            pickupStoreId: "siam",
          });
          names.set(promise.id, name);
          const p = promise.payload as {
            deliveryLatest: string;
            shipments: { warehouseId: string }[];
          };
          made.push(
            `${name} ${p.deliveryLatest} ${p.shipments.map((s) => s.warehouseId).join("+")}`,
          );
          now += 30 * 60_000;
        }
        // As worked out above: all ready Wednesday, the lamps' only shipment from the DC.
        expect(made).toEqual([
          "lamp-1 2026-11-25 bkk",
          "tee-1 2026-11-25 siam",
          "lamp-2 2026-11-25 bkk",
          "tee-2 2026-11-25 siam",
        ]);
        // Every pick-up holds Siam's Wednesday: four holders (the lamps by their store row).
        const holders = await o.events.shipDayHolders("siam", WEDNESDAY);
        expect(holders.map((h) => names.get(h.promiseId.split("|")[0]!)).sort()).toEqual([
          "lamp-1",
          "lamp-2",
          "tee-1",
          "tee-2",
        ]);
        return o;
      };

      /** Cuts Wednesday to 2, then gives the 4 back; checks who moved, on the same `o`. */
      const cutAndRestore = async (o: Opened) => {
        expect((await o.monitor.sweep()).byStatus).toEqual({ ON_TRACK: 4 });
        await setWednesday(o, 2);
        const cut = await o.monitor.check();
        // Only the two ranked beyond the cut are re-checked.
        expect([cut.full, cut.promises, cut.changed]).toEqual([false, 2, 2]);
        expect(await riskEvents(o)).toEqual([
          "lamp-2 AT_RISK CAPACITY_CUT 2026-11-27..2026-11-27",
          "tee-2 AT_RISK CAPACITY_CUT 2026-11-27..2026-11-27",
        ]);
        await setWednesday(o, 4);
        await o.monitor.check();
        expect(await riskEvents(o)).toEqual([
          "lamp-2 AT_RISK CAPACITY_CUT 2026-11-27..2026-11-27",
          "lamp-2 BACK_ON_TRACK  2026-11-25..2026-11-25",
          "tee-2 AT_RISK CAPACITY_CUT 2026-11-27..2026-11-27",
          "tee-2 BACK_ON_TRACK  2026-11-25..2026-11-25",
        ]);
        // lamp-1 and tee-1 kept the day: never assessed anything but ON_TRACK.
        for (const [id, name] of names) {
          if (name.endsWith("-1")) {
            expect((await o.events.riskOf(id))?.status).toBe("ON_TRACK");
          }
        }
      };

      it("moves the two newest of four pick-ups, a transfer-only one and one from the store's stock, to Friday (Thursday has no room) when Siam's Wednesday is cut from 4 to 2, and brings them back when it returns", async () => {
        await cutAndRestore(await confirmFour());
      });

      it("gives the same two the same Friday when the pass runs on the worker thread (the room per day handed to it)", async () => {
        const o = await confirmFour();
        await setWednesday(o, 2);
        const worker = new RiskPassWorker(
          engine === "sqlite"
            ? { sqlitePath: location }
            : { databaseUrl: pgTests.url, pgSchema: location },
        );
        const onWorker = new RiskMonitor({
          store: o.store,
          events: o.events,
          live: o.live,
          clock,
          shipGraceMinutes: 60,
          intervalMs: 0,
          worker,
          workerMin: 0,
        });
        try {
          expect((await onWorker.sweep()).byStatus).toEqual({ AT_RISK: 2, ON_TRACK: 2 });
          expect(worker.starts).toBe(1);
          expect(await riskEvents(o)).toEqual([
            "lamp-2 AT_RISK CAPACITY_CUT 2026-11-27..2026-11-27",
            "tee-2 AT_RISK CAPACITY_CUT 2026-11-27..2026-11-27",
          ]);
        } finally {
          await onWorker.stop();
          await worker.close();
        }
      });

      it("ranks a transfer-only pick-up stored before migration 0022 once the migration gives it its row at the store", async () => {
        await confirmFour();
        const lamps = [...names].filter(([, n]) => n.startsWith("lamp")).map(([id]) => id);
        await close();
        // The database as the code before 0022 left it: the lamps without a row at Siam, and
        // 0022 not applied (it only adds those rows).
        const before = `delete from promise_leg where warehouse_id = 'siam'
          and promise_id in ('${lamps.join("', '")}')`;
        const unapplied = "delete from kysely_migration where name = '0022_pickup_store_legs'";
        const siamRows = "select count(*) as n from promise_leg where warehouse_id = 'siam'";
        if (engine === "sqlite") {
          const db = new Database(location);
          db.exec(before);
          db.exec(unapplied);
          expect(db.prepare(siamRows).get()).toEqual({ n: 2 });
          db.close();
        } else {
          const client = new pg.Client({
            connectionString: pgTests.url,
            options: `-c search_path=${location}`,
          });
          await client.connect();
          await client.query(before);
          await client.query(unapplied);
          expect(Number((await client.query(siamRows)).rows[0].n)).toBe(2);
          await client.end();
        }
        // Opening the store applies 0022: each lamp's row at Siam, Wednesday, from its payload.
        const after = await open();
        const rows = (await after.events.riskCandidates(lamps))
          .map((c) =>
            c.legs
              .map(
                (l) =>
                  `${names.get(c.id)} ${l.warehouseId} ${l.serviceId} ${l.shipDay - WEDNESDAY} ${l.earliestDay - WEDNESDAY} ${l.latestDay - WEDNESDAY}`,
              )
              .sort(),
          )
          .sort();
        // bkk: leaves Tuesday (-1), ready Wednesday (0); siam: the ready day, Wednesday.
        expect(rows).toEqual([
          ["lamp-1 bkk pickup -1 0 0", "lamp-1 siam pickup 0 0 0"],
          ["lamp-2 bkk pickup -1 0 0", "lamp-2 siam pickup 0 0 0"],
        ]);
        await cutAndRestore(after);
      });
    },
  );
}
