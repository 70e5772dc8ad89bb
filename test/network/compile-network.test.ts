import { describe, expect, test } from "vitest";
import type { CompiledOrigin } from "../../src/engine/compiled-network.js";
import { addDays, type Day, formatIsoDay, isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";

const file = loadNetworkFile("samples/network.yaml");
const TODAY = isoDay("2026-11-23");
const net = compileNetwork(file, { todayDay: TODAY });
const first = net.horizon.firstDay;

/** The value of a per-day array on an ISO date. */
function on<T>(array: ArrayLike<T>, date: string): T {
  return array[isoDay(date) - first]!;
}

function day(value: Day): string {
  return value < 0 ? "-1" : formatIsoDay(value);
}

function warehouse(id: string) {
  return net.warehouseById.get(id)!;
}

function service(id: string) {
  return net.serviceById.get(id)!;
}

function carrier(id: string) {
  return net.carriers.find((c) => c.id === id)!;
}

function origin(serviceId: string, warehouseId: string): CompiledOrigin {
  return net.origins.find((o) => o.service.id === serviceId && o.warehouse.id === warehouseId)!;
}

describe("compileNetwork on the sample network (today 2026-11-23)", () => {
  test("spans one year back, two years ahead for orders, and 120 more days", () => {
    expect(day(net.horizon.firstDay)).toBe("2025-11-23");
    expect(day(net.horizon.orderLastDay)).toBe("2028-11-22");
    expect(day(net.horizon.lastDay)).toBe("2029-03-22");
    expect(net.horizon.length).toBe(1216);
    expect(warehouse("bkk-1").midnightMs.length).toBe(1217);
    expect(warehouse("bkk-1").working.length).toBe(1216);
  });

  test("closes bkk-1 on Songkran and on the substitute Monday 2026-12-07", () => {
    const bkk = warehouse("bkk-1");
    expect(on(bkk.working, "2026-04-13")).toBe(0);
    expect(bkk.notes.get(isoDay("2026-04-13"))).toEqual({
      code: "WAREHOUSE_HOLIDAY",
      name: "Songkran Festival",
    });
    expect(on(bkk.working, "2026-12-07")).toBe(0);
    expect(bkk.notes.get(isoDay("2026-12-07"))).toEqual({
      code: "WAREHOUSE_HOLIDAY",
      name: "Substitution for King Bhumibol Adulyadej's Birthday",
    });
    // Sat 12-05 holiday, Sun 12-06, Mon 12-07 substitute: next working day Tuesday.
    expect(day(on(bkk.nextWorking, "2026-12-05"))).toBe("2026-12-08");
    expect(bkk.notes.has(isoDay("2026-12-06"))).toBe(false);
  });

  test("works the 11.11 peak Sunday shift at bkk-1", () => {
    const bkk = warehouse("bkk-1");
    expect(on(bkk.working, "2026-11-08")).toBe(1);
    expect(on(bkk.working, "2026-11-15")).toBe(0);
  });

  test("keeps the Kerry-like carrier working on 2026-12-07 while the warehouse and the post are off", () => {
    const kerry = carrier("kerry");
    expect(on(kerry.dayOff, "2026-12-07")).toBe(0);
    expect(on(kerry.extraWorking, "2026-12-07")).toBe(1);
    expect(on(kerry.dayOff, "2026-12-05")).toBe(1);
    expect(on(service("kerry-express").pickupDay, "2026-12-07")).toBe(1);
    expect(on(service("kerry-express").deliveryDay, "2026-12-07")).toBe(1);

    const post = carrier("thailand-post");
    expect(on(post.dayOff, "2026-12-07")).toBe(1);
    expect(post.notes.get(isoDay("2026-12-07"))).toEqual({
      code: "CARRIER_CLOSED",
      name: "Substitution for King Bhumibol Adulyadej's Birthday",
    });
    expect(on(service("thaipost-ems").pickupDay, "2026-12-07")).toBe(0);
    // The warehouse is closed, so even Kerry ships an order released on the holiday on Tuesday.
    expect(day(on(origin("kerry-express", "bkk-1").shipOf, "2026-12-07"))).toBe("2026-12-08");
  });

  test("closes the post over Songkran 13-16 April 2026, one day longer than the holiday", () => {
    const post = carrier("thailand-post");
    expect(on(post.dayOff, "2026-04-16")).toBe(1);
    expect(post.notes.get(isoDay("2026-04-16"))).toEqual({
      code: "CARRIER_CLOSED",
      name: "Songkran (postal operations stopped)",
    });
    expect(on(carrier("kerry").dayOff, "2026-04-16")).toBe(0);
  });

  test("gives Amsterdam's 16:00 cut-off as 15:00Z before and 14:00Z after the spring change", () => {
    const ams = warehouse("ams-1");
    expect(on(ams.cutoffMs, "2026-03-27")).toBe(Date.UTC(2026, 2, 27, 15, 0));
    expect(on(ams.cutoffMs, "2026-03-30")).toBe(Date.UTC(2026, 2, 30, 14, 0));
    expect(on(origin("postnl-next-day", "ams-1").cutoffMs, "2026-03-27")).toBe(
      Date.UTC(2026, 2, 27, 15, 0),
    );
    expect(on(origin("postnl-next-day", "ams-1").cutoffMs, "2026-03-30")).toBe(
      Date.UTC(2026, 2, 30, 14, 0),
    );
  });

  test("gives Amsterdam's local midnights and cut-offs on both DST days", () => {
    const ams = warehouse("ams-1");
    // Sunday 2026-03-29 has 23 hours, Sunday 2026-10-25 has 25.
    expect(on(ams.midnightMs, "2026-03-29")).toBe(Date.UTC(2026, 2, 28, 23));
    expect(on(ams.midnightMs, "2026-03-30")).toBe(Date.UTC(2026, 2, 29, 22));
    expect(on(ams.cutoffMs, "2026-03-29")).toBe(Date.UTC(2026, 2, 29, 14));
    expect(on(ams.midnightMs, "2026-10-25")).toBe(Date.UTC(2026, 9, 24, 22));
    expect(on(ams.midnightMs, "2026-10-26")).toBe(Date.UTC(2026, 9, 25, 23));
    expect(on(ams.cutoffMs, "2026-10-25")).toBe(Date.UTC(2026, 9, 25, 15));
    // Sundays are not working days: no cut-off for an order.
    expect(on(origin("postnl-next-day", "ams-1").cutoffMs, "2026-03-29")).toBeNaN();
  });

  test("uses bkk-1's Saturday and per-date cut-offs, and the earlier pickup cut-off on same-day ships", () => {
    const bkk = warehouse("bkk-1");
    expect(on(bkk.midnightMs, "2026-11-23")).toBe(Date.UTC(2026, 10, 22, 17));
    expect(on(bkk.cutoffMs, "2026-11-24")).toBe(Date.UTC(2026, 10, 24, 7)); // 14:00
    expect(on(bkk.cutoffMs, "2026-11-28")).toBe(Date.UTC(2026, 10, 28, 5)); // Saturday 12:00
    expect(on(bkk.cutoffMs, "2026-12-30")).toBe(Date.UTC(2026, 11, 30, 5)); // per date 12:00
    // EMS collects at 13:30, before the warehouse's 14:00 ...
    expect(on(origin("thaipost-ems", "bkk-1").cutoffMs, "2026-11-24")).toBe(
      Date.UTC(2026, 10, 24, 6, 30),
    );
    // ... but on Saturday the warehouse's 12:00 is earlier.
    expect(on(origin("thaipost-ems", "bkk-1").cutoffMs, "2026-11-28")).toBe(
      Date.UTC(2026, 10, 28, 5),
    );
    expect(on(origin("bkk-same-day", "bkk-1").cutoffMs, "2026-11-24")).toBe(
      Date.UTC(2026, 10, 24, 5),
    );
  });

  test("ships a Saturday release of the Mon-Fri service on Monday, with the warehouse's cut-off", () => {
    const standard = origin("dhl-th-standard", "bkk-1");
    expect(day(on(standard.shipOf, "2026-11-28"))).toBe("2026-11-30");
    expect(on(standard.cutoffMs, "2026-11-28")).toBe(Date.UTC(2026, 10, 28, 5));
    expect(day(on(standard.lastReleaseFor, "2026-11-30"))).toBe("2026-11-30");
    expect(on(standard.lastReleaseFor, "2026-11-28")).toBe(-1);
  });

  test("stops GHN from 2026-02-14 to 02-22 while hcm-1 only closes for the public holiday", () => {
    const hcm = warehouse("hcm-1");
    expect(on(hcm.working, "2026-02-14")).toBe(1);
    expect(on(hcm.working, "2026-02-16")).toBe(0);
    expect(hcm.notes.get(isoDay("2026-02-20"))).toEqual({
      code: "WAREHOUSE_HOLIDAY",
      name: "Vietnamese New Year Holidays",
    });
    expect(on(hcm.working, "2026-02-21")).toBe(1);

    const ghn = carrier("ghn");
    expect(ghn.notes.get(isoDay("2026-02-14"))).toEqual({
      code: "CARRIER_CLOSED",
      name: "Tet 2026 shutdown",
    });
    expect(ghn.notes.get(isoDay("2026-02-16"))!.name).toBe("Vietnamese New Year Holidays");
    expect(on(ghn.dayOff, "2026-02-22")).toBe(1);
    expect(on(ghn.dayOff, "2026-02-23")).toBe(0);

    const express = origin("ghn-express", "hcm-1");
    expect(day(on(express.shipOf, "2026-02-13"))).toBe("2026-02-13");
    expect(day(on(express.shipOf, "2026-02-14"))).toBe("2026-02-23");
    expect(day(on(express.shipOf, "2026-02-21"))).toBe("2026-02-23");
    expect(day(on(express.lastReleaseFor, "2026-02-23"))).toBe("2026-02-23");
    expect(day(on(express.lastReleaseFor, "2026-02-13"))).toBe("2026-02-13");
  });

  test("hands Viettel parcels over one working day after release, across Tet", () => {
    const standard = origin("viettel-standard", "hcm-1");
    expect(standard.handlingDays).toBe(1);
    expect(origin("ghn-express", "hcm-1").handlingDays).toBe(0);
    expect(day(on(standard.shipOf, "2026-02-13"))).toBe("2026-02-14");
    expect(day(on(standard.shipOf, "2026-02-14"))).toBe("2026-02-21");
    expect(on(standard.cutoffMs, "2026-02-13")).toBe(Date.UTC(2026, 1, 13, 8)); // 15:00
  });

  test("closes hcm-1 on the added Vietnamese days", () => {
    const hcm = warehouse("hcm-1");
    expect(on(hcm.working, "2026-04-27")).toBe(0);
    expect(on(hcm.working, "2026-09-01")).toBe(0);
    expect(hcm.notes.get(isoDay("2026-09-01"))!.name).toBe("National Day (second day)");
  });

  test("notes the Christmas Eve closure of ams-1 apart from the holidays", () => {
    const ams = warehouse("ams-1");
    expect(ams.notes.get(isoDay("2026-12-24"))).toEqual({
      code: "WAREHOUSE_CLOSED",
      name: "Christmas Eve (warehouse closed)",
    });
    expect(ams.notes.get(isoDay("2026-12-25"))).toEqual({
      code: "WAREHOUSE_HOLIDAY",
      name: "Christmas Day",
    });
  });

  test("advances by delivery days with deliveryRank and deliveryDays", () => {
    const advance = (serviceId: string, from: string, n: number): string => {
      const s = service(serviceId);
      return day(s.deliveryDays[on(s.deliveryRank, from) + n - 1]!);
    };
    // From Friday 2026-12-04: Sat 12-05 is a holiday, Mon 12-07 a substitute Kerry works.
    expect(advance("kerry-express", "2026-12-04", 1)).toBe("2026-12-07");
    expect(advance("thaipost-ems", "2026-12-04", 1)).toBe("2026-12-08");
    // EMS: 12-08, 12-09, then Constitution Day 12-10, so the third day is 12-11.
    expect(advance("thaipost-ems", "2026-12-04", 3)).toBe("2026-12-11");
    expect(advance("dhl-th-standard", "2026-12-04", 2)).toBe("2026-12-09");
    const kerry = service("kerry-express");
    expect(on(kerry.deliveryRank, "2026-12-07") - on(kerry.deliveryRank, "2026-12-04")).toBe(1);
    // The horizon starts on Sunday 2025-11-23: no delivery that day, the first is Monday.
    expect(kerry.deliveryRank[0]).toBe(0);
    expect(kerry.deliveryRank[1]).toBe(1);
    expect(day(kerry.deliveryDays[0]!)).toBe("2025-11-24");
    expect(kerry.deliveryDays.length).toBe(kerry.deliveryRank[net.horizon.length - 1]);
  });

  test("applies the 11.11 2026 window to the services it lists and to warehouse capacity", () => {
    const kerry = service("kerry-express");
    expect(on(kerry.peakExtraDays, "2026-11-11")).toBe(1);
    expect(on(kerry.peakWidenDays, "2026-11-11")).toBe(1);
    expect(kerry.peakNames.get(isoDay("2026-11-11"))).toBe("11.11 sale 2026");
    expect(on(kerry.pickupLimit, "2026-11-11")).toBe(2000);
    expect(on(kerry.peakExtraDays, "2026-11-21")).toBe(0);
    expect(on(kerry.pickupLimit, "2026-11-21")).toBe(-1);
    expect(on(service("bkk-same-day").peakExtraDays, "2026-11-11")).toBe(0);
    expect(service("bkk-same-day").peakNames.size).toBe(0);

    expect(on(warehouse("bkk-1").capacity, "2026-11-11")).toBe(2500);
    expect(on(warehouse("bkk-1").capacity, "2026-11-23")).toBe(1500);
    expect(on(warehouse("bkk-1").capacity, "2026-12-30")).toBe(800);
    expect(on(warehouse("hcm-1").capacity, "2026-11-11")).toBe(2000);
    expect(on(warehouse("ams-1").capacity, "2026-11-11")).toBe(-1);
  });

  test("prices services in cents", () => {
    expect(service("postnl-next-day").price).toEqual({
      currency: "EUR",
      amountCents: 495,
      freeOverCents: 5000,
    });
    expect(service("ghn-express").price).toEqual({
      currency: "VND",
      amountCents: 2_200_000,
      freeOverCents: undefined,
    });
  });

  test("maps zones, prefixes, provinces and postal patterns", () => {
    expect(net.zones.map((z) => z.id)).toEqual([
      "th-bkk-metro",
      "th-upcountry",
      "th-remote",
      "vn-hcmc",
      "vn-south",
      "vn-danang",
      "vn-central",
      "vn-hanoi",
      "vn-north",
      "nl",
      "de",
    ]);
    expect(net.zones[2]).toEqual({
      index: 2,
      id: "th-remote",
      country: "TH",
      remote: true,
      surchargeCents: 5000,
      surchargeCurrency: "THB",
      extraTransitDays: 1,
    });
    expect(net.zones[0]!.remote).toBe(false);
    const th = net.countries.get("TH")!;
    expect(th.byPrefix.get("")).toBe(1);
    expect(th.byPrefix.get("84320")).toBe(2);
    expect(th.longestPrefix).toBe(5);
    expect(th.byProvince.get("BANGKOK")).toBe(0);
    expect(th.byProvince.get("PATTANI")).toBe(2);
    expect(th.postalPattern.test("10110")).toBe(true);
    expect(th.postalPattern.test("1011")).toBe(false);
    expect(net.countries.get("VN")!.postalPattern.test("700000")).toBe(true);
    expect(net.countries.get("NL")!.postalPattern.test("1012 AB")).toBe(true);
    expect([...net.countries.keys()]).toEqual(["TH", "VN", "NL", "DE"]);
  });

  test("gives each origin its lanes by zone index", () => {
    const kerry = origin("kerry-express", "bkk-1");
    expect(kerry.lanes.length).toBe(11);
    expect(kerry.lanes[2]).toEqual({ min: 1, max: 1 });
    expect(kerry.lanes[3]).toBeUndefined();
    expect(origin("thaipost-ems", "bkk-1").lanes[1]).toEqual({ min: 2, max: 5 });
  });

  test("groups origins by warehouse in service order", () => {
    expect(net.originsByWarehouse.map((list) => list.map((o) => o.service.id))).toEqual([
      ["kerry-express", "thaipost-ems", "dhl-th-standard", "bkk-same-day"],
      ["ghn-express", "viettel-standard"],
      ["postnl-next-day", "dhl-paket"],
      // The three pick-up branches are stock locations no service picks up at.
      [],
      [],
      [],
    ]);
    expect(net.origins.map((o) => o.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test("versions the network by file and horizon unless told", () => {
    expect(net.version).toMatch(/^[0-9a-f]{12}$/);
    expect(compileNetwork(file, { todayDay: TODAY }).version).toBe(net.version);
    expect(compileNetwork(file, { todayDay: addDays(TODAY, 1) }).version).not.toBe(net.version);
    expect(compileNetwork(file, { todayDay: TODAY, version: "v7" }).version).toBe("v7");
  });
});
