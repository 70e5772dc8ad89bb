import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { openStore } from "../../src/store/open-store.js";
import { unary } from "../grpc/grpc-test-helpers.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";
import { untilEveryReplicaCaps } from "../support/replica-waits.js";
import { sampleNetworkWithPeak } from "../support/sample-network-with-peak.js";
import { type Clients, confirm } from "../support/service-clients.js";
import { ServiceReplicas } from "../support/service-replicas.js";

const pgTests = await postgresForTests("replicas-postgres");

// Wednesday 2026-11-25 10:00 in Bangkok: Kerry ships bkk-1 orders the same day (cut-off 14:00).
const NOW = "2026-11-25T03:00:00Z";
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };

/** Until every replica's view holds the SKU's stock (an Estimate for it is answered). */
async function untilEveryReplicaHas(clients: readonly Clients[], sku: string) {
  await vi.waitFor(
    async () => {
      for (const c of clients) {
        await unary(c.promise.Estimate.bind(c.promise), {
          sku,
          quantity: 1,
          destination: UPCOUNTRY,
        });
      }
    },
    { timeout: 10_000, interval: 50 },
  );
}

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "two service processes on one PostgreSQL",
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

    async function fire(sku: string, count: number) {
      return Promise.all(
        Array.from({ length: count }, (_, i) =>
          confirm(clients[i % 2]!.promise, {
            idempotencyKey: `${sku}-${i}`,
            lines: [{ sku, quantity: 1 }],
            destination: UPCOUNTRY,
            serviceId: "kerry-express",
          }),
        ),
      );
    }

    // Runs first: the day's load is still empty.
    it("lands exactly 50 promises on a ship date whose capacity is 50", async () => {
      const admin = clients[0]!.admin;
      await unary(admin.UpsertStock.bind(admin), {
        rows: [{ sku: "RACE-CAP", warehouseId: "bkk-1", onHand: 1000, version: 1 }],
      });
      await unary(admin.SetCapacity.bind(admin), {
        warehouseId: "bkk-1",
        overrides: [{ date: "2026-11-25", value: 50 }],
      });
      await untilEveryReplicaHas(clients, "RACE-CAP");
      await untilEveryReplicaCaps(clients, "bkk-1", "2026-11-25", 50);
      const outcomes = await fire("RACE-CAP", 200);
      const shipDates = outcomes.flatMap((o) => (o.ok ? [o.promise.shipments[0]!.shipDate] : []));
      expect(shipDates.filter((d) => d === "2026-11-25")).toHaveLength(50);
      // The rest were promised the next day (capacity-aware) or refused; none oversold the day.
      expect(shipDates.filter((d) => d !== "2026-11-25").every((d) => d > "2026-11-25")).toBe(true);
      const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
      try {
        const capacity = await store.loadCapacity(0);
        const load = capacity.loads.find(
          (l) => l.warehouseId === "bkk-1" && l.day === isoDay("2026-11-25"),
        );
        expect(load?.promised).toBe(50);
        expect((await store.checkReservations()).loadMismatches).toEqual([]);
      } finally {
        await store.close();
      }
    }, 120_000);
    it("promises an SKU with 100 units exactly 100 times out of 400 attempts", async () => {
      await unary(clients[0]!.admin.UpsertStock.bind(clients[0]!.admin), {
        rows: [{ sku: "RACE-100", warehouseId: "bkk-1", onHand: 100, version: 1 }],
      });
      // The other process learns of the new SKU through NOTIFY.
      await expect
        .poll(
          async () => {
            const reply = await unary(clients[1]!.promise.Estimate.bind(clients[1]!.promise), {
              sku: "RACE-100",
              quantity: 1,
              destination: UPCOUNTRY,
            }).catch(() => undefined);
            return reply?.availability;
          },
          { timeout: 5_000 },
        )
        .toBe("AVAILABILITY_IN_STOCK");

      const outcomes = await fire("RACE-100", 400);
      const ok = outcomes.filter((o) => o.ok);
      const refused = outcomes.filter((o) => !o.ok);
      expect(ok).toHaveLength(100);
      expect(new Set(refused.map((o) => (o.ok ? -1 : o.code)))).toEqual(
        new Set([grpc.status.FAILED_PRECONDITION]),
      );

      const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
      try {
        const report = await store.checkReservations();
        expect(report.stockMismatches).toEqual([]);
        const changes = await store.loadStock(0);
        const rows = [];
        for await (const batch of changes.batches) rows.push(...batch);
        const row = rows.find((r) => r.sku === "RACE-100")!;
        expect(row.reserved).toBe(100);
        expect(row.onHand - row.reserved).toBeGreaterThanOrEqual(0);
      } finally {
        await store.close();
      }
    }, 120_000);
  },
);

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "two service processes on one PostgreSQL with a carrier pickup limit",
  () => {
    let schema: TestSchema;
    let network: { path: string; remove(): void } | undefined;
    let replicas: ServiceReplicas | undefined;
    let clients: Clients[] = [];

    beforeAll(async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      schema = await createTestSchema(pgTests.url);
      // The sample network with Kerry limited to 30 pickups at bkk-1 on Wed 2026-11-25.
      network = sampleNetworkWithPeak({
        name: "Kerry pickup test",
        from: "2026-11-25",
        to: "2026-11-25",
        services: ["kerry-express"],
        pickup_limit: 30,
      });
      replicas = new ServiceReplicas({ url: pgTests.url, schema: schema.name });
      clients = replicas.clients;
      await replicas.startMany(2, NOW, { PROMISE_NETWORK_FILE: network.path });
    }, 60_000);

    afterAll(async () => {
      await replicas?.stopAll();
      await schema?.drop();
      network?.remove();
    });

    it("lands exactly 30 of 100 concurrent kerry-express promises on the day Kerry picks up 30", async () => {
      const admin = clients[0]!.admin;
      await unary(admin.UpsertStock.bind(admin), {
        rows: [{ sku: "RACE-PICK", warehouseId: "bkk-1", onHand: 1000, version: 1 }],
      });
      await untilEveryReplicaHas(clients, "RACE-PICK");
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          confirm(clients[i % 2]!.promise, {
            idempotencyKey: `RACE-PICK-${i}`,
            lines: [{ sku: "RACE-PICK", quantity: 1 }],
            destination: UPCOUNTRY,
            serviceId: "kerry-express",
          }),
        ),
      );
      const shipDates = outcomes.flatMap((o) => (o.ok ? [o.promise.shipments[0]!.shipDate] : []));
      expect(shipDates.filter((d) => d === "2026-11-25")).toHaveLength(30);
      // The rest were promised a later day (no limit there) or refused with fresh options.
      expect(shipDates.filter((d) => d !== "2026-11-25").every((d) => d > "2026-11-25")).toBe(true);
      const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
      try {
        const { pickups } = await store.loadCapacity(0);
        expect(pickups.map((p) => [p.serviceId, p.warehouseId, p.day, p.promised])).toEqual([
          ["kerry-express", "bkk-1", isoDay("2026-11-25"), 30],
        ]);
        const report = await store.checkReservations();
        expect(report.pickupMismatches).toEqual([]);
        expect(report.loadMismatches).toEqual([]);
        expect(report.stockMismatches).toEqual([]);
      } finally {
        await store.close();
      }
    }, 120_000);
  },
);

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "two service processes on one PostgreSQL sharing the booking rate behind order_by",
  () => {
    let schema: TestSchema;
    let replicas: ServiceReplicas | undefined;

    beforeAll(async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      schema = await createTestSchema(pgTests.url);
      replicas = new ServiceReplicas({ url: pgTests.url, schema: schema.name });
    }, 60_000);

    afterAll(async () => {
      await replicas?.stopAll();
      await schema?.drop();
    });

    /** A process on the shared schema whose clock stands at `now`. */
    const startAt = (now: string): Promise<Clients> => replicas!.start(now);
    const stop = (c: Clients): Promise<void> => replicas!.stop(c);

    /** Kerry's order_by for one RATE-TEE to upcountry, as `c` answers. */
    async function kerryOrderBy(c: Clients): Promise<string | undefined> {
      const reply = await unary(c.promise.Estimate.bind(c.promise), {
        sku: "RATE-TEE",
        quantity: 1,
        destination: UPCOUNTRY,
      }).catch(() => undefined);
      const kerry = reply?.options.find((o) => o.serviceId === "kerry-express");
      if (kerry?.orderBy == null) return undefined;
      return new Date(Number(kerry.orderBy.seconds) * 1000).toISOString();
    }

    it("moves the order_by process B answers when only process A takes the orders, as one process would", async () => {
      // B answers shoppers at Wed 2026-11-25 10:30 in Bangkok (03:30Z).
      const b = await startAt("2026-11-25T03:30:00Z");
      await unary(b.admin.UpsertStock.bind(b.admin), {
        rows: [{ sku: "RATE-TEE", warehouseId: "bkk-1", onHand: 1000, version: 1 }],
      });
      await unary(b.admin.SetCapacity.bind(b.admin), {
        warehouseId: "bkk-1",
        overrides: [{ date: "2026-11-25", value: 10 }],
      });
      // No booking yet: bkk-1's 14:00 cut-off (07:00Z); Kerry's pickup at 17:00 is later.
      await expect.poll(() => kerryOrderBy(b), { timeout: 5_000 }).toBe("2026-11-25T07:00:00.000Z");

      // Process A takes one order at 03:00, 03:10, 03:20 and 03:30Z (restarted with its clock at
      // each instant: the service's clock is fixed in tests). B is never asked to confirm.
      let a: Clients | undefined;
      for (const [i, hhmm] of ["03:00", "03:10", "03:20", "03:30"].entries()) {
        if (a !== undefined) await stop(a);
        a = await startAt(`2026-11-25T${hhmm}:00Z`);
        const outcome = await confirm(a.promise, {
          idempotencyKey: `rate-${i}`,
          lines: [{ sku: "RATE-TEE", quantity: 1 }],
          destination: UPCOUNTRY,
          serviceId: "kerry-express",
        });
        expect(outcome.ok && outcome.promise.shipments[0]!.shipDate).toBe("2026-11-25");
      }
      // 4 bookings, 03:00 to 03:30Z: one per 10 minutes; 10 - 4 = 6 orders left, so Wednesday is
      // expected to fill 60 minutes after the last one: 04:30Z (11:30 in Bangkok). B sees it
      // through the store within the usual freshness (a change notice, then one refresh).
      await expect.poll(() => kerryOrderBy(b), { timeout: 5_000 }).toBe("2026-11-25T04:30:00.000Z");
      // A, the process that took them (as a single process would), answers the same.
      expect(await kerryOrderBy(a!)).toBe("2026-11-25T04:30:00.000Z");
    }, 120_000);
  },
);
