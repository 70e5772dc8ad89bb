import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CartQuote } from "../../src/engine/cart-quote.js";
import { type Day, formatIsoDay, isoDay, MS_PER_DAY } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { NO_SKU } from "../../src/engine/network-index.js";
import { quoteCart } from "../../src/engine/quote-cart.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import type { EstimateResult } from "../../src/engine/shipping-option.js";
import type { InboundLot, StockReader } from "../../src/engine/stock-reader.js";
import { skuNo } from "../support/indexes.js";
import { literalCapacity, loadKey } from "../support/literal-capacity.js";
import { compileFixture, FIXTURE_YAML } from "./fixture-network.js";

/**
 * The fixture plus what makes a one-line cart interesting:
 * - `ems-intl` (Thailand Post, express): Bangkok to Ho Chi Minh City, 3-5 days, the issue's
 *   example of a product page and a checkout that disagreed;
 * - `dhl-asia` (standard): picks up at hcm and bkk, listed in that order (the reverse of the
 *   warehouses), with the same transit from both to upcountry Thailand, so ties between
 *   warehouses happen;
 * - daily capacity: bkk 3 orders, cnx 2;
 * - a 12.12 peak on every service (buffer 1, widen 1, pickup limit 3, bkk capacity 4).
 */
const ONE_LINE_YAML = FIXTURE_YAML.replace(
  "    handling_days: 0\n    receiving_days: 1\n",
  "    handling_days: 0\n    receiving_days: 1\n    daily_capacity: 3\n",
)
  .replace(
    '    cutoff: { default: "13:00" }\n',
    '    cutoff: { default: "13:00" }\n    daily_capacity: 2\n',
  )
  .replace(
    "\nzones:\n",
    `
  - id: ems-intl
    carrier: thpost
    name: EMS International
    level: express
    pickup_days: [mon, tue, wed, thu, fri, sat]
    delivery_days: [mon, tue, wed, thu, fri, sat]
    origins: [{ warehouse: bkk, pickup_cutoff: "15:00", handling_days: 2 }]
    lanes: [{ from: bkk, to: [vn-hcm], transit_days: { min: 3, max: 5 } }]
    price: { currency: VND, amount: 250000 }
  - id: dhl-asia
    carrier: kerry
    name: DHL Asia
    level: standard
    pickup_days: [mon, tue, wed, thu, fri]
    delivery_days: [mon, tue, wed, thu, fri, sat]
    origins: [{ warehouse: hcm, pickup_cutoff: "17:00" }, { warehouse: bkk, pickup_cutoff: "17:00" }]
    lanes:
      - { from: hcm, to: [th-up], transit_days: { min: 2, max: 3 } }
      - { from: bkk, to: [th-up], transit_days: { min: 2, max: 3 } }
    price: { currency: THB, amount: 55 }
zones:
`,
  )
  .concat(`peaks:
  - name: 12.12 sale
    from: "2026-12-10"
    to: "2026-12-13"
    extra_transit_days: 1
    widen_days: 1
    pickup_limit: 3
    warehouse_capacity: { bkk: 4 }
`);

const net = compileFixture(ONE_LINE_YAML);
const POSTAL_CODES = ["10110", "30000", "84280", "70000", "1011AB"];

interface StockRow {
  readonly available: number;
  readonly backordered: number;
  readonly inbound: readonly InboundLot[];
}

/** One SKU (index 0) over the four warehouses. */
function stockOf(rows: readonly StockRow[]): StockReader {
  return {
    skuIndex: (sku) => (sku === "TEA" ? skuNo(0) : NO_SKU),
    available: (_, w) => rows[w]?.available ?? 0,
    backordered: (_, w) => rows[w]?.backordered ?? 0,
    inbound: (_, w) => [...(rows[w]?.inbound ?? [])].sort((a, b) => a.etaDay - b.etaDay),
  };
}

