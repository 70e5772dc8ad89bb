import { describe, expect, it } from "vitest";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { quoteCart } from "../../src/engine/quote-cart.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { NO_CAPACITY_LIMIT } from "../../src/engine/stock-reader.js";
import { skuNo } from "../support/indexes.js";
import { literalStock } from "../support/literal-stock.js";
import { compileFixture } from "./fixture-network.js";
import { SCHEDULABLE_YAML } from "./store-fixture.js";

const net = compileFixture(SCHEDULABLE_YAML);
const stock = literalStock([
  { sku: "TEE", warehouse: net.warehouseById.get("bkk")!.index, available: 5 },
]);
const zone = resolveDestination(net, { countryCode: "TH", postalCode: "30000" });
// Wednesday 2026-11-25 10:00 in Bangkok.
const AT = Date.parse("2026-11-25T03:00:00Z");

function cart(deliverOn: string) {
  return quoteCart(net, stock, NO_CAPACITY_LIMIT, {
    lines: [{ skuIndex: skuNo(0), quantity: 1 }],
    zone,
    atMs: AT,
    dominatedOptions: "show",
    deliverOn: isoDay(deliverOn),
  });
}

describe("deliver on a chosen date (Kerry Next Day schedulable, 14 days)", () => {
  it("Estimate lists Kerry's delivery days from Thursday 26 Nov to Wednesday 9 Dec: no Sundays, not Sat 5 Dec (the King's birthday), but Mon 7 Dec (Kerry works the substitute day)", () => {
    const result = estimate(net, stock, NO_CAPACITY_LIMIT, {
      skuIndex: skuNo(0),
      quantity: 1,
      zone,
      atMs: AT,
      dominatedOptions: "show",
    });
    const kerry = result.options.find((o) => o.serviceId === "kerry-nd")!;
    expect(kerry.deliverOnDates?.map(formatIsoDay)).toEqual([
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-07",
      "2026-12-08",
      "2026-12-09",
    ]);
    // Services not marked schedulable list none.
    expect(result.options.find((o) => o.serviceId === "ems")!.deliverOnDates).toBeUndefined();
  });

  it("deliver on Tue 1 Dec ships on the latest date that still meets it: Mon 30 Nov, not today", () => {
    const options = cart("2026-12-01").options;
    expect(options.map((o) => o.serviceId)).toEqual(["kerry-nd"]);
    const s = options[0]!.shipments[0]!;
    expect([
      formatIsoDay(s.shipDay),
      formatIsoDay(s.earliestDay),
      formatIsoDay(s.latestDay),
    ]).toEqual(["2026-11-30", "2026-12-01", "2026-12-01"]);
  });

  it("deliver on Mon 7 Dec ships Fri 4 Dec: Bangkok DC is closed Sat 5 (the King's birthday) and Mon 7 (its substitute)", () => {
    const s = cart("2026-12-07").options[0]!.shipments[0]!;
    expect(formatIsoDay(s.shipDay)).toBe("2026-12-04");
  });

  it("a Sunday, when Kerry does not deliver, leaves no option", () => {
    expect(cart("2026-11-29").options).toEqual([]);
  });
});
