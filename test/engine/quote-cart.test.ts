import { describe, expect, it } from "vitest";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { quoteCart } from "../../src/engine/quote-cart.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { NO_CAPACITY_LIMIT } from "../../src/engine/stock-reader.js";
import { skuNo } from "../support/indexes.js";
import { literalStock } from "../support/literal-stock.js";
import { fixtureNetwork } from "./fixture-network.js";

const net = fixtureNetwork();
const BKK = net.warehouseById.get("bkk")!.index;
const CNX = net.warehouseById.get("cnx")!.index;
const upcountry = resolveDestination(net, { countryCode: "TH", postalCode: "30000" });
// Wednesday 2026-11-25 10:00 in Bangkok: before both cut-offs (bkk 14:00, cnx 13:00).
const WEDNESDAY_MORNING = Date.parse("2026-11-25T03:00:00Z");

describe("quoteCart", () => {
  it("ships a cart one warehouse can fill as one shipment per service", () => {
    const stock = literalStock([
      { sku: "TEE", warehouse: BKK, available: 5 },
      { sku: "MUG", warehouse: BKK, available: 5 },
      { sku: "MUG", warehouse: CNX, available: 5 },
    ]);
    const quote = quoteCart(net, stock, NO_CAPACITY_LIMIT, {
      dominatedOptions: "show",
      lines: [
        { skuIndex: skuNo(0), quantity: 2 },
        { skuIndex: skuNo(1), quantity: 1 },
      ],
      zone: upcountry,
      atMs: WEDNESDAY_MORNING,
    });
    expect(quote.availability).toBe("IN_STOCK");
    // Flash and Kerry both deliver Thursday; Flash is cheaper.
    expect(quote.options.map((o) => o.serviceId)).toEqual(["flash-std", "kerry-nd", "ems"]);
    const kerry = quote.options[1]!;
    expect(kerry.shipments.map((s) => [s.warehouseId, formatIsoDay(s.shipDay)])).toEqual([
      ["bkk", "2026-11-25"],
    ]);
    expect([formatIsoDay(kerry.earliestDay), formatIsoDay(kerry.latestDay)]).toEqual([
      "2026-11-26",
      "2026-11-26",
    ]);
    expect(kerry.priceCents).toBe(4_500);
  });

  it("splits a cart no single warehouse can fill, dated by when the whole cart can have arrived", () => {
    const stock = literalStock([
      { sku: "TEE", warehouse: BKK, available: 5 },
      { sku: "HAT", warehouse: CNX, available: 5 },
    ]);
    const quote = quoteCart(net, stock, NO_CAPACITY_LIMIT, {
      dominatedOptions: "show",
      lines: [
        { skuIndex: skuNo(0), quantity: 1 },
        { skuIndex: skuNo(1), quantity: 1 },
      ],
      zone: upcountry,
      atMs: WEDNESDAY_MORNING,
    });
    // Only Kerry picks up at both warehouses.
    expect(quote.options.map((o) => o.serviceId)).toEqual(["kerry-nd"]);
    const kerry = quote.options[0]!;
    expect(
      kerry.shipments.map((s) => ({
        warehouse: s.warehouseId,
        ship: formatIsoDay(s.shipDay),
        delivery: formatIsoDay(s.latestDay),
        lines: s.lines.map((l) => l.skuIndex),
      })),
    ).toEqual([
      { warehouse: "bkk", ship: "2026-11-25", delivery: "2026-11-26", lines: [0] },
      { warehouse: "cnx", ship: "2026-11-25", delivery: "2026-11-27", lines: [1] },
    ]);
    expect([formatIsoDay(kerry.earliestDay), formatIsoDay(kerry.latestDay)]).toEqual([
      "2026-11-27",
      "2026-11-27",
    ]);
    expect(kerry.priceCents).toBe(9_000);
    // The earlier of the two cut-offs: Chiang Mai's 13:00.
    expect(new Date(kerry.orderByMs).toISOString()).toBe("2026-11-25T06:00:00.000Z");
  });

  it("gives a split cart the product of its shipments' on-time probabilities", () => {
    // Kerry's history (not enough to learn, so the file's windows stand): from Bangkok 90% of
    // parcels arrived within 1 delivery day; from Chiang Mai 80% within 2.
    const history = (cdf: number[]) => ({
      samples: 100,
      cdf: Float64Array.from(cdf),
      fromDay: isoDay("2026-10-01"),
      toDay: isoDay("2026-10-31"),
      learned: false,
      earliest: 1,
      latest: cdf.length - 1,
      high: cdf.length - 1,
      detail: "",
    });
    const lanes: (ReturnType<typeof history> | undefined)[][] = [];
    const lane = (warehouse: string, cdf: number[]) => {
      const origin = net.origins.find(
        (o) => o.service.id === "kerry-nd" && o.warehouse.id === warehouse,
      )!;
      lanes[origin.index] ??= new Array(net.zones.length * 2).fill(undefined);
      lanes[origin.index]![upcountry.index * 2] = history(cdf);
    };
    lane("bkk", [0, 0.9, 1]);
    lane("cnx", [0, 0.5, 0.8, 1]);
    const stock = literalStock([
      { sku: "TEE", warehouse: BKK, available: 5 },
      { sku: "HAT", warehouse: CNX, available: 5 },
    ]);
    const quote = quoteCart({ ...net, learned: { version: 1, lanes } }, stock, NO_CAPACITY_LIMIT, {
      dominatedOptions: "show",
      lines: [
        { skuIndex: skuNo(0), quantity: 1 },
        { skuIndex: skuNo(1), quantity: 1 },
      ],
      zone: upcountry,
      atMs: WEDNESDAY_MORNING,
    });
    const kerry = quote.options[0]!;
    expect(kerry.shipments.map((s) => s.onTimeProbability)).toEqual([0.9, 0.8]);
    // Both parcels on time: 0.9 x 0.8.
    expect(kerry.onTimeProbability).toBeCloseTo(0.72, 12);
    // Without Chiang Mai's history, the cart has no figure to give.
    lanes[net.origins.find((o) => o.service.id === "kerry-nd" && o.warehouse.id === "cnx")!.index] =
      undefined as never;
    const partial = quoteCart(
      { ...net, learned: { version: 2, lanes } },
      stock,
      NO_CAPACITY_LIMIT,
      {
        dominatedOptions: "show",
        lines: [
          { skuIndex: skuNo(0), quantity: 1 },
          { skuIndex: skuNo(1), quantity: 1 },
        ],
        zone: upcountry,
        atMs: WEDNESDAY_MORNING,
      },
    );
    expect(partial.options[0]!.onTimeProbability).toBeUndefined();
  });

  it("holds the shipment of a warehouse until its backordered line arrives", () => {
    const stock = literalStock([
      { sku: "TEE", warehouse: BKK, available: 5 },
      {
        sku: "LAMP",
        warehouse: BKK,
        available: 0,
        inbound: [{ quantity: 3, etaDay: isoDay("2026-12-10") }],
      },
    ]);
    const quote = quoteCart(net, stock, NO_CAPACITY_LIMIT, {
      dominatedOptions: "show",
      lines: [
        { skuIndex: skuNo(0), quantity: 1 },
        { skuIndex: skuNo(1), quantity: 2 },
      ],
      zone: upcountry,
      atMs: WEDNESDAY_MORNING,
    });
    expect(quote.availability).toBe("BACKORDER");
    const kerry = quote.options.find((o) => o.serviceId === "kerry-nd")!;
    expect(
      kerry.shipments.map((s) => [s.warehouseId, formatIsoDay(s.shipDay), s.backorder]),
    ).toEqual([["bkk", "2026-12-12", true]]);
  });

  it("merges lines of the same SKU before checking stock", () => {
    const stock = literalStock([{ sku: "TEE", warehouse: BKK, available: 3 }]);
    const quote = quoteCart(net, stock, NO_CAPACITY_LIMIT, {
      dominatedOptions: "show",
      lines: [
        { skuIndex: skuNo(0), quantity: 2 },
        { skuIndex: skuNo(0), quantity: 2 },
      ],
      zone: upcountry,
      atMs: WEDNESDAY_MORNING,
    });
    expect(quote).toEqual({ availability: "UNAVAILABLE", options: [] });
  });
});
