import { describe, expect, it } from "vitest";
import { pickupOptions } from "../../src/engine/pickup-options.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { samePickupOptions } from "../../src/engine/same-pickup-options.js";
import { NO_CAPACITY_LIMIT } from "../../src/engine/stock-reader.js";
import { literalStock } from "../support/literal-stock.js";
import { storeNetwork } from "./store-fixture.js";

const net = storeNetwork();
const stock = literalStock([
  { sku: "TEE", warehouse: net.warehouseById.get("siam")!.index, available: 5 },
]);
const zone = resolveDestination(net, { countryCode: "TH", postalCode: "10330" });
const at = (iso: string) =>
  pickupOptions(net, stock, NO_CAPACITY_LIMIT, {
    lines: [{ skuIndex: stock.skuIndex("TEE"), quantity: 1 }],
    zone,
    atMs: Date.parse(iso),
    maxStores: 3,
  });

describe("samePickupOptions", () => {
  it("finds the answers for 10:07 and 10:14 in Bangkok the same (both ready at 11:15)", () => {
    expect(samePickupOptions(at("2026-11-25T03:07:00Z"), at("2026-11-25T03:14:00Z"))).toBe(true);
  });

  it("tells 10:14 from 10:16 (ready at 11:15, then 11:30)", () => {
    expect(samePickupOptions(at("2026-11-25T03:14:00Z"), at("2026-11-25T03:16:00Z"))).toBe(false);
  });

  it("tells apart answers that differ only in a reason, or in how many stores they offer", () => {
    const a = at("2026-11-25T03:07:00Z");
    const withReason = [{ ...a[0]!, reasons: [{ code: "CAPACITY_FULL" as const, day: 1 }] }];
    expect(samePickupOptions(a.slice(0, 1), withReason)).toBe(false);
    expect(a.map((o) => o.storeId)).toEqual(["siam"]);
    expect(samePickupOptions(a, [...a, a[0]!])).toBe(false);
    expect(samePickupOptions([], [])).toBe(true);
  });
});
