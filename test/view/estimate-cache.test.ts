import { describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { NO_CAPACITY_LIMIT } from "../../src/engine/stock-reader.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { EstimateCache, estimateKey } from "../../src/view/estimate-cache.js";
import { StockView } from "../../src/view/stock-view.js";
import { TimeWindows } from "../../src/view/time-windows.js";
import { WindowCapacityReader } from "../../src/view/window-capacity-reader.js";
import { FIXTURE_NETWORK } from "../grpc/grpc-test-helpers.js";

const net = compileNetwork(loadNetworkFile(FIXTURE_NETWORK), { todayDay: isoDay("2026-11-20") });
const windows = TimeWindows.of(net);
const at = (iso: string) => Date.parse(iso);

describe("TimeWindows", () => {
  it("keeps instants between two cut-offs in one window", () => {
    expect(windows.indexOf(at("2026-11-26T10:00:00+07:00"))).toBe(
      windows.indexOf(at("2026-11-26T12:59:59.999+07:00")),
    );
  });

  it("starts a new window exactly at each cut-off", () => {
    // EMS's pickup cut-off at 13:00 and the Bangkok warehouse's at 14:00
    for (const cutoff of ["2026-11-26T13:00:00+07:00", "2026-11-26T14:00:00+07:00"]) {
      const i = windows.indexOf(at(cutoff));
      expect(windows.indexOf(at(cutoff) - 1)).toBe(i - 1);
      expect(windows.start(i)).toBe(at(cutoff));
    }
  });

  it("starts a new window at each warehouse's local midnight, on non-working days too", () => {
    const saturdayMidnight = at("2026-11-28T00:00:00+07:00");
    expect(windows.indexOf(saturdayMidnight)).toBe(windows.indexOf(saturdayMidnight - 1) + 1);
    expect(windows.indexOf(at("2026-11-28T09:00:00+07:00"))).toBe(
      windows.indexOf(at("2026-11-28T21:00:00+07:00")),
    );
  });

  it("ends a window where the next one starts", () => {
    const i = windows.indexOf(at("2026-11-26T10:00:00+07:00"));
    expect(windows.end(i)).toBe(at("2026-11-26T13:00:00+07:00"));
    expect(windows.start(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(windows.end(windows.boundaries.length)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("estimate cache keys", () => {
  const stock = new StockView(net.warehouses.map((w) => w.id));
  stock.upsert({ sku: "SKU-A", warehouseId: "bkk", onHand: 5, safetyStock: 0, inbound: [] });
  const sku = stock.skuIndex("SKU-A");
  const keyAt = (atMs: number, overrides: { network?: number; capacity?: number } = {}) =>
    estimateKey(
      overrides.network ?? 1,
      sku,
      stock.stamp(sku),
      overrides.capacity ?? 0,
      1,
      0,
      "",
      0,
      "en",
      windows.indexOf(atMs),
    );

  it("gives one key to two orders in the same window", () => {
    expect(keyAt(at("2026-11-26T10:00:00+07:00"))).toBe(keyAt(at("2026-11-26T11:30:00+07:00")));
  });

  it("changes the key across a cut-off and across midnight", () => {
    const morning = keyAt(at("2026-11-26T12:59:00+07:00"));
    expect(keyAt(at("2026-11-26T13:01:00+07:00"))).not.toBe(morning);
    expect(keyAt(at("2026-11-26T23:59:00+07:00"))).not.toBe(keyAt(at("2026-11-27T00:01:00+07:00")));
  });

  it("changes the key when the SKU's stock, the capacity or the network changes", () => {
    const t = at("2026-11-26T10:00:00+07:00");
    const before = keyAt(t);
    stock.setReserved("SKU-A", "bkk", 5);
    const afterStock = keyAt(t);
    expect(afterStock).not.toBe(before);
    expect(keyAt(t, { capacity: 1 })).not.toBe(afterStock);
    expect(keyAt(t, { network: 2 })).not.toBe(afterStock);
  });

  it("keeps the request's own inputs apart", () => {
    const parts = [1, sku, 1, 0, 1, 0, "", 0, "en", 5] as const;
    const base = estimateKey(...parts);
    expect(estimateKey(1, sku, 1, 0, 2, 0, "", 0, "en", 5)).not.toBe(base);
    expect(estimateKey(1, sku, 1, 0, 1, 1, "", 0, "en", 5)).not.toBe(base);
    expect(estimateKey(1, sku, 1, 0, 1, 0, "THB", 100000, "en", 5)).not.toBe(base);
    expect(estimateKey(1, sku, 1, 0, 1, 0, "", 0, "th-TH", 5)).not.toBe(base);
    expect(estimateKey(1, sku + 1, 1, 0, 1, 0, "", 0, "en", 5)).not.toBe(base);
    expect(estimateKey(1, sku, 1, 0, 1, 0, "", 0, "en", 5, true)).not.toBe(base);
  });
});

describe("EstimateCache", () => {
  it("counts hits and misses", () => {
    const cache = new EstimateCache<{ n: number }>(10);
    expect(cache.get("a")).toBeUndefined();
    cache.set("a", { n: 1 });
    expect(cache.get("a")).toEqual({ n: 1 });
    expect([cache.hits, cache.misses, cache.hitRate]).toEqual([1, 1, 0.5]);
  });

  it("drops the least recently used answers once their bytes pass the limit", () => {
    // Each entry counts its value's size plus two bytes per key character: 100 + 2 = 102 bytes.
    const cache = new EstimateCache<{ n: number }>(1_000, 350, (v) => v.n);
    for (const key of ["a", "b", "c"]) cache.set(key, { n: 100 });
    expect(cache.bytes).toBe(306);
    cache.get("a"); // "b" is now the least recently used
    cache.set("d", { n: 100 });
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.get("d")]).toEqual([
      { n: 100 },
      undefined,
      { n: 100 },
      { n: 100 },
    ]);
    expect([cache.size, cache.bytes]).toEqual([3, 306]);
  });

  it("keeps no answer that alone is larger than the byte limit", () => {
    const cache = new EstimateCache<{ n: number }>(1_000, 350, (v) => v.n);
    cache.set("a", { n: 400 });
    expect([cache.get("a"), cache.size, cache.bytes]).toEqual([undefined, 0, 0]);
  });

  it("counts bytes charged to an entry with it, replacing an earlier charge, and makes room for them", () => {
    const cache = new EstimateCache<{ n: number }>(1_000, 350, (v) => v.n);
    const a = { n: 100 };
    cache.set("a", a);
    cache.set("b", { n: 100 });
    cache.charge("a", a, 50);
    expect(cache.bytes).toBe(102 + 152);
    cache.charge("a", a, 150);
    // 252 + 102 > 350: "b", the least recently used now, leaves.
    expect([cache.bytes, cache.get("b"), cache.get("a")]).toEqual([252, undefined, a]);
    // An entry that no longer holds the value is not charged.
    cache.charge("c", { n: 1 }, 10);
    expect(cache.bytes).toBe(252);
  });

  it("holds nothing with a size of 0", () => {
    const cache = new EstimateCache<{ n: number }>(0);
    cache.set("a", { n: 1 });
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe("WindowCapacityReader", () => {
  const fullAt = (ms: number | undefined) => ({ ...NO_CAPACITY_LIMIT, expectedFullAtMs: () => ms });

  it("marks a result computed with an expected-full instant inside the window as not cacheable", () => {
    const reader = new WindowCapacityReader(NO_CAPACITY_LIMIT);
    reader.begin(fullAt(150), 100, 200).expectedFullAtMs(0, 0);
    expect(reader.holdsForWindow).toBe(false);
  });

  it("keeps a result cacheable when the instant lies at or outside the window's ends", () => {
    const reader = new WindowCapacityReader(NO_CAPACITY_LIMIT);
    for (const ms of [undefined, 50, 100, 200, 300]) {
      reader.begin(fullAt(ms), 100, 200).expectedFullAtMs(0, 0);
      expect(reader.holdsForWindow).toBe(true);
    }
  });
});
