import { describe, expect, it } from "vitest";
import type { CartLineQuery, CartOption } from "../../src/engine/cart-quote.js";
import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { quoteCart } from "../../src/engine/quote-cart.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import type { ShippingOption } from "../../src/engine/shipping-option.js";
import {
  type CapacityReader,
  NO_CAPACITY_LIMIT,
  type StockReader,
} from "../../src/engine/stock-reader.js";
import { skuNo } from "../support/indexes.js";
import { literalCapacity, loadKey } from "../support/literal-capacity.js";
import { literalStock } from "../support/literal-stock.js";
import { compileFixture, FIXTURE_YAML, fixtureNetwork } from "./fixture-network.js";

/**
 * Each reading of "The rules" (README) that an independent re-implementation found open, pinned
 * with dates worked out by hand on the fixture network (see fixture-network.ts): bkk works Mon-Sat
 * with a 14:00 cut-off, no handling and one receiving day; cnx works Mon-Fri, 13:00; Kerry picks
 * up and delivers Mon-Sat, and takes Sat 2026-12-05 (a Thai public holiday) off. Every order is at
 * 10:00 in Bangkok (03:00Z), before every cut-off.
 */

const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };
const METRO = { countryCode: "TH", postalCode: "10110" };
const REMOTE = { countryCode: "TH", postalCode: "84280" };

/** 10:00 in Bangkok on a date. */
function at(date: string): number {
  return Date.parse(`${date}T03:00:00Z`);
}

function withPeaks(yaml: string, peaks: string): string {
  return `${yaml}peaks:\n${peaks}`;
}

interface Seen {
  ship: string;
  window: [string, string];
  codes: string[];
}

function seen(option: ShippingOption | CartOption | undefined): Seen | undefined {
  if (option === undefined) return undefined;
  const ship = "shipDay" in option ? option.shipDay : option.shipments[0]!.shipDay;
  return {
    ship: formatIsoDay(ship),
    window: [formatIsoDay(option.earliestDay), formatIsoDay(option.latestDay)],
    codes: option.reasons.map((r) => r.code),
  };
}

function optionOf(
  net: CompiledNetwork,
  serviceId: string,
  destination: { countryCode: string; postalCode: string },
  atMs: number,
  capacity: CapacityReader,
  stock: StockReader = literalStock([{ sku: "TEE", warehouse: 0, available: 100 }]),
): ShippingOption | undefined {
  const zone = resolveDestination(net, destination);
  const result = estimate(net, stock, capacity, {
    dominatedOptions: "show",
    skuIndex: skuNo(0),
    quantity: 1,
    zone,
    atMs,
  });
  return result.options.find((o) => o.serviceId === serviceId);
}

