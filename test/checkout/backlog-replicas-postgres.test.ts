import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import type { WarehouseThroughput__Output } from "../../src/grpc/generated/promise/v1/WarehouseThroughput.js";
import { openStore } from "../../src/store/open-store.js";
import type { ConfirmDecision, Store } from "../../src/store/store.js";
import { fieldOf, unary, unaryError } from "../grpc/grpc-test-helpers.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";
import { type Clients, confirm } from "../support/service-clients.js";
import { ServiceReplicas } from "../support/service-replicas.js";

const pgTests = await postgresForTests("backlog-replicas-postgres");

// The sample network's bkk-1: Asia/Bangkok, Mon-Sat, cut-off 14:00; Kerry Express next day.
// Both processes run at Thursday 2026-11-26 09:00 local: Wednesday's promises not shipped by
// Wednesday 16:00 (cut-off plus 2 h of grace) are backlog.
const NOW = "2026-11-26T02:00:00Z";
const WED = isoDay("2026-11-25");
const THU = isoDay("2026-11-26");
const WED_AFTERNOON = Date.parse("2026-11-25T08:00:00Z");
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };

/** Wednesday's promise `i` as a store confirm (1 unit of BL, one order of Wednesday). */
function wednesdayPromise(store: Store, i: number) {
  return store.confirm(
    { idempotencyKey: `wed-${i}`, requestHash: "h", skus: ["BL"], fromDay: WED, toDay: WED },
    (): ConfirmDecision => ({
      ok: true,
      promise: { id: `wed-${i}`, payload: { i }, createdAtMs: WED_AFTERNOON - 3_600_000 },
      stock: [{ sku: "BL", warehouseId: "bkk-1", quantity: 1 }],
      capacity: [{ warehouseId: "bkk-1", day: WED, limit: -1 }],
    }),
  );
}

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "two service processes on one PostgreSQL see the same backlog",
  () => {
    let schema: TestSchema;
    let store: Store;
    let replicas: ServiceReplicas | undefined;
    let clients: Clients[] = [];

    beforeAll(async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      schema = await createTestSchema(pgTests.url);
      store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
      await store.upsertStock([
        { sku: "BL", warehouseId: "bkk-1", onHand: 1000, safetyStock: 0, inbound: [], version: 1 },
      ]);
      // Wednesday: 150 promised (while bkk-1 had no limit), 80 shipped; then capacity 100 a day
      // and 28 orders booked elsewhere for Thursday.
      for (let i = 0; i < 150; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, k) => wednesdayPromise(store, i + k)));
      }
      for (let i = 0; i < 80; i++) await store.fulfilPromise(`wed-${i}`, WED_AFTERNOON, () => WED);
      await store.setCapacity("bkk-1", { daily: 100 });
      await store.setBookedLoad("bkk-1", [{ day: THU, orders: 28 }]);
      replicas = new ServiceReplicas({ url: pgTests.url, schema: schema.name });
      clients = replicas.clients;
      await replicas.startMany(2, NOW);
    }, 120_000);

    afterAll(async () => {
      await replicas?.stopAll();
      await store?.close();
      await schema?.drop();
    });

    async function throughput(c: Clients): Promise<WarehouseThroughput__Output> {
      const reply = await unary(c.admin.GetWarehouseThroughput.bind(c.admin), {
        warehouseId: "bkk-1",
        days: 2,
      });
      return reply.warehouses[0]!;
    }

    /** Kerry's [ship date, reasons] in an Estimate of BL by process `c`. */
    async function kerry(c: Clients): Promise<[string, string[]]> {
      const reply = await unary(c.promise.Estimate.bind(c.promise), {
        sku: "BL",
        quantity: 1,
        destination: UPCOUNTRY,
      });
      const option = reply.options.find((o) => o.serviceId === "kerry-express")!;
      return [
        option.shipDate,
        option.reasons.filter((r) => r.code === "WAREHOUSE_BACKLOG").map((r) => r.detail),
      ];
    }

    it("shows 70 behind and 2 left on Thursday in both processes", async () => {
      for (const c of clients) {
        const t = await throughput(c);
        expect([t.tracked, t.backlogOrders, t.throughputFactor, t.firstOpenDate]).toEqual([
          true,
          70,
          1,
          "2026-11-26",
        ]);
        expect(
          t.days.map((d) => [d.date, d.capacity, d.booked, d.backlogAhead, d.remaining]),
        ).toEqual([
          ["2026-11-26", 100, 28, 70, 2],
          ["2026-11-27", 100, 0, 0, 100],
        ]);
        expect(t.history.at(-1)).toMatchObject({ date: "2026-11-25", shipped: 80, shippedOn: 80 });
        expect(await kerry(c)).toEqual(["2026-11-26", []]);
      }
    }, 30_000);

    it("moves the other process's estimate to Friday once one process took Thursday's last 2", async () => {
      for (let i = 0; i < 2; i++) {
        const outcome = await confirm(clients[0]!.promise, {
          idempotencyKey: `thu-${i}`,
          lines: [{ sku: "BL", quantity: 1 }],
          destination: UPCOUNTRY,
          serviceId: "kerry-express",
        });
        expect(outcome.ok && outcome.promise.shipments[0]!.shipDate).toBe("2026-11-26");
      }
      await expect
        .poll(() => kerry(clients[1]!), { timeout: 5_000 })
        .toEqual(["2026-11-27", ["70 orders still to ship"]]);
      const refused = await confirm(clients[1]!.promise, {
        idempotencyKey: "thu-2",
        lines: [{ sku: "BL", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "kerry-express",
      });
      expect(refused.ok && refused.promise.shipments[0]!.shipDate).toBe("2026-11-27");
    }, 30_000);

    it("names the field of a bad GetWarehouseThroughput request", async () => {
      const admin = clients[0]!.admin;
      const bad = await unaryError(admin.GetWarehouseThroughput.bind(admin), {
        warehouseId: "bkk-1",
        days: 63,
      });
      expect([bad.code, fieldOf(bad)]).toEqual([grpc.status.INVALID_ARGUMENT, "days"]);
      const unknown = await unaryError(admin.GetWarehouseThroughput.bind(admin), {
        warehouseId: "nowhere",
      });
      expect([unknown.code, fieldOf(unknown)]).toEqual([
        grpc.status.INVALID_ARGUMENT,
        "warehouse_id",
      ]);
      const all = await unary(admin.GetWarehouseThroughput.bind(admin), {});
      expect(all.warehouses.map((w) => [w.warehouseId, w.days.length])).toEqual([
        ["bkk-1", 7],
        ["hcm-1", 7],
        ["ams-1", 7],
      ]);
    }, 30_000);

    it("sees shipments written elsewhere within the view's freshness", async () => {
      // 40 more of Wednesday's ship on Thursday: 30 behind, 40 of Thursday's throughput used.
      for (let i = 80; i < 120; i++) {
        await store.fulfilPromise(`wed-${i}`, Date.parse(NOW), () => THU);
      }
      for (const c of clients) {
        await expect
          .poll(
            async () => {
              const t = await throughput(c);
              return [t.backlogOrders, t.backlogShippedToday, t.days[0]!.remaining];
            },
            { timeout: 5_000 },
          )
          .toEqual([30, 40, 0]);
      }
    }, 30_000);
  },
);
