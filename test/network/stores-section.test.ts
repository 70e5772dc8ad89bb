import { describe, expect, test } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { NetworkFileError } from "../../src/network/network-file-error.js";
import {
  minimalNetwork,
  type NetworkInput,
  parseNetworkObject,
} from "./fixtures/minimal-network.js";

type StoreInput = NonNullable<NetworkInput["stores"]>[number];

/** Store s1 in Bangkok, Mon-Sat 10:00-21:00, serving z1 with a transfer from w1. */
function store(change: Partial<StoreInput> = {}): StoreInput {
  return {
    id: "s1",
    name: "Store 1",
    address: "1 Rama I Rd, Bangkok",
    lat: 13.75,
    lon: 100.53,
    time_zone: "Asia/Bangkok",
    country: "TH",
    opening_hours: {
      mon: "10:00-21:00",
      tue: "10:00-21:00",
      wed: "10:00-21:00",
      thu: "10:00-21:00",
      fri: "10:00-21:00",
      sat: "10:00-21:00",
    },
    last_order_time: "19:00",
    serves: { zones: ["z1"] },
    transfers: [{ from: "w1", cutoff: "12:00", transit_days: 1 }],
    price: { currency: "THB", amount: 0 },
    ...change,
  };
}

function issuesOf(stores: StoreInput[]): { path: string; message: string }[] {
  try {
    parseNetworkObject({ ...minimalNetwork(), stores });
  } catch (error) {
    if (error instanceof NetworkFileError) {
      return error.issues.map(({ path, message }) => ({ path, message }));
    }
    throw error;
  }
  throw new Error("expected a NetworkFileError");
}

describe("the stores section of the network file", () => {
  test("accepts a store and fills in the defaults (60 min preparation, held 7 days, no capacity limit)", () => {
    const file = parseNetworkObject({ ...minimalNetwork(), stores: [store()] });
    expect(file.stores[0]).toMatchObject({ prep_minutes: 60, hold_days: 7, hours_overrides: {} });
    expect(file.stores[0]!.daily_pickup_capacity).toBeUndefined();
  });

  test("names the YAML path of bad hours, a bad override, coordinates out of range and a store that serves nothing", () => {
    expect(
      issuesOf([
        store({
          lat: 91,
          opening_hours: { mon: "22:00-10:00", tue: "9-17" },
          hours_overrides: { "2026-12-31": "shut" },
          serves: {},
        }),
      ]),
    ).toEqual([
      { path: "stores[0].lat", message: "Too big: expected number to be <=90" },
      { path: "stores[0].opening_hours.mon", message: "opening must be before closing" },
      { path: "stores[0].opening_hours.tue", message: "expected opening hours HH:MM-HH:MM" },
      {
        path: 'stores[0].hours_overrides["2026-12-31"]',
        message: "expected opening hours HH:MM-HH:MM",
      },
      { path: "stores[0].serves", message: "a store serves zones or a radius_km" },
    ]);
  });

  test("names a transfer's unknown carrier service, and a service that does not ship from the lane's warehouse", () => {
    // A second warehouse, w2, that service s1 does not ship from.
    const base = minimalNetwork();
    const w2 = { ...base.warehouses[0]!, id: "w2", name: "Warehouse 2" };
    let issues: { path: string; message: string }[] = [];
    try {
      parseNetworkObject({
        ...base,
        warehouses: [...base.warehouses, w2],
        stores: [
          store({ transfers: [{ from: "w1", cutoff: "12:00", transit_days: 1, service: "nope" }] }),
          store({
            id: "s2",
            transfers: [{ from: "w2", cutoff: "12:00", transit_days: 1, service: "s1" }],
          }),
        ],
      });
    } catch (error) {
      if (!(error instanceof NetworkFileError)) throw error;
      issues = error.issues.map(({ path, message }) => ({ path, message }));
    }
    expect(issues).toEqual([
      { path: "stores[0].transfers[0].service", message: 'unknown service "nope"' },
      {
        path: "stores[1].transfers[0].service",
        message: 'service "s1" does not ship from warehouse "w2"',
      },
    ]);
  });

  test("compiles a transfer collected by a carrier service onto that service's origin at the warehouse", () => {
    const file = parseNetworkObject({
      ...minimalNetwork(),
      stores: [
        store({ transfers: [{ from: "w1", cutoff: "12:00", transit_days: 1, service: "s1" }] }),
      ],
    });
    const net = compileNetwork(file, { todayDay: isoDay("2026-11-23") });
    const origin = net.stores[0]!.transfers[0]!.origin!;
    expect([origin.service.id, origin.warehouse.id]).toEqual(["s1", "w1"]);
  });

  test("names unknown zones and warehouses, a duplicate id and an id a warehouse already has", () => {
    expect(
      issuesOf([
        store({
          serves: { zones: ["nowhere"] },
          transfers: [{ from: "w9", cutoff: "12:00", transit_days: 1 }],
        }),
        store({ id: "s1" }),
        store({ id: "w1" }),
      ]),
    ).toEqual([
      { path: "stores[0].serves.zones[0]", message: 'unknown zone "nowhere"' },
      { path: "stores[0].transfers[0].from", message: 'unknown warehouse "w9"' },
      { path: "stores[1].id", message: 'duplicate store id "s1" (first at stores[0])' },
      {
        path: "stores[2].id",
        message: '"w1" is already a warehouse id (stores and warehouses share stock locations)',
      },
    ]);
  });

  test("a store is a stock location: initial stock may name it, and it compiles after the warehouses with no services", () => {
    const file = parseNetworkObject({
      ...minimalNetwork(),
      stores: [store({ hours_overrides: { "2026-11-29": "12:00-16:00", "2026-11-30": "closed" } })],
      stock: [{ sku: "A", warehouse: "s1", on_hand: 3 }],
    });
    const net = compileNetwork(file, { todayDay: isoDay("2026-11-25") });
    const s1 = net.storeById.get("s1")!;
    expect(s1.location.index).toBe(1);
    expect(net.warehouseById.get("s1")).toBe(s1.location);
    expect(net.originsByWarehouse[1]).toEqual([]);
    const i = (date: string) => isoDay(date) - net.horizon.firstDay;
    // Wed 2026-11-25: 10:00-21:00 Bangkok = 03:00Z-14:00Z; last order 19:00 = 12:00Z.
    expect(new Date(s1.openMs[i("2026-11-25")]!).toISOString()).toBe("2026-11-25T03:00:00.000Z");
    expect(new Date(s1.closeMs[i("2026-11-25")]!).toISOString()).toBe("2026-11-25T14:00:00.000Z");
    expect(new Date(s1.location.cutoffMs[i("2026-11-25")]!).toISOString()).toBe(
      "2026-11-25T12:00:00.000Z",
    );
    // Sunday 29th opens by override 12:00-16:00: the last order still ready is 15:00 (16:00 - 60 min).
    expect(s1.location.working[i("2026-11-29")]).toBe(1);
    expect(new Date(s1.location.cutoffMs[i("2026-11-29")]!).toISOString()).toBe(
      "2026-11-29T08:00:00.000Z",
    );
    // Monday 30th is closed by override; the next open day is Tuesday.
    expect(s1.location.working[i("2026-11-30")]).toBe(0);
    expect(s1.location.nextWorking[i("2026-11-30")]).toBe(isoDay("2026-12-01"));
    expect(s1.location.notes.get(isoDay("2026-11-30"))).toEqual({
      code: "WAREHOUSE_CLOSED",
      name: "closed",
    });
  });
});