describe("1. A peak window applies to the final ship date, inclusive at both ends; a full day can push a shipment into a peak or out of one", () => {
  // Peak on Kerry Next Day (1 day to upcountry) for ship dates Tue 12-01 .. Wed 12-02, +1 day.
  const net = compileFixture(
    withPeaks(
      FIXTURE_YAML.replace(
        "    receiving_days: 1\n",
        "    receiving_days: 1\n    daily_capacity: 10\n",
      ),
      `  - { name: Test peak, from: "2026-12-01", to: "2026-12-02", services: [kerry-nd], extra_transit_days: 1 }\n`,
    ),
  );
  const BKK = net.warehouseById.get("bkk")!.index;
  const free = literalCapacity(net);
  const fullOn = (date: string) =>
    literalCapacity(net, { used: new Map([[loadKey(BKK, isoDay(date)), 10]]) });

  it("a shipment that ships the day before the peak gets no buffer, though it is delivered inside the window", () => {
    expect(seen(optionOf(net, "kerry-nd", UPCOUNTRY, at("2026-11-30"), free))).toEqual({
      ship: "2026-11-30",
      window: ["2026-12-01", "2026-12-01"],
      codes: [],
    });
  });

  it("a shipment on the first and on the last day of the peak gets the buffer", () => {
    // Tue 12-01 + 2 delivery days: Wed 12-02, Thu 12-03. Wed 12-02 + 2: Thu 12-03, Fri 12-04.
    expect(seen(optionOf(net, "kerry-nd", UPCOUNTRY, at("2026-12-01"), free))).toEqual({
      ship: "2026-12-01",
      window: ["2026-12-03", "2026-12-03"],
      codes: ["PEAK_BUFFER"],
    });
    expect(seen(optionOf(net, "kerry-nd", UPCOUNTRY, at("2026-12-02"), free))).toEqual({
      ship: "2026-12-02",
      window: ["2026-12-04", "2026-12-04"],
      codes: ["PEAK_BUFFER"],
    });
  });

  it("a shipment the day after the peak gets no buffer", () => {
    expect(seen(optionOf(net, "kerry-nd", UPCOUNTRY, at("2026-12-03"), free))).toEqual({
      ship: "2026-12-03",
      window: ["2026-12-04", "2026-12-04"],
      codes: [],
    });
  });

  it("an order whose ship date is full the day before the peak is pushed into it and gets the buffer", () => {
    expect(
      seen(optionOf(net, "kerry-nd", UPCOUNTRY, at("2026-11-30"), fullOn("2026-11-30"))),
    ).toEqual({
      ship: "2026-12-01",
      window: ["2026-12-03", "2026-12-03"],
      codes: ["CAPACITY_FULL", "PEAK_BUFFER"],
    });
  });

  it("an order whose ship date is full on the peak's last day is pushed out of it and loses the buffer", () => {
    expect(
      seen(optionOf(net, "kerry-nd", UPCOUNTRY, at("2026-12-02"), fullOn("2026-12-02"))),
    ).toEqual({
      ship: "2026-12-03",
      window: ["2026-12-04", "2026-12-04"],
      codes: ["CAPACITY_FULL"],
    });
  });
});

describe("2. A peak's warehouse_capacity applies to every service at that warehouse, even when the peak lists services; services limits only the buffers and the pickup limit", () => {
  const net = compileFixture(
    withPeaks(
      FIXTURE_YAML,
      `  - name: Kerry peak
    from: "2026-12-01"
    to: "2026-12-02"
    services: [kerry-nd]
    extra_transit_days: 1
    pickup_limit: 2
    warehouse_capacity: { bkk: 5 }
`,
    ),
  );
  const BKK = net.warehouseById.get("bkk")!.index;
  const first = net.horizon.firstDay;
  const kerry = net.services.find((s) => s.id === "kerry-nd")!;
  const flash = net.services.find((s) => s.id === "flash-std")!;
  const kerryAtBkk = net.originsByWarehouse[BKK]!.find((o) => o.service === kerry)!;

  it("compiles the capacity for the warehouse on the peak's days, and the pickup limit for the listed service only", () => {
    const capacity = net.warehouses[BKK]!.capacity;
    expect(
      ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"].map(
        (d) => capacity[isoDay(d) - first],
      ),
    ).toEqual([-1, 5, 5, -1]);
    expect(kerry.pickupLimit[isoDay("2026-12-01") - first]).toBe(2);
    expect(flash.pickupLimit[isoDay("2026-12-01") - first]).toBe(-1);
  });

  it("a full peak day at the warehouse moves a service the peak does not list, which gets no buffer", () => {
    const full = literalCapacity(net, { used: new Map([[loadKey(BKK, isoDay("2026-12-01")), 5]]) });
    expect(seen(optionOf(net, "flash-std", UPCOUNTRY, at("2026-12-01"), full))).toEqual({
      ship: "2026-12-02",
      window: ["2026-12-03", "2026-12-03"],
      codes: ["CAPACITY_FULL"],
    });
    // Kerry, listed, moves too and keeps its buffer: Wed 12-02 + 2 delivery days = Fri 12-04.
    expect(seen(optionOf(net, "kerry-nd", UPCOUNTRY, at("2026-12-01"), full))).toEqual({
      ship: "2026-12-02",
      window: ["2026-12-04", "2026-12-04"],
      codes: ["CAPACITY_FULL", "PEAK_BUFFER"],
    });
  });

  it("the pickup limit holds back only the listed service", () => {
    const picked = literalCapacity(net, {
      picked: new Map([[loadKey(kerryAtBkk.index, isoDay("2026-12-01")), 2]]),
    });
    expect(seen(optionOf(net, "kerry-nd", UPCOUNTRY, at("2026-12-01"), picked))?.ship).toBe(
      "2026-12-02",
    );
    expect(seen(optionOf(net, "flash-std", UPCOUNTRY, at("2026-12-01"), picked))).toEqual({
      ship: "2026-12-01",
      window: ["2026-12-02", "2026-12-02"],
      codes: [],
    });
  });
});

