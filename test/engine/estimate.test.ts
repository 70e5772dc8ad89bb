import { describe, expect, it } from "vitest";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import type { EstimateResult, ShippingOption } from "../../src/engine/shipping-option.js";
import { NO_CAPACITY_LIMIT, type StockReader } from "../../src/engine/stock-reader.js";
import { skuNo } from "../support/indexes.js";
import { literalStock } from "../support/literal-stock.js";
import { fixtureNetwork } from "./fixture-network.js";

const net = fixtureNetwork();
const BKK = net.warehouseById.get("bkk")!.index;
const HCM = net.warehouseById.get("hcm")!.index;
const AMS = net.warehouseById.get("ams")!.index;

const plenty = literalStock([
  { sku: "TEE", warehouse: BKK, available: 50 },
  { sku: "TEE", warehouse: HCM, available: 50 },
  { sku: "TEE", warehouse: AMS, available: 50 },
]);

function run(at: string, postal: string, country = "TH", stock: StockReader = plenty, sku = "TEE") {
  const zone = resolveDestination(net, { countryCode: country, postalCode: postal });
  return estimate(net, stock, NO_CAPACITY_LIMIT, {
    dominatedOptions: "show",
    skuIndex: stock.skuIndex(sku),
    quantity: 1,
    zone,
    atMs: Date.parse(at),
  });
}

interface Summary {
  ship: string;
  earliest: string;
  latest: string;
  orderBy: string;
}

function summary(option: ShippingOption | undefined): Summary | undefined {
  if (option === undefined) return undefined;
  return {
    ship: formatIsoDay(option.shipDay),
    earliest: formatIsoDay(option.earliestDay),
    latest: formatIsoDay(option.latestDay),
    orderBy: new Date(option.orderByMs).toISOString(),
  };
}

function option(result: EstimateResult, serviceId: string): ShippingOption | undefined {
  return result.options.find((o) => o.serviceId === serviceId);
}

function reasons(result: EstimateResult, serviceId: string): string[] {
  return (option(result, serviceId)?.reasons ?? []).map(
    (r) =>
      `${r.code}${r.day === undefined ? "" : ` ${formatIsoDay(r.day)}`}${r.detail ? ` ${r.detail}` : ""}`,
  );
}

describe("cut-off", () => {
  // Wednesday 2026-11-25, Bangkok cut-off 14:00 (07:00Z); Kerry's pickup cut-off 16:00 is later.
  it("ships the same day for an order one minute before the cut-off", () => {
    const result = run("2026-11-25T06:59:00Z", "10110");
    expect(summary(option(result, "kerry-nd"))).toEqual({
      ship: "2026-11-25",
      earliest: "2026-11-26",
      latest: "2026-11-26",
      orderBy: "2026-11-25T07:00:00.000Z",
    });
    expect(reasons(result, "kerry-nd")).toEqual([]);
  });

  it("ships the next working day for an order one minute after the cut-off", () => {
    const result = run("2026-11-25T07:01:00Z", "10110");
    expect(summary(option(result, "kerry-nd"))).toEqual({
      ship: "2026-11-26",
      earliest: "2026-11-27",
      latest: "2026-11-27",
      orderBy: "2026-11-26T07:00:00.000Z",
    });
    expect(reasons(result, "kerry-nd")).toEqual(["AFTER_CUTOFF 2026-11-25"]);
  });

  it("treats the cut-off instant itself as too late", () => {
    const result = run("2026-11-25T07:00:00Z", "10110");
    expect(summary(option(result, "kerry-nd"))?.ship).toBe("2026-11-26");
  });

  it("uses the carrier's pickup cut-off when it is earlier than the warehouse's", () => {
    // Same-day pickup cut-off 12:00 (05:00Z) beats the warehouse's 14:00.
    const before = run("2026-11-25T04:59:00Z", "10110");
    expect(summary(option(before, "bkk-sameday"))).toEqual({
      ship: "2026-11-25",
      earliest: "2026-11-25",
      latest: "2026-11-25",
      orderBy: "2026-11-25T05:00:00.000Z",
    });
    // After 12:00 the same-day service is not offered (it would ship tomorrow).
    const after = run("2026-11-25T05:01:00Z", "10110");
    expect(option(after, "bkk-sameday")).toBeUndefined();
    expect(summary(option(after, "kerry-nd"))?.ship).toBe("2026-11-25");
  });
});

