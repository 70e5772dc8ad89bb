import { readdirSync, readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { Checkout } from "../../src/checkout/checkout.js";
import { type Day, isoDay } from "../../src/engine/day.js";
import type { PromiseEvent } from "../../src/events/promise-event-store.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { ShipmentTracking } from "../../src/outcomes/shipment-tracking.js";
import { RiskMonitor } from "../../src/risk/risk-monitor.js";
import { RiskPassWorker } from "../../src/risk/risk-pass-in-worker.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { type Engines, openEngines, pgTests } from "../events/support.js";

// Wednesday 2026-11-25 10:00 in Bangkok (03:00Z), before bkk's 14:00 cut-off (07:00Z). Flash
// Standard from bkk to 10110: ship Wed 11-25, delivered Thu 11-26. p1 is confirmed a minute
// before p2; each takes 2 of the 5 TEE on hand.
const NOW = Date.parse("2026-11-25T03:00:00Z");
const METRO = { countryCode: "TH", postalCode: "10110", province: "" };
const STOCK = "\nstock:\n  - { sku: TEE, warehouse: bkk, on_hand: 5 }\n";
const LONGER_LANE = FIXTURE_YAML.replace(
  "lanes: [{ from: bkk, to: [th-metro, th-up], transit_days: { min: 1, max: 1 } }]\n    price: { currency: THB, amount: 30",
  "lanes: [{ from: bkk, to: [th-metro, th-up], transit_days: { min: 1, max: 2 } }]\n    price: { currency: THB, amount: 30",
);

const STORM_PICKUP_LIMIT =
  "peaks:\n  - { name: Storm, from: 2026-11-25, to: 2026-11-25, services: [flash-std], pickup_limit: 1 }\n";

const brief = (events: readonly PromiseEvent[]) =>
  events.map(
    (e) =>
      `${e.promiseId} ${e.kind} ${e.risk?.reasons.join("+") ?? ""} ${e.risk?.expectedEarliest ?? ""}..${e.risk?.expectedLatest ?? ""}`,
  );

/** PostgreSQL unreachable and not required (CI and REQUIRE_POSTGRES=1 fail instead). */
const noPg = !pgTests.run && pgTests.failure === undefined;

for (const engine of ["sqlite", "postgres"] as const) {
  describe.skipIf(engine === "postgres" && noPg)(`risk triggers on ${engine}`, () => {
    let db: Engines;
    let live: LiveView;
    let sync: StoreSync;
    let monitor: RiskMonitor;
    let now = NOW;
    const clock = () => now;
    let version = 10;

    beforeEach(async () => {
      now = NOW;
      db = await openEngines(engine);
      const file = networkFileSchema.parse(parse(FIXTURE_YAML + STOCK));
      live = new LiveView({ file, clock, seedStock: false });
      sync = new StoreSync({ store: db.store, live, clock });
      await sync.start(file);
      await db.store.upsertStock([
        { sku: "TEE", warehouseId: "bkk", onHand: 5, safetyStock: 0, inbound: [], version: 1 },
      ]);
      await vi.waitFor(() => expect(onHand()).toBe(5));
      const checkout = new Checkout({ live, store: db.store, clock });
      for (const id of ["p1", "p2"]) {
        await checkout.confirm({
          idempotencyKey: id,
          lines: [{ sku: "TEE", quantity: 2 }],
          destination: METRO,
          serviceId: "flash-std",
        });
        now += 60_000;
      }
      monitor = new RiskMonitor({
        store: db.store,
        events: db.events,
        live,
        clock,
        shipGraceMinutes: 60,
        intervalMs: 0,
      });
    });

    afterEach(async () => {
      await monitor.stop();
      sync.stop();
      await db.close();
    });

    const onHand = () =>
      live.stock.onHand(live.stock.skuIndex("TEE"), live.network.warehouseById.get("bkk")!.index);
    const riskEvents = async () =>
      (await db.events.readEvents(0, 100)).filter((e) => e.kind !== "CONFIRMED");
    const setStock = async (
      onHandNow: number,
      inbound: { quantity: number; etaDay: Day }[] = [],
    ) => {
      version++;
      await db.store.upsertStock([
        { sku: "TEE", warehouseId: "bkk", onHand: onHandNow, safetyStock: 0, inbound, version },
      ]);
      await vi.waitFor(() => expect(onHand()).toBe(onHandNow));
    };

    it("keeps both on track when nothing changed, with no event", async () => {
      const result = await monitor.sweep();
      expect(result.byStatus).toEqual({ ON_TRACK: 2 });
      expect(await riskEvents()).toEqual([]);
    });

    it("cuts the newest promise on a stock cut, waits for the inbound lot, and brings it back", async () => {
      const ids = (await db.events.listPromises({}, undefined, 10)).map((p) => p.id); // newest first
      const [p2, p1] = ids as [string, string];
      await setStock(2);
      const cut = await monitor.sweep();
      expect(cut.stockCuts).toEqual([{ sku: "TEE", warehouseId: "bkk", kept: 1, short: 1 }]);
      // Lot of 5 due Fri 11-27 + 1 receiving day: release Sat 11-28, Flash picks up Mon 11-30,
      // delivers Tue 12-01.
      await setStock(2, [{ quantity: 5, etaDay: isoDay("2026-11-27") }]);
      await monitor.sweep();
      await setStock(5);
      await monitor.sweep();
      // The second sweep gives p2 a window but no new event (still AT_RISK): its risk is stored.
      expect(brief(await riskEvents())).toEqual([
        `${p2} AT_RISK STOCK_SHORT ..`,
        `${p2} BACK_ON_TRACK  2026-11-26..2026-11-26`,
      ]);
      expect(p1).not.toBe(p2);
      const list = await db.events.listPromises({ riskStatuses: ["AT_RISK"] }, undefined, 10);
      expect(list).toEqual([]);
    });

    it("moves the newest promise beyond a cut capacity to Thursday's pickup, delivered Friday", async () => {
      const [p2] = (await db.events.listPromises({}, undefined, 10)).map((p) => p.id) as [string];
      await db.store.setCapacity("bkk", { overrides: [{ day: isoDay("2026-11-25"), value: 1 }] });
      await vi.waitFor(() =>
        expect(
          live.capacity.capacity(
            live.network.warehouseById.get("bkk")!.index,
            isoDay("2026-11-25"),
          ),
        ).toBe(1),
      );
      await monitor.sweep();
      expect(brief(await riskEvents())).toEqual([
        `${p2} AT_RISK CAPACITY_CUT 2026-11-27..2026-11-27`,
      ]);
    });

    it("finds a capacity cut at a check after the sweep, among the days with orders booked, and brings the promise back once the capacity returns", async () => {
      const [p2] = (await db.events.listPromises({}, undefined, 10)).map((p) => p.id) as [string];
      const wednesday = isoDay("2026-11-25");
      const setWednesday = async (value: number) => {
        await db.store.setCapacity("bkk", { overrides: [{ day: wednesday, value }] });
        await vi.waitFor(() =>
          expect(
            live.capacity.capacity(live.network.warehouseById.get("bkk")!.index, wednesday),
          ).toBe(value),
        );
      };
      await monitor.sweep();
      await setWednesday(1);
      const cut = await monitor.check();
      expect([cut.full, cut.promises, cut.changed]).toEqual([false, 1, 1]);
      await setWednesday(5);
      const back = await monitor.check();
      expect([back.full, back.promises, back.changed]).toEqual([false, 1, 1]);
      expect(brief(await riskEvents())).toEqual([
        `${p2} AT_RISK CAPACITY_CUT 2026-11-27..2026-11-27`,
        `${p2} BACK_ON_TRACK  2026-11-26..2026-11-26`,
      ]);
    });

    it("flags both once the cut-off plus the grace passes unshipped: now ship Thursday, deliver Friday", async () => {
      now = Date.parse("2026-11-25T07:59:00Z");
      expect((await monitor.sweep()).byStatus).toEqual({ ON_TRACK: 2 });
      now = Date.parse("2026-11-25T08:01:00Z");
      expect((await monitor.sweep()).byStatus).toEqual({ AT_RISK: 2 });
      expect(brief(await riskEvents()).map((e) => e.slice(e.indexOf(" ") + 1))).toEqual([
        "AT_RISK NOT_SHIPPED_ON_TIME 2026-11-27..2026-11-27",
        "AT_RISK NOT_SHIPPED_ON_TIME 2026-11-27..2026-11-27",
      ]);
    });

    it("names a network reload that lengthens the lane (max 1 -> 2 days)", async () => {
      live.reload(networkFileSchema.parse(parse(LONGER_LANE + STOCK)));
      await monitor.sweep();
      expect(brief(await riskEvents()).map((e) => e.slice(e.indexOf(" ") + 1))).toEqual([
        "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-27",
        "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-27",
      ]);
    });

    it("writes the same risks when a reload's pass runs on the worker thread, at the nice it was given", async () => {
      await monitor.sweep();
      const worker = new RiskPassWorker(
        engine === "sqlite"
          ? { sqlitePath: db.location, nice: 7 }
          : { databaseUrl: pgTests.url, pgSchema: db.location, nice: 7 },
      );
      const onWorker = new RiskMonitor({
        store: db.store,
        events: db.events,
        live,
        clock,
        shipGraceMinutes: 60,
        intervalMs: 0,
        worker,
        workerMin: 0,
      });
      try {
        await onWorker.sweep();
        live.reload(networkFileSchema.parse(parse(LONGER_LANE + STOCK)));
        const result = await onWorker.check();
        expect([result.full, result.promises, result.changed]).toEqual([false, 2, 2]);
        expect(brief(await riskEvents()).map((e) => e.slice(e.indexOf(" ") + 1))).toEqual([
          "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-27",
          "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-27",
        ]);
        // PROMISE_RISK_PASS_NICE: the pass thread (and on SQLite its writer) at nice 7, still
        // alive (30 s idle); no other thread of this process runs at 7.
        expect(threadsAtNice(7)).toBe(engine === "sqlite" ? 2 : 1);
      } finally {
        await onWorker.stop();
        await worker.close();
      }
    });

    it("starts the pass thread only for a bulk pass over enough promises, and ends it once idle", async () => {
      const worker = new RiskPassWorker(
        engine === "sqlite"
          ? { sqlitePath: db.location }
          : { databaseUrl: pgTests.url, pgSchema: db.location },
        { idleMs: 50 },
      );
      const onWorker = new RiskMonitor({
        store: db.store,
        events: db.events,
        live,
        clock,
        shipGraceMinutes: 60,
        intervalMs: 0,
        worker,
        workerMin: 3,
      });
      try {
        // Two stored shipments, fewer than workerMin: the sweep runs here and starts no thread.
        expect((await onWorker.sweep()).byStatus).toEqual({ ON_TRACK: 2 });
        expect([worker.starts, worker.running]).toEqual([0, false]);
        await new Checkout({ live, store: db.store, clock }).confirm({
          idempotencyKey: "p3",
          lines: [{ sku: "TEE", quantity: 1 }],
          destination: METRO,
          serviceId: "flash-std",
        });
        // Three: the sweep runs on a thread started for it, which ends 50 ms after.
        expect((await onWorker.sweep()).byStatus).toEqual({ ON_TRACK: 3 });
        expect(worker.starts).toBe(1);
        await vi.waitFor(() => expect(worker.running).toBe(false));
        // A reload's pass starts a new thread, which is sent the network again.
        live.reload(networkFileSchema.parse(parse(LONGER_LANE + STOCK)));
        const result = await onWorker.check();
        expect([result.full, result.promises, result.changed]).toEqual([false, 3, 3]);
        expect(worker.starts).toBe(2);
        await vi.waitFor(() => expect(worker.running).toBe(false));
        // A sweep on the same network: the new thread holds none, so it is sent again.
        expect((await onWorker.sweep()).byStatus).toEqual({ AT_RISK: 3 });
        expect(worker.starts).toBe(3);
        await vi.waitFor(() => expect(worker.running).toBe(false));
      } finally {
        await onWorker.stop();
        await worker.close();
      }
    });

    it.skipIf(engine !== "sqlite")(
      "runs a bulk pass on the event loop when the pass thread cannot open the database",
      async () => {
        const worker = new RiskPassWorker({ sqlitePath: "/no-such-directory/promise.db" });
        const onWorker = new RiskMonitor({
          store: db.store,
          events: db.events,
          live,
          clock,
          shipGraceMinutes: 60,
          intervalMs: 0,
          worker,
          workerMin: 0,
        });
        try {
          await setStock(2);
          const result = await onWorker.sweep();
          expect([result.promises, result.byStatus]).toEqual([2, { AT_RISK: 1, ON_TRACK: 1 }]);
          expect([worker.starts, worker.running]).toEqual([1, false]);
        } finally {
          await onWorker.stop();
          await worker.close();
        }
      },
    );

    it("moves the newest promise beyond a pickup limit a reload sets (1 on Wednesday) to Thursday's pickup, delivered Friday", async () => {
      const [p2] = (await db.events.listPromises({}, undefined, 10)).map((p) => p.id) as [string];
      await monitor.sweep();
      live.reload(networkFileSchema.parse(parse(FIXTURE_YAML + STOCK + STORM_PICKUP_LIMIT)));
      const result = await monitor.check();
      expect(result.full).toBe(false);
      expect(brief(await riskEvents())).toEqual([
        `${p2} AT_RISK PICKUP_LIMIT_CUT 2026-11-27..2026-11-27`,
      ]);
    });

    it("re-checks only the promise a stock cut makes short, nothing after a confirm or when nothing changed", async () => {
      await monitor.sweep();
      const checkout = new Checkout({ live, store: db.store, clock });
      await checkout.confirm({
        idempotencyKey: "p3",
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: METRO,
        serviceId: "flash-std",
      });
      const summary = (r: { full: boolean; promises: number; changed: number }) => ({
        full: r.full,
        promises: r.promises,
        changed: r.changed,
      });
      expect(summary(await monitor.check())).toEqual({ full: false, promises: 0, changed: 0 });
      // 5 reserved (p1 2, p2 2, p3 1) of 4: p3, the newest, is short; p1 and p2 keep theirs.
      await setStock(4);
      const cut = await monitor.check();
      expect(summary(cut)).toEqual({ full: false, promises: 1, changed: 1 });
      expect(cut.stockCuts).toEqual([{ sku: "TEE", warehouseId: "bkk", kept: 2, short: 1 }]);
      expect(summary(await monitor.check())).toEqual({ full: false, promises: 0, changed: 0 });
    });

    it("keeps a stock cut while another SKU changes, and brings the short promise back once the stock returns", async () => {
      const [p2] = (await db.events.listPromises({}, undefined, 10)).map((p) => p.id) as [string];
      await monitor.sweep();
      await setStock(2);
      const cut = await monitor.check();
      expect([cut.full, cut.promises, cut.changed]).toEqual([false, 1, 1]);
      // A stock change of a SKU nobody holds: TEE's cell is not looked at again.
      await db.store.upsertStock([
        { sku: "CAP", warehouseId: "bkk", onHand: 3, safetyStock: 0, inbound: [], version: 1 },
      ]);
      await vi.waitFor(() => expect(live.stock.skuIndex("CAP")).toBeGreaterThanOrEqual(0));
      const other = await monitor.check();
      expect([other.promises, other.changed, other.stockCuts]).toEqual([0, 0, []]);
      await setStock(5);
      const back = await monitor.check();
      expect([back.full, back.promises, back.changed]).toEqual([false, 1, 1]);
      expect(brief(await riskEvents())).toEqual([
        `${p2} AT_RISK STOCK_SHORT ..`,
        `${p2} BACK_ON_TRACK  2026-11-26..2026-11-26`,
      ]);
    });

    it("re-checks the promises of a ship day once its cut-off plus the grace passes", async () => {
      now = Date.parse("2026-11-25T07:59:00Z");
      await monitor.sweep();
      now = Date.parse("2026-11-25T08:01:00Z");
      const passed = await monitor.check();
      expect([passed.full, passed.promises, passed.byStatus]).toEqual([false, 2, { AT_RISK: 2 }]);
      now = Date.parse("2026-11-25T08:02:00Z");
      expect((await monitor.check()).promises).toBe(0);
    });

    const track = async (promiseId: string, kind: string, at: string) => {
      const tracking = new ShipmentTracking({ store: db.store, live, clock });
      const r = await tracking.record([
        {
          eventId: `${promiseId}-${kind}-${at}`,
          promiseId,
          warehouseId: "bkk",
          kind,
          occurredAtMs: Date.parse(at),
        },
      ]);
      expect(r.errors).toEqual([]);
    };
    const ids = async () =>
      (await db.events.listPromises({}, undefined, 10)).map((p) => p.id).reverse() as [
        string,
        string,
      ];

    it("says shipped late when it left Thursday (due Wednesday): delivered Friday; the unshipped one is not shipped on time", async () => {
      const [p1, p2] = await ids();
      now = Date.parse("2026-11-26T05:00:00Z");
      await track(p1, "SHIPPED", "2026-11-26T04:00:00Z");
      await monitor.sweep();
      const events = brief(await riskEvents());
      expect(events.filter((e) => e.startsWith(p1))).toEqual([
        `${p1} SHIPPED  ..`,
        `${p1} AT_RISK SHIPPED_LATE 2026-11-27..2026-11-27`,
      ]);
      // p2, not shipped by Wednesday 14:00 + 60 minutes: ships Thursday (before its cut-off), Friday.
      expect(events.filter((e) => e.startsWith(p2))).toEqual([
        `${p2} AT_RISK NOT_SHIPPED_ON_TIME 2026-11-27..2026-11-27`,
      ]);
    });

    it("says carrier delay after a failed delivery Thursday: the next attempt is Friday", async () => {
      const [p1] = await ids();
      now = Date.parse("2026-11-26T07:00:00Z");
      await track(p1, "SHIPPED", "2026-11-25T05:00:00Z");
      await track(p1, "DELIVERY_FAILED", "2026-11-26T06:00:00Z");
      await monitor.sweep();
      expect(brief(await riskEvents()).filter((e) => e.startsWith(p1))).toEqual([
        `${p1} SHIPPED  ..`,
        `${p1} AT_RISK CARRIER_DELAY 2026-11-27..2026-11-27`,
      ]);
    });

    it("ends a promise delivered Thursday KEPT, after its DELIVERED event", async () => {
      const [p1] = await ids();
      now = Date.parse("2026-11-26T07:00:00Z");
      await track(p1, "SHIPPED", "2026-11-25T05:00:00Z");
      await track(p1, "DELIVERED", "2026-11-26T06:00:00Z");
      await monitor.sweep();
      expect(brief(await riskEvents()).filter((e) => e.startsWith(p1))).toEqual([
        `${p1} SHIPPED  ..`,
        `${p1} DELIVERED  ..`,
        `${p1} KEPT  2026-11-26..2026-11-26`,
      ]);
    });

    it("sweeps by itself on a change, off the request path", async () => {
      monitor.start();
      await vi.waitFor(() => expect(monitor.lastSweep?.promises).toBe(2));
      await setStock(2);
      await vi.waitFor(
        async () => expect((await riskEvents()).map((e) => e.kind)).toEqual(["AT_RISK"]),
        {
          timeout: 2_000,
        },
      );
    });
  });
}

/** This process's threads running at `nice` (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadsAtNice(nice: number): number {
  let n = 0;
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]) === nice) n += 1;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return n;
}
