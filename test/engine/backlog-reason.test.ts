import { describe, expect, it } from "vitest";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { type CapacityReader, NO_CAPACITY_LIMIT } from "../../src/engine/stock-reader.js";
import { skuNo } from "../support/indexes.js";
import { literalStock } from "../support/literal-stock.js";
import { fixtureNetwork } from "./fixture-network.js";

const net = fixtureNetwork();
const BKK = net.warehouseById.get("bkk")!.index;
const WED = isoDay("2026-11-25");
const THU = isoDay("2026-11-26");
const stock = literalStock([{ sku: "TEE", warehouse: BKK, available: 50 }]);

/** Kerry Next Day from bkk (cut-off 14:00 local) for an order on Wednesday 10:00 local. */
function kerry(capacity: CapacityReader) {
  const zone = resolveDestination(net, { countryCode: "TH", postalCode: "30000" });
  const result = estimate(net, stock, capacity, {
    dominatedOptions: "show",
    skuIndex: skuNo(0),
    quantity: 1,
    zone,
    atMs: Date.parse("2026-11-25T03:00:00Z"),
  });
  const option = result.options.find((o) => o.serviceId === "kerry-nd")!;
  return {
    ship: formatIsoDay(option.shipDay),
    reasons: option.reasons.map((r) => ({
      code: r.code,
      day: r.day === undefined ? undefined : formatIsoDay(r.day),
      detail: r.detail,
      count: r.count,
    })),
  };
}

describe("a ship date pushed by backlog", () => {
  it("names the backlog and its count on each day it filled", () => {
    const behind: CapacityReader = {
      ...NO_CAPACITY_LIMIT,
      remaining: (w, day) => (w === BKK && (day === WED || day === THU) ? 0 : 10),
      backlog: (w, day) => (w !== BKK ? 0 : day === WED ? 1240 : day === THU ? 40 : 0),
    };
    expect(kerry(behind)).toEqual({
      ship: "2026-11-27",
      reasons: [
        {
          code: "WAREHOUSE_BACKLOG",
          day: "2026-11-25",
          detail: "1,240 orders still to ship",
          count: 1240,
        },
        {
          code: "WAREHOUSE_BACKLOG",
          day: "2026-11-26",
          detail: "40 orders still to ship",
          count: 40,
        },
      ],
    });
  });

  it("says CAPACITY_FULL for a full day with no backlog ahead", () => {
    const full: CapacityReader = {
      ...NO_CAPACITY_LIMIT,
      remaining: (w, day) => (w === BKK && day === WED ? 0 : 10),
      backlog: () => 0,
    };
    expect(kerry(full)).toEqual({
      ship: "2026-11-26",
      reasons: [{ code: "CAPACITY_FULL", day: "2026-11-25", detail: undefined, count: undefined }],
    });
  });
});
