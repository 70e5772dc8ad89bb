import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type EstimatePresenter,
  type EstimateScope,
  Estimator,
} from "../../src/checkout/estimator.js";
import { isoDay } from "../../src/engine/day.js";
import type { EstimateResult } from "../../src/engine/shipping-option.js";
import { deepFreeze } from "../../src/grpc/repeated-requests.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { LiveView } from "../../src/view/live-view.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";

/**
 * A frozen request (the gRPC edge hands every call with the same bytes one frozen request and
 * scope) keeps its zone and cache keys between calls: it must still see every change that
 * changes the answer, exactly as a request that is not frozen, against an estimator with no cache.
 */

const STOCK_YAML = `
stock:
  - { sku: TEE, warehouse: bkk, on_hand: 50 }
  - { sku: TEE, warehouse: cnx, on_hand: 50 }
  - { sku: MUG, warehouse: bkk, on_hand: 5 }
`;

const presenter: EstimatePresenter<EstimateResult, { readonly locale: string }> = {
  labels: (locale) => ({ locale: locale === "" ? "en" : locale }),
  present: (_sku, _quantity, result) => result,
  keep: () => {},
  entryBytes: () => 1_000,
};

/** Bangkok, Thursday 2026-11-26 10:00 (before the 14:00 cut-off). */
const START = Date.parse("2026-11-26T03:00:00Z");

function setUp() {
  let now = START;
  const clock = () => now;
  const file = networkFileSchema.parse(parse(FIXTURE_YAML + STOCK_YAML));
  const live = new LiveView({ file, clock });
  const make = (estimateCacheSize: number) =>
    new Estimator({ live, clock, presenter, batchItemLimit: 10, estimateCacheSize });
  const cached = make(10_000);
  const fresh = make(0);
  const scope: EstimateScope = {
    destination: { countryCode: "TH", postalCode: "10110", province: "" },
    locale: "en",
    confidence: "STANDARD",
  };
  const item = { sku: "TEE", quantity: 2 };
  const frozenItem = deepFreeze({ ...item });
  const frozenScope = deepFreeze({ ...scope, destination: { ...scope.destination! } });
  /** The frozen request's answer, which must equal a fresh estimate of a request not frozen. */
  const ask = () => {
    const kept = cached.estimate(frozenItem, frozenScope);
    expect(kept).toEqual(fresh.estimate({ ...item }, { ...scope }));
    return kept;
  };
  return {
    live,
    cached,
    ask,
    setNow: (ms: number) => {
      now = ms;
    },
    frozenItem,
    frozenScope,
  };
}

const shipDates = (r: EstimateResult) =>
  r.options.map((o) => `${o.serviceId}@${o.warehouseId}:${o.shipDay}`);

describe("a frozen request's kept cache keys", () => {
  it("answers a repeated frozen request from the cache: one miss, then hits", () => {
    const t = setUp();
    t.ask();
    t.ask();
    t.ask();
    expect([t.cached.cache.misses, t.cached.cache.hits]).toEqual([1, 2]);
  });

  it("counts one miss, not two, when its kept keys hold but the cached entry is gone, and answers it afresh", () => {
    const t = setUp();
    t.ask();
    t.ask();
    t.cached.cache.clear();
    t.ask();
    t.ask();
    expect([t.cached.cache.misses, t.cached.cache.hits]).toEqual([2, 2]);
  });

  it("sees a stock change of its SKU at once (the SKU's stamp is in the key)", () => {
    const t = setUp();
    const before = t.ask();
    t.live.stock.upsert({ sku: "TEE", warehouseId: "bkk", onHand: 0, safetyStock: 0, inbound: [] });
    const after = t.ask();
    expect(after.options.every((o) => o.warehouseId === "cnx")).toBe(true);
    expect(before.options.some((o) => o.warehouseId === "bkk")).toBe(true);
    expect([t.cached.cache.misses, t.cached.cache.hits]).toEqual([2, 0]);
  });

  it("sees a capacity change at once (the capacity version is in the key)", () => {
    const t = setUp();
    const before = t.ask();
    // Bangkok full today: its options ship on the next working day.
    t.live.capacity.setCapacity("bkk", null, [[isoDay("2026-11-26"), 0]]);
    const after = t.ask();
    expect(shipDates(after)).not.toEqual(shipDates(before));
    expect(t.cached.cache.misses).toBe(2);
  });

  it("moves on at the cut-off when the order instant is now (the time window is in the key)", () => {
    const t = setUp();
    const before = t.ask();
    t.ask();
    t.setNow(Date.parse("2026-11-26T07:00:00Z")); // 14:00 in Bangkok
    const after = t.ask();
    expect(shipDates(after)).not.toEqual(shipDates(before));
    expect([t.cached.cache.misses, t.cached.cache.hits]).toEqual([2, 1]);
  });

  it("keeps apart two frozen items of one SKU asked with one frozen scope", () => {
    const t = setUp();
    const one = deepFreeze({ sku: "MUG", quantity: 1 });
    const six = deepFreeze({ sku: "MUG", quantity: 6 });
    const oneAnswer = t.cached.estimate(one, t.frozenScope);
    const sixAnswer = t.cached.estimate(six, t.frozenScope);
    expect(oneAnswer.options.every((o) => o.warehouseId === "bkk" && !o.backorder)).toBe(true);
    expect(sixAnswer.options).toEqual([]); // 5 mugs in stock, none inbound
    expect(t.cached.estimate(one, t.frozenScope)).toBe(oneAnswer);
    expect(t.cached.estimate(six, t.frozenScope)).toBe(sixAnswer);
    expect([t.cached.cache.misses, t.cached.cache.hits]).toEqual([2, 2]);
  });

  it("resolves its destination again after a network reload (the zones listed in another order)", () => {
    const t = setUp();
    t.ask();
    const raw = parse(FIXTURE_YAML + STOCK_YAML) as { zones: unknown[] };
    t.live.reload(networkFileSchema.parse({ ...raw, zones: [...raw.zones].reverse() }));
    t.ask();
    expect(t.cached.cache.misses).toBe(2);
  });
});