describe("3. A per-date capacity_overrides beats a peak's capacity; with overlapping peaks the largest buffer and capacity and the smallest pickup limit win", () => {
  // Peak A Tue 01-12 .. Thu 01-14 (+1, capacity 50, pickup 30); peak B Wed 01-13 .. Fri 01-15
  // (+2, widen 1, capacity 40, pickup 20); bkk normally 100 a day, 7 on Wed 01-13 by override.
  const net = compileFixture(
    withPeaks(
      FIXTURE_YAML.replace(
        "    receiving_days: 1\n",
        `    receiving_days: 1\n    daily_capacity: 100\n    capacity_overrides: { "2027-01-13": 7 }\n`,
      ),
      `  - { name: Peak A, from: "2027-01-12", to: "2027-01-14", services: [kerry-nd], extra_transit_days: 1, pickup_limit: 30, warehouse_capacity: { bkk: 50 } }
  - { name: Peak B, from: "2027-01-13", to: "2027-01-15", services: [kerry-nd], extra_transit_days: 2, widen_days: 1, pickup_limit: 20, warehouse_capacity: { bkk: 40 } }
`,
    ),
  );
  const BKK = net.warehouseById.get("bkk")!.index;
  const first = net.horizon.firstDay;
  const kerry = net.services.find((s) => s.id === "kerry-nd")!;
  const days = ["2027-01-11", "2027-01-12", "2027-01-13", "2027-01-14", "2027-01-15", "2027-01-16"];
  const per = (table: ArrayLike<number>) => days.map((d) => table[isoDay(d) - first]);

  it("compiles capacity, buffers and pickup limits day by day", () => {
    expect(per(net.warehouses[BKK]!.capacity)).toEqual([100, 50, 7, 50, 40, 100]);
    expect(per(kerry.peakExtraDays)).toEqual([0, 1, 2, 2, 2, 0]);
    expect(per(kerry.peakWidenDays)).toEqual([0, 0, 1, 1, 1, 0]);
    expect(per(kerry.pickupLimit)).toEqual([-1, 30, 20, 20, 20, -1]);
  });

  it("dates a shipment inside both peaks with the larger buffer and widening", () => {
    // Thu 01-14 + 3 delivery days: Fri 15, Sat 16, (Sunday 17 no delivery), Mon 18; + 4: Tue 19.
    expect(
      seen(optionOf(net, "kerry-nd", UPCOUNTRY, at("2027-01-14"), literalCapacity(net))),
    ).toEqual({
      ship: "2027-01-14",
      window: ["2027-01-18", "2027-01-19"],
      codes: ["NON_DELIVERY_DAY", "PEAK_BUFFER"],
    });
  });

  it("fills the overridden day after 7 orders, not 40 or 50", () => {
    const seven = literalCapacity(net, {
      used: new Map([[loadKey(BKK, isoDay("2027-01-13")), 7]]),
    });
    expect(seen(optionOf(net, "flash-std", UPCOUNTRY, at("2027-01-13"), seven))?.ship).toBe(
      "2027-01-14",
    );
    const six = literalCapacity(net, { used: new Map([[loadKey(BKK, isoDay("2027-01-13")), 6]]) });
    expect(seen(optionOf(net, "flash-std", UPCOUNTRY, at("2027-01-13"), six))?.ship).toBe(
      "2027-01-13",
    );
  });
});

