import { describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { AccuracyAggregator, type AccuracyGrouping } from "../../src/outcomes/accuracy.js";
import type { ShippedRecord } from "../../src/store/store.js";

const net = compileNetwork(loadNetworkFile("samples/network.yaml"), {
  todayDay: isoDay("2026-06-17"),
});

function shipment(
  promiseId: string | null,
  serviceId: string,
  postalCode: string,
  ship: string,
  delivered: string | null,
  window: [string | null, string | null],
  probability: number | null = null,
): ShippedRecord {
  return {
    source: promiseId === null ? "import" : "promise",
    promiseId,
    warehouseId: "bkk-1",
    serviceId,
    countryCode: "TH",
    postalCode,
    shipDay: isoDay(ship),
    deliveredDay: delivered === null ? null : isoDay(delivered),
    promisedEarliestDay: window[0] === null ? null : isoDay(window[0]),
    promisedLatestDay: window[1] === null ? null : isoDay(window[1]),
    onTimeProbability: probability,
  };
}

/** Six shipments worked out by hand (weeks of Mon 1 June and Mon 8 June 2026). */
const FIXTURE = [
  // on time (3 June inside 2..5 June), predicted 0.90
  shipment(
    "p1",
    "thaipost-ems",
    "30000",
    "2026-06-01",
    "2026-06-03",
    ["2026-06-02", "2026-06-05"],
    0.9,
  ),
  // early (1 June, before the 2 June window)
  shipment("p2", "kerry-express", "10110", "2026-06-01", "2026-06-01", [
    "2026-06-02",
    "2026-06-02",
  ]),
  // late by 3 days (8 June after 5 June), predicted 0.95
  shipment(
    "p3",
    "thaipost-ems",
    "30000",
    "2026-06-02",
    "2026-06-08",
    ["2026-06-03", "2026-06-05"],
    0.95,
  ),
  // shipped, not delivered yet
  shipment("p4", "thaipost-ems", "30000", "2026-06-08", null, ["2026-06-09", "2026-06-12"]),
  // imported: late by 1 day against its promised latest date
  shipment(null, "kerry-express", "10110", "2026-06-09", "2026-06-11", [null, "2026-06-10"]),
  // imported without a promised date: delivered, not judged
  shipment(null, "thaipost-ems", "30000", "2026-06-09", "2026-06-10", [null, null]),
];

function report(grouping: AccuracyGrouping[]) {
  const a = new AccuracyAggregator(net, grouping);
  for (const r of FIXTURE) a.add(r);
  return a.report();
}

describe("promise accuracy", () => {
  it("counts early, on time and late against the confirmed window, per service", () => {
    const r = report(["service"]);
    expect(r.groups).toEqual([
      {
        key: { service: "kerry-express" },
        promises: 2,
        shipped: 2,
        delivered: 2,
        judged: 2,
        early: 1,
        onTime: 0,
        late: 1,
        lateByDays: [0, 1],
        onTimeRate: 0.5,
        predicted: 0,
        meanPredicted: 0,
        observedRate: 0,
      },
      {
        key: { service: "thaipost-ems" },
        promises: 4,
        shipped: 4,
        delivered: 3,
        judged: 2,
        early: 0,
        onTime: 1,
        late: 1,
        lateByDays: [0, 0, 0, 1],
        onTimeRate: 0.5,
        predicted: 2,
        meanPredicted: 0.925,
        observedRate: 0.5,
      },
    ]);
    expect(r.total).toMatchObject({
      promises: 6,
      shipped: 6,
      delivered: 5,
      judged: 4,
      early: 1,
      onTime: 1,
      late: 2,
      lateByDays: [0, 1, 0, 1],
      onTimeRate: 0.5,
    });
  });

  it("puts both predictions in the 0.9 bin and scores them: Brier 0.45625, calibration error 0.425", () => {
    const r = report([]);
    expect(r.groups.map((g) => g.key)).toEqual([{}]);
    expect(r.calibration[9]).toEqual({ from: 0.9, count: 2, meanPredicted: 0.925, observed: 0.5 });
    expect(r.calibration.slice(0, 9).every((b) => b.count === 0)).toBe(true);
    // ((0.90 - 1)^2 + (0.95 - 0)^2) / 2
    expect(r.brierScore).toBeCloseTo(0.45625, 12);
    expect(r.expectedCalibrationError).toBeCloseTo(0.425, 12);
  });

  it("groups by ship week and zone together, weeks named by their Monday, sorted zone first", () => {
    const r = report(["ship_week", "zone"]);
    expect(
      r.groups.map((g) => [g.key.zone, g.key.ship_week, g.shipped, g.delivered, g.late]),
    ).toEqual([
      ["th-bkk-metro", "2026-06-01", 1, 1, 0],
      ["th-bkk-metro", "2026-06-08", 1, 1, 1],
      ["th-upcountry", "2026-06-01", 2, 2, 1],
      ["th-upcountry", "2026-06-08", 2, 1, 0],
    ]);
  });
});

describe("promise accuracy from counted groups (as the store hands them over)", () => {
  it("gives the same report from groups as from the shipments one by one, a two-shipment promise counted once", () => {
    // The fixture's promises, p1 twice over (two identical one-shipment promises: one group of
    // 2), and a promise p9 with two shipments (bkk-1 and cnx-1), which come one by one.
    const p9 = (warehouseId: string): ShippedRecord => ({
      ...shipment("p9", "kerry-express", "10110", "2026-06-02", "2026-06-03", [
        "2026-06-03",
        "2026-06-03",
      ]),
      warehouseId,
    });
    const p1b = { ...FIXTURE[0]!, promiseId: "p1b" };
    const records = [...FIXTURE.filter((r) => r.promiseId !== null), p1b, p9("bkk-1"), p9("cnx-1")];
    const group = (r: ShippedRecord, promiseId: string | null, count: number) => ({
      warehouseId: r.warehouseId,
      serviceId: r.serviceId,
      countryCode: r.countryCode,
      postalCode: r.postalCode,
      shipDay: r.shipDay,
      deliveredDay: r.deliveredDay,
      promisedEarliestDay: r.promisedEarliestDay!,
      promisedLatestDay: r.promisedLatestDay!,
      onTimeProbability: r.onTimeProbability,
      promiseId,
      count,
    });
    for (const grouping of [[], ["warehouse"], ["service", "ship_week"]] as AccuracyGrouping[][]) {
      const one = new AccuracyAggregator(net, grouping);
      for (const r of records) one.add(r);
      const grouped = new AccuracyAggregator(net, grouping);
      grouped.addShipments(group(FIXTURE[0]!, null, 2));
      for (const r of FIXTURE.slice(1, 4)) grouped.addShipments(group(r, null, 1));
      grouped.addShipments(group(p9("bkk-1"), "p9", 1));
      grouped.addShipments(group(p9("cnx-1"), "p9", 1));
      expect(grouped.report()).toEqual(one.report());
    }
    const total = new AccuracyAggregator(net, []);
    for (const r of records) total.add(r);
    // p1, p1b, p2, p3, p4 and p9 (once, though it has two shipments).
    expect(total.report().total).toMatchObject({ promises: 6, shipped: 7, delivered: 6 });
  });
});
