import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { openStore } from "../../src/store/open-store.js";
import { unary } from "../grpc/grpc-test-helpers.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";
import { sampleNetworkWithPeak } from "../support/sample-network-with-peak.js";
import { type Clients, confirm } from "../support/service-clients.js";
import { ServiceReplicas } from "../support/service-replicas.js";

const pgTests = await postgresForTests("pickup-transfer-carrier-postgres");

// Wednesday 2026-11-25 10:00 in Bangkok, before the branches' 11:00 transfer cut-off.
const NOW = "2026-11-25T03:00:00Z";
const BANGKOK = { countryCode: "TH", postalCode: "10330" };

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "transfers to a branch and shipments share the carrier's pickup limit across two processes on PostgreSQL",
  () => {
    let schema: TestSchema;
    let network: { path: string; remove(): void } | undefined;
    let replicas: ServiceReplicas | undefined;
    let clients: Clients[] = [];

    beforeAll(async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      schema = await createTestSchema(pgTests.url);
      // The sample network (the Bangkok branches' transfers are collected by Kerry Express) plus
      // a peak that limits Kerry Express to 25 pickups at Bangkok DC on Wednesday 25 November.
      network = sampleNetworkWithPeak({
        name: "Kerry pickups",
        from: "2026-11-25",
        to: "2026-11-25",
        services: ["kerry-express"],
        pickup_limit: 25,
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

    it("30 pick-ups by transfer and 10 Kerry shipments at once: exactly 25 leave on Wednesday (Kerry's limit), the other 15 on Thursday; stock and pickups reserved exactly", async () => {
      const admin = clients[0]!.admin;
      await unary(admin.UpsertStock.bind(admin), {
        rows: [{ sku: "XFER-KERRY", warehouseId: "bkk-1", onHand: 40, version: 1 }],
      });
      await expect
        .poll(
          async () => {
            const reply = await unary(clients[1]!.promise.Estimate.bind(clients[1]!.promise), {
              sku: "XFER-KERRY",
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

      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          confirm(clients[i % 2]!.promise, {
            idempotencyKey: `xk-${i}`,
            lines: [{ sku: "XFER-KERRY", quantity: 1 }],
            destination: BANGKOK,
            // Every fourth is a Kerry shipment, the rest pick up at Siam.
            ...(i % 4 === 3 ? { serviceId: "kerry-express" } : { pickupStoreId: "bkk-siam" }),
          }),
        ),
      );
      const ok = outcomes.flatMap((o) => (o.ok ? [o.promise] : []));
      expect(ok).toHaveLength(40);
      const leaves = ok.map((p) => p.shipments[0]!.shipDate);
      expect(leaves.filter((d) => d === "2026-11-25")).toHaveLength(25);
      expect(leaves.filter((d) => d === "2026-11-26")).toHaveLength(15);
      // A pick-up whose transfer leaves Thursday is ready Friday.
      for (const p of ok) {
        if (p.pickup?.storeId === "bkk-siam") {
          expect(p.pickup.readyDate).toBe(
            p.shipments[0]!.shipDate === "2026-11-25" ? "2026-11-26" : "2026-11-27",
          );
        }
      }
      const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
      try {
        const check = await store.checkReservations();
        expect([check.stockMismatches, check.loadMismatches, check.pickupMismatches]).toEqual([
          [],
          [],
          [],
        ]);
        const capacity = await store.loadCapacity(0);
        const kerry = capacity.pickups.find(
          (k) =>
            k.serviceId === "kerry-express" &&
            k.warehouseId === "bkk-1" &&
            k.day === isoDay("2026-11-25"),
        );
        expect(kerry?.promised).toBe(25);
        const changes = await store.loadStock(0);
        const rows = [];
        for await (const batch of changes.batches) rows.push(...batch);
        expect(
          rows.filter((r) => r.sku === "XFER-KERRY").map((r) => [r.warehouseId, r.reserved]),
        ).toEqual([["bkk-1", 40]]);
      } finally {
        await store.close();
      }
    }, 120_000);
  },
);
