import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { decodeFreshOptions } from "../../src/grpc/status-details.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { fieldOf, unary, unaryError } from "./grpc-test-helpers.js";

// Wednesday 2026-11-25 10:00 in Bangkok, before bkk-1's 14:00 cut-off.
const NOW = "2026-11-25T03:00:00Z";
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
  });
  service = await startService(config, createLogger(config));
  clients = clientsFor(service.port);
});

afterAll(async () => {
  clients?.close();
  await service?.stop(1000);
});

describe("checkout over gRPC", () => {
  it("quotes a cart from the warehouse that delivers it best", async () => {
    const quote = await unary(clients.promise.QuoteCart.bind(clients.promise), {
      lines: [{ sku: "SKU-TSHIRT-001", quantity: 2 }],
      destination: UPCOUNTRY,
    });
    expect(quote.availability).toBe("AVAILABILITY_IN_STOCK");
    const kerry = quote.options.find((o) => o.serviceId === "kerry-express")!;
    expect(kerry.shipments.map((s) => [s.warehouseId, s.shipDate])).toEqual([
      ["bkk-1", "2026-11-25"],
    ]);
    expect([kerry.deliveryEarliest, kerry.deliveryLatest]).toEqual(["2026-11-26", "2026-11-26"]);
  });

  it("confirms, gets and cancels a promise", async () => {
    const request = {
      idempotencyKey: "grpc-1",
      lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-express",
      shownDeliveryLatest: "2026-11-26",
    };
    const promise = (await unary(clients.promise.ConfirmPromise.bind(clients.promise), request))
      .promise!;
    expect(promise.status).toBe("PROMISE_STATUS_CONFIRMED");
    expect(promise.deliveryLatest).toBe("2026-11-26");
    const again = (await unary(clients.promise.ConfirmPromise.bind(clients.promise), request))
      .promise!;
    expect(again.id).toBe(promise.id);
    const got = (await unary(clients.promise.GetPromise.bind(clients.promise), { id: promise.id }))
      .promise!;
    expect(got.shipments[0]!.shipDate).toBe("2026-11-25");
    const cancelled = (
      await unary(clients.promise.CancelPromise.bind(clients.promise), {
        id: promise.id,
      })
    ).promise!;
    expect(cancelled.status).toBe("PROMISE_STATUS_CANCELLED");
    expect(cancelled.cancelledAt).not.toBeNull();
  });

  it("fulfils a promise once, and refuses to cancel it afterwards", async () => {
    const promise = (
      await unary(clients.promise.ConfirmPromise.bind(clients.promise), {
        idempotencyKey: "grpc-fulfil-1",
        lines: [{ sku: "SKU-TSHIRT-001", quantity: 2 }],
        destination: UPCOUNTRY,
        serviceId: "kerry-express",
      })
    ).promise!;
    const fulfil = clients.promise.FulfilPromise.bind(clients.promise);
    const fulfilled = (await unary(fulfil, { id: promise.id })).promise!;
    expect([fulfilled.id, fulfilled.status]).toEqual([promise.id, "PROMISE_STATUS_FULFILLED"]);
    expect(fulfilled.fulfilledAt).toEqual({ seconds: Date.parse(NOW) / 1000, nanos: 0 });
    expect(fulfilled.cancelledAt).toBeNull();
    const again = (await unary(fulfil, { id: promise.id })).promise!;
    expect(again).toEqual(fulfilled);
    const got = (await unary(clients.promise.GetPromise.bind(clients.promise), { id: promise.id }))
      .promise!;
    expect(got.status).toBe("PROMISE_STATUS_FULFILLED");
    const cancel = await unaryError(clients.promise.CancelPromise.bind(clients.promise), {
      id: promise.id,
    });
    expect([cancel.code, fieldOf(cancel)]).toEqual([grpc.status.FAILED_PRECONDITION, "id"]);
    expect(cancel.details).toMatch(/fulfilled/);
  });

  it("answers FulfilPromise with NOT_FOUND, FAILED_PRECONDITION for a cancelled promise and INVALID_ARGUMENT for an empty id", async () => {
    const fulfil = clients.promise.FulfilPromise.bind(clients.promise);
    const missing = await unaryError(fulfil, { id: "prm_missing" });
    expect([missing.code, fieldOf(missing)]).toEqual([grpc.status.NOT_FOUND, "id"]);
    const empty = await unaryError(fulfil, { id: "" });
    expect([empty.code, fieldOf(empty)]).toEqual([grpc.status.INVALID_ARGUMENT, "id"]);
    const promise = (
      await unary(clients.promise.ConfirmPromise.bind(clients.promise), {
        idempotencyKey: "grpc-fulfil-2",
        lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "kerry-express",
      })
    ).promise!;
    await unary(clients.promise.CancelPromise.bind(clients.promise), { id: promise.id });
    const cancelled = await unaryError(fulfil, { id: promise.id });
    expect([cancelled.code, fieldOf(cancelled)]).toEqual([grpc.status.FAILED_PRECONDITION, "id"]);
    expect(cancelled.details).toMatch(/cancelled/);
  });

  it("refuses with FAILED_PRECONDITION and the fresh options in the status details", async () => {
    const err = await unaryError(clients.promise.ConfirmPromise.bind(clients.promise), {
      idempotencyKey: "grpc-2",
      lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "thaipost-ems",
      shownDeliveryLatest: "2026-11-25",
    });
    expect(err.code).toBe(grpc.status.FAILED_PRECONDITION);
    const details = err.metadata.get("grpc-status-details-bin")[0] as Buffer;
    const fresh = decodeFreshOptions(details) as {
      reason: string;
      quote: { options: { serviceId: string }[] };
    };
    expect(fresh.reason).toBe("LATER_THAN_SHOWN");
    expect(fresh.quote.options.map((o) => o.serviceId)).toContain("kerry-express");
  });

  it("names the field of a bad checkout request", async () => {
    const missing = await unaryError(clients.promise.GetPromise.bind(clients.promise), {
      id: "prm_missing",
    });
    expect([missing.code, fieldOf(missing)]).toEqual([grpc.status.NOT_FOUND, "id"]);
    const badLine = await unaryError(clients.promise.QuoteCart.bind(clients.promise), {
      lines: [{ sku: "SKU-TSHIRT-001", quantity: 0 }],
      destination: UPCOUNTRY,
    });
    expect([badLine.code, fieldOf(badLine)]).toEqual([
      grpc.status.INVALID_ARGUMENT,
      "lines[0].quantity",
    ]);
  });
});