/** What a shopper sees of each option: the same fields from an estimate and from a cart quote. */
function fromEstimate(result: EstimateResult) {
  return {
    availability: result.availability,
    options: result.options.map((o) => ({
      serviceId: o.serviceId,
      warehouseId: o.warehouseId,
      shipDay: o.shipDay,
      earliestDay: o.earliestDay,
      latestDay: o.latestDay,
      orderByMs: o.orderByMs,
      priceCents: o.priceCents,
      currency: o.currency,
      backorder: o.backorder,
      reasons: o.reasons,
      fastest: o.fastest,
      cheapest: o.cheapest,
    })),
  };
}

function fromCart(quote: CartQuote) {
  return {
    availability: quote.availability,
    options: quote.options.map((o) => {
      expect(o.shipments).toHaveLength(1);
      const shipment = o.shipments[0]!;
      return {
        serviceId: o.serviceId,
        warehouseId: shipment.warehouseId,
        shipDay: shipment.shipDay,
        earliestDay: o.earliestDay,
        latestDay: o.latestDay,
        orderByMs: o.orderByMs,
        priceCents: o.priceCents,
        currency: o.currency,
        backorder: shipment.backorder,
        reasons: o.reasons,
        fastest: o.fastest,
        cheapest: o.cheapest,
      };
    }),
  };
}

const ORDER_FROM = isoDay("2026-11-20");
const ORDER_TO = isoDay("2027-03-01");

/** An order instant: anywhere in the span, or within a millisecond of a round hour (cut-offs). */
const instantArbitrary = fc.oneof(
  fc.integer({ min: ORDER_FROM * MS_PER_DAY, max: ORDER_TO * MS_PER_DAY }),
  fc
    .record({
      day: fc.integer({ min: ORDER_FROM, max: ORDER_TO }),
      hour: fc.integer({ min: 0, max: 23 }),
      delta: fc.constantFrom(-1, 0, 1),
    })
    .map(({ day, hour, delta }) => day * MS_PER_DAY + hour * 3_600_000 + delta),
);

const rowArbitrary = fc.record({
  available: fc.integer({ min: 0, max: 6 }),
  backordered: fc.integer({ min: 0, max: 3 }),
  inbound: fc.array(
    fc.record({
      quantity: fc.integer({ min: 1, max: 6 }),
      offset: fc.integer({ min: -5, max: 40 }),
    }),
    { maxLength: 2 },
  ),
});

/** Loaded (warehouse or origin, day offset from the order day) pairs. */
const loadArbitrary = (keys: number) =>
  fc.array(
    fc.record({
      key: fc.integer({ min: 0, max: keys - 1 }),
      offset: fc.integer({ min: 0, max: 12 }),
      count: fc.integer({ min: 1, max: 4 }),
    }),
    { maxLength: 16 },
  );

const caseArbitrary = fc.record({
  atMs: instantArbitrary,
  postalCode: fc.constantFrom(...POSTAL_CODES),
  quantity: fc.integer({ min: 1, max: 6 }),
  rows: fc.array(rowArbitrary, { minLength: 4, maxLength: 4 }),
  used: loadArbitrary(net.warehouses.length),
  picked: loadArbitrary(net.origins.length),
  fullAtHours: fc.array(
    fc.record({ key: fc.integer({ min: 0, max: 3 }), offset: fc.integer({ min: 0, max: 5 }) }),
    { maxLength: 3 },
  ),
  cartValueBaht: fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: undefined }),
});

