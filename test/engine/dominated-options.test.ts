import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber, formatIsoDay, isoDay } from "../../src/engine/day.js";
import {
  applyDominance,
  type DominanceCandidate,
  type DominatedOptionsMode,
  dominates,
} from "../../src/engine/dominated-options.js";
import { estimate } from "../../src/engine/estimate.js";
import { quoteCart } from "../../src/engine/quote-cart.js";
import { rankOptions } from "../../src/engine/rank-options.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { NO_CAPACITY_LIMIT } from "../../src/engine/stock-reader.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { stockRowsOf } from "../../src/view/live-view.js";
import { StockView } from "../../src/view/stock-view.js";

// The sample network as served on Sunday 2026-12-06, with its own stock.
const file = loadNetworkFile("samples/network.yaml");
const net = compileNetwork(file, { todayDay: isoDay("2026-12-06") });
const stock = new StockView(net.warehouses.map((w) => w.id));
stock.load(stockRowsOf(file));
const TSHIRT = stock.skuIndex("SKU-TSHIRT-001");
const MUG = stock.skuIndex("SKU-MUG-001");
const CHIANG_MAI = resolveDestination(net, { countryCode: "TH", postalCode: "50000" });
const BANGKOK = resolveDestination(net, { countryCode: "TH", postalCode: "10110" });
const HANOI = resolveDestination(net, { countryCode: "VN", postalCode: "10000" });

// Friday 2026-12-04 15:00 in Bangkok: after bkk-1's 14:00 cut-off. Sat 5 Dec (King Bhumibol's
// Birthday) and Mon 7 Dec (its substitute) close the warehouse, so every service ships Tue 8 Dec.
const FRIDAY_AFTERNOON = Date.parse("2026-12-04T08:00:00Z");
// Friday 2026-12-04 10:00 in Bangkok: before every cut-off; everything ships that day.
const FRIDAY_MORNING = Date.parse("2026-12-04T03:00:00Z");

function run(
  zone: typeof BANGKOK,
  atMs: number,
  mode: DominatedOptionsMode,
  skuIndex = TSHIRT,
  quantity = 1,
) {
  return estimate(net, stock, NO_CAPACITY_LIMIT, {
    skuIndex,
    quantity,
    zone,
    atMs,
    dominatedOptions: mode,
  });
}

/** "service earliest..latest price flags" per option. */
function summary(options: readonly DominanceCandidate[]): string[] {
  return options.map(
    (o) =>
      `${o.serviceId} ${formatIsoDay(o.earliestDay)}..${formatIsoDay(o.latestDay)} ${o.priceCents / 100}` +
      `${o.fastest ? " fastest" : ""}${o.cheapest ? " cheapest" : ""}` +
      `${o.dominatedBy === undefined ? "" : ` dominated by ${o.dominatedBy.serviceId}`}`,
  );
}

