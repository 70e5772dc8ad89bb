import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type EstimatePresenter, Estimator } from "../../src/checkout/estimator.js";
import { fixedClock } from "../../src/config/clock.js";
import type { PickupOption } from "../../src/engine/pickup-options.js";
import type { EstimateResult } from "../../src/engine/shipping-option.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { LiveView } from "../../src/view/live-view.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { STORES_YAML } from "../engine/store-fixture.js";

const STOCK_YAML = `
stock:
  - { sku: TEE, warehouse: siam, on_hand: 3 }
  - { sku: TEE, warehouse: ladprao, on_hand: 3 }
  - { sku: TEE, warehouse: ams-store, on_hand: 3 }
  - { sku: TEE, warehouse: bkk, on_hand: 50 }
  - { sku: LAMP, warehouse: bkk, on_hand: 4 }
`;

interface Answer {
  readonly result: EstimateResult;
  readonly pickups: readonly PickupOption[];
}

const presenter: EstimatePresenter<Answer, { readonly locale: string }> = {
  labels: (locale) => ({ locale: locale === "" ? "en" : locale }),
  present: (_sku, _quantity, result) => ({ result, pickups: [] }),
  keep: () => {},
  entryBytes: () => 1_000,
  withPickups: (reply, options) => ({ ...reply, pickups: options }),
};

function estimators() {
  const file = networkFileSchema.parse(parse(FIXTURE_YAML + STORES_YAML + STOCK_YAML));
  const live = new LiveView({ file, clock: fixedClock(Date.parse("2026-11-23T00:00:00Z")) });
  const make = (estimateCacheSize: number) =>
    new Estimator({
      live,
      clock: fixedClock(Date.parse("2026-11-23T00:00:00Z")),
      presenter,
      batchItemLimit: 10,
      estimateCacheSize,
    });
  return { cached: make(10_000), fresh: make(0) };
}

/** Asks both estimators every minute from `from` for `hours` and compares the pick-ups. */
function compareEveryMinute(
  sku: string,
  destination: { countryCode: string; postalCode: string; province: string },
  from: string,
  hours: number,
  point?: { lat: number; lon: number },
) {
  const { cached, fresh } = estimators();
  const start = Date.parse(from);
  const differing: string[] = [];
  for (let t = start; t < start + hours * 3_600_000; t += 60_000) {
    const scope = { destination, atMs: t, locale: "en", confidence: "STANDARD" as const, point };
    const a = cached.estimate({ sku, quantity: 1 }, scope);
    const b = fresh.estimate({ sku, quantity: 1 }, scope);
    if (JSON.stringify(a.pickups) !== JSON.stringify(b.pickups)) {
      differing.push(new Date(t).toISOString());
    }
  }
  return { differing, hits: cached.cache.hits, pickups: cached.cache.size };
}

const BANGKOK = { countryCode: "TH", postalCode: "10330", province: "" };
const AMSTERDAM = { countryCode: "NL", postalCode: "1012LG", province: "" };

describe("Estimate answers with pick-up options from the cache", () => {
  it("a Bangkok Monday minute by minute: every cached answer equals a fresh one (same-day quarter hours, the 20:00 and 19:00 last orders, midnight)", () => {
    const { differing, hits } = compareEveryMinute("TEE", BANGKOK, "2026-11-22T17:00:00Z", 24);
    expect(differing).toEqual([]);
    // 1,440 requests; the pick-up answer changes at most every quarter hour.
    expect(hits).toBeGreaterThan(1_000);
  });

  it("a transfer-only lamp across the 12:00 lane cut-off, and with coordinates (distances shown)", () => {
    expect(compareEveryMinute("LAMP", BANGKOK, "2026-11-23T02:00:00Z", 8).differing).toEqual([]);
    expect(
      compareEveryMinute("TEE", BANGKOK, "2026-11-23T02:00:00Z", 8, { lat: 13.82, lon: 100.56 })
        .differing,
    ).toEqual([]);
  });

  it("Amsterdam over the night summer time ends (Sat 24 to Mon 26 October 2026)", () => {
    const { differing } = compareEveryMinute("TEE", AMSTERDAM, "2026-10-24T06:00:00Z", 52);
    expect(differing).toEqual([]);
  });
});