describe("a one-line cart gets exactly the options Estimate gives", () => {
  it("for every one-line cart, QuoteCart's options equal Estimate's: services, warehouses, ship dates, windows, order_by, prices, reasons and flags", () => {
    const seen = { inStock: 0, backorder: 0, options: 0, capacityFull: 0 };
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const orderDay = Math.floor(c.atMs / MS_PER_DAY) as Day;
        const stock = stockOf(
          c.rows.map((row) => ({
            available: row.available,
            backordered: row.backordered,
            inbound: row.inbound.map((lot) => ({
              quantity: lot.quantity,
              etaDay: (orderDay + lot.offset) as Day,
            })),
          })),
        );
        const load = (entries: readonly { key: number; offset: number; count: number }[]) => {
          const map = new Map<string, number>();
          for (const e of entries) {
            const k = loadKey(e.key, orderDay + e.offset);
            map.set(k, (map.get(k) ?? 0) + e.count);
          }
          return map;
        };
        const fullAt = new Map(
          c.fullAtHours.map((e) => [
            loadKey(e.key, orderDay + e.offset),
            c.atMs + (e.offset + 1) * 3_600_000,
          ]),
        );
        const capacity = literalCapacity(net, {
          used: load(c.used),
          picked: load(c.picked),
          fullAt,
        });
        const zone = resolveDestination(net, {
          countryCode: c.postalCode === "1011AB" ? "NL" : c.postalCode === "70000" ? "VN" : "TH",
          postalCode: c.postalCode,
        });
        const cartValue =
          c.cartValueBaht === undefined
            ? undefined
            : { currency: "THB", cents: c.cartValueBaht * 100 };
        const query = { zone, atMs: c.atMs, cartValue };
        const product = estimate(net, stock, capacity, {
          dominatedOptions: "hide",
          ...query,
          skuIndex: skuNo(0),
          quantity: c.quantity,
        });
        const cart = quoteCart(net, stock, capacity, {
          dominatedOptions: "hide",
          ...query,
          lines: [{ skuIndex: skuNo(0), quantity: c.quantity }],
        });
        expect(fromCart(cart)).toEqual(fromEstimate(product));
        if (product.availability === "IN_STOCK") seen.inStock++;
        if (product.availability === "BACKORDER") seen.backorder++;
        seen.options += product.options.length;
        if (product.options.some((o) => o.reasons.some((r) => r.code === "CAPACITY_FULL"))) {
          seen.capacityFull++;
        }
      }),
      { numRuns: 3_000 },
    );
    // The property only says something if the cases reach every branch.
    expect(seen.inStock).toBeGreaterThan(300);
    expect(seen.backorder).toBeGreaterThan(100);
    expect(seen.capacityFull).toBeGreaterThan(20);
  });

  it("TEA x5 to Ho Chi Minh City, in stock in Bangkok and inbound in Ho Chi Minh City, gets only the EMS option from Bangkok, at checkout as on the product page", () => {
    const BKK = net.warehouseById.get("bkk")!.index;
    const HCM = net.warehouseById.get("hcm")!.index;
    const rows: StockRow[] = [];
    rows[BKK] = { available: 5, backordered: 0, inbound: [] };
    rows[HCM] = {
      available: 0,
      backordered: 0,
      inbound: [{ quantity: 20, etaDay: isoDay("2026-12-01") }],
    };
    const stock = stockOf(rows);
    const zone = resolveDestination(net, { countryCode: "VN", postalCode: "70000" });
    // Wednesday 2026-11-25 10:00 in Bangkok, before its 14:00 cut-off.
    const atMs = Date.parse("2026-11-25T03:00:00Z");
    const capacity = literalCapacity(net);
    const product = estimate(net, stock, capacity, {
      dominatedOptions: "hide",
      skuIndex: skuNo(0),
      quantity: 5,
      zone,
      atMs,
    });
    const cart = quoteCart(net, stock, capacity, {
      dominatedOptions: "hide",
      lines: [{ skuIndex: skuNo(0), quantity: 5 }],
      zone,
      atMs,
    });
    // EMS: released Wed 11-25, 2 handling days (Thu, Fri) -> ships Fri 11-27; 3-5 delivery days
    // (Mon-Sat): Sat 11-28, Mon 11-30, Tue 12-01 .. Wed 12-02, Thu 12-03. Released Thursday it
    // would ship Saturday, so order_by is Wednesday's 14:00 cut-off (07:00Z). GHN does not
    // backorder Ho Chi Minh City's inbound lot: Bangkok has the tea now.
    const expected = [
      {
        serviceId: "ems-intl",
        warehouseId: "bkk",
        ship: "2026-11-27",
        window: ["2026-12-01", "2026-12-03"],
        orderBy: "2026-11-25T07:00:00.000Z",
        backorder: false,
      },
    ];
    const shown = (r: ReturnType<typeof fromEstimate>) =>
      r.options.map((o) => ({
        serviceId: o.serviceId,
        warehouseId: o.warehouseId,
        ship: formatIsoDay(o.shipDay),
        window: [formatIsoDay(o.earliestDay), formatIsoDay(o.latestDay)],
        orderBy: new Date(o.orderByMs).toISOString(),
        backorder: o.backorder,
      }));
    expect(product.availability).toBe("IN_STOCK");
    expect(shown(fromEstimate(product))).toEqual(expected);
    expect(cart.availability).toBe("IN_STOCK");
    expect(shown(fromCart(cart))).toEqual(expected);
  });
});

