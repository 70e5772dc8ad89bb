import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import { MS_PER_DAY } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { localDayOf } from "../../src/engine/local-day.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { NO_CAPACITY_LIMIT } from "../../src/engine/stock-reader.js";
import { skuNo } from "../support/indexes.js";
import { literalStock } from "../support/literal-stock.js";
import { compileFixture, FIXTURE_TODAY } from "./fixture-network.js";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** A random but valid network: one warehouse, one carrier, a few services, in a random zone. */
const networkArbitrary = fc
  .record({
    zone: fc.constantFrom(
      "Asia/Bangkok",
      "Europe/Amsterdam",
      "America/New_York",
      "Australia/Lord_Howe",
    ),
    country: fc.constantFrom("TH", "VN", "NL", "US"),
    working: fc.subarray([...WEEKDAYS], { minLength: 1 }),
    cutoffHour: fc.integer({ min: 0, max: 23 }),
    cutoffMinute: fc.constantFrom(0, 1, 30, 59),
    handling: fc.integer({ min: 0, max: 3 }),
    services: fc.array(
      fc.record({
        pickup: fc.subarray([...WEEKDAYS], { minLength: 1 }),
        delivery: fc.subarray([...WEEKDAYS], { minLength: 1 }),
        pickupHour: fc.integer({ min: 0, max: 23 }),
        handling: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
        min: fc.integer({ min: 1, max: 4 }),
        extra: fc.integer({ min: 0, max: 3 }),
        closure: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map((spec) => {
    const pad = (n: number) => String(n).padStart(2, "0");
    const closureDate = (offset: number) =>
      new Date((FIXTURE_TODAY - 300 + offset) * MS_PER_DAY).toISOString().slice(0, 10);
    const services = spec.services
      .map(
        (s, i) => `
  - id: s${i}
    carrier: c${i}
    name: Service ${i}
    level: standard
    pickup_days: [${s.pickup.join(", ")}]
    delivery_days: [${s.delivery.join(", ")}]
    origins: [{ warehouse: w, pickup_cutoff: "${pad(s.pickupHour)}:00"${s.handling === undefined ? "" : `, handling_days: ${s.handling}`} }]
    lanes: [{ from: w, to: [z], transit_days: { min: ${s.min}, max: ${s.min + s.extra} } }]
    price: { currency: THB, amount: ${10 + i} }`,
      )
      .join("");
    const carriers = spec.services
      .map(
        (s, i) => `
  - id: c${i}
    name: Carrier ${i}
    holidays: { country: ${spec.country} }${
      s.closure === undefined
        ? ""
        : `
    closures: [{ from: ${closureDate(s.closure)}, to: ${closureDate(s.closure + 9)}, name: Shutdown }]`
    }`,
      )
      .join("");
    return `
version: 1
warehouses:
  - id: w
    name: W
    time_zone: ${spec.zone}
    holidays: { country: ${spec.country} }
    working_days: [${spec.working.join(", ")}]
    cutoff: { default: "${pad(spec.cutoffHour)}:${pad(spec.cutoffMinute)}" }
    handling_days: ${spec.handling}
carriers:${carriers}
services:${services}
zones:
  - { id: z, country: ${spec.country}, postal_prefixes: [""] }
`;
  });

const compiled = new Map<string, CompiledNetwork>();
function compile(yaml: string): CompiledNetwork {
  let net = compiled.get(yaml);
  if (net === undefined) {
    net = compileFixture(yaml);
    compiled.set(yaml, net);
  }
  return net;
}

/** Order instants from 300 days before to 600 days after the fixture's today. */
const instantArbitrary = fc.integer({
  min: (FIXTURE_TODAY - 300) * MS_PER_DAY,
  max: (FIXTURE_TODAY + 600) * MS_PER_DAY,
});

const POSTAL: Record<string, string> = { TH: "10110", VN: "700000", NL: "1011AB", US: "10001" };

function run(net: CompiledNetwork, atMs: number, available: number) {
  const country = net.zones[0]!.country;
  const zone = resolveDestination(net, { countryCode: country, postalCode: POSTAL[country]! });
  const stock = literalStock([{ sku: "X", warehouse: 0, available }]);
  return estimate(net, stock, NO_CAPACITY_LIMIT, {
    skuIndex: skuNo(0),
    quantity: 1,
    zone,
    atMs,
    // These properties are about dates: every option, dominated or not.
    dominatedOptions: "show",
  });
}

describe("estimate properties over random networks and instants", () => {
  it("never dates delivery before shipping, shipping before release, or release before the order", () => {
    let offered = 0;
    fc.assert(
      fc.property(networkArbitrary, instantArbitrary, (yaml, atMs) => {
        const net = compile(yaml);
        const orderDay = localDayOf(net.warehouses[0]!, net.horizon, atMs);
        for (const option of run(net, atMs, 5).options) {
          expect(option.releaseDay).toBeGreaterThanOrEqual(orderDay);
          expect(option.shipDay).toBeGreaterThanOrEqual(option.releaseDay);
          expect(option.earliestDay).toBeGreaterThan(option.shipDay);
          expect(option.latestDay).toBeGreaterThanOrEqual(option.earliestDay);
          expect(net.warehouses[0]!.working[option.shipDay - net.horizon.firstDay]).toBe(1);
          offered++;
        }
      }),
      { numRuns: 80 },
    );
    // The property is only worth something if the random networks do offer options.
    expect(offered).toBeGreaterThan(40);
  });

  it("gives an order_by after the order instant, which really is the last instant for those dates", () => {
    fc.assert(
      fc.property(networkArbitrary, instantArbitrary, (yaml, atMs) => {
        const net = compile(yaml);
        const now = run(net, atMs, 5).options;
        for (const option of now) {
          expect(option.orderByMs).toBeGreaterThan(atMs);
          const justBefore = run(net, option.orderByMs - 1, 5).options.find(
            (o) => o.serviceId === option.serviceId,
          );
          expect(justBefore?.shipDay).toBe(option.shipDay);
          expect(justBefore?.latestDay).toBe(option.latestDay);
          const atCutoff = run(net, option.orderByMs, 5).options.find(
            (o) => o.serviceId === option.serviceId,
          );
          if (atCutoff !== undefined) expect(atCutoff.shipDay).toBeGreaterThan(option.shipDay);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("never offers an option from a warehouse without the stock", () => {
    fc.assert(
      fc.property(networkArbitrary, instantArbitrary, (yaml, atMs) => {
        const result = run(compile(yaml), atMs, 0);
        expect(result).toEqual({ availability: "UNAVAILABLE", options: [] });
      }),
      { numRuns: 50 },
    );
  });
});
