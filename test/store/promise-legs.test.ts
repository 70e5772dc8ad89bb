import { describe, expect, it } from "vitest";
import { promiseLegs } from "../../src/store/promise-legs.js";

// Day numbers since 1970-01-01: 2026-01-01 is 56 x 365 + 14 leap days = 20,454, so 2026-12-07 is 20,454 + 334 + 6 = 20,794.
const payload = {
  destination: { countryCode: "TH", postalCode: "10110", province: "Bangkok" },
  deliveryEarliest: "2026-12-08",
  deliveryLatest: "2026-12-10",
  shipments: [
    {
      warehouseId: "bkk-1",
      serviceId: "kerry-std",
      shipDate: "2026-12-07",
      deliveryEarliest: "2026-12-08",
      deliveryLatest: "2026-12-09",
    },
    {
      warehouseId: "hcm-1",
      serviceId: "ems",
      shipDate: "2026-12-08",
      deliveryEarliest: "2026-12-09",
      deliveryLatest: "2026-12-10",
    },
  ],
};

describe("promiseLegs", () => {
  it("gives one row per shipment with its dates as day numbers and the promise's window and destination", () => {
    expect(promiseLegs(payload)).toEqual([
      {
        warehouseId: "bkk-1",
        serviceId: "kerry-std",
        shipDay: 20_794,
        earliestDay: 20_795,
        latestDay: 20_796,
        countryCode: "TH",
        postalCode: "10110",
        province: "Bangkok",
        promiseEarliestDay: 20_795,
        promiseLatestDay: 20_797,
      },
      {
        warehouseId: "hcm-1",
        serviceId: "ems",
        shipDay: 20_795,
        earliestDay: 20_796,
        latestDay: 20_797,
        countryCode: "TH",
        postalCode: "10110",
        province: "Bangkok",
        promiseEarliestDay: 20_795,
        promiseLatestDay: 20_797,
      },
    ]);
  });

  it("keeps the first shipment of a warehouse only (the table's key is the promise and the warehouse)", () => {
    const twice = { ...payload, shipments: [payload.shipments[0], payload.shipments[0]] };
    expect(promiseLegs(twice).map((l) => l.warehouseId)).toEqual(["bkk-1"]);
  });

  it("skips a shipment with an invalid date or a missing service, and writes '' for a missing destination field", () => {
    const legs = promiseLegs({
      ...payload,
      destination: { countryCode: "TH" },
      shipments: [
        { ...payload.shipments[0], shipDate: "2026-02-30" },
        { ...payload.shipments[1], serviceId: undefined },
        { ...payload.shipments[1], warehouseId: "sgn-1" },
      ],
    });
    expect(legs.map((l) => [l.warehouseId, l.postalCode, l.province])).toEqual([["sgn-1", "", ""]]);
  });

  it("gives no rows for a payload without a valid window, without shipments, or that is not an object", () => {
    expect(promiseLegs({ ...payload, deliveryLatest: "soon" })).toEqual([]);
    expect(promiseLegs({ ...payload, shipments: {} })).toEqual([]);
    expect(promiseLegs(null)).toEqual([]);
    expect(promiseLegs("text")).toEqual([]);
  });

  // A pick-up at Siam ready Tuesday 2026-12-08 (day 20,795): the lamp leaves Bangkok DC Monday.
  const pickup = (
    shipments: { warehouseId: string; shipDate: string }[],
    readyDate = "2026-12-08",
  ) => ({
    destination: payload.destination,
    deliveryEarliest: "2026-12-08",
    deliveryLatest: "2026-12-08",
    shipments: shipments.map((s) => ({
      ...s,
      serviceId: "pickup",
      deliveryEarliest: "2026-12-08",
      deliveryLatest: "2026-12-08",
    })),
    pickup: { storeId: "siam", readyDate },
  });
  const legOf = (l: {
    warehouseId: string;
    serviceId: string;
    shipDay: number;
    latestDay: number;
  }) => `${l.warehouseId} ${l.serviceId} ${l.shipDay} ${l.latestDay}`;

  it("adds a pick-up's row at its store on the ready day when every line comes by transfer (the store's pick-up capacity it holds)", () => {
    expect(
      promiseLegs(pickup([{ warehouseId: "bkk-1", shipDate: "2026-12-07" }])).map(legOf),
    ).toEqual(["bkk-1 pickup 20794 20795", "siam pickup 20795 20795"]);
  });

  it("adds no second row at the store when a shipment leaves the store's own stock, and none without a valid ready date", () => {
    const own = { warehouseId: "siam", shipDate: "2026-12-08" };
    expect(promiseLegs(pickup([own])).map(legOf)).toEqual(["siam pickup 20795 20795"]);
    expect(
      promiseLegs(pickup([{ warehouseId: "bkk-1", shipDate: "2026-12-07" }], "2026-02-30")).map(
        legOf,
      ),
    ).toEqual(["bkk-1 pickup 20794 20795"]);
  });
});
