import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import {
  DEFAULT_MEMORY_LIMITS,
  memoryLimits,
  setMemoryLimits,
} from "../../src/config/memory-limits.js";
import type { EstimateRequest } from "../../src/grpc/generated/promise/v1/EstimateRequest.js";
import type { PromiseServiceClient } from "../../src/grpc/generated/promise/v1/PromiseService.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { FIXTURE_NETWORK, NOW_ISO, ts, unary } from "../grpc/grpc-test-helpers.js";
import { tempSqlitePath } from "../support/temp-dir.js";

let service: RunningService;
let client: PromiseServiceClient;

// Every process-wide cache at its smallest: each call to another destination or locale than the
// one before starts the memo and the label tables over.
beforeAll(async () => {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_LOG_LEVEL: "silent",
    PROMISE_ESTIMATE_CACHE_SIZE: "0",
    PROMISE_DESTINATION_MEMO_SIZE: "1",
    PROMISE_LABEL_LOCALE_LIMIT: "1",
    PROMISE_LABELS_PER_LOCALE: "1",
    PROMISE_PICKUP_OPTION_CACHE_SIZE: "2",
    PROMISE_PICKUP_LABEL_CACHE_SIZE: "3",
    PROMISE_PICKUP_LABEL_FORMATS: "4",
  });
  service = await startService(config, createLogger(config));
  const { proto } = loadProto();
  client = new proto.promise.v1.PromiseService(
    `127.0.0.1:${service.port}`,
    grpc.credentials.createInsecure(),
  );
});

afterAll(async () => {
  client?.close();
  await service?.stop(1000);
  setMemoryLimits({});
});

const estimate = (request: EstimateRequest) => unary(client.Estimate.bind(client), request);

describe("cache limits from the config", () => {
  it("are in force once the service has started", () => {
    expect(memoryLimits()).toEqual({
      destinationMemo: 1,
      labelLocales: 1,
      labelsPerLocale: 1,
      pickupOptions: 2,
      pickupLabels: 3,
      pickupLabelFormats: 4,
    });
    expect(DEFAULT_MEMORY_LIMITS.destinationMemo).toBe(10_000);
  });

  it("still give each destination and locale its own answer when every call starts them over", async () => {
    const at = ts("2026-11-26T10:00:00+07:00");
    const bangkok = {
      sku: "SKU-A",
      quantity: 1,
      at,
      destination: { countryCode: "TH", postalCode: "10110" },
    };
    const phuket = { ...bangkok, destination: { countryCode: "TH", postalCode: "83000" } };
    const summary = async (request: EstimateRequest) => {
      const reply = await estimate(request);
      return reply.options.map((o) => `${o.serviceId} ${o.deliveryLatest} ${o.deliveryLabel}`);
    };
    for (let round = 0; round < 2; round++) {
      // Thursday 10:00 in Bangkok: Kerry Friday, EMS Friday to Monday (no Sunday deliveries);
      // Phuket is remote: Kerry only, a transit day more (Saturday to Monday).
      expect(await summary({ ...bangkok, locale: "th-TH" })).toEqual([
        "kerry-express 2026-11-27 ศุกร์ 27 พ.ย.",
        "thpost-ems 2026-11-30 ศุกร์ 27 พ.ย. - จันทร์ 30 พ.ย.",
      ]);
      expect(await summary({ ...phuket, locale: "en-GB" })).toEqual([
        "kerry-express 2026-11-30 Sat 28 Nov - Mon 30 Nov",
      ]);
      expect(await summary({ ...bangkok, locale: "en-GB" })).toEqual([
        "kerry-express 2026-11-27 Fri 27 Nov",
        "thpost-ems 2026-11-30 Fri 27 Nov - Mon 30 Nov",
      ]);
    }
  });
});
