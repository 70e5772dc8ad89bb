import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { openStore } from "../../src/store/open-store.js";
import { unary } from "../grpc/grpc-test-helpers.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";
import { untilEveryReplicaCaps } from "../support/replica-waits.js";
import { type Clients, confirm } from "../support/service-clients.js";
import { ServiceReplicas } from "../support/service-replicas.js";

const pgTests = await postgresForTests("pickup-replicas-postgres");

// Wednesday 2026-11-25 10:00 in Bangkok: the Siam Paragon branch (sample network) has just opened;
// an order now is ready at 11:00 (60 min preparation), 04:00Z.
const NOW = "2026-11-25T03:00:00Z";
const BANGKOK = { countryCode: "TH", postalCode: "10330" };

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "pick-up promises from two service processes on one PostgreSQL",
  () => {
    let schema: TestSchema;
    let replicas: ServiceReplicas | undefined;
    let clients: Clients[] = [];

    beforeAll(async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      schema = await createTestSchema(pgTests.url);
      replicas = new ServiceReplicas({ url: pgTests.url, schema: schema.name });
      clients = replicas.clients;
      await replicas.startMany(2, NOW);
    }, 60_000);

    afterAll(async () => {
      await replicas?.stopAll();
      await schema?.drop();
    });

    /** Until every replica offers the SKU for pick-up at the store (its stock reached them). */
    async function untilEveryReplicaOffers(all: readonly Clients[], sku: string, storeId: string) {
      for (const c of all) {
        await expect
          .poll(
            async () => {
              const reply = await unary(c.promise.Estimate.bind(c.promise), {
                sku,
                quantity: 1,
                destination: BANGKOK,
              }).catch(() => undefined);
              return reply?.pickupOptions.some((p) => p.storeId === storeId);
            },
            { timeout: 10_000, interval: 50 },
          )
          .toBe(true);
      }
    }

    function fire(sku: string, count: number) {
      return Promise.all(
        Array.from({ length: count }, (_, i) =>
          confirm(clients[i % 2]!.promise, {
            idempotencyKey: `${sku}-${i}`,
            lines: [{ sku, quantity: 1 }],
            destination: BANGKOK,
            pickupStoreId: "bkk-siam",
          }),
        ),
      );
    }

    it("Estimate offers pick-up at both Bangkok branches, ready today at 11:00 at Siam (in Thai)", async () => {
      const reply = await unary(clients[1]!.promise.Estimate.bind(clients[1]!.promise), {
        sku: "SKU-TSHIRT-001",
        quantity: 1,
        destination: BANGKOK,
        locale: "th-TH",
      });
      const pickups = reply.pickupOptions.map((p) => [p.storeId, p.readyLabel, p.readyDate]);
      // Ladprao (10:00 + 45 min = 10:45) is listed second: without coordinates, file order.
      expect(pickups).toEqual([
        ["bkk-siam", "พร้อมรับวันนี้ 11:00", "2026-11-25"],
        ["bkk-ladprao", "พร้อมรับวันนี้ 10:45", "2026-11-25"],
      ]);
      expect(Number(reply.pickupOptions[0]!.readyAt!.seconds)).toBe(
        Date.parse("2026-11-25T04:00:00Z") / 1000,
      );
    });

    it("reserves store stock of 100 units exactly 100 times out of 300 concurrent pick-ups", async () => {
      await unary(clients[0]!.admin.UpsertStock.bind(clients[0]!.admin), {
        rows: [{ sku: "PICK-100", warehouseId: "bkk-siam", onHand: 100, version: 1 }],
      });
      await expect
        .poll(
          async () => {
            const reply = await unary(clients[1]!.promise.Estimate.bind(clients[1]!.promise), {
              sku: "PICK-100",
              quantity: 1,
              destination: BANGKOK,
            }).catch(() => undefined);
            return reply?.pickupOptions.map((p) => p.storeId);
          },
          { timeout: 5_000 },
        )
        .toEqual(["bkk-siam"]);

      const outcomes = await fire("PICK-100", 300);
      const ok = outcomes.flatMap((o) => (o.ok ? [o.promise] : []));
      expect(ok).toHaveLength(100);
      expect(new Set(outcomes.flatMap((o) => (o.ok ? [] : [o.code])))).toEqual(
        new Set([grpc.status.FAILED_PRECONDITION]),
      );
      expect(new Set(ok.map((p) => `${p.pickup!.storeId} ${p.pickup!.readyDate}`))).toEqual(
        new Set(["bkk-siam 2026-11-25"]),
      );
      const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
      try {
        expect((await store.checkReservations()).stockMismatches).toEqual([]);
        const changes = await store.loadStock(0);
        const rows = [];
        for await (const batch of changes.batches) rows.push(...batch);
        const row = rows.find((r) => r.sku === "PICK-100" && r.warehouseId === "bkk-siam")!;
        expect(row.reserved).toBe(100);
      } finally {
        await store.close();
      }
    }, 120_000);

    it("takes exactly the 20 pick-ups left on a day whose pick-up capacity is 120 (100 taken above); the rest are ready the next day", async () => {
      const admin = clients[0]!.admin;
      await unary(admin.UpsertStock.bind(admin), {
        rows: [{ sku: "PICK-CAP", warehouseId: "bkk-siam", onHand: 1000, version: 1 }],
      });
      // 100 of the 300 above were already booked today at bkk-siam: the override counts them.
      await unary(admin.SetCapacity.bind(admin), {
        warehouseId: "bkk-siam",
        overrides: [{ date: "2026-11-25", value: 120 }],
      });
      await untilEveryReplicaCaps(clients, "bkk-siam", "2026-11-25", 120);
      await untilEveryReplicaOffers(clients, "PICK-CAP", "bkk-siam");
      const outcomes = await fire("PICK-CAP", 80);
      const days = outcomes.flatMap((o) => (o.ok ? [o.promise.pickup!.readyDate] : []));
      expect(days.filter((d) => d === "2026-11-25")).toHaveLength(20);
      expect(days.filter((d) => d !== "2026-11-25").every((d) => d === "2026-11-26")).toBe(true);
      const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
      try {
        const capacity = await store.loadCapacity(0);
        const load = capacity.loads.find(
          (l) => l.warehouseId === "bkk-siam" && l.day === isoDay("2026-11-25"),
        );
        expect(load?.promised).toBe(120);
        expect((await store.checkReservations()).loadMismatches).toEqual([]);
      } finally {
        await store.close();
      }
    }, 120_000);

    it("transfers to a store with no row of the item: 40 units at Bangkok DC, its capacity 25 today: 25 leave today (ready Thu), 15 tomorrow (ready Fri), 20 refused; both reserved exactly", async () => {
      const admin = clients[0]!.admin;
      await unary(admin.UpsertStock.bind(admin), {
        rows: [{ sku: "XFER-40", warehouseId: "bkk-1", onHand: 40, version: 1 }],
      });
      await unary(admin.SetCapacity.bind(admin), {
        warehouseId: "bkk-1",
        overrides: [{ date: "2026-11-25", value: 25 }],
      });
      await expect
        .poll(
          async () => {
            const reply = await unary(clients[1]!.promise.Estimate.bind(clients[1]!.promise), {
              sku: "XFER-40",
              quantity: 1,
              destination: BANGKOK,
            }).catch(() => undefined);
            return reply?.pickupOptions.map((p) => [p.storeId, p.readyDate, p.transfer]);
          },
          { timeout: 5_000 },
        )
        .toEqual([
          ["bkk-siam", "2026-11-26", true],
          ["bkk-ladprao", "2026-11-26", true],
        ]);

      const outcomes = await fire("XFER-40", 60);
      const ok = outcomes.flatMap((o) => (o.ok ? [o.promise] : []));
      expect(ok).toHaveLength(40);
      const days = ok.map((p) => p.pickup!.readyDate);
      expect(days.filter((d) => d === "2026-11-26")).toHaveLength(25);
      expect(days.filter((d) => d === "2026-11-27")).toHaveLength(15);
      const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
      try {
        const check = await store.checkReservations();
        expect([check.stockMismatches, check.loadMismatches]).toEqual([[], []]);
        const changes = await store.loadStock(0);
        const rows = [];
        for await (const batch of changes.batches) rows.push(...batch);
        expect(
          rows.filter((r) => r.sku === "XFER-40").map((r) => [r.warehouseId, r.reserved]),
        ).toEqual([["bkk-1", 40]]);
        const loads = (await store.loadCapacity(0)).loads;
        const load = (wh: string, day: string) =>
          loads.find((l) => l.warehouseId === wh && l.day === isoDay(day))?.promised;
        expect([load("bkk-1", "2026-11-25"), load("bkk-1", "2026-11-26")]).toEqual([25, 15]);
      } finally {
        await store.close();
      }
    }, 120_000);

    it("refuses an unknown store naming pickup_store_id", async () => {
      const outcome = await confirm(clients[0]!.promise, {
        idempotencyKey: "unknown-store",
        lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
        destination: BANGKOK,
        pickupStoreId: "bkk-nowhere",
      });
      expect(outcome).toEqual({
        ok: false,
        code: grpc.status.INVALID_ARGUMENT,
        message: "pickup_store_id: unknown store",
      });
    });
  },
);
