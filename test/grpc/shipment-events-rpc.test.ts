import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { ts, unary, unaryError } from "./grpc-test-helpers.js";

// Wednesday 2026-11-25 10:00 in Bangkok, before bkk-1's 14:00 cut-off.
const NOW = "2026-11-25T03:00:00Z";
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };
const ADMIN = "admin-token-0123456789";
const TRACKING = "tracking-token-0123456789";
const PLANNER = "planner-token-0123456789";

let service: RunningService;
let clients: Clients;

function as(token: string): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set("authorization", `Bearer ${token}`);
  return m;
}

function record(token: string, request: object) {
  return new Promise<{ err: grpc.ServiceError | null; reply: unknown }>((resolve) => {
    clients.admin.RecordShipmentEvents(request, as(token), (err, reply) => resolve({ err, reply }));
  });
}

beforeAll(async () => {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_FIXED_NOW: NOW,
    PROMISE_LOG_LEVEL: "silent",
    PROMISE_TOKENS: JSON.stringify([
      { name: "ops", role: "admin", token: ADMIN },
      { name: "carrier-feed", role: "tracking", token: TRACKING },
      { name: "analyst", role: "planner", token: PLANNER },
    ]),
  });
  service = await startService(config, createLogger(config));
  clients = clientsFor(service.port);
});

afterAll(async () => {
  clients?.close();
  await service?.stop(1000);
});

describe("RecordShipmentEvents over gRPC", () => {
  it("takes a tracking feed's events: shipped fulfils the promise, delivered ends it DELIVERED on time", async () => {
    const promise = (
      await unary(clients.promise.ConfirmPromise.bind(clients.promise), {
        idempotencyKey: "track-1",
        lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "kerry-express",
      })
    ).promise!;
    expect([promise.shipments[0]!.shipDate, promise.deliveryLatest]).toEqual([
      "2026-11-25",
      "2026-11-26",
    ]);
    const events = [
      {
        eventId: "kex-1",
        promiseId: promise.id,
        warehouseId: "bkk-1",
        kind: "SHIPMENT_EVENT_KIND_SHIPPED",
        occurredAt: ts("2026-11-25T09:00:00Z"),
        trackingNumber: "KEX0001",
      },
      {
        eventId: "kex-2",
        promiseId: promise.id,
        warehouseId: "bkk-1",
        kind: "SHIPMENT_EVENT_KIND_DELIVERED",
        occurredAt: ts("2026-11-26T02:00:00Z"),
      },
      {
        eventId: "kex-3",
        promiseId: "prm_unknown",
        warehouseId: "bkk-1",
        kind: "SHIPMENT_EVENT_KIND_DELIVERED",
        occurredAt: ts("2026-11-26T02:00:00Z"),
      },
      {
        eventId: "kex-4",
        promiseId: promise.id,
        warehouseId: "bkk-1",
        kind: "SHIPMENT_EVENT_KIND_SHIPPED",
      },
    ];
    const { err, reply } = await record(TRACKING, { events });
    expect(err).toBeNull();
    expect(reply).toEqual({
      applied: 2,
      duplicates: 0,
      errors: [
        { index: 2, field: "events[2].promise_id", reason: "unknown promise" },
        { index: 3, field: "events[3].occurred_at", reason: "required" },
      ],
      fulfilledPromiseIds: [promise.id],
      deliveredPromiseIds: [promise.id],
    });
    const got = (await unary(clients.promise.GetPromise.bind(clients.promise), { id: promise.id }))
      .promise!;
    expect(got.status).toBe("PROMISE_STATUS_DELIVERED");
    expect(got.fulfilledAt).toEqual(ts("2026-11-25T09:00:00Z"));
    const counter = await service.metrics.deliveries.get();
    expect(counter.values).toEqual([
      { labels: { service: "kerry-express", outcome: "on_time" }, value: 1 },
    ]);
    // Accuracy of that day's shipments, for a planner: one promise, delivered on time.
    const accuracy = await new Promise<{ err: grpc.ServiceError | null; reply: unknown }>(
      (resolve) =>
        clients.admin.GetAccuracy(
          {
            fromDate: "2026-11-25",
            toDate: "2026-11-25",
            groupBy: ["ACCURACY_GROUPING_BY_SERVICE"],
          },
          as(PLANNER),
          (err, reply) => resolve({ err, reply }),
        ),
    );
    expect(accuracy.err).toBeNull();
    expect((accuracy.reply as { groups: unknown[] }).groups).toEqual([
      expect.objectContaining({
        serviceId: "kerry-express",
        promises: 1,
        shipped: 1,
        delivered: 1,
        judged: 1,
        onTime: 1,
        late: 0,
        onTimeRate: 1,
      }),
    ]);
    // The rolling 7-day on-time gauge, as of the rebuild RefreshLearnedTransit runs.
    await unary(
      (req: object, cb: grpc.requestCallback<unknown>) =>
        clients.admin.RefreshLearnedTransit(req, as(ADMIN), cb),
      {},
    );
    const gauge = await service.metrics.registry.getSingleMetric("promise_on_time_rate_7d")!.get();
    expect(gauge.values).toEqual([{ labels: { service: "kerry-express" }, value: 1 }]);
    // Sent again: duplicates, nothing changes.
    const again = await record(ADMIN, { events: events.slice(0, 2) });
    expect(again.reply).toMatchObject({ applied: 0, duplicates: 2, errors: [] });
  });

  it("refuses a planner token and an empty or oversized batch", async () => {
    const planner = await record(PLANNER, { events: [] });
    expect(planner.err?.code).toBe(grpc.status.PERMISSION_DENIED);
    const empty = await record(ADMIN, { events: [] });
    expect(empty.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ eventId: `e${i}` }));
    const big = await record(ADMIN, { events: tooMany });
    expect(big.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    // The tracking role reaches nothing else of the admin service.
    const stock = await unaryError(
      (req: object, cb: grpc.requestCallback<unknown>) =>
        clients.admin.SetCapacity(req, as(TRACKING), cb),
      { warehouseId: "bkk-1", dailyCapacity: 5 },
    );
    expect(stock.code).toBe(grpc.status.PERMISSION_DENIED);
  });
});
