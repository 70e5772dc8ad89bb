import { describe, expect, it } from "vitest";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import type { GeoPoint } from "../../src/engine/geo-point.js";
import { type PickupOption, pickupOptions } from "../../src/engine/pickup-options.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { NO_CAPACITY_LIMIT, type StockReader } from "../../src/engine/stock-reader.js";
import { literalCapacity, loadKey } from "../support/literal-capacity.js";
import { literalStock } from "../support/literal-stock.js";
import { compileFixture, FIXTURE_YAML } from "./fixture-network.js";
import { STORES_YAML, storeNetwork } from "./store-fixture.js";

const net = storeNetwork();
const loc = (id: string) => net.warehouseById.get(id)!.index;
const BKK = loc("bkk");
const SIAM = loc("siam");

const stock = literalStock([
  { sku: "TEE", warehouse: SIAM, available: 5 },
  { sku: "TEE", warehouse: loc("ladprao"), available: 5 },
  { sku: "TEE", warehouse: loc("rangsit"), available: 5 },
  { sku: "TEE", warehouse: loc("ams-store"), available: 5 },
  { sku: "LAMP", warehouse: BKK, available: 9 },
]);

interface Run {
  at: string;
  postal?: string;
  country?: string;
  sku?: string;
  point?: GeoPoint;
  max?: number;
  reader?: StockReader;
  capacity?: Parameters<typeof pickupOptions>[2];
}

