import { describe, expect, it } from "vitest";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import type { NetworkFile } from "../../src/network/network-schema.js";
import { LiveView } from "../../src/view/live-view.js";
import { FIXTURE_NETWORK } from "../grpc/grpc-test-helpers.js";
import { warehouseNo } from "../support/indexes.js";

const file = loadNetworkFile(FIXTURE_NETWORK);

function movableClock(iso: string) {
  let now = Date.parse(iso);
  const clock = () => now;
  return { clock, set: (next: string) => (now = Date.parse(next)) };
}

describe("LiveView", () => {
  it("compiles the horizon from a year before today to two years after, and seeds the file's stock", () => {
    const { clock } = movableClock("2026-11-20T12:00:00Z");
    const live = new LiveView({ file, clock });
    expect(formatIsoDay(live.network.horizon.firstDay)).toBe("2025-11-20");
    expect(formatIsoDay(live.network.horizon.orderLastDay)).toBe("2028-11-19");
    const a = live.stock.skuIndex("SKU-A");
    expect(live.stock.available(a, warehouseNo(0))).toBe(5);
    expect(live.stock.inbound(live.stock.skuIndex("SKU-B"), warehouseNo(0))).toEqual([
      { quantity: 4, etaDay: isoDay("2026-11-30") },
    ]);
  });

  it("recompiles when the date moves on, and not before", () => {
    const time = movableClock("2026-11-20T23:59:00Z");
    const live = new LiveView({ file, clock: time.clock });
    const swaps: number[] = [];
    live.onSwap((state) => swaps.push(state.generation));
    expect(live.refreshIfDateChanged()).toBe(false);
    time.set("2026-11-21T00:00:00Z");
    expect(live.refreshIfDateChanged()).toBe(true);
    expect(formatIsoDay(live.network.horizon.firstDay)).toBe("2025-11-21");
    expect(swaps).toEqual([2]);
  });

  it("keeps stock across a reload, and rebuilds it by warehouse id when the warehouses change", () => {
    const { clock } = movableClock("2026-11-20T00:00:00Z");
    const live = new LiveView({ file, clock });
    live.stock.setReserved("SKU-C", "hcm", 5);
    const sameStock = live.stock;
    live.reload(file);
    expect(live.stock).toBe(sameStock);

    const withoutBangkok: NetworkFile = {
      ...file,
      warehouses: file.warehouses.filter((w) => w.id !== "bkk"),
      services: file.services.filter((s) => s.id === "ghn-standard"),
      zones: file.zones.filter((z) => z.country === "VN"),
      peaks: [],
      stock: [],
    };
    const before = live.current;
    const after = live.reload(withoutBangkok);
    expect(after.generation).toBe(before.generation + 1);
    expect(live.network.warehouses.map((w) => w.id)).toEqual(["hcm"]);
    const c = live.stock.skuIndex("SKU-C");
    expect(live.stock.available(c, warehouseNo(0))).toBe(15);
    expect(live.stock.stamp(c)).toBeGreaterThan(before.stock.stamp(c));
    expect(before.network.warehouses.map((w) => w.id)).toEqual(["bkk", "hcm"]);
  });

  it("keeps serving the old network when a reload fails to compile", () => {
    const { clock } = movableClock("2026-11-20T00:00:00Z");
    const live = new LiveView({ file, clock });
    const before = live.current;
    // A file that skipped validation: its first service names a carrier that does not exist.
    const broken: NetworkFile = {
      ...file,
      services: [{ ...file.services[0]!, carrier: "no-such-carrier" }, ...file.services.slice(1)],
    };
    expect(() => live.reload(broken)).toThrow("unknown carrier");
    expect(live.current).toBe(before);
  });
});
