import { describe, expect, it } from "vitest";
import type { CartOption } from "../../src/engine/cart-quote.js";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { quoteCart } from "../../src/engine/quote-cart.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { NO_CAPACITY_LIMIT } from "../../src/engine/stock-reader.js";
import { literalStock } from "../support/literal-stock.js";
import { fixtureNetwork } from "./fixture-network.js";

const net = fixtureNetwork();
const BKK = net.warehouseById.get("bkk")!.index;

// Tee and mug in stock at Bangkok DC; the lamp only inbound, arriving Thu 2026-12-10.
const stock = literalStock([
  { sku: "TEE", warehouse: BKK, available: 5 },
  { sku: "MUG", warehouse: BKK, available: 5 },
  {
    sku: "LAMP",
    warehouse: BKK,
    available: 0,
    inbound: [{ quantity: 3, etaDay: isoDay("2026-12-10") }],
  },
]);

function quote() {
  return quoteCart(net, stock, NO_CAPACITY_LIMIT, {
    lines: ["TEE", "MUG", "LAMP"].map((sku) => ({ skuIndex: stock.skuIndex(sku), quantity: 1 })),
    zone: resolveDestination(net, { countryCode: "TH", postalCode: "30000" }),
    // Wednesday 2026-11-25 10:00 in Bangkok, before the 14:00 cut-off.
    atMs: Date.parse("2026-11-25T03:00:00Z"),
    dominatedOptions: "show",
  });
}

const sku = (i: number) =>
  stock.skuIndex("TEE") === i ? "TEE" : stock.skuIndex("MUG") === i ? "MUG" : "LAMP";

function shape(option: CartOption | undefined) {
  if (option === undefined) return undefined;
  return {
    window: `${formatIsoDay(option.earliestDay)}..${formatIsoDay(option.latestDay)}`,
    price: option.priceCents,
    shipments: option.shipments.map((s) => ({
      lines: s.lines.map((l) => sku(l.skuIndex)).join(","),
      ship: formatIsoDay(s.shipDay),
      window: `${formatIsoDay(s.earliestDay)}..${formatIsoDay(s.latestDay)}`,
      price: s.priceCents,
      backorder: s.backorder,
    })),
  };
}

describe("ship together or as available (3-line cart, one line backordered)", () => {
  it("Kerry Next Day: together ships all three after the lamp is received; as available ships tee and mug today and the lamp later, for two prices", () => {
    const kerry = quote().options.find((o) => o.serviceId === "kerry-nd")!;
    // Together: the lamp arrives Thu 10 Dec (Constitution Day, a Bangkok DC holiday), so the first
    // working day on or after it is Fri 11; one receiving day: released Sat 12, Kerry picks up
    // Saturdays: ships Sat 12, one delivery day (no Sunday delivery): Mon 14. THB 45.
    expect(shape(kerry)).toEqual({
      window: "2026-12-14..2026-12-14",
      price: 4500,
      shipments: [
        {
          lines: "TEE,MUG,LAMP",
          ship: "2026-12-12",
          window: "2026-12-14..2026-12-14",
          price: 4500,
          backorder: true,
        },
      ],
    });
    // As available: tee and mug ship today (Wed 25 Nov, before 14:00) and arrive Thu 26; the lamp
    // ships Sat 12 Dec and arrives Mon 14. Two shipments, THB 45 each.
    expect(shape(kerry.asAvailable)).toEqual({
      window: "2026-11-26..2026-12-14",
      price: 9000,
      shipments: [
        {
          lines: "TEE,MUG",
          ship: "2026-11-25",
          window: "2026-11-26..2026-11-26",
          price: 4500,
          backorder: false,
        },
        {
          lines: "LAMP",
          ship: "2026-12-12",
          window: "2026-12-14..2026-12-14",
          price: 4500,
          backorder: true,
        },
      ],
    });
  });

  it("offers no alternative when everything is in stock (nothing differs)", () => {
    const inStock = quoteCart(net, stock, NO_CAPACITY_LIMIT, {
      lines: [
        { skuIndex: stock.skuIndex("TEE"), quantity: 1 },
        { skuIndex: stock.skuIndex("MUG"), quantity: 1 },
      ],
      zone: resolveDestination(net, { countryCode: "TH", postalCode: "30000" }),
      atMs: Date.parse("2026-11-25T03:00:00Z"),
      dominatedOptions: "show",
    });
    expect(inStock.options.map((o) => o.asAvailable)).toEqual(inStock.options.map(() => undefined));
  });
});