describe("dominated options on the sample network's Thai holidays", () => {
  it("leaves out EMS to Chiang Mai (11-15 Dec, 60 THB) when DHL delivers 11-15 Dec for 35 THB and Kerry 9 Dec for 45", () => {
    // Shipped Tue 8 Dec. Kerry: 1 day, Wed 9. DHL (Mon-Fri, 2-4 days): Wed 9, (Thu 10 Constitution
    // Day) Fri 11, Mon 14, Tue 15. EMS (Mon-Sat, 2-5 days): Wed 9, Fri 11, Sat 12, Mon 14, Tue 15.
    expect(summary(run(CHIANG_MAI, FRIDAY_AFTERNOON, "show").options)).toEqual([
      "kerry-express 2026-12-09..2026-12-09 45 fastest",
      "dhl-th-standard 2026-12-11..2026-12-15 35 cheapest",
      "thaipost-ems 2026-12-11..2026-12-15 60",
    ]);
    expect(summary(run(CHIANG_MAI, FRIDAY_AFTERNOON, "hide").options)).toEqual([
      "kerry-express 2026-12-09..2026-12-09 45 fastest",
      "dhl-th-standard 2026-12-11..2026-12-15 35 cheapest",
    ]);
  });

  it("marks EMS as not faster than Kerry (the fastest option that beats it) and 15 THB dearer", () => {
    const result = run(CHIANG_MAI, FRIDAY_AFTERNOON, "mark");
    expect(summary(result.options)).toEqual([
      "kerry-express 2026-12-09..2026-12-09 45 fastest",
      "dhl-th-standard 2026-12-11..2026-12-15 35 cheapest",
      "thaipost-ems 2026-12-11..2026-12-15 60 dominated by kerry-express",
    ]);
    const ems = result.options[2]!;
    expect(ems.dominatedBy).toEqual({
      serviceId: "kerry-express",
      serviceName: "Kerry Express next day",
      savingCents: 1_500,
      currency: "THB",
    });
    expect(ems.reasons.at(-1)).toEqual({ code: "NOT_FASTER", detail: "Kerry Express next day" });
    // The other options are the very objects the engine planned: no NOT_FASTER, no dominatedBy.
    expect(result.options.slice(0, 2).flatMap((o) => o.reasons.map((r) => r.code))).not.toContain(
      "NOT_FASTER",
    );
  });

  it("leaves out EMS in Bangkok after the holiday weekend, where DHL and Kerry both beat it", () => {
    // Shipped Tue 8 Dec. Kerry: Wed 9. DHL (1-2): Wed 9, Fri 11. EMS (1-3): Wed 9, Fri 11, Sat 12.
    expect(summary(run(BANGKOK, FRIDAY_AFTERNOON, "show").options)).toEqual([
      "kerry-express 2026-12-09..2026-12-09 45 fastest",
      "dhl-th-standard 2026-12-09..2026-12-11 35 cheapest",
      "thaipost-ems 2026-12-09..2026-12-12 60",
    ]);
    expect(summary(run(BANGKOK, FRIDAY_AFTERNOON, "hide").options)).toEqual([
      "kerry-express 2026-12-09..2026-12-09 45 fastest",
      "dhl-th-standard 2026-12-09..2026-12-11 35 cheapest",
    ]);
  });

  it("keeps the dearer same-day rider, which is faster, and Kerry on the substitute Monday it works", () => {
    // Shipped Fri 4 Dec. Rider: same day, 120 THB. Kerry works Mon 7 Dec (an extra working day):
    // Mon 7. DHL: Tue 8, Wed 9. EMS: Tue 8, Wed 9, Fri 11 (Thailand Post is off on Mon 7, Thu 10).
    expect(summary(run(BANGKOK, FRIDAY_MORNING, "hide").options)).toEqual([
      "bkk-same-day 2026-12-04..2026-12-04 120 fastest",
      "kerry-express 2026-12-07..2026-12-07 45",
      "dhl-th-standard 2026-12-08..2026-12-09 35 cheapest",
    ]);
    expect(run(BANGKOK, FRIDAY_MORNING, "show").options.map((o) => o.serviceId)).toContain(
      "thaipost-ems",
    );
  });

  it("leaves out GHN express to Hanoi over Tet 2027 when Viettel standard delivers earlier for less", () => {
    // Tue 2 Feb 2027 10:00 in Ho Chi Minh City. GHN ships that day but stops 3-11 Feb: 2-3
    // delivery days land on Fri 12, Sat 13, (Sun) Mon 15 -> 13-15 Feb. Viettel hands over Wed 3
    // Feb and stops 4-9 Feb: 2-4 days -> Wed 10, Thu 11, Fri 12, Sat 13 -> 11-13 Feb.
    const at = Date.parse("2027-02-02T03:00:00Z");
    expect(summary(run(HANOI, at, "show").options)).toEqual([
      "viettel-standard 2027-02-11..2027-02-13 18000 fastest cheapest",
      "ghn-express 2027-02-13..2027-02-15 22000",
    ]);
    expect(summary(run(HANOI, at, "hide").options)).toEqual([
      "viettel-standard 2027-02-11..2027-02-13 18000 fastest cheapest",
    ]);
    const ghn = run(HANOI, at, "mark").options[1]!;
    expect(ghn.dominatedBy).toEqual({
      serviceId: "viettel-standard",
      serviceName: "Viettel Post standard",
      savingCents: 400_000,
      currency: "VND",
    });
  });

  it("applies the same rule to a cart quote, keeping availability as the stock says", () => {
    const quote = (mode: DominatedOptionsMode) =>
      quoteCart(net, stock, NO_CAPACITY_LIMIT, {
        lines: [
          { skuIndex: TSHIRT, quantity: 1 },
          { skuIndex: MUG, quantity: 2 },
        ],
        zone: CHIANG_MAI,
        atMs: FRIDAY_AFTERNOON,
        dominatedOptions: mode,
      });
    expect(quote("hide").availability).toBe("IN_STOCK");
    expect(summary(quote("hide").options)).toEqual([
      "kerry-express 2026-12-09..2026-12-09 45 fastest",
      "dhl-th-standard 2026-12-11..2026-12-15 35 cheapest",
    ]);
    const marked = quote("mark").options;
    expect(summary(marked)).toEqual([
      "kerry-express 2026-12-09..2026-12-09 45 fastest",
      "dhl-th-standard 2026-12-11..2026-12-15 35 cheapest",
      "thaipost-ems 2026-12-11..2026-12-15 60 dominated by kerry-express",
    ]);
    expect(marked[2]!.reasons.at(-1)).toEqual({
      code: "NOT_FASTER",
      detail: "Kerry Express next day",
    });
    expect(marked[2]!.shipments.map((s) => s.warehouseId)).toEqual(["bkk-1"]);
  });
});

