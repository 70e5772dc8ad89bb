import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../../src/config/config.js";
import type { CartOption__Output } from "../../src/grpc/generated/promise/v1/CartOption.js";
import type { ShippingOption__Output } from "../../src/grpc/generated/promise/v1/ShippingOption.js";
import { decodeFreshOptions } from "../../src/grpc/status-details.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { tempDir, tempSqlitePath } from "../support/temp-dir.js";
import { fieldOf, ts, unary, unaryError } from "./grpc-test-helpers.js";

// The sample network as `npm start` serves it, plus the case of issue 17: Thailand Post EMS
// International from Bangkok to Ho Chi Minh City (3-5 days), and tea in stock in Bangkok (5) and
// only inbound in Ho Chi Minh City. The clock is fixed at Wednesday 2026-11-25 10:00 in Bangkok;
// the requests also ask about an instant inside the sample's 11.11 peak.
const SAMPLE = readFileSync("samples/network.yaml", "utf8");
const NETWORK = `${SAMPLE.replace(
  "\nzones:\n",
  `
  - id: ems-intl
    carrier: thailand-post
    name: EMS International
    level: express
    pickup_days: [mon, tue, wed, thu, fri, sat]
    delivery_days: [mon, tue, wed, thu, fri, sat]
    origins: [{ warehouse: bkk-1, pickup_cutoff: "13:30", handling_days: 2 }]
    lanes: [{ from: bkk-1, to: [vn-hcmc], transit_days: { min: 3, max: 5 } }]
    price: { currency: VND, amount: 250000 }

zones:
`,
)}
  - { sku: SKU-TEA, warehouse: bkk-1, on_hand: 5 }
  - { sku: SKU-TEA, warehouse: hcm-1, on_hand: 0, inbound: [{ quantity: 50, eta: "2026-12-01" }] }
`;
const NOW = "2026-11-25T03:00:00Z";
const INSTANTS = [undefined, "2026-11-13T08:30:00Z"];
const HO_CHI_MINH_CITY = { countryCode: "VN", postalCode: "700000" };
const DESTINATIONS = [
  { countryCode: "TH", postalCode: "10110" },
  { countryCode: "TH", postalCode: "50000" },
  { countryCode: "TH", postalCode: "84280" },
  HO_CHI_MINH_CITY,
  { countryCode: "NL", postalCode: "1011AB" },
  { countryCode: "DE", postalCode: "10115" },
];
const QUANTITIES = [1, 5, 60];
const SKUS: string[] = [
  ...new Set((parse(NETWORK) as { stock: { sku: string }[] }).stock.map((row) => row.sku)),
];

const dir = tempDir();
let service: RunningService;
let clients: Clients;

beforeAll(async () => {
  const networkFile = join(dir.path, "network.yaml");
  writeFileSync(networkFile, NETWORK);
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_NETWORK_FILE: networkFile,
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_FIXED_NOW: NOW,
    PROMISE_LOG_LEVEL: "silent",
  });
  service = await startService(config, createLogger(config));
  clients = clientsFor(service.port);
});

afterAll(async () => {
  clients?.close();
  await service?.stop(1000);
  dir.remove();
});

function fromEstimate(o: ShippingOption__Output) {
  return {
    serviceId: o.serviceId,
    warehouse: o.shipFromWarehouse,
    shipDate: o.shipDate,
    window: [o.deliveryEarliest, o.deliveryLatest],
    orderBy: o.orderBy,
    price: o.price,
    reasons: o.reasons,
    fastest: o.fastest,
    cheapest: o.cheapest,
    label: o.deliveryLabel,
  };
}

function fromCart(o: CartOption__Output) {
  expect(o.shipments).toHaveLength(1);
  const shipment = o.shipments[0]!;
  return {
    serviceId: o.serviceId,
    warehouse: shipment.warehouseId,
    shipDate: shipment.shipDate,
    window: [o.deliveryEarliest, o.deliveryLatest],
    orderBy: o.orderBy,
    price: o.price,
    reasons: o.reasons,
    fastest: o.fastest,
    cheapest: o.cheapest,
    label: o.deliveryLabel,
  };
}

