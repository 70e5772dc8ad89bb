import { describe, expect, it } from "vitest";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import type { GeoPoint } from "../../src/engine/geo-point.js";
import { type PickupOption, pickupOptions } from "../../src/engine/pickup-options.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { samePickupOptions } from "../../src/engine/same-pickup-options.js";
import { NO_CAPACITY_LIMIT, type StockReader } from "../../src/engine/stock-reader.js";
import { literalCapacity, loadKey } from "../support/literal-capacity.js";
import { literalStock } from "../support/literal-stock.js";
import { storeNetwork } from "./store-fixture.js";

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

  it("a store with neither the item nor a transfer lane offers no pick-up", () => {
    expect(run({ at: "2026-11-23T03:00:00Z", sku: "LAMP" }).map((o) => o.storeId)).toEqual([
      "siam",
    ]);
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

describe("how long a pick-up answer holds (PickupValidity)", () => {
  const answer = (atMs: number, sku: string) => {
    const validity = { untilMs: Number.POSITIVE_INFINITY };
    const options = pickupOptions(
      net,
      stock,
      NO_CAPACITY_LIMIT,
      {
        lines: [{ skuIndex: stock.skuIndex(sku), quantity: 1 }],
        zone: resolveDestination(net, { countryCode: "TH", postalCode: "10330" }),
        atMs,
        maxStores: 3,
      },
      validity,
    );
    return { options, untilMs: validity.untilMs };
  };

  it("gives, for every 7th minute of three days (a weekend among them), the same answer at the last instant before untilMs as at the start", () => {
    const start = Date.parse("2026-11-27T00:00:00Z");
    let checked = 0;
    for (const sku of ["TEE", "LAMP"]) {
      for (let t = start; t < start + 3 * 86_400_000; t += 7 * 60_000) {
        const { options, untilMs } = answer(t, sku);
        expect(untilMs).toBeGreaterThan(t);
        expect(samePickupOptions(answer(untilMs - 1, sku).options, options)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(2 * 618);
  });

  const until = (at: string, sku = "TEE") => {
    const validity = { untilMs: Number.POSITIVE_INFINITY };
    pickupOptions(
      net,
      stock,
      NO_CAPACITY_LIMIT,
      {
        lines: [{ skuIndex: stock.skuIndex(sku), quantity: 1 }],
        zone: resolveDestination(net, { countryCode: "TH", postalCode: "10330" }),
        atMs: Date.parse(at),
        maxStores: 3,
      },
      validity,
    );
    return iso(validity.untilMs);
  };

  it("an order at 10:07 in Bangkok holds until 10:15:00.001, when 10:15 plus an hour's (siam) or half an hour's (ladprao) preparation first rounds up to the next quarter hour", () => {
    expect(until("2026-11-25T03:07:00Z")).toBe("2026-11-25T03:15:00.001Z");
    expect(until("2026-11-25T03:15:00Z")).toBe("2026-11-25T03:15:00.001Z");
  });

  it("an order at 09:00, before the stores open at 10:00, holds until opening", () => {
    expect(until("2026-11-25T02:00:00Z")).toBe("2026-11-25T03:00:00.000Z");
  });

  it("an order at 21:00, after both stores' last order times, holds until Bangkok's midnight", () => {
    expect(until("2026-11-25T14:00:00Z")).toBe("2026-11-25T17:00:00.000Z");
  });

  it("an order at 19:31 holds until 19:45:00.001, when siam's ready time moves from 20:45 to 21:00 (ladprao's 19:00 last order time has passed: it says tomorrow until midnight)", () => {
    expect(until("2026-11-25T12:31:00Z")).toBe("2026-11-25T12:45:00.001Z");
  });

  it("a lamp ordered at 10:07, coming to siam by the transfer from bkk, holds until the transfer's 12:00 cut-off", () => {
    expect(until("2026-11-25T03:07:00Z", "LAMP")).toBe("2026-11-25T05:00:00.000Z");
  });

  it("an order at 19:50 holds until siam's 20:00 last order time, before its ready time would move (20:00:00.001)", () => {
    expect(until("2026-11-25T12:50:00Z")).toBe("2026-11-25T13:00:00.000Z");
  });
});
