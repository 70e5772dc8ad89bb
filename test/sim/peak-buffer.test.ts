import { describe, expect, it } from "vitest";
import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import type { ShippingOption } from "../../src/engine/shipping-option.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { SimCapacity } from "../../src/sim/sim-capacity.js";
import { minimalNetwork, parseNetworkObject } from "../network/fixtures/minimal-network.js";
import { skuNo } from "../support/indexes.js";
import { literalStock } from "../support/literal-stock.js";

/**
 * The peak rules of the network file, end to end: YAML text -> parse -> compile -> estimate.
 * Network: w1 (UTC, Mon-Fri, cut-off 15:00, capacity 1 a day), service s1 (standard, picks up
 * and delivers Mon-Fri, pickup cut-off 16:00, lane w1 -> z1 1-2 days). Peak "11.11 sale" for ship
 * dates Mon 2026-11-09 to Fri 2026-11-13: +1 transit day at both ends, +1 day at the latest end,
 * pickup limit 2 a day, warehouse capacity 3 a day.
 */
function peakNetwork(): CompiledNetwork {
  const network = minimalNetwork();
  network.warehouses[0]!.daily_capacity = 1;
  network.services[0]!.delivery_days = ["mon", "tue", "wed", "thu", "fri"];
  network.peaks = [
    {
      name: "11.11 sale",
      from: "2026-11-09",
      to: "2026-11-13",
      extra_transit_days: 1,
      widen_days: 1,
      pickup_limit: 2,
      warehouse_capacity: { w1: 3 },
    },
  ];
  return compileNetwork(parseNetworkObject(network), { todayDay: isoDay("2026-11-01") });
}

const net = peakNetwork();
const stock = literalStock([{ sku: "TEE", warehouse: 0, available: 1000 }]);
const zone = resolveDestination(net, { countryCode: "TH", postalCode: "10110" });

function capacityReader(): SimCapacity {
  const length = net.horizon.length;
  const capacity = new Int32Array(net.warehouses.length * length);
  capacity.set(net.warehouses[0]!.capacity, 0);
  return new SimCapacity(net, capacity, true);
}

function promise(at: string, capacity: SimCapacity): ShippingOption {
  const { options } = estimate(net, stock, capacity, {
    skuIndex: skuNo(0),
    quantity: 1,
    zone,
    atMs: Date.parse(at),
    dominatedOptions: "hide",
  });
  const option = options[0]!;
  capacity.book(option.warehouseIndex, option.originIndex, option.shipDay);
  return option;
}

const dates = (o: ShippingOption) => ({
  ship: formatIsoDay(o.shipDay),
  earliest: formatIsoDay(o.earliestDay),
  latest: formatIsoDay(o.latestDay),
});
const reasons = (o: ShippingOption) =>
  o.reasons.map((r) =>
    `${r.code} ${r.day === undefined ? "" : formatIsoDay(r.day)} ${r.detail ?? ""}`.trim(),
  );

describe("peak rules from the network file", () => {
  it("adds a transit day to both ends and widens the latest end for a Monday ship date in the peak", () => {
    // Mon 11-09 10:00Z ships Mon; 1+1 = 2 delivery days -> Wed 11-11; 2+1+1 = 4 -> Fri 11-13.
    const option = promise("2026-11-09T10:00:00Z", capacityReader());
    expect(dates(option)).toEqual({
      ship: "2026-11-09",
      earliest: "2026-11-11",
      latest: "2026-11-13",
    });
    expect(reasons(option)).toEqual(["PEAK_BUFFER 2026-11-09 11.11 sale"]);
  });

  it("counts the peak days as delivery days over the weekend for a Friday ship date in the peak", () => {
    // Fri 11-13 ships Fri: earliest 2 delivery days -> Mon 16, Tue 17; latest 4 -> Thu 11-19.
    const option = promise("2026-11-13T10:00:00Z", capacityReader());
    expect(dates(option)).toEqual({
      ship: "2026-11-13",
      earliest: "2026-11-17",
      latest: "2026-11-19",
    });
    expect(reasons(option)).toContain("PEAK_BUFFER 2026-11-13 11.11 sale");
  });

  it("keys the buffer on the ship date: a Friday order after cut-off ships Monday after the peak", () => {
    const option = promise("2026-11-13T16:00:00Z", capacityReader());
    expect(dates(option)).toEqual({
      ship: "2026-11-16",
      earliest: "2026-11-17",
      latest: "2026-11-18",
    });
    expect(reasons(option)).toEqual([
      "AFTER_CUTOFF 2026-11-13",
      "WAREHOUSE_DAY_OFF 2026-11-14",
      "WAREHOUSE_DAY_OFF 2026-11-15",
    ]);
  });

  it("gives no buffer to a Friday before the peak, and the buffer to the order pushed into it by capacity", () => {
    const capacity = capacityReader();
    // Capacity is 1 a day outside the peak: the first Friday order takes Fri 11-06 ...
    const first = promise("2026-11-06T09:00:00Z", capacity);
    expect(dates(first)).toEqual({
      ship: "2026-11-06",
      earliest: "2026-11-09",
      latest: "2026-11-10",
    });
    expect(reasons(first)).toEqual(["NON_DELIVERY_DAY 2026-11-07", "NON_DELIVERY_DAY 2026-11-08"]);
    // ... the second is pushed to Mon 11-09, a peak ship date: Wed 11-11 to Fri 11-13.
    const second = promise("2026-11-06T09:05:00Z", capacity);
    expect(dates(second)).toEqual({
      ship: "2026-11-09",
      earliest: "2026-11-11",
      latest: "2026-11-13",
    });
    expect(reasons(second)).toEqual([
      "CAPACITY_FULL 2026-11-06",
      "WAREHOUSE_DAY_OFF 2026-11-07",
      "WAREHOUSE_DAY_OFF 2026-11-08",
      "PEAK_BUFFER 2026-11-09 11.11 sale",
    ]);
  });

  it("lets the peak's pickup limit (2) bind before its warehouse capacity (3)", () => {
    const capacity = capacityReader();
    const ships = ["09:00", "09:01", "09:02"].map(
      (time) => dates(promise(`2026-11-10T${time}:00Z`, capacity)).ship,
    );
    // Tue 11-10: two pickups, the third parcel waits for Wed 11-11.
    expect(ships).toEqual(["2026-11-10", "2026-11-10", "2026-11-11"]);
    expect(capacity.remaining(0, isoDay("2026-11-10"))).toBe(1);
    expect(capacity.remainingPickups(0, isoDay("2026-11-10"))).toBe(0);
  });
});
