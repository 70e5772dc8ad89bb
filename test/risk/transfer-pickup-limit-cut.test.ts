import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { Checkout } from "../../src/checkout/checkout.js";
import type { PromiseEvent } from "../../src/events/promise-event-store.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { RiskMonitor } from "../../src/risk/risk-monitor.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { STORES_YAML } from "../engine/store-fixture.js";
import { type Engines, openEngines, pgTests } from "../events/support.js";

// Wednesday 2026-11-25 10:00 in Bangkok (03:00Z). Siam's transfers from Bangkok DC are collected
// by Flash Standard (cut-off 12:00, 1 day), so each takes one of Flash's pickups at the DC on the
// day it leaves, as a Flash shipment from the DC does. Confirmed a minute apart:
// - pick-1 10:00: a lamp to collect at Siam; its transfer leaves Wednesday, ready Thursday 26;
// - ship-1 10:01: a lamp shipped by Flash from the DC (cut-off 14:00): ships Wednesday, delivered
//   Thursday 26;
// - pick-2 10:02: as pick-1.
// Three of Flash's pickups at the DC used on Wednesday (no limit then, so none was claimed: the
// shipments leaving that day are what a new limit is held against). A reload limits them to 1:
// 2 too many, so the two newest move, whichever their kind. ship-1 goes to Thursday's pickup
// (no limit then), delivered Friday 27; pick-2's transfer leaves on the first later day with a
// Flash pickup left, Thursday, arrives Friday and is ready Friday 27; pick-1, the oldest, keeps
// Wednesday's pickup.
const NOW = Date.parse("2026-11-25T03:00:00Z");
const METRO = { countryCode: "TH", postalCode: "10110", province: "" };
const SIAM_AREA = { countryCode: "TH", postalCode: "10330", province: "" };
const NETWORK = `${FIXTURE_YAML}${STORES_YAML.replace(
  'transfers: [{ from: bkk, cutoff: "12:00", transit_days: 1 }]',
  'transfers: [{ from: bkk, cutoff: "12:00", transit_days: 1, service: flash-std }]',
)}`;
const FLASH_LIMIT_WEDNESDAY =
  "\npeaks:\n  - { name: Storm, from: 2026-11-25, to: 2026-11-25, services: [flash-std], pickup_limit: 1 }\n";

/** PostgreSQL unreachable and not required (CI and REQUIRE_POSTGRES=1 fail instead). */
const noPg = !pgTests.run && pgTests.failure === undefined;

for (const engine of ["sqlite", "postgres"] as const) {
  describe.skipIf(engine === "postgres" && noPg)(
    `a carrier's pickup limit cut over transfers it collects, on ${engine}`,
    () => {
      let db: Engines;
      let live: LiveView;
      let sync: StoreSync;
      let monitor: RiskMonitor;
      let now = NOW;
      const clock = () => now;
      /** Promise id -> pick-1, ship-1, pick-2. */
      const names = new Map<string, string>();

      beforeEach(async () => {
        now = NOW;
        names.clear();
        db = await openEngines(engine);
        const file = networkFileSchema.parse(parse(NETWORK));
        live = new LiveView({ file, clock, seedStock: false });
        sync = new StoreSync({ store: db.store, live, clock });
        await sync.start(file);
        await db.store.upsertStock([
          { sku: "LAMP", warehouseId: "bkk", onHand: 10, safetyStock: 0, inbound: [], version: 1 },
        ]);
        const bkk = live.network.warehouseById.get("bkk")!.index;
        await vi.waitFor(() =>
          expect(live.stock.onHand(live.stock.skuIndex("LAMP"), bkk)).toBe(10),
        );
        const checkout = new Checkout({ live, store: db.store, clock });
        for (const name of ["pick-1", "ship-1", "pick-2"]) {
          const pickUp = name.startsWith("pick");
          const { promise } = await checkout.confirm({
            idempotencyKey: name,
            lines: [{ sku: "LAMP", quantity: 1 }],
            destination: pickUp ? SIAM_AREA : METRO,
            serviceId: pickUp ? "" : "flash-std",
            ...(pickUp ? { pickupStoreId: "siam" } : {}),
          });
          names.set(promise.id, name);
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

      const brief = (events: readonly PromiseEvent[]) =>
        events
          .filter((e) => e.kind !== "CONFIRMED")
          .map(
            (e) =>
              `${names.get(e.promiseId)} ${e.kind} ${e.risk?.reasons.join("+") ?? ""} ${e.risk?.expectedEarliest ?? ""}..${e.risk?.expectedLatest ?? ""}`,
          )
          .sort();

      it("counts the transfers among the Flash pickups leaving the DC, and moves the two newest, a shipment and a pick-up, when a reload limits Wednesday to 1", async () => {
        await monitor.sweep();
        expect(brief(await db.events.readEvents(0, 100))).toEqual([]);

        live.reload(networkFileSchema.parse(parse(NETWORK + FLASH_LIMIT_WEDNESDAY)));
        await monitor.check();
        expect(brief(await db.events.readEvents(0, 100))).toEqual([
          "pick-2 AT_RISK PICKUP_LIMIT_CUT 2026-11-27..2026-11-27",
          "ship-1 AT_RISK PICKUP_LIMIT_CUT 2026-11-27..2026-11-27",
        ]);
        const atRisk = await db.events.listPromises({ riskStatuses: ["AT_RISK"] }, undefined, 10);
        expect(atRisk.map((p) => names.get(p.id))).toEqual(["pick-2", "ship-1"]);
      });
    },
  );
}