describe("a one-line cart over gRPC", () => {
  it("gets the options Estimate gives, for every SKU of the sample network, to six destinations, at two instants, in three quantities", async () => {
    const estimateBatch = clients.promise.EstimateBatch.bind(clients.promise);
    const quoteCart = clients.promise.QuoteCart.bind(clients.promise);
    const seen = {
      AVAILABILITY_IN_STOCK: 0,
      AVAILABILITY_BACKORDER: 0,
      AVAILABILITY_UNAVAILABLE: 0,
      options: 0,
    };
    for (const at of INSTANTS) {
      for (const destination of DESTINATIONS) {
        for (const quantity of QUANTITIES) {
          const common = { destination, ...(at === undefined ? {} : { at: ts(at) }) };
          const batch = await unary(estimateBatch, {
            ...common,
            items: SKUS.map((sku) => ({ sku, quantity })),
          });
          const quotes = await Promise.all(
            SKUS.map((sku) => unary(quoteCart, { ...common, lines: [{ sku, quantity }] })),
          );
          SKUS.forEach((sku, i) => {
            const estimate = batch.results[i]!.estimate!;
            const quote = quotes[i]!;
            const where = `${sku} x${quantity} to ${destination.postalCode} at ${at ?? NOW}`;
            expect(quote.availability, where).toBe(estimate.availability);
            expect(quote.options.map(fromCart), where).toEqual(estimate.options.map(fromEstimate));
            seen[estimate.availability as keyof typeof seen]++;
            seen.options += estimate.options.length;
          });
        }
      }
    }
    // The comparison covers stock now, backorders and nothing at all.
    expect(seen.AVAILABILITY_IN_STOCK).toBeGreaterThan(100);
    expect(seen.AVAILABILITY_BACKORDER).toBeGreaterThan(5);
    expect(seen.AVAILABILITY_UNAVAILABLE).toBeGreaterThan(5);
    expect(seen.options).toBeGreaterThan(500);
  });

  it("TEA x5 to Ho Chi Minh City gets only EMS from Bangkok, on the product page and at checkout", async () => {
    const estimate = await unary(clients.promise.Estimate.bind(clients.promise), {
      sku: "SKU-TEA",
      quantity: 5,
      destination: HO_CHI_MINH_CITY,
    });
    const quote = await unary(clients.promise.QuoteCart.bind(clients.promise), {
      lines: [{ sku: "SKU-TEA", quantity: 5 }],
      destination: HO_CHI_MINH_CITY,
    });
    expect(estimate.availability).toBe("AVAILABILITY_IN_STOCK");
    expect(estimate.options.map((o) => [o.serviceId, o.shipFromWarehouse])).toEqual([
      ["ems-intl", "bkk-1"],
    ]);
    expect(quote.availability).toBe("AVAILABILITY_IN_STOCK");
    expect(quote.options.map(fromCart)).toEqual(estimate.options.map(fromEstimate));
  });

  it("refuses to confirm the GHN backorder the product page never showed, with EMS as the fresh option", async () => {
    const err = await unaryError(clients.promise.ConfirmPromise.bind(clients.promise), {
      idempotencyKey: "tea-ghn",
      lines: [{ sku: "SKU-TEA", quantity: 5 }],
      destination: HO_CHI_MINH_CITY,
      serviceId: "ghn-express",
    });
    expect([err.code, fieldOf(err)]).toEqual([grpc.status.FAILED_PRECONDITION, "service_id"]);
    const fresh = decodeFreshOptions(err.metadata.get("grpc-status-details-bin")[0] as Buffer) as {
      reason: string;
      quote: { options: { serviceId: string }[] };
    };
    expect(fresh.reason).toBe("OPTION_UNAVAILABLE");
    expect(fresh.quote.options.map((o) => o.serviceId)).toEqual(["ems-intl"]);
  });
});
