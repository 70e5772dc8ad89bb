import { describe, expect, test } from "vitest";
import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import { type DayArray, formatIsoDay, isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import {
  minimalNetwork,
  type NetworkInput,
  parseNetworkObject,
} from "./fixtures/minimal-network.js";

/**
 * Warehouse w1 (UTC, Mon-Fri, cut-off 15:00) with a holiday on Wednesday 2026-06-10; carrier c1
 * closed on Monday 2026-06-15; services s0 (handling 0) and s1 (handling 1 at w1) pick up on Mon,
 * Wed and Fri with a pickup cut-off of 11:00. Today is Monday 2026-06-08.
 *
 * Days a parcel can leave (warehouse working and pickup day): Mon 06-08, Fri 06-12 (Wed 06-10 is
 * the warehouse's holiday), Wed 06-17 (Mon 06-15 the carrier is closed), Fri 06-19, Mon 06-22.
 */
function fixture(): NetworkInput {
  const network = minimalNetwork();
  const warehouse = network.warehouses[0]!;
  warehouse.holidays = {
    country: "TH",
    use_library: false,
    add: [{ date: "2026-06-10", name: "Test holiday" }],
  };
  network.carriers[0]!.closures = [{ date: "2026-06-15", name: "Depot closed" }];
  const base = network.services[0]!;
  network.services = [
    {
      ...base,
      id: "s0",
      pickup_days: ["mon", "wed", "fri"],
      origins: [{ warehouse: "w1", pickup_cutoff: "11:00" }],
    },
    {
      ...base,
      id: "s1",
      pickup_days: ["mon", "wed", "fri"],
      origins: [{ warehouse: "w1", pickup_cutoff: "11:00", handling_days: 1 }],
    },
  ];
  return network;
}

const TODAY = isoDay("2026-06-08");

function compile(network: NetworkInput): CompiledNetwork {
  return compileNetwork(parseNetworkObject(network), { todayDay: TODAY });
}

/** For each date from..to: "MM-DD>MM-DD" (the date and its value as a day; -1 shown as "-"). */
function table(net: CompiledNetwork, values: DayArray, from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = isoDay(from); d <= isoDay(to); d++) {
    const v = values[d - net.horizon.firstDay]!;
    out.push(`${formatIsoDay(d).slice(5)}>${v < 0 ? "-" : formatIsoDay(v).slice(5)}`);
  }
  return out;
}

function at<T>(net: CompiledNetwork, values: ArrayLike<T>, date: string): T {
  return values[isoDay(date) - net.horizon.firstDay]!;
}