/** An option for the rule's own tests: days count from 0, prices in whole units. */
function opt(
  serviceId: string,
  earliest: number,
  latest: number,
  price: number,
  currency = "THB",
): DominanceCandidate & { fastest: boolean; cheapest: boolean } {
  return {
    serviceId,
    serviceName: `Service ${serviceId}`,
    level: "standard",
    earliestDay: dayNumber(20_000 + earliest),
    latestDay: dayNumber(20_000 + latest),
    priceCents: price * 100,
    currency,
    reasons: [],
    fastest: false,
    cheapest: false,
  };
}

describe("the dominance rule", () => {
  it("needs no later dates, no higher price and one of the three strictly better", () => {
    expect(dominates(opt("a", 1, 3, 35), opt("b", 1, 3, 60))).toBe(true);
    expect(dominates(opt("a", 1, 2, 60), opt("b", 1, 3, 60))).toBe(true);
    expect(dominates(opt("a", 0, 3, 60), opt("b", 1, 3, 60))).toBe(true);
    // Equal in all three: neither beats the other.
    expect(dominates(opt("a", 1, 3, 60), opt("b", 1, 3, 60))).toBe(false);
    // Cheaper but later on one end: a real trade-off.
    expect(dominates(opt("a", 1, 4, 35), opt("b", 1, 3, 60))).toBe(false);
    expect(dominates(opt("a", 2, 3, 35), opt("b", 1, 3, 60))).toBe(false);
    // Prices in different currencies are not compared.
    expect(dominates(opt("a", 1, 3, 1, "EUR"), opt("b", 1, 3, 60))).toBe(false);
  });

  it("names the first option that beats it, with the price difference (0 when only dates differ)", () => {
    const options = rankOptions([opt("c", 1, 4, 50), opt("a", 1, 2, 50), opt("b", 1, 3, 40)]);
    expect(applyDominance(options, "mark").map((o) => [o.serviceId, o.dominatedBy])).toEqual([
      ["a", undefined],
      ["b", undefined],
      ["c", { serviceId: "a", serviceName: "Service a", savingCents: 0, currency: "THB" }],
    ]);
    expect(applyDominance(options, "show")).toBe(options);
  });
});