describe("4. A same-day service is not offered when a peak buffer or a remote zone adds days", () => {
  // Bangkok Same Day also serves the remote zone here; a buffer peak on Thu 11-26, a peak that
  // only widens on Fri 11-27.
  const net = compileFixture(
    withPeaks(
      FIXTURE_YAML.replace(
        "lanes: [{ from: bkk, to: [th-metro], transit_days: { min: 0, max: 0 } }]",
        "lanes: [{ from: bkk, to: [th-metro, th-remote], transit_days: { min: 0, max: 0 } }]",
      ),
      `  - { name: Buffer day, from: "2026-11-26", to: "2026-11-26", services: [bkk-sameday], extra_transit_days: 1 }
  - { name: Widen day, from: "2026-11-27", to: "2026-11-27", services: [bkk-sameday], widen_days: 2 }
`,
    ),
  );
  const free = literalCapacity(net);

  it("is offered on an ordinary day in the metro zone", () => {
    expect(seen(optionOf(net, "bkk-sameday", METRO, at("2026-11-25"), free))).toEqual({
      ship: "2026-11-25",
      window: ["2026-11-25", "2026-11-25"],
      codes: [],
    });
  });

  it("is not offered to a remote zone, while next day is, a day later", () => {
    expect(optionOf(net, "bkk-sameday", REMOTE, at("2026-11-25"), free)).toBeUndefined();
    expect(seen(optionOf(net, "kerry-nd", REMOTE, at("2026-11-25"), free))?.window).toEqual([
      "2026-11-27",
      "2026-11-27",
    ]);
  });

  it("is not offered on a day a peak adds buffer days", () => {
    expect(optionOf(net, "bkk-sameday", METRO, at("2026-11-26"), free)).toBeUndefined();
  });

  it("is still offered, delivered the same day, on a day a peak only widens", () => {
    expect(seen(optionOf(net, "bkk-sameday", METRO, at("2026-11-27"), free))).toEqual({
      ship: "2026-11-27",
      window: ["2026-11-27", "2026-11-27"],
      codes: [],
    });
  });
});

describe("5. Capacity moves a ship date at most 60 times; then that warehouse does not offer the service, and another warehouse with the stock may", () => {
  // Two warehouses that work every day (no holidays), one order a day at w, no limit at w2; a
  // carrier that picks up and delivers every day: 1 day from w, 3 days from w2.
  const net = compileFixture(`
version: 1
warehouses:
  - id: w
    name: Every day
    time_zone: Asia/Bangkok
    holidays: { country: TH, use_library: false }
    working_days: [mon, tue, wed, thu, fri, sat, sun]
    cutoff: { default: "14:00" }
    daily_capacity: 1
  - id: w2
    name: Far away
    time_zone: Asia/Bangkok
    holidays: { country: TH, use_library: false }
    working_days: [mon, tue, wed, thu, fri, sat, sun]
    cutoff: { default: "14:00" }
carriers:
  - { id: c, name: Every day, holidays: { country: TH, use_library: false } }
services:
  - id: s
    carrier: c
    name: Every day
    level: standard
    pickup_days: [mon, tue, wed, thu, fri, sat, sun]
    delivery_days: [mon, tue, wed, thu, fri, sat, sun]
    origins: [{ warehouse: w, pickup_cutoff: "16:00" }, { warehouse: w2, pickup_cutoff: "16:00" }]
    lanes:
      - { from: w, to: [z], transit_days: { min: 1, max: 1 } }
      - { from: w2, to: [z], transit_days: { min: 3, max: 3 } }
    price: { currency: THB, amount: 10 }
zones:
  - { id: z, country: TH, postal_prefixes: [""] }
`);
  const fullFor = (days: number) => {
    const used = new Map<string, number>();
    for (let k = 0; k < days; k++) used.set(loadKey(0, isoDay("2026-11-25") + k), 1);
    return literalCapacity(net, { used });
  };
  const onlyAtW = literalStock([{ sku: "TEE", warehouse: 0, available: 5 }]);

  it("ships on the 61st ship date, after 60 full ones (Wed 2026-11-25 .. Sat 2027-01-23)", () => {
    const option = optionOf(net, "s", UPCOUNTRY, at("2026-11-25"), fullFor(60), onlyAtW);
    expect(seen(option)?.ship).toBe("2027-01-24");
    expect(seen(option)?.window).toEqual(["2027-01-25", "2027-01-25"]);
    expect(option!.reasons.filter((r) => r.code === "CAPACITY_FULL")).toHaveLength(60);
  });

  it("offers nothing from that warehouse when the 61st ship date is full too", () => {
    const zone = resolveDestination(net, UPCOUNTRY);
    const result = estimate(net, onlyAtW, fullFor(61), {
      dominatedOptions: "show",
      skuIndex: skuNo(0),
      quantity: 1,
      zone,
      atMs: at("2026-11-25"),
    });
    expect(result).toEqual({ availability: "UNAVAILABLE", options: [] });
  });

  it("offers the service from another warehouse that has the stock", () => {
    const both = literalStock([
      { sku: "TEE", warehouse: 0, available: 5 },
      { sku: "TEE", warehouse: 1, available: 5 },
    ]);
    const option = optionOf(net, "s", UPCOUNTRY, at("2026-11-25"), fullFor(61), both);
    expect(option?.warehouseId).toBe("w2");
    expect(seen(option)).toEqual({
      ship: "2026-11-25",
      window: ["2026-11-28", "2026-11-28"],
      codes: [],
    });
  });
});