function run(r: Run): PickupOption[] {
  const reader = r.reader ?? stock;
  const zone = resolveDestination(net, {
    countryCode: r.country ?? "TH",
    postalCode: r.postal ?? "10330",
  });
  return pickupOptions(net, reader, r.capacity ?? NO_CAPACITY_LIMIT, {
    lines: [{ skuIndex: reader.skuIndex(r.sku ?? "TEE"), quantity: 1 }],
    zone,
    point: r.point,
    atMs: Date.parse(r.at),
    maxStores: r.max ?? 3,
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

function summary(o: PickupOption | undefined) {
  if (o === undefined) return undefined;
  return {
    store: o.storeId,
    ready: iso(o.readyAtMs),
    orderBy: iso(o.orderByMs),
    until: iso(o.pickUpUntilMs),
    reasons: o.reasons.map((r) =>
      [r.code, r.day === undefined ? "" : formatIsoDay(r.day), r.detail ?? ""].join(" ").trim(),
    ),
  };
}

describe("pick-up at a Bangkok mall store (UTC+7, open every day 10:00-22:00)", () => {
  it("an order at 15:07 on Monday is ready today at 16:15 (16:07 rounded up to the quarter hour), order by 20:00, held until Thursday 22:00", () => {
    const siam = run({ at: "2026-11-23T08:07:00Z" }).find((o) => o.storeId === "siam");
    expect(summary(siam)).toEqual({
      store: "siam",
      ready: "2026-11-23T09:15:00.000Z",
      orderBy: "2026-11-23T13:00:00.000Z",
      until: "2026-11-26T15:00:00.000Z",
      reasons: [],
    });
    expect(siam!.readyDay).toBe(isoDay("2026-11-23"));
  });

  it("an order at 21:00, after the 20:00 last order time, is ready Tuesday at 11:00 (opening plus an hour)", () => {
    expect(summary(run({ at: "2026-11-23T14:00:00Z" })[0])).toEqual({
      store: "siam",
      ready: "2026-11-24T04:00:00.000Z",
      orderBy: "2026-11-24T13:00:00.000Z",
      until: "2026-11-27T15:00:00.000Z",
      reasons: ["AFTER_CUTOFF 2026-11-23"],
    });
  });

  it("on 2026-12-31 the per-date hours 10:00-18:00 move the last order to 17:00: 16:30 is ready at 17:30, 17:30 is ready on 1 January at 11:00", () => {
    expect(summary(run({ at: "2026-12-31T09:30:00Z" })[0])).toMatchObject({
      ready: "2026-12-31T10:30:00.000Z",
      orderBy: "2026-12-31T10:00:00.000Z",
    });
    expect(summary(run({ at: "2026-12-31T10:30:00Z" })[0])).toMatchObject({
      ready: "2027-01-01T04:00:00.000Z",
      reasons: ["AFTER_CUTOFF 2026-12-31"],
    });
  });

  it("when the day's two pick-ups are taken, the order is ready the next day at 11:00 (CAPACITY_FULL)", () => {
    const capacity = literalCapacity(net, {
      used: new Map([[loadKey(SIAM, isoDay("2026-11-23")), 2]]),
    });
    expect(summary(run({ at: "2026-11-23T03:00:00Z", capacity })[0])).toMatchObject({
      ready: "2026-11-24T04:00:00.000Z",
      reasons: ["CAPACITY_FULL 2026-11-23"],
    });
  });
});

describe("pick-up at a store closed on public holidays and Sundays", () => {
  it("an order on Wednesday 2026-12-09 at 20:00 (after 19:00) skips Constitution Day and is ready Friday 10:30", () => {
    const ladprao = run({ at: "2026-12-09T13:00:00Z" }).find((o) => o.storeId === "ladprao");
    expect(summary(ladprao)).toEqual({
      store: "ladprao",
      ready: "2026-12-11T03:30:00.000Z",
      orderBy: "2026-12-11T12:00:00.000Z",
      // Held 7 open days after Friday: Sat 12, Mon 14 ... Sat 19 (Sunday closed), until 21:00.
      until: "2026-12-19T14:00:00.000Z",
      reasons: ["AFTER_CUTOFF 2026-12-09", "WAREHOUSE_HOLIDAY 2026-12-10 Constitution Day"],
    });
  });
});

describe("pick-up in a European store across the end of summer time (Amsterdam, 2026-10-25)", () => {
  it("an order on Friday 2026-10-23 at 11:30 CEST is ready at 13:30 CEST (11:30Z), order by 16:00 CEST (14:00Z)", () => {
    expect(
      summary(run({ at: "2026-10-23T09:30:00Z", country: "NL", postal: "1012LG" })[0]),
    ).toEqual({
      store: "ams-store",
      ready: "2026-10-23T11:30:00.000Z",
      orderBy: "2026-10-23T14:00:00.000Z",
      // Held 2 open days: Saturday 24 and Monday 26 (now CET), until 18:00 = 17:00Z.
      until: "2026-10-26T17:00:00.000Z",
      reasons: [],
    });
  });

  it("an order on Saturday at 14:30Z (16:30 CEST, after the 16:00 last order) is ready Monday at 11:00 CET = 10:00Z", () => {
    expect(
      summary(run({ at: "2026-10-24T14:30:00Z", country: "NL", postal: "1012LG" })[0]),
    ).toEqual({
      store: "ams-store",
      ready: "2026-10-26T10:00:00.000Z",
      orderBy: "2026-10-26T15:00:00.000Z",
      until: "2026-10-28T17:00:00.000Z",
      reasons: ["AFTER_CUTOFF 2026-10-24"],
    });
  });
});

describe("pick-up by transfer from a warehouse when the store lacks the item", () => {
  it("a lamp ordered Monday 10:00 leaves Bangkok DC Monday (cut-off 12:00) and is ready at Siam on Tuesday 11:00", () => {
    const siam = run({ at: "2026-11-23T03:00:00Z", sku: "LAMP" })[0];
    expect(summary(siam)).toEqual({
      store: "siam",
      ready: "2026-11-24T04:00:00.000Z",
      orderBy: "2026-11-23T05:00:00.000Z",
      until: "2026-11-27T15:00:00.000Z",
      reasons: ["STORE_TRANSFER 2026-11-23 Bangkok DC"],
    });
    expect(siam!.sources).toEqual([
      {
        warehouseIndex: BKK,
        warehouseId: "bkk",
        transfer: true,
        departDay: isoDay("2026-11-23"),
        backorder: false,
        origin: undefined,
        lines: [{ skuIndex: stock.skuIndex("LAMP"), quantity: 1 }],
      },
    ]);
  });

  it("a lamp ordered on the King's birthday (Sat 2026-12-05) waits for Tuesday's transfer (the substitute Monday is off too) and is ready Wednesday 11:00", () => {
    expect(summary(run({ at: "2026-12-05T06:00:00Z", sku: "LAMP" })[0])).toEqual({
      store: "siam",
      ready: "2026-12-09T04:00:00.000Z",
      orderBy: "2026-12-08T05:00:00.000Z",
      until: "2026-12-12T15:00:00.000Z",
      reasons: [
        "WAREHOUSE_HOLIDAY 2026-12-05 King Bhumibol Adulyadej's Birthday",
        "WAREHOUSE_HOLIDAY 2026-12-07 Substitute for King Bhumibol's Birthday",
        "STORE_TRANSFER 2026-12-08 Bangkok DC",
      ],
    });
  });

  it("a lamp only inbound at Bangkok DC (5 arriving Wed 25 Nov) leaves after receiving, Thu 26, and is ready at Siam Fri 27 at 11:00 (INBOUND_STOCK)", () => {
    const inbound = literalStock([
      {
        sku: "LAMP",
        warehouse: BKK,
        available: 0,
        inbound: [{ quantity: 5, etaDay: isoDay("2026-11-25") }],
      },
    ]);
    const [siam] = run({ at: "2026-11-23T03:00:00Z", sku: "LAMP", reader: inbound });
    expect(summary(siam)).toEqual({
      store: "siam",
      ready: "2026-11-27T04:00:00.000Z",
      // Thursday's lane cut-off: the transfer leaves that day.
      orderBy: "2026-11-26T05:00:00.000Z",
      until: "2026-11-30T15:00:00.000Z",
      reasons: ["INBOUND_STOCK 2026-11-25 Bangkok DC", "STORE_TRANSFER 2026-11-26 Bangkok DC"],
    });
    expect(
      siam!.sources.map((s) => [s.warehouseId, formatIsoDay(s.departDay!), s.backorder]),
    ).toEqual([["bkk", "2026-11-26", true]]);
  });

  it("a transfer takes one order of the warehouse's capacity: Bangkok DC full on Monday, the lamp leaves Tuesday and is ready Wednesday 11:00", () => {
    const monday = isoDay("2026-11-23");
    const capacity = {
      ...NO_CAPACITY_LIMIT,
      remaining: (w: number, day: number) =>
        w === BKK && day === monday ? 0 : Number.POSITIVE_INFINITY,
    };
    expect(summary(run({ at: "2026-11-23T03:00:00Z", sku: "LAMP", capacity })[0])).toEqual({
      store: "siam",
      ready: "2026-11-25T04:00:00.000Z",
      orderBy: "2026-11-24T05:00:00.000Z",
      until: "2026-11-28T15:00:00.000Z",
      reasons: ["CAPACITY_FULL 2026-11-23 Bangkok DC", "STORE_TRANSFER 2026-11-24 Bangkok DC"],
    });
  });

  it("a lamp neither on hand nor inbound at Bangkok DC offers no pick-up at all", () => {
    const none = literalStock([{ sku: "LAMP", warehouse: BKK, available: 0 }]);
    expect(run({ at: "2026-11-23T03:00:00Z", sku: "LAMP", reader: none })).toEqual([]);
  });

  it("a store with neither the item nor a transfer lane offers no pick-up", () => {
    expect(run({ at: "2026-11-23T03:00:00Z", sku: "LAMP" }).map((o) => o.storeId)).toEqual([
      "siam",
    ]);
  });
});

describe("pick-up by a transfer a carrier collects (Flash Standard from Bangkok DC: pickups Mon-Fri, a peak limit of 1 pickup a day 23-27 Nov)", () => {
  // Siam's lane names the carrier service that collects it; the peak limits Flash's pickups.
  const carried = compileFixture(
    `${FIXTURE_YAML}${STORES_YAML.replace(
      'transfers: [{ from: bkk, cutoff: "12:00", transit_days: 1 }]',
      'transfers: [{ from: bkk, cutoff: "12:00", transit_days: 1, service: flash-std }]',
    )}
peaks:
  - { name: Flash peak, from: 2026-11-23, to: 2026-11-27, services: [flash-std], pickup_limit: 1 }
`,
  );
  const flashAtBkk = carried.origins.find(
    (o) => o.service.id === "flash-std" && o.warehouse.id === "bkk",
  )!;
  const lamp = literalStock([{ sku: "LAMP", warehouse: BKK, available: 9 }]);
  const carriedRun = (at: string, picked: ReadonlyMap<string, number> = new Map()) => {
    const zone = resolveDestination(carried, { countryCode: "TH", postalCode: "10330" });
    return pickupOptions(carried, lamp, literalCapacity(carried, { picked }), {
      lines: [{ skuIndex: lamp.skuIndex("LAMP"), quantity: 1 }],
      zone,
      atMs: Date.parse(at),
      maxStores: 1,
    })[0];
  };

  it("with Flash's one pickup on Monday 23 Nov still free, the lamp leaves Monday and is ready Tuesday 11:00, and the source names Flash's origin at Bangkok DC", () => {
    const siam = carriedRun("2026-11-23T03:00:00Z");
    expect(summary(siam)).toEqual({
      store: "siam",
      ready: "2026-11-24T04:00:00.000Z",
      orderBy: "2026-11-23T05:00:00.000Z",
      until: "2026-11-27T15:00:00.000Z",
      reasons: ["STORE_TRANSFER 2026-11-23 Bangkok DC"],
    });
    expect(siam!.sources[0]!.origin).toBe(flashAtBkk);
  });

  it("when Monday's one Flash pickup is taken, the lamp leaves Tuesday and is ready Wednesday 11:00 (CAPACITY_FULL Monday), order by Tuesday's 12:00 lane cut-off", () => {
    const siam = carriedRun(
      "2026-11-23T03:00:00Z",
      new Map([[loadKey(flashAtBkk.index, isoDay("2026-11-23")), 1]]),
    );
    expect(summary(siam)).toEqual({
      store: "siam",
      ready: "2026-11-25T04:00:00.000Z",
      orderBy: "2026-11-24T05:00:00.000Z",
      until: "2026-11-28T15:00:00.000Z",
      reasons: ["CAPACITY_FULL 2026-11-23 Bangkok DC", "STORE_TRANSFER 2026-11-24 Bangkok DC"],
    });
    expect(formatIsoDay(siam!.sources[0]!.departDay!)).toBe("2026-11-24");
  });

  it("ordered Saturday 28 Nov at 10:00 (the DC works, Flash does not collect): it leaves Monday 30 and is ready Tuesday 1 Dec 11:00 (NO_PICKUP_DAY Saturday), order by Monday's 12:00", () => {
    expect(summary(carriedRun("2026-11-28T03:00:00Z"))).toEqual({
      store: "siam",
      ready: "2026-12-01T04:00:00.000Z",
      orderBy: "2026-11-30T05:00:00.000Z",
      until: "2026-12-04T15:00:00.000Z",
      reasons: ["NO_PICKUP_DAY 2026-11-28 Flash Express", "STORE_TRANSFER 2026-11-30 Bangkok DC"],
    });
  });
});

describe("the nearest stores", () => {
  it("without coordinates: the stores serving the zone in the network file's order (radius-only stores need coordinates)", () => {
    expect(run({ at: "2026-11-23T03:00:00Z" }).map((o) => o.storeId)).toEqual(["siam", "ladprao"]);
  });

  it("with coordinates at Rangsit: the radius store 1.1 km away first, then Ladprao (24.3 km), limited to two", () => {
    const options = run({ at: "2026-11-23T03:00:00Z", point: { lat: 14.03, lon: 100.61 }, max: 2 });
    expect(options.map((o) => o.storeId)).toEqual(["rangsit", "ladprao"]);
    expect(options[0]!.distanceKm).toBeCloseTo(1.119, 2);
    expect(options[1]!.distanceKm).toBeCloseTo(24.337, 2);
  });

  it("with coordinates next to Ladprao: Ladprao (0.43 km), then Siam (8.65 km); Rangsit 25 km away is outside its 15 km", () => {
    const options = run({ at: "2026-11-23T03:00:00Z", point: { lat: 13.82, lon: 100.56 } });
    expect(options.map((o) => [o.storeId, Math.round(o.distanceKm! * 100) / 100])).toEqual([
      ["ladprao", 0.43],
      ["siam", 8.65],
    ]);
  });

  it("max_pickup_stores 0 asks for none", () => {
    expect(run({ at: "2026-11-23T03:00:00Z", max: 0 })).toEqual([]);
  });
});
