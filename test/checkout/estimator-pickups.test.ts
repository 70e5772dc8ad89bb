import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Estimator } from "../../src/checkout/estimator.js";
import type { EstimateResponse } from "../../src/grpc/generated/promise/v1/EstimateResponse.js";
import { estimateBytes, estimateEntryBytes } from "../../src/grpc/memoized-encoding.js";
import { protoEstimatePresenter } from "../../src/grpc/promise-service.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { LiveView } from "../../src/view/live-view.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { STORES_YAML } from "../engine/store-fixture.js";

const STOCK_YAML = `
stock:
  - { sku: TEE, warehouse: siam, on_hand: 3 }
  - { sku: TEE, warehouse: bkk, on_hand: 3 }
  - { sku: TEE, warehouse: ladprao, on_hand: 3 }
`;

const BANGKOK = { countryCode: "TH", postalCode: "10330", province: "" };

function setUp() {
  let now = Date.parse("2026-11-25T03:07:00Z"); // Wednesday 10:07 in Bangkok
  const clock = () => now;
  const file = networkFileSchema.parse(parse(FIXTURE_YAML + STORES_YAML + STOCK_YAML));
  const live = new LiveView({ file, clock });
  const estimator = new Estimator({
    live,
    clock,
    presenter: protoEstimatePresenter(),
    batchItemLimit: 10,
    estimateCacheSize: 100,
  });
  const estimateAt = (iso: string, maxPickupStores?: number): EstimateResponse => {
    now = Date.parse(iso);
    return estimator.estimate(
      { sku: "TEE", quantity: 1 },
      { destination: BANGKOK, locale: "en", confidence: "STANDARD", maxPickupStores },
    );
  };
  return { estimator, estimateAt };
}

const siamReadyAt = (reply: EstimateResponse) => {
  const siam = reply.pickupOptions?.find((p) => p.storeId === "siam");
  return new Date(Number(siam!.readyAt!.seconds) * 1000).toISOString();
};

describe("Estimator: pick-up options on cached estimates", () => {
  it("reuses the reply with pick-ups while the options come out the same, and builds a new one when the ready time moves to the next quarter hour", () => {
    const { estimator, estimateAt } = setUp();
    // 10:07 + 60 min preparation = 11:07, rounded up to 11:15 Bangkok (04:15Z).
    const first = estimateAt("2026-11-25T03:07:00Z");
    expect(siamReadyAt(first)).toBe("2026-11-25T04:15:00.000Z");
    const second = estimateAt("2026-11-25T03:14:00Z");
    expect(second).toBe(first);
    // 10:20 + 60 min = 11:20, rounded up to 11:30: same cached estimate, new pick-up answer.
    const third = estimateAt("2026-11-25T03:20:00Z");
    expect(siamReadyAt(third)).toBe("2026-11-25T04:30:00.000Z");
    expect(third).not.toBe(first);
    expect(estimator.cache.size).toBe(1);
    expect([estimator.cache.hits, estimator.cache.misses]).toEqual([2, 1]);
    expect(estimateAt("2026-11-25T03:29:00Z")).toBe(third);
  });

  it("does not give a request for fewer stores the pick-ups another request got at the same instant", () => {
    const { estimateAt } = setUp();
    const stores = (reply: EstimateResponse) => reply.pickupOptions?.map((p) => p.storeId);
    expect(stores(estimateAt("2026-11-25T03:07:00Z"))).toEqual(["siam", "ladprao"]);
    expect(stores(estimateAt("2026-11-25T03:07:00Z", 1))).toEqual(["siam"]);
    expect(stores(estimateAt("2026-11-25T03:08:00Z"))).toEqual(["siam", "ladprao"]);
  });

  it("sends the reply with pick-ups as the cached estimate's bytes followed by the options' bytes, encoded once", () => {
    const { estimateAt } = setUp();
    const reply = estimateAt("2026-11-25T03:07:00Z");
    const base = estimateBytes({ ...reply, pickupOptions: [] });
    const bytes = estimateBytes(reply);
    expect(estimateBytes(reply)).toBe(bytes);
    expect(bytes.length).toBeGreaterThan(base.length);
    expect(bytes.subarray(0, base.length)).toEqual(base);
  });

  it("charges the reply with pick-ups to the cached entry: it counts that reply's bytes more than the same estimate without pick-ups", () => {
    const withPickups = setUp();
    const reply = withPickups.estimateAt("2026-11-25T03:07:00Z");
    const without = setUp();
    // The same instant (10:07 in Bangkok), no pick-up stores asked for: the same cache key.
    without.estimator.estimate(
      { sku: "TEE", quantity: 1 },
      { destination: BANGKOK, locale: "en", confidence: "STANDARD", maxPickupStores: 0 },
    );
    expect(withPickups.estimator.cache.bytes - without.estimator.cache.bytes).toBe(
      estimateEntryBytes(reply),
    );
  });
});