describe("pickup and delivery days", () => {
  // Friday 2026-11-27 15:00 in Bangkok: after the cut-off; the warehouse works Saturdays.
  it("ships a Friday order after cut-off on Saturday with a Mon-Sat carrier, delivered Monday", () => {
    const result = run("2026-11-27T08:00:00Z", "30000");
    expect(summary(option(result, "kerry-nd"))).toEqual({
      ship: "2026-11-28",
      earliest: "2026-11-30",
      latest: "2026-11-30",
      orderBy: "2026-11-28T07:00:00.000Z",
    });
    expect(reasons(result, "kerry-nd")).toEqual([
      "AFTER_CUTOFF 2026-11-27",
      "NON_DELIVERY_DAY 2026-11-29",
    ]);
  });

  it("ships a Friday order after cut-off on Monday with a Mon-Fri carrier, delivered Tuesday", () => {
    const result = run("2026-11-27T08:00:00Z", "30000");
    expect(summary(option(result, "flash-std"))).toEqual({
      ship: "2026-11-30",
      earliest: "2026-12-01",
      latest: "2026-12-01",
      // Orders released Saturday or Monday before the cut-off all ship Monday.
      orderBy: "2026-11-30T07:00:00.000Z",
    });
    expect(reasons(result, "flash-std")).toEqual([
      "AFTER_CUTOFF 2026-11-27",
      // The warehouse's reasons come first, then the carrier's.
      "WAREHOUSE_DAY_OFF 2026-11-29",
      "NO_PICKUP_DAY 2026-11-28",
    ]);
  });

  it("sorts by delivery date then price and flags the fastest and the cheapest", () => {
    const result = run("2026-11-27T08:00:00Z", "30000");
    expect(result.options.map((o) => o.serviceId)).toEqual(["kerry-nd", "flash-std", "ems"]);
    expect(result.options.map((o) => [o.fastest, o.cheapest])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
  });
});

describe("holidays and closures", () => {
  it("holds a Songkran order in Bangkok until the warehouse reopens on Thursday", () => {
    // Saturday 2026-04-11 15:00 ICT, after the cut-off; Songkran is Mon 13 to Wed 15 April.
    const result = run("2026-04-11T08:00:00Z", "30000");
    expect(summary(option(result, "kerry-nd"))).toEqual({
      ship: "2026-04-16",
      earliest: "2026-04-17",
      latest: "2026-04-17",
      orderBy: "2026-04-16T07:00:00.000Z",
    });
    expect(reasons(result, "kerry-nd")).toEqual([
      "AFTER_CUTOFF 2026-04-11",
      "WAREHOUSE_DAY_OFF 2026-04-12",
      "WAREHOUSE_HOLIDAY 2026-04-13 Songkran Festival",
      "WAREHOUSE_HOLIDAY 2026-04-14 Songkran Festival",
      "WAREHOUSE_HOLIDAY 2026-04-15 Songkran Festival",
    ]);
  });

  it("counts EMS's two handling days from the first working day after Songkran", () => {
    // Released Thursday 04-16 (the day Thailand Post's own stop ends); EMS handles 2 working days
    // (Fri 17, Sat 18), picks up Sat 18, then delivers in 1-3 days, Mon-Sat: Mon 20 to Wed 22.
    const result = run("2026-04-11T08:00:00Z", "30000");
    expect(summary(option(result, "ems"))).toEqual({
      ship: "2026-04-18",
      earliest: "2026-04-20",
      latest: "2026-04-22",
      orderBy: "2026-04-16T07:00:00.000Z",
    });
  });

  it("ships a Tet order in Ho Chi Minh City after the carrier's closure, longer than the holiday", () => {
    // Friday 2026-02-13 16:00 ICT, after the 15:00 cut-off. The warehouse works Sat 02-14 and
    // Sat 02-21 but GHN is shut 02-14..02-22; Tet holidays are Mon 02-16..Fri 02-20.
    const result = run("2026-02-13T09:00:00Z", "70000", "VN");
    expect(summary(option(result, "ghn-std"))).toEqual({
      ship: "2026-02-23",
      earliest: "2026-02-24",
      latest: "2026-02-25",
      orderBy: "2026-02-23T08:00:00.000Z",
    });
    const codes = reasons(result, "ghn-std").map((r) => r.split(" ").slice(0, 2).join(" "));
    expect(codes).toEqual([
      "AFTER_CUTOFF 2026-02-13",
      "WAREHOUSE_DAY_OFF 2026-02-15",
      "WAREHOUSE_HOLIDAY 2026-02-16",
      "WAREHOUSE_HOLIDAY 2026-02-17",
      "WAREHOUSE_HOLIDAY 2026-02-18",
      "WAREHOUSE_HOLIDAY 2026-02-19",
      "WAREHOUSE_HOLIDAY 2026-02-20",
      "WAREHOUSE_DAY_OFF 2026-02-22",
      "CARRIER_CLOSED 2026-02-14",
      "CARRIER_CLOSED 2026-02-21",
    ]);
    expect(reasons(result, "ghn-std")).toContain("CARRIER_CLOSED 2026-02-14 Tet shutdown");
  });

  it("delivers on a Thai substitute Monday that the courier works but the warehouse does not", () => {
    // Friday 2026-12-04 13:00 ICT ships the same day. Saturday 12-05 is a public holiday (Kerry
    // is off), Sunday is no delivery day, Monday 12-07 is the substitute holiday: the warehouse
    // is closed but Kerry works it.
    const result = run("2026-12-04T06:00:00Z", "30000");
    expect(summary(option(result, "kerry-nd"))).toEqual({
      ship: "2026-12-04",
      earliest: "2026-12-07",
      latest: "2026-12-07",
      orderBy: "2026-12-04T07:00:00.000Z",
    });
    expect(reasons(result, "kerry-nd")).toEqual([
      "CARRIER_CLOSED 2026-12-05 King Bhumibol Adulyadej's Birthday",
      "NON_DELIVERY_DAY 2026-12-06",
    ]);
    // The same order after the cut-off waits for the warehouse: Sat 05 and Mon 07 are holidays.
    const late = run("2026-12-04T08:00:00Z", "30000");
    expect(summary(option(late, "kerry-nd"))?.ship).toBe("2026-12-08");
    expect(reasons(late, "kerry-nd")).toEqual([
      "AFTER_CUTOFF 2026-12-04",
      "WAREHOUSE_HOLIDAY 2026-12-05 King Bhumibol Adulyadej's Birthday",
      "WAREHOUSE_DAY_OFF 2026-12-06",
      "WAREHOUSE_HOLIDAY 2026-12-07 Substitute for King Bhumibol's Birthday",
    ]);
  });

  it("explains the Sunday too when a Sunday order waits for the warehouse after a substitute Monday", () => {
    // Sunday 2026-12-06 10:00 ICT: Bangkok works Mon-Sat, so Sunday is its weekly day off, and
    // Monday 12-07 is the substitute holiday. Released Tuesday 12-08 (cut-off 14:00 = 07:00Z),
    // Kerry delivers Wednesday 12-09.
    const result = run("2026-12-06T03:00:00Z", "30000");
    expect(summary(option(result, "kerry-nd"))).toEqual({
      ship: "2026-12-08",
      earliest: "2026-12-09",
      latest: "2026-12-09",
      orderBy: "2026-12-08T07:00:00.000Z",
    });
    expect(reasons(result, "kerry-nd")).toEqual([
      "WAREHOUSE_DAY_OFF 2026-12-06",
      "WAREHOUSE_HOLIDAY 2026-12-07 Substitute for King Bhumibol's Birthday",
    ]);
  });

  it("counts handling days in warehouse working days across a holiday", () => {
    // Thursday 2026-12-03 10:00 ICT. EMS handling is 2 working days: Fri 04, then (Sat 05 and
    // Mon 07 are holidays) Tue 08. Transit 1-3 Mon-Sat, Thu 12-10 (Constitution Day) off: Wed 09
    // to Sat 12.
    const result = run("2026-12-03T03:00:00Z", "30000");
    expect(summary(option(result, "ems"))).toEqual({
      ship: "2026-12-08",
      earliest: "2026-12-09",
      latest: "2026-12-12",
      // A release on Friday 04 would ship Wednesday 09: Thursday is the last day for these dates.
      orderBy: "2026-12-03T07:00:00.000Z",
    });
    expect(reasons(result, "ems")).toEqual([
      "WAREHOUSE_HOLIDAY 2026-12-05 King Bhumibol Adulyadej's Birthday",
      "WAREHOUSE_DAY_OFF 2026-12-06",
      "WAREHOUSE_HOLIDAY 2026-12-07 Substitute for King Bhumibol's Birthday",
      "CARRIER_CLOSED 2026-12-10 Constitution Day",
    ]);
  });
});

describe("time zones and DST", () => {
  // Europe switched to summer time on Sunday 2026-03-29. Amsterdam's 16:00 cut-off is 15:00Z on
  // Monday 03-23 and 14:00Z on Monday 03-30: 14:30Z is before it on one and after it on the other.
  it("takes a 14:30Z order on the Monday before the spring change the same day", () => {
    const result = run("2026-03-23T14:30:00Z", "1011AB", "NL");
    expect(summary(option(result, "postnl-std"))).toEqual({
      ship: "2026-03-23",
      earliest: "2026-03-24",
      latest: "2026-03-24",
      orderBy: "2026-03-23T15:00:00.000Z",
    });
  });

  it("takes a 14:30Z order on the Monday after the spring change the next day", () => {
    const result = run("2026-03-30T14:30:00Z", "1011AB", "NL");
    expect(summary(option(result, "postnl-std"))).toEqual({
      ship: "2026-03-31",
      earliest: "2026-04-01",
      latest: "2026-04-01",
      orderBy: "2026-03-31T14:00:00.000Z",
    });
  });

  it("reads the order date in the warehouse's zone, not in UTC", () => {
    // 2026-11-24T18:00Z is Wednesday 01:00 in Bangkok: released Wednesday, not Tuesday.
    const result = run("2026-11-24T18:00:00Z", "10110");
    expect(summary(option(result, "kerry-nd"))).toMatchObject({
      ship: "2026-11-25",
      orderBy: "2026-11-25T07:00:00.000Z",
    });
    expect(reasons(result, "kerry-nd")).toEqual([]);
  });
});

describe("stock", () => {
  it("offers backorder options once inbound stock with an ETA on a holiday is received", () => {
    // 10 units arrive Thursday 2026-12-10, Constitution Day: first working day Fri 11, plus one
    // receiving day: released Sat 12, Kerry ships Sat 12 and delivers Mon 14.
    const stock = literalStock([
      {
        sku: "LAMP",
        warehouse: BKK,
        available: 0,
        inbound: [{ quantity: 10, etaDay: isoDay("2026-12-10") }],
      },
    ]);
    const result = run("2026-11-30T03:00:00Z", "30000", "TH", stock, "LAMP");
    expect(result.availability).toBe("BACKORDER");
    expect(summary(option(result, "kerry-nd"))).toEqual({
      ship: "2026-12-12",
      earliest: "2026-12-14",
      latest: "2026-12-14",
      orderBy: "2026-12-12T07:00:00.000Z",
    });
    expect(reasons(result, "kerry-nd")).toContain("INBOUND_STOCK 2026-12-10");
  });

  it("counts a lot whose ETA has passed as arriving today", () => {
    const stock = literalStock([
      {
        sku: "LAMP",
        warehouse: BKK,
        available: 0,
        inbound: [{ quantity: 5, etaDay: isoDay("2026-11-20") }],
      },
    ]);
    // Monday 2026-11-30 10:00 ICT: received today, released after one receiving day (Tue 01).
    const result = run("2026-11-30T03:00:00Z", "30000", "TH", stock, "LAMP");
    expect(summary(option(result, "kerry-nd"))?.ship).toBe("2026-12-01");
    expect(reasons(result, "kerry-nd")).toContain("INBOUND_STOCK 2026-11-30");
  });

  it("is unavailable when neither stock nor inbound lots cover the quantity", () => {
    const stock = literalStock([
      {
        sku: "LAMP",
        warehouse: BKK,
        available: 1,
        inbound: [{ quantity: 1, etaDay: isoDay("2026-12-10") }],
      },
    ]);
    const zone = resolveDestination(net, { countryCode: "TH", postalCode: "30000" });
    const result = estimate(net, stock, NO_CAPACITY_LIMIT, {
      dominatedOptions: "show",
      skuIndex: skuNo(0),
      quantity: 3,
      zone,
      atMs: Date.parse("2026-11-30T03:00:00Z"),
    });
    expect(result).toEqual({ availability: "UNAVAILABLE", options: [] });
  });

  it("ignores stock in warehouses with no lane to the destination", () => {
    // Stock only in Amsterdam; nothing ships from there to Thailand.
    const stock = literalStock([{ sku: "TEE", warehouse: AMS, available: 9 }]);
    const result = run("2026-11-25T03:00:00Z", "10110", "TH", stock);
    expect(result.availability).toBe("UNAVAILABLE");
  });
});

describe("zones and price", () => {
  it("adds the remote surcharge and extra transit day to both ends", () => {
    // Wednesday 2026-11-25 before the cut-off: Kerry's 1 day plus 1 remote day: Friday.
    const result = run("2026-11-25T03:00:00Z", "84280");
    const kerry = option(result, "kerry-nd")!;
    expect(summary(kerry)).toMatchObject({ earliest: "2026-11-27", latest: "2026-11-27" });
    expect(kerry.priceCents).toBe(9_500);
    expect(reasons(result, "kerry-nd")).toEqual(["REMOTE_AREA th-remote"]);
  });

  it("ships free over the service's threshold in its currency only", () => {
    const zone = resolveDestination(net, { countryCode: "TH", postalCode: "30000" });
    const at = Date.parse("2026-11-25T03:00:00Z");
    const query = { skuIndex: skuNo(0), quantity: 1, zone, atMs: at };
    const thb = estimate(net, plenty, NO_CAPACITY_LIMIT, {
      dominatedOptions: "show",
      ...query,
      cartValue: { currency: "THB", cents: 50_000 },
    });
    expect(thb.options.find((o) => o.serviceId === "flash-std")?.priceCents).toBe(0);
    const usd = estimate(net, plenty, NO_CAPACITY_LIMIT, {
      dominatedOptions: "show",
      ...query,
      cartValue: { currency: "USD", cents: 50_000 },
    });
    expect(usd.options.find((o) => o.serviceId === "flash-std")?.priceCents).toBe(3_000);
  });
});

describe("capacity", () => {
  const wednesday = isoDay("2026-11-25");

  it("skips a ship date whose warehouse capacity is used up and says so", () => {
    const full = {
      ...NO_CAPACITY_LIMIT,
      remaining: (warehouse: number, day: number) =>
        warehouse === BKK && day === wednesday ? 0 : 10,
    };
    const zone = resolveDestination(net, { countryCode: "TH", postalCode: "30000" });
    const result = estimate(net, plenty, full, {
      dominatedOptions: "show",
      skuIndex: skuNo(0),
      quantity: 1,
      zone,
      atMs: Date.parse("2026-11-25T03:00:00Z"),
    });
    expect(summary(option(result, "kerry-nd"))).toEqual({
      ship: "2026-11-26",
      earliest: "2026-11-27",
      latest: "2026-11-27",
      orderBy: "2026-11-26T07:00:00.000Z",
    });
    expect(reasons(result, "kerry-nd")).toEqual(["CAPACITY_FULL 2026-11-25"]);
  });

  it("brings order_by forward to when the day is expected to fill", () => {
    const filling = {
      ...NO_CAPACITY_LIMIT,
      remaining: () => 3,
      expectedFullAtMs: (warehouse: number, day: number) =>
        warehouse === BKK && day === wednesday ? Date.parse("2026-11-25T05:30:00Z") : undefined,
    };
    const zone = resolveDestination(net, { countryCode: "TH", postalCode: "30000" });
    const result = estimate(net, plenty, filling, {
      dominatedOptions: "show",
      skuIndex: skuNo(0),
      quantity: 1,
      zone,
      atMs: Date.parse("2026-11-25T03:00:00Z"),
    });
    expect(summary(option(result, "kerry-nd"))?.orderBy).toBe("2026-11-25T05:30:00.000Z");
  });
});