const optionArbitrary = fc
  .record({
    id: fc.integer({ min: 0, max: 1_000_000 }),
    earliest: fc.integer({ min: 0, max: 6 }),
    span: fc.integer({ min: 0, max: 4 }),
    price: fc.integer({ min: 0, max: 8 }),
    currency: fc.constantFrom("THB", "THB", "THB", "VND"),
  })
  .map((r) => opt(`s${r.id}`, r.earliest, r.earliest + r.span, r.price * 5, r.currency));
const optionsArbitrary = fc.uniqueArray(optionArbitrary, {
  minLength: 0,
  maxLength: 8,
  selector: (o) => o.serviceId,
});

describe("dominance properties", () => {
  it("leaves no option in a hide answer that another option of it dominates, and drops only dominated ones", () => {
    fc.assert(
      fc.property(optionsArbitrary, (input) => {
        const ranked = rankOptions(input.map((o) => ({ ...o })));
        const kept = applyDominance([...ranked], "hide");
        for (const a of kept) for (const b of kept) expect(dominates(a, b)).toBe(false);
        const dropped = ranked.filter((o) => !kept.includes(o));
        for (const o of dropped) expect(ranked.some((other) => dominates(other, o))).toBe(true);
        // Fastest and cheapest are never dropped, and stay the only ones flagged.
        expect(kept.filter((o) => o.fastest)).toEqual(ranked.filter((o) => o.fastest));
        expect(kept.filter((o) => o.cheapest)).toEqual(ranked.filter((o) => o.cheapest));
        if (ranked.length > 0) expect(kept[0]!.fastest).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("marks exactly the dominated options, each by an option that is not dominated itself", () => {
    fc.assert(
      fc.property(optionsArbitrary, (input) => {
        const ranked = rankOptions(input.map((o) => ({ ...o })));
        const marked = applyDominance(ranked, "mark");
        expect(marked.map((o) => o.serviceId)).toEqual(ranked.map((o) => o.serviceId));
        for (const o of marked) {
          const beaten = ranked.some((other) => dominates(other, o));
          expect(o.dominatedBy !== undefined).toBe(beaten);
          if (o.dominatedBy === undefined) continue;
          const by = ranked.find((x) => x.serviceId === o.dominatedBy!.serviceId)!;
          expect(dominates(by, o)).toBe(true);
          expect(ranked.some((other) => dominates(other, by))).toBe(false);
          expect(o.dominatedBy.savingCents).toBe(o.priceCents - by.priceCents);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("answers no Estimate on the sample network, in hide mode, with an option another one dominates", () => {
    const zones = [CHIANG_MAI, BANGKOK, HANOI].concat(
      ["84320", "90110"].map((postalCode) =>
        resolveDestination(net, { countryCode: "TH", postalCode }),
      ),
      ["70000", "50000"].map((postalCode) =>
        resolveDestination(net, { countryCode: "VN", postalCode }),
      ),
      [resolveDestination(net, { countryCode: "NL", postalCode: "1011AB" })],
    );
    const skus = ["SKU-TSHIRT-001", "SKU-MUG-002", "SKU-SNEAKER-004", "SKU-LAMP-003"].map((s) =>
      stock.skuIndex(s),
    );
    let dropped = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...skus),
        fc.integer({ min: 1, max: 3 }),
        // Any instant from 2026-11-01 to 2027-12-31.
        fc.integer({
          min: Date.parse("2026-11-01T00:00:00Z"),
          max: Date.parse("2027-12-31T00:00:00Z"),
        }),
        (zone, skuIndex, quantity, atMs) => {
          const hidden = run(zone, atMs, "hide", skuIndex, quantity).options;
          for (const a of hidden) for (const b of hidden) expect(dominates(a, b)).toBe(false);
          const all = run(zone, atMs, "show", skuIndex, quantity).options;
          expect(hidden.map((o) => o.serviceId)).toEqual(
            all.filter((o) => !all.some((x) => dominates(x, o))).map((o) => o.serviceId),
          );
          dropped += all.length - hidden.length;
        },
      ),
      { numRuns: 400 },
    );
    // Worth something only if the sample network does produce dominated options.
    expect(dropped).toBeGreaterThan(50);
  });
});