/** Several SKUs over the four warehouses: rows[sku][warehouse]. */
function cartStockOf(rows: readonly (readonly StockRow[])[]): StockReader {
  return {
    skuIndex: (sku) => skuNo(Number(sku.slice(1))),
    available: (s, w) => rows[s]?.[w]?.available ?? 0,
    backordered: (s, w) => rows[s]?.[w]?.backordered ?? 0,
    inbound: (s, w) => [...(rows[s]?.[w]?.inbound ?? [])].sort((a, b) => a.etaDay - b.etaDay),
  };
}

const cartArbitrary = fc.record({
  atMs: instantArbitrary,
  postalCode: fc.constantFrom(...POSTAL_CODES),
  lines: fc.array(
    fc.record({
      quantity: fc.integer({ min: 1, max: 6 }),
      rows: fc.array(rowArbitrary, { minLength: 4, maxLength: 4 }),
    }),
    { minLength: 2, maxLength: 3 },
  ),
  used: loadArbitrary(net.warehouses.length),
});

describe("a cart shows nothing the product page does not", () => {
  it("every service QuoteCart offers for a cart, Estimate offers for each of its lines", () => {
    let offered = 0;
    fc.assert(
      fc.property(cartArbitrary, (c) => {
        const orderDay = Math.floor(c.atMs / MS_PER_DAY) as Day;
        const stock = cartStockOf(
          c.lines.map((line) =>
            line.rows.map((row) => ({
              available: row.available,
              backordered: row.backordered,
              inbound: row.inbound.map((lot) => ({
                quantity: lot.quantity,
                etaDay: (orderDay + lot.offset) as Day,
              })),
            })),
          ),
        );
        const used = new Map<string, number>();
        for (const e of c.used) {
          const k = loadKey(e.key, orderDay + e.offset);
          used.set(k, (used.get(k) ?? 0) + e.count);
        }
        const capacity = literalCapacity(net, { used });
        const zone = resolveDestination(net, {
          countryCode: c.postalCode === "1011AB" ? "NL" : c.postalCode === "70000" ? "VN" : "TH",
          postalCode: c.postalCode,
        });
        const lines = c.lines.map((line, i) => ({ skuIndex: skuNo(i), quantity: line.quantity }));
        const cart = quoteCart(net, stock, capacity, {
          dominatedOptions: "show",
          lines,
          zone,
          atMs: c.atMs,
        });
        for (const line of lines) {
          const page = estimate(net, stock, capacity, {
            dominatedOptions: "show",
            ...line,
            zone,
            atMs: c.atMs,
          });
          const shown = new Set(page.options.map((o) => o.serviceId));
          for (const option of cart.options) expect(shown).toContain(option.serviceId);
        }
        offered += cart.options.length;
      }),
      { numRuns: 2_000 },
    );
    expect(offered).toBeGreaterThan(200);
  });
});
