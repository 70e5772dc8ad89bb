import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SkuTable } from "../../src/view/sku-table.js";

describe("SkuTable", () => {
  it("gives SKUs dense indexes in the order they were added and finds each again", () => {
    const index = new SkuTable(16);
    expect(index.add("SKU-MUG-001")).toBe(0);
    expect(index.add("SKU-TEA-001")).toBe(1);
    expect(index.add("")).toBe(2);
    expect(index.get("SKU-TEA-001")).toBe(1);
    expect(index.get("SKU-MUG-001")).toBe(0);
    expect(index.get("")).toBe(2);
    expect(index.get("SKU-TEA-00")).toBe(-1);
    expect(index.get("SKU-TEA-0011")).toBe(-1);
    expect(index.size).toBe(3);
    expect(index.at(1)).toBe("SKU-TEA-001");
  });

  it("keeps SKUs with characters wider than one byte in the same sequence of indexes", () => {
    const index = new SkuTable(16);
    expect(index.add("ชา-001")).toBe(0);
    expect(index.add("café-002")).toBe(1); // é fits in one byte (Latin-1)
    expect(index.add("茶-003")).toBe(2);
    expect(index.get("ชา-001")).toBe(0);
    expect(index.get("café-002")).toBe(1);
    expect(index.get("茶-003")).toBe(2);
    expect(index.get("茶-004")).toBe(-1);
    expect([index.at(0), index.at(1), index.at(2)]).toEqual(["ชา-001", "café-002", "茶-003"]);
  });

  it("throws a RangeError for an index it never gave out", () => {
    const index = new SkuTable();
    index.add("A");
    expect(() => index.at(1)).toThrow(RangeError);
    expect(() => index.at(-1)).toThrow(RangeError);
  });

  it("finds every one of 100,000 SKUs after growing from the smallest size, and no other", () => {
    const index = new SkuTable(16);
    const wrong: number[] = [];
    for (let i = 0; i < 100_000; i++) if (index.add(`BENCH-SKU-${i}`) !== i) wrong.push(i);
    for (let i = 0; i < 100_000; i++) if (index.get(`BENCH-SKU-${i}`) !== i) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(index.get("BENCH-SKU-100000")).toBe(-1);
    expect(index.at(99_999)).toBe("BENCH-SKU-99999");
  });

  it("answers like a Map for any strings, and a clone goes on independently", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: "binary", maxLength: 20 }), { maxLength: 200 }),
        fc.array(fc.string({ unit: "binary", maxLength: 20 }), { maxLength: 50 }),
        (skus, probes) => {
          const index = new SkuTable(16);
          const map = new Map<string, number>();
          for (const sku of skus) {
            map.set(sku, index.add(sku));
            expect(map.get(sku)).toBe(map.size - 1);
          }
          for (const probe of [...skus, ...probes])
            expect(index.get(probe)).toBe(map.get(probe) ?? -1);
          for (const [sku, i] of map) expect(index.at(i)).toBe(sku);
          const copy = index.clone();
          const added = copy.add("\u0000only-in-the-clone");
          expect(copy.get("\u0000only-in-the-clone")).toBe(added);
          expect(index.get("\u0000only-in-the-clone")).toBe(
            skus.includes("\u0000only-in-the-clone") ? map.get("\u0000only-in-the-clone") : -1,
          );
        },
      ),
    );
  });
});
