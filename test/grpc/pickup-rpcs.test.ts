import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServiceProcess, startServiceProcess } from "../lifecycle/lifecycle-helpers.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { unary } from "./grpc-test-helpers.js";

// Wednesday 2026-12-09 10:00 in Bangkok (sample network): both Bangkok branches are open, before
// their 11:00 transfer cut-off. Siam holds T-shirts and mugs, Ladprao only T-shirts; a mug for
// Ladprao comes from Bangkok DC by Kerry Express, leaving today, ready tomorrow (Thursday 10
// December, Constitution Day: Ladprao closes only on Buddhist holidays) at 10:00 + 45 min.
const NOW = "2026-12-09T03:00:00Z";
const BANGKOK = { countryCode: "TH", postalCode: "10330" };

describe("pick-up options over gRPC: EstimateBatch and QuoteCart (sample network, SQLite)", () => {
  let service: ServiceProcess;
  let clients: Clients;

  beforeAll(async () => {
    const started = await startServiceProcess({ PROMISE_FIXED_NOW: NOW });
    service = started.process;
    clients = clientsFor(started.port);
  }, 60_000);

  afterAll(async () => {
    clients?.close();
    service?.kill();
    await service?.exited;
  });

  const iso = (t: { seconds?: unknown } | null | undefined) =>
    new Date(Number(t?.seconds) * 1000).toISOString();

  it("EstimateBatch gives each item its own pick-ups: a T-shirt ready today at both branches, a mug ready today at Siam and tomorrow 10:45 at Ladprao by transfer", async () => {
    const reply = await unary(clients.promise.EstimateBatch.bind(clients.promise), {
      items: [
        { sku: "SKU-TSHIRT-001", quantity: 1 },
        { sku: "SKU-MUG-001", quantity: 1 },
      ],
      destination: BANGKOK,
      locale: "en",
    });
    const pickups = reply.results.map((r) =>
      r.estimate!.pickupOptions.map((p) => [
        p.storeId,
        iso(p.readyAt),
        p.readyLabel,
        iso(p.orderBy),
        p.transfer,
        p.reasons.map((x) => `${x.code} ${x.date} ${x.detail}`),
      ]),
    );
    expect(pickups).toEqual([
      [
        [
          "bkk-siam",
          "2026-12-09T04:00:00.000Z",
          "Ready today 11:00",
          "2026-12-09T13:00:00.000Z",
          false,
          [],
        ],
        [
          "bkk-ladprao",
          "2026-12-09T03:45:00.000Z",
          "Ready today 10:45",
          "2026-12-09T13:30:00.000Z",
          false,
          [],
        ],
      ],
      [
        [
          "bkk-siam",
          "2026-12-09T04:00:00.000Z",
          "Ready today 11:00",
          "2026-12-09T13:00:00.000Z",
          false,
          [],
        ],
        [
          "bkk-ladprao",
          "2026-12-10T03:45:00.000Z",
          "Ready tomorrow 10:45",
          // The lane's 11:00 cut-off today: the transfer must leave today to be ready tomorrow.
          "2026-12-09T04:00:00.000Z",
          true,
          ["STORE_TRANSFER 2026-12-09 Bangkok DC (Bang Na)"],
        ],
      ],
    ]);
  });

  it("QuoteCart offers the cart's pick-up with every line at one store, and max_pickup_stores 1 keeps the first", async () => {
    const quote = (maxPickupStores?: number) =>
      unary(clients.promise.QuoteCart.bind(clients.promise), {
        lines: [
          { sku: "SKU-TSHIRT-001", quantity: 1 },
          { sku: "SKU-MUG-001", quantity: 1 },
        ],
        destination: BANGKOK,
        locale: "en",
        ...(maxPickupStores === undefined ? {} : { maxPickupStores }),
      });
    const all = await quote();
    expect(all.pickupOptions.map((p) => [p.storeId, p.readyDate, p.transfer])).toEqual([
      ["bkk-siam", "2026-12-09", false],
      ["bkk-ladprao", "2026-12-10", true],
    ]);
    const one = await quote(1);
    expect(one.pickupOptions.map((p) => p.storeId)).toEqual(["bkk-siam"]);
  });
});
