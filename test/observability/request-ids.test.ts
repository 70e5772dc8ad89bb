import { describe, expect, it } from "vitest";
import { RequestIds } from "../../src/observability/request-ids.js";

describe("RequestIds", () => {
  it("makes ids from one 8-character prefix and a base-36 counter from 1 on", () => {
    const ids = new RequestIds();
    expect(ids.prefix).toMatch(/^[A-Za-z0-9_-]{8}\.$/);
    expect([ids.make(), ids.make()]).toEqual([`${ids.prefix}1`, `${ids.prefix}2`]);
    expect(ids.take()).toBe(3);
    expect(ids.text(3)).toBe(`${ids.prefix}3`);
    expect(ids.make()).toBe(`${ids.prefix}4`);
  });

  it("writes an id's number as the same bytes as its text, up to 2^53 - 1", () => {
    const ids = new RequestIds();
    const cases: Array<[number, string]> = [
      [0, "0"],
      [1, "1"],
      [35, "z"],
      [36, "10"],
      [1295, "zz"],
      [1296, "100"],
      [46_655, "zzz"],
      [2 ** 31, "zik0zk"],
      [2 ** 53 - 1, "2gosa7pa2gv"],
    ];
    for (const [n, digits] of cases) {
      const out = Buffer.alloc(40, 0x2e);
      const end = ids.put(out, 3, n);
      expect(out.subarray(3, end).toString("latin1")).toBe(`${ids.prefix}${digits}`);
      expect(ids.text(n)).toBe(`${ids.prefix}${digits}`);
      // Nothing written around it.
      expect(out.subarray(0, 3).toString("latin1")).toBe("...");
      expect(out[end]).toBe(0x2e);
      expect(end - 3).toBeLessThanOrEqual(ids.maxBytes);
    }
  });
});
