import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { advanceDelivery } from "../../src/engine/advance-delivery.js";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { unary } from "./grpc-test-helpers.js";

// Wednesday 17 June 2026, 10:00 in Bangkok.
const NOW = "2026-06-17T03:00:00Z";
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };

let service: RunningService;
let clients: Clients;

beforeAll(async () => {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_FIXED_NOW: NOW,
    PROMISE_LOG_LEVEL: "silent",
    PROMISE_INSECURE_ADMIN: "true",
    // EMS to the upcountry zone is the option this test follows, even where DHL beats it.
    PROMISE_DOMINATED_OPTIONS: "show",
  });
  service = await startService(config, createLogger(config));
  clients = clientsFor(service.port);
});

afterAll(async () => {
  clients?.close();
  await service?.stop(1000);
});

describe("learned transit over gRPC", () => {
  const estimate = (confidence?: "CONFIDENCE_HIGH" | "CONFIDENCE_STANDARD") =>
    unary(clients.promise.Estimate.bind(clients.promise), {
      sku: "SKU-TSHIRT-001",
      quantity: 1,
      destination: UPCOUNTRY,
      ...(confidence === undefined ? {} : { confidence }),
    }).then((r) => r.options.find((o) => o.serviceId === "thaipost-ems")!);

  it("answers with the file's window until ImportShipments and RefreshLearnedTransit learn the lane, then with the learned one and its chance", async () => {
    const before = await estimate();
    expect([before.deliveryEarliest, before.deliveryLatest, before.transitSource]).toEqual([
      "2026-06-19",
      "2026-06-23",
      "TRANSIT_SOURCE_NETWORK_FILE",
    ]);
    expect(before.onTimeProbability).toBeUndefined();

    // 300 parcels shipped Mondays to Fridays of May: 240 in 1 delivery day, 45 in 2, 15 in 4.
    const net = service.live.network;
    const ems = net.serviceById.get("thaipost-ems")!;
    const ships: number[] = [];
    for (let d = isoDay("2026-05-04"); d <= isoDay("2026-05-29"); d++) {
      if (ems.pickupDay[d - net.horizon.firstDay] === 1) ships.push(d);
    }
    const transits = [
      ...Array<number>(240).fill(1),
      ...Array<number>(45).fill(2),
      ...Array<number>(15).fill(4),
    ];
    const rows = transits.map((n, i) => {
      const shipDay = ships[i % ships.length]!;
      return {
        warehouseId: "bkk-1",
        serviceId: "thaipost-ems",
        ...UPCOUNTRY,
        shipDay,
        deliveredDay: advanceDelivery(ems, net.horizon, shipDay, n),
        promisedLatestDay: null,
      };
    });
    const request = {
      rows: [
        ...rows.map((r) => ({
          originWarehouse: r.warehouseId,
          service: r.serviceId,
          destinationCountry: r.countryCode,
          destinationPostalCode: r.postalCode,
          shipDate: formatIsoDay(r.shipDay),
          delivered: formatIsoDay(r.deliveredDay),
        })),
        {
          originWarehouse: "bkk-1",
          service: "thaipost-ems",
          destinationCountry: "TH",
          destinationPostalCode: "30000",
          shipDate: "2026-05-20",
          delivered: "2026-05-19",
        },
      ],
    };
    const importShipments = (req: typeof request) =>
      unary(clients.admin.ImportShipments.bind(clients.admin), req);
    const bad = [
      { index: 300, field: "rows[300].delivered", reason: "delivered before it shipped" },
    ];
    // Identical rows (same lane, ship and delivered dates) are different parcels: all 300 stored.
    expect(await importShipments(request)).toEqual({ imported: 300, duplicates: 0, errors: bad });
    // The same call again (a retry) stores nothing twice.
    expect(await importShipments(request)).toEqual({ imported: 0, duplicates: 300, errors: bad });
    const delivered = rows.map((r) => r.deliveredDay);
    const refreshed = await unary(clients.admin.RefreshLearnedTransit.bind(clients.admin), {});
    expect(refreshed).toMatchObject({
      deliveries: 300,
      used: 300,
      skipped: 0,
      learnedLanes: 1,
      lanesWithHistory: 1,
      // Metro and remote Thailand, with no parcel of their own, borrow these 300.
      borrowedLanes: 2,
      fromDate: "2026-03-19",
      toDate: "2026-06-18",
    });

    // CDF by delivery days 1, 2, 3, 4: 0.80, 0.95, 0.95, 1.00. p10 = 1 and p95 = 2 (the smallest
    // k with CDF >= 0.95): Thu 18 .. Fri 19 June, which 95% of the parcels made.
    const learned = await estimate();
    expect([learned.deliveryEarliest, learned.deliveryLatest, learned.transitSource]).toEqual([
      "2026-06-18",
      "2026-06-19",
      "TRANSIT_SOURCE_LEARNED",
    ]);
    expect(learned.onTimeProbability).toBeCloseTo(0.95, 12);
    // Mon 4 May is Coronation Day (no pickup): the first parcel ships Tue 5, arrives Wed 6 May.
    expect(formatIsoDay(Math.min(...delivered))).toBe("2026-05-06");
    expect(learned.reasons.find((r) => r.code === "LEARNED_TRANSIT")?.detail).toBe(
      `300 deliveries 2026-05-06..${formatIsoDay(Math.max(...delivered))}`,
    );
    // p98 = 4: HIGH confidence commits to Mon 22 June (Sunday is no delivery day), all made it.
    const high = await estimate("CONFIDENCE_HIGH");
    expect([high.deliveryLatest, high.onTimeProbability]).toEqual(["2026-06-22", 1]);
    // CONFIDENCE_STANDARD said explicitly is what sending nothing (CONFIDENCE_UNSPECIFIED) gets.
    const standard = await estimate("CONFIDENCE_STANDARD");
    expect(standard).toEqual(learned);

    // QuoteCart: a one-shipment cart carries its shipment's chance, on the shipment and the option.
    const quote = await unary(clients.promise.QuoteCart.bind(clients.promise), {
      lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
      destination: UPCOUNTRY,
    });
    const cart = quote.options.find((o) => o.serviceId === "thaipost-ems")!;
    expect(cart.deliveryLatest).toBe("2026-06-19");
    expect(cart.shipments[0]!.onTimeProbability).toBeCloseTo(0.95, 12);
    expect(cart.onTimeProbability).toBeCloseTo(0.95, 12);
  });
});