/** Readings 6 and 7: carts. */
// The fixture plus four Kerry services at bkk and cnx (Kerry's calendar):
// - tie-post lists cnx first; 2 days from either warehouse;
// - wide-post: 2-4 days from bkk, 2 days from cnx;
// - far-post: 1 day from bkk, 3 days from cnx;
// - split-post: 2-4 days from bkk, 3 days from cnx.
const service = (id: string, origins: string, bkk: string, cnx: string) => `
  - id: ${id}
    carrier: kerry
    name: ${id}
    level: standard
    pickup_days: [mon, tue, wed, thu, fri, sat]
    delivery_days: [mon, tue, wed, thu, fri, sat]
    origins: ${origins}
    lanes:
      - { from: bkk, to: [th-up], transit_days: ${bkk} }
      - { from: cnx, to: [th-up], transit_days: ${cnx} }
    price: { currency: THB, amount: 50 }`;
const BOTH = `[{ warehouse: bkk, pickup_cutoff: "16:00" }, { warehouse: cnx, pickup_cutoff: "16:00" }]`;
const cartNet = compileFixture(
  FIXTURE_YAML.replace(
    "\nzones:\n",
    `${[
      service(
        "tie-post",
        `[{ warehouse: cnx, pickup_cutoff: "16:00" }, { warehouse: bkk, pickup_cutoff: "16:00" }]`,
        "{ min: 2, max: 2 }",
        "{ min: 2, max: 2 }",
      ),
      service("wide-post", BOTH, "{ min: 2, max: 4 }", "{ min: 2, max: 2 }"),
      service("far-post", BOTH, "{ min: 1, max: 1 }", "{ min: 3, max: 3 }"),
      service("split-post", BOTH, "{ min: 2, max: 4 }", "{ min: 3, max: 3 }"),
    ].join("")}\nzones:\n`,
  ),
);
const BKK = cartNet.warehouseById.get("bkk")!.index;
const CNX = cartNet.warehouseById.get("cnx")!.index;
const zone = resolveDestination(cartNet, UPCOUNTRY);
const free = literalCapacity(cartNet);
const WEDNESDAY = at("2026-11-25");
const quote = (stock: StockReader, lines: CartLineQuery[]) =>
  quoteCart(cartNet, stock, free, { dominatedOptions: "show", lines, zone, atMs: WEDNESDAY });
const shipmentsOf = (option: CartOption | undefined) =>
  option?.shipments.map((s) => ({
    warehouse: s.warehouseId,
    lines: s.lines.map((l) => `${l.skuIndex}x${l.quantity}`),
    ship: formatIsoDay(s.shipDay),
    window: [formatIsoDay(s.earliestDay), formatIsoDay(s.latestDay)],
  }));