describe("compileNetwork rules on a hand-made network", () => {
  const net = compile(fixture());
  const s0 = net.origins[0]!;
  const s1 = net.origins[1]!;

  test("uses the horizon of the file: 7 days back, 30 ahead, 120 more", () => {
    expect(formatIsoDay(net.horizon.firstDay)).toBe("2026-06-01");
    expect(formatIsoDay(net.horizon.orderLastDay)).toBe("2026-07-08");
    expect(formatIsoDay(net.horizon.lastDay)).toBe("2026-11-05");
  });

  test("ships each release date of the 0-handling service on the next day a parcel can leave", () => {
    expect(table(net, s0.shipOf, "2026-06-08", "2026-06-19")).toEqual([
      "06-08>06-08",
      "06-09>06-12",
      "06-10>06-12",
      "06-11>06-12",
      "06-12>06-12",
      "06-13>06-17",
      "06-14>06-17",
      "06-15>06-17",
      "06-16>06-17",
      "06-17>06-17",
      "06-18>06-19",
      "06-19>06-19",
    ]);
  });

  test("advances by one warehouse working day before looking for a pickup with handling 1", () => {
    expect(s1.handlingDays).toBe(1);
    expect(table(net, s1.shipOf, "2026-06-08", "2026-06-19")).toEqual([
      "06-08>06-12", // Tue 06-09, next pickup Fri
      "06-09>06-12", // Thu 06-11 (06-10 is a holiday)
      "06-10>06-12", // not a working day: the first working day after it is Thu 06-11
      "06-11>06-12",
      "06-12>06-17", // Mon 06-15, the carrier is closed, Tue no pickup
      "06-13>06-17",
      "06-14>06-17",
      "06-15>06-17",
      "06-16>06-17",
      "06-17>06-19",
      "06-18>06-19",
      "06-19>06-22",
    ]);
  });

  test("points each ship date at the last working release day shipping on it", () => {
    expect(table(net, s0.lastReleaseFor, "2026-06-08", "2026-06-22")).toEqual([
      "06-08>06-08",
      "06-09>-",
      "06-10>-",
      "06-11>-",
      "06-12>06-12",
      "06-13>-",
      "06-14>-",
      "06-15>-",
      "06-16>-",
      "06-17>06-17",
      "06-18>-",
      "06-19>06-19",
      "06-20>-",
      "06-21>-",
      "06-22>06-22",
    ]);
    expect(table(net, s1.lastReleaseFor, "2026-06-08", "2026-06-22")).toEqual([
      "06-08>06-05", // Friday 06-05 is handled on Monday 06-08, a pickup day
      "06-09>-",
      "06-10>-",
      "06-11>-",
      "06-12>06-11",
      "06-13>-",
      "06-14>-",
      "06-15>-",
      "06-16>-",
      "06-17>06-16",
      "06-18>-",
      "06-19>06-18",
      "06-20>-",
      "06-21>-",
      "06-22>06-19",
    ]);
  });

  test("takes the pickup cut-off only on days that ship the same day, NaN on non-working days", () => {
    expect(at(net, s0.cutoffMs, "2026-06-08")).toBe(Date.UTC(2026, 5, 8, 11));
    expect(at(net, s0.cutoffMs, "2026-06-09")).toBe(Date.UTC(2026, 5, 9, 15));
    expect(at(net, s0.cutoffMs, "2026-06-10")).toBeNaN();
    expect(at(net, s0.cutoffMs, "2026-06-12")).toBe(Date.UTC(2026, 5, 12, 11));
    expect(at(net, s0.cutoffMs, "2026-06-13")).toBeNaN();
    expect(at(net, s0.cutoffMs, "2026-06-15")).toBe(Date.UTC(2026, 5, 15, 15));
    expect(at(net, s1.cutoffMs, "2026-06-08")).toBe(Date.UTC(2026, 5, 8, 15));
    expect(at(net, s1.cutoffMs, "2026-06-12")).toBe(Date.UTC(2026, 5, 12, 15));
  });

  test("gives -1 when the ship date would fall after the horizon's last day", () => {
    // The horizon ends on Thursday 2026-11-05; the next pickup after it would be Friday.
    expect(formatIsoDay(at(net, s0.shipOf, "2026-11-04"))).toBe("2026-11-04");
    expect(at(net, s0.shipOf, "2026-11-05")).toBe(-1);
    expect(formatIsoDay(at(net, s1.shipOf, "2026-11-02"))).toBe("2026-11-04");
    expect(at(net, s1.shipOf, "2026-11-04")).toBe(-1);
  });

  test("never ships with a service that picks up on no warehouse working day", () => {
    const network = fixture();
    network.services[0]!.pickup_days = ["sun"];
    const origin = compile(network).origins[0]!;
    expect(origin.shipOf.every((v) => v === -1)).toBe(true);
    expect(origin.lastReleaseFor.every((v) => v === -1)).toBe(true);
    expect(at(net, origin.cutoffMs, "2026-06-08")).toBe(Date.UTC(2026, 5, 8, 15));
  });

  test("notes holidays before closures, skips plain weekends, and lets an extra day override both", () => {
    const network = fixture();
    const warehouse = network.warehouses[0]!;
    warehouse.closures = [
      { from: "2026-06-10", to: "2026-06-11", name: "Stock-take" },
      { date: "2026-06-20", name: "Moving day" },
    ];
    warehouse.extra_working_days = [
      { date: "2026-06-13", name: "Saturday shift" },
      { date: "2026-06-11", name: "Stock-take cancelled" },
    ];
    const w = compile(network).warehouses[0]!;
    const note = (date: string) => w.notes.get(isoDay(date));
    expect(at(net, w.working, "2026-06-10")).toBe(0);
    expect(note("2026-06-10")).toEqual({ code: "WAREHOUSE_HOLIDAY", name: "Test holiday" });
    expect(at(net, w.working, "2026-06-11")).toBe(1);
    expect(note("2026-06-11")).toBeUndefined();
    expect(at(net, w.working, "2026-06-13")).toBe(1);
    expect(note("2026-06-14")).toBeUndefined();
    expect(note("2026-06-20")).toEqual({ code: "WAREHOUSE_CLOSED", name: "Moving day" });
    expect(formatIsoDay(at(net, w.nextWorking, "2026-06-14"))).toBe("2026-06-15");
  });

  test("gives -1 as next working day when none is left in the horizon", () => {
    const network = fixture();
    network.warehouses[0]!.closures = [{ from: "2026-11-02", to: "2026-11-05", name: "Closed" }];
    const w = compile(network).warehouses[0]!;
    expect(formatIsoDay(at(net, w.nextWorking, "2026-10-30"))).toBe("2026-10-30");
    expect(at(net, w.nextWorking, "2026-10-31")).toBe(-1);
    expect(at(net, w.nextWorking, "2026-11-05")).toBe(-1);
  });

  test("lets a carrier's extra working day open a non-pickup weekday and close nothing else", () => {
    const network = fixture();
    network.carriers[0]!.extra_working_days = [{ date: "2026-06-13", name: "Saturday run" }];
    const compiled = compile(network);
    const carrier = compiled.carriers[0]!;
    const service = compiled.services[0]!;
    expect(at(net, carrier.dayOff, "2026-06-15")).toBe(1);
    expect(carrier.notes.get(isoDay("2026-06-15"))).toEqual({
      code: "CARRIER_CLOSED",
      name: "Depot closed",
    });
    expect(at(net, carrier.extraWorking, "2026-06-13")).toBe(1);
    expect(at(net, service.pickupDay, "2026-06-13")).toBe(1);
    expect(at(net, service.deliveryDay, "2026-06-13")).toBe(1);
    expect(at(net, service.pickupDay, "2026-06-16")).toBe(0); // Tuesday: not a pickup weekday
    expect(at(net, service.deliveryDay, "2026-06-16")).toBe(1);
  });

  test("takes the largest buffer, the smallest pickup limit and the first name where peaks overlap", () => {
    const network = fixture();
    network.warehouses[0]!.daily_capacity = 100;
    network.warehouses[0]!.capacity_overrides = { "2026-06-17": 50 };
    network.peaks = [
      {
        name: "Early sale",
        from: "2026-06-15",
        to: "2026-06-17",
        extra_transit_days: 1,
        widen_days: 2,
        pickup_limit: 300,
        warehouse_capacity: { w1: 200 },
      },
      {
        name: "Late sale",
        from: "2026-06-16",
        to: "2026-06-18",
        services: ["s1"],
        extra_transit_days: 2,
        widen_days: 1,
        pickup_limit: 400,
        warehouse_capacity: { w1: 150 },
      },
    ];
    const compiled = compile(network);
    const [s0peaks, s1peaks] = compiled.services;
    const row = (values: ArrayLike<number>) =>
      ["2026-06-14", "2026-06-15", "2026-06-16", "2026-06-17", "2026-06-18", "2026-06-19"].map(
        (date) => at(net, values, date),
      );
    expect(row(s0peaks!.peakExtraDays)).toEqual([0, 1, 1, 1, 0, 0]);
    expect(row(s1peaks!.peakExtraDays)).toEqual([0, 1, 2, 2, 2, 0]);
    expect(row(s1peaks!.peakWidenDays)).toEqual([0, 2, 2, 2, 1, 0]);
    expect(row(s1peaks!.pickupLimit)).toEqual([-1, 300, 300, 300, 400, -1]);
    expect(s1peaks!.peakNames.get(isoDay("2026-06-16"))).toBe("Early sale");
    expect(s1peaks!.peakNames.get(isoDay("2026-06-18"))).toBe("Late sale");
    expect(row(compiled.warehouses[0]!.capacity)).toEqual([100, 200, 200, 50, 150, 100]);
  });
});
