import { describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { StockView } from "../../src/view/stock-view.js";
import { warehouseNo } from "../support/indexes.js";

const row = (sku: string, warehouseId: string, onHand: number, safetyStock = 0) => ({
  sku,
  warehouseId,
  onHand,
  safetyStock,
  inbound: [],
});

describe("StockView", () => {
  it("makes available on hand minus reserved minus safety stock, never below zero", () => {
    const view = new StockView(["bkk", "hcm"]);
    view.upsert({ ...row("SKU-A", "bkk", 10, 3), reserved: 2 });
    view.upsert(row("SKU-A", "hcm", 1, 4));
    const a = view.skuIndex("SKU-A");
    expect(view.available(a, warehouseNo(0))).toBe(5);
    expect(view.available(a, warehouseNo(1))).toBe(0);
    expect([
      view.onHand(a, warehouseNo(0)),
      view.reserved(a, warehouseNo(0)),
      view.safetyStock(a, warehouseNo(0)),
    ]).toEqual([10, 2, 3]);
  });

  it("keeps reserved units when a stock row leaves them out", () => {
    const view = new StockView(["bkk"]);
    view.upsert({ ...row("SKU-A", "bkk", 10), reserved: 4 });
    view.upsert(row("SKU-A", "bkk", 12));
    expect(view.available(view.skuIndex("SKU-A"), warehouseNo(0))).toBe(8);
  });

  it("sets and adds reserved units, never below zero", () => {
    const view = new StockView(["bkk"]);
    view.upsert(row("SKU-A", "bkk", 10));
    const a = view.skuIndex("SKU-A");
    view.setReserved("SKU-A", "bkk", 7);
    expect(view.available(a, warehouseNo(0))).toBe(3);
    expect(view.addReserved("SKU-A", "bkk", 2)).toBe(9);
    expect(view.addReserved("SKU-A", "bkk", -20)).toBe(0);
    expect(view.available(a, warehouseNo(0))).toBe(10);
  });

  it("answers -1 for an unknown SKU and refuses an unknown warehouse or a negative count", () => {
    const view = new StockView(["bkk"]);
    expect(view.skuIndex("NOPE")).toBe(-1);
    expect(() => view.upsert(row("SKU-A", "sgn", 1))).toThrow(RangeError);
    expect(() => view.upsert(row("SKU-A", "bkk", -1))).toThrow(RangeError);
    expect(() => view.upsert(row("SKU-A", "bkk", 1.5))).toThrow(RangeError);
  });

  it("returns inbound lots sorted by ETA and forgets them when a row has none", () => {
    const view = new StockView(["bkk", "hcm"]);
    view.upsert({
      ...row("SKU-B", "hcm", 0),
      inbound: [
        { quantity: 5, etaDay: isoDay("2026-12-10") },
        { quantity: 2, etaDay: isoDay("2026-11-30") },
      ],
    });
    const b = view.skuIndex("SKU-B");
    expect(view.inbound(b, warehouseNo(1))).toEqual([
      { quantity: 2, etaDay: isoDay("2026-11-30") },
      { quantity: 5, etaDay: isoDay("2026-12-10") },
    ]);
    expect(view.inbound(b, warehouseNo(0))).toEqual([]);
    view.upsert(row("SKU-B", "hcm", 3));
    expect(view.inbound(b, warehouseNo(1))).toEqual([]);
  });

  it("keeps every level when it grows past its initial size", () => {
    const view = new StockView(["a", "b", "c"], { initialSkuCapacity: 16 });
    for (let i = 0; i < 5000; i++) view.upsert(row(`SKU-${i}`, ["a", "b", "c"][i % 3]!, i));
    expect(view.skuCount).toBe(5000);
    for (const i of [0, 15, 16, 17, 1023, 1024, 4999]) {
      const s = view.skuIndex(`SKU-${i}`);
      expect(s).toBe(i);
      expect(view.available(s, warehouseNo(i % 3))).toBe(i);
      expect(view.available(s, warehouseNo((i + 1) % 3))).toBe(0);
    }
  });

  it("stamps only the SKU that changed, with a value never used before", () => {
    const view = new StockView(["bkk"]);
    view.upsert(row("SKU-A", "bkk", 1));
    view.upsert(row("SKU-B", "bkk", 1));
    const a = view.skuIndex("SKU-A");
    const b = view.skuIndex("SKU-B");
    const stampA = view.stamp(a);
    const stampB = view.stamp(b);
    view.upsert(row("SKU-A", "bkk", 2));
    expect(view.stamp(a)).toBeGreaterThan(stampA);
    expect(view.stamp(a)).toBeGreaterThan(stampB);
    expect(view.stamp(b)).toBe(stampB);
    const before = view.stamp(b);
    view.setReserved("SKU-B", "bkk", 1);
    expect(view.stamp(b)).not.toBe(before);
    expect(view.version).toBe(Math.max(view.stamp(a), view.stamp(b)));
  });

  it("rebuilds for a new warehouse list keeping levels by warehouse id and never reusing a stamp", () => {
    const view = new StockView(["bkk", "hcm"]);
    view.upsert({
      ...row("SKU-A", "hcm", 7, 1),
      inbound: [{ quantity: 3, etaDay: isoDay("2026-12-01") }],
    });
    view.upsert(row("SKU-A", "bkk", 4));
    const oldStamp = view.stamp(view.skuIndex("SKU-A"));
    const next = view.rebuild(["hcm", "ber"]);
    const a = next.skuIndex("SKU-A");
    expect(a).toBe(view.skuIndex("SKU-A"));
    expect(next.available(a, warehouseNo(0))).toBe(6);
    expect(next.inbound(a, warehouseNo(0))).toEqual([
      { quantity: 3, etaDay: isoDay("2026-12-01") },
    ]);
    expect(next.available(a, warehouseNo(1))).toBe(0);
    expect(next.stamp(a)).toBeGreaterThan(oldStamp);
    expect(next.hasWarehouses(["hcm", "ber"])).toBe(true);
    expect(next.hasWarehouses(["bkk", "hcm"])).toBe(false);
  });

  it("keeps through a rebuild the store change its rows were read up to", () => {
    const view = new StockView(["bkk", "hcm"]);
    view.markSynced(41);
    view.markSynced(12);
    expect(view.syncedSeq).toBe(41);
    expect(view.rebuild(["hcm", "ber"]).syncedSeq).toBe(41);
  });

  it("keeps safety stock first set after the view has grown, through further growth and a rebuild, and drops it when set back to 0", () => {
    const view = new StockView(["bkk", "hcm"], { initialSkuCapacity: 16 });
    for (let i = 0; i < 20; i++) view.upsert(row(`S${i}`, "bkk", 10));
    view.upsert(row("S3", "hcm", 7, 5));
    const s3 = view.skuIndex("S3");
    for (let i = 20; i < 100; i++) view.upsert(row(`S${i}`, "hcm", 1));
    expect([
      view.available(s3, warehouseNo(1)),
      view.backordered(s3, warehouseNo(1)),
      view.safetyStock(s3, warehouseNo(1)),
    ]).toEqual([2, 0, 5]);
    expect([view.available(s3, warehouseNo(0)), view.safetyStock(s3, warehouseNo(0))]).toEqual([
      10, 0,
    ]);
    view.upsert(row("S99", "hcm", 4, 1));
    expect(view.available(view.skuIndex("S99"), warehouseNo(1))).toBe(3);
    const rebuilt = view.rebuild(["hcm", "ams"]);
    expect([
      rebuilt.available(s3, warehouseNo(0)),
      rebuilt.safetyStock(s3, warehouseNo(0)),
    ]).toEqual([2, 5]);
    view.upsert(row("S3", "hcm", 7, 0));
    expect(view.available(s3, warehouseNo(1))).toBe(7);
  });

  it("loads rows in bulk and counts them", () => {
    const view = new StockView(["bkk"]);
    expect(view.load([row("X", "bkk", 1), row("Y", "bkk", 2)])).toBe(2);
    expect(view.skuAt(view.skuIndex("Y"))).toBe("Y");
  });
});