const byId = (options: readonly CartOption[], id: string) =>
  options.find((o) => o.serviceId === id);

describe("6. Carts", () => {
  it('"delivers it best" means the earliest date, then the latest, then the price, then the warehouse listed first', () => {
    const stock = literalStock([
      { sku: "TEE", warehouse: BKK, available: 5 },
      { sku: "TEE", warehouse: CNX, available: 5 },
    ]);
    const { options } = quote(stock, [{ skuIndex: skuNo(0), quantity: 1 }]);
    // Kerry Next Day: Thu 11-26 from bkk beats Fri 11-27 from cnx.
    expect(shipmentsOf(byId(options, "kerry-nd"))).toEqual([
      {
        warehouse: "bkk",
        lines: ["0x1"],
        ship: "2026-11-25",
        window: ["2026-11-26", "2026-11-26"],
      },
    ]);
    // Same earliest date (Fri 11-27); cnx's latest (Fri 11-27) beats bkk's (Mon 11-30).
    expect(shipmentsOf(byId(options, "wide-post"))).toEqual([
      {
        warehouse: "cnx",
        lines: ["0x1"],
        ship: "2026-11-25",
        window: ["2026-11-27", "2026-11-27"],
      },
    ]);
    // A tie in dates and price: bkk, listed first among the warehouses (the service lists cnx first).
    expect(shipmentsOf(byId(options, "tie-post"))).toEqual([
      {
        warehouse: "bkk",
        lines: ["0x1"],
        ship: "2026-11-25",
        window: ["2026-11-27", "2026-11-27"],
      },
    ]);
  });

  it('"fills most of the rest" counts lines, not units', () => {
    // bkk has A (10 units) and B; cnx has B, C and D: cnx fills three lines, bkk two.
    const stock = literalStock([
      { sku: "A", warehouse: BKK, available: 10 },
      { sku: "B", warehouse: BKK, available: 1 },
      { sku: "B", warehouse: CNX, available: 1 },
      { sku: "C", warehouse: CNX, available: 1 },
      { sku: "D", warehouse: CNX, available: 1 },
    ]);
    const { options } = quote(stock, [
      { skuIndex: skuNo(0), quantity: 10 },
      { skuIndex: skuNo(1), quantity: 1 },
      { skuIndex: skuNo(2), quantity: 1 },
      { skuIndex: skuNo(3), quantity: 1 },
    ]);
    expect(shipmentsOf(byId(options, "kerry-nd"))).toEqual([
      {
        warehouse: "bkk",
        lines: ["0x10"],
        ship: "2026-11-25",
        window: ["2026-11-26", "2026-11-26"],
      },
      {
        warehouse: "cnx",
        lines: ["1x1", "2x1", "3x1"],
        ship: "2026-11-25",
        window: ["2026-11-27", "2026-11-27"],
      },
    ]);
  });

  it('"fills most of the rest": a tie goes to the warehouse listed first', () => {
    // bkk has A and B, cnx has B and C: two lines each; tie-post lists cnx first, bkk still wins.
    const stock = literalStock([
      { sku: "A", warehouse: BKK, available: 1 },
      { sku: "B", warehouse: BKK, available: 1 },
      { sku: "B", warehouse: CNX, available: 1 },
      { sku: "C", warehouse: CNX, available: 1 },
    ]);
    const { options } = quote(stock, [
      { skuIndex: skuNo(0), quantity: 1 },
      { skuIndex: skuNo(1), quantity: 1 },
      { skuIndex: skuNo(2), quantity: 1 },
    ]);
    expect(shipmentsOf(byId(options, "tie-post"))?.map((s) => [s.warehouse, s.lines])).toEqual([
      ["bkk", ["0x1", "1x1"]],
      ["cnx", ["2x1"]],
    ]);
  });

  it("a backordered line goes to the warehouse that delivers it first (receiving days included), not the one whose lot arrives first", () => {
    // cnx's lot arrives Wed 11-25: + 1 receiving day, ships Thu 11-26, 3 days: Mon 11-30.
    // bkk's lot arrives Thu 11-26: + 1 receiving day, ships Fri 11-27, 1 day: Sat 11-28.
    const stock = literalStock([
      {
        sku: "LAMP",
        warehouse: CNX,
        available: 0,
        inbound: [{ quantity: 3, etaDay: isoDay("2026-11-25") }],
      },
      {
        sku: "LAMP",
        warehouse: BKK,
        available: 0,
        inbound: [{ quantity: 3, etaDay: isoDay("2026-11-26") }],
      },
    ]);
    const quoted = quote(stock, [{ skuIndex: skuNo(0), quantity: 2 }]);
    expect(quoted.availability).toBe("BACKORDER");
    expect(shipmentsOf(byId(quoted.options, "far-post"))).toEqual([
      {
        warehouse: "bkk",
        lines: ["0x2"],
        ship: "2026-11-27",
        window: ["2026-11-28", "2026-11-28"],
      },
    ]);
  });

  it("duplicate SKU lines are summed", () => {
    // 2 + 2 tees: bkk has 3, cnx has 4, so only cnx can ship them, as one line of 4.
    const stock = literalStock([
      { sku: "TEE", warehouse: BKK, available: 3 },
      { sku: "TEE", warehouse: CNX, available: 4 },
    ]);
    const quoted = quoteCart(fixtureNetwork(), stock, NO_CAPACITY_LIMIT, {
      dominatedOptions: "show",
      lines: [
        { skuIndex: skuNo(0), quantity: 2 },
        { skuIndex: skuNo(0), quantity: 2 },
      ],
      zone: resolveDestination(fixtureNetwork(), UPCOUNTRY),
      atMs: WEDNESDAY,
    });
    expect(quoted.options.map((o) => [o.serviceId, shipmentsOf(o)])).toEqual([
      [
        "kerry-nd",
        [
          {
            warehouse: "cnx",
            lines: ["0x4"],
            ship: "2026-11-25",
            window: ["2026-11-27", "2026-11-27"],
          },
        ],
      ],
    ]);
  });

  it("order_by is the earliest of the shipments'", () => {
    // bkk ships the tee today: its 14:00 cut-off (07:00Z); cnx ships the hat: 13:00 (06:00Z).
    const stock = literalStock([
      { sku: "TEE", warehouse: BKK, available: 5 },
      { sku: "HAT", warehouse: CNX, available: 5 },
    ]);
    const kerry = byId(
      quote(stock, [
        { skuIndex: skuNo(0), quantity: 1 },
        { skuIndex: skuNo(1), quantity: 1 },
      ]).options,
      "kerry-nd",
    )!;
    expect(kerry.shipments.map((s) => new Date(s.orderByMs).toISOString())).toEqual([
      "2026-11-25T07:00:00.000Z",
      "2026-11-25T06:00:00.000Z",
    ]);
    expect(new Date(kerry.orderByMs).toISOString()).toBe("2026-11-25T06:00:00.000Z");
  });
});

describe("7. A cart option's window runs from the latest earliest date to the latest latest date over its shipments: when the whole cart can have arrived", () => {
  it("is neither shipment's own window when one shipment arrives earliest-later and the other latest-later", () => {
    // split-post: the tee from bkk Fri 11-27 .. Mon 11-30, the hat from cnx Sat 11-28 .. Sat 11-28.
    const stock = literalStock([
      { sku: "TEE", warehouse: BKK, available: 5 },
      { sku: "HAT", warehouse: CNX, available: 5 },
    ]);
    const split = byId(
      quote(stock, [
        { skuIndex: skuNo(0), quantity: 1 },
        { skuIndex: skuNo(1), quantity: 1 },
      ]).options,
      "split-post",
    )!;
    expect(shipmentsOf(split)?.map((s) => s.window)).toEqual([
      ["2026-11-27", "2026-11-30"],
      ["2026-11-28", "2026-11-28"],
    ]);
    // Neither shipment's own window.
    expect([formatIsoDay(split.earliestDay), formatIsoDay(split.latestDay)]).toEqual([
      "2026-11-28",
      "2026-11-30",
    ]);
    expect(split.priceCents).toBe(10_000);
  });
});
